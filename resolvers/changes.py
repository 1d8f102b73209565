"""The audit trail: every change that concerned an entity, newest first."""

from __future__ import annotations

import re
from typing import Any

import strawberry
from strawberry.types import Info

from schema import ids
from schema.node import connection, decode_cursor, page_size

# What page_audit_trail's cursors stand for: the record's instant (as Neo4j prints it) and its uuid4 hex.
_AUDIT_CURSOR = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})\|[0-9a-f]{32}")


async def resolve_audit_trail(
    info: Info, entity: strawberry.ID, first: int | None = 20, after: str | None = None
) -> Any:
    from schema.changes import AuditRecord

    ctx = info.context
    _, code = ids.decode(entity, "entity")
    size = page_size(first)
    key = decode_cursor(after)
    after_at, _, after_id = key.partition("|") if key else (None, "", None)
    if key is not None and not _AUDIT_CURSOR.fullmatch(key):
        raise ids.BadId(f"after: {after!r} is not a cursor from this API", "after")
    visible = await ctx.loaders.entity.load(code)
    if visible is None:
        rows: list[dict[str, Any]] = []
    else:
        params = {"code": code, "afterAt": after_at, "afterId": after_id, "first": size + 1}
        rows = [r["node"] for r in await ctx.graph.read("changes/page_audit_trail", params)]

    async def count() -> int:
        if visible is None:
            return 0
        row = await ctx.graph.read_one("changes/count_audit_trail", {"code": code})
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_cursor", make=AuditRecord.from_row)
