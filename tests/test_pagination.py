"""Connections: keyset cursors that stay correct when rows change between pages."""

from __future__ import annotations

import neo4j

UNITS_PAGE = """
query ($first: Int, $after: String) {
  units(first: $first, after: $after) {
    totalCount
    edges { cursor node { code } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"""


def _all_unit_codes(gql, first: int, between_pages=None) -> list[str]:
    codes: list[str] = []
    after = None
    pages = 0
    while True:
        data = gql(UNITS_PAGE, {"first": first, "after": after})["data"]["units"]
        codes += [e["node"]["code"] for e in data["edges"]]
        info = data["pageInfo"]
        assert info["hasPreviousPage"] is (after is not None)
        if data["edges"]:
            assert info["startCursor"] == data["edges"][0]["cursor"]
            assert info["endCursor"] == data["edges"][-1]["cursor"]
        pages += 1
        if between_pages:
            between_pages(pages)
        if not info["hasNextPage"]:
            return codes
        after = info["endCursor"]


def test_paging_through_all_units_returns_each_exactly_once(gql, db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query("MATCH (u:Unit) RETURN u.code AS code ORDER BY code")
    expected = [r["code"] for r in records]
    assert len(expected) == 107
    for first in (1, 7, 20, 100):
        assert _all_unit_codes(gql, first) == expected


def test_rows_added_and_removed_between_pages_do_not_shift_the_others(gql, db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query("MATCH (u:Unit) RETURN u.code AS code ORDER BY code")
    original = [r["code"] for r in records]
    early, late = "UN000-test-early", "UN999-test-late"

    def change(page: int) -> None:
        if page == 1:
            # One row sorts before the cursor (already passed), one after it; neither may shift the others.
            db.execute_query(
                "UNWIND $codes AS code CREATE (:Entity:Unit {code: code, name: 'test unit', kind: 'ENTERPRISE'})",
                codes=[early, late],
            )
        if page == 3:
            db.execute_query("MATCH (u:Unit {code: $code}) DETACH DELETE u", code=early)

    try:
        seen = _all_unit_codes(gql, 10, change)
    finally:
        db.execute_query("MATCH (u:Unit) WHERE u.code IN $codes DETACH DELETE u", codes=[early, late])
    assert seen == [*original, late]
    assert len(seen) == len(set(seen))


def test_total_count_does_not_depend_on_the_page(gql) -> None:
    small = gql("{ units(first: 1) { totalCount } }")["data"]["units"]["totalCount"]
    big = gql("{ units(first: 100) { totalCount } }")["data"]["units"]["totalCount"]
    assert small == big == 107


def test_page_size_is_bounded_and_cursors_are_checked(gql) -> None:
    for first in (0, 101, -1):
        body = gql("query ($f: Int) { units(first: $f) { totalCount } }", {"f": first})
        assert body["data"] is None
        assert body["errors"][0]["message"] == f"first: must be between 1 and 100, got {first}"
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = gql('{ units(after: "not-a-cursor") { totalCount } }')
    assert "is not a cursor from this API" in body["errors"][0]["message"]
    assert gql("{ units { edges { node { code } } } }")["data"]["units"]["edges"].__len__() == 20


def test_nested_connection_pages_a_buildings_households(gql, db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query(
        "MATCH (b:Building)<-[:PART_OF]-(h:Household) WITH b, count(h) AS n WHERE n >= 5 "
        "RETURN b.code AS code, n ORDER BY n DESC, code LIMIT 1"
    )
    building, size = records[0]["code"], records[0]["n"]
    expected, _, _ = db.execute_query(
        "MATCH (:Building {code: $code})<-[:PART_OF]-(h:Household) RETURN h.code AS code ORDER BY code", code=building
    )
    query = """query ($code: String!, $after: String) { byCode(code: $code) { ... on Building {
        households(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } } } }"""
    seen: list[str] = []
    after = None
    while True:
        page = gql(query, {"code": building, "after": after})["data"]["byCode"]["households"]
        assert page["totalCount"] == size
        seen += [n["code"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == [r["code"] for r in expected]


def _pages(gql, query: str, path: tuple[str, ...], first: int, **variables: object) -> list[dict]:
    """Every node of a connection, page by page (``path`` leads from ``data`` to the connection)."""
    nodes: list[dict] = []
    after = None
    while True:
        data = gql(query, {"first": first, "after": after, **variables})["data"]
        for step in path:
            data = data[step]
        nodes += data["nodes"]
        if not data["pageInfo"]["hasNextPage"]:
            return nodes
        after = data["pageInfo"]["endCursor"]


def _newest_first(grants: list[dict]) -> bool:
    """Unpaid first, then by the day paid, newest first (ties in code order)."""
    keys = [(g["disbursedOn"] or "9999-12-31", g["code"]) for g in grants]
    return keys == sorted(keys, key=lambda k: (tuple(-ord(c) for c in k[0]), k[1]))


def test_grants_page_newest_first_each_exactly_once(gql, db: neo4j.Driver) -> None:
    """Grants grow every year: their lists are connections, in their order (unpaid, then newest) page by page."""
    records, _, _ = db.execute_query("MATCH (g:Grant) WHERE g.voidedOn IS NULL RETURN count(g) AS n")
    query = """query ($first: Int, $after: String) { grants(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor } nodes { code disbursedOn } } }"""
    whole = _pages(gql, query, ("grants",), 100)
    assert len(whole) == records[0]["n"] == 38
    assert _pages(gql, query, ("grants",), 7) == whole
    assert _newest_first(whole)
    # A paying unit's grants, from the unit.
    (payer,) = db.execute_query(
        "MATCH (u:Unit)<-[:FROM]-(g:Grant) WITH u, count(g) AS n ORDER BY n DESC LIMIT 1 RETURN u.code AS code"
    ).records
    query = """query ($first: Int, $after: String, $code: String!) { byCode(code: $code) { ... on Unit {
      grantsPaid(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor } nodes { code disbursedOn } } } } }"""
    paid = _pages(gql, query, ("byCode", "grantsPaid"), 100, code=payer["code"])
    assert len(paid) > 5 and _pages(gql, query, ("byCode", "grantsPaid"), 4, code=payer["code"]) == paid
    assert _newest_first(paid)
