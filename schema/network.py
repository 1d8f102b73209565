"""The pairing network (包片联户) around one entity, ready for a graph drawing."""

from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from graph import network
from resolvers import network as resolvers
from resolvers.people import SPECIAL_GROUPS
from schema.pairings import PairingKind
from schema.people import PostRole

if TYPE_CHECKING:
    from schema.coverage import FiveHavesStage
    from schema.territory import CompoundKind

StageT = Annotated["FiveHavesStage", strawberry.lazy("schema.coverage")]
CompoundKindT = Annotated["CompoundKind", strawberry.lazy("schema.territory")]


@strawberry.enum(description="What a network node stands for: the label of the entity its id names.")
class NetworkNodeKind(enum.Enum):
    HOUSEHOLD = "HOUSEHOLD"
    PERSON = "PERSON"
    UNIT = "UNIT"
    VOLUNTEER_TEAM = "VOLUNTEER_TEAM"
    PARTY_ORGANIZATION = "PARTY_ORGANIZATION"
    COUNTY = "COUNTY"
    STREET = "STREET"
    COMMUNITY = "COMMUNITY"
    GRID = "GRID"
    AREA = "AREA"
    COMPOUND = "COMPOUND"
    BUILDING = "BUILDING"
    VENUE = "VENUE"
    SELF_GOVERNANCE_BODY = "SELF_GOVERNANCE_BODY"
    DELIBERATION_PLATFORM = "DELIBERATION_PLATFORM"


@strawberry.enum
class NetworkEdgeKind(enum.Enum):
    PAIRED_WITH = strawberry.enum_value(
        "PAIRED_WITH", description="Cadre → household or building (联户), unit → area (包片)."
    )
    COVERS = strawberry.enum_value("COVERS", description="Party organization → the territory it answers for.")
    MEMBER_OF = strawberry.enum_value("MEMBER_OF", description="Person → Party organization or volunteer team.")
    HOLDS_POST = strawberry.enum_value(
        "HOLDS_POST", description="Person → the organization, building, area or compound whose post they hold."
    )
    WORKS_AT = strawberry.enum_value("WORKS_AT", description="In-service cadre → the unit employing them.")
    SERVES = strawberry.enum_value(
        "SERVES",
        description="Volunteer team, venue, self-governance body or deliberation platform → a compound or grid "
        "it serves.",
    )
    PART_OF = strawberry.enum_value(
        "PART_OF", description="Child → parent, in the territory tree and in the Party organization tree."
    )
    RESIDES_IN = strawberry.enum_value("RESIDES_IN", description="Person → their household.")
    ORGANIZED_BY = strawberry.enum_value(
        "ORGANIZED_BY",
        description="Volunteer team → the unit or Party organization that organized it; venue or deliberation "
        "platform → the Party organization running it.",
    )


@strawberry.enum(description="How a network is drawn.")
class NetworkMode(enum.Enum):
    AROUND = strawberry.enum_value(
        "AROUND", description="Breadth first, `depth` hops around the center over every relationship followed."
    )
    PAIRINGS = strawberry.enum_value(
        "PAIRINGS",
        description="The pairing picture (包片联户) of a territory: everything below it down to its households, "
        "however many hops, with the cadres paired with its households and buildings, the units paired with its "
        "areas, the holders of its posts, the Party organizations answering for it and the cadres' employers. "
        "`depth` is not used.",
    )


@strawberry.type(description="A node of a network, with what a drawing colours it by.")
class NetworkNode:
    id: strawberry.ID = strawberry.field(description="The entity's global id (usable with `node`).")
    code: str = strawberry.field(description="The entity's stable code.")
    kind: NetworkNodeKind
    label: str = strawberry.field(
        description="Its name (a household: its address); a person's name is masked unless the caller's role needs it."
    )
    covered: bool | None = strawberry.field(
        description="A household: whether a Party member is paired with it on `asOf` (see Coverage). Null for others."
    )
    compound_kind: CompoundKindT | None = strawberry.field(description="A compound: three-no or managed.")
    stage: StageT | None = strawberry.field(description="A compound: its five-haves stage on `asOf`.")
    special: strawberry.Private[bool | None]

    @strawberry.field(
        description="A household (one of its residents) or a person: belongs to a special group (elderly alone, "
        "poor student, disabled). Only for roles that see personal data (a reading that says yes leaves an access "
        "record); null for everyone else and other kinds."
    )
    def special_group(self, info: Info) -> bool | None:
        if self.special:
            info.context.access.record(SPECIAL_GROUPS, self.code)
        return self.special


