"""The canonical operations of the side-by-side measurement: for each, the project's GraphQL request, the
peer's (@neo4j/graphql 7) GraphQL request that asks for the same answer, and the single raw Cypher query
(the floor), each with a function that turns its response into one canonical value, so that the three can
be compared for equality.

Canonical values hold codes, names, counts and order (where the operation defines one). The project's
requests are signed in as the county (``PROJECT_TOKEN``, a COUNTY token), which sees person names in full, as
the peer (no per-role masking: @authorization needs APOC) and the raw Cypher do; so names are compared as
they are. (Signed in as the ANALYST the project would mask them: 张*.)

Coverage (issue 8): a household is covered on a day when a person is paired with it (联户) or with its
building (包楼栋). The raw Cypher (``cypher/``) and the peer's filters (:data:`COVERED`, :data:`UNCOVERED`)
state that rule; the answer check holds the three to it.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

CYPHER = Path(__file__).resolve().parent / "cypher"

Json = dict[str, Any]


def cypher(name: str) -> str:
    return (CYPHER / f"{name}.cypher").read_text(encoding="utf-8")


def gid(type_name: str, code: str) -> str:
    """The project's global id (Relay): base64("Type:code")."""
    return base64.b64encode(f"{type_name}:{code}".encode()).decode("ascii")


def code_of(global_id: str) -> str:
    return base64.b64decode(global_id).decode("utf-8").partition(":")[2]


def mask_name(name: str) -> str:
    """The project's mask for the ANALYST (the family name stays: 张*); unused while the bench signs in as the county."""
    return name[:1] + "*" * (len(name) - 1) if name else name


def lucene(text: str) -> str:
    """The project's Lucene query for a search text (graph/search.py): every word a quoted phrase, all must match."""
    return " AND ".join('"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"' for w in text.split())


# "Current on $asOf": validFrom <= d AND (validTo IS NULL OR d < validTo), as a peer edge filter.
CUR = "{validFrom: {lte: $asOf}, OR: [{validTo: {eq: null}}, {validTo: {gt: $asOf}}]}"
# A household standing in a building of the grid: in a compound of one of its areas, or in the area itself.
IN_GRID = (
    "{building: {some: {OR: ["
    "{compound: {some: {area: {some: {grid: {some: {code: {eq: $grid}}}}}}}}, "
    "{area: {some: {grid: {some: {code: {eq: $grid}}}}}}"
    "]}}}"
)
VIA = "edges { properties { validFrom } node { code name } }"
# Covered on $asOf (issue 8): a person is paired with the household, or with its building (a household stands in
# exactly one building, so "its building has no current pairing" is `building: {some: {... none ...}}`).
COVERED = (
    "{OR: [{pairedMembersConnection: {some: {edge: CUR}}}, "
    "{building: {some: {pairedMembersConnection: {some: {edge: CUR}}}}}]}"
).replace("CUR", CUR)
UNCOVERED = (
    "{pairedMembersConnection: {none: {edge: CUR}}, building: {some: {pairedMembersConnection: {none: {edge: CUR}}}}}"
).replace("CUR", CUR)


@dataclass(frozen=True)
class Params:
    grid: str
    household: str
    county: str
    as_of: date
    search_text: str
    first: int = 20


@dataclass(frozen=True)
class Operation:
    key: str
    name: str
    project_query: str
    project_vars: Callable[[Params], Json]
    project_canon: Callable[[Json, Params], Any]
    peer_query: str | None
    peer_vars: Callable[[Params], Json]
    peer_canon: Callable[[Json, Params], Any]
    raw_query: str
    raw_params: Callable[[Params], Json]
    raw_canon: Callable[[list[Json], Params], Any]
    note: str = ""


# ---------------------------------------------------------------- 1. household detail

HOUSEHOLD_PROJECT = """query ($code: String!, $asOf: Date) { byCode(code: $code) { ... on Household {
  code address
  building { code name compound { code name area { code name grid { code name } } } }
  residents { code }
  pairedMembers(asOf: $asOf) { code name } } } }"""

