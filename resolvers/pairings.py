"""Pairing and reporting-in mutations: arguments in, a ``graph/pairings`` change, the payload's fields out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from strawberry.types import Info

from graph import pairings
from resolvers.mutations import change, ending, starting

GRID_REPORT_FIELDS = {"member": "member", "grid": "grid"}

Resolver = Callable[[Info, Any], Awaitable[dict[str, Any]]]


def start(pair: pairings.Pair) -> Resolver:
    """The start mutation of a plain pairing (``graph.pairings.PAIRS``): its day as given, or today."""

    async def resolve(info: Info, input: Any) -> dict[str, Any]:
        work = partial(pairings.start, pair=pair)
        return await change(
            info, input, pair.start, pair.start_command, work, pair.ids, starting(info, input), pair.fields
        )

    return resolve


def end(pair: pairings.Pair) -> Resolver:
    """The end mutation of a plain pairing: its day as given, or today, and why."""

    async def resolve(info: Info, input: Any) -> dict[str, Any]:
        work = partial(pairings.end, pair=pair)
        return await change(info, input, pair.end, pair.end_command, work, pair.ids, ending(info, input), pair.fields)

    return resolve


async def report_to_grid(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "reportToGrid", pairings.ReportToGrid, pairings.report_to_grid,
        {"member_id": "Person", "grid_id": "Grid"}, {**starting(info, input), "reason": input.reason},
        GRID_REPORT_FIELDS,
    )  # fmt: skip


async def end_grid_report(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "endGridReport", pairings.EndGridReport, pairings.end_grid_report,
        {"member_id": "Person", "grid_id": "Grid"}, ending(info, input), GRID_REPORT_FIELDS,
    )  # fmt: skip
