"""The map's root fields: one Cypher query each (``geography/get_features_below`` or ``_within``)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from api.errors import InvalidArgument
from graph import geography
from resolvers.scopes import scope_argument


async def features(
    info: Info,
    kinds: list[str] | None,
    scope: strawberry.ID | None,
    as_of: date | None,
    first: int | None,
    box: geography.Box | None = None,
) -> tuple[list[dict[str, Any]], bool]:
    """Map features (rows with geometry, counts and stage) of ``kinds`` (MapFeatureKind names; None: all)
    inside the scope, and whether ``first`` cut them short. With a ``box``, only those meeting it."""
    ctx = info.context
    size = geography.DEFAULT_FEATURES if first is None else first
    if not 1 <= size <= geography.MAX_FEATURES:
        raise InvalidArgument("first", f"must be between 1 and {geography.MAX_FEATURES}, got {size}")
    if box is not None and (problem := box.problem()):
        raise InvalidArgument("box", problem)
    labels = [label for label, kind in geography.MAPPED.items() if kinds is None or kind in kinds]
    found = await scope_argument(info, scope, as_of, analysis=True)
    # The one place the caller's scope meets the map: features under the scope's roots (which
    # resolve_scope already limited to the caller's territory). A county-wide box query needs no roots.
    everything = box is not None and scope is None and ctx.viewer.sees_everything
    roots = None if everything else list(found.roots)
    query, params = geography.features_query(labels, ctx.day(as_of), size, roots, box)
    row = await ctx.read_one(query, params)
    rows = geography.assemble(row) if row else []
    return rows[:size], len(rows) > size
