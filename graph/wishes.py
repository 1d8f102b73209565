"""Micro-wishes (微心愿), write side: 群众点单 → 组织建单 → 党员接单 → 心愿实现, and the resident's rating.

A resident orders a wish for their household (or a grid worker enters it on their behalf); a Party
organization answering for the household makes it an order (or rejects it); one Party member claims
the order and fulfils it, which leaves a service record (微服务); the resident may then rate it, once.
The resident may cancel it until it is fulfilled.

Every step locks the wish first, so concurrent steps queue and the second sees what the first did (of
several members claiming one order at once, exactly one wins; the others get ALREADY_CLAIMED and write
nothing). A step appends a ``WishEvent`` (status, at, by, note) and bumps the wish's ``version``, so the
version always equals the number of events; :func:`graph.changes.apply` writes the audit record in the
same transaction. The steps a wish may take, all of them (:data:`TRANSITIONS`)::

    status \\ step   accept     reject     claim      fulfil     cancel
    SUBMITTED       ACCEPTED   REJECTED   -          -          CANCELLED
    ACCEPTED        -          -          CLAIMED    -          CANCELLED
    CLAIMED         -          -          (taken)    FULFILLED  CANCELLED
    FULFILLED       -          -          -          -          -            (rated once: rateWish)
    REJECTED        -          -          -          -          -
    CANCELLED       -          -          -          -          -

Any other step is refused with ILLEGAL_TRANSITION, naming the wish's status; claiming a claimed order
is refused with ALREADY_CLAIMED. Rating is not a step: it adds no event and leaves ``version`` alone,
and is refused (ILLEGAL_TRANSITION) before the wish is FULFILLED, and (ALREADY_RATED) a second time.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Final

import neo4j
from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from graph.changes import Change, Refused, new_code
from graph.commands import COMMAND, REASON_MAX, NotBlank, Plan
from graph.driver import run
from graph.refusals import not_found
from graph.services import ServiceKind

TRANSITIONS: dict[str, dict[str, str]] = {
    "accept": {"SUBMITTED": "ACCEPTED"},
    "reject": {"SUBMITTED": "REJECTED"},
    "claim": {"ACCEPTED": "CLAIMED"},
    "fulfil": {"CLAIMED": "FULFILLED"},
    "cancel": {"SUBMITTED": "CANCELLED", "ACCEPTED": "CANCELLED", "CLAIMED": "CANCELLED"},
}
"""For each step, the statuses it may start from and the status it leads to."""

DONE = {"accept": "accepted", "reject": "rejected", "claim": "claimed", "fulfil": "fulfilled", "cancel": "cancelled"}

TITLE_MAX = 100
DESCRIPTION_MAX = 1000
NOTE_MAX = REASON_MAX

WISH_PREFIX, EVENT_PREFIX, RECORD_PREFIX = "WS", "WE", "SR"

DEFAULT_SERVICE_KIND: Final = ServiceKind.MICRO_WISH
"""The kind of the service record a fulfilled wish leaves, unless the member names another."""


class WishCategory(StrEnum):
    ELDERLY_ALONE = "ELDERLY_ALONE"
    POOR_STUDENT = "POOR_STUDENT"
    DISABLED = "DISABLED"
    OTHER = "OTHER"


class SubmitWish(BaseModel):
    model_config = COMMAND

    household: str = Field(alias="householdId")
    requester: str | None = Field(default=None, alias="requesterId")
    submitter: str | None = Field(default=None, alias="submittedById")
    title: Annotated[str, Field(max_length=TITLE_MAX), NotBlank]
    description: str | None = Field(default=None, max_length=DESCRIPTION_MAX)
    category: WishCategory = Field(default=WishCategory.OTHER, validate_default=True)
    today: date = Field(exclude=True)
    """The county's today, for who works for the household now (not part of the request's fingerprint)."""


class AcceptWish(BaseModel):
    model_config = COMMAND

    today: date = Field(exclude=True)
    """Declared first: the check of ``expected_by`` reads it."""
    wish: str = Field(alias="wishId")
    organization: str = Field(alias="organizationId")
    expected_by: Plan | None = Field(default=None, alias="expectedBy")
    note: str | None = Field(default=None, max_length=NOTE_MAX)

    @field_validator("expected_by")
    @classmethod
    def _not_past(cls, value: date | None, info: ValidationInfo) -> date | None:
        today = info.data.get("today")
        if value is not None and today is not None and value < today:
            raise PydanticCustomError("date_order", "must not be before today ({today})", {"today": str(today)})
        return value


class ClaimWish(BaseModel):
    model_config = COMMAND

    wish: str = Field(alias="wishId")
    member: str = Field(alias="memberId")


class FulfilWish(BaseModel):
    model_config = COMMAND

    wish: str = Field(alias="wishId")
    note: str | None = Field(default=None, max_length=NOTE_MAX)
    kind: ServiceKind = Field(default=DEFAULT_SERVICE_KIND, validate_default=True)
    served_on: date = Field(alias="servedOn", exclude=True)
    """The service record's day: the day the fulfilment is reported (the county's today; so not part of the
    request's fingerprint, and a retry after midnight still finds its first result)."""


