"""A household's chain of responsibility: one batched query for every household in the request."""

from __future__ import annotations

from datetime import date
from typing import Any

from strawberry.types import Info

RESPONSIBLE = "responsibility/rel_responsible"


async def responsible(info: Info, household: str, as_of: date | None) -> list[dict[str, Any]]:
    """Rows ``{role, person, organization, unit}`` (node maps or null), nearest first."""
    return await info.context.loaders.related(RESPONSIBLE, info.context.day(as_of)).load(household)
