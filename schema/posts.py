"""Posts (岗位) and their holders: who holds a post on a day, its history, and appointing and vacating.

A post exists apart from its holders (every building has a building-leader post), so a vacancy shows.
It has at most one holder on any day: appointing to a filled post is refused (the error names the holder)
unless ``replace`` is set, which ends the current holding the day the new one starts.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.errors import UserError
from api.node import FromRow, Node, entity
from resolvers import common, posts
from schema.pairings import IDEMPOTENCY, SINCE, UNTIL
from schema.people import PostRole

if TYPE_CHECKING:
    from schema.people import Person

PersonT = Annotated["Person", strawberry.lazy("schema.people")]


@strawberry.type(description="One person's time in a post: half-open, from since up to (not including) until.")
class PostTenure:
    holder: PersonT
    since: date
    until: date | None = strawberry.field(description="The first day they no longer held it; null while they do.")
    end_reason: str | None


@entity
@strawberry.type(
    description="岗位: a post of a Party organization, building, compound or area; vacant when nobody holds it."
)
class Post(Node, FromRow):
    code: str
    role: PostRole
    title: str | None
    of: Node = strawberry.field(
        resolver=common.node("posts/rel_post_of"),
        description="The organization, building, compound or area the post belongs to.",
    )
    holder: PersonT | None = strawberry.field(
        resolver=posts.resolve_holder, description="Who holds it on the given day (default: today); null when vacant."
    )
    vacant: bool = strawberry.field(
        resolver=posts.resolve_vacant, description="Nobody holds it on the given day (default: today)."
    )
    holdings: list[PostTenure] = strawberry.field(
        resolver=posts.holdings(PostTenure),
        description="Everyone who has held it, ended holdings included, oldest first.",
    )


@strawberry.input
class AppointToPostInput:
    post_id: strawberry.ID
    person_id: strawberry.ID
    since: date | None = strawberry.field(default=None, description=SINCE)
    replace: bool = strawberry.field(
        default=False,
        description="When the post is filled: end the current holding the day this one starts (otherwise refused).",
    )
    reason: str | None = strawberry.field(
        default=None, description="With replace: why the current holding ends (up to 500 characters), stored as given."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class VacatePostInput:
    post_id: strawberry.ID
    until: date | None = strawberry.field(default=None, description=UNTIL)
    reason: str | None = strawberry.field(
        default=None, description="Why the holding ends (up to 500 characters), stored as given."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type
class PostPayload:
    post: Post | None = None
    person: PersonT | None = strawberry.field(default=None, description="The person appointed, or the one who left.")
    user_errors: list[UserError]


@strawberry.type
class PostsMutation:
    @strawberry.mutation(
        description="Appoints a person to a post (书记, 组长, 楼栋长, 党员中心户, 包片干警). A filled post is refused "
        "unless replace is set. Secretaries, group leaders and central households must be Party members; a building "
        "leader must live in the building's compound or area, a central household in the building; a police "
        "officer must be in service."
    )
    async def appoint_to_post(self, info: strawberry.Info, input: AppointToPostInput) -> PostPayload:
        return PostPayload(**await posts.appoint_to_post(info, input))

    @strawberry.mutation(
        description="Ends the current holding of a post; the post stays, vacant, and so does the record."
    )
    async def vacate_post(self, info: strawberry.Info, input: VacatePostInput) -> PostPayload:
        return PostPayload(**await posts.vacate_post(info, input))
