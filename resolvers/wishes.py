"""Micro-wishes: the root list (scoped, keyset on code), the batched relations of a wish, and the
mutations of the loop (arguments in, a ``graph/wishes`` change, the payload's wish out)."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from strawberry.types import Info

from api.node import connection, decode_cursor, page_size, to_node
from graph import wishes
from resolvers.mutations import change
from resolvers.queues import queue_params
from resolvers.scopes import scope_argument

PARTIES = "wishes/rel_wish_parties"
HISTORY = "wishes/rel_wish_history"
SERVICE_RECORD = "wishes/rel_wish_service_record"


def party(relationship: str) -> Any:
    """The node a wish points to by ``relationship`` (FOR, REQUESTED_BY, ACCEPTED_BY, ...), batched
    with the other parties of every wish in the request: one query for all of them."""

    async def resolve(root: Any, info: Info) -> Any:
        rows = await info.context.loaders.related(PARTIES, info.context.today).load(root.code)
        return next((to_node(r) for r in rows if r["_as"] == relationship), None)

    return resolve


async def history(info: Info, wish: str) -> list[dict[str, Any]]:
    return await info.context.loaders.related(HISTORY, info.context.today).load(wish)


async def list_wishes(
    info: Info,
    scope: strawberry.ID | None,
    statuses: list[str] | None,
    overdue: bool | None,
    due_soon: bool | None,
    as_of: date | None,
    by_due: bool,
    first: int | None,
    after: str | None,
) -> Any:
    """The wishes list: scoped, filtered by status and deadline, in code or due-day order (keyset on ``_key``)."""
    ctx = info.context
    size, key = page_size(first), decode_cursor(after)
    day = ctx.day(as_of)
    found = await scope_argument(info, scope, day)
    params = {"roots": list(found.roots), "statuses": statuses, **queue_params(day, overdue, due_soon, by_due)}
    rows = [r["node"] for r in await ctx.read("wishes/page_wishes", {**params, "after": key, "first": size + 1})]

    async def count() -> int:
        row = await ctx.read_one("wishes/count_wishes", params)
        return row["value"] if row else 0

    return connection(rows, size, after, count, key="_key")


# ---------------------------------------------------------------- the loop: submit → accept → claim → fulfil → rate

WISH_FIELDS = {"wish": "wish"}


async def submit_wish(info: Info, input: Any) -> dict[str, Any]:
    values = {
        "title": input.title,
        "description": input.description,
        "category": input.category.value if input.category else "OTHER",
        "today": info.context.today,
    }
    return await change(
        info, input, "submitWish", wishes.SubmitWish, wishes.submit_wish,
        {"household_id": "Household", "requester_id": "Person", "submitted_by_id": "Person"}, values, WISH_FIELDS,
    )  # fmt: skip


async def accept_wish(info: Info, input: Any) -> dict[str, Any]:
    values = {"expectedBy": input.expected_by, "note": input.note, "today": info.context.today}
    return await change(
        info, input, "acceptWish", wishes.AcceptWish, wishes.accept_wish,
        {"wish_id": "Wish", "organization_id": "PartyOrganization"}, values, WISH_FIELDS,
    )  # fmt: skip


async def reject_wish(info: Info, input: Any) -> dict[str, Any]:
    values = {"reason": input.reason, "today": info.context.today}
    return await change(
        info, input, "rejectWish", wishes.RejectWish, wishes.reject_wish,
        {"wish_id": "Wish", "organization_id": "PartyOrganization"}, values, WISH_FIELDS,
    )  # fmt: skip


async def claim_wish(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "claimWish", wishes.ClaimWish, wishes.claim_wish,
        {"wish_id": "Wish", "member_id": "Person"}, {}, WISH_FIELDS,
    )  # fmt: skip


async def fulfil_wish(info: Info, input: Any) -> dict[str, Any]:
    values = {
        "note": input.note,
        "kind": input.kind.value if input.kind else wishes.DEFAULT_SERVICE_KIND,
        "servedOn": info.context.today,
    }
    return await change(
        info, input, "fulfilWish", wishes.FulfilWish, wishes.fulfil_wish, {"wish_id": "Wish"}, values, WISH_FIELDS,
    )  # fmt: skip


async def cancel_wish(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "cancelWish", wishes.CancelWish, wishes.cancel_wish,
        {"wish_id": "Wish"}, {"reason": input.reason}, WISH_FIELDS,
    )  # fmt: skip


async def rate_wish(info: Info, input: Any) -> dict[str, Any]:
    return await change(
        info, input, "rateWish", wishes.RateWish, wishes.rate_wish,
        {"wish_id": "Wish"}, {"rating": input.rating}, WISH_FIELDS,
    )  # fmt: skip
