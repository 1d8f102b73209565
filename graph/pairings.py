"""Pairings and reporting in: who looks after what, from which day to which.

* 联户: a cadre (any Party member) with a household; 包楼栋: with a whole building;
* 包片: a co-building unit with an area;
* a volunteer team serving a compound;
* 报到: an in-service Party member reporting in to a grid, one grid at a time.

Each is a time-bounded relationship. Ending one sets ``validTo`` (and ``endReason``); nothing is deleted,
and a new start beside an ended one may not reach back before that one ended, so no day has two.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import neo4j
from pydantic import BaseModel, Field

from graph.changes import Change, Refused
from graph.commands import COMMAND, REASON_MAX, Day
from graph.driver import run
from graph.refusals import not_found


class PairMemberWithHousehold(BaseModel):
    model_config = COMMAND

    member: str = Field(alias="memberId")
    household: str = Field(alias="householdId")
    since: Day


class EndPairing(BaseModel):
    model_config = COMMAND

    member: str = Field(alias="memberId")
    household: str = Field(alias="householdId")
    until: Day
    reason: str | None = Field(default=None, max_length=REASON_MAX)


class PairMemberWithBuilding(BaseModel):
    model_config = COMMAND

    member: str = Field(alias="memberId")
    building: str = Field(alias="buildingId")
    since: Day


class EndBuildingPairing(BaseModel):
    model_config = COMMAND

    member: str = Field(alias="memberId")
    building: str = Field(alias="buildingId")
    until: Day
    reason: str | None = Field(default=None, max_length=REASON_MAX)


class PairUnitWithArea(BaseModel):
    model_config = COMMAND

    unit: str = Field(alias="unitId")
    area: str = Field(alias="areaId")
    since: Day


class EndUnitPairing(BaseModel):
    model_config = COMMAND

    unit: str = Field(alias="unitId")
    area: str = Field(alias="areaId")
    until: Day
    reason: str | None = Field(default=None, max_length=REASON_MAX)


class AttachTeamToCompound(BaseModel):
    model_config = COMMAND

    team: str = Field(alias="teamId")
    compound: str = Field(alias="compoundId")
    since: Day


class DetachTeamFromCompound(BaseModel):
    model_config = COMMAND

    team: str = Field(alias="teamId")
    compound: str = Field(alias="compoundId")
    until: Day
    reason: str | None = Field(default=None, max_length=REASON_MAX)


class ReportToGrid(BaseModel):
    model_config = COMMAND

    member: str = Field(alias="memberId")
    grid: str = Field(alias="gridId")
    since: Day
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    """Why the report to the previous grid, if any, ends (e.g. 网格调整)."""


class EndGridReport(BaseModel):
    model_config = COMMAND

    member: str = Field(alias="memberId")
    grid: str = Field(alias="gridId")
    until: Day
    reason: str | None = Field(default=None, max_length=REASON_MAX)


# ---------------------------------------------------------------- the checks every pairing shares


def _must_exist(found: dict[str, Any], *expected: tuple[str, str, str]) -> None:
    """NOT_FOUND for the first ``(key, input field, label)`` whose entity the lock query did not find."""
    for key, field, label in expected:
        if not found[key]:
            raise not_found(field, label)


def _check_start(found: dict[str, Any], since: date, field: str, code: str, already: str) -> None:
    """Refuse a second open relationship, or one reaching back into the last ended one."""
    if found["openSince"] is not None:
        raise Refused(code, f"{already} since {found['openSince'].isoformat()}", ("input", field))
    ended = found["lastEnded"]
    if ended is not None and since < ended:
        raise Refused(
            "DATE_ORDER", f"must not be before {ended.isoformat()}, when the previous one ended", ("input", "since")
        )


def _check_end(found: dict[str, Any], until: date, field: str, code: str, missing: str) -> date:
    """The open relationship's start; refuse when there is none or ``until`` is not after it."""
    since = found["openSince"]
    if since is None:
        raise Refused(code, missing, ("input", field))
    if until <= since:
        raise Refused("DATE_ORDER", f"must be after the day it began ({since.isoformat()})", ("input", "until"))
    return since


def _ended(since: date, until: date, reason: str | None) -> tuple[dict[str, Any], dict[str, Any]]:
    """An ending's audit before and after."""
    return {"validFrom": since, "validTo": None}, {"validFrom": since, "validTo": until, "endReason": reason}


# ---------------------------------------------------------------- 联户: a member with a household


