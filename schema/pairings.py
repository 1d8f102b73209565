"""Pairing changes (联户): pair a Party member with a household, end a pairing (the history is kept)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import pairings
from schema.changes import UserError

if TYPE_CHECKING:
    from schema.people import Person
    from schema.territory import Household

PersonT = Annotated["Person", strawberry.lazy("schema.people")]
HouseholdT = Annotated["Household", strawberry.lazy("schema.territory")]

IDEMPOTENCY = (
    "A key of yours (1–100 characters): repeating the request with it returns the first result and writes nothing more."
)


@strawberry.input
class PairMemberWithHouseholdInput:
    member_id: strawberry.ID
    household_id: strawberry.ID
    since: date | None = strawberry.field(default=None, description="The first day of the pairing (default: today).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class EndPairingInput:
    member_id: strawberry.ID
    household_id: strawberry.ID
    until: date | None = strawberry.field(
        default=None, description="The first day the pairing no longer holds (default: today)."
    )
    reason: str | None = None
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type
class PairingPayload:
    member: PersonT | None = None
    household: HouseholdT | None = None
    user_errors: list[UserError]


@strawberry.type
class PairingsMutation:
    @strawberry.mutation
    async def pair_member_with_household(
        self, info: strawberry.Info, input: PairMemberWithHouseholdInput
    ) -> PairingPayload:
        return PairingPayload(**await pairings.pair_member_with_household(info, input))

    @strawberry.mutation(description="Ends a pairing; the history is kept.")
    async def end_pairing(self, info: strawberry.Info, input: EndPairingInput) -> PairingPayload:
        return PairingPayload(**await pairings.end_pairing(info, input))
