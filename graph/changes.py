"""How every change to the graph is made: one transaction, audited, idempotent on request, scoped.

A mutation hands :func:`apply` a *unit of work*: an async function of the transaction that makes the
change with catalogued queries and returns a :class:`Change` saying what it did, or raises
:class:`Refused` when a business rule forbids it. :func:`apply` then, in the same transaction,

* refuses entities outside the caller's scope (the write-side twin of :func:`graph.scope.visible`),
* writes the :class:`AuditRecord <Change>` (who, what, which entities, before and after, when, request id),
* records the client's idempotency key with the result, so that a repeated request returns the first
  result and writes nothing more.

The transaction function may be retried by the driver on transient errors (deadlocks, leader
switches): a unit of work must therefore only touch the graph through ``tx`` and be safe to re-run.
"""

from __future__ import annotations

import enum
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

from graph.driver import Graph, run
from graph.scope import Viewer


class Refused(Exception):
    """A business rule forbids the change; nothing is written. Becomes a ``UserError``."""

    def __init__(self, code: str, message: str, field: tuple[str, ...] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field


@dataclass
class Change:
    """What a unit of work did: the audit record's content and the result the payload is built from."""

    action: str
    entities: list[str]
    """Codes of the entities the change concerns (the first is the main one)."""
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)
    """Codes the payload needs (e.g. ``{"wish": "WS0001"}``); stored with an idempotency key."""


@dataclass(frozen=True)
class Outcome:
    result: dict[str, Any]
    audit_id: str | None
    replayed: bool = False
    """True when an earlier request with the same idempotency key already made this change."""


Work = Callable[[neo4j.AsyncManagedTransaction], Awaitable[Change]]


def actor_of(viewer: Viewer) -> str:
    """Who the audit record names: the person behind the request, else the role (until authentication)."""
    return viewer.person or f"anonymous:{viewer.role.value}"


def fingerprint(operation: str, payload: Any) -> str:
    """A stable hash of an operation's input, so that a reused idempotency key with other input is caught."""
    text = json.dumps([operation, payload], sort_keys=True, default=_json_default, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


async def apply(
    graph: Graph,
    *,
    viewer: Viewer,
    request_id: str,
    operation: str,
    work: Work,
    idempotency_key: str | None = None,
    input_fingerprint: str | None = None,
) -> Outcome:
    """Run ``work`` as one audited transaction. Raises :class:`Refused` (nothing written) on a rule."""

    async def transaction(tx: neo4j.AsyncManagedTransaction) -> Outcome:
        if idempotency_key:
            earlier = await _replay(tx, idempotency_key, operation, input_fingerprint)
            if earlier is not None:
                return earlier
        change = await work(tx)
        await _check_scope(tx, viewer, change.entities)
        audit_id = uuid.uuid4().hex
        await run(
            tx,
            "changes/create_audit_record",
            {
                "id": audit_id,
                "actor": actor_of(viewer),
                "action": change.action,
                "requestId": request_id,
                "entities": change.entities,
                "before": _to_json(change.before),
                "after": _to_json(change.after),
            },
        )
        if idempotency_key:
            await run(
                tx,
                "changes/create_idempotency_key",
                {
                    "key": idempotency_key,
                    "operation": operation,
                    "fingerprint": input_fingerprint,
                    "result": _to_json(change.result),
                    "auditId": audit_id,
                },
            )
        return Outcome(result=change.result, audit_id=audit_id)

    try:
        return await graph.transaction(transaction)
    except (ConstraintError, Refused):
        if not idempotency_key:
            raise

        # Two requests with one key raced: the other took the locks first and committed; this one then
        # failed on the key's constraint or on a rule (already paired, already claimed...). Answer with
        # the first one's result, as a retry after it would have been answered.
        async def replay(tx: neo4j.AsyncManagedTransaction) -> Outcome | None:
            return await _replay(tx, idempotency_key, operation, input_fingerprint)

        outcome = await graph.transaction(replay)
        if outcome is None:
            raise
        return outcome


async def _replay(
    tx: neo4j.AsyncManagedTransaction, key: str, operation: str, input_fingerprint: str | None
) -> Outcome | None:
    rows = await run(tx, "changes/get_idempotency_key", {"key": key})
    if not rows:
        return None
    earlier = rows[0]
    if earlier["operation"] != operation or earlier["fingerprint"] != input_fingerprint:
        raise Refused(
            "IDEMPOTENCY_KEY_REUSED",
            "this idempotency key was already used for a different request",
            ("input", "idempotencyKey"),
        )
    return Outcome(result=json.loads(earlier["result"]), audit_id=earlier["auditId"], replayed=True)


async def _check_scope(tx: neo4j.AsyncManagedTransaction, viewer: Viewer, codes: list[str]) -> None:
    if viewer.sees_everything or not codes:
        return
    rows = await run(tx, "scope/visible_codes", {"codes": codes, "roots": list(viewer.territory or ())})
    allowed = set(rows[0]["codes"]) if rows else set()
    if any(code not in allowed for code in codes):
        raise Refused("OUT_OF_SCOPE", "this change touches entities outside your territory")


def _json_default(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "iso_format"):  # neo4j.time values
        return value.iso_format()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _to_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=_json_default, ensure_ascii=False)


def now() -> datetime:
    return datetime.now(UTC)


def new_code(prefix: str) -> str:
    """The code of an entity the API creates: its type's prefix, a dash and 16 hex digits of a uuid4.

    Seeded codes are the prefix and decimal digits only (``MP001``), so the two never meet; and two
    creations never collide (64 random bits) however many run at once, with no counter node for every
    creating transaction to queue on. The uniqueness constraint on ``Entity.code`` stays the backstop.
    """
    return f"{prefix}-{uuid.uuid4().hex[:16].upper()}"
