"""Root fields of the self-governance domain (matters, self-governance bodies, deliberation platforms), and the
changes to matters: raise, advance through the loop, settle (``graph/governance.py``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from api.node import connection, decode_cursor, page_size, to_node
from graph import governance
from resolvers.mutations import change
from resolvers.queues import queue_params
from resolvers.scopes import scope_argument


async def list_matters(
    info: Info,
    scope: strawberry.ID | None,
    kind: str | None,
    steps: list[str] | None,
    overdue: bool | None,
    due_soon: bool | None,
    as_of: date | None,
    by_due: bool,
    first: int | None,
    after: str | None,
) -> Any:
    """The matters list: scoped, filtered by kind, step and deadline, in code or due-day order (keyset on ``_key``)."""
    ctx = info.context
    size = page_size(first)
    day = info.context.day(as_of)
    roots = (await scope_argument(info, scope, day)).roots
    params = {"roots": list(roots), "kind": kind, "steps": steps, **queue_params(day, overdue, due_soon, by_due)}
    page = {**params, "after": decode_cursor(after), "first": size + 1}
    rows = [r["node"] for r in await ctx.read("governance/page_matters", page)]

    async def count() -> int:
        row = await ctx.read_one("governance/count_matters", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_key")


async def resolve_self_governance_bodies(
    info: Info, scope: strawberry.ID | None = None, as_of: date | None = None
) -> list[Any]:
    day = info.context.day(as_of)
    roots = (await scope_argument(info, scope, day)).roots
    rows = await info.context.read("governance/get_self_governance_bodies", {"roots": list(roots), "asOf": day})
    return [to_node(r["node"]) for r in rows]


async def resolve_deliberation_platforms(
    info: Info, scope: strawberry.ID | None = None, as_of: date | None = None
) -> list[Any]:
    day = info.context.day(as_of)
    roots = (await scope_argument(info, scope, day)).roots
    rows = await info.context.read("governance/get_deliberation_platforms", {"roots": list(roots), "asOf": day})
    return [to_node(r["node"]) for r in rows]


# ---------------------------------------------------------------- changes: raise, advance, settle

MATTER_FIELDS = {"matter": "matter", "step": "step"}


async def raise_matter(info: Info, input: Any) -> dict[str, Any]:
    values = {"title": input.title, "kind": input.kind.value, "raisedOn": input.raised_on or info.context.today,
              "dueOn": input.due_on, "note": input.note, "today": info.context.today}  # fmt: skip
    return await change(
        info, input, "raiseMatter", governance.RaiseMatter, governance.raise_matter,
        {"platform_id": "DeliberationPlatform", "concerns_id": ("Compound", "Area")}, values, MATTER_FIELDS,
    )  # fmt: skip


async def advance_matter(info: Info, input: Any) -> dict[str, Any]:
    values = {"step": input.step.value, "on": input.on or info.context.today, "note": input.note,
              "today": info.context.today}  # fmt: skip
    return await change(
        info, input, "advanceMatter", governance.AdvanceMatter, governance.advance_matter, {"matter_id": "Matter"},
        values, MATTER_FIELDS,
    )  # fmt: skip


async def settle_matter(info: Info, input: Any) -> dict[str, Any]:
    values = {"outcome": input.outcome, "on": input.on or info.context.today, "today": info.context.today}
    return await change(
        info, input, "settleMatter", governance.SettleMatter, governance.settle_matter, {"matter_id": "Matter"},
        values, MATTER_FIELDS,
    )  # fmt: skip
