"""A change refused by a rule: what :func:`graph.changes.apply` and the rules it runs raise."""

from __future__ import annotations


class Refused(Exception):
    """A business rule (or the caller's role or scope) forbids the change; nothing is written. Becomes a
    ``UserError``; ``retry_after`` (seconds) says when a quota will allow it again."""

    def __init__(
        self, code: str, message: str, field: tuple[str, ...] | None = None, *, retry_after: int | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.retry_after = retry_after
        self.reason: str | None = None
        """Why, for the audit trail, where the caller is told less (an input out of scope is NOT_FOUND)."""


NOUNS: dict[str, str] = {
    "Person": "person",
    "Household": "household",
    "Building": "building",
    "Compound": "compound",
    "Area": "area",
    "Grid": "grid",
    "Unit": "unit",
    "VolunteerTeam": "volunteer team",
    "PartyOrganization": "Party organization",
    "Post": "post",
    "Wish": "wish",
    "MicroProject": "micro-project",
    "Milestone": "milestone",
    "ServiceRecord": "service record",
    "Grant": "grant",
    "Matter": "matter",
    "DeliberationPlatform": "deliberation platform",
}
"""How a refusal names an entity type."""


def not_found(field: str, *labels: str) -> Refused:
    """NOT_FOUND for an input id: the same words whether the entity does not exist or lies outside the
    caller's scope, so that a refusal never tells the two apart."""
    what = " or ".join(NOUNS.get(label, label) for label in labels)
    return Refused("NOT_FOUND", f"no {what} with this id", ("input", field))
