"""Root fields of the units domain (units, cadres, red stewards), and a unit's activity."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from api.node import connection, decode_cursor, page_size
from resolvers import compiled
from resolvers.lists import scope_params, scoped_page
from resolvers.scopes import scope_argument

Row = dict[str, Any]


async def resolve_units(
    info: Info,
    first: int | None = 20,
    after: str | None = None,
    unpaired_only: bool | None = False,
    as_of: date | None = None,
) -> Any:
    ctx = info.context
    size, key = page_size(first), decode_cursor(after)
    params = {"after": key, "first": size + 1, "unpairedOnly": bool(unpaired_only), "asOf": ctx.day(as_of)}
    found = await compiled.connection_page(info, "Unit", "units/page_units", "units/count_units", params, size, after)
    if found is not None:  # one query: the page, what its selection navigates, and the count when asked
        return found
    rows = [r["node"] for r in await ctx.read("units/page_units", params)]

    async def count() -> int:
        row = await ctx.read_one("units/count_units", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count)


async def resolve_cadres(
    info: Info,
    scope: strawberry.ID | None,
    pairing: str | None,
    as_of: date | None,
    first: int | None,
    after: str | None,
) -> Any:
    day = info.context.day(as_of)
    found = await scope_argument(info, scope, day)
    params = {**scope_params(found), "asOf": day, "pairing": pairing}
    return await scoped_page(
        info, "Person", "units/page_scoped_cadres", "units/count_scoped_cadres", params, first, after
    )


async def resolve_red_stewards(info: Info, scope: strawberry.ID | None, first: int | None, after: str | None) -> Any:
    found = await scope_argument(info, scope)
    return await scoped_page(
        info, "Person", "people/page_red_stewards", "people/count_red_stewards", scope_params(found), first, after
    )


async def activity(info: Info, unit: str, as_of: date | None) -> Row:
    """What a unit last did by the day: one query for every unit of the request."""
    ctx = info.context
    return await ctx.loaders.value("units/get_unit_activity", ctx.day(as_of)).load(unit)