HOUSEHOLD_PEER = """query ($code: String!, $asOf: Date!) { households(where: {code: {eq: $code}}) {
  code address
  building { code name compound { code name area { code name grid { code name } } } }
  residents(sort: [{code: ASC}]) { code }
  pairedMembersConnection(where: {edge: CUR}, sort: [{node: {code: ASC}}]) { edges { node { code name } } } } }""".replace(
    "CUR", CUR
)


def _cn(x: Json | None) -> tuple[str, str] | None:
    return (x["code"], x["name"]) if x else None


def household_canon(code, address, building, compound, area, grid, residents, paired) -> Json:
    return {
        "code": code,
        "address": address,
        "building": _cn(building),
        "compound": _cn(compound),
        "area": _cn(area),
        "grid": _cn(grid),
        "residents": list(residents),
        "paired": [(p["code"], p["name"]) for p in paired],
    }


def _household_project(d: Json, p: Params) -> Json:
    h = d["byCode"]
    b = h["building"]
    c = b["compound"]
    a = c["area"] if c else None
    return household_canon(
        h["code"],
        h["address"],
        b,
        c,
        a,
        a["grid"] if a else None,
        [r["code"] for r in h["residents"]],
        h["pairedMembers"],
    )


def _one(xs: list[Json]) -> Json | None:
    return xs[0] if xs else None


def _household_peer(d: Json, p: Params) -> Json:
    h = d["households"][0]
    b = _one(h["building"])
    c = _one(b["compound"]) if b else None
    a = _one(c["area"]) if c else None
    g = _one(a["grid"]) if a else None
    paired = [{"code": e["node"]["code"], "name": e["node"]["name"]} for e in h["pairedMembersConnection"]["edges"]]
    return household_canon(h["code"], h["address"], b, c, a, g, [r["code"] for r in h["residents"]], paired)


def _household_raw(rows: list[Json], p: Params) -> Json:
    r = rows[0]
    paired = [{"code": x["code"], "name": x["name"]} for x in r["paired"]]
    return household_canon(
        r["code"], r["address"], r["building"], r["compound"], r["area"], r["grid"], r["residents"], paired
    )


# ---------------------------------------------------------------- 2. grid with units and coverage counts

GRID_PROJECT = """query ($id: ID!, $asOf: Date) { node(id: $id) { ... on Grid {
  code name community { code name }
  units(asOf: $asOf) { code name kind }
  coverage(asOf: $asOf) { households coveredHouseholds } } } }"""

GRID_PEER = (
    """query ($grid: String!, $asOf: Date!) {
  grids(where: {code: {eq: $grid}}) { code name community { code name } }
  units(where: {areasConnection: {some: {node: {grid: {some: {code: {eq: $grid}}}}, edge: CUR}}}, sort: [{code: ASC}]) {
    code name kind }
  households: householdsConnection(where: IN_GRID) { totalCount }
  covered: householdsConnection(where: {AND: [IN_GRID, COVERED]}) { totalCount } }""".replace("COVERED", COVERED)
    .replace("CUR", CUR)
    .replace("IN_GRID", IN_GRID)
)


def grid_canon(code, name, community, units, households, covered) -> Json:
    return {
        "code": code,
        "name": name,
        "community": _cn(community),
        "units": [(u["code"], u["name"], u["kind"]) for u in units],
        "households": households,
        "coveredHouseholds": covered,
    }


def _grid_project(d: Json, p: Params) -> Json:
    g = d["node"]
    return grid_canon(
        g["code"],
        g["name"],
        g["community"],
        g["units"],
        g["coverage"]["households"],
        g["coverage"]["coveredHouseholds"],
    )


