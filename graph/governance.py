"""Deliberated matters (议事): raised at a deliberation platform about a compound or area, then taken through
the loop 相关方议 → 党组织理 → 居民代表评 → 多方合作办, and settled with an outcome.

A matter's ``step`` moves DELIBERATE → SORT_OUT → EVALUATE → CARRY_OUT → DONE, one step at a time:

* raising it starts DELIBERATE on the day raised (its first ``MatterStep``);
* ``advanceMatter`` names the step reached, which must be the next one (skipping or going back is refused
  with ILLEGAL_TRANSITION naming where the matter stands), on a day not before the previous step's;
* ``settleMatter`` takes a carried-out matter to DONE with its outcome and ``settledOn`` (no step of its
  own: a settled matter has the four steps, as the data set's do).
"""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import neo4j
from pydantic import BaseModel, Field

from graph.changes import Change, Refused, new_code
from graph.commands import CAMEL_COMMAND as COMMAND
from graph.commands import Happened, Name, Reason, Text, Today
from graph.driver import run
from graph.refusals import not_found
from graph.rules import MATTER_DUE_DAYS
from graph.services import date_order, params


class MatterKind(StrEnum):
    GOVERNANCE = "GOVERNANCE"
    DISPUTE = "DISPUTE"
    ILLEGAL_STRUCTURE = "ILLEGAL_STRUCTURE"


class MatterStage(StrEnum):
    """The deliberation loop, in order."""

    DELIBERATE = "DELIBERATE"
    SORT_OUT = "SORT_OUT"
    EVALUATE = "EVALUATE"
    CARRY_OUT = "CARRY_OUT"
    DONE = "DONE"


LOOP: tuple[str, ...] = tuple(MatterStage)
NAMES = {
    "DELIBERATE": "相关方议",
    "SORT_OUT": "党组织理",
    "EVALUATE": "居民代表评",
    "CARRY_OUT": "多方合作办",
    "DONE": "已办结",
}


def _next(step: str) -> str | None:
    i = LOOP.index(step)
    return LOOP[i + 1] if i + 1 < len(LOOP) else None


def _stands(step: str) -> str:
    """Where a matter stands and what may come next, for ILLEGAL_TRANSITION messages."""
    following = _next(step)
    if following is None:
        return f"the matter is at {step} ({NAMES[step]}): it is settled"
    if following == "DONE":
        return f"the matter is at {step} ({NAMES[step]}): it is settled next, with settleMatter"
    return f"the matter is at {step} ({NAMES[step]}): the next step is {following} ({NAMES[following]})"


class RaiseMatter(BaseModel):
    model_config = COMMAND

    today: Today
    platform: str = Field(alias="platformId")
    place: str = Field(alias="concernsId")
    title: Name
    kind: MatterKind
    raised_on: Happened
    due_on: date | None = None
    """The day it should be settled by; default: ``MATTER_DUE_DAYS`` after it was raised (graph/rules.py)."""
    note: Reason | None = None


class AdvanceMatter(BaseModel):
    model_config = COMMAND

    today: Today
    matter: str = Field(alias="matterId")
    step: MatterStage
    on: Happened
    note: Reason | None = None


class SettleMatter(BaseModel):
    model_config = COMMAND

    today: Today
    matter: str = Field(alias="matterId")
    outcome: Text
    on: Happened


async def _matter(tx: neo4j.AsyncManagedTransaction, code: str) -> dict[str, Any]:
    rows = await run(tx, "governance/lock_matter", {"matter": code})
    if not rows:
        raise not_found("matterId", "Matter")
    return rows[0]


def _not_before_last(found: dict[str, Any], on: Any) -> None:
    last = found["lastOn"] or found["raisedOn"]
    if last is not None and on < last:
        raise date_order(f"must not be before the matter's previous step ({last.isoformat()})", "on")


async def raise_matter(tx: neo4j.AsyncManagedTransaction, cmd: RaiseMatter) -> Change:
    """A matter is raised at a platform serving, that day, a grid or compound of the same community."""
    found = (await run(tx, "governance/get_matter_references", params(cmd)))[0]
    if not found["platform"]:
        raise not_found("platformId", "DeliberationPlatform")
    if not found["place"]:
        raise not_found("concernsId", "Compound", "Area")
    if not found["sameCommunity"]:
        raise Refused(
            "PLATFORM_ELSEWHERE",
            "this platform serves no grid or compound of the community this place is in",
            ("input", "platformId"),
        )
    due = cmd.due_on or cmd.raised_on + timedelta(days=MATTER_DUE_DAYS)
    if due < cmd.raised_on:
        raise date_order(f"must not be before the day it is raised ({cmd.raised_on.isoformat()})", "dueOn")
    code, step = new_code("MT"), new_code("MX")
    await run(tx, "governance/create_matter", params(cmd, code=code, stepCode=step, dueOn=due))
    return Change(
        action="raiseMatter",
        entities=[code, cmd.place, cmd.platform, step],
        after={
            "title": cmd.title,
            "kind": cmd.kind,
            "step": "DELIBERATE",
            "raisedOn": cmd.raised_on,
            "dueOn": due,
            "note": cmd.note,
            "raisedAt": cmd.platform,
            "concerns": cmd.place,
        },
        result={"matter": code, "step": step},
    )


async def advance_matter(tx: neo4j.AsyncManagedTransaction, cmd: AdvanceMatter) -> Change:
    found = await _matter(tx, cmd.matter)
    current = found["step"]
    # DONE is reached only by settling, which needs an outcome.
    if cmd.step != _next(current) or cmd.step == "DONE":
        raise Refused("ILLEGAL_TRANSITION", _stands(current), ("input", "step"))
    _not_before_last(found, cmd.on)
    code = new_code("MX")
    await run(tx, "governance/create_matter_step", params(cmd, code=code))
    return Change(
        action="advanceMatter",
        entities=[cmd.matter, *found["parties"], code],
        before={"step": current},
        after={"step": cmd.step, "on": cmd.on, "note": cmd.note},
        result={"matter": cmd.matter, "step": code},
    )


async def settle_matter(tx: neo4j.AsyncManagedTransaction, cmd: SettleMatter) -> Change:
    found = await _matter(tx, cmd.matter)
    current = found["step"]
    if _next(current) != "DONE":
        raise Refused("ILLEGAL_TRANSITION", _stands(current), ("input", "matterId"))
    _not_before_last(found, cmd.on)
    await run(tx, "governance/settle_matter", params(cmd))
    return Change(
        action="settleMatter",
        entities=[cmd.matter, *found["parties"]],
        before={"step": current, "outcome": None, "settledOn": None},
        after={"step": "DONE", "outcome": cmd.outcome, "settledOn": cmd.on},
        result={"matter": cmd.matter},
    )
