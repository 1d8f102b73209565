"""Every read passes the caller's scope: a viewer limited to one grid sees that grid and what hangs off it."""

from __future__ import annotations

import neo4j

from graph.scope import Role, Viewer


def _grid_with_household(db: neo4j.Driver) -> tuple[str, str, str]:
    records, _, _ = db.execute_query(
        "MATCH (g:Grid)<-[:PART_OF*1..4]-(h:Household) WITH g, min(h.code) AS inside ORDER BY g.code LIMIT 1 "
        "MATCH (other:Household) WHERE NOT (other)-[:PART_OF*1..4]->(g) "
        "RETURN g.code AS grid, inside, min(other.code) AS outside"
    )
    return records[0]["grid"], records[0]["inside"], records[0]["outside"]


def test_a_grid_viewer_sees_only_its_grid(execute, db: neo4j.Driver, viewer_of) -> None:
    grid, inside, outside = _grid_with_household(db)
    viewer = viewer_of(Role.GRID, grid)
    query = """query ($inside: String!, $outside: String!) {
      grids(first: 100) { totalCount nodes { code } }
      mine: byCode(code: $inside) { code }
      theirs: byCode(code: $outside) { code }
      streets { communities { grids { code } } }
    }"""
    result = execute(query, {"inside": inside, "outside": outside}, viewer)
    assert result.errors is None
    assert result.data["grids"]["totalCount"] == 1
    assert [g["code"] for g in result.data["grids"]["nodes"]] == [grid]
    assert result.data["mine"] == {"code": inside}
    assert result.data["theirs"] is None
    # Its street and community are visible (they are above it), their other grids are not.
    grids_seen = [g["code"] for s in result.data["streets"] for c in s["communities"] for g in c["grids"]]
    assert grids_seen == [grid]


def test_the_county_viewer_sees_everything(execute, db: neo4j.Driver) -> None:
    _, inside, outside = _grid_with_household(db)
    result = execute(
        """query ($a: String!, $b: String!) {
             grids { totalCount } a: byCode(code: $a) { code } b: byCode(code: $b) { code } }""",
        {"a": inside, "b": outside},
        Viewer.county(),
    )
    assert result.data["grids"]["totalCount"] == 19
    assert result.data["a"] and result.data["b"]
