"""Scoped root lists of people and organizations: how they take a scope, and how a page of them is fetched."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from api.node import connection, decode_cursor, page_size
from graph import scope as scopes
from resolvers import compiled

Row = dict[str, Any]


def scope_params(found: scopes.Scope) -> Row:
    """How the scoped lists of people take a scope: the county (no walk), a unit (its own), or territory roots."""
    return {"county": found.kind == "County", "unit": found.code if found.kind == "Unit" else None,
            "roots": list(found.roots)}  # fmt: skip


async def scoped_page(
    info: Info, node_type: str, page: str, total: str, params: Row, first: int | None, after: str | None
) -> Any:
    """A scoped list of ``node_type`` in code order: one compiled query for the page, what its selection
    navigates and ``totalCount`` when asked for (``resolvers/compiled.py``); else one query for the page, one for
    ``totalCount`` (each query applies the viewer's scope where it chooses its rows, ``scope/_visible``)."""
    ctx = info.context
    size, key = page_size(first), decode_cursor(after)
    page_params = {**params, "after": key or "", "first": size + 1}
    found = await compiled.connection_page(info, node_type, page, total, page_params, size, after)
    if found is not None:
        return found
    rows = [r["node"] for r in await ctx.read(page, page_params)]

    async def count() -> int:
        row = await ctx.read_one(total, params)
        return row["value"] if row else 0

    return connection(rows, size, after, count)
