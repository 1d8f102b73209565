"""Scalars as people in the county read them: instants carry the county's offset (Asia/Shanghai, +08:00).

Neo4j keeps instants in UTC; a client shown ``2026-10-03T01:12:00+00:00`` reads the wrong day before 08:00.
The same instant is written ``2026-10-03T09:12:00+08:00``: still ISO-8601 with an offset, so clients that parse
it get the same moment. Input instants may carry any offset.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from strawberry.schema.types.base_scalars import DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

from graph.rules import COUNTY_TIMEZONE

ZONE = COUNTY_TIMEZONE


def county_time(value: datetime) -> str:
    """An instant in the county's time, with its offset (a naive one is taken to be UTC, as Neo4j stores them)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(ZONE).isoformat()


DATE_TIME = ScalarDefinition(
    name="DateTime",
    description="An instant, ISO-8601 with its offset; shown in the county's time (+08:00).",
    specified_by_url=None,
    serialize=county_time,
    parse_value=DateTimeDefinition.parse_value,
    parse_literal=None,
    origin=datetime,
)

SCALAR_OVERRIDES: dict[object, ScalarDefinition] = {datetime: DATE_TIME}
"""For the schema: every ``datetime`` field is written in the county's time."""
