"""Coverage and the five haves (五有): what analysts and the Organization Department ask of a scope.

A scope is the county (the default: everything the caller may see), a street, community, grid, area or
compound (the territory under it), a unit (the areas it is paired with on the day) or a Party
organization (the territory it answers for on the day). Every count is "on a day": ``asOf``, default today.
"""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from api.node import Connection, Node, to_node
from graph.privacy import SUPPRESS_BELOW
from resolvers import coverage
from schema.people import PostRole

if TYPE_CHECKING:
    from schema.territory import Area, Building, Compound, CompoundKind, Household

AreaT = Annotated["Area", strawberry.lazy("schema.territory")]
BuildingT = Annotated["Building", strawberry.lazy("schema.territory")]
CompoundT = Annotated["Compound", strawberry.lazy("schema.territory")]
CompoundKindT = Annotated["CompoundKind", strawberry.lazy("schema.territory")]
HouseholdT = Annotated["Household", strawberry.lazy("schema.territory")]

SPECIAL_GROUP_COUNTS = {
    "special_group_residents": "specialGroupResidents",
    "uncovered_special_group_residents": "uncoveredSpecialGroupResidents",
}
"""The counts that are about special-group status (suppressed when small, for roles that may not see it)."""

SCOPE = (
    "A County, Street, Community, Grid, Area, Compound, Unit or PartyOrganization: its id or its code (GR03); none: "
    "everything you may see."
)
AS_OF = "The day to answer for (default: today)."


@strawberry.type(
    description="Counts inside one scope (the county, a street, community, grid, area, compound or unit) on one "
    "day. A relationship counts when it holds on that day. A unit's scope is the areas it is paired with, and "
    "counts that one unit and its own cadres; a Party organization's is the territory it answers for."
)
class Coverage:
    households: int = strawberry.field(description="Households under the scope.")
    covered_households: int = strawberry.field(
        description="Households covered on the day: a person is paired with the household (联户) or with its "
        "building (包楼栋). The union of coveredDirectly and coveredViaBuilding."
    )
    covered_directly: int = strawberry.field(
        description="Households a person is paired with (联户) on the day, whatever their building."
    )
    covered_via_building: int = strawberry.field(
        description="Households whose building a person is paired with (包楼栋) on the day, whether or not someone "
        "is paired with the household itself (so it overlaps coveredDirectly)."
    )
    special_group_residents: int = strawberry.field(
        description="Residents of those households with a special group (elderly alone, poor student, disabled)."
    )
    uncovered_special_group_residents: int = strawberry.field(
        description="Special-group residents whose household is not covered on the day."
    )
    buildings: int = strawberry.field(description="Buildings under the scope.")
    buildings_with_leader: int = strawberry.field(description="Buildings whose building-leader post is held.")
    three_no_compounds: int = strawberry.field(description="Three-no compounds under the scope.")
    three_no_compounds_with_party_organization: int = strawberry.field(
        description="Three-no compounds a compound branch answers for, or whose area an area group answers for "
        "(whether or not its secretary or leader post is filled)."
    )
    five_haves_compounds: int = strawberry.field(
        description="Three-no compounds at the five-haves stage (see Compound.fiveHaves)."
    )
    grids: int = strawberry.field(description="Grids under the scope (the grid itself for a grid scope).")
    grids_with_unit: int = strawberry.field(description="Those grids with an area a co-building unit is paired with.")
    units: int = strawberry.field(
        description="Units paired, by the day, with an area under the scope (the county: every unit; a unit: 1)."
    )
    paired_units: int = strawberry.field(
        description="Units with at least one current area pairing inside the scope (a unit: 1 if it has one anywhere)."
    )
    cadres: int = strawberry.field(
        description="In-service cadres (people working at a unit) who, by the day, reported to a grid or were paired "
        "with a household or building under the scope (the county: every cadre; a unit: its own cadres)."
    )
    paired_cadres: int = strawberry.field(
        description="In-service cadres paired on the day with at least one household or building under the scope "
        "(a unit: its cadres paired anywhere). Reporting in to a grid (报到) alone does not count: see "
        "Grid.reportedMembers."
    )
    volunteer_teams: int = strawberry.field(
        description="Volunteer teams currently serving a compound under the scope (the county: every team)."
    )
    suppressed: list[str] = strawberry.field(
        default_factory=list,
        description="Counts of special-group residents shown as 0 because, for a role that may not see special "
        f"groups, they were between 1 and {SUPPRESS_BELOW - 1}: a small count can point at a person.",
    )

    @strawberry.field(
        description="The same as pairedCadres: cadres paired, not cadres reported in to a grid.",
        deprecation_reason="Use pairedCadres: the count is of paired cadres, not of cadres reported in to a grid.",
    )
    def cadres_in_grid(self) -> int:
        return self.paired_cadres


