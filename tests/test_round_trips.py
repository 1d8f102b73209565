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
    # One batched query per field and level, whatever the page size. (A loader shared by several levels,
    # territory/rel_parent here, may batch two of them together or not: 17 or 18, never 100.)
    assert abs(small - large) <= 1
    assert large <= 18


def test_territory_tree_is_one_query_per_level(execute, no_cost_limit) -> None:
    query = """{ streets { communities { grids { areas { compounds { buildings {
        households(first: 3) { nodes { code } } } } } } } } }"""
    # streets, communities, grids, areas, compounds, buildings, household pages: 7 levels.
    assert _round_trips(execute, query, {}) == 7
