"""Search by code, name or address: one query over the full-text indexes."""

from __future__ import annotations

from typing import Any

from strawberry.types import Info

from api.errors import InvalidArgument
from api.node import page_size
from graph import search


async def find(info: Info, text: str, labels: list[str], first: int | None) -> list[dict[str, Any]]:
    """Rows ``{node, exact, score}``: an exact code match first, then full-text hits by score."""
    size = page_size(first)
    if not text.strip():
        raise InvalidArgument("text", "must not be empty")
    if len(text) > search.MAX_TEXT:
        raise InvalidArgument("text", f"must be at most {search.MAX_TEXT} characters")
    ctx = info.context
    if not labels:
        return []
    params = {
        "code": search.code_of(text),
        "lucene": search.lucene_query(text),
        "labels": labels,
        "entityNames": any(label in search.NAMED_LABELS for label in labels),
        "personNames": search.finds_personal_data(ctx.viewer) and "Person" in labels,
        "addresses": search.finds_personal_data(ctx.viewer),
        "first": size,
        # Each index is asked for more than a page: hits of kinds not asked for, or outside the caller's
        # scope, are dropped afterwards (a scoped caller's hits are fewer, so more are fetched).
        "fetch": size * (5 if ctx.viewer.sees_everything else 50),
    }
    return await ctx.read("search/find_entities", params)
