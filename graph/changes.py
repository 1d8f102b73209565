"""How every change to the graph is made: one transaction, audited, idempotent on request, scoped.

A mutation hands :func:`apply` a *unit of work*: an async function of the transaction that makes the
change with catalogued queries and returns a :class:`Change` saying what it did, or raises
:class:`Refused` when a business rule forbids it. :func:`apply` then, in the same transaction,

* refuses entities outside the caller's scope (the write-side twin of :func:`graph.scope.visible`),
* writes the :class:`AuditRecord <Change>` (who, what, which entities, before and after, when, request id),
* records the client's idempotency key with the result, so that a repeated request returns the first
  result and writes nothing more,
* brings the coverage aggregate up to date for the households and buildings the change lists in
  ``Change.coverage`` (:func:`graph.aggregate.refresh`, the one hook every writer of pairings calls).

The transaction function may be retried by the driver on transient errors (deadlocks, leader
switches): a unit of work must therefore only touch the graph through ``tx`` and be safe to re-run.
"""

from __future__ import annotations

import contextvars
import enum
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import neo4j
from neo4j.exceptions import ConstraintError

from graph import aggregate
from graph.driver import Graph, run
from graph.refusals import Refused, not_found
from graph.rules import COUNTY_TIMEZONE, county_today
from graph.scope import Role, Viewer


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
    coverage: list[str] = field(default_factory=list)
    """Households or buildings whose coverage the change may alter (a pairing started or ended): :func:`apply`
    brings the coverage aggregate up to date for them in the same transaction (:func:`graph.aggregate.refresh`)."""


@dataclass(frozen=True)
class Outcome:
    result: dict[str, Any]
    audit_id: str | None
    replayed: bool = False
    """True when an earlier request with the same idempotency key already made this change."""


Work = Callable[[neo4j.AsyncManagedTransaction], Awaitable[Change]]


@dataclass(frozen=True)
class Input:
    """An entity the client named in a change's input: it must exist and be visible to the caller."""

    field: str
    """The input field, e.g. ``householdId``."""
    code: str
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Request:
    """Who asks for a change, and the request's bookkeeping."""

    viewer: Viewer
    request_id: str
    """Made by the server for every request."""
    client_request_id: str | None = None
    """The client's ``X-Request-Id``, kept beside the server's."""
    today: date | None = None
    quotas: Quotas | None = None


@dataclass(frozen=True)
class Quotas:
    """Writes a subject may make: a resident's wishes per county day, anyone's changes per minute."""

    resident_wishes_per_day: int = 5
    writes_per_minute: int = 120


AUTHORIZATION_REFUSALS = frozenset({"FORBIDDEN", "OUT_OF_SCOPE", "QUOTA_EXCEEDED"})
"""Refusals that say who may do what, audited even though the change was not made. An input outside the
caller's scope is among them: the caller is told NOT_FOUND, the audit record says OUT_OF_SCOPE."""


