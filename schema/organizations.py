"""The Party organization tree (党组织): working committee → community committees → grid branches →
compound branches and area groups. Kept apart from the territory tree it answers for."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from api.node import Connection, FromRow, Node, entity
from resolvers import common, organizations

if TYPE_CHECKING:
    from schema.governance import DeliberationPlatform
    from schema.people import Person
    from schema.posts import Post
    from schema.services import Grant, MicroProject, Venue
    from schema.units import VolunteerTeam

PersonT = Annotated["Person", strawberry.lazy("schema.people")]
PostT = Annotated["Post", strawberry.lazy("schema.posts")]
TeamT = Annotated["VolunteerTeam", strawberry.lazy("schema.units")]
GrantT = Annotated["Grant", strawberry.lazy("schema.services")]
ProjectT = Annotated["MicroProject", strawberry.lazy("schema.services")]
VenueT = Annotated["Venue", strawberry.lazy("schema.services")]
PlatformT = Annotated["DeliberationPlatform", strawberry.lazy("schema.governance")]


@strawberry.enum
class PartyOrganizationKind(enum.Enum):
    STREET_WORKING_COMMITTEE = "STREET_WORKING_COMMITTEE"
    COMMUNITY_COMMITTEE = "COMMUNITY_COMMITTEE"
    GRID_BRANCH = "GRID_BRANCH"
    COMPOUND_BRANCH = "COMPOUND_BRANCH"
    AREA_GROUP = "AREA_GROUP"


@entity
@strawberry.type
class PartyOrganization(Node, FromRow):
    code: str
    name: str
    kind: PartyOrganizationKind
    joint: bool = strawberry.field(
        default=False, description="For compound branches: true when formed jointly for several compounds."
    )
    parent: PartyOrganization | None = strawberry.field(resolver=common.related("PartyOrganization", "parent"))
    children: list[PartyOrganization] = strawberry.field(resolver=common.related("PartyOrganization", "children"))
    secretary: PersonT | None = strawberry.field(
        resolver=common.post_holders(("SECRETARY", "GROUP_LEADER"), first_only=True),
        description="The secretary, or the leader of an area Party group; null while the post is vacant.",
    )
    posts: list[PostT] = strawberry.field(
        resolver=common.related("PartyOrganization", "posts"),
        description="Its posts (secretary, or group leader), in code order; a vacant one has no holder.",
    )
    members: Connection[PersonT] = strawberry.field(
        resolver=common.page("organizations/page_members", "organizations/count_members")
    )
    territory: list[Node] = strawberry.field(
        resolver=common.related("PartyOrganization", "territory"),
        description="The streets, communities, grids, areas or compounds it answers for.",
    )
    volunteer_teams: list[TeamT] = strawberry.field(resolver=common.related("PartyOrganization", "volunteer_teams"))
    grants: Connection[GrantT] = strawberry.field(
        resolver=common.page("services/page_grants_of", "services/count_grants_of", sort_key="_cursor"),
        description="Grants it received (voided ones left out): unpaid ones first, then newest first.",
    )
    micro_projects: Connection[ProjectT] = strawberry.field(
        resolver=common.page("services/page_micro_projects_of", "services/count_micro_projects_of"),
        description="Micro-projects it owns, in code order.",
    )
    venues: list[VenueT] = strawberry.field(
        resolver=common.related("PartyOrganization", "venues"), description="Activity venues it runs."
    )
    deliberation_platforms: list[PlatformT] = strawberry.field(
        resolver=common.related("PartyOrganization", "deliberation_platforms"),
        description="Deliberation platforms it runs.",
    )

    @classmethod
    def from_row(cls, row: dict) -> PartyOrganization:
        return cls(
            code=row["code"],
            name=row["name"],
            kind=PartyOrganizationKind(row["kind"]),
            joint=bool(row.get("joint")),
        )


async def resolve_party_organizations(
    info: strawberry.Info,
    scope: Annotated[
        strawberry.ID | None,
        strawberry.argument(
            description="An id or code of a County, Street, Community, Grid, Area, Compound, Unit or "
            "PartyOrganization; none: all."
        ),
    ] = None,
    kind: PartyOrganizationKind | None = None,
    joint: Annotated[
        bool | None,
        strawberry.argument(description="Compound branches formed for several compounds (联合组建) or not."),
    ] = None,
    as_of: Annotated[date | None, strawberry.argument(description="The day (default: today).")] = None,
    first: int | None = 20,
    after: str | None = None,
) -> Connection[PartyOrganization]:
    return await organizations.resolve_party_organizations(
        info, scope, kind.value if kind else None, joint, as_of, first, after
    )


@strawberry.type
class OrganizationsQuery:
    party_organizations: Connection[PartyOrganization] = strawberry.field(
        resolver=resolve_party_organizations,
        description="Party organizations in code order, optionally of one kind and joint or not: the county's (counted "
        "without a walk down the tree), or those answering on the day for a street, community, grid, area or "
        "compound inside the scope.",
    )
