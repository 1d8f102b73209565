"""Scalars of our own: Python types (``NewType``) and their GraphQL definitions, in :data:`SCALARS` (the
schema's ``scalar_map``)."""

from __future__ import annotations

from typing import Any, NewType

import strawberry

SAFE_INTEGER = 2**53 - 1
"""The largest integer every JSON reader keeps exactly (JavaScript's ``Number.MAX_SAFE_INTEGER``)."""


def _serialize(value: Any) -> int:
    number = int(value)
    if not -SAFE_INTEGER <= number <= SAFE_INTEGER:
        raise ValueError(f"Long cannot represent {number}: beyond ±(2^53 − 1)")
    return number


def _parse(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"Long cannot represent a non-integer value: {value!r}")
    return _serialize(value)


Long = NewType("Long", int)

SCALARS: dict[object, Any] = {
    Long: strawberry.scalar(
        name="Long",
        description="An integer of up to 53 bits (a JSON number every client reads exactly), for sums that "
        "can pass the 32 bits of Int, such as money totals.",
        serialize=_serialize,
        parse_value=_parse,
    )
}