def _grid_peer(d: Json, p: Params) -> Json:
    g = d["grids"][0]
    return grid_canon(
        g["code"],
        g["name"],
        _one(g["community"]),
        d["units"],
        d["households"]["totalCount"],
        d["covered"]["totalCount"],
    )


def _grid_raw(rows: list[Json], p: Params) -> Json:
    r = rows[0]
    return grid_canon(r["code"], r["name"], r["community"], r["units"], r["households"], r["covered"])


# ---------------------------------------------------------------- 3. and 8. uncovered households, first page

UNCOVERED_PROJECT = """query ($scope: ID, $asOf: Date) { uncoveredHouseholds(scope: $scope, first: 20, asOf: $asOf) {
  totalCount pageInfo { hasNextPage } nodes { code address } } }"""

UNCOVERED_GRID_PEER = """query ($grid: String!, $asOf: Date!) {
  householdsConnection(first: 20, sort: [{code: ASC}],
                       where: {AND: [IN_GRID, UNCOVERED]}) {
    totalCount pageInfo { hasNextPage } edges { node { code address } } } }""".replace("UNCOVERED", UNCOVERED).replace(
    "IN_GRID", IN_GRID
)

UNCOVERED_COUNTY_PEER = """query ($asOf: Date!) {
  householdsConnection(first: 20, sort: [{code: ASC}], where: UNCOVERED) {
    totalCount pageInfo { hasNextPage } edges { node { code address } } } }""".replace("UNCOVERED", UNCOVERED)


def page_canon(total, has_next, nodes) -> Json:
    return {"totalCount": total, "hasNextPage": has_next, "nodes": [(n["code"], n["address"]) for n in nodes]}


def _uncovered_project(d: Json, p: Params) -> Json:
    c = d["uncoveredHouseholds"]
    return page_canon(c["totalCount"], c["pageInfo"]["hasNextPage"], c["nodes"])


def _uncovered_peer(d: Json, p: Params) -> Json:
    c = d["householdsConnection"]
    return page_canon(c["totalCount"], c["pageInfo"]["hasNextPage"], [e["node"] for e in c["edges"]])


def _uncovered_raw(rows: list[Json], p: Params) -> Json:
    r = rows[0]
    return page_canon(r["total"], r["hasNextPage"], r["nodes"])


# ---------------------------------------------------------------- 4. a page of units with their current areas

UNITS_PROJECT = """query ($asOf: Date) { units(first: 20) { totalCount pageInfo { hasNextPage }
  nodes { code name kind areas(asOf: $asOf) { code name grid { code name } } } } }"""

UNITS_PEER = """query ($asOf: Date!) { unitsConnection(first: 20, sort: [{code: ASC}]) { totalCount pageInfo { hasNextPage }
  edges { node { code name kind
    areasConnection(where: {edge: CUR}, sort: [{node: {code: ASC}}]) { edges { node { code name grid { code name } } } } } } } }""".replace(
    "CUR", CUR
)


def units_canon(total, has_next, units) -> Json:
    return {
        "totalCount": total,
        "hasNextPage": has_next,
        "units": [
            (u["code"], u["name"], u["kind"], [(a["code"], a["name"], _cn(a["grid"])) for a in u["areas"]])
            for u in units
        ],
    }


def _units_project(d: Json, p: Params) -> Json:
    c = d["units"]
    return units_canon(c["totalCount"], c["pageInfo"]["hasNextPage"], c["nodes"])


def _units_peer(d: Json, p: Params) -> Json:
    c = d["unitsConnection"]
    units = [
        {
            **e["node"],
            "areas": [{**a["node"], "grid": _one(a["node"]["grid"])} for a in e["node"]["areasConnection"]["edges"]],
        }
        for e in c["edges"]
    ]
    return units_canon(c["totalCount"], c["pageInfo"]["hasNextPage"], units)


def _units_raw(rows: list[Json], p: Params) -> Json:
    return units_canon(
        rows[0]["total"] if rows else 0, rows[0]["hasNextPage"] if rows else False, [r["unit"] for r in rows]
    )


