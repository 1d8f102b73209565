"""Errors a client can act on: clear messages for bad input, null for unknown ids, never internals."""

from __future__ import annotations

from api.ids import encode


def test_a_malformed_id_is_a_validation_error_naming_the_argument(gql) -> None:
    body = gql('{ node(id: "not base64!") { id } }')
    error = body["errors"][0]
    assert error["message"] == "id: 'not base64!' is not a valid id"
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}


def test_an_id_of_no_known_type_is_refused(gql) -> None:
    body = gql("query ($id: ID!) { node(id: $id) { id } }", {"id": encode("Spaceship", "X1")})
    assert "names no type of this API" in body["errors"][0]["message"]


def test_an_unknown_id_or_code_is_null(gql) -> None:
    body = gql(
        'query ($id: ID!) { node(id: $id) { id } byCode(code: "NO-SUCH-CODE") { id } }',
        {"id": encode("Grid", "GR-NOPE")},
    )
    assert "errors" not in body
    assert body["data"] == {"node": None, "byCode": None}


def test_an_id_naming_the_wrong_type_is_null(gql, db) -> None:
    records, _, _ = db.execute_query("MATCH (g:Grid) RETURN g.code AS code LIMIT 1")
    grid = records[0]["code"]
    body = gql("query ($id: ID!) { node(id: $id) { id } }", {"id": encode("Unit", grid)})
    assert body["data"]["node"] is None


def test_global_ids_round_trip_through_node_and_nodes(gql) -> None:
    grids = gql("{ grids(first: 3) { nodes { id code name } } }")["data"]["grids"]["nodes"]
    ids = [g["id"] for g in grids]
    body = gql(
        "query ($ids: [ID!]!) { nodes(ids: $ids) { id ... on Grid { code } } }", {"ids": [*ids, encode("Grid", "X")]}
    )
    assert [n and n["code"] for n in body["data"]["nodes"]] == [*(g["code"] for g in grids), None]


def test_no_stack_trace_or_internal_text_ever_reaches_the_client(gql) -> None:
    body = gql('{ node(id: "%%%") { id } units(first: 500) { totalCount } }')
    text = str(body)
    for leak in ("Traceback", 'File "', "neo4j", "Cypher"):
        assert leak not in text


def test_a_failed_field_does_not_take_down_a_sibling_waiting_on_the_same_batch(gql) -> None:
    """graphql-core cancels a failed field's siblings; the grid's community, asked for twice, is one
    batched future that the cancelled sibling must not cancel for the other (it ended the whole request)."""
    query = """{
      a: byCode(code: "GR01") { ... on Grid { community { code } coverage(asOf: "0001-01-01") { households } } }
      b: byCode(code: "GR01") { ... on Grid { community { code } } }
    }"""
    for _ in range(3):
        body = gql(query)
        assert body["data"] == {"a": None, "b": {"community": {"code": "CM01"}}}
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"]
