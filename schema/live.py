"""Live updates (subscriptions over graphql-transport-ws, on ``/graphql``): wish steps and coverage changes
inside the subscriber's scope, pushed as they are committed, so that a queue or a map on screen moves
without reloading. How they reach every process: :mod:`graph.feed`."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from api.node import to_node
from graph import feed
from resolvers import live

if TYPE_CHECKING:
    from schema.territory import Building, Household
    from schema.wishes import Wish, WishStatus

WishT = Annotated["Wish", strawberry.lazy("schema.wishes")]
WishStatusT = Annotated["WishStatus", strawberry.lazy("schema.wishes")]
HouseholdT = Annotated["Household", strawberry.lazy("schema.territory")]
BuildingT = Annotated["Building", strawberry.lazy("schema.territory")]

SCOPE = (
    "The territory to watch (the id of the county, a street, community, grid, area, compound or unit; default: "
    "everything the caller may see). Changes outside it, or outside the caller's territory, are not sent."
)


@strawberry.type(description="A wish moved to another status (submitted, accepted, claimed, fulfilled, ...).")
class WishUpdate:
    at: datetime = strawberry.field(description="When the change was made.")
    action: str = strawberry.field(description="The mutation that made it (submitWish, acceptWish, ...).")
    status: WishStatusT = strawberry.field(description="The wish's status after the change.")
    previous_status: WishStatusT | None = strawberry.field(description="Its status before; null for a new wish.")
    code: strawberry.Private[str]

    @strawberry.field(description="The wish as it stands now.")
    async def wish(self, info: Info) -> WishT | None:
        return to_node(await info.context.loaders.entity.load(self.code))


@strawberry.type(
    description="A pairing of a household or a building began or ended: whether households there are covered "
    "may have changed."
)
class CoverageUpdate:
    at: datetime = strawberry.field(description="When the change was made.")
    action: str = strawberry.field(
        description="The mutation that made it (pairMemberWithHousehold, endPairing, pairMemberWithBuilding, "
        "endBuildingPairing)."
    )
    code: strawberry.Private[str]

    @strawberry.field(description="The household whose pairing changed (null for a building's).")
    async def household(self, info: Info) -> HouseholdT | None:
        row = await info.context.loaders.entity.load(self.code)
        return to_node(row) if row and row["_label"] == "Household" else None

    @strawberry.field(description="The building whose pairing changed (null for a household's).")
    async def building(self, info: Info) -> BuildingT | None:
        row = await info.context.loaders.entity.load(self.code)
        return to_node(row) if row and row["_label"] == "Building" else None


@strawberry.type
class LiveSubscription:
    @strawberry.subscription(
        description="Wish status changes inside the scope, as they are committed (by any API process)."
    )
    async def wish_updates(
        self, info: Info, scope: Annotated[strawberry.ID | None, strawberry.argument(description=SCOPE)] = None
    ) -> AsyncGenerator[WishUpdate, None]:
        from schema.wishes import WishStatus

        async for event in live.updates(info, scope, feed.WISH):
            if event.wish is None or event.status is None:
                continue
            yield WishUpdate(
                at=event.at,
                action=event.action,
                status=WishStatus(event.status),
                previous_status=WishStatus(event.previous_status) if event.previous_status else None,
                code=event.wish,
            )

    @strawberry.subscription(
        description="Pairings of households and buildings that began or ended inside the scope, as they are "
        "committed: re-read coverage and the uncovered households there."
    )
    async def coverage_updates(
        self, info: Info, scope: Annotated[strawberry.ID | None, strawberry.argument(description=SCOPE)] = None
    ) -> AsyncGenerator[CoverageUpdate, None]:
        async for event in live.updates(info, scope, feed.COVERAGE):
            yield CoverageUpdate(at=event.at, action=event.action, code=event.anchor)
