"""The canonical operations the benchmark times: each a GraphQL request and the raw Cypher for the same answer.

The raw side is what a hand-written client would send: the catalogued queries the answer needs (one per
level where a level needs its own query), with the same parameters, through the sync driver.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import neo4j

from api.ids import encode
from graph import geography, network
from graph.catalog import cypher
from graph.rules import FORCES_MIN_COVERED_SHARE, resources_window_start
from graph.scope import Viewer
from resolvers.coverage import PARTS, uncovered_page
from resolvers.queues import queue_params

Params = dict[str, Any]
ALL_PARTS = frozenset(PARTS.values())
Statement = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class Operation:
    name: str
    query: str
    variables: Callable[[Params], dict[str, Any]]
    raw: Callable[[Params], list[Statement]]
    """The raw side: the Cypher statements (text, parameters) that fetch the same answer, run in turn."""


def pick_parameters(driver: neo4j.Driver) -> Params:
    """The entities the operations are about: the busiest grid and unit, a household with a full chain."""
    with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        row = session.run(cypher("bench/pick_parameters")).single()
        county = session.run(cypher("territory/get_county"), {"scope": Viewer.county().cypher()}).single()
    assert row is not None and county is not None, "the data set is not loaded"
    return {**row.data(), "county": county["node"]["code"], "asOf": date.today()}


def _rules(day: date, parts: frozenset[str] = ALL_PARTS) -> dict[str, Any]:
    """The brute-force coverage queries' parameters: every part of the analysis unless ``parts`` says otherwise."""
    return {"asOf": day, "minCoveredShare": FORCES_MIN_COVERED_SHARE, "windowStart": resources_window_start(day),
            "parts": sorted(parts)}  # fmt: skip


HOUSEHOLD_PARTS = frozenset({"households"})


COVERAGE_FIELDS = """households coveredHouseholds coveredDirectly coveredViaBuilding specialGroupResidents
  uncoveredSpecialGroupResidents buildings buildingsWithLeader threeNoCompounds threeNoCompoundsWithPartyOrganization
  fiveHavesCompounds grids gridsWithUnit units pairedUnits cadres pairedCadres volunteerTeams"""

HOUSEHOLD_DETAIL = """query ($id: ID!, $asOf: Date) { node(id: $id) { ... on Household {
  code address building { name compound { name } } residents { name phone }
  pairedMembers(asOf: $asOf) { name phone }
  responsible(asOf: $asOf) { role person { name } organization { name kind } unit { name } } } } }"""

GRID_DETAIL = """query ($id: ID!, $asOf: Date) { node(id: $id) { ... on Grid {
  code name community { name } branch { name secretary(asOf: $asOf) { name } }
  units(asOf: $asOf) { code name kind }
  coverage(asOf: $asOf) { FIELDS } } } }""".replace("FIELDS", COVERAGE_FIELDS)

UNCOVERED = """query ($scope: ID, $asOf: Date) { uncoveredHouseholds(scope: $scope, first: 20, asOf: $asOf) {
  totalCount pageInfo { hasNextPage endCursor } nodes { code address } } }"""

COVERAGE = "query ($asOf: Date) { coverage(asOf: $asOf) { FIELDS } }".replace("FIELDS", COVERAGE_FIELDS)

COVERAGE_HOUSEHOLDS = """query ($asOf: Date) { coverage(asOf: $asOf) { households coveredHouseholds coveredDirectly
  coveredViaBuilding specialGroupResidents uncoveredSpecialGroupResidents } }"""

UNCOVERED_COUNT = """query ($asOf: Date) { uncoveredHouseholds(first: 20, asOf: $asOf) { totalCount } }"""

GRID_COVERAGE = """query ($id: ID!, $asOf: Date) { node(id: $id) { ... on Grid {
  coverage(asOf: $asOf) { households coveredHouseholds } } } }"""

PAST_DAYS = 400
"""How far back "a past day" is: before the June 2026 wave of ended pairings."""


def _past(p: Params) -> date:
    return p["asOf"] - timedelta(days=PAST_DAYS)


NETWORK = """query ($id: ID!, $asOf: Date) { pairingNetwork(center: $id, depth: 2, asOf: $asOf) {
  nodes { id kind label } edges { source target kind since } } }"""

PICTURE = """query ($id: ID!, $asOf: Date) { pairingNetwork(center: $id, mode: PAIRINGS, limit: 5000, asOf: $asOf) {
  nodes { id code kind label covered stage } edges { source target kind since postRole pairingKind } } }"""

MAP = """query ($asOf: Date) { mapFeatures(asOf: $asOf) { geojson } }"""

WITHIN = """query ($west: Float!, $south: Float!, $east: Float!, $north: Float!, $asOf: Date) {
  within(west: $west, south: $south, east: $east, north: $north, asOf: $asOf) { geojson } }"""

SCREEN = geography.Box(110.235, 34.535, 110.245, 34.545)
"""About 900 m × 1.1 km in the middle of the county seat: what a phone's screen shows of the map."""

