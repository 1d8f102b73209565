"""Micro-wishes, read side: the scoped list with keyset paging, each wish's parties and history."""

from __future__ import annotations

import neo4j

from api import ids
from graph.driver import count_queries
from graph.scope import Viewer

WISH = """
query ($id: ID!) {
  node(id: $id) {
    ... on Wish {
      code title status submittedAt category
      household { code } requester { code household { code } } acceptedBy { code kind } claimedBy { code }
      history { status at note by { __typename id } }
    }
  }
}"""

PAGE = """
query ($scope: ID, $status: WishStatus, $first: Int, $after: String) {
  wishes(scope: $scope, status: $status, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { code status household { code } requester { code } acceptedBy { code } claimedBy { code }
            history { status by { id } } }
  }
}"""


def _wish(gql, code: str, **as_: str) -> dict:
    body = gql(WISH, {"id": ids.encode("Wish", code)}, **as_)
    assert "errors" not in body, body["errors"]
    return body["data"]["node"]


def _page(gql, **variables) -> dict:
    body = gql(PAGE, {"first": 20, **variables})
    assert "errors" not in body, body["errors"]
    return body["data"]["wishes"]


def test_counts_by_status_are_the_planted_ones(gql, ground_truth) -> None:
    by_status = ground_truth["figures"]["wishesByStatus"]
    for status, count in by_status.items():
        assert _page(gql, status=status, first=1)["totalCount"] == count
    assert _page(gql, first=1)["totalCount"] == sum(by_status.values())


def test_paging_returns_every_wish_once(gql, ground_truth) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = _page(gql, first=7, after=after)
        seen += [w["code"] for w in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == sum(ground_truth["figures"]["wishesByStatus"].values())
    assert seen == sorted(seen)


def test_a_fulfilled_wish_went_through_every_step_in_time_order(gql, ground_truth) -> None:
    wish = _wish(gql, ground_truth["samples"]["wishByStatus"]["FULFILLED"])
    assert wish["status"] == "FULFILLED"
    history = wish["history"]
    assert [e["status"] for e in history] == ["SUBMITTED", "ACCEPTED", "CLAIMED", "FULFILLED"]
    assert [e["at"] for e in history] == sorted(e["at"] for e in history)
    assert history[0]["at"] == wish["submittedAt"]
    # 组织建单 by the organization, 党员接单 by the member who then fulfils it.
    accepted, claimed, fulfilled = history[1:]
    organization = ids.encode("PartyOrganization", wish["acceptedBy"]["code"])
    member = ids.encode("Person", wish["claimedBy"]["code"])
    assert accepted["by"] == {"__typename": "PartyOrganization", "id": organization}
    assert claimed["by"] == fulfilled["by"] == {"__typename": "Person", "id": member}
    assert wish["acceptedBy"]["kind"] == "GRID_BRANCH"
    assert wish["requester"]["household"] == wish["household"], "a resident orders for their own household"


def test_a_submitted_wish_has_no_order_and_no_taker_yet(gql, ground_truth) -> None:
    wish = _wish(gql, ground_truth["samples"]["wishByStatus"]["SUBMITTED"])
    assert [e["status"] for e in wish["history"]] == ["SUBMITTED"]
    assert wish["acceptedBy"] is None and wish["claimedBy"] is None
    rejected = _wish(gql, ground_truth["samples"]["wishByStatus"]["REJECTED"])
    assert rejected["history"][-1]["status"] == "REJECTED" and rejected["claimedBy"] is None


def test_a_scope_holds_the_wishes_of_its_households(gql, ground_truth, db: neo4j.Driver) -> None:
    total = 0
    for grid in sorted(ground_truth["coverage"]["grids"]):
        page = _page(gql, scope=ids.encode("Grid", grid), first=100)
        codes = [w["household"]["code"] for w in page["nodes"]]
        records, _, _ = db.execute_query(
            "UNWIND $codes AS code MATCH (:Household {code: code})-[:PART_OF*3..4]->(g:Grid) RETURN g.code AS grid",
            codes=codes,
        )
        assert {r["grid"] for r in records} <= {grid}
        assert len(records) == len(codes)
        total += page["totalCount"]
    assert total == sum(ground_truth["figures"]["wishesByStatus"].values()), "the grids split the county's wishes"


def test_a_household_lists_its_wishes(gql, ground_truth) -> None:
    code = ground_truth["samples"]["wishByStatus"]["CLAIMED"]
    household = _wish(gql, code)["household"]["code"]
    query = "query ($c: String!) { byCode(code: $c) { ... on Household { wishes { totalCount nodes { code } } } } }"
    wishes = gql(query, {"c": household})["data"]["byCode"]["wishes"]
    assert code in {w["code"] for w in wishes["nodes"]}
    assert wishes["totalCount"] == len(wishes["nodes"])


def test_the_category_is_shown_only_to_roles_that_see_special_groups(gql, execute, ground_truth) -> None:
    code = ground_truth["samples"]["wishByStatus"]["FULFILLED"]
    assert _wish(gql, code, role="ANALYST")["category"] is None
    county = execute(WISH, {"id": ids.encode("Wish", code)}, Viewer.county()).data["node"]
    assert county["category"] in {"ELDERLY_ALONE", "POOR_STUDENT", "DISABLED"}


def test_a_page_costs_the_same_round_trips_for_3_or_60_wishes(execute) -> None:
    def round_trips(first: int) -> int:
        with count_queries() as counter:
            result = execute(PAGE, {"first": first})
        assert result.errors is None, result.errors
        assert len(result.data["wishes"]["nodes"]) == first
        return counter.count

    assert round_trips(3) == round_trips(60)


def test_a_bad_scope_is_refused(gql, ground_truth) -> None:
    wrong = gql(PAGE, {"scope": ids.encode("Wish", ground_truth["samples"]["wishByStatus"]["FULFILLED"])})
    assert wrong["errors"][0]["extensions"]["argument"] == "scope"
    missing = gql(PAGE, {"scope": ids.encode("Grid", "GR9999")})
    assert missing["errors"][0]["extensions"]["code"] == "NOT_FOUND"