# ---------------------------------------------------------------- 5. pairing network around a grid, depth 2

NODE_KINDS = {
    "County": "COUNTY", "Street": "STREET", "Community": "COMMUNITY", "Grid": "GRID", "Area": "AREA",
    "Compound": "COMPOUND", "Building": "BUILDING", "Household": "HOUSEHOLD", "Person": "PERSON", "Unit": "UNIT",
    "VolunteerTeam": "VOLUNTEER_TEAM", "PartyOrganization": "PARTY_ORGANIZATION", "Venue": "VENUE",
    "SelfGovernanceBody": "SELF_GOVERNANCE_BODY", "DeliberationPlatform": "DELIBERATION_PLATFORM",
}  # fmt: skip
NODE_RANK = {label: rank for rank, label in enumerate(
    ("County", "Street", "Community", "Grid", "Area", "Compound", "PartyOrganization", "Unit", "VolunteerTeam",
     "Venue", "SelfGovernanceBody", "DeliberationPlatform", "Building", "Person", "Household"))}  # fmt: skip
EDGE_KINDS = {
    "PART_OF": "PART_OF", "UNDER": "PART_OF", "PAIRED_WITH": "PAIRED_WITH", "ANSWERS_FOR": "COVERS",
    "MEMBER_OF": "MEMBER_OF", "WORKS_AT": "WORKS_AT", "SERVES": "SERVES", "RESIDES_IN": "RESIDES_IN",
    "ORGANIZED_BY": "ORGANIZED_BY", "RUN_BY": "ORGANIZED_BY", "HOLDS_POST": "HOLDS_POST",
}  # fmt: skip

NETWORK_PROJECT = """query ($id: ID!, $asOf: Date) { pairingNetwork(center: $id, depth: 2, asOf: $asOf) {
  truncated nodes { id kind label } edges { source target kind since } } }"""

# Depth 2 around a grid, spelled out per node type: every relationship the project's walk follows from a
# grid (hop 0) and from each kind of node a grid's neighbours can be (hop 1), with the time-bounded ones
# filtered to $asOf. Dedupe, hop ordering and the node limit are left to the client (network_from_peer).
NETWORK_PEER = """query ($grid: String!, $asOf: Date!) { grids(where: {code: {eq: $grid}}) {
  code name
  community { code name
    street { code name }
    grids { code name }
    organizationsConnection(where: {edge: CUR}) { VIA } }
  areas { code name
    compounds { code name }
    buildings { code name }
    unitsConnection(where: {edge: CUR}) { VIA }
    organizationsConnection(where: {edge: CUR}) { VIA }
    posts { holdersConnection(where: {edge: CUR}) { VIA } } }
  organizationsConnection(where: {edge: CUR}) { edges { properties { validFrom } node { code name
    parent { code name }
    children { code name }
    membersConnection(where: {edge: CUR}) { VIA }
    posts { holdersConnection(where: {edge: CUR}) { VIA } }
    venues { code name }
    platforms { code name }
    teams { code name }
    streetsConnection(where: {edge: CUR}) { VIA }
    communitiesConnection(where: {edge: CUR}) { VIA }
    gridsConnection(where: {edge: CUR}) { VIA }
    areasConnection(where: {edge: CUR}) { VIA }
    compoundsConnection(where: {edge: CUR}) { VIA } } } }
  venuesConnection(where: {edge: CUR}) { edges { properties { validFrom } node { code name
    compoundsConnection(where: {edge: CUR}) { VIA }
    gridsConnection(where: {edge: CUR}) { VIA }
    runBy { code name } } } }
  platformsConnection(where: {edge: CUR}) { edges { properties { validFrom } node { code name
    compoundsConnection(where: {edge: CUR}) { VIA }
    gridsConnection(where: {edge: CUR}) { VIA }
    runBy { code name } } } } } }""".replace("CUR", CUR).replace("VIA", VIA)


