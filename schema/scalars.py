"""Scalars as people in the county read them: instants carry the county's offset (Asia/Shanghai, +08:00).

Neo4j keeps instants in UTC; a client shown ``2026-10-03T01:12:00+00:00`` reads the wrong day before 08:00.
The same instant is written ``2026-10-03T09:12:00+08:00``: still ISO-8601 with an offset, so clients that parse
it get the same moment. Input instants may carry any offset.

And ``Long``, for sums (money totals) that can pass Int's 32 bits.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NewType
from zoneinfo import ZoneInfo

import strawberry
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


# ---------------------------------------------------------------- Long: sums that can pass Int's 32 bits

SAFE_INTEGER = 2**53 - 1
"""The largest integer every JSON reader keeps exactly (JavaScript's ``Number.MAX_SAFE_INTEGER``)."""


def _serialize_long(value: Any) -> int:
    number = int(value)
    if not -SAFE_INTEGER <= number <= SAFE_INTEGER:
        raise ValueError(f"Long cannot represent {number}: beyond ±(2^53 − 1)")
    return number


def _parse_long(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"Long cannot represent a non-integer value: {value!r}")
    return _serialize_long(value)


Long = NewType("Long", int)

SCALARS: dict[object, Any] = {
    Long: strawberry.scalar(
        name="Long",
        description="An integer of up to 53 bits (a JSON number every client reads exactly), for sums that "
        "can pass the 32 bits of Int, such as money totals.",
        serialize=_serialize_long,
        parse_value=_parse_long,
    )
}
"""For the schema's ``scalar_map``: our own scalars by their Python type."""