@strawberry.enum(description="How far a compound is from the five haves (graph/rules.py).")
class FiveHavesStage(enum.Enum):
    UNORGANIZED = strawberry.enum_value(
        "UNORGANIZED",
        description="The PARTY_ORGANIZATION criterion is not met: no compound branch with its secretary, and no area "
        "group of its area with its leader, in post on the day.",
    )
    TRANSITIONAL = strawberry.enum_value("TRANSITIONAL", description="A Party organization, not yet all five haves.")
    FIVE_HAVES = strawberry.enum_value("FIVE_HAVES", description="All five haves met.")
    THREE_NO = strawberry.enum_value(
        "THREE_NO",
        description="The old name of UNORGANIZED: accepted as a filter, never returned.",
        deprecation_reason="Use UNORGANIZED: THREE_NO is also a CompoundKind, and a managed compound is no three-no "
        "compound whatever its stage.",
    )

    @property
    def rule_name(self) -> str:
        """The stage as graph/rules.py names it (the deprecated THREE_NO is UNORGANIZED)."""
        return "UNORGANIZED" if self is FiveHavesStage.THREE_NO else self.value


@strawberry.enum(description="The five haves (五有).")
class FiveHavesKey(enum.Enum):
    PARTY_ORGANIZATION = strawberry.enum_value(
        "PARTY_ORGANIZATION",
        description="有坚强的党组织: a compound branch answering for it with a current secretary, or an area group "
        "answering for its area with a current group leader.",
    )
    FORCES = strawberry.enum_value(
        "FORCES",
        description="有充足的力量: at least one building, every building with a current building leader, and at least "
        "90% of its households covered (a person paired with the household, or with its building).",
    )
    VENUE = strawberry.enum_value(
        "VENUE", description="有固定的活动场所: a venue currently serves the compound or its grid."
    )
    RESOURCES = strawberry.enum_value(
        "RESOURCES",
        description="有丰富的资源: a unit currently paired with its area, or within the last 12 months a grant to a "
        "Party organization answering for it or its area, or a micro-project at it or its area that was under way.",
    )
    MECHANISM = strawberry.enum_value(
        "MECHANISM",
        description="有管用治理机制: a self-governance body serves it, and a deliberation platform serves it "
        "or its grid.",
    )


@strawberry.type(
    description="One figure a five-haves criterion checks; the criterion is met when every figure "
    "reaches its threshold."
)
class FiveHavesFigure:
    name: str = strawberry.field(
        description="organizationsWithLeader, coveredShare, ledBuildingShare, venues, resources (units paired with "
        "its area, grants and micro-projects in the window), selfGovernanceBodies or deliberationPlatforms."
    )
    value: float = strawberry.field(description="A count, or a share from 0 to 1 (…Share).")
    threshold: float = strawberry.field(description="The least value that meets the criterion.")