def network_canon(nodes: list[tuple[str, str, str]], edges: set[tuple[str, str, str, str | None]]) -> Json:
    return {"nodes": nodes, "edges": sorted(edges, key=lambda e: (e[0], e[1], e[2], e[3] or ""))}


def _network_project(d: Json, p: Params) -> Json:
    n = d["pairingNetwork"]
    nodes = [(code_of(x["id"]), x["kind"], x["label"]) for x in n["nodes"]]
    edges = {(code_of(e["source"]), code_of(e["target"]), e["kind"], e["since"]) for e in n["edges"]}
    return network_canon(nodes, edges)


def _label(label: str, text: str | None, code: str) -> str:
    return text or code


def _network_raw(rows: list[Json], p: Params) -> Json:
    """The project's graph/network.assemble, then its resolver's shaping (masking, kinds)."""
    row = rows[0]
    nodes = []
    for packed in row["nodes"]:
        code, label, text = packed.split(" ", 2)
        nodes.append((code, NODE_KINDS[label], _label(label, text, code)))
    kept = {n[0] for n in nodes}
    edges = set()
    for group in row["edges"]:
        for packed in group:
            source, target, rel_type, since = packed.split(" ")
            if source in kept and target in kept:
                edges.add((source, target, EDGE_KINDS[rel_type], since or None))
    return network_canon(nodes, edges)


def network_from_peer(d: Json, p: Params) -> Json:
    """Breadth-first assembly of the peer's nested answer: hop 1 = the grid's neighbours, hop 2 = theirs; nodes
    center first, then by hop, kind rank and code; edges once each (what the project's walk returns when its
    node limit is not reached)."""
    g = d["grids"][0]
    center = g["code"]
    names: dict[str, tuple[str, str]] = {center: ("Grid", g["name"])}
    hop1: set[str] = set()
    hop2: set[str] = set()
    edges: set[tuple[str, str, str, str | None]] = set()

    def see(x: Json, label: str) -> str:
        names.setdefault(x["code"], (label, x["name"]))
        return x["code"]

    def near(x: Json, label: str) -> str:  # a neighbour of the center
        code = see(x, label)
        hop1.add(code)
        return code

    def far(x: Json, label: str) -> str | None:  # a neighbour of a hop-1 node; edges back to the center are dropped
        code = see(x, label)
        if code == center:
            return None
        if code not in hop1:
            hop2.add(code)
        return code

    def edge(src: str | None, tgt: str | None, kind: str, since: str | None = None) -> None:
        if src is not None and tgt is not None:
            edges.add((src, tgt, kind, since))

    def via(conn: Json, label: str):
        for e in conn["edges"]:
            yield e["node"], label, e["properties"]["validFrom"]

    # hop 0: the grid's own relationships
    for c in g["community"]:
        edge(center, near(c, "Community"), "PART_OF")
    for a in g["areas"]:
        edge(near(a, "Area"), center, "PART_OF")
    for o, label, since in via(g["organizationsConnection"], "PartyOrganization"):
        edge(near(o, label), center, "COVERS", since)
    for v, label, since in via(g["venuesConnection"], "Venue"):
        edge(near(v, label), center, "SERVES", since)
    for v, label, since in via(g["platformsConnection"], "DeliberationPlatform"):
        edge(near(v, label), center, "SERVES", since)

    # hop 1: the relationships of each neighbour
    for c in g["community"]:
        cc = c["code"]
        for s in c["street"]:
            edge(cc, far(s, "Street"), "PART_OF")
        for x in c["grids"]:
            edge(far(x, "Grid"), cc, "PART_OF")
        for o, label, since in via(c["organizationsConnection"], "PartyOrganization"):
            edge(far(o, label), cc, "COVERS", since)
    for a in g["areas"]:
        ac = a["code"]
        for x in a["compounds"]:
            edge(far(x, "Compound"), ac, "PART_OF")
        for x in a["buildings"]:
            edge(far(x, "Building"), ac, "PART_OF")
        for u, label, since in via(a["unitsConnection"], "Unit"):
            edge(far(u, label), ac, "PAIRED_WITH", since)
        for o, label, since in via(a["organizationsConnection"], "PartyOrganization"):
            edge(far(o, label), ac, "COVERS", since)
        for post in a["posts"]:
            for x, label, since in via(post["holdersConnection"], "Person"):
                edge(far(x, label), ac, "HOLDS_POST", since)
    for e in g["organizationsConnection"]["edges"]:
        o = e["node"]
        oc = o["code"]
        for x in o["parent"]:
            edge(oc, far(x, "PartyOrganization"), "PART_OF")
        for x in o["children"]:
            edge(far(x, "PartyOrganization"), oc, "PART_OF")
        for x, label, since in via(o["membersConnection"], "Person"):
            edge(far(x, label), oc, "MEMBER_OF", since)
        for post in o["posts"]:
            for x, label, since in via(post["holdersConnection"], "Person"):
                edge(far(x, label), oc, "HOLDS_POST", since)
        for field, label in (("venues", "Venue"), ("platforms", "DeliberationPlatform"), ("teams", "VolunteerTeam")):
            for x in o[field]:
                edge(far(x, label), oc, "ORGANIZED_BY")
        for field, label in (
            ("streetsConnection", "Street"), ("communitiesConnection", "Community"), ("gridsConnection", "Grid"),
            ("areasConnection", "Area"), ("compoundsConnection", "Compound"),
        ):  # fmt: skip
            for x, lab, since in via(o[field], label):
                edge(oc, far(x, lab), "COVERS", since)
    for field in ("venuesConnection", "platformsConnection"):
        for e in g[field]["edges"]:
            v = e["node"]
            vc = v["code"]
            for x, label, since in via(v["compoundsConnection"], "Compound"):
                edge(vc, far(x, label), "SERVES", since)
            for x, label, since in via(v["gridsConnection"], "Grid"):
                edge(vc, far(x, label), "SERVES", since)
            for x in v["runBy"]:
                edge(vc, far(x, "PartyOrganization"), "ORGANIZED_BY")

    def ordered(codes: set[str]) -> list[str]:
        return sorted(codes, key=lambda c: (NODE_RANK[names[c][0]], c))

    order = [center, *ordered(hop1), *ordered(hop2)]
    nodes = [(c, NODE_KINDS[names[c][0]], _label(names[c][0], names[c][1], c)) for c in order]
    return network_canon(nodes, edges)


