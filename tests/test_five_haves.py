"""Every compound's five haves (五有) agree with the ground truth, with evidence, filtered in one request."""

from __future__ import annotations

from collections import Counter
from typing import Any

from api import ids
from graph.driver import count_queries
from graph.rules import FIVE_HAVES_FIGURES, FIVE_HAVES_KEYS
from schema.api import schema

PAGE = """
query ($scope: ID, $kind: CompoundKind, $stage: FiveHavesStage, $first: Int, $after: String, $asOf: Date,
       $withTotal: Boolean!) {
  compounds(scope: $scope, kind: $kind, stage: $stage, first: $first, after: $after, asOf: $asOf) {
    totalCount @include(if: $withTotal)
    pageInfo { hasNextPage endCursor }
    nodes { code kind fiveHaves(asOf: $asOf) { stage compound { code } criteria { key met evidence } } }
  }
}"""


def _all_compounds(gql, **variables: Any) -> tuple[list[dict[str, Any]], int]:
    nodes: list[dict[str, Any]] = []
    after = None
    total = 0
    while True:
        body = gql(PAGE, {**variables, "first": 30, "after": after, "withTotal": after is None})
        assert "errors" not in body, body["errors"]
        page = body["data"]["compounds"]
        total = page["totalCount"] if after is None else total
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, total
        after = page["pageInfo"]["endCursor"]


def test_every_compounds_stage_and_criteria(gql, ground_truth) -> None:
    nodes, total = _all_compounds(gql, asOf=ground_truth["referenceDate"])
    assert total == len(nodes) == len(ground_truth["fiveHaves"])
    for node in nodes:
        expected = ground_truth["fiveHaves"][node["code"]]
        five = node["fiveHaves"]
        assert five["compound"]["code"] == node["code"]
        assert five["stage"] == expected["stage"], node["code"]
        assert {c["key"]: c["met"] for c in five["criteria"]} == expected["criteria"], node["code"]
        assert [c["key"] for c in five["criteria"]] == list(FIVE_HAVES_KEYS)


