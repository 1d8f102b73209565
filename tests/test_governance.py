"""Residents' self-governance: bodies, deliberation platforms and matters (议 → 理 → 评 → 办), checked against
the planted figures and navigated in both directions."""

from __future__ import annotations

import neo4j

from api.ids import encode
from graph.driver import count_queries

LOOP = ["DELIBERATE", "SORT_OUT", "EVALUATE", "CARRY_OUT"]

MATTERS_PAGE = """
query ($first: Int, $after: String, $kind: MatterKind, $step: MatterStage) {
  matters(first: $first, after: $after, kind: $kind, step: $step) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage endCursor }
    nodes { code kind step raisedOn settledOn steps { step on } concerns { code } raisedAt { code } }
  }
}"""


def _all_matters(gql, first: int, between_pages=None, **filters) -> list[dict]:
    matters: list[dict] = []
    after = None
    pages = 0
    while True:
        body = gql(MATTERS_PAGE, {"first": first, "after": after, **filters})
        assert "errors" not in body, body["errors"]
        page = body["data"]["matters"]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        matters += page["nodes"]
        pages += 1
        if between_pages:
            between_pages(pages)
        if not page["pageInfo"]["hasNextPage"]:
            return matters
        after = page["pageInfo"]["endCursor"]


def test_settled_and_open_matters_by_kind_are_the_planted_ones(gql, ground_truth) -> None:
    figures = ground_truth["figures"]
    query = "query ($kind: MatterKind, $step: MatterStage) { matters(kind: $kind, step: $step) { totalCount } }"
    for kind, settled in figures["settledMattersByKind"].items():
        done = gql(query, {"kind": kind, "step": "DONE"})["data"]["matters"]["totalCount"]
        everything = gql(query, {"kind": kind})["data"]["matters"]["totalCount"]
        assert done == settled
        assert everything - done == figures["openMattersByKind"][kind]
    assert figures["settledMattersByKind"]["GOVERNANCE"] >= 50
    assert figures["settledMattersByKind"]["DISPUTE"] >= 20
    assert figures["settledMattersByKind"]["ILLEGAL_STRUCTURE"] >= 50


def test_every_matter_goes_through_the_loop_in_order(gql, ground_truth) -> None:
    matters = _all_matters(gql, 100)
    codes = [m["code"] for m in matters]
    assert len(codes) == len(set(codes)) == ground_truth["nodeCounts"]["Matter"]
    for m in matters:
        steps = [s["step"] for s in m["steps"]]
        assert steps == LOOP[: len(steps)] and steps, m["code"]
        days = [s["on"] for s in m["steps"]]
        assert days == sorted(days)
        assert days[0] == m["raisedOn"]
        if m["step"] == "DONE":
            assert steps == LOOP
            assert m["settledOn"] >= days[-1]
        else:
            assert m["settledOn"] is None
            assert steps[-1] == m["step"]
        assert len(m["concerns"]) == 1 and m["raisedAt"] is not None


def test_the_named_matters_concern_the_named_compounds(gql, ground_truth) -> None:
    query = """query ($code: String!) { byCode(code: $code) { ... on Matter {
      title kind step concerns { ... on Compound { code name matters(first: 100) { nodes { code } } } }
      raisedAt { matters(first: 100) { nodes { code } } }
    } } }"""
    for title, code in ground_truth["namedMatters"].items():
        matter = gql(query, {"code": code})["data"]["byCode"]
        assert matter["title"] == title
        assert (matter["kind"], matter["step"]) == ("GOVERNANCE", "DONE")
        [compound] = matter["concerns"]
        assert title.startswith(compound["name"])
        assert compound["code"] == ground_truth["namedCompounds"][compound["name"]]
        assert code in {m["code"] for m in compound["matters"]["nodes"]}
        assert code in {m["code"] for m in matter["raisedAt"]["matters"]["nodes"]}


def test_paging_matters_survives_rows_added_and_removed_between_pages(gql, db: neo4j.Driver) -> None:
    original = [m["code"] for m in _all_matters(gql, 100)]
    early, late = "MT000-test-early", "MT999-test-late"

    def change(page: int) -> None:
        if page == 1:
            db.execute_query(
                """MATCH (c:Compound) WITH c ORDER BY c.code LIMIT 1
                   UNWIND $codes AS code
                   CREATE (m:Entity:Matter {code: code, title: 'test matter', kind: 'DISPUTE', step: 'DELIBERATE',
                                            raisedOn: date('2026-10-01')})-[:CONCERNS]->(c)""",
                codes=[early, late],
            )
        if page == 3:
            db.execute_query("MATCH (m:Matter {code: $code}) DETACH DELETE m", code=early)

    try:
        seen = [m["code"] for m in _all_matters(gql, 20, change)]
    finally:
        db.execute_query("MATCH (m:Matter) WHERE m.code IN $codes DETACH DELETE m", codes=[early, late])
    assert seen == [*original, late]


