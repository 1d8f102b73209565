"""The territory (属地): county → street → community → grid → area (片区) → compound → building → household."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from resolvers import common, territory
from schema.node import Connection, FromRow, Node, entity

if TYPE_CHECKING:
    from schema.organizations import PartyOrganization
    from schema.people import Person
    from schema.units import Unit

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
PersonT = Annotated["Person", strawberry.lazy("schema.people")]
UnitT = Annotated["Unit", strawberry.lazy("schema.units")]


@strawberry.enum
class AreaKind(enum.Enum):
    COMPOUND = "COMPOUND"
    ALLEY = "ALLEY"
    SHOPFRONT = "SHOPFRONT"


@strawberry.enum
class CompoundKind(enum.Enum):
    THREE_NO = "THREE_NO"
    MANAGED = "MANAGED"


@entity
@strawberry.type(description="潼关县: the root of the territory and the default scope of every analysis.")
class County(Node, FromRow):
    code: str
    name: str
    streets: list[Street] = strawberry.field(resolver=common.nodes("territory/rel_children", "Street"))


@entity
@strawberry.type(description="街道")
class Street(Node, FromRow):
    code: str
    name: str
    communities: list[Community] = strawberry.field(resolver=common.nodes("territory/rel_children", "Community"))
    working_committee: Organization | None = strawberry.field(
        resolver=common.node("organizations/rel_answering_for", kind="STREET_WORKING_COMMITTEE")
    )


@entity
@strawberry.type(description="社区")
class Community(Node, FromRow):
    code: str
    name: str
    street: Street = strawberry.field(resolver=common.node("territory/rel_parent"))
    grids: list[Grid] = strawberry.field(resolver=common.nodes("territory/rel_children", "Grid"))
    committee: Organization | None = strawberry.field(
        resolver=common.node("organizations/rel_answering_for", kind="COMMUNITY_COMMITTEE")
    )


@entity
@strawberry.type(description="网格")
class Grid(Node, FromRow):
    code: str
    name: str
    community: Community = strawberry.field(resolver=common.node("territory/rel_parent"))
    branch: Organization | None = strawberry.field(
        resolver=common.node("organizations/rel_answering_for", kind="GRID_BRANCH")
    )
    areas: list[Area] = strawberry.field(resolver=common.nodes("territory/rel_children", "Area"))
    compounds: list[Compound] = strawberry.field(resolver=common.nodes("territory/rel_grid_compounds"))
    units: list[UnitT] = strawberry.field(
        resolver=common.nodes_as_of("units/rel_grid_units"),
        description="Co-building units paired with an area of this grid on the given day (default: today).",
    )


@entity
@strawberry.type(description="A 片区: part of a grid that a unit is paired with and an area Party group looks after.")
class Area(Node, FromRow):
    code: str
    name: str
    kind: AreaKind
    grid: Grid = strawberry.field(resolver=common.node("territory/rel_parent"))
    compounds: list[Compound] = strawberry.field(resolver=common.nodes("territory/rel_children", "Compound"))
    buildings: list[Building] = strawberry.field(
        resolver=common.nodes("territory/rel_children", "Building"),
        description="Buildings standing directly in the area (alley courtyards, shop-front rows), not in a compound.",
    )
    party_group: Organization | None = strawberry.field(
        resolver=common.node("organizations/rel_answering_for", kind="AREA_GROUP")
    )
    units: list[UnitT] = strawberry.field(resolver=common.nodes_as_of("units/rel_area_units"))


@entity
@strawberry.type(description="小区: three-no (三无) or managed (物管).")
class Compound(Node, FromRow):
    code: str
    name: str
    kind: CompoundKind
    address: str | None
    area: Area = strawberry.field(resolver=common.node("territory/rel_parent"))
    grid: Grid = strawberry.field(resolver=common.node("territory/rel_compound_grid"))
    buildings: list[Building] = strawberry.field(resolver=common.nodes("territory/rel_children", "Building"))
    party_organizations: list[Organization] = strawberry.field(
        resolver=common.nodes("organizations/rel_compound_organizations"),
        description="Its compound branch and its area's Party group, as they stand today.",
    )


@entity
@strawberry.type(description="楼栋 (or an alley courtyard 院落, a shop-front row).")
class Building(Node, FromRow):
    code: str
    name: str
    compound: Compound | None = strawberry.field(resolver=common.node("territory/rel_parent", "Compound"))
    area: Area = strawberry.field(resolver=common.node("territory/rel_building_area"))
    households: Connection[Household] = strawberry.field(
        resolver=common.page("territory/page_building_households", "territory/count_building_households")
    )
    leader: PersonT | None = strawberry.field(
        resolver=common.post_holders(("BUILDING_LEADER",), first_only=True),
        description="The building leader (楼栋长) on the given day (default: today); null when the post is vacant.",
    )
    central_households: list[PersonT] = strawberry.field(
        resolver=common.post_holders(("CENTRAL_HOUSEHOLD",), first_only=False),
        description="Party-member central households (党员中心户) of the building on the given day.",
    )
    paired_members: list[PersonT] = strawberry.field(
        resolver=common.nodes_as_of("people/rel_paired_members"),
        description="Cadres paired with the whole building (包楼栋) on the given day.",
    )


@entity
@strawberry.type(description="户")
class Household(Node, FromRow):
    code: str
    address: str
    building: Building = strawberry.field(resolver=common.node("territory/rel_parent"))
    residents: list[PersonT] = strawberry.field(resolver=common.nodes("people/rel_household_residents"))
    paired_members: list[PersonT] = strawberry.field(
        resolver=common.nodes_as_of("people/rel_paired_members"),
        description="Party members paired with this household (联户) on the given day (default: today).",
    )


@strawberry.type
class TerritoryQuery:
    county: County | None = strawberry.field(resolver=territory.resolve_county)
    streets: list[Street] = strawberry.field(resolver=territory.resolve_streets)
    grids: Connection[Grid] = strawberry.field(resolver=territory.resolve_grids)