@strawberry.type
class FiveHavesCriterion:
    key: FiveHavesKey
    met: bool
    evidence: str = strawberry.field(description="Why: the facts in the graph that meet it, or what is missing.")
    value: float = strawberry.field(
        description="The criterion's headline figure (the first of figures): PARTY_ORGANIZATION organizations with "
        "their leader in post, FORCES the share of households covered, VENUE venues, RESOURCES units, grants and "
        "projects, MECHANISM self-governance bodies."
    )
    threshold: float = strawberry.field(description="The least value of the headline figure that meets it.")
    figures: list[FiveHavesFigure] = strawberry.field(
        description="Every figure the criterion checks (FORCES: also every building led; MECHANISM: also a "
        "deliberation platform)."
    )


@strawberry.type(description="A compound's five haves on a day: the stage, and each criterion with its evidence.")
class FiveHaves:
    compound: CompoundT
    stage: FiveHavesStage = strawberry.field(
        description="FIVE_HAVES when all five are met, TRANSITIONAL when the Party organization is, UNORGANIZED "
        "otherwise (never the deprecated THREE_NO)."
    )
    criteria: list[FiveHavesCriterion]


@strawberry.type(description="A post (岗位) nobody holds on the day.")
class VacantPost:
    code: str
    role: PostRole
    title: str
    of: Node = strawberry.field(description="The organization, building, area or compound the post belongs to.")
    vacant_since: date | None = strawberry.field(
        description="The day its last holding ended; null if nobody had held it by then."
    )


# ---------------------------------------------------------------- nested fields (Grid.coverage, Compound.fiveHaves)


def territory_coverage(label: str) -> Any:
    """``Grid.coverage``, ``Community.coverage``: one query for all the grids (communities) of a request."""

    async def resolve(root: Any, info: Info, as_of: date | None = None) -> Coverage:
        return _coverage(info, await coverage.territory_coverage(info, label, root.code, as_of))

    return resolve


async def resolve_five_haves(root: Any, info: Info, as_of: date | None = None) -> FiveHaves:
    row = await coverage.five_haves(info, root.code, as_of)
    return FiveHaves(
        compound=root,
        stage=FiveHavesStage(row["stage"]),
        criteria=[
            FiveHavesCriterion(
                key=FiveHavesKey(key),
                met=met,
                evidence=said,
                value=figures[0][1],
                threshold=figures[0][2],
                figures=[FiveHavesFigure(name=n, value=v, threshold=t) for n, v, t in figures],
            )
            for key, met, said, figures in coverage.criteria(row)
        ],
    )


def _counts(row: dict[str, Any]) -> dict[str, int]:
    """A coverage row's counts under Coverage's Python field names (the query names them as the API does)."""
    return {re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower(): value for name, value in row.items() if name != "key"}


def _coverage(info: Info, row: dict[str, Any]) -> Coverage:
    """Coverage as the caller may see it: small special-group counts suppressed for roles without personal data."""
    counts = _counts(row)
    suppressed = []
    if not info.context.viewer.sees_personal_data:
        for name, api_name in SPECIAL_GROUP_COUNTS.items():
            if 0 < counts[name] < SUPPRESS_BELOW:
                counts[name] = 0
                suppressed.append(api_name)
    return Coverage(**counts, suppressed=suppressed)


# ---------------------------------------------------------------- root fields


ScopeArg = Annotated[strawberry.ID | None, strawberry.argument(description=SCOPE)]
AsOfArg = Annotated[date | None, strawberry.argument(description=AS_OF)]


async def resolve_coverage(info: Info, scope: ScopeArg = None, as_of: AsOfArg = None) -> Coverage:
    return _coverage(info, await coverage.coverage(info, scope, as_of))


async def resolve_uncovered_households(
    info: Info,
    scope: ScopeArg = None,
    special_groups_only: bool | None = False,
    first: int | None = 20,
    after: str | None = None,
    as_of: AsOfArg = None,
    special_groups_first: Annotated[
        bool | None,
        strawberry.argument(
            description="Households with a special-group resident first (each part in code order): the order of "
            "work. Only for roles that may see special groups (FORBIDDEN for others: the order would tell)."
        ),
    ] = False,
) -> Connection[HouseholdT]:
    return await coverage.uncovered_households(
        info, scope, special_groups_only, bool(special_groups_first), first, after, as_of
    )


