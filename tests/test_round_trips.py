"""A GraphQL request costs a bounded number of Cypher round trips, whatever the page size."""

from __future__ import annotations

from graph.driver import count_queries

NESTED = """
query ($first: Int) {
  units(first: $first) {
    totalCount
    nodes {
      name
      areas { name grid { name community { name street { name } } branch { name secretary { name } } } }
      grids { code }
      cadres(first: 5) { totalCount nodes { name household { address building { name } } posts { role } } }
      volunteerTeams { name memberCount serves { name area { name } } }
    }
  }
}"""


def _round_trips(execute, query: str, variables: dict) -> int:
    with count_queries() as counter:
        result = execute(query, variables)
    assert result.errors is None, result.errors
    return counter.count


def test_nested_lists_cost_the_same_for_5_and_100_units(execute, no_cost_limit) -> None:
    small = _round_trips(execute, NESTED, {"first": 5})
    large = _round_trips(execute, NESTED, {"first": 100})
    # The page, its areas' tree and totalCount are one compiled query; the rest one batched query per field
    # and level, whatever the page size. (A loader shared by several levels may batch two of them together
    # or not, never 100.)
    assert abs(small - large) <= 1
    assert large <= 12


def test_territory_tree_is_one_query_and_one_per_connection_level(execute, no_cost_limit) -> None:
    query = """{ streets { communities { grids { areas { compounds { buildings {
        households(first: 3) { nodes { code } } } } } } } } }"""
    # streets, communities, grids, areas, compounds and buildings in one compiled query, then the household
    # pages (a connection: one batched query for all of them).
    assert _round_trips(execute, query, {}) == 2


HOUSEHOLD = """query ($code: String!, $asOf: Date) { byCode(code: $code) { ... on Household {
  code address
  building { code name compound { code name area { code name grid { code name } } } }
  residents { code name }
  pairedMembers(asOf: $asOf) { code name } } } }"""

UNITS = """query ($asOf: Date) { units(first: 20) { totalCount pageInfo { hasNextPage }
  nodes { code name kind areas(asOf: $asOf) { code name grid { code name } } } } }"""


def test_household_detail_is_one_round_trip(execute, ground_truth) -> None:
    """The household, its building, compound, area, grid, residents and paired members: one compiled query
    (graph/compiler.py) where the loaders take one per field and level."""
    sample = ground_truth["samples"]["fullChain"]
    with count_queries() as counter:
        result = execute(HOUSEHOLD, {"code": sample["household"], "asOf": "2026-11-01"})
    assert result.errors is None, result.errors
    assert counter.count == 1
    h = result.data["byCode"]
    assert h["building"]["code"] == sample["building"]
    assert h["building"]["compound"]["area"]["grid"]["code"] == sample["grid"]
    assert [p["code"] for p in h["pairedMembers"]] == sample["pairedMembers"]


def test_page_of_units_with_areas_and_total_is_one_round_trip(execute) -> None:
    with count_queries() as counter:
        result = execute(UNITS, {"asOf": "2026-11-01"})
    assert result.errors is None, result.errors
    assert counter.count == 1
    page = result.data["units"]
    assert len(page["nodes"]) == 20 and page["totalCount"] > 20 and page["pageInfo"]["hasNextPage"]
    assert any(a["grid"]["code"] for u in page["nodes"] for a in u["areas"])