def test_the_stage_filter_agrees_with_the_ground_truth(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    everything, _ = _all_compounds(gql, asOf=day)
    kind = {n["code"]: n["kind"] for n in everything}
    three_no = Counter(v["stage"] for code, v in ground_truth["fiveHaves"].items() if kind[code] == "THREE_NO")
    assert three_no == ground_truth["figures"]["compoundStages"]
    for stage in ("FIVE_HAVES", "TRANSITIONAL", "UNORGANIZED"):
        expected = sorted(code for code, v in ground_truth["fiveHaves"].items() if v["stage"] == stage)
        nodes, total = _all_compounds(gql, stage=stage, asOf=day)
        assert [n["code"] for n in nodes] == expected
        assert total == len(expected)
        assert all(n["fiveHaves"]["stage"] == stage for n in nodes)
        three_no_nodes, three_no_total = _all_compounds(gql, stage=stage, kind="THREE_NO", asOf=day)
        assert three_no_total == len(three_no_nodes) == three_no[stage]
        assert all(n["kind"] == "THREE_NO" for n in three_no_nodes)


def test_the_stage_is_not_named_like_a_compound_kind(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    unorganized, total = _all_compounds(gql, stage="UNORGANIZED", asOf=day)
    assert total > 0
    # THREE_NO, the stage's old name, is still accepted as a filter (deprecated) and means the same; never returned.
    old_name, old_total = _all_compounds(gql, stage="THREE_NO", asOf=day)
    assert (old_name, old_total) == (unorganized, total)
    everything, _ = _all_compounds(gql, asOf=day)
    assert all(n["fiveHaves"]["stage"] != "THREE_NO" for n in everything)
    # A managed compound (no three-no compound) is judged by the same rules; its stage is not THREE_NO.
    assert any(n["kind"] == "MANAGED" and n["fiveHaves"]["stage"] == "UNORGANIZED" for n in everything)
    # From the schema itself: production mode answers no introspection.
    values = schema._schema.get_type("FiveHavesStage").values  # type: ignore[union-attr]
    deprecated = {name: value.deprecation_reason is not None for name, value in values.items()}
    assert deprecated == {"UNORGANIZED": False, "TRANSITIONAL": False, "FIVE_HAVES": False, "THREE_NO": True}


def test_each_criterion_gives_its_figures_as_numbers(gql, ground_truth) -> None:
    query = """query ($asOf: Date) { compounds(first: 100) { nodes { code fiveHaves(asOf: $asOf) {
        criteria { key met value threshold figures { name value threshold } } } } } }"""
    body = gql(query, {"asOf": ground_truth["referenceDate"]})
    assert "errors" not in body, body["errors"]
    nodes = body["data"]["compounds"]["nodes"]
    assert len(nodes) == len(ground_truth["fiveHaves"])
    for node in nodes:
        expected = ground_truth["fiveHaves"][node["code"]]
        for criterion in node["fiveHaves"]["criteria"]:
            figures = criterion["figures"]
            assert [(f["name"], f["threshold"]) for f in figures] == list(FIVE_HAVES_FIGURES[criterion["key"]])
            assert {f["name"]: f["value"] for f in figures} == {
                name: expected["figures"][name] for name, _ in FIVE_HAVES_FIGURES[criterion["key"]]
            }, node["code"]
            assert (criterion["value"], criterion["threshold"]) == (figures[0]["value"], figures[0]["threshold"])
            # Met exactly when every figure reaches its threshold.
            assert criterion["met"] == all(f["value"] >= f["threshold"] for f in figures), node["code"]
    forces = [c for n in nodes for c in n["fiveHaves"]["criteria"] if c["key"] == "FORCES"]
    assert {c["threshold"] for c in forces} == {0.9}
    assert any(not c["met"] and c["value"] < 0.9 for c in forces)


def test_the_stage_filter_on_an_earlier_day(gql, ground_truth) -> None:
    for day, counts in ground_truth["countyCoverageOn"].items():
        _, total = _all_compounds(gql, stage="FIVE_HAVES", kind="THREE_NO", asOf=day)
        assert total == counts["fiveHavesCompounds"], day


def test_compounds_of_a_grid(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    for grid, counts in ground_truth["coverage"]["grids"].items():
        nodes, total = _all_compounds(gql, scope=ids.encode("Grid", grid), kind="THREE_NO", asOf=day)
        assert total == len(nodes) == counts["threeNoCompounds"], grid
        assert sum(n["fiveHaves"]["stage"] == "FIVE_HAVES" for n in nodes) == counts["fiveHavesCompounds"], grid


def test_evidence_names_facts_by_code_only(gql, ground_truth) -> None:
    nodes, _ = _all_compounds(gql, asOf=ground_truth["referenceDate"])
    for node in nodes:
        for criterion in node["fiveHaves"]["criteria"]:
            evidence = criterion["evidence"]
            # English sentences with codes: no names (of people or anything else), no personal data.
            assert evidence and evidence.isascii(), evidence
            assert "PS0" not in evidence
    by_code = {n["code"]: {c["key"]: c for c in n["fiveHaves"]["criteria"]} for n in nodes}
    short_of_pairing = [
        c
        for c in by_code.values()
        if not c["FORCES"]["met"] and "households covered (needs 90%)" in c["FORCES"]["evidence"]
    ]
    assert short_of_pairing
    branch_lost_secretary = [c for c in by_code.values() if "(no secretary)" in c["PARTY_ORGANIZATION"]["evidence"]]
    assert branch_lost_secretary
    for criteria in by_code.values():
        if criteria["PARTY_ORGANIZATION"]["met"]:
            assert "since 20" in criteria["PARTY_ORGANIZATION"]["evidence"]
        if not criteria["VENUE"]["met"]:
            assert criteria["VENUE"]["evidence"].startswith("no venue serves it")


def test_five_haves_cost_the_same_round_trips_for_5_and_50_compounds(execute, ground_truth) -> None:
    query = """query ($first: Int, $asOf: Date) {
      compounds(first: $first) { nodes { fiveHaves(asOf: $asOf) { stage criteria { met } } } } }"""
    trips = {}
    for first in (5, 50):
        with count_queries() as counter:
            result = execute(query, {"first": first, "asOf": ground_truth["referenceDate"]})
        assert result.errors is None, result.errors
        assert len(result.data["compounds"]["nodes"]) == first
        trips[first] = counter.count
    assert trips[5] == trips[50]


def test_a_bad_stage_or_kind_is_a_validation_error(gql) -> None:
    body = gql("{ compounds(stage: FOUR_HAVES) { totalCount } }")
    assert body["data"] is None
    assert "FOUR_HAVES" in body["errors"][0]["message"]
