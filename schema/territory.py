"""The territory (属地): county → street → community → grid → area (片区) → compound → building → household."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.node import Connection, FromRow, Node, entity
from resolvers import common, territory
from schema.coverage import resolve_five_haves, territory_coverage
from schema.geography import GeoJSON
from schema.pairings import GridReport, Pairing, pairing_history
from schema.responsibility import resolve_responsible

if TYPE_CHECKING:
    from schema.coverage import Coverage, FiveHaves
    from schema.governance import DeliberationPlatform, Matter, SelfGovernanceBody
    from schema.organizations import PartyOrganization
    from schema.people import Person
    from schema.posts import Post
    from schema.responsibility import Responsibility
    from schema.services import MicroProject, ServiceRecord, Venue
    from schema.units import Unit, VolunteerTeam
    from schema.wishes import Wish

Organization = Annotated["PartyOrganization", strawberry.lazy("schema.organizations")]
PersonT = Annotated["Person", strawberry.lazy("schema.people")]
PostT = Annotated["Post", strawberry.lazy("schema.posts")]
UnitT = Annotated["Unit", strawberry.lazy("schema.units")]
TeamT = Annotated["VolunteerTeam", strawberry.lazy("schema.units")]
VenueT = Annotated["Venue", strawberry.lazy("schema.services")]
ProjectT = Annotated["MicroProject", strawberry.lazy("schema.services")]
ServiceRecordT = Annotated["ServiceRecord", strawberry.lazy("schema.services")]
BodyT = Annotated["SelfGovernanceBody", strawberry.lazy("schema.governance")]
PlatformT = Annotated["DeliberationPlatform", strawberry.lazy("schema.governance")]
MatterT = Annotated["Matter", strawberry.lazy("schema.governance")]
ResponsibilityT = Annotated["Responsibility", strawberry.lazy("schema.responsibility")]
WishT = Annotated["Wish", strawberry.lazy("schema.wishes")]
CoverageT = Annotated["Coverage", strawberry.lazy("schema.coverage")]
FiveHavesT = Annotated["FiveHaves", strawberry.lazy("schema.coverage")]


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
    streets: list[Street] = strawberry.field(resolver=common.related("County", "streets"))


@entity
@strawberry.type(description="街道")
class Street(Node, FromRow):
    code: str
    name: str
    outline: GeoJSON | None = strawberry.field(
        description="Its outline on the map: a GeoJSON Polygon (see mapFeatures)."
    )
    communities: list[Community] = strawberry.field(resolver=common.related("Street", "communities"))
    working_committee: Organization | None = strawberry.field(resolver=common.related("Street", "working_committee"))
    coverage: CoverageT = strawberry.field(
        resolver=territory_coverage("Street"),
        description="Coverage counts for this street on the given day (default: today).",
    )


@entity
@strawberry.type(description="社区")
class Community(Node, FromRow):
    code: str
    name: str
    outline: GeoJSON | None = strawberry.field(
        description="Its outline on the map: a GeoJSON Polygon (see mapFeatures)."
    )
    street: Street = strawberry.field(resolver=common.related("Community", "street"))
    grids: list[Grid] = strawberry.field(resolver=common.related("Community", "grids"))
    committee: Organization | None = strawberry.field(resolver=common.related("Community", "committee"))
    coverage: CoverageT = strawberry.field(
        resolver=territory_coverage("Community"),
        description="Coverage counts for this community on the given day (default: today).",
    )


@entity
@strawberry.type(description="网格")
class Grid(Node, FromRow):
    code: str
    name: str
    outline: GeoJSON | None = strawberry.field(
        description="Its outline on the map: a GeoJSON Polygon (see mapFeatures)."
    )
    community: Community = strawberry.field(resolver=common.related("Grid", "community"))
    branch: Organization | None = strawberry.field(resolver=common.related("Grid", "branch"))
    areas: list[Area] = strawberry.field(resolver=common.related("Grid", "areas"))
    compounds: list[Compound] = strawberry.field(resolver=common.related("Grid", "compounds"))
    units: list[UnitT] = strawberry.field(
        resolver=common.related("Grid", "units", as_of=True),
        description="Co-building units paired with an area of this grid on the given day (default: today).",
    )
    venues: list[VenueT] = strawberry.field(
        resolver=common.related("Grid", "venues", as_of=True),
        description="Activity venues serving the grid or a compound in it on the given day (default: today).",
    )
    deliberation_platforms: list[PlatformT] = strawberry.field(
        resolver=common.related("Grid", "deliberation_platforms", as_of=True),
        description="Deliberation platforms serving the grid or a compound in it on the given day (default: today).",
    )
    coverage: CoverageT = strawberry.field(
        resolver=territory_coverage("Grid"),
        description="Coverage counts for this grid on the given day (default: today).",
    )
    reported_members: Connection[GridReport] = strawberry.field(
        resolver=common.page_as_of(
            "territory/page_grid_reports", "territory/count_grid_reports", make=GridReport.from_row
        ),
        description="Who reports in to this grid (报到) on the given day (default: today), and since when, in "
        "member code order.",
    )


@entity
@strawberry.type(description="A 片区: part of a grid that a unit is paired with and an area Party group looks after.")
class Area(Node, FromRow):
    code: str
    name: str
    kind: AreaKind
    outline: GeoJSON | None = strawberry.field(
        description="Its outline on the map: a GeoJSON Polygon (see mapFeatures)."
    )
    grid: Grid = strawberry.field(resolver=common.related("Area", "grid"))
    compounds: list[Compound] = strawberry.field(resolver=common.related("Area", "compounds"))
    buildings: list[Building] = strawberry.field(
        resolver=common.related("Area", "buildings"),
        description="Buildings standing directly in the area (alley courtyards, shop-front rows), not in a compound.",
    )
    party_group: Organization | None = strawberry.field(resolver=common.related("Area", "party_group"))
    posts: list[PostT] = strawberry.field(
        resolver=common.related("Area", "posts"),
        description="Its posts (a police officer assigned to the area as a whole), in code order.",
    )
    units: list[UnitT] = strawberry.field(resolver=common.related("Area", "units", as_of=True))
    micro_projects: Connection[ProjectT] = strawberry.field(
        resolver=common.page("services/page_micro_projects_of", "services/count_micro_projects_of"),
        description="Micro-projects in this area, in code order.",
    )
    pairing_history: list[Pairing] = pairing_history(
        "Every pairing of a unit with this area (包片), ended ones too, by start day."
    )


@entity
@strawberry.type(description="小区: three-no (三无) or managed (物管).")
class Compound(Node, FromRow):
    code: str
    name: str
    kind: CompoundKind
    address: str | None
    built_year: int | None = strawberry.field(description="The year it was built.")
    outline: GeoJSON | None = strawberry.field(
        description="Its outline on the map: a GeoJSON Polygon (see mapFeatures)."
    )
    location: GeoJSON | None = strawberry.field(description="Where it stands on the map: a GeoJSON Point.")
    area: Area = strawberry.field(resolver=common.related("Compound", "area"))
    grid: Grid = strawberry.field(resolver=common.related("Compound", "grid"))
    buildings: list[Building] = strawberry.field(resolver=common.related("Compound", "buildings"))
    party_organizations: list[Organization] = strawberry.field(
        resolver=common.related("Compound", "party_organizations"),
        description="Its compound branch and its area's Party group, as they stand today.",
    )
    units: list[UnitT] = strawberry.field(
        resolver=common.related("Compound", "units", as_of=True),
        description="Co-building units paired with its area on the given day (default: today).",
    )
    volunteer_teams: list[TeamT] = strawberry.field(
        resolver=common.related("Compound", "volunteer_teams", as_of=True),
        description="Volunteer teams serving it on the given day (default: today).",
    )
    police_officers: list[PersonT] = strawberry.field(
        resolver=common.nodes_as_of("people/rel_compound_police_officers"),
        description="Police officers (包片干警) assigned to it or its area on the given day (default: today).",
    )
    posts: list[PostT] = strawberry.field(
        resolver=common.related("Compound", "posts"), description="Its posts (the police officer's), in code order."
    )
    venues: list[VenueT] = strawberry.field(
        resolver=common.related("Compound", "venues", as_of=True),
        description="Activity venues serving it or its grid on the given day (default: today).",
    )
    self_governance_bodies: list[BodyT] = strawberry.field(
        resolver=common.related("Compound", "self_governance_bodies", as_of=True),
        description="Self-governance bodies (家委会, 物管会) serving it on the given day (default: today).",
    )
    deliberation_platforms: list[PlatformT] = strawberry.field(
        resolver=common.related("Compound", "deliberation_platforms", as_of=True),
        description="Deliberation platforms serving it or its grid on the given day (default: today).",
    )
    micro_projects: Connection[ProjectT] = strawberry.field(
        resolver=common.page("services/page_compound_micro_projects", "services/count_compound_micro_projects"),
        description="Micro-projects at it or at its area, in code order.",
    )
    matters: Connection[MatterT] = strawberry.field(
        resolver=common.page("governance/page_matters_of", "governance/count_matters_of"),
        description="Matters (议事事项) concerning it, in code order.",
    )
    five_haves: FiveHavesT = strawberry.field(
        resolver=resolve_five_haves,
        description="How far it is from the five haves (五有) on the given day (default: today), with the evidence.",
    )


@entity
@strawberry.type(description="楼栋 (or an alley courtyard 院落, a shop-front row).")
class Building(Node, FromRow):
    code: str
    name: str
    floors: int | None = strawberry.field(description="Storeys above ground.")
    location: GeoJSON | None = strawberry.field(description="Where it stands on the map: a GeoJSON Point.")
    compound: Compound | None = strawberry.field(resolver=common.related("Building", "compound"))
    area: Area = strawberry.field(resolver=common.related("Building", "area"))
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
    posts: list[PostT] = strawberry.field(
        resolver=common.related("Building", "posts"),
        description="Its posts (building leader, central household), in code order; a vacant one has no holder.",
    )
    paired_members: list[PersonT] = strawberry.field(
        resolver=common.related("Building", "paired_members", as_of=True),
        description="Cadres paired with the whole building (包楼栋) on the given day.",
    )
    pairing_history: list[Pairing] = pairing_history(
        "Every pairing of a member with this whole building (包楼栋), ended ones too, by start day."
    )


@entity
@strawberry.type(description="户")
class Household(Node, FromRow):
    code: str
    address: str
    size: int | None = strawberry.field(description="How many people live in it (its residents).")
    building: Building = strawberry.field(resolver=common.related("Household", "building"))
    residents: list[PersonT] = strawberry.field(resolver=common.related("Household", "residents"))
    paired_members: list[PersonT] = strawberry.field(
        resolver=common.related("Household", "paired_members", as_of=True),
        description="Party members paired with this household (联户) on the given day (default: today); those paired "
        "with its whole building are its building's pairedMembers.",
    )
    pairing_history: list[Pairing] = pairing_history(
        "Every pairing of a member with this household (联户), ended ones too, by start day; the building's "
        "pairings (包楼栋) are in its building's pairingHistory."
    )
    service_records: Connection[ServiceRecordT] = strawberry.field(
        resolver=common.page("services/page_service_records_of", "services/count_service_records_of"),
        description="Micro-services (微服务) the household received, in code order.",
    )
    responsible: list[ResponsibilityT] = strawberry.field(
        resolver=resolve_responsible, description="Every person and body answerable for this household, nearest first."
    )
    wishes: Connection[WishT] = strawberry.field(
        resolver=common.page("wishes/page_household_wishes", "wishes/count_household_wishes"),
        description="Its micro-wishes (微心愿), in code order.",
    )


@strawberry.type
class TerritoryQuery:
    county: County | None = strawberry.field(resolver=territory.resolve_county)
    streets: list[Street] = strawberry.field(resolver=territory.resolve_streets)
    grids: Connection[Grid] = strawberry.field(resolver=territory.resolve_grids)