# ---------------------------------------------------------------- 6. county coverage counts

COVERAGE_FIELDS = [
    "households", "coveredHouseholds", "specialGroupResidents", "uncoveredSpecialGroupResidents", "buildings",
    "buildingsWithLeader", "threeNoCompounds", "threeNoCompoundsWithPartyOrganization", "grids", "gridsWithUnit",
    "units", "pairedUnits", "cadres", "cadresInGrid", "volunteerTeams",
]  # fmt: skip

COVERAGE_PROJECT = "query ($asOf: Date) {{ coverage(asOf: $asOf) {{ {} }} }}".format(" ".join(COVERAGE_FIELDS))

# "Has at least one related node" is an aggregate count filter: an empty relationship filter ({some: {}},
# {none: {}}, connection {some: {}}) is silently dropped by @neo4j/graphql 7.6.3 (it matches every node).
COVERAGE_PEER = (
    """query ($asOf: Date!) {
  households: householdsConnection { totalCount }
  coveredHouseholds: householdsConnection(where: COVERED) { totalCount }
  specialGroupResidents: peopleConnection(where: {NOT: {specialGroups: {eq: []}}, HAS_HOUSEHOLD}) { totalCount }
  uncoveredSpecialGroupResidents: peopleConnection(where: {NOT: {specialGroups: {eq: []}},
      household: {some: UNCOVERED}}) { totalCount }
  buildings: buildingsConnection { totalCount }
  buildingsWithLeader: buildingsConnection(where: {posts: {some: {role: {eq: "BUILDING_LEADER"},
      holdersConnection: {some: {edge: CUR}}}}}) { totalCount }
  threeNoCompounds: compoundsConnection(where: {kind: {eq: "THREE_NO"}, HAS_AREA}) { totalCount }
  threeNoCompoundsWithPartyOrganization: compoundsConnection(where: {kind: {eq: "THREE_NO"}, OR: [
      {organizationsConnection: {some: {node: {kind: {eq: "COMPOUND_BRANCH"}}, edge: CUR}}},
      {area: {some: {organizationsConnection: {some: {node: {kind: {eq: "AREA_GROUP"}}, edge: CUR}}}}}]}) { totalCount }
  grids: gridsConnection { totalCount }
  gridsWithUnit: gridsConnection(where: {areas: {some: {unitsConnection: {some: {edge: CUR}}}}}) { totalCount }
  units: unitsConnection { totalCount }
  pairedUnits: unitsConnection(where: {areasConnection: {some: {edge: CUR}}}) { totalCount }
  cadres: peopleConnection(where: {HAS_UNIT}) { totalCount }
  cadresInGrid: peopleConnection(where: {HAS_UNIT, OR: [{pairedHouseholdsConnection: {some: {edge: CUR}}},
      {pairedBuildingsConnection: {some: {edge: CUR}}}]}) { totalCount }
  volunteerTeams: volunteerTeamsConnection { totalCount } }""".replace("UNCOVERED", UNCOVERED)
    .replace("COVERED", COVERED)
    .replace("CUR", CUR)
    .replace("HAS_HOUSEHOLD", "householdConnection: {aggregate: {count: {nodes: {gt: 0}}}}")
    .replace("HAS_AREA", "areaConnection: {aggregate: {count: {nodes: {gt: 0}}}}")
    .replace("HAS_UNIT", "unitsConnection: {aggregate: {count: {nodes: {gt: 0}}}}")
)


