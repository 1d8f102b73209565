"""Co-building units (共驻共建单位), their cadres, and volunteer teams."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from api.node import Connection, FromRow, Node, entity
from resolvers import common, units
from schema import services
from schema.pairings import Pairing, pairing_history

if TYPE_CHECKING:
    from schema.organizations import PartyOrganization
    from schema.people import Person
    from schema.services import Grant, MicroProject, TaskForceDepartment
    from schema.territory import Area, Compound, Grid

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
PersonT = Annotated["Person", strawberry.lazy("schema.people")]
AreaT = Annotated["Area", strawberry.lazy("schema.territory")]
GridT = Annotated["Grid", strawberry.lazy("schema.territory")]
CompoundT = Annotated["Compound", strawberry.lazy("schema.territory")]
GrantT = Annotated["Grant", strawberry.lazy("schema.services")]
ProjectT = Annotated["MicroProject", strawberry.lazy("schema.services")]
DepartmentT = Annotated["TaskForceDepartment", strawberry.lazy("schema.services")]


@strawberry.enum
class UnitKind(enum.Enum):
    AGENCY = "AGENCY"
    ENTERPRISE = "ENTERPRISE"
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION"
    SOCIAL_ORGANIZATION = "SOCIAL_ORGANIZATION"


@strawberry.enum(description="What an in-service cadre is paired with on a day.")
class CadrePairing(enum.Enum):
    HOUSEHOLDS = strawberry.enum_value("HOUSEHOLDS", description="At least one household (联户), maybe buildings too.")
    BUILDINGS_ONLY = strawberry.enum_value(
        "BUILDINGS_ONLY", description="Whole buildings (包楼栋), and no household of their own."
    )
    UNPAIRED = strawberry.enum_value("UNPAIRED", description="Nothing: no household and no building.")


@strawberry.type(
    description="When a unit last did something, by a day: a service (微服务) by one of its cadres, a micro-project it "
    "is coordinated with starting, completing or being cancelled, a pairing of the unit (包片) or of one of its "
    "cadres (联户, 包楼栋) beginning or ending. Null where it never did."
)
class UnitActivity:
    last_active_on: date | None = strawberry.field(description="The latest of the three below.")
    last_service_on: date | None
    last_project_on: date | None
    last_pairing_change_on: date | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> UnitActivity:
        days = [d for d in row.values() if d is not None]
        return cls(
            last_active_on=max(days) if days else None,
            last_service_on=row["lastServiceOn"],
            last_project_on=row["lastProjectOn"],
            last_pairing_change_on=row["lastPairingChangeOn"],
        )


async def resolve_activity(root: Any, info: strawberry.Info, as_of: date | None = None) -> UnitActivity:
    return UnitActivity.from_row(await units.activity(info, root.code, as_of))


@entity
@strawberry.type(description="A co-building unit (共驻共建单位).")
class Unit(Node, FromRow):
    code: str
    name: str
    kind: UnitKind
    areas: list[AreaT] = strawberry.field(resolver=common.related("Unit", "areas", as_of=True))
    grids: list[GridT] = strawberry.field(resolver=common.related("Unit", "grids", as_of=True))
    cadres: Connection[PersonT] = strawberry.field(resolver=common.page("units/page_cadres", "units/count_cadres"))
    volunteer_teams: list[VolunteerTeam] = strawberry.field(resolver=common.related("Unit", "volunteer_teams"))
    task_force_role: DepartmentT | None = strawberry.field(
        resolver=services.resolve_task_force_role,
        description="Its role and duty as a department of the county task force (治理专班); null if it is none.",
    )
    micro_projects: Connection[ProjectT] = strawberry.field(
        resolver=common.page("services/page_micro_projects_of", "services/count_micro_projects_of"),
        description="Micro-projects it is coordinated with, in code order.",
    )
    grants_paid: Connection[GrantT] = strawberry.field(
        resolver=common.page("services/page_grants_of", "services/count_grants_of", sort_key="_cursor"),
        description="Grants it paid as the paying department (voided ones left out): unpaid ones first, then "
        "newest first.",
    )
    activity: UnitActivity = strawberry.field(
        resolver=resolve_activity,
        description="When it last did something by the given day (default: today): is the unit active?",
    )
    pairing_history: list[Pairing] = pairing_history(
        "Every pairing of this unit with an area (包片), ended ones too, by start day."
    )


@entity
@strawberry.type(description="A Party-member volunteer service team (党员志愿服务队).")
class VolunteerTeam(Node, FromRow):
    code: str
    name: str
    unit: Unit | None = strawberry.field(resolver=common.related("VolunteerTeam", "unit"))
    organization: Organization | None = strawberry.field(resolver=common.related("VolunteerTeam", "organization"))
    member_count: int = strawberry.field(resolver=common.value("units/count_team_members"))
    serves: list[CompoundT] = strawberry.field(resolver=common.related("VolunteerTeam", "serves"))
    members: Connection[PersonT] = strawberry.field(
        resolver=common.page_as_of("units/page_team_members", "units/count_team_members_on"),
        description="Its members on the given day (default: today), in code order.",
    )


SCOPE = "An id or code of a County, Street, Community, Grid, Area, Compound, Unit or PartyOrganization; none: all."


async def resolve_cadres(
    info: strawberry.Info,
    scope: Annotated[strawberry.ID | None, strawberry.argument(description=SCOPE)] = None,
    pairing: Annotated[
        CadrePairing | None, strawberry.argument(description="Only those paired so on the day (default: all).")
    ] = None,
    as_of: Annotated[date | None, strawberry.argument(description="The day (default: today).")] = None,
    first: int | None = 20,
    after: str | None = None,
) -> Connection[PersonT]:
    return await units.resolve_cadres(info, scope, pairing.name if pairing else None, as_of, first, after)


async def resolve_red_stewards(
    info: strawberry.Info,
    scope: Annotated[strawberry.ID | None, strawberry.argument(description=SCOPE)] = None,
    first: int | None = 20,
    after: str | None = None,
) -> Connection[PersonT]:
    return await units.resolve_red_stewards(info, scope, first, after)


@strawberry.type
class UnitsQuery:
    units: Connection[Unit] = strawberry.field(resolver=units.resolve_units)
    cadres: Connection[PersonT] = strawberry.field(
        resolver=resolve_cadres,
        description="In-service cadres (在职党员干部) in code order: the county's, a unit's own, or those reporting in "
        "(报到) on the day to a grid inside the scope; pairing: only those with no pairing (UNPAIRED), with buildings "
        "only (BUILDINGS_ONLY) or with households (HOUSEHOLDS) on the day.",
    )
    red_stewards: Connection[PersonT] = strawberry.field(
        resolver=resolve_red_stewards,
        description="Red stewards (红色管家) living inside the scope (default: everything the caller may see), in code "
        "order.",
    )
