"""What is not covered: households nobody is paired with, buildings without a leader, vacant posts, areas
without a unit, compounds without a Party organization; each against what the generator planted."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import neo4j

from api import ids
from graph.scope import Viewer

UNCOVERED = """
query ($scope: ID, $special: Boolean, $specialFirst: Boolean, $first: Int, $after: String, $asOf: Date,
       $withTotal: Boolean!) {
  uncoveredHouseholds(scope: $scope, specialGroupsOnly: $special, specialGroupsFirst: $specialFirst, first: $first,
                      after: $after, asOf: $asOf) {
    totalCount @include(if: $withTotal)
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}"""

LEADERLESS = """
query ($scope: ID, $first: Int, $after: String, $asOf: Date, $withTotal: Boolean!) {
  buildingsWithoutLeader(scope: $scope, first: $first, after: $after, asOf: $asOf) {
    totalCount @include(if: $withTotal)
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}"""


def _page_through(gql, query: str, field: str, between_pages=None, **variables: Any) -> tuple[list[str], int]:
    """Every row of a connection, page after page; and the totalCount the first page gave."""
    codes: list[str] = []
    after = None
    total = 0
    while True:
        body = gql(query, {**variables, "first": 100, "after": after, "withTotal": after is None})
        assert "errors" not in body, body["errors"]
        page = body["data"][field]
        total = page["totalCount"] if after is None else total
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        codes += [e["node"]["code"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return codes, total
        after = page["pageInfo"]["endCursor"]
        if between_pages:
            between_pages()


def test_uncovered_households_county_wide(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    codes, total = _page_through(gql, UNCOVERED, "uncoveredHouseholds", asOf=day)
    assert codes == ground_truth["uncoveredHouseholds"]  # every one, once, in code order
    assert total == len(codes) == ground_truth["figures"]["uncoveredHouseholds"]
    county = ground_truth["coverage"]["county"]
    assert total == county["households"] - county["coveredHouseholds"]


def test_households_in_a_paired_building_are_covered(gql, ground_truth) -> None:
    # Nobody is paired with these households, but someone is with their building (包楼栋): they are covered, and the
    # uncovered count is the planted one under that rule, not the larger one of household pairings alone.
    day = ground_truth["referenceDate"]
    codes, total = _page_through(gql, UNCOVERED, "uncoveredHouseholds", asOf=day)
    figures = ground_truth["figures"]
    assert total == figures["uncoveredHouseholds"]
    assert total < figures["households"] - figures["householdsCoveredDirectly"]
    for sample in (
        ground_truth["samples"]["coveredViaBuilding"]["household"],
        ground_truth["samples"]["specialGroupHouseholdCoveredViaBuilding"],
    ):
        assert sample not in codes


def test_special_group_households_first_for_roles_that_see_them(execute, gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    special = ground_truth["uncoveredSpecialGroupHouseholds"]
    rest = [h for h in ground_truth["uncoveredHouseholds"] if h not in set(special)]
    county = Viewer.county()
    for scope in (None, ids.encode("Grid", ground_truth["samples"]["firstGrid"])):
        codes: list[str] = []
        after = None
        while True:
            variables = {"scope": scope, "specialFirst": True, "first": 100, "after": after, "asOf": day,
                         "withTotal": after is None}  # fmt: skip
            result = execute(UNCOVERED, variables, county)
            assert result.errors is None, result.errors
            page = result.data["uncoveredHouseholds"]
            codes += [e["node"]["code"] for e in page["edges"]]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        if scope is None:
            assert codes == special + rest
        else:
            grid = set(_page_through(gql, UNCOVERED, "uncoveredHouseholds", scope=scope, asOf=day)[0])
            assert codes == [h for h in special if h in grid] + [h for h in rest if h in grid]
            assert any(h in grid for h in special)
    # A role that may not see special groups may not ask for that order: it would tell who is in one.
    refused = gql(UNCOVERED, {"specialFirst": True, "first": 5, "asOf": day, "withTotal": False}, role="ANALYST")
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_special_group_first_page_leaves_access_records(gql, ground_truth) -> None:
    household = ids.encode("Household", ground_truth["uncoveredSpecialGroupHouseholds"][0])
    log = """query ($h: ID!) { accessLog(person: $h, first: 1) { totalCount nodes { field actorRole } } }"""
    before = gql(log, {"h": household})["data"]["accessLog"]["totalCount"]
    page = gql(UNCOVERED, {"specialFirst": True, "first": 5, "asOf": ground_truth["referenceDate"],
                           "withTotal": False})["data"]["uncoveredHouseholds"]  # fmt: skip
    assert page["edges"][0]["node"]["code"] == ground_truth["uncoveredSpecialGroupHouseholds"][0]
    after = gql(log, {"h": household})["data"]["accessLog"]
    assert after["totalCount"] == before + 1
    assert after["nodes"] == [{"field": "specialGroupsFirst", "actorRole": "COUNTY"}]


def test_uncovered_special_group_households(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    codes, total = _page_through(gql, UNCOVERED, "uncoveredHouseholds", special=True, asOf=day)
    assert codes == ground_truth["uncoveredSpecialGroupHouseholds"]
    assert total == len(codes)


def test_uncovered_households_grid_by_grid(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    everyone: list[str] = []
    special: list[str] = []
    for grid, counts in ground_truth["coverage"]["grids"].items():
        scope = ids.encode("Grid", grid)
        codes, total = _page_through(gql, UNCOVERED, "uncoveredHouseholds", scope=scope, asOf=day)
        assert total == len(codes) == counts["households"] - counts["coveredHouseholds"], grid
        everyone += codes
        special += _page_through(gql, UNCOVERED, "uncoveredHouseholds", scope=scope, special=True, asOf=day)[0]
    assert sorted(everyone) == ground_truth["uncoveredHouseholds"]
    assert sorted(special) == ground_truth["uncoveredSpecialGroupHouseholds"]


def test_an_ended_pairing_uncovers_its_household_from_the_end_date(gql, ground_truth) -> None:
    ended = [e for e in ground_truth["endedPairings"] if not e["stillCovered"]]
    assert ended
    for end in sorted({e["validTo"] for e in ended}):
        day_before = (date.fromisoformat(end) - timedelta(days=1)).isoformat()
        before = set(_page_through(gql, UNCOVERED, "uncoveredHouseholds", asOf=day_before)[0])
        after = set(_page_through(gql, UNCOVERED, "uncoveredHouseholds", asOf=end)[0])
        for e in (e for e in ended if e["validTo"] == end):
            assert e["household"] not in before, e
            assert e["household"] in after, e
    # Ended pairings whose household another pairing still covers do not uncover it today.
    still = {e["household"] for e in ground_truth["endedPairings"] if e["stillCovered"]}
    assert still and not still & set(ground_truth["uncoveredHouseholds"])


def test_paging_stays_exact_when_households_are_added_between_pages(gql, db: neo4j.Driver, ground_truth) -> None:
    # Test households of our own, in the building of an uncovered household (so nobody is paired with it): codes
    # that sort after every generated one, removed afterwards.
    building = db.execute_query(
        "MATCH (:Household {code: $code})-[:PART_OF]->(b:Building) RETURN b.code AS code",
        {"code": ground_truth["uncoveredHouseholds"][0]},
    ).records[0]["code"]
    added: list[str] = []

    def add_one() -> None:
        code = f"HHTEST{len(added):03d}"
        db.execute_query(
            "MATCH (b:Building {code: $building}) "
            "CREATE (h:Household:Entity {code: $code, address: 'test', size: 1})-[:PART_OF]->(b)",
            {"building": building, "code": code},
        )
        added.append(code)

    try:
        codes, _ = _page_through(gql, UNCOVERED, "uncoveredHouseholds", add_one, asOf=ground_truth["referenceDate"])
    finally:
        db.execute_query("MATCH (h:Household) WHERE h.code STARTS WITH 'HHTEST' DETACH DELETE h")
    assert added
    assert codes == ground_truth["uncoveredHouseholds"] + added


def test_buildings_without_a_leader(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    codes, total = _page_through(gql, LEADERLESS, "buildingsWithoutLeader", asOf=day)
    assert codes == ground_truth["buildingsWithoutLeader"]
    assert total == len(codes)
    for grid, counts in ground_truth["coverage"]["grids"].items():
        _, total = _page_through(gql, LEADERLESS, "buildingsWithoutLeader", scope=ids.encode("Grid", grid), asOf=day)
        assert total == counts["buildings"] - counts["buildingsWithLeader"], grid
    # Before the May 2026 resignations only the never-filled posts were vacant.
    for earlier, counts in ground_truth["countyCoverageOn"].items():
        _, total = _page_through(gql, LEADERLESS, "buildingsWithoutLeader", asOf=earlier)
        assert total == counts["buildings"] - counts["buildingsWithLeader"], earlier


VACANT = """
query ($scope: ID, $role: PostRole, $asOf: Date) {
  vacantPosts(scope: $scope, role: $role, asOf: $asOf) { code role title vacantSince of { __typename id } }
}"""


def _vacant(gql, **variables: Any) -> list[dict[str, Any]]:
    body = gql(VACANT, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]["vacantPosts"]


def _code(global_id: str) -> str:
    return ids.decode(global_id)[1]


def test_vacant_posts(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    posts = _vacant(gql, asOf=day)
    got = [{"code": p["code"], "role": p["role"], "of": _code(p["of"]["id"])} for p in posts]
    assert got == ground_truth["vacantPosts"]
    secretaries = _vacant(gql, role="SECRETARY", asOf=day)
    assert [p["code"] for p in secretaries] == [
        p["code"] for p in ground_truth["vacantPosts"] if p["role"] == "SECRETARY"
    ]
    assert {p["of"]["__typename"] for p in secretaries} == {"PartyOrganization"}

    # Building leaders who stepped down on the leader end date, and posts nobody ever held.
    leaders = [p for p in posts if p["role"] == "BUILDING_LEADER"]
    before = ground_truth["countyCoverageOn"][_day_before(ground_truth["leaderEndDate"])]
    now = ground_truth["coverage"]["county"]
    stepped_down = [p for p in leaders if p["vacantSince"] == ground_truth["leaderEndDate"]]
    assert len(stepped_down) == before["buildingsWithLeader"] - now["buildingsWithLeader"]
    never = [p for p in leaders if p["vacantSince"] is None]
    assert len(never) == before["buildings"] - before["buildingsWithLeader"]
    assert all(p["vacantSince"] is None or p["vacantSince"] <= day for p in posts)


def test_vacant_posts_of_a_grid(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    building = ground_truth["buildingsWithoutLeader"][0]
    grid = gql(
        "query ($code: String!) { byCode(code: $code) { ... on Building { area { grid { id } } } } }",
        {"code": building},
    )["data"]["byCode"]["area"]["grid"]["id"]
    posts = _vacant(gql, scope=grid, asOf=day)
    assert building in {_code(p["of"]["id"]) for p in posts}
    assert {p["code"] for p in posts} <= {p["code"] for p in ground_truth["vacantPosts"]}


def test_areas_without_a_unit(gql, ground_truth) -> None:
    body = gql(
        "query ($asOf: Date) { areasWithoutUnit(asOf: $asOf) { code } }", {"asOf": ground_truth["referenceDate"]}
    )
    assert [a["code"] for a in body["data"]["areasWithoutUnit"]] == ground_truth["areasWithoutUnit"]


def test_compounds_without_a_party_organization(gql, ground_truth) -> None:
    body = gql(
        "query ($asOf: Date) { compoundsWithoutPartyOrganization(kind: THREE_NO, asOf: $asOf) { code } }",
        {"asOf": ground_truth["referenceDate"]},
    )
    county = ground_truth["coverage"]["county"]
    missing = county["threeNoCompounds"] - county["threeNoCompoundsWithPartyOrganization"]
    assert len(body["data"]["compoundsWithoutPartyOrganization"]) == missing


def _day_before(day: str) -> str:
    return (date.fromisoformat(day) - timedelta(days=1)).isoformat()
