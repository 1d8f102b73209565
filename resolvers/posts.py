"""Posts: who holds one on a day, its holdings, and the appoint / vacate mutations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from strawberry.types import Info

from api.node import to_node
from graph import posts
from resolvers.mutations import change, ending, starting

POST_FIELDS = {"post": "post", "person": "person"}


async def resolve_holder(root: Any, info: Info, as_of: date | None = None) -> Any:
    rows = await info.context.loaders.related("posts/rel_post_holder", info.context.day(as_of)).load(root.code)
    return to_node(rows[0]) if rows else None


async def resolve_vacant(root: Any, info: Info, as_of: date | None = None) -> bool:
    return await resolve_holder(root, info, as_of) is None


def holdings(make: Callable[..., Any]) -> Any:
    """Everyone who has held a post, oldest first: ``make(holder=, since=, until=, end_reason=)`` for each
    holding (the schema's ``PostTenure``)."""

    async def resolve_holdings(root: Any, info: Info) -> list[Any]:
        rows = await info.context.loaders.related("posts/rel_post_holdings").load(root.code)
        return [make(holder=to_node(r), since=r["_since"], until=r["_until"], end_reason=r["_endReason"]) for r in rows]

    return resolve_holdings


async def appoint_to_post(info: Info, input: Any) -> dict[str, Any]:
    values = {**starting(info, input), "replace": bool(input.replace), "reason": input.reason}
    return await change(
        info, input, "appointToPost", posts.AppointToPost, posts.appoint_to_post,
        {"post_id": "Post", "person_id": "Person"}, values, POST_FIELDS,
    )  # fmt: skip


async def vacate_post(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "vacatePost", posts.VacatePost, posts.vacate_post, {"post_id": "Post"}, ending(info, input),
        POST_FIELDS,
    )  # fmt: skip