async def pair_member_with_household(tx: neo4j.AsyncManagedTransaction, cmd: PairMemberWithHousehold) -> Change:
    found = (await run(tx, "pairings/lock_member_and_household", cmd.model_dump()))[0]
    _must_exist(found, ("member", "memberId", "Person"), ("household", "householdId", "Household"))
    if not found["isPartyMember"]:
        raise Refused("NOT_A_PARTY_MEMBER", "only Party members are paired with households", ("input", "memberId"))
    _check_start(found, cmd.since, "householdId", "ALREADY_PAIRED", "already paired")
    await run(tx, "pairings/create_household_pairing", cmd.model_dump())
    return Change(
        action="pairMemberWithHousehold",
        entities=[cmd.household, cmd.member],
        coverage=[cmd.household, cmd.member],
        after={"validFrom": cmd.since},
        result={"member": cmd.member, "household": cmd.household},
    )


async def end_pairing(tx: neo4j.AsyncManagedTransaction, cmd: EndPairing) -> Change:
    found = (await run(tx, "pairings/lock_member_and_household", cmd.model_dump()))[0]
    _must_exist(found, ("member", "memberId", "Person"), ("household", "householdId", "Household"))
    since = _check_end(
        found, cmd.until, "householdId", "NOT_PAIRED", "this member has no current pairing with this household"
    )
    await run(tx, "pairings/end_household_pairing", cmd.model_dump())
    before, after = _ended(since, cmd.until, cmd.reason)
    return Change(
        action="endPairing",
        entities=[cmd.household, cmd.member],
        coverage=[cmd.household, cmd.member],
        before=before,
        after=after,
        result={"member": cmd.member, "household": cmd.household},
    )


# ---------------------------------------------------------------- 包楼栋: a member with a building


async def pair_member_with_building(tx: neo4j.AsyncManagedTransaction, cmd: PairMemberWithBuilding) -> Change:
    found = (await run(tx, "pairings/lock_member_and_building", cmd.model_dump()))[0]
    _must_exist(found, ("member", "memberId", "Person"), ("building", "buildingId", "Building"))
    if not found["isPartyMember"]:
        raise Refused("NOT_A_PARTY_MEMBER", "only Party members are paired with buildings", ("input", "memberId"))
    _check_start(found, cmd.since, "buildingId", "ALREADY_PAIRED", "already paired")
    await run(tx, "pairings/create_building_pairing", cmd.model_dump())
    return Change(
        action="pairMemberWithBuilding",
        entities=[cmd.building, cmd.member],
        coverage=[cmd.building, cmd.member],
        after={"validFrom": cmd.since},
        result={"member": cmd.member, "building": cmd.building},
    )


async def end_building_pairing(tx: neo4j.AsyncManagedTransaction, cmd: EndBuildingPairing) -> Change:
    found = (await run(tx, "pairings/lock_member_and_building", cmd.model_dump()))[0]
    _must_exist(found, ("member", "memberId", "Person"), ("building", "buildingId", "Building"))
    since = _check_end(
        found, cmd.until, "buildingId", "NOT_PAIRED", "this member has no current pairing with this building"
    )
    await run(tx, "pairings/end_building_pairing", cmd.model_dump())
    before, after = _ended(since, cmd.until, cmd.reason)
    return Change(
        action="endBuildingPairing",
        entities=[cmd.building, cmd.member],
        coverage=[cmd.building, cmd.member],
        before=before,
        after=after,
        result={"member": cmd.member, "building": cmd.building},
    )


# ---------------------------------------------------------------- 包片: a unit with an area


async def pair_unit_with_area(tx: neo4j.AsyncManagedTransaction, cmd: PairUnitWithArea) -> Change:
    found = (await run(tx, "pairings/lock_unit_and_area", cmd.model_dump()))[0]
    _must_exist(found, ("unit", "unitId", "Unit"), ("area", "areaId", "Area"))
    _check_start(found, cmd.since, "areaId", "ALREADY_PAIRED", "already paired")
    await run(tx, "pairings/create_unit_pairing", cmd.model_dump())
    return Change(
        action="pairUnitWithArea",
        coverage=[cmd.area, cmd.unit],
        entities=[cmd.area, cmd.unit],
        after={"validFrom": cmd.since},
        result={"unit": cmd.unit, "area": cmd.area},
    )


async def end_unit_pairing(tx: neo4j.AsyncManagedTransaction, cmd: EndUnitPairing) -> Change:
    found = (await run(tx, "pairings/lock_unit_and_area", cmd.model_dump()))[0]
    _must_exist(found, ("unit", "unitId", "Unit"), ("area", "areaId", "Area"))
    since = _check_end(found, cmd.until, "areaId", "NOT_PAIRED", "this unit has no current pairing with this area")
    await run(tx, "pairings/end_unit_pairing", cmd.model_dump())
    before, after = _ended(since, cmd.until, cmd.reason)
    return Change(
        action="endUnitPairing",
        coverage=[cmd.area, cmd.unit],
        entities=[cmd.area, cmd.unit],
        before=before,
        after=after,
        result={"unit": cmd.unit, "area": cmd.area},
    )