def _coverage_project(d: Json, p: Params) -> Json:
    return {f: d["coverage"][f] for f in COVERAGE_FIELDS}


def _coverage_peer(d: Json, p: Params) -> Json:
    return {f: d[f]["totalCount"] for f in COVERAGE_FIELDS}


def _coverage_raw(rows: list[Json], p: Params) -> Json:
    return {f: rows[0][f] for f in COVERAGE_FIELDS}


# ---------------------------------------------------------------- 7. full-text search of household addresses

SEARCH_PROJECT = """query ($text: String!) { search(text: $text, kinds: [HOUSEHOLD], first: 20) {
  score exactCode node { ... on Household { code address } } } }"""

SEARCH_PEER = """query ($phrase: String!) { householdsByAddress(phrase: $phrase, sort: [{score: DESC}, {node: {code: ASC}}], first: 20) {
  edges { score node { code address } } } }"""


def search_canon(hits: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    return [(c, a, round(s, 5)) for c, a, s in hits]


def _search_project(d: Json, p: Params) -> Any:
    return search_canon([(h["node"]["code"], h["node"]["address"], h["score"]) for h in d["search"]])


def _search_peer(d: Json, p: Params) -> Any:
    return search_canon(
        [(e["node"]["code"], e["node"]["address"], e["score"]) for e in d["householdsByAddress"]["edges"]]
    )


def _search_raw(rows: list[Json], p: Params) -> Any:
    return search_canon([(r["code"], r["address"], r["score"]) for r in rows])


# ---------------------------------------------------------------- the list

OPERATIONS: list[Operation] = [
    Operation(
        "household",
        "household detail (building, compound, area, grid, residents, paired now)",
        HOUSEHOLD_PROJECT,
        lambda p: {"code": p.household, "asOf": p.as_of.isoformat()},
        _household_project,
        HOUSEHOLD_PEER,
        lambda p: {"code": p.household, "asOf": p.as_of.isoformat()},
        _household_peer,
        cypher("household_detail"),
        lambda p: {"code": p.household, "asOf": p.as_of},
        _household_raw,
    ),
    Operation(
        "grid",
        "grid with its units and household coverage counts",
        GRID_PROJECT,
        lambda p: {"id": gid("Grid", p.grid), "asOf": p.as_of.isoformat()},
        _grid_project,
        GRID_PEER,
        lambda p: {"grid": p.grid, "asOf": p.as_of.isoformat()},
        _grid_peer,
        cypher("grid_detail"),
        lambda p: {"code": p.grid, "asOf": p.as_of},
        _grid_raw,
    ),
    Operation(
        "uncovered_grid",
        "uncovered households of a grid, first 20 + totalCount",
        UNCOVERED_PROJECT,
        lambda p: {"scope": gid("Grid", p.grid), "asOf": p.as_of.isoformat()},
        _uncovered_project,
        UNCOVERED_GRID_PEER,
        lambda p: {"grid": p.grid, "asOf": p.as_of.isoformat()},
        _uncovered_peer,
        cypher("uncovered_grid"),
        lambda p: {"code": p.grid, "asOf": p.as_of, "first": p.first},
        _uncovered_raw,
    ),
    Operation(
        "units_page",
        "a page of 20 units with their current areas (and each area's grid) + totalCount",
        UNITS_PROJECT,
        lambda p: {"asOf": p.as_of.isoformat()},
        _units_project,
        UNITS_PEER,
        lambda p: {"asOf": p.as_of.isoformat()},
        _units_peer,
        cypher("units_page"),
        lambda p: {"asOf": p.as_of, "first": p.first},
        _units_raw,
    ),
    Operation(
        "network_grid",
        "pairing network around a grid, depth 2",
        NETWORK_PROJECT,
        lambda p: {"id": gid("Grid", p.grid), "asOf": p.as_of.isoformat()},
        _network_project,
        NETWORK_PEER,
        lambda p: {"grid": p.grid, "asOf": p.as_of.isoformat()},
        network_from_peer,
        cypher("network_depth2"),
        lambda p: {"center": p.grid, "label": "Grid", "asOf": p.as_of, "limit": 500, "rank": NODE_RANK},
        _network_raw,
        note="peer: nested selection per node type, assembled client-side (dedupe, hop order); no node limit",
    ),
    Operation(
        "coverage_county",
        "county coverage counts (15 counts)",
        COVERAGE_PROJECT,
        lambda p: {"asOf": p.as_of.isoformat()},
        _coverage_project,
        COVERAGE_PEER,
        lambda p: {"asOf": p.as_of.isoformat()},
        _coverage_peer,
        cypher("coverage_county"),
        lambda p: {"asOf": p.as_of},
        _coverage_raw,
        note="peer: 15 root fields (one Cypher query each); fiveHavesCompounds left out (peer cannot state it)",
    ),
    Operation(
        "search",
        "full-text search of household addresses, top 20",
        SEARCH_PROJECT,
        lambda p: {"text": p.search_text},
        _search_project,
        SEARCH_PEER,
        lambda p: {"phrase": lucene(p.search_text)},
        _search_peer,
        cypher("search_households"),
        lambda p: {"lucene": lucene(p.search_text), "first": p.first},
        _search_raw,
    ),
    Operation(
        "uncovered_county",
        "uncovered households of the county, first 20 + totalCount",
        UNCOVERED_PROJECT,
        lambda p: {"scope": None, "asOf": p.as_of.isoformat()},
        _uncovered_project,
        UNCOVERED_COUNTY_PEER,
        lambda p: {"asOf": p.as_of.isoformat()},
        _uncovered_peer,
        cypher("uncovered_county"),
        lambda p: {"asOf": p.as_of, "first": p.first},
        _uncovered_raw,
    ),
]
