"""The generated data set: rows per node label and per relationship type, ready for ``UNWIND``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

Row = dict[str, Any]

NODE_LABELS = (
    "County",
    "Street",
    "Community",
    "Grid",
    "Area",
    "Compound",
    "Building",
    "Household",
    "Person",
    "Unit",
    "TaskForce",
    "PartyOrganization",
    "Post",
    "VolunteerTeam",
    "Venue",
    "SelfGovernanceBody",
    "DeliberationPlatform",
    "Grant",
    "Wish",
    "WishEvent",
    "MicroProject",
    "Milestone",
    "ServiceRecord",
    "Commendation",
    "Matter",
    "MatterStep",
)
"""Every entity label, in loading order."""

TIME_BOUNDED = ("MEMBER_OF", "HOLDS", "PAIRED_WITH", "REPORTED_TO", "ANSWERS_FOR", "SERVES")
"""Relationship types whose rows carry ``validFrom``, ``validTo`` and ``endReason``."""

REL_TYPES = (
    "PART_OF",
    "RESIDES_IN",
    "WORKS_AT",
    "UNDER",
    "ANSWERS_FOR",
    "POST_OF",
    "HOLDS",
    "MEMBER_OF",
    "PAIRED_WITH",
    "REPORTED_TO",
    "ORGANIZED_BY",
    "SERVES",
    "RUN_BY",
    "TO",
    "FROM",
    "FOR",
    "REQUESTED_BY",
    "SUBMITTED_BY",
    "ACCEPTED_BY",
    "CLAIMED_BY",
    "OF",
    "BY",
    "OWNED_BY",
    "AT",
    "COORDINATED_WITH",
    "RAISED_AT",
    "CONCERNS",
)
"""Every relationship type, in loading order. A row has ``from`` and ``to`` (codes) and properties."""


@dataclass
class Dataset:
    """Rows per node label and per relationship type; dates are ``date``, instants aware ``datetime``."""

    scale: int
    seed: int
    nodes: dict[str, list[Row]] = field(default_factory=lambda: {label: [] for label in NODE_LABELS})
    rels: dict[str, list[Row]] = field(default_factory=lambda: {kind: [] for kind in REL_TYPES})
    _fingerprint: str | None = field(default=None, repr=False)

    def node_counts(self) -> dict[str, int]:
        return {label: len(self.nodes[label]) for label in NODE_LABELS}

    def rel_counts(self) -> dict[str, int]:
        return {kind: len(self.rels[kind]) for kind in REL_TYPES}

    def fingerprint(self) -> str:
        """SHA-256 over every row in loading order, in a canonical text form (computed once)."""
        if self._fingerprint is None:
            digest = hashlib.sha256()
            for label in NODE_LABELS:
                _digest_rows(digest, "node", label, self.nodes[label])
            for kind in REL_TYPES:
                _digest_rows(digest, "rel", kind, self.rels[kind])
            self._fingerprint = digest.hexdigest()
        return self._fingerprint


def _canonical(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot fingerprint {type(value).__name__}")


def _digest_rows(digest: Any, what: str, name: str, rows: list[Row]) -> None:
    digest.update(f"{what}:{name}:{len(rows)}\n".encode())
    for start in range(0, len(rows), 10_000):
        chunk = rows[start : start + 10_000]
        text = json.dumps(chunk, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_canonical)
        digest.update(text.encode())