class RejectWish(BaseModel):
    model_config = COMMAND

    today: date = Field(exclude=True)
    wish: str = Field(alias="wishId")
    reason: Annotated[str, Field(max_length=REASON_MAX), NotBlank]
    organization: str | None = Field(default=None, alias="organizationId")


class CancelWish(BaseModel):
    model_config = COMMAND

    wish: str = Field(alias="wishId")
    reason: Annotated[str, Field(max_length=REASON_MAX), NotBlank]


class RateWish(BaseModel):
    model_config = COMMAND

    wish: str = Field(alias="wishId")
    rating: int = Field(ge=1, le=5)


# ---------------------------------------------------------------- the checks every step shares


async def _lock(
    tx: neo4j.AsyncManagedTransaction,
    wish: str,
    *,
    today: date | None = None,
    organization: str | None = None,
    member: str | None = None,
) -> dict[str, Any]:
    """The wish, locked, with its state; and whether the acting organization or member exists and fits."""
    found = (
        await run(
            tx,
            "wishes/lock_wish",
            {"wish": wish, "today": today, "organization": organization, "member": member},
        )
    )[0]
    if not found["wish"]:
        raise not_found("wishId", "Wish")
    if organization is not None and not found["organization"]:
        raise not_found("organizationId", "PartyOrganization")
    if member is not None and not found["member"]:
        raise not_found("memberId", "Person")
    return found


def _next_status(found: dict[str, Any], step: str) -> str:
    """The status ``step`` leads to from the wish's current one, or the refusal."""
    status = found["status"]
    target = TRANSITIONS[step].get(status)
    if target is not None:
        return target
    if step == "claim" and status == "CLAIMED":
        # The loser of a race for one order, or a second member: who won is not this caller's business.
        raise Refused("ALREADY_CLAIMED", "this order has already been claimed by a Party member", ("input", "wishId"))
    allowed = " or ".join(sorted(TRANSITIONS[step]))
    raise Refused(
        "ILLEGAL_TRANSITION",
        f"the wish is {status}: only a {allowed} wish can be {DONE[step]}",
        ("input", "wishId"),
    )


def _check_responsible(found: dict[str, Any]) -> None:
    if not found["answersForHousehold"]:
        raise Refused(
            "NOT_RESPONSIBLE",
            "this organization does not answer for the wish's household (its compound, area, grid or community)",
            ("input", "organizationId"),
        )