async def resolve_compounds(
    info: Info,
    scope: ScopeArg = None,
    kind: CompoundKindT | None = None,
    stage: FiveHavesStage | None = None,
    first: int | None = 20,
    after: str | None = None,
    as_of: Annotated[
        date | None, strawberry.argument(description="The day the stage is judged on (default: today).")
    ] = None,
) -> Connection[CompoundT]:
    return await coverage.compounds(
        info, scope, kind.value if kind else None, stage.rule_name if stage else None, first, after, as_of
    )


async def resolve_buildings_without_leader(
    info: Info, scope: ScopeArg = None, as_of: AsOfArg = None, first: int | None = 20, after: str | None = None
) -> Connection[BuildingT]:
    return await coverage.buildings_without_leader(info, scope, as_of, first, after)


async def resolve_vacant_posts(
    info: Info, scope: ScopeArg = None, role: PostRole | None = None, as_of: AsOfArg = None
) -> list[VacantPost]:
    rows = await coverage.vacant_posts(info, scope, role.value if role else None, as_of)
    return [
        VacantPost(
            code=r["code"],
            role=PostRole(r["role"]),
            title=r["title"],
            of=to_node(r["of"]),
            vacant_since=r["vacantSince"],
        )
        for r in rows
    ]


async def resolve_areas_without_unit(info: Info, scope: ScopeArg = None, as_of: AsOfArg = None) -> list[AreaT]:
    return [to_node(r) for r in await coverage.areas_without_unit(info, scope, as_of)]


async def resolve_compounds_without_party_organization(
    info: Info, scope: ScopeArg = None, kind: CompoundKindT | None = None, as_of: AsOfArg = None
) -> list[CompoundT]:
    rows = await coverage.compounds_without_party_organization(info, scope, kind.value if kind else None, as_of)
    return [to_node(r) for r in rows]


@strawberry.type
class CoverageQuery:
    coverage: Coverage = strawberry.field(
        resolver=resolve_coverage, description="Coverage counts for a scope (default: everything the caller may see)."
    )
    uncovered_households: Connection[HouseholdT] = strawberry.field(
        resolver=resolve_uncovered_households,
        description="Households not covered on the day inside the scope (default: everything the caller may see): "
        "nobody is paired with the household (联户) nor with its building (包楼栋). In code order; specialGroupsOnly: "
        "only those with a special-group resident; specialGroupsFirst: those first.",
    )
    compounds: Connection[CompoundT] = strawberry.field(
        resolver=resolve_compounds,
        description="Compounds inside the scope in code order, optionally of one kind and at one five-haves stage.",
    )
    buildings_without_leader: Connection[BuildingT] = strawberry.field(
        resolver=resolve_buildings_without_leader,
        description="Buildings inside the scope whose building-leader (楼栋长) post nobody holds on the day, in "
        "code order.",
    )
    vacant_posts: list[VacantPost] = strawberry.field(
        resolver=resolve_vacant_posts,
        description="Posts nobody holds on the day (optionally of one role) that belong to the territory inside the "
        "scope or to a Party organization answering for it (the county: every post), in code order.",
    )
    areas_without_unit: list[AreaT] = strawberry.field(
        resolver=resolve_areas_without_unit,
        description="Areas (片区) inside the scope that no co-building unit is paired with on the day, in code order.",
    )
    compounds_without_party_organization: list[CompoundT] = strawberry.field(
        resolver=resolve_compounds_without_party_organization,
        description="Compounds inside the scope (optionally of one kind) that no compound branch, and no area group "
        "of their area, answers for on the day, in code order.",
    )
