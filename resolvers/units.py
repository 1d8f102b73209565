"""Root fields of the units domain."""

from __future__ import annotations

from datetime import date
from typing import Any

from strawberry.types import Info

from schema.node import connection, decode_cursor, page_size


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
    rows = [r["node"] for r in await ctx.read("units/page_units", params)]

    async def count() -> int:
        row = await ctx.read_one("units/count_units", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count)
