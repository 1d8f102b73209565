"""Services and support: activity venues (活动阵地), the three micro (三微: micro-projects and micro-services),
grants (工作经费, 党费补助), commendations (典型) and the county task force (治理专班); and the changes to
micro-projects, micro-service records and grants (``graph/services.py`` has their rules).

Micro-wishes (微心愿) have their own module; their count appears here only in :class:`ThreeMicroSummary`.
Nothing is deleted: a project is cancelled, a service record retracted, a grant voided, and each stays.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from api.enums import graphql_enum
from api.errors import UserError
from api.node import Connection, FromRow, Node, entity, to_node
from graph.governance import MatterKind
from graph.services import GrantKind, MicroProjectKind, MicroProjectStatus, ServiceKind
from resolvers import common, services
from schema.pairings import IDEMPOTENCY
from schema.queues import AsOfArg, DueSoonArg, OrderArg, OverdueArg, QueueOrder, due_soon_field, overdue_field
from schema.scalars import Long

if TYPE_CHECKING:
    from schema.organizations import PartyOrganization
    from schema.people import Person
    from schema.territory import Household
    from schema.units import Unit

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
PersonT = Annotated["Person", strawberry.lazy("schema.people")]
HouseholdT = Annotated["Household", strawberry.lazy("schema.territory")]
UnitT = Annotated["Unit", strawberry.lazy("schema.units")]


graphql_enum(
    MicroProjectKind,
    "What a micro-project (微项目) does.",
    {
        "RENOVATION": "老旧小区改造: an old-compound renovation.",
        "FACILITY": "设施提升: a facility upgrade (an elevator, charging piles, ...).",
        "GREENING": "增绿: a greening site.",
        "LIGHTING": "增亮: alley or compound lighting.",
        "SANITATION": "环境卫生整治.",
    },
)
graphql_enum(
    MicroProjectStatus,
    "Where a micro-project stands: PLANNED → IN_PROGRESS → COMPLETED, or CANCELLED.",
    {"CANCELLED": "Called off before completion; kept, and left out of the three-micro figures."},
)
graphql_enum(
    ServiceKind,
    "What a micro-service (微服务) was.",
    {
        "PENSION_FILING": "养老保险上门代办.",
        "VETERAN_REVIEW": "退役军人待遇入户联审.",
        "MICRO_WISH": "微心愿: a micro-wish fulfilled by the member who claimed it (the record FULFILS it).",
    },
)
graphql_enum(
    GrantKind,
    values={
        "WORKING_FUNDS": "工作经费: from the county budget, 10,000 yuan a year per grid Party branch.",
        "PARTY_FEE_SUBSIDY": "党费补助: 5,000 yuan a year per grid Party branch.",
    },
)


@strawberry.enum
class TaskForceRole(enum.Enum):
    LEAD = strawberry.enum_value("LEAD", description="牵头: the Organization Department.")
    MEMBER = "MEMBER"


# ---------------------------------------------------------------- venues


@entity
@strawberry.type(description="An activity venue (活动阵地) serving grids or compounds.")
class Venue(Node, FromRow):
    code: str
    name: str
    address: str | None
    area_m2: int | None = strawberry.field(description="Floor area in square metres.")
    upgraded: bool = strawberry.field(description="One of the venues upgraded for grid Party organizations.")
    serves: list[Node] = strawberry.field(
        resolver=common.related("Venue", "serves", as_of=True),
        description="The grids and compounds it serves on the given day (default: today).",
    )
    run_by: Organization | None = strawberry.field(resolver=common.related("Venue", "run_by"))


# ---------------------------------------------------------------- micro-projects (微项目)


@entity
@strawberry.type(description="A milestone of a micro-project.")
class Milestone(Node, FromRow):
    code: str
    title: str
    due_on: date | None
    done_on: date | None = strawberry.field(description="Null while not reached.")
    project: MicroProject | None = strawberry.field(resolver=common.related("Milestone", "project"))
    overdue: bool = overdue_field()
    due_soon: bool = due_soon_field()


@entity
@strawberry.type(
    description="A micro-project (微项目): sanitation, greening, lighting, a facility upgrade or a renovation, "
    "owned by a community Party committee or grid branch and coordinated with functional departments."
)
class MicroProject(Node, FromRow):
    code: str
    name: str
    kind: MicroProjectKind
    status: MicroProjectStatus
    progress: int = strawberry.field(description="Per cent done, 0–100.")
    budget_yuan: int | None
    planned_start_on: date | None = strawberry.field(description="When it was planned to start, if recorded.")
    started_on: date | None
    completed_on: date | None
    cancelled_on: date | None = strawberry.field(description="The day it was cancelled; null unless CANCELLED.")
    cancel_reason: str | None
    plants: int | None = strawberry.field(description="Plants put in (greening sites).")
    lights: int | None = strawberry.field(description="Lights put up (lighting projects).")
    owner: Organization | None = strawberry.field(resolver=common.related("MicroProject", "owner"))
    coordinating_units: list[UnitT] = strawberry.field(
        resolver=common.related("MicroProject", "coordinating_units"),
        description="The functional departments it is coordinated with.",
    )
    at: Node | None = strawberry.field(
        resolver=common.related("MicroProject", "at"), description="The compound or area (片区) where it is."
    )
    milestones: list[Milestone] = strawberry.field(
        resolver=common.nodes("services/rel_project_milestones"), description="By due date."
    )


# ---------------------------------------------------------------- micro-services (微服务) and commendations


@entity
@strawberry.type(description="A micro-service (微服务) a Party member gave a household.")
class ServiceRecord(Node, FromRow):
    code: str
    kind: ServiceKind
    method: str | None = strawberry.field(description="Which of the five small (五小) methods it used.")
    served_on: date
    description: str | None
    retracted_on: date | None = strawberry.field(
        description="The day it was retracted as entered in error; retracted records leave the default lists and "
        "counts, and stay."
    )
    retract_reason: str | None
    by: PersonT | None = strawberry.field(resolver=common.related("ServiceRecord", "by"))
    for_: HouseholdT | None = strawberry.field(name="for", resolver=common.related("ServiceRecord", "for_"))


@entity
@strawberry.type(description="A role model recognised (典型: 好婆婆, 好媳妇, 道德模范, ...).")
class Commendation(Node, FromRow):
    code: str
    title: str
    year: int
    to: PersonT | None = strawberry.field(resolver=common.related("Commendation", "to"))


# ---------------------------------------------------------------- money


@entity
@strawberry.type(description="Money paid to a Party organization: working funds or Party-fee subsidy.")
class Grant(Node, FromRow):
    code: str
    kind: GrantKind
    amount_yuan: int
    year: int
    disbursed_on: date | None = strawberry.field(description="The day it was paid; null until then.")
    voided_on: date | None = strawberry.field(
        description="The day it was voided as entered in error; a voided grant leaves the lists and the funds "
        "summary, and stays."
    )
    void_reason: str | None
    to: Organization | None = strawberry.field(resolver=common.related("Grant", "to"))
    from_: UnitT | None = strawberry.field(
        name="from",
        resolver=common.related("Grant", "from_"),
        description="The paying department.",
    )


@strawberry.type
class FundsByKind:
    kind: GrantKind
    grants: int
    organizations: int = strawberry.field(description="Party organizations that received this kind.")
    amount_yuan: Long


@strawberry.type(
    description="Where the money went (经费去向): grants paid inside a scope, totalled by kind (voided ones left out)."
)
class FundsSummary:
    year: int | None
    grants: int
    amount_yuan: Long
    by_kind: list[FundsByKind] = strawberry.field(description="Every kind, zero where nothing was paid.")

    @classmethod
    def from_rows(cls, rows: list[dict[str, Any]], year: int | None) -> FundsSummary:
        found = {r["kind"]: r for r in rows}
        by_kind = [
            FundsByKind(
                kind=kind,
                grants=found.get(kind.value, {}).get("grants", 0),
                organizations=found.get(kind.value, {}).get("organizations", 0),
                amount_yuan=found.get(kind.value, {}).get("amountYuan", 0),
            )
            for kind in GrantKind
        ]
        return cls(
            year=year,
            grants=sum(k.grants for k in by_kind),
            amount_yuan=Long(sum(k.amount_yuan for k in by_kind)),
            by_kind=by_kind,
        )


# ---------------------------------------------------------------- the county task force (治理专班)


@strawberry.type(description="A department (unit) of the task force, its role and its duty.")
class TaskForceDepartment:
    task_force: TaskForce
    unit: UnitT
    role: TaskForceRole
    duty: str | None


async def resolve_departments(root: TaskForce, info: Info) -> list[TaskForceDepartment]:
    rows = await info.context.loaders.related("services/rel_task_force_departments").load(root.code)
    return [
        TaskForceDepartment(task_force=root, unit=to_node(r), role=TaskForceRole(r["_role"]), duty=r["_duty"])
        for r in rows
    ]


async def resolve_task_force_role(root: Any, info: Info) -> TaskForceDepartment | None:
    rows = await info.context.loaders.related("services/rel_unit_task_forces").load(root.code)
    if not rows:
        return None
    r = rows[0]
    return TaskForceDepartment(task_force=to_node(r), unit=root, role=TaskForceRole(r["_role"]), duty=r["_duty"])


@entity
@strawberry.type(description="The county task force (治理专班) for three-no compounds.")
class TaskForce(Node, FromRow):
    code: str
    name: str
    head: PersonT | None = strawberry.field(
        resolver=common.post_holders(("TASK_FORCE_HEAD",), first_only=True),
        description="Who holds its TASK_FORCE_HEAD post on the given day (default: today).",
    )
    departments: list[TaskForceDepartment] = strawberry.field(resolver=resolve_departments, description="Lead first.")


# ---------------------------------------------------------------- the figures in one request


@strawberry.type
class MicroProjectCount:
    kind: MicroProjectKind
    count: int
    completed: int
    budget_yuan: Long


@strawberry.type
class MatterCount:
    kind: MatterKind
    settled: int
    open: int


@strawberry.type(description="The three micro (三微) and deliberation results inside a scope: DOMAIN.md's figures.")
class ThreeMicroSummary:
    fulfilled_wishes: int = strawberry.field(description="Micro-wishes (微心愿) fulfilled.")
    micro_projects: list[MicroProjectCount] = strawberry.field(description="Every kind, zero where there is none.")
    greening_sites: int = strawberry.field(description="Greening (增绿) micro-projects.")
    plants: int
    lights: int
    upgraded_venues: int = strawberry.field(description="Upgraded activity venues serving the scope today.")
    service_records: int = strawberry.field(description="Micro-services (微服务) given.")
    commendations: int = strawberry.field(description="Role models (典型) living in the scope.")
    matters: list[MatterCount] = strawberry.field(description="Matters settled and still open, by kind.")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ThreeMicroSummary:
        projects = {p["kind"]: p for p in row["microProjects"]}
        matters = {m["kind"]: m for m in row["matters"]}
        return cls(
            fulfilled_wishes=row["fulfilledWishes"],
            micro_projects=[
                MicroProjectCount(
                    kind=kind,
                    count=projects.get(kind.value, {}).get("count", 0),
                    completed=projects.get(kind.value, {}).get("completed", 0),
                    budget_yuan=projects.get(kind.value, {}).get("budgetYuan", 0),
                )
                for kind in MicroProjectKind
            ],
            greening_sites=projects.get(MicroProjectKind.GREENING.value, {}).get("count", 0),
            plants=sum(p["plants"] for p in projects.values()),
            lights=sum(p["lights"] for p in projects.values()),
            upgraded_venues=row["upgradedVenues"],
            service_records=row["serviceRecords"],
            commendations=row["commendations"],
            matters=[
                MatterCount(
                    kind=kind,
                    settled=matters.get(kind.value, {}).get("settled", 0),
                    open=matters.get(kind.value, {}).get("open", 0),
                )
                for kind in MatterKind
            ],
        )


# ---------------------------------------------------------------- root fields


async def resolve_milestones(
    info: Info,
    scope: Annotated[
        strawberry.ID | None,
        strawberry.argument(description="An id or code of a scope (default: everything the caller may see)."),
    ] = None,
    done: Annotated[
        bool | None, strawberry.argument(description="Only those done by the day (true), or not yet (false).")
    ] = None,
    overdue: OverdueArg = None,
    due_soon: DueSoonArg = None,
    as_of: AsOfArg = None,
    order_by: OrderArg = None,
    first: int | None = 20,
    after: str | None = None,
) -> Connection[Milestone]:
    by_due = order_by is QueueOrder.DUE_DATE
    return await services.list_milestones(info, scope, done, overdue, due_soon, as_of, by_due, first, after)


@strawberry.type
class ServicesQuery:
    milestones: Connection[Milestone] = strawberry.field(
        resolver=resolve_milestones,
        description="Milestones of micro-projects at compounds or areas inside the scope, optionally done or not, "
        "overdue or due soon on a day (a cancelled project's are closed); in code order, or by due day "
        "(orderBy: DUE_DATE).",
    )
    micro_projects: Connection[MicroProject] = strawberry.field(
        resolver=services.resolve_micro_projects,
        description="Micro-projects at compounds or areas inside the scope (default: everything the caller may see).",
    )
    service_records: Connection[ServiceRecord] = strawberry.field(
        resolver=services.resolve_service_records,
        description="Micro-services given to households inside the scope, in code order (retracted ones only when "
        "asked for).",
    )
    grants: Connection[Grant] = strawberry.field(
        resolver=services.resolve_grants,
        description="Grants to Party organizations answering for territory inside the scope: unpaid ones first, then "
        "newest first (voided ones only when asked for).",
    )
    commendations: list[Commendation] = strawberry.field(
        resolver=services.resolve_commendations, description="Role models living inside the scope, newest first."
    )
    venues: list[Venue] = strawberry.field(
        resolver=services.resolve_venues,
        description="Activity venues serving a grid or compound inside the scope on the given day.",
    )
    task_force: TaskForce | None = strawberry.field(
        resolver=services.resolve_task_force, description="The county task force (治理专班)."
    )

    @strawberry.field(description="Where the money went: grants inside the scope, totalled by kind.")
    async def funds_summary(
        self, info: Info, scope: strawberry.ID | None = None, year: int | None = None
    ) -> FundsSummary:
        return FundsSummary.from_rows(await services.funds_by_kind(info, scope, year), year)

    @strawberry.field(description="The three micro (三微) and deliberation figures inside the scope, in one request.")
    async def three_micro_summary(self, info: Info, scope: strawberry.ID | None = None) -> ThreeMicroSummary:
        return ThreeMicroSummary.from_row(await services.three_micro_figures(info, scope))


# ---------------------------------------------------------------- changes


@strawberry.input(description="A new micro-project: PLANNED, at 0 %.")
class CreateMicroProjectInput:
    name: str = strawberry.field(description="1–200 characters, stored as given.")
    kind: MicroProjectKind
    owner_id: strawberry.ID = strawberry.field(
        description="The community Party committee or grid branch that owns it; it answers for the site's community "
        "or grid."
    )
    site_id: strawberry.ID = strawberry.field(description="The compound or area (片区) where it is.")
    coordinating_unit_ids: list[strawberry.ID] = strawberry.field(
        description="The functional departments (units) it is coordinated with: 1 to 10, each once."
    )
    budget_yuan: int = strawberry.field(description="In yuan, 0 or more.")
    planned_start_on: date
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class ChangeMicroProjectStatusInput:
    project_id: strawberry.ID
    status: MicroProjectStatus = strawberry.field(
        description="The next status: IN_PROGRESS from PLANNED, COMPLETED from IN_PROGRESS."
    )
    on: date | None = strawberry.field(
        default=None, description="The day it started or was completed (default: today); not in the future."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class RecordMicroProjectProgressInput:
    project_id: strawberry.ID
    progress: int = strawberry.field(description="Per cent done, 0–100.")
    reason: str | None = strawberry.field(
        default=None, description="Needed when the progress goes back (e.g. 返工); up to 500 characters."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class CancelMicroProjectInput:
    project_id: strawberry.ID
    reason: str = strawberry.field(description="Why (1–500 characters), stored as given.")
    on: date | None = strawberry.field(default=None, description="The day it was called off (default: today).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class AddMilestoneInput:
    project_id: strawberry.ID
    title: str = strawberry.field(description="1–200 characters, stored as given.")
    due_on: date = strawberry.field(description="Not before the project's start (actual, or else planned).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class CompleteMilestoneInput:
    milestone_id: strawberry.ID
    done_on: date | None = strawberry.field(
        default=None, description="The day it was reached (default: today); not before the project started."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input(description="A micro-service (微服务) a Party member or volunteer gave a household.")
class RecordServiceInput:
    member_id: strawberry.ID = strawberry.field(
        description="Who served: a Party member, or a member of a volunteer team on that day."
    )
    household_id: strawberry.ID
    kind: ServiceKind
    method: str = strawberry.field(
        description="Which of the five small (五小): 讲清小道理, 开展小活动, 宣传小人物, 解决小问题 or 做好小事情."
    )
    served_on: date | None = strawberry.field(default=None, description="Default: today; not in the future.")
    description: str | None = strawberry.field(default=None, description="Up to 2,000 characters, stored as given.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class RetractServiceInput:
    service_record_id: strawberry.ID
    reason: str = strawberry.field(description="Why it was wrong (1–500 characters), stored as given.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input(description="A grant to a Party organization; its payment is recorded with disburseGrant.")
class RecordGrantInput:
    kind: GrantKind
    amount_yuan: int = strawberry.field(description="In yuan, more than 0.")
    year: int = strawberry.field(description="The budget year it belongs to (2000–2100).")
    organization_id: strawberry.ID = strawberry.field(description="The Party organization it goes to.")
    unit_id: strawberry.ID = strawberry.field(description="The unit (department) paying it.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class DisburseGrantInput:
    grant_id: strawberry.ID
    on: date | None = strawberry.field(
        default=None, description="The day it was paid (default: today): not before its year begins, not in the future."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.input
class VoidGrantInput:
    grant_id: strawberry.ID
    reason: str = strawberry.field(description="Why it was wrong (1–500 characters), stored as given.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type
class MicroProjectPayload:
    project: MicroProject | None = None
    user_errors: list[UserError]


@strawberry.type
class MilestonePayload:
    milestone: Milestone | None = None
    project: MicroProject | None = None
    user_errors: list[UserError]


@strawberry.type
class ServiceRecordPayload:
    service_record: ServiceRecord | None = None
    user_errors: list[UserError]


@strawberry.type
class GrantPayload:
    grant: Grant | None = None
    user_errors: list[UserError]


@strawberry.type
class ServicesMutation:
    @strawberry.mutation(description="微项目: records a new micro-project, PLANNED at 0 %.")
    async def create_micro_project(self, info: Info, input: CreateMicroProjectInput) -> MicroProjectPayload:
        return MicroProjectPayload(**await services.create_micro_project(info, input))

    @strawberry.mutation(
        description="Moves a micro-project one status on: PLANNED → IN_PROGRESS (sets startedOn) → COMPLETED (sets "
        "completedOn and 100 %; every milestone must be done). Anything else is refused with ILLEGAL_TRANSITION."
    )
    async def change_micro_project_status(
        self, info: Info, input: ChangeMicroProjectStatusInput
    ) -> MicroProjectPayload:
        return MicroProjectPayload(**await services.change_micro_project_status(info, input))

    @strawberry.mutation(
        description="Records how far a project in progress has got. It never goes back unless a reason is given; "
        "the audit trail keeps every value and reason."
    )
    async def record_micro_project_progress(
        self, info: Info, input: RecordMicroProjectProgressInput
    ) -> MicroProjectPayload:
        return MicroProjectPayload(**await services.record_micro_project_progress(info, input))

    @strawberry.mutation(description="Calls off a planned or running micro-project; it stays, CANCELLED.")
    async def cancel_micro_project(self, info: Info, input: CancelMicroProjectInput) -> MicroProjectPayload:
        return MicroProjectPayload(**await services.cancel_micro_project(info, input))

    @strawberry.mutation(description="Adds a milestone to a micro-project that is not over (at most 20 a project).")
    async def add_milestone(self, info: Info, input: AddMilestoneInput) -> MilestonePayload:
        return MilestonePayload(**await services.add_milestone(info, input))

    @strawberry.mutation(description="Marks a milestone of a project in progress done, once.")
    async def complete_milestone(self, info: Info, input: CompleteMilestoneInput) -> MilestonePayload:
        return MilestonePayload(**await services.complete_milestone(info, input))

    @strawberry.mutation(description="微服务: records a service a Party member or volunteer gave a household.")
    async def record_service(self, info: Info, input: RecordServiceInput) -> ServiceRecordPayload:
        return ServiceRecordPayload(**await services.record_service(info, input))

    @strawberry.mutation(
        description="Retracts a service record entered in error: it leaves the default lists and counts, and stays."
    )
    async def retract_service(self, info: Info, input: RetractServiceInput) -> ServiceRecordPayload:
        return ServiceRecordPayload(**await services.retract_service(info, input))

    @strawberry.mutation(description="Records a grant (工作经费 or 党费补助) to a Party organization, not yet paid.")
    async def record_grant(self, info: Info, input: RecordGrantInput) -> GrantPayload:
        return GrantPayload(**await services.record_grant(info, input))

    @strawberry.mutation(description="Records the day a grant was paid, once.")
    async def disburse_grant(self, info: Info, input: DisburseGrantInput) -> GrantPayload:
        return GrantPayload(**await services.disburse_grant(info, input))

    @strawberry.mutation(
        description="Voids a grant entered in error: it leaves the lists and the funds summary, and stays."
    )
    async def void_grant(self, info: Info, input: VoidGrantInput) -> GrantPayload:
        return GrantPayload(**await services.void_grant(info, input))