def _moved(found: dict[str, Any], status: str, event: str, **after: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A step's audit before and after: status and version, plus the step's own fields."""
    before = {"status": found["status"], "version": found["version"]}
    return before, {"status": status, "version": found["version"] + 1, "event": event, **after}


# ---------------------------------------------------------------- 群众点单: submit


async def submit_wish(tx: neo4j.AsyncManagedTransaction, cmd: SubmitWish) -> Change:
    found = (await run(tx, "wishes/get_wish_submitters", {**cmd.model_dump(), "today": cmd.today}))[0]
    if not found["household"]:
        raise not_found("householdId", "Household")
    if cmd.requester is None and cmd.submitter is None:
        raise Refused(
            "REQUIRED",
            "name the resident who orders the wish, or the grid worker entering it (submittedById)",
            ("input", "requesterId"),
        )
    if cmd.requester is not None:
        if not found["requester"]:
            raise not_found("requesterId", "Person")
        if not found["livesThere"]:
            raise Refused("LIVES_ELSEWHERE", "the requester does not live in this household", ("input", "requesterId"))
    if cmd.submitter is not None:
        if not found["submitter"]:
            raise not_found("submittedById", "Person")
        if not found["worksThere"]:
            raise Refused(
                "NOT_A_GRID_WORKER",
                "the submitter does not work for this household now (paired with it or its building, reported in "
                "to its grid, or holding a post of its building or of an organization answering for it)",
                ("input", "submittedById"),
            )
    wish, event = new_code(WISH_PREFIX), new_code(EVENT_PREFIX)
    # The first event is by whoever entered the wish: the grid worker, else the resident.
    by = cmd.submitter or cmd.requester
    await run(tx, "wishes/create_wish", {**cmd.model_dump(), "code": wish, "event": event, "by": by})
    entities = [wish, cmd.household, *(code for code in (cmd.requester, cmd.submitter) if code)]
    return Change(
        action="submitWish",
        entities=list(dict.fromkeys(entities)),
        after={
            "status": "SUBMITTED",
            "version": 1,
            "event": event,
            "title": cmd.title,
            "description": cmd.description,
            "category": cmd.category,
            "requester": cmd.requester,
            "submittedBy": cmd.submitter,
        },
        result={"wish": wish},
    )


# ---------------------------------------------------------------- 组织建单: accept, or reject


async def accept_wish(tx: neo4j.AsyncManagedTransaction, cmd: AcceptWish) -> Change:
    found = await _lock(tx, cmd.wish, today=cmd.today, organization=cmd.organization)
    status = _next_status(found, "accept")
    _check_responsible(found)
    event = new_code(EVENT_PREFIX)
    params = {"wish": cmd.wish, "organization": cmd.organization, "expectedBy": cmd.expected_by, "note": cmd.note}
    await run(tx, "wishes/accept_wish", {**params, "event": event})
    expected_by = cmd.expected_by or found["expectedBy"]
    before, after = _moved(found, status, event, acceptedBy=cmd.organization, expectedBy=expected_by, note=cmd.note)
    return Change(
        action="acceptWish",
        entities=[cmd.wish, cmd.organization, found["household"]],
        before={**before, "expectedBy": found["expectedBy"]},
        after=after,
        result={"wish": cmd.wish},
    )


async def reject_wish(tx: neo4j.AsyncManagedTransaction, cmd: RejectWish) -> Change:
    found = await _lock(tx, cmd.wish, today=cmd.today, organization=cmd.organization)
    status = _next_status(found, "reject")
    if cmd.organization is not None:
        _check_responsible(found)
    event = new_code(EVENT_PREFIX)
    params = {"wish": cmd.wish, "status": status, "event": event, "note": cmd.reason, "by": cmd.organization}
    await run(tx, "wishes/end_wish", params)
    before, after = _moved(found, status, event, reason=cmd.reason, by=cmd.organization)
    return Change(
        action="rejectWish",
        entities=[code for code in (cmd.wish, found["household"], cmd.organization) if code],
        before=before,
        after=after,
        result={"wish": cmd.wish},
    )


# ---------------------------------------------------------------- 党员接单: claim, then fulfil


async def claim_wish(tx: neo4j.AsyncManagedTransaction, cmd: ClaimWish) -> Change:
    found = await _lock(tx, cmd.wish, member=cmd.member)
    status = _next_status(found, "claim")
    if not found["isPartyMember"]:
        raise Refused("NOT_A_PARTY_MEMBER", "only Party members claim wishes (党员接单)", ("input", "memberId"))
    event = new_code(EVENT_PREFIX)
    await run(tx, "wishes/claim_wish", {**cmd.model_dump(), "event": event})
    before, after = _moved(found, status, event, claimedBy=cmd.member)
    return Change(
        action="claimWish",
        entities=[cmd.wish, cmd.member, found["household"]],
        before=before,
        after=after,
        result={"wish": cmd.wish},
    )


async def fulfil_wish(tx: neo4j.AsyncManagedTransaction, cmd: FulfilWish) -> Change:
    """Done by the member who claimed it; the service it took is recorded as theirs, for the household."""
    found = await _lock(tx, cmd.wish)
    status = _next_status(found, "fulfil")
    event, record = new_code(EVENT_PREFIX), new_code(RECORD_PREFIX)
    params = {"wish": cmd.wish, "note": cmd.note, "kind": cmd.kind, "servedOn": cmd.served_on}
    await run(tx, "wishes/fulfil_wish", {**params, "event": event, "record": record})
    service = {"code": record, "kind": cmd.kind, "servedOn": cmd.served_on}
    before, after = _moved(found, status, event, serviceRecord=service, note=cmd.note)
    return Change(
        action="fulfilWish",
        entities=[cmd.wish, record, found["claimer"], found["household"]],
        before=before,
        after=after,
        result={"wish": cmd.wish},
    )


# ---------------------------------------------------------------- the resident: cancel, rate


async def cancel_wish(tx: neo4j.AsyncManagedTransaction, cmd: CancelWish) -> Change:
    """Withdrawn by the resident who ordered it (the event is theirs), any time before it is fulfilled."""
    found = await _lock(tx, cmd.wish)
    status = _next_status(found, "cancel")
    event = new_code(EVENT_PREFIX)
    params = {"wish": cmd.wish, "status": status, "event": event, "note": cmd.reason, "by": found["requester"]}
    await run(tx, "wishes/end_wish", params)
    before, after = _moved(found, status, event, reason=cmd.reason)
    return Change(
        action="cancelWish",
        entities=[code for code in (cmd.wish, found["household"], found["requester"]) if code],
        before=before,
        after=after,
        result={"wish": cmd.wish},
    )


async def rate_wish(tx: neo4j.AsyncManagedTransaction, cmd: RateWish) -> Change:
    found = await _lock(tx, cmd.wish)
    if found["status"] != "FULFILLED":
        raise Refused(
            "ILLEGAL_TRANSITION",
            f"the wish is {found['status']}: only a FULFILLED wish can be rated",
            ("input", "wishId"),
        )
    if found["rating"] is not None:
        raise Refused("ALREADY_RATED", f"this wish was already rated {found['rating']}", ("input", "wishId"))
    await run(tx, "wishes/rate_wish", cmd.model_dump())
    return Change(
        action="rateWish",
        entities=[cmd.wish, found["household"]],
        before={"rating": None},
        after={"rating": cmd.rating},
        result={"wish": cmd.wish},
    )