UNITS_PAGE = """query ($asOf: Date) { units(first: 20) { totalCount pageInfo { hasNextPage endCursor }
  nodes { code name kind areas(asOf: $asOf) { code name } grids(asOf: $asOf) { code name } } } }"""


def _network(label: str, key: str) -> Callable[[Params], list[Statement]]:
    def raw(p: Params) -> list[Statement]:
        return [network.network_query(p[key], label, 2, p["asOf"], network.DEFAULT_LIMIT)]

    return raw


def _uncovered(county: bool) -> Callable[[Params], list[Statement]]:
    def raw(p: Params) -> list[Statement]:
        roots = [p["county"]] if county else [p["grid"]]
        params = {"roots": roots, "asOf": p["asOf"], "specialGroupsOnly": False, "first": 21,
                  **uncovered_page(None, special_only=False, special_first=False)}  # fmt: skip
        kind = "county_uncovered_households" if county else "uncovered_households"
        return [(cypher(f"coverage/page_{kind}"), params), (cypher(f"coverage/count_{kind}"), params)]

    return raw


UNCOVERED_SPECIAL_FIRST = """query ($asOf: Date) {
  uncoveredHouseholds(specialGroupsFirst: true, first: 20, asOf: $asOf) {
    totalCount pageInfo { hasNextPage endCursor } nodes { code address } } }"""

BUILDING_ONLY_CADRES = """query ($asOf: Date) { cadres(pairing: BUILDINGS_ONLY, asOf: $asOf, first: 20) {
  totalCount pageInfo { hasNextPage endCursor } nodes { code name } } }"""

JOINT_BRANCHES = """{ partyOrganizations(kind: COMPOUND_BRANCH, joint: true, first: 20) {
  totalCount pageInfo { hasNextPage endCursor } nodes { code name } } }"""

OVERDUE_WISHES = """query ($asOf: Date) { wishes(statuses: [ACCEPTED, CLAIMED], overdue: true, asOf: $asOf,
  orderBy: DUE_DATE, first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { code title expectedBy } } }"""

REPORTED_MEMBERS = """query ($id: ID!, $asOf: Date) { node(id: $id) { ... on Grid {
  reportedMembers(asOf: $asOf, first: 20) { totalCount nodes { since member { code name } } } } } }"""


def _queue(p: Params) -> dict[str, Any]:
    return {"roots": [p["county"]], "statuses": ["ACCEPTED", "CLAIMED"],
            **queue_params(p["asOf"], True, None, True)}  # fmt: skip


