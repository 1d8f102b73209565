"""The audit trail: every change that concerned an entity, newest first; and, for the county, the log of
what one subject did (refusals included) and of who read whose sensitive data."""

from __future__ import annotations

import json
import re
from typing import Any

import strawberry
from strawberry.types import Info

from api import ids
from api.audit import AccessRecord, AuditRecord
from api.errors import Forbidden
from api.node import connection, decode_cursor, page_size
from graph import scope as scopes
from graph.privacy import WITHHELD, redact_fields
from graph.scope import Role

ENTITY_CODE = re.compile(r"^[A-Z]{2}(?:\d+|-[0-9A-F]{16})$")
"""What an entity's code looks like (docs/MODEL.md): seeded ``HH00917``, made by the API ``WS-3F9A…``."""

_INSTANT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})(\[[\w/+-]+\])?")
"""An audit or access record's instant as Neo4j prints it, the first half of their cursors."""


def _cursor_key(after: str | None) -> tuple[str | None, str | None]:
    key = decode_cursor(after)
    if key is None:
        return None, None
    at, sep, record = key.partition("|")
    if not sep or not _INSTANT.fullmatch(at) or not record:  # Neo4j's datetime() of anything else fails
        raise ids.BadId(f"after: {after!r} is not a cursor from this API", "after")
    return at, record


async def resolve_audit_trail(
    info: Info, entity: strawberry.ID, first: int | None = 20, after: str | None = None
) -> Any:
    ctx = info.context
    _, code = ids.decode(entity, "entity")
    size = page_size(first)
    after_at, after_id = _cursor_key(after)
    params = {"code": code, "afterAt": after_at, "afterId": after_id, "first": size + 1}
    rows = [
        r["node"] for r in await ctx.graph.read("changes/page_audit_trail", {**params, "scope": ctx.viewer.cypher()})
    ]
    rows = await _as_seen_by(info, rows)

    async def count() -> int:
        row = await ctx.graph.read_one("changes/count_audit_trail", {"code": code, "scope": ctx.viewer.cypher()})
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_cursor", make=_record)


async def resolve_audit_log(info: Info, actor: str, first: int | None = 20, after: str | None = None) -> Any:
    """What one subject did, refusals included: for the county Organization Department only."""
    ctx = info.context
    if ctx.viewer.role is not Role.COUNTY:
        raise Forbidden("only the county Organization Department reads the audit log by actor")
    size = page_size(first)
    after_at, after_id = _cursor_key(after)
    params = {"actor": actor, "afterAt": after_at, "afterId": after_id, "first": size + 1}
    rows = [r["node"] for r in await ctx.graph.read("changes/page_audit_log", params)]

    async def count() -> int:
        row = await ctx.graph.read_one("changes/count_audit_log", {"actor": actor})
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_cursor", make=_record)


async def resolve_access_log(
    info: Info, person: strawberry.ID, first: int | None = 20, after: str | None = None
) -> Any:
    """Who read a person's special-group status or ID number in full, and when: the county only."""
    ctx = info.context
    if ctx.viewer.role is not Role.COUNTY:
        raise Forbidden("only the county Organization Department reads the access log")
    code = ids.decode_as(person, ("Person", "Household"), "person")
    size = page_size(first)
    after_at, after_id = _cursor_key(after)
    params = {"code": code, "afterAt": after_at, "afterId": after_id, "first": size + 1}
    rows = [r["node"] for r in await ctx.graph.read("privacy/page_access_records", params)]

    async def count() -> int:
        row = await ctx.graph.read_one("privacy/count_access_records", {"code": code})
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_cursor", make=AccessRecord.from_row)


def _record(row: dict[str, Any]) -> Any:
    return AuditRecord.from_row(row)


async def _as_seen_by(info: Info, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Audit records as the viewer may see them: entities outside their scope left out (and their codes
    withheld wherever the before/after names them), personal data masked field by field like live reads."""
    viewer = info.context.viewer
    if viewer.sees_everything and viewer.sees_personal_data:
        return rows
    decoded = [(row, json.loads(row["before"]), json.loads(row["after"])) for row in rows]
    codes: set[str] = set()
    for row, before, after in decoded:
        codes.update(row["entities"])
        codes.update(_codes_in(before))
        codes.update(_codes_in(after))
    allowed = codes if viewer.sees_everything else await scopes.visible_codes(info.context.graph, viewer, codes)
    out = []
    for row, before, after in decoded:
        label = _label_of(row["action"])
        if not viewer.sees_personal_data:
            before, after = redact_fields(before, label), redact_fields(after, label)
        out.append(
            {
                **row,
                "entities": [c for c in row["entities"] if c in allowed],
                "before": json.dumps(_withhold_codes(before, allowed), ensure_ascii=False),
                "after": json.dumps(_withhold_codes(after, allowed), ensure_ascii=False),
            }
        )
    return out


def _label_of(action: str) -> str | None:
    """The type of entity an action changes, for the rules of that type (``submitWish`` → ``Wish``)."""
    return "Wish" if "Wish" in action else None


def _codes_in(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value} if ENTITY_CODE.match(value) else set()
    if isinstance(value, list):
        return set().union(*(_codes_in(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(_codes_in(v) for v in value.values())) if value else set()
    return set()


def _withhold_codes(value: Any, allowed: set[str]) -> Any:
    if isinstance(value, str):
        return WITHHELD if ENTITY_CODE.match(value) and value not in allowed else value
    if isinstance(value, list):
        return [_withhold_codes(v, allowed) for v in value]
    if isinstance(value, dict):
        return {k: _withhold_codes(v, allowed) for k, v in value.items()}
    return value