def fingerprint(operation: str, payload: Any) -> str:
    """A stable hash of an operation's input, so that a reused idempotency key with other input is caught."""
    text = json.dumps([operation, payload], sort_keys=True, default=_json_default, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


async def apply(
    graph: Graph,
    *,
    request: Request,
    operation: str,
    work: Work,
    inputs: tuple[Input, ...] = (),
    idempotency_key: str | None = None,
    input_fingerprint: str | None = None,
) -> Outcome:
    """Run ``work`` as one audited transaction. Raises :class:`Refused` (nothing written) on a rule.

    In order, in one transaction: a replay of the same idempotency key (the caller's own) answers with
    the first result; the caller's role must be allowed the operation (:mod:`graph.permissions`), within
    its quotas, and every input entity must exist and be visible to the caller (else NOT_FOUND, the same
    as for an id that does not exist); then the work, the scope of everything it touched, the audit
    record and the idempotency key. A refusal on who-may-do-what is itself audited.
    """
    from graph import permissions

    viewer = request.viewer
    owner = viewer.subject
    codes = {i.field: i.code for i in inputs}

    async def transaction(tx: neo4j.AsyncManagedTransaction) -> Outcome:
        if idempotency_key:
            earlier = await _replay(tx, owner, idempotency_key, operation, input_fingerprint)
            if earlier is not None:
                return earlier
        await _check_quotas(tx, request, operation)
        await _check_inputs(tx, viewer, inputs)
        await permissions.check_rule(tx, viewer, operation, codes)
        created: set[str] = set()
        token = _created.set(created)
        try:
            change = await work(tx)
        finally:
            _created.reset(token)
        # What the work made is new: it hangs off the inputs, which were checked above.
        await _check_scope(tx, viewer, [c for c in change.entities if c not in created])
        if change.coverage:
            await aggregate.refresh(tx, change.coverage)
        audit_id = uuid.uuid4().hex
        await run(
            tx,
            "changes/create_audit_record",
            {
                "id": audit_id,
                "actor": owner,
                "actorRole": viewer.role.value,
                "action": change.action,
                "outcome": "DONE",
                "requestId": request.request_id,
                "clientRequestId": request.client_request_id,
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
                    "key": _stored_key(owner, idempotency_key),
                    "owner": owner,
                    "clientKey": idempotency_key,
                    "operation": operation,
                    "fingerprint": input_fingerprint,
                    "result": _to_json(change.result),
                    "auditId": audit_id,
                },
            )
        return Outcome(result=change.result, audit_id=audit_id)

    try:
        permissions.check_role(viewer, operation)
        return await graph.transaction(transaction)
    except Refused as refusal:
        if idempotency_key:
            outcome = await _replay_after_race(graph, owner, idempotency_key, operation, input_fingerprint)
            if outcome is not None:
                return outcome
        if (refusal.reason or refusal.code) in AUTHORIZATION_REFUSALS:
            await _audit_refusal(graph, request, operation, refusal, inputs)
        raise
    except ConstraintError:
        if not idempotency_key:
            raise
        outcome = await _replay_after_race(graph, owner, idempotency_key, operation, input_fingerprint)
        if outcome is None:
            raise
        return outcome


async def _replay_after_race(
    graph: Graph, owner: str, key: str, operation: str, input_fingerprint: str | None
) -> Outcome | None:
    # Two requests with one key raced: the other took the locks first and committed; this one then
    # failed on the key's constraint or on a rule (already paired, already claimed...). Answer with
    # the first one's result, as a retry after it would have been answered.
    async def replay(tx: neo4j.AsyncManagedTransaction) -> Outcome | None:
        return await _replay(tx, owner, key, operation, input_fingerprint)

    return await graph.transaction(replay)


def _stored_key(owner: str, key: str) -> str:
    """An idempotency key belongs to its subject: one caller can neither replay nor probe another's."""
    return hashlib.sha256(f"{owner}\x00{key}".encode()).hexdigest()


async def _replay(
    tx: neo4j.AsyncManagedTransaction, owner: str, key: str, operation: str, input_fingerprint: str | None
) -> Outcome | None:
    rows = await run(tx, "changes/get_idempotency_key", {"key": _stored_key(owner, key)})
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


async def _check_quotas(tx: neo4j.AsyncManagedTransaction, request: Request, operation: str) -> None:
    quotas = request.quotas or Quotas()
    viewer = request.viewer
    since = now() - timedelta(minutes=1)
    rows = await run(tx, "changes/count_recent_changes", {"actor": viewer.subject, "since": since})
    if rows and rows[0]["value"] >= quotas.writes_per_minute:
        raise Refused(
            "QUOTA_EXCEEDED",
            f"at most {quotas.writes_per_minute} changes a minute; try again in a minute",
            retry_after=60,
        )
    if operation == "submitWish" and viewer.role is Role.RESIDENT and viewer.person:
        # In UTC: the driver packs a named zone's datetimes through code that has crashed the process.
        start = datetime.combine(request.today or county_today(), datetime.min.time(), COUNTY_TIMEZONE).astimezone(UTC)
        interval = {"from": start, "to": start + timedelta(days=1)}
        rows = await run(tx, "wishes/count_wishes_requested_on", {"person": viewer.person, **interval})
        if rows and rows[0]["value"] >= quotas.resident_wishes_per_day:
            raise Refused(
                "QUOTA_EXCEEDED",
                f"at most {quotas.resident_wishes_per_day} wishes a day; try again tomorrow",
                retry_after=_seconds_to_tomorrow(),
            )


def _seconds_to_tomorrow() -> int:
    local = datetime.now(COUNTY_TIMEZONE)
    tomorrow = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), COUNTY_TIMEZONE)
    return max(int((tomorrow - local).total_seconds()), 1)


async def _check_inputs(tx: neo4j.AsyncManagedTransaction, viewer: Viewer, inputs: tuple[Input, ...]) -> None:
    """NOT_FOUND for the first input entity that does not exist, is of another type, or is out of scope."""
    if not inputs:
        return
    params = [{"field": i.field, "code": i.code, "labels": list(i.labels)} for i in inputs]
    rows = await run(tx, "scope/check_inputs", {"inputs": params, "scope": viewer.cypher()})
    found = {r["field"]: r for r in rows}
    for i in inputs:
        row = found.get(i.field)
        if row is None or not row["visible"]:
            refusal = not_found(i.field, *i.labels)
            refusal.reason = "OUT_OF_SCOPE" if row is not None and row["exists"] else "NOT_FOUND"
            raise refusal


async def _check_scope(tx: neo4j.AsyncManagedTransaction, viewer: Viewer, codes: list[str]) -> None:
    if viewer.sees_everything or not codes:
        return
    rows = await run(tx, "scope/visible_codes", {"codes": codes, "scope": viewer.cypher()})
    allowed = set(rows[0]["codes"]) if rows else set()
    if any(code not in allowed for code in codes):
        raise Refused("OUT_OF_SCOPE", "this change touches entities outside your scope")


async def _audit_refusal(
    graph: Graph, request: Request, operation: str, refusal: Refused, inputs: tuple[Input, ...]
) -> None:
    """Record a refused attempt: who tried what, and why, linked to no entity (nothing was changed)."""
    viewer = request.viewer
    await graph.write(
        "changes/create_audit_record",
        {
            "id": uuid.uuid4().hex,
            "actor": viewer.subject,
            "actorRole": viewer.role.value,
            "action": operation,
            "outcome": "REFUSED",
            "requestId": request.request_id,
            "clientRequestId": request.client_request_id,
            "entities": [],
            "before": _to_json({}),
            "after": _to_json(
                {
                    "refused": refusal.code,
                    "reason": refusal.reason or refusal.code,
                    "field": list(refusal.field) if refusal.field else None,
                    "inputs": {i.field: i.code for i in inputs},
                }
            ),
        },
    )


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
    code = f"{prefix}-{uuid.uuid4().hex[:16].upper()}"
    created = _created.get()
    if created is not None:
        created.add(code)
    return code


_created: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar("created", default=None)
"""The codes a unit of work made in the current transaction (see :func:`_check_scope`)."""