OPERATIONS: list[Operation] = [
    Operation(
        "household detail with its responsible chain",
        HOUSEHOLD_DETAIL,
        lambda p: {"id": encode("Household", p["household"]), "asOf": p["asOf"].isoformat()},
        lambda p: [
            (cypher("bench/get_household_detail"), {"code": p["household"], "asOf": p["asOf"]}),
            (cypher("responsibility/rel_responsible"), {"codes": [p["household"]], "asOf": p["asOf"]}),
        ],
    ),
    Operation(
        "grid with its units and coverage",
        GRID_DETAIL,
        lambda p: {"id": encode("Grid", p["grid"]), "asOf": p["asOf"].isoformat()},
        lambda p: [
            (cypher("bench/get_grid_detail"), {"code": p["grid"], "asOf": p["asOf"]}),
            (
                cypher("coverage/get_coverage"),
                {**_rules(p["asOf"]), "scopes": [{"key": p["grid"], "roots": [p["grid"]], "unit": None}]},
            ),
        ],
    ),
    Operation(
        "uncoveredHouseholds, a grid",
        UNCOVERED,
        lambda p: {"scope": encode("Grid", p["grid"]), "asOf": p["asOf"].isoformat()},
        _uncovered(county=False),
    ),
    Operation(
        "uncoveredHouseholds, the county",
        UNCOVERED,
        lambda p: {"scope": None, "asOf": p["asOf"].isoformat()},
        _uncovered(county=True),
    ),
    Operation(
        "coverage, the county",
        COVERAGE,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [(cypher("coverage/get_county_coverage"), _rules(p["asOf"]))],
    ),
    Operation(
        "pairingNetwork depth 2, a unit",
        NETWORK,
        lambda p: {"id": encode("Unit", p["unit"]), "asOf": p["asOf"].isoformat()},
        _network("Unit", "unit"),
    ),
    Operation(
        "pairingNetwork depth 2, a grid",
        NETWORK,
        lambda p: {"id": encode("Grid", p["grid"]), "asOf": p["asOf"].isoformat()},
        _network("Grid", "grid"),
    ),
    Operation(
        "uncoveredHouseholds, the county, special-group households first",
        UNCOVERED_SPECIAL_FIRST,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [
            (
                cypher("coverage/page_county_uncovered_households"),
                {"asOf": p["asOf"], "first": 21, **uncovered_page(None, special_only=False, special_first=True)},
            ),
            (cypher("coverage/count_county_uncovered_households"), {"asOf": p["asOf"], "specialGroupsOnly": False}),
        ],
    ),
    Operation(
        "cadres paired only with buildings, the county",
        BUILDING_ONLY_CADRES,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [
            (
                cypher(f"units/{verb}_scoped_cadres"),
                {
                    "county": True,
                    "unit": None,
                    "roots": [p["county"]],
                    "asOf": p["asOf"],
                    "pairing": "BUILDINGS_ONLY",
                    "after": "",
                    "first": 21,
                },
            )
            for verb in ("page", "count")
        ],
    ),
    Operation(
        "partyOrganizations: joint compound branches",
        JOINT_BRANCHES,
        lambda p: {},
        lambda p: [
            (
                cypher(f"organizations/{verb}_organizations"),
                {
                    "county": True,
                    "unit": None,
                    "roots": [p["county"]],
                    "asOf": p["asOf"],
                    "kind": "COMPOUND_BRANCH",
                    "joint": True,
                    "after": "",
                    "first": 21,
                },
            )
            for verb in ("page", "count")
        ],
    ),
    Operation(
        "wishes accepted or claimed and overdue, by due day",
        OVERDUE_WISHES,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [
            (cypher("wishes/page_wishes"), {**_queue(p), "after": None, "first": 21}),
            (cypher("wishes/count_wishes"), _queue(p)),
        ],
    ),
    Operation(
        "a grid's reported members (20, with totalCount)",
        REPORTED_MEMBERS,
        lambda p: {"id": encode("Grid", p["grid"]), "asOf": p["asOf"].isoformat()},
        lambda p: [
            (
                cypher("territory/page_grid_reports"),
                {"keys": [{"code": p["grid"], "first": 21, "after": None}], "asOf": p["asOf"]},
            ),
            (cypher("territory/count_grid_reports"), {"codes": [p["grid"]], "asOf": p["asOf"]}),
        ],
    ),
    Operation(
        "pairingNetwork PAIRINGS, the busiest grid",
        PICTURE,
        lambda p: {"id": encode("Grid", p["grid"]), "asOf": p["asOf"].isoformat()},
        lambda p: [
            (cypher(q), params)
            for q, params in [network.picture_query(p["grid"], "Grid", p["asOf"], network.MAX_LIMIT)]
        ],
    ),
    Operation(
        "mapFeatures, the county (every outline and building)",
        MAP,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [
            (cypher(q), params)
            for q, params in [geography.features_query(list(geography.MAPPED), p["asOf"], 2000, [p["county"]], None)]
        ],
    ),
    Operation(
        "within, a screen of the county seat",
        WITHIN,
        lambda p: {**SCREEN.__dict__, "asOf": p["asOf"].isoformat()},
        lambda p: [
            (cypher(q), params)
            for q, params in [geography.features_query(list(geography.MAPPED), p["asOf"], 2000, None, SCREEN)]
        ],
    ),
    Operation(
        "a page of units (20, with areas and grids)",
        UNITS_PAGE,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [(cypher("bench/get_units_page"), {"first": 21, "asOf": p["asOf"]})],
    ),
    # Issue 10: the coverage aggregate. The raw side is the brute force (every household judged on the day).
    Operation(
        "coverage of households, the county, today",
        COVERAGE_HOUSEHOLDS,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [(cypher("coverage/get_county_coverage"), _rules(p["asOf"], HOUSEHOLD_PARTS))],
    ),
    Operation(
        "coverage of households, the county, a past day",
        COVERAGE_HOUSEHOLDS,
        lambda p: {"asOf": _past(p).isoformat()},
        lambda p: [(cypher("coverage/get_county_coverage"), _rules(_past(p), HOUSEHOLD_PARTS))],
    ),
    Operation(
        "uncovered households of the county, totalCount",
        UNCOVERED_COUNT,
        lambda p: {"asOf": p["asOf"].isoformat()},
        lambda p: [
            (cypher("coverage/count_county_uncovered_households"), {"asOf": p["asOf"], "specialGroupsOnly": False})
        ],
    ),
    Operation(
        "uncovered households of the county, a past day, totalCount",
        UNCOVERED_COUNT,
        lambda p: {"asOf": _past(p).isoformat()},
        lambda p: [
            (cypher("coverage/count_county_uncovered_households"), {"asOf": _past(p), "specialGroupsOnly": False})
        ],
    ),
    Operation(
        "a grid's coverage (households, coveredHouseholds)",
        GRID_COVERAGE,
        lambda p: {"id": encode("Grid", p["grid"]), "asOf": p["asOf"].isoformat()},
        lambda p: [
            (
                cypher("coverage/get_coverage"),
                {
                    **_rules(p["asOf"], HOUSEHOLD_PARTS),
                    "scopes": [{"key": p["grid"], "roots": [p["grid"]], "unit": None}],
                },
            )
        ],
    ),
]
