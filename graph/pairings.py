"""Pairings (联户): a cadre (any Party member) with a household. Ending one sets ``validTo``; nothing is deleted."""

from __future__ import annotations

from datetime import date

import neo4j
from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph.changes import Change, Refused
from graph.driver import run

REASON_MAX = 500


class PairMemberWithHousehold(BaseModel):
    model_config = ConfigDict(populate_by_name=True, frozen=True)

    member: str = Field(alias="memberId")
    household: str = Field(alias="householdId")
    since: date


class EndPairing(BaseModel):
    model_config = ConfigDict(populate_by_name=True, frozen=True)

    member: str = Field(alias="memberId")
    household: str = Field(alias="householdId")
    until: date
    reason: str | None = Field(default=None, max_length=REASON_MAX)


async def pair_member_with_household(tx: neo4j.AsyncManagedTransaction, cmd: PairMemberWithHousehold) -> Change:
    found = (await run(tx, "pairings/lock_member_and_household", cmd.model_dump()))[0]
    if not found["member"]:
        raise Refused("NOT_FOUND", "no person with this id", ("input", "memberId"))
    if not found["household"]:
        raise Refused("NOT_FOUND", "no household with this id", ("input", "householdId"))
    if not found["isPartyMember"]:
        raise Refused("NOT_A_PARTY_MEMBER", "only Party members are paired with households", ("input", "memberId"))
    if found["openSince"] is not None:
        raise Refused(
            "ALREADY_PAIRED", f"already paired since {found['openSince'].isoformat()}", ("input", "householdId")
        )
    await run(tx, "pairings/create_household_pairing", cmd.model_dump())
    return Change(
        action="pairMemberWithHousehold",
        entities=[cmd.household, cmd.member],
        after={"validFrom": cmd.since},
        result={"member": cmd.member, "household": cmd.household},
    )


async def end_pairing(tx: neo4j.AsyncManagedTransaction, cmd: EndPairing) -> Change:
    found = (await run(tx, "pairings/lock_member_and_household", cmd.model_dump()))[0]
    if not found["member"]:
        raise Refused("NOT_FOUND", "no person with this id", ("input", "memberId"))
    if not found["household"]:
        raise Refused("NOT_FOUND", "no household with this id", ("input", "householdId"))
    since = found["openSince"]
    if since is None:
        raise Refused("NOT_PAIRED", "this member has no current pairing with this household", ("input", "householdId"))
    if cmd.until <= since:
        raise Refused("DATE_ORDER", f"must be after the pairing began ({since.isoformat()})", ("input", "until"))
    await run(tx, "pairings/end_household_pairing", cmd.model_dump())
    return Change(
        action="endPairing",
        entities=[cmd.household, cmd.member],
        before={"validFrom": since, "validTo": None},
        after={"validFrom": since, "validTo": cmd.until, "endReason": cmd.reason},
        result={"member": cmd.member, "household": cmd.household},
    )
