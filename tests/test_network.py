"""The pairing network around an entity (pairingNetwork): what it reaches, that every edge held on the
day asked about, that its ids are real, and that it refuses what it cannot draw."""

from __future__ import annotations

import re
from datetime import date, timedelta

import neo4j
import pytest

from api import ids
from graph import network
from graph.driver import count_queries
from graph.scope import Viewer

NETWORK = """
query ($center: ID!, $depth: Int, $asOf: Date, $limit: Int) {
  pairingNetwork(center: $center, depth: $depth, asOf: $asOf, limit: $limit) {
    truncated
    nodes { id kind label }
    edges { source target kind since }
  }
}"""

# How each edge kind is stored (docs/MODEL.md), written out independently of graph/network.py.
STORED = {
    "PAIRED_WITH": "(s)-[r:PAIRED_WITH]->(t)",
    "COVERS": "(s)-[r:ANSWERS_FOR]->(t)",
    "MEMBER_OF": "(s)-[r:MEMBER_OF]->(t)",
    "HOLDS_POST": "(s)-[r:HOLDS]->(:Post)-[:POST_OF]->(t)",
    "WORKS_AT": "(s)-[r:WORKS_AT]->(t)",
    "SERVES": "(s)-[r:SERVES]->(t)",
    "PART_OF": "(s)-[r:PART_OF|UNDER]->(t)",
    "RESIDES_IN": "(s)-[r:RESIDES_IN]->(t)",
    "ORGANIZED_BY": "(s)-[r:ORGANIZED_BY|RUN_BY]->(t)",
}


def _network(execute, type_name: str, code: str, depth: int, day: date, limit: int | None = None, viewer=None):
    variables = {"center": ids.encode(type_name, code), "depth": depth, "asOf": day.isoformat()}
    if limit is not None:
        variables["limit"] = limit
    result = execute(NETWORK, variables, viewer)
    assert result.errors is None, result.errors
    return result.data["pairingNetwork"]


def _code(global_id: str) -> str:
    return ids.decode(global_id)[1]


def _edges(net: dict) -> set[tuple[str, str, str]]:
    return {(_code(e["source"]), _code(e["target"]), e["kind"]) for e in net["edges"]}


def _codes(net: dict) -> set[str]:
    return {_code(n["id"]) for n in net["nodes"]}


def _reference_day(ground_truth) -> date:
    return date.fromisoformat(ground_truth["referenceDate"])


def _assert_every_edge_held(db: neo4j.Driver, net: dict, day: date) -> None:
    """Each edge is a relationship of its kind that held on ``day``, and ``since`` is its validFrom."""
    for kind, pattern in STORED.items():
        edges = [e for e in net["edges"] if e["kind"] == kind]
        if not edges:
            continue
        rows = [{"s": _code(e["source"]), "t": _code(e["target"]), "since": e["since"]} for e in edges]
        records, _, _ = db.execute_query(
            f"UNWIND $rows AS row MATCH (s:Entity {{code: row.s}}), (t:Entity {{code: row.t}}) "
            f"OPTIONAL MATCH {pattern} "
            "WHERE r.validFrom IS NULL OR (r.validFrom <= $day AND (r.validTo IS NULL OR $day < r.validTo)) "
            "RETURN row, count(r) AS held, collect(toString(r.validFrom)) AS starts",
            rows=rows,
            day=day,
        )
        for record in records:
            row, starts = record["row"], record["starts"]
            assert record["held"] > 0, f"{kind} {row['s']} → {row['t']} did not hold on {day}"
            assert row["since"] in starts if row["since"] is not None else starts == [], (kind, row, starts)


