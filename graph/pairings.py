"""Pairings and reporting in: who looks after what, from which day to which.

* 联户: a cadre (any Party member) with a household; 包楼栋: with a whole building;
* 包片: a co-building unit with an area;
* a volunteer team serving a compound;
* 报到: an in-service Party member reporting in to a grid, one grid at a time.

Each is a time-bounded relationship. Ending one sets ``validTo`` (and ``endReason``); nothing is deleted,
and a new start beside an ended one may not reach back before that one ended, so no day has two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Any

import neo4j
from pydantic import BaseModel, Field, create_model

from graph.changes import Change, Refused
from graph.commands import COMMAND, REASON_MAX, Day
from graph.driver import run
from graph.refusals import not_found
from graph.relationships import AREA, BUILDING, COMPOUND, HOUSEHOLD, PAIRED_WITH, PERSON, SERVES, TEAM, UNIT


@dataclass(frozen=True)
class Side:
    """One end of a pairing: its name (the command's and the payload's field; ``<name>Id`` in the input) and
    its label."""

    name: str
    label: str

    @property
    def input(self) -> str:
        return f"{self.name}Id"


@dataclass(frozen=True)
class Pair:
    """A plain pairing: one time-bounded relationship ``(source)-[rel]->(target)`` that a start mutation opens
    and an end mutation closes, with nothing else to it. The commands, the changes (checks, audit record,
    coverage) and the resolvers (``resolvers/pairings.py``) and the schema's inputs, payloads and mutations
    (``schema/pairings.py``) are all made from this declaration; the Cypher stays catalogued (:attr:`queries`,
    which a test holds to the declared labels and type)."""

    start: str
    """The start mutation, which is also the audit record's action."""
    end: str
    source: Side
    target: Side
    rel: str
    noun: str
    already: tuple[str, str]
    """The code and message refusing a second open one."""
    missing: tuple[str, str]
    """The code and message refusing to end one that is not open."""
    members_only: str | None = None
    """What only Party members are paired with, if the source must be one (the refusal's words)."""
    coverage: bool = False
    """Whether coverage counts depend on it, so that both sides' codes go to ``Change.coverage`` and the coverage
    aggregate is refreshed (households and buildings: covered households and paired cadres; areas: grids with a
    unit and paired units)."""

    @property
    def queries(self) -> tuple[str, str, str]:
        """Its catalogued Cypher: the lock (and what exists), the start, the end."""
        lock = f"pairings/lock_{self.source.name}_and_{self.target.name}"
        return lock, f"pairings/create_{self.noun}", f"pairings/end_{self.noun}"

    @property
    def ids(self) -> dict[str, str | tuple[str, ...]]:
        """The input's id fields (snake case, as ``resolvers.mutations.decode_ids`` takes them) → labels."""
        return {f"{self.source.name}_id": self.source.label, f"{self.target.name}_id": self.target.label}

    @property
    def fields(self) -> dict[str, str]:
        """The payload's fields → the change's result keys."""
        return {self.source.name: self.source.name, self.target.name: self.target.name}

    @cached_property
    def start_command(self) -> type[BaseModel]:
        return create_model(
            _pascal(self.start),
            __config__=COMMAND,
            **self._sides(),
            since=(Day, ...),
        )

    @cached_property
    def end_command(self) -> type[BaseModel]:
        return create_model(
            _pascal(self.end),
            __config__=COMMAND,
            **self._sides(),
            until=(Day, ...),
            reason=(str | None, Field(default=None, max_length=REASON_MAX)),
        )

    def _sides(self) -> dict[str, Any]:
        return {side.name: (str, Field(alias=side.input)) for side in (self.source, self.target)}


def _pascal(name: str) -> str:
    return name[:1].upper() + name[1:]


PAIRS = (
    Pair(
        "pairMemberWithHousehold", "endPairing", Side("member", PERSON), Side("household", HOUSEHOLD), PAIRED_WITH,
        "household_pairing", ("ALREADY_PAIRED", "already paired"),
        ("NOT_PAIRED", "this member has no current pairing with this household"),
        members_only="households", coverage=True,
    ),
    Pair(
        "pairMemberWithBuilding", "endBuildingPairing", Side("member", PERSON), Side("building", BUILDING),
        PAIRED_WITH, "building_pairing", ("ALREADY_PAIRED", "already paired"),
        ("NOT_PAIRED", "this member has no current pairing with this building"),
        members_only="buildings", coverage=True,
    ),
    Pair(
        "pairUnitWithArea", "endUnitPairing", Side("unit", UNIT), Side("area", AREA), PAIRED_WITH, "unit_pairing",
        ("ALREADY_PAIRED", "already paired"), ("NOT_PAIRED", "this unit has no current pairing with this area"),
        coverage=True,
    ),
    Pair(
        "attachTeamToCompound", "detachTeamFromCompound", Side("team", TEAM), Side("compound", COMPOUND), SERVES,
        "team_service", ("ALREADY_ATTACHED", "this team already serves this compound"),
        ("NOT_ATTACHED", "this team does not serve this compound now"),
    ),
)  # fmt: skip
"""联户 (a member with a household), 包楼栋 (with a building), 包片 (a unit with an area), a volunteer team serving
a compound. 报到 (reporting in to a grid, one grid at a time) is written out below."""


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


# ---------------------------------------------------------------- the plain pairings, from their declaration


async def _lock(tx: neo4j.AsyncManagedTransaction, pair: Pair, cmd: BaseModel) -> dict[str, Any]:
    found = (await run(tx, pair.queries[0], cmd.model_dump()))[0]
    _must_exist(found, *((side.name, side.input, side.label) for side in (pair.source, pair.target)))
    return found


async def start(tx: neo4j.AsyncManagedTransaction, pair: Pair, cmd: BaseModel) -> Change:
    """Open a pairing from ``cmd.since`` on: refused when one is open, or the last one ended after that day."""
    found = await _lock(tx, pair, cmd)
    values = cmd.model_dump()
    source, target, since = values[pair.source.name], values[pair.target.name], values["since"]
    if pair.members_only and not found["isPartyMember"]:
        raise Refused(
            "NOT_A_PARTY_MEMBER",
            f"only Party members are paired with {pair.members_only}",
            ("input", pair.source.input),
        )
    _check_start(found, since, pair.target.input, *pair.already)
    await run(tx, pair.queries[1], cmd.model_dump())
    return Change(
        action=pair.start,
        entities=[target, source],
        coverage=[target, source] if pair.coverage else [],
        after={"validFrom": since},
        result={pair.source.name: source, pair.target.name: target},
    )


async def end(tx: neo4j.AsyncManagedTransaction, pair: Pair, cmd: BaseModel) -> Change:
    """End the open pairing on ``cmd.until`` (the first day it no longer holds); the record stays."""
    found = await _lock(tx, pair, cmd)
    values = cmd.model_dump()
    source, target, until = values[pair.source.name], values[pair.target.name], values["until"]
    since = _check_end(found, until, pair.target.input, *pair.missing)
    await run(tx, pair.queries[2], cmd.model_dump())
    before, after = _ended(since, until, values["reason"])
    return Change(
        action=pair.end,
        entities=[target, source],
        coverage=[target, source] if pair.coverage else [],
        before=before,
        after=after,
        result={pair.source.name: source, pair.target.name: target},
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