@strawberry.type
class NetworkEdge:
    source: strawberry.ID
    target: strawberry.ID
    kind: NetworkEdgeKind
    since: date | None = strawberry.field(
        description="When the relationship began (validFrom); null for relationships that are not time-bounded."
    )
    post_role: PostRole | None = strawberry.field(description="HOLDS_POST: the role of the post held.")
    pairing_kind: PairingKind | None = strawberry.field(description="PAIRED_WITH: what it pairs.")


@strawberry.type(description="Nodes and edges ready for a graph drawing; ids are the global ids of the entities.")
class Network:
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]
    truncated: bool = strawberry.field(
        description="True when `limit` cut the network short: the nodes nearest the center are kept first."
    )


async def resolve_pairing_network(
    info: Info,
    center: strawberry.ID,
    depth: int | None = 2,
    as_of: date | None = None,
    limit: Annotated[
        int | None, strawberry.argument(description="The most nodes to return (the center included).")
    ] = network.DEFAULT_LIMIT,
    mode: Annotated[NetworkMode | None, strawberry.argument(description="Default: AROUND.")] = NetworkMode.AROUND,
    node_kinds: Annotated[
        list[NetworkNodeKind] | None,
        strawberry.argument(description="Only nodes of these kinds (default: all); the center is always kept."),
    ] = None,
    edge_kinds: Annotated[
        list[NetworkEdgeKind] | None, strawberry.argument(description="Only edges of these kinds (default: all).")
    ] = None,
) -> Network:
    from schema.coverage import FiveHavesStage
    from schema.territory import CompoundKind

    # An explicit null means the default.
    found = await resolvers.network_around(
        info,
        center,
        2 if depth is None else depth,
        as_of,
        network.DEFAULT_LIMIT if limit is None else limit,
        (mode or NetworkMode.AROUND).name,
        None if node_kinds is None else [k.value for k in node_kinds],
        None if edge_kinds is None else [k.name for k in edge_kinds],
    )
    return Network(
        nodes=[
            NetworkNode(
                id=strawberry.ID(n.id),
                code=n.code,
                kind=NetworkNodeKind(n.kind),
                label=n.label,
                covered=n.covered,
                special=n.special,
                compound_kind=CompoundKind(n.compound_kind) if n.compound_kind else None,
                stage=FiveHavesStage(n.stage) if n.stage else None,
            )
            for n in found.nodes
        ],
        edges=[
            NetworkEdge(
                source=strawberry.ID(e.source),
                target=strawberry.ID(e.target),
                kind=NetworkEdgeKind(e.kind),
                since=e.since,
                post_role=PostRole(e.post_role) if e.post_role else None,
                pairing_kind=PairingKind(e.pairing) if e.pairing else None,
            )
            for e in found.edges
        ],
        truncated=found.truncated,
    )


@strawberry.type
class NetworkQuery:
    pairing_network: Network = strawberry.field(
        resolver=resolve_pairing_network,
        description=(
            "The pairing network around one entity (a household, person, unit, volunteer team, Party "
            "organization, venue, self-governance body, deliberation platform, or any territory from the "
            f"county to a building), `depth` hops out ({network.MIN_DEPTH}–{network.MAX_DEPTH}; anything else "
            "is refused). It follows pairings (包片联户), the organizations answering for territory, Party and "
            "team memberships, posts, employers, what teams and venues serve, who runs or organized them, "
            "residence, and the territory and organization trees, in either direction; only relationships "
            "holding on `asOf` (default: today). Reporting in to a grid is not followed (every cadre does it). "
            "`nodeKinds` and `edgeKinds` narrow the walk: it goes only over edges of those kinds, through nodes "
            "of those kinds. With `mode: PAIRINGS` and a territory as the center it is instead the pairing "
            "picture of that territory down to its households (see NetworkMode), narrowed the same way. "
            f"At most `limit` nodes (default {network.DEFAULT_LIMIT}, at most {network.MAX_LIMIT}), nearer "
            "hops first, and within a hop territory and organizations before people and households; "
            "`truncated` says when some were left out. The center is the first node. One Cypher query."
        ),
    )
