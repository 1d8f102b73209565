"""Co-building units (共驻共建单位), their cadres, and volunteer teams."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import common, units
from schema import services
from schema.node import Connection, FromRow, Node, entity

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


@entity
@strawberry.type(description="A co-building unit (共驻共建单位).")
class Unit(Node, FromRow):
    code: str
    name: str
    kind: UnitKind
    areas: list[AreaT] = strawberry.field(resolver=common.nodes_as_of("units/rel_unit_areas"))
    grids: list[GridT] = strawberry.field(resolver=common.nodes_as_of("units/rel_unit_grids"))
    cadres: Connection[PersonT] = strawberry.field(resolver=common.page("units/page_cadres", "units/count_cadres"))
    volunteer_teams: list[VolunteerTeam] = strawberry.field(resolver=common.nodes("units/rel_unit_volunteer_teams"))
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


@entity
@strawberry.type(description="A Party-member volunteer service team (党员志愿服务队).")
class VolunteerTeam(Node, FromRow):
    code: str
    name: str
    unit: Unit | None = strawberry.field(resolver=common.node("units/rel_team_organizer", "Unit"))
    organization: Organization | None = strawberry.field(
        resolver=common.node("units/rel_team_organizer", "PartyOrganization")
    )
    member_count: int = strawberry.field(resolver=common.value("units/count_team_members"))
    serves: list[CompoundT] = strawberry.field(resolver=common.nodes("units/rel_served_compounds"))


@strawberry.type
class UnitsQuery:
    units: Connection[Unit] = strawberry.field(resolver=units.resolve_units)
