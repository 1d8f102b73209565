"""Residents' self-governance (居民议事): self-governance bodies (家委会, 物管会), deliberation platforms
(议事平台) and the matters raised there, each going through 相关方议 → 党组织理 → 居民代表评 → 多方合作办;
and the changes that take a matter through that loop (``graph/governance.py`` has the rules)."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.enums import graphql_enum
from api.errors import UserError
from api.node import Connection, FromRow, Node, entity
from graph.governance import MatterKind, MatterStage
from graph.rules import MATTER_DUE_DAYS
from resolvers import common, governance
from schema.pairings import IDEMPOTENCY
from schema.queues import AsOfArg, DueSoonArg, OrderArg, OverdueArg, QueueOrder, due_soon_field, overdue_field

if TYPE_CHECKING:
    from schema.organizations import PartyOrganization
    from schema.territory import Compound

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
CompoundT = Annotated["Compound", strawberry.lazy("schema.territory")]


@strawberry.enum
class SelfGovernanceBodyKind(enum.Enum):
    FAMILY_COMMITTEE = strawberry.enum_value("FAMILY_COMMITTEE", description="家委会")
    PROPERTY_COMMITTEE = strawberry.enum_value("PROPERTY_COMMITTEE", description="物管会")


graphql_enum(
    MatterKind,
    values={
        "GOVERNANCE": "A governance matter (sanitation, flying wires, ...).",
        "DISPUTE": "A neighbour dispute mediated (矛盾纠纷).",
        "ILLEGAL_STRUCTURE": "An illegal structure removed (违建).",
    },
)
graphql_enum(
    MatterStage,
    "The deliberation loop, in order; a matter is DONE once carried out and settled.",
    {
        "DELIBERATE": "相关方议: the concerned parties deliberate.",
        "SORT_OUT": "党组织理: the Party organization sorts it out.",
        "EVALUATE": "居民代表评: residents' representatives evaluate.",
        "CARRY_OUT": "多方合作办: several parties carry it out.",
        "DONE": "Settled.",
    },
)


@entity
@strawberry.type(
    description="A residents' self-governance body: a family committee (家委会) or property committee (物管会)."
)
class SelfGovernanceBody(Node, FromRow):
    code: str
    name: str
    kind: SelfGovernanceBodyKind
    founded_on: date | None
    serves: list[CompoundT] = strawberry.field(
        resolver=common.related("SelfGovernanceBody", "serves", as_of=True),
        description="The compounds it serves on the given day (default: today).",
    )


@entity
@strawberry.type(description="A deliberation platform (议事平台), e.g. 周二说事日, serving a grid or compounds.")
class DeliberationPlatform(Node, FromRow):
    code: str
    name: str
    schedule: str | None = strawberry.field(description="When it meets, e.g. 每周二下午.")
    serves: list[Node] = strawberry.field(
        resolver=common.related("DeliberationPlatform", "serves", as_of=True),
        description="The grids and compounds it serves on the given day (default: today).",
    )
    run_by: Organization | None = strawberry.field(resolver=common.related("DeliberationPlatform", "run_by"))
    matters: Connection[Matter] = strawberry.field(
        resolver=common.page("governance/page_matters_of", "governance/count_matters_of"),
        description="The matters raised here, in code order.",
    )


@entity
@strawberry.type(description="One step a matter went through, and when.")
class MatterStep(Node, FromRow):
    code: str
    step: MatterStage
    on: date
    note: str | None
    matter: Matter | None = strawberry.field(resolver=common.related("MatterStep", "matter"))


@entity
@strawberry.type(description="A matter (议事事项) raised at a deliberation platform.")
class Matter(Node, FromRow):
    code: str
    title: str
    kind: MatterKind
    step: MatterStage = strawberry.field(description="Where it stands now.")
    outcome: str | None
    raised_on: date
    due_on: date | None = strawberry.field(description="The day it should be settled by.")
    settled_on: date | None = strawberry.field(description="Null while open.")
    steps: list[MatterStep] = strawberry.field(
        resolver=common.nodes("governance/rel_matter_steps"),
        description="The steps it went through, in the loop's order (议 → 理 → 评 → 办).",
    )
    raised_at: DeliberationPlatform | None = strawberry.field(resolver=common.related("Matter", "raised_at"))
    concerns: list[Node] = strawberry.field(
        resolver=common.related("Matter", "concerns"), description="The compounds or areas it concerns."
    )
    overdue: bool = overdue_field()
    due_soon: bool = due_soon_field()


async def resolve_matters(
    info: strawberry.Info,
    scope: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="An id or code of a scope (default: everything the caller may see)."),
    ] = None,
    kind: MatterKind | None = None,
    step: Annotated[
        MatterStage | None,
        strawberry.argument(
            description="Only matters at this step.", deprecation_reason="Use steps, which takes one or several."
        ),
    ] = None,
    first: int | None = 20,
    after: str | None = None,
    steps: Annotated[
        list[MatterStage] | None,
        strawberry.argument(description="Only matters at one of these steps (a single value is a list of one)."),
    ] = None,
    overdue: OverdueArg = None,
    due_soon: DueSoonArg = None,
    as_of: AsOfArg = None,
    order_by: OrderArg = None,
) -> Connection[Matter]:
    wanted = [s.name for s in steps] if steps is not None else None
    if step is not None:
        wanted = [step.name] if wanted is None else [s for s in wanted if s == step.name]
    by_due = order_by is QueueOrder.DUE_DATE
    return await governance.list_matters(
        info, scope, kind.name if kind else None, wanted, overdue, due_soon, as_of, by_due, first, after
    )


@strawberry.type
class GovernanceQuery:
    matters: Connection[Matter] = strawberry.field(
        resolver=resolve_matters,
        description="Matters concerning compounds or areas inside the scope (default: everything the caller may "
        "see), optionally of one kind, at some steps, overdue or due soon on a day; in code order, or by due day "
        "(orderBy: DUE_DATE).",
    )
    self_governance_bodies: list[SelfGovernanceBody] = strawberry.field(
        resolver=governance.resolve_self_governance_bodies,
        description="Self-governance bodies serving a compound inside the scope on the given day.",
    )
    deliberation_platforms: list[DeliberationPlatform] = strawberry.field(
        resolver=governance.resolve_deliberation_platforms,
        description="Deliberation platforms serving a grid or compound inside the scope on the given day.",
    )


# ---------------------------------------------------------------- changes


@strawberry.input(description="A matter raised at a deliberation platform: its first step, 相关方议, starts that day.")
class RaiseMatterInput:
    platform_id: strawberry.ID = strawberry.field(
        description="The deliberation platform; it serves a grid or compound of the place's community."
    )
    concerns_id: strawberry.ID = strawberry.field(description="The compound or area the matter is about.")
    title: str = strawberry.field(description="1–200 characters, stored as given.")
    kind: MatterKind
    raised_on: date | None = strawberry.field(default=None, description="Default: today; not in the future.")
    due_on: date | None = strawberry.field(
        default=None,
        description=f"The day it should be settled by: not before the day it is raised; default {MATTER_DUE_DAYS} "
        "days after it.",
    )
    note: str | None = strawberry.field(
        default=None, description="A note on the first step (up to 500 characters), stored as given."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input(description="The next step a matter reached: 党组织理, then 居民代表评, then 多方合作办.")
class AdvanceMatterInput:
    matter_id: strawberry.ID
    step: MatterStage = strawberry.field(
        description="The step reached: exactly the one after the current (DONE is reached with settleMatter)."
    )
    on: date | None = strawberry.field(
        default=None, description="Default: today; not before the previous step, not in the future."
    )
    note: str | None = strawberry.field(default=None, description="Up to 500 characters, stored as given.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input(description="Settles a matter that has been carried out (多方合作办) with its outcome.")
class SettleMatterInput:
    matter_id: strawberry.ID
    outcome: str = strawberry.field(description="1–2,000 characters, stored as given.")
    on: date | None = strawberry.field(
        default=None, description="The day settled (default: today); not before the last step, not in the future."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type
class MatterPayload:
    matter: Matter | None = None
    step: MatterStep | None = strawberry.field(default=None, description="The step recorded, if one was.")
    user_errors: list[UserError]


@strawberry.type
class GovernanceMutation:
    @strawberry.mutation(description="议事: raises a matter at a deliberation platform (its 相关方议 step begins).")
    async def raise_matter(self, info: strawberry.Info, input: RaiseMatterInput) -> MatterPayload:
        return MatterPayload(**await governance.raise_matter(info, input))

    @strawberry.mutation(
        description="Records the next step of the loop 相关方议 → 党组织理 → 居民代表评 → 多方合作办. Skipping a step "
        "or going back is refused with ILLEGAL_TRANSITION, naming the current step."
    )
    async def advance_matter(self, info: strawberry.Info, input: AdvanceMatterInput) -> MatterPayload:
        return MatterPayload(**await governance.advance_matter(info, input))

    @strawberry.mutation(description="Settles a carried-out matter (DONE) with its outcome and the day.")
    async def settle_matter(self, info: strawberry.Info, input: SettleMatterInput) -> MatterPayload:
        return MatterPayload(**await governance.settle_matter(info, input))
