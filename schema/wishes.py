"""Micro-wishes (微心愿): residents order → the organization makes it an order → a Party member takes the
order (群众点单、组织建单、党员接单) → fulfilled, with a service record → the resident's rating.

The steps a wish may take, and what is refused, are in ``graph/wishes.py`` (its docstring shows the table).
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.enums import graphql_enum
from api.errors import UserError
from api.node import ENTITY_TYPES, Connection, Node, entity, to_node
from graph.services import ServiceKind
from graph.wishes import DESCRIPTION_MAX, TITLE_MAX, WishCategory
from resolvers import common, wishes
from schema.pairings import IDEMPOTENCY
from schema.people import SpecialGroup
from schema.queues import AsOfArg, DueSoonArg, OrderArg, OverdueArg, QueueOrder, due_soon_field, overdue_field

if TYPE_CHECKING:
    from schema.organizations import PartyOrganization
    from schema.people import Person
    from schema.services import ServiceRecord
    from schema.territory import Household

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
PersonT = Annotated["Person", strawberry.lazy("schema.people")]
HouseholdT = Annotated["Household", strawberry.lazy("schema.territory")]
ServiceRecordT = Annotated["ServiceRecord", strawberry.lazy("schema.services")]


@strawberry.enum
class WishStatus(enum.Enum):
    SUBMITTED = strawberry.enum_value("SUBMITTED", description="Ordered by the resident (群众点单), not yet reviewed.")
    ACCEPTED = strawberry.enum_value("ACCEPTED", description="Made an order by a Party organization (组织建单).")
    CLAIMED = strawberry.enum_value("CLAIMED", description="Taken by a Party member (党员接单).")
    FULFILLED = strawberry.enum_value("FULFILLED", description="Done.")
    REJECTED = strawberry.enum_value("REJECTED", description="Not a micro-wish; referred elsewhere.")
    CANCELLED = strawberry.enum_value("CANCELLED", description="Withdrawn by the resident.")


graphql_enum(WishCategory, "What a wish is for: the special group it serves (台账 by category), or OTHER.")


@strawberry.type(description="One step of a wish's history.")
class WishEvent:
    status: WishStatus
    at: datetime
    by: Node | None = strawberry.field(description="Who took the step: a person or a Party organization.")
    note: str | None


@entity
@strawberry.type(description="A micro-wish (微心愿) of a special-group resident.")
class Wish(Node):
    code: str
    title: str
    status: WishStatus
    submitted_at: datetime
    description: str | None
    expected_by: date | None = strawberry.field(
        description="Its due day: the day it is expected to be done (set when an organization accepts it as an "
        "order; null before)."
    )
    rating: int | None = strawberry.field(description="The resident's rating (1–5) once fulfilled.")
    rated_at: datetime | None = strawberry.field(description="When the resident rated it.")
    version: int = strawberry.field(
        description="1 when submitted, bumped by every step: the number of events in its history."
    )
    row: strawberry.Private[dict[str, Any]]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Wish:
        return cls(
            code=row["code"],
            title=row["title"],
            status=WishStatus(row["status"]),
            submitted_at=row["submittedAt"],
            description=row.get("description"),
            expected_by=row.get("expectedBy"),
            rating=row.get("rating"),
            rated_at=row.get("ratedAt"),
            version=row.get("version") or 0,
            row=row,
        )

    household: HouseholdT = strawberry.field(resolver=wishes.party("FOR"))
    requester: PersonT | None = strawberry.field(resolver=wishes.party("REQUESTED_BY"))
    submitted_by: PersonT | None = strawberry.field(
        resolver=wishes.party("SUBMITTED_BY"), description="The grid worker who entered it on the resident's behalf."
    )
    accepted_by: Organization | None = strawberry.field(resolver=wishes.party("ACCEPTED_BY"))
    claimed_by: PersonT | None = strawberry.field(resolver=wishes.party("CLAIMED_BY"))
    overdue: bool = overdue_field()
    due_soon: bool = due_soon_field()
    service_record: ServiceRecordT | None = strawberry.field(
        resolver=common.node(wishes.SERVICE_RECORD),
        description="The service record (微服务) its fulfilment left: by the member who claimed it, for the household.",
    )

    @strawberry.field(
        description="The special group it was ordered for (or null for OTHER); only for roles that need it, "
        "since it tells a resident's disability or poverty status."
    )
    def category(self, info: strawberry.Info) -> SpecialGroup | None:
        value = self.row.get("category")  # withheld (None) for roles that may not see special groups
        if value not in SpecialGroup.__members__:
            return None
        info.context.access.record("wishCategory", self.code)
        return SpecialGroup(value)

    @strawberry.field(description="Every step from submission on, in time order.")
    async def history(self, info: strawberry.Info) -> list[WishEvent]:
        rows = await wishes.history(info, self.code)
        return [
            WishEvent(status=WishStatus(r["status"]), at=r["at"], by=_by(r["by"]), note=r.get("note")) for r in rows
        ]


def _by(row: dict[str, Any] | None) -> Any:
    # A step taken by something the API has no type for is shown without its author, not as an error.
    return to_node(row) if row is not None and row["_label"] in ENTITY_TYPES else None


async def resolve_wishes(
    info: strawberry.Info,
    scope: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="An id or code of a scope (default: everything the caller may see)."),
    ] = None,
    status: Annotated[
        WishStatus | None,
        strawberry.argument(
            description="Only wishes in this status.",
            deprecation_reason="Use statuses, which takes one or several.",
        ),
    ] = None,
    first: int | None = 20,
    after: str | None = None,
    statuses: Annotated[
        list[WishStatus] | None,
        strawberry.argument(description="Only wishes in one of these statuses (a single value is a list of one)."),
    ] = None,
    overdue: OverdueArg = None,
    due_soon: DueSoonArg = None,
    as_of: AsOfArg = None,
    order_by: OrderArg = None,
) -> Connection[Wish]:
    wanted = [s.name for s in statuses] if statuses is not None else None
    if status is not None:
        wanted = [status.name] if wanted is None else [s for s in wanted if s == status.name]
    by_due = order_by is QueueOrder.DUE_DATE
    return await wishes.list_wishes(info, scope, wanted, overdue, due_soon, as_of, by_due, first, after)


@strawberry.type
class WishesQuery:
    wishes: Connection[Wish] = strawberry.field(
        resolver=resolve_wishes,
        description=(
            "Micro-wishes of households inside the scope (default: everything the caller may see), optionally of "
            "some statuses, overdue or due soon on a day; in code order, or by due day (orderBy: DUE_DATE)."
        ),
    )


# ---------------------------------------------------------------- the loop's mutations


@strawberry.input
class SubmitWishInput:
    household_id: strawberry.ID
    requester_id: strawberry.ID | None = strawberry.field(
        default=None, description="The resident ordering it; must live in the household."
    )
    title: str = strawberry.field(description=f"What is wished for: not blank, up to {TITLE_MAX} characters.")
    description: str | None = strawberry.field(default=None, description=f"Up to {DESCRIPTION_MAX} characters.")
    submitted_by_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="The grid worker entering it on the resident's behalf (入户登记): someone working for the "
        "household now (paired with it or its building, reported in to its grid, or holding a post of its "
        "building or of an organization answering for it). Either this or requesterId is required.",
    )
    category: WishCategory | None = strawberry.field(default=None, description="Default: OTHER.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class AcceptWishInput:
    wish_id: strawberry.ID
    organization_id: strawberry.ID = strawberry.field(
        description="A Party organization answering for the household's compound, area, grid or community."
    )
    note: str | None = strawberry.field(default=None, description="Up to 500 characters, stored as given.")
    expected_by: date | None = strawberry.field(
        default=None, description="The day it is expected to be done; not before today."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class ClaimWishInput:
    wish_id: strawberry.ID
    member_id: strawberry.ID = strawberry.field(description="The Party member taking the order.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class FulfilWishInput:
    wish_id: strawberry.ID
    note: str | None = strawberry.field(default=None, description="Up to 500 characters, stored as given.")
    kind: ServiceKind | None = strawberry.field(
        default=None, description="The kind of the service record it leaves (default: MICRO_WISH)."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class RejectWishInput:
    wish_id: strawberry.ID
    reason: str = strawberry.field(description="Why (e.g. referred to civil affairs): not blank, up to 500 characters.")
    organization_id: strawberry.ID | None = strawberry.field(
        default=None, description="The rejecting organization; it must answer for the household."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class CancelWishInput:
    wish_id: strawberry.ID
    reason: str = strawberry.field(description="Why the resident withdraws it: not blank, up to 500 characters.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class RateWishInput:
    wish_id: strawberry.ID
    rating: int = strawberry.field(description="1 (poor) to 5 (very satisfied).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type
class WishPayload:
    wish: Wish | None = None
    user_errors: list[UserError]


@strawberry.type
class WishesMutation:
    @strawberry.mutation(
        description="群众点单: a resident orders a wish for their household, or a grid worker enters it for them."
    )
    async def submit_wish(self, info: strawberry.Info, input: SubmitWishInput) -> WishPayload:
        return WishPayload(**await wishes.submit_wish(info, input))

    @strawberry.mutation(
        description="组织建单: a Party organization answering for the household makes a submitted wish an order."
    )
    async def accept_wish(self, info: strawberry.Info, input: AcceptWishInput) -> WishPayload:
        return WishPayload(**await wishes.accept_wish(info, input))

    @strawberry.mutation(
        description="党员接单: of several members claiming at once, exactly one wins; "
        "the others get ALREADY_CLAIMED and nothing is written for them."
    )
    async def claim_wish(self, info: strawberry.Info, input: ClaimWishInput) -> WishPayload:
        return WishPayload(**await wishes.claim_wish(info, input))

    @strawberry.mutation(
        description="The claimed wish is done: records the service (微服务) by the member who claimed it."
    )
    async def fulfil_wish(self, info: strawberry.Info, input: FulfilWishInput) -> WishPayload:
        return WishPayload(**await wishes.fulfil_wish(info, input))

    @strawberry.mutation(description="Not a micro-wish (e.g. referred elsewhere): a submitted wish is rejected.")
    async def reject_wish(self, info: strawberry.Info, input: RejectWishInput) -> WishPayload:
        return WishPayload(**await wishes.reject_wish(info, input))

    @strawberry.mutation(description="The resident withdraws the wish, any time before it is fulfilled.")
    async def cancel_wish(self, info: strawberry.Info, input: CancelWishInput) -> WishPayload:
        return WishPayload(**await wishes.cancel_wish(info, input))

    @strawberry.mutation(description="The resident rates a fulfilled wish, once (1–5).")
    async def rate_wish(self, info: strawberry.Info, input: RateWishInput) -> WishPayload:
        return WishPayload(**await wishes.rate_wish(info, input))