def test_self_governance_bodies_and_the_compounds_they_serve(gql, ground_truth) -> None:
    body = gql(
        """query ($day: Date) { selfGovernanceBodies(asOf: $day) {
             code kind foundedOn serves(asOf: $day) { code selfGovernanceBodies(asOf: $day) { code } } } }""",
        {"day": ground_truth["referenceDate"]},
    )
    assert "errors" not in body, body["errors"]
    bodies = body["data"]["selfGovernanceBodies"]
    assert len(bodies) == ground_truth["figures"]["selfGovernanceBodies"] == 32
    kinds: dict[str, int] = {}
    for b in bodies:
        kinds[b["kind"]] = kinds.get(b["kind"], 0) + 1
        assert b["serves"]
        for compound in b["serves"]:
            assert b["code"] in {x["code"] for x in compound["selfGovernanceBodies"]}
    assert kinds == ground_truth["figures"]["selfGovernanceBodiesByKind"]


def test_deliberation_platforms_and_the_places_they_serve(gql, ground_truth) -> None:
    # Three requests, each within the cost limit: the platforms and what they serve; the compounds of every
    # grid with their platforms; each platform's matters.
    day = {"day": ground_truth["referenceDate"]}
    body = gql(
        """query ($day: Date) { deliberationPlatforms(asOf: $day) {
             code schedule runBy { code deliberationPlatforms { code } }
             serves(asOf: $day) {
               ... on Compound { code deliberationPlatforms(asOf: $day) { code } }
               ... on Grid { code deliberationPlatforms(asOf: $day) { code } }
             }
           } }""",
        day,
    )
    assert "errors" not in body, body["errors"]
    grids = gql(
        """query ($day: Date) { grids(first: 30) { nodes { code compounds {
             code deliberationPlatforms(asOf: $day) { code } } } } }""",
        day,
    )["data"]["grids"]["nodes"]
    assert len(grids) == ground_truth["figures"]["grids"]
    compounds_of = {g["code"]: g["compounds"] for g in grids}
    matters = gql(
        """{ deliberationPlatforms { code matters(first: 20) { totalCount nodes { raisedAt { code } } } } }"""
    )["data"]["deliberationPlatforms"]
    platforms = body["data"]["deliberationPlatforms"]
    assert len(platforms) == ground_truth["figures"]["deliberationPlatforms"] >= 40
    for p in platforms:
        assert p["schedule"]
        assert p["code"] in {x["code"] for x in p["runBy"]["deliberationPlatforms"]}
        for place in p["serves"]:
            assert p["code"] in {x["code"] for x in place["deliberationPlatforms"]}
            # A platform serving a grid serves each of its compounds too.
            for compound in compounds_of.get(place["code"], []):
                assert p["code"] in {x["code"] for x in compound["deliberationPlatforms"]}
    raised = 0
    for p in matters:
        assert len(p["matters"]["nodes"]) == p["matters"]["totalCount"]  # 18 at most
        assert {m["raisedAt"]["code"] for m in p["matters"]["nodes"]} <= {p["code"]}
        raised += p["matters"]["totalCount"]
    assert raised == ground_truth["nodeCounts"]["Matter"]


def test_matters_of_one_grid_are_those_of_its_compounds(gql, ground_truth) -> None:
    grid = ground_truth["samples"]["firstGrid"]
    body = gql(
        """query ($scope: ID, $code: String!) {
             matters(scope: $scope, first: 100) { totalCount nodes { code } }
             byCode(code: $code) { ... on Grid { compounds { matters(first: 100) { nodes { code } } } } } }""",
        {"scope": encode("Grid", grid), "code": grid},
    )
    assert "errors" not in body, body["errors"]
    in_scope = {m["code"] for m in body["data"]["matters"]["nodes"]}
    by_compound = {m["code"] for c in body["data"]["byCode"]["compounds"] for m in c["matters"]["nodes"]}
    assert in_scope == by_compound
    assert body["data"]["matters"]["totalCount"] == len(in_scope)


def test_round_trips_do_not_grow_with_page_size(execute, no_cost_limit) -> None:
    query = """query ($first: Int) {
      matters(first: $first) { totalCount nodes {
        title steps { step on matter { code } }
        raisedAt { name runBy { name } serves { ... on Grid { name } ... on Compound { name } } }
        concerns { ... on Compound { name selfGovernanceBodies { name } deliberationPlatforms { name } } }
      } }
    }"""

    def round_trips(first: int) -> int:
        with count_queries() as counter:
            result = execute(query, {"first": first})
        assert result.errors is None, result.errors
        return counter.count

    assert round_trips(2) == round_trips(100)
