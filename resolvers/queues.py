"""Deadlines of wishes, matters and milestones (graph/rules.py): the facts one batched query fetches for every item
of a request, and the rule applied to them on a day; and the parameters the queue lists take."""

from __future__ import annotations

from datetime import date
from typing import Any

from strawberry.types import Info

from graph import rules

DEADLINES = "queues/get_deadlines"

Row = dict[str, Any]


def deadline_params(day: date) -> Row:
    """What every query applying queues/_deadline takes: the day, the due-soon window, the county's clock."""
    return {"asOf": day, "dueSoonDays": rules.DUE_SOON_DAYS, "timezone": rules.COUNTY_TIMEZONE.key}


def queue_params(day: date, overdue: bool | None, due_soon: bool | None, by_due: bool) -> Row:
    """The filters and order of a queue list (wishes, matters, milestones)."""
    return {**deadline_params(day), "overdue": overdue, "dueSoon": due_soon, "byDue": by_due}


async def _deadline(info: Info, code: str) -> Row:
    ctx = info.context

    async def load(codes: list[str]) -> list[Row]:
        rows = await ctx.read(DEADLINES, {"codes": codes, **deadline_params(ctx.today)})
        found = {r["code"]: r["value"] for r in rows}
        return [found[c] for c in codes]

    return await ctx.loaders.batch(DEADLINES, load).load(code)


async def overdue(info: Info, code: str, as_of: date | None) -> bool:
    """Whether the item is open on the day and due before it."""
    facts = await _deadline(info, code)
    return rules.overdue(facts["due"], facts["openedOn"], facts["closedOn"], info.context.day(as_of))


async def due_soon(info: Info, code: str, as_of: date | None) -> bool:
    """Whether the item is open on the day and due within ``rules.DUE_SOON_DAYS`` days of it."""
    facts = await _deadline(info, code)
    return rules.due_soon(facts["due"], facts["openedOn"], facts["closedOn"], info.context.day(as_of))
