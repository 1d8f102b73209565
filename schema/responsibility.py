"""Who is answerable for a household (the chain a front-end draws beside it), nearest first."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from api.node import to_node
from resolvers import responsibility as resolvers

if TYPE_CHECKING:
    from schema.organizations import PartyOrganization
    from schema.people import Person
    from schema.units import Unit

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
PersonT = Annotated["Person", strawberry.lazy("schema.people")]
UnitT = Annotated["Unit", strawberry.lazy("schema.units")]


@strawberry.enum(description="Why someone is answerable for a household; the values are in nearest-first order.")
class ResponsibilityRole(enum.Enum):
    PAIRED_MEMBER = strawberry.enum_value("PAIRED_MEMBER", description="A cadre paired with the household (联户).")
    BUILDING_PAIRED_MEMBER = strawberry.enum_value(
        "BUILDING_PAIRED_MEMBER",
        description="A cadre paired with the household's whole building (包楼栋), answerable for every household "
        "in it.",
    )
    BUILDING_LEADER = strawberry.enum_value("BUILDING_LEADER", description="The building leader (楼栋长).")
    CENTRAL_HOUSEHOLD = strawberry.enum_value(
        "CENTRAL_HOUSEHOLD", description="A Party-member central household of the building (党员中心户)."
    )
    AREA_GROUP = strawberry.enum_value(
        "AREA_GROUP", description="The area Party group (片区党小组) answering for its area; person: the group leader."
    )
    COMPOUND_BRANCH = strawberry.enum_value(
        "COMPOUND_BRANCH",
        description="The compound Party branch (小区党支部) answering for its compound; person: secretary.",
    )
    GRID_BRANCH = strawberry.enum_value(
        "GRID_BRANCH", description="The grid Party branch (网格党支部) answering for its grid; person: secretary."
    )
    PAIRED_UNIT = strawberry.enum_value(
        "PAIRED_UNIT", description="A co-building unit paired with its area (包片); unit set, no person."
    )
    POLICE_OFFICER = strawberry.enum_value(
        "POLICE_OFFICER", description="The police officer of its compound, then of its area (包片干警)."
    )
    COMMUNITY_COMMITTEE = strawberry.enum_value(
        "COMMUNITY_COMMITTEE", description="The community Party committee (社区党委); person: its secretary."
    )


@strawberry.type(
    description=(
        "One link of a household's chain of responsibility: a person (a paired cadre, a post holder), an "
        "organization with its secretary or leader (person null while the post is vacant), or a paired unit."
    )
)
class Responsibility:
    role: ResponsibilityRole
    person: PersonT | None
    organization: Organization | None
    unit: UnitT | None


async def resolve_responsible(root: Any, info: Info, as_of: date | None = None) -> list[Responsibility]:
    rows = await resolvers.responsible(info, root.code, as_of)
    return [
        Responsibility(
            role=ResponsibilityRole(r["role"]),
            person=to_node(r["person"]),
            organization=to_node(r["organization"]),
            unit=to_node(r["unit"]),
        )
        for r in rows
    ]