# ---------------------------------------------------------------- a volunteer team serving a compound


async def attach_team_to_compound(tx: neo4j.AsyncManagedTransaction, cmd: AttachTeamToCompound) -> Change:
    found = (await run(tx, "pairings/lock_team_and_compound", cmd.model_dump()))[0]
    _must_exist(found, ("team", "teamId", "VolunteerTeam"), ("compound", "compoundId", "Compound"))
    _check_start(found, cmd.since, "compoundId", "ALREADY_ATTACHED", "this team already serves this compound")
    await run(tx, "pairings/create_team_service", cmd.model_dump())
    return Change(
        action="attachTeamToCompound",
        entities=[cmd.compound, cmd.team],
        after={"validFrom": cmd.since},
        result={"team": cmd.team, "compound": cmd.compound},
    )


async def detach_team_from_compound(tx: neo4j.AsyncManagedTransaction, cmd: DetachTeamFromCompound) -> Change:
    found = (await run(tx, "pairings/lock_team_and_compound", cmd.model_dump()))[0]
    _must_exist(found, ("team", "teamId", "VolunteerTeam"), ("compound", "compoundId", "Compound"))
    since = _check_end(found, cmd.until, "compoundId", "NOT_ATTACHED", "this team does not serve this compound now")
    await run(tx, "pairings/end_team_service", cmd.model_dump())
    before, after = _ended(since, cmd.until, cmd.reason)
    return Change(
        action="detachTeamFromCompound",
        entities=[cmd.compound, cmd.team],
        before=before,
        after=after,
        result={"team": cmd.team, "compound": cmd.compound},
    )


# ---------------------------------------------------------------- 报到: a member reporting in to a grid


async def report_to_grid(tx: neo4j.AsyncManagedTransaction, cmd: ReportToGrid) -> Change:
    """Report in to a grid; a report to another grid ends the same day (a cadre is in one grid at a time)."""
    found = (await run(tx, "pairings/lock_member_and_grid", cmd.model_dump()))[0]
    _must_exist(found, ("member", "memberId", "Person"), ("grid", "gridId", "Grid"))
    if not found["isPartyMember"] or not found["inService"]:
        raise Refused(
            "NOT_A_CADRE", "only in-service Party members (with an employer) report in to a grid", ("input", "memberId")
        )
    current = found["open"]
    if current is not None and current["grid"] == cmd.grid:
        raise Refused(
            "ALREADY_REPORTED",
            f"already reported to this grid since {current['since'].isoformat()}",
            ("input", "gridId"),
        )
    if current is not None and cmd.since <= current["since"]:
        raise Refused(
            "DATE_ORDER",
            f"must be after {current['since'].isoformat()}, when the report to {current['grid']} began",
            ("input", "since"),
        )
    ended = found["lastEnded"]
    if ended is not None and cmd.since < ended:
        raise Refused(
            "DATE_ORDER", f"must not be before {ended.isoformat()}, when the previous report ended", ("input", "since")
        )
    await run(tx, "pairings/create_grid_report", cmd.model_dump())
    if current is None:
        return Change(
            action="reportToGrid",
            entities=[cmd.grid, cmd.member],
            before={"grid": None},
            after={"grid": cmd.grid, "validFrom": cmd.since},
            result={"member": cmd.member, "grid": cmd.grid},
        )
    return Change(
        action="reportToGrid",
        entities=[cmd.grid, cmd.member, current["grid"]],
        before={"grid": current["grid"], "validFrom": current["since"], "validTo": None},
        after={
            "grid": cmd.grid,
            "validFrom": cmd.since,
            "previous": {"grid": current["grid"], "validTo": cmd.since, "endReason": cmd.reason},
        },
        result={"member": cmd.member, "grid": cmd.grid},
    )


async def end_grid_report(tx: neo4j.AsyncManagedTransaction, cmd: EndGridReport) -> Change:
    found = (await run(tx, "pairings/lock_member_and_grid", cmd.model_dump()))[0]
    _must_exist(found, ("member", "memberId", "Person"), ("grid", "gridId", "Grid"))
    current = found["open"]
    open_here = {"openSince": current["since"] if current and current["grid"] == cmd.grid else None}
    since = _check_end(open_here, cmd.until, "gridId", "NOT_REPORTED", "this member is not reported to this grid now")
    await run(tx, "pairings/end_grid_report", cmd.model_dump())
    before, after = _ended(since, cmd.until, cmd.reason)
    return Change(
        action="endGridReport",
        entities=[cmd.grid, cmd.member],
        before=before,
        after=after,
        result={"member": cmd.member, "grid": cmd.grid},
    )
