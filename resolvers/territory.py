"""Root fields of the territory domain."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.types import Info

from api.node import connection, decode_cursor, page_size, to_node
from resolvers import compiled
from resolvers.scopes import scope_argument


async def resolve_county(info: Info) -> Any:
    ctx = info.context
    found = await compiled.listing(info, "County", "territory/get_county")
    if found is not None:
        return found[0] if found else None
    rows = await ctx.read("territory/get_county")
    return to_node(rows[0]["node"]) if rows else None


async def resolve_streets(info: Info) -> list[Any]:
    ctx = info.context
    found = await compiled.listing(info, "Street", "territory/get_streets")
    if found is not None:
        return found
    rows = [r["node"] for r in await ctx.read("territory/get_streets")]
    return [to_node(r) for r in rows]


async def resolve_grids(
    info: Info, first: int | None = 20, after: str | None = None, scope: strawberry.ID | None = None
) -> Any:
    ctx = info.context
    size, key = page_size(first), decode_cursor(after)
    found = await scope_argument(info, scope)
    params = {"roots": list(found.roots), "after": key, "first": size + 1}
    page = await compiled.connection_page(
        info, "Grid", "territory/page_grids", "territory/count_grids", params, size, after
    )
    if page is not None:  # one query: the page, what its selection navigates, and the count when asked
        return page
    rows = [r["node"] for r in await ctx.read("territory/page_grids", params)]

    async def count() -> int:
        row = await ctx.read_one("territory/count_grids", {"roots": list(found.roots)})
        return row["value"] if row else 0

    return connection(rows, size, after, count)