def test_a_unit_network_shows_its_areas_and_at_depth_2_their_grids(execute, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    unit, area, grid = sample["pairedUnits"][0], sample["area"], sample["grid"]
    day = _reference_day(ground_truth)

    near = _network(execute, "Unit", unit, 1, day)
    records, _, _ = db.execute_query(
        "MATCH (:Unit {code: $unit})-[r:PAIRED_WITH]->(a:Area) "
        "WHERE r.validFrom <= $day AND (r.validTo IS NULL OR $day < r.validTo) RETURN a.code AS code",
        unit=unit,
        day=day,
    )
    paired_areas = {r["code"] for r in records}
    assert area in paired_areas
    assert {(unit, a, "PAIRED_WITH") for a in paired_areas} <= _edges(near)
    assert grid not in _codes(near), "a grid is two hops from a unit"

    far = _network(execute, "Unit", unit, 2, day)
    assert (area, grid, "PART_OF") in _edges(far)
    assert _codes(near) <= _codes(far)
    assert far["truncated"] is False


def test_a_grid_network_shows_the_units_paired_with_its_areas(execute, ground_truth) -> None:
    sample = ground_truth["samples"]["fullChain"]
    net = _network(execute, "Grid", sample["grid"], 2, _reference_day(ground_truth))
    edges = _edges(net)
    assert (sample["area"], sample["grid"], "PART_OF") in edges
    assert (sample["gridBranch"], sample["grid"], "COVERS") in edges
    assert {(u, sample["area"], "PAIRED_WITH") for u in sample["pairedUnits"]} <= edges


def test_every_edge_held_on_the_day_asked_about(execute, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    before_wave = date.fromisoformat(ground_truth["pairingEndDate"]) - timedelta(days=1)
    for day in (_reference_day(ground_truth), before_wave):
        for type_name, code in (("Unit", sample["pairedUnits"][0]), ("Household", sample["household"])):
            _assert_every_edge_held(db, _network(execute, type_name, code, 2, day), day)


def test_an_ended_pairing_is_drawn_until_its_end_date(execute, ground_truth) -> None:
    ended = next(e for e in ground_truth["endedPairings"] if e["endReason"] != "住户临时搬离")
    end = date.fromisoformat(ended["validTo"])
    pairing = (ended["member"], ended["household"], "PAIRED_WITH")

    before = _network(execute, "Person", ended["member"], 1, end - timedelta(days=1))
    assert pairing in _edges(before)
    (edge,) = [e for e in before["edges"] if (_code(e["source"]), _code(e["target"]), e["kind"]) == pairing]
    assert edge["since"] == ended["validFrom"]

    after = _network(execute, "Person", ended["member"], 1, end)
    assert pairing not in _edges(after)


def test_node_ids_are_global_ids_of_real_entities(execute, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    net = _network(execute, "Grid", sample["grid"], 2, _reference_day(ground_truth))
    assert net["nodes"][0]["id"] == ids.encode("Grid", sample["grid"]), "the center comes first"
    decoded = {n["id"]: ids.decode(n["id"]) for n in net["nodes"]}
    records, _, _ = db.execute_query(
        "UNWIND $codes AS code MATCH (n:Entity {code: code}) "
        "RETURN n.code AS code, [l IN labels(n) WHERE l <> 'Entity'][0] AS label",
        codes=[code for _, code in decoded.values()],
    )
    labels = {r["code"]: r["label"] for r in records}
    for node in net["nodes"]:
        type_name, code = decoded[node["id"]]
        assert labels.get(code) == type_name
        assert node["kind"] == re.sub(r"(?<!^)(?=[A-Z])", "_", type_name).upper()
    node_ids = set(decoded)
    assert all(e["source"] in node_ids and e["target"] in node_ids for e in net["edges"])
    assert len({n["id"] for n in net["nodes"]}) == len(net["nodes"])


@pytest.mark.parametrize("depth", [0, 4, -1])
def test_a_depth_outside_1_to_3_is_refused(gql, ground_truth, depth: int) -> None:
    center = ids.encode("Grid", ground_truth["samples"]["firstGrid"])
    body = gql(NETWORK, {"center": center, "depth": depth})
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["argument"] == "depth"
    assert "depth" in error["message"]


def test_centers_that_cannot_be_drawn(gql, ground_truth) -> None:
    malformed = gql(NETWORK, {"center": "not an id"})["errors"][0]
    assert (malformed["extensions"]["code"], malformed["extensions"]["argument"]) == ("BAD_USER_INPUT", "center")
    unknown = gql(NETWORK, {"center": ids.encode("Grid", "GR9999")})["errors"][0]
    assert unknown["extensions"]["code"] == "NOT_FOUND"
    wrong_type = gql(NETWORK, {"center": ids.encode("Grid", ground_truth["samples"]["firstUnit"])})["errors"][0]
    assert wrong_type["extensions"]["code"] == "NOT_FOUND"
    wish = gql(NETWORK, {"center": ids.encode("Wish", ground_truth["samples"]["wishByStatus"]["FULFILLED"])})
    assert wish["errors"][0]["extensions"]["argument"] == "center"
    too_many = gql(NETWORK, {"center": ids.encode("County", "CT01"), "limit": network.MAX_LIMIT + 1})
    assert too_many["errors"][0]["extensions"]["argument"] == "limit"


def test_the_limit_cuts_the_network_nearest_first_and_says_so(execute, ground_truth) -> None:
    day = _reference_day(ground_truth)
    compound = ground_truth["namedCompounds"]["福乐小区"]
    whole = _network(execute, "Compound", compound, 3, day)
    assert len(whole["nodes"]) <= network.DEFAULT_LIMIT
    cut = _network(execute, "Compound", compound, 3, day, limit=25)
    assert cut["truncated"] is True
    assert len(cut["nodes"]) == 25
    near = _network(execute, "Compound", compound, 1, day)
    if len(near["nodes"]) <= 25:
        assert _codes(near) <= _codes(cut), "the whole first hop is kept before any of the second"
    else:
        assert _codes(cut) <= _codes(near)
    kept = {n["id"] for n in cut["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in cut["edges"])


def test_person_labels_are_masked_unless_the_caller_sees_names(gql, execute, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    records, _, _ = db.execute_query(
        "MATCH (:Household {code: $code})<-[:RESIDES_IN]-(p:Person) RETURN p.code AS code, p.name AS name",
        code=sample["household"],
    )
    names = {r["code"]: r["name"] for r in records}
    assert names
    variables = {"center": ids.encode("Household", sample["household"]), "depth": 1}

    analyst = gql(NETWORK, variables, role="ANALYST")["data"]["pairingNetwork"]
    county = execute(NETWORK, variables, Viewer.county()).data["pairingNetwork"]
    for net, shown in ((analyst, lambda n: n[0] + "*" * (len(n) - 1)), (county, lambda n: n)):
        labels = {_code(n["id"]): n["label"] for n in net["nodes"] if n["kind"] == "PERSON"}
        assert {code: labels[code] for code in names} == {code: shown(name) for code, name in names.items()}


def test_a_network_is_one_query(execute, ground_truth) -> None:
    sample = ground_truth["samples"]["fullChain"]
    with count_queries() as counter:
        _network(execute, "Unit", sample["pairedUnits"][0], 3, _reference_day(ground_truth))
    assert counter.count == 1


@pytest.mark.parametrize("depth", range(network.MIN_DEPTH, network.MAX_DEPTH + 1))
def test_the_built_query_plans_at_every_depth(db: neo4j.Driver, depth: int) -> None:
    query, params = network.network_query("CT01", "County", depth, date(2026, 1, 1))
    assert query.startswith("// ")
    with db.session(notifications_min_severity="OFF") as session:
        session.run("EXPLAIN " + query, params).consume()


# ---------------------------------------------------------------- filters, the pairing picture, drawing attributes

DRAWING = """
query ($center: ID!, $mode: NetworkMode, $depth: Int, $limit: Int, $nodeKinds: [NetworkNodeKind!],
       $edgeKinds: [NetworkEdgeKind!], $asOf: Date) {
  pairingNetwork(center: $center, mode: $mode, depth: $depth, limit: $limit, nodeKinds: $nodeKinds,
                 edgeKinds: $edgeKinds, asOf: $asOf) {
    truncated
    nodes { id code kind label covered specialGroup compoundKind stage }
    edges { source target kind since postRole pairingKind }
  }
}"""


def _drawing(execute, ground_truth, type_name: str, code: str, viewer=None, **variables):
    variables = {"center": ids.encode(type_name, code), "asOf": ground_truth["referenceDate"], **variables}
    result = execute(DRAWING, variables, viewer)
    assert result.errors is None, result.errors
    return result.data["pairingNetwork"]


def test_a_grids_pairing_picture_draws_the_pairings_the_ground_truth_lists(execute, ground_truth) -> None:
    picture = ground_truth["samples"]["gridPicture"]
    net = _drawing(execute, ground_truth, "Grid", picture["grid"], mode="PAIRINGS", limit=network.MAX_LIMIT)
    assert net["truncated"] is False
    paired = {(s, t) for s, t, kind in _edges(net) if kind == "PAIRED_WITH"}
    assert paired == {tuple(p) for p in picture["pairings"]}
    kinds = [n["kind"] for n in net["nodes"]]
    for kind, key in (
        ("AREA", "areas"),
        ("COMPOUND", "compounds"),
        ("BUILDING", "buildings"),
        ("HOUSEHOLD", "households"),
    ):
        assert kinds.count(kind) == picture[key], kind
    households = [n for n in net["nodes"] if n["kind"] == "HOUSEHOLD"]
    assert sum(1 for n in households if n["covered"]) == picture["coveredHouseholds"]
    assert all(n["covered"] is None for n in net["nodes"] if n["kind"] != "HOUSEHOLD")
    # Each pairing says what it pairs, by what it reaches.
    kind_of = {n["code"]: n["kind"] for n in net["nodes"]}
    for e in net["edges"]:
        if e["kind"] == "PAIRED_WITH":
            assert e["pairingKind"] == kind_of[_code(e["target"])]
        else:
            assert e["pairingKind"] is None


def test_the_pairing_picture_reaches_households_more_than_three_hops_down(execute, ground_truth) -> None:
    # A household is four hops below its grid (area, compound, building): out of reach of depth 3.
    picture = ground_truth["samples"]["gridPicture"]
    around = _drawing(execute, ground_truth, "Grid", picture["grid"], depth=3, limit=network.MAX_LIMIT)
    households = {n["code"] for n in around["nodes"] if n["kind"] == "HOUSEHOLD"}
    pictured = _drawing(execute, ground_truth, "Grid", picture["grid"], mode="PAIRINGS", limit=network.MAX_LIMIT)
    assert sum(1 for n in pictured["nodes"] if n["kind"] == "HOUSEHOLD") == picture["households"] > len(households)


def test_the_filters_narrow_the_pairing_picture_to_cadres_and_households(execute, ground_truth) -> None:
    picture = ground_truth["samples"]["gridPicture"]
    net = _drawing(
        execute, ground_truth, "Grid", picture["grid"], mode="PAIRINGS", limit=network.MAX_LIMIT,
        nodeKinds=["PERSON", "HOUSEHOLD"], edgeKinds=["PAIRED_WITH"],
    )  # fmt: skip
    assert {n["kind"] for n in net["nodes"][1:]} == {"PERSON", "HOUSEHOLD"}
    assert net["nodes"][0]["kind"] == "GRID", "the center is always kept"
    expected = {tuple(p) for p in picture["pairings"] if p[1].startswith("HH")}
    assert {(s, t) for s, t, _ in _edges(net)} == expected
    assert {e["kind"] for e in net["edges"]} == {"PAIRED_WITH"}


def test_the_filters_narrow_the_walk_around_a_center(execute, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    net = _drawing(
        execute, ground_truth, "Unit", sample["pairedUnits"][0], depth=3, nodeKinds=["UNIT", "AREA"],
        edgeKinds=["PAIRED_WITH"],
    )  # fmt: skip
    assert {n["kind"] for n in net["nodes"]} <= {"UNIT", "AREA"}
    assert {e["kind"] for e in net["edges"]} == {"PAIRED_WITH"}
    # Unit → area → (other units of that area) → their areas: every node is reached by pairings alone.
    records, _, _ = db.execute_query(
        "MATCH (:Unit {code: $unit})-[r:PAIRED_WITH]->(a:Area) "
        "WHERE r.validFrom <= $day AND (r.validTo IS NULL OR $day < r.validTo) RETURN collect(a.code) AS areas",
        unit=sample["pairedUnits"][0],
        day=_reference_day(ground_truth),
    )
    assert set(records[0]["areas"]) <= _codes(net)
    posts_only = _drawing(execute, ground_truth, "Household", sample["household"], depth=1, edgeKinds=["HOLDS_POST"])
    assert _codes(posts_only) == {sample["household"]}, "a household holds no post: nothing else to reach"


def test_post_edges_name_the_role_of_the_post(execute, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    net = _drawing(execute, ground_truth, "Building", sample["building"], depth=1, edgeKinds=["HOLDS_POST"])
    roles = {(_code(e["source"]), e["postRole"]) for e in net["edges"]}
    assert (sample["buildingLeader"], "BUILDING_LEADER") in roles
    assert (sample["centralHousehold"], "CENTRAL_HOUSEHOLD") in roles
    assert all(e["kind"] == "HOLDS_POST" and e["postRole"] for e in net["edges"])


def test_compounds_carry_their_kind_and_five_haves_stage(execute, ground_truth) -> None:
    compound = ground_truth["namedCompounds"]["福乐小区"]
    net = _drawing(execute, ground_truth, "Compound", compound, depth=2)
    compounds = [n for n in net["nodes"] if n["kind"] == "COMPOUND"]
    assert compounds
    for n in compounds:
        assert n["stage"] == ground_truth["fiveHaves"][n["code"]]["stage"]
        assert n["compoundKind"] in ("THREE_NO", "MANAGED")
    assert all(n["stage"] is None for n in net["nodes"] if n["kind"] != "COMPOUND")


def test_special_groups_are_flagged_only_for_roles_that_see_them(execute, ground_truth) -> None:
    picture = ground_truth["samples"]["gridPicture"]
    options = {"mode": "PAIRINGS", "limit": network.MAX_LIMIT, "nodeKinds": ["HOUSEHOLD"]}
    analyst = _drawing(execute, ground_truth, "Grid", picture["grid"], Viewer.analyst(), **options)
    assert all(n["specialGroup"] is None for n in analyst["nodes"])
    county = _drawing(execute, ground_truth, "Grid", picture["grid"], Viewer.county(), **options)
    households = [n for n in county["nodes"] if n["kind"] == "HOUSEHOLD"]
    assert all(n["specialGroup"] is not None for n in households)
    uncovered_special = {n["code"] for n in households if n["specialGroup"] and not n["covered"]}
    planted = set(ground_truth["uncoveredSpecialGroupHouseholds"])
    assert uncovered_special == {n["code"] for n in households if n["code"] in planted}


def test_a_pairing_picture_is_one_query_and_only_of_territory(execute, gql, ground_truth) -> None:
    picture = ground_truth["samples"]["gridPicture"]
    center = ids.encode("Grid", picture["grid"])
    with count_queries() as counter:
        result = execute(NETWORK.replace("depth: $depth", "mode: PAIRINGS, depth: $depth"), {"center": center})
    assert result.errors is None and len(result.data["pairingNetwork"]["nodes"]) > 1
    assert counter.count == 1
    unit = gql(DRAWING, {"center": ids.encode("Unit", ground_truth["samples"]["firstUnit"]), "mode": "PAIRINGS"})
    (error,) = unit["errors"]
    assert error["extensions"]["argument"] == "center"


def test_a_grid_worker_draws_only_their_own_grid(execute, viewer_of, ground_truth) -> None:
    picture = ground_truth["samples"]["gridPicture"]
    worker = viewer_of("GRID", picture["grid"])
    own = _drawing(execute, ground_truth, "Grid", picture["grid"], worker, mode="PAIRINGS", limit=network.MAX_LIMIT)
    assert {tuple(p) for p in picture["pairings"]} == {(s, t) for s, t, k in _edges(own) if k == "PAIRED_WITH"}
    other = next(g for g in ground_truth["coverage"]["grids"] if g != picture["grid"])
    variables = {"center": ids.encode("Grid", other), "mode": "PAIRINGS"}
    (error,) = execute(DRAWING, variables, worker).errors
    assert error.extensions["code"] == "NOT_FOUND", "another grid does not exist for them"
