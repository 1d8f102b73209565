"""Every limit of a request (schema/limits.py, web/limits.py, graph/settings.py: Limits), answered before any
Cypher runs with a code that names it and the figures; the cost estimate's arithmetic; the cache bounded by
bytes; the request deadline; production and development modes."""

from __future__ import annotations

import asyncio
import json
import tracemalloc
from datetime import date
from typing import Any

import pytest
from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, get_named_type, parse
from starlette.testclient import TestClient

from api.ids import encode
from bench.operations import OPERATIONS
from graph.driver import Graph, count_queries
from graph.scope import Viewer
from graph.settings import Limits, Settings
from schema.api import schema
from schema.context import Context
from schema.limits import (
    ARGUMENT_BOUNDS,
    LIST_BOUNDS,
    PAGED_LISTS,
    DocumentCache,
    cost,
    deep_size,
    shape_errors,
)
from server import create_app

LIMITS = Limits()


def run(settings: Settings, query: str, variables: dict[str, Any] | None = None, **context: Any) -> Any:
    """Execute in-process, counting Cypher round trips; returns (result, round trips)."""

    async def go() -> Any:
        graph = Graph.from_settings(settings)
        try:
            with count_queries() as counter:
                ctx = Context(graph=graph, viewer=Viewer.county(), **context)
                result = await schema.execute(query, variable_values=variables or {}, context_value=ctx)
            return result, counter.count
        finally:
            await graph.close()

    return asyncio.run(go())


def refusal(settings: Settings, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """The one error of a refused request, which must not have reached Neo4j."""
    result, round_trips = run(settings, query, variables)
    assert result.data is None and len(result.errors) == 1, result
    assert round_trips == 0
    return {"message": result.errors[0].message, **result.errors[0].extensions}


# ---------------------------------------------------------------- each limit


def test_tokens_stop_the_parser(seeded) -> None:
    query = "{ " + "health " * LIMITS.tokens + "}"
    error = refusal(seeded, query)
    assert error["code"] == "QUERY_TOO_COMPLEX" and error["limit"] == "tokens"
    assert error["max"] == LIMITS.tokens and error["actual"] > LIMITS.tokens


def test_aliases(seeded) -> None:
    query = "{ " + " ".join(f"a{i}: health" for i in range(LIMITS.aliases + 1)) + " }"
    error = refusal(seeded, query)
    assert (error["code"], error["limit"], error["max"], error["actual"]) == (
        "QUERY_TOO_COMPLEX", "aliases", LIMITS.aliases, LIMITS.aliases + 1,
    )  # fmt: skip
    within = "{ " + " ".join(f"a{i}: health" for i in range(LIMITS.aliases)) + " }"
    assert run(seeded, within)[0].errors is None


def test_depth_counts_through_fragments(seeded) -> None:
    nest = LIMITS.depth // 2
    query = "{ ...F } fragment F on Query { county { streets { communities { grids " + "{ community { grids " * nest
    query += "{ code }" + " } }" * nest + " } } } }"
    error = refusal(seeded, query)
    assert error["limit"] == "depth" and error["max"] == LIMITS.depth and error["actual"] > LIMITS.depth


def test_cost_multiplies_pages_and_list_bounds(seeded) -> None:
    query = "query ($n: Int) { grids(first: $n) { nodes { areas { code compounds { code buildings { code } } } } } }"
    document = parse(query)
    operation = document.definitions[0]

    def estimate(n: int) -> int:
        # 1 connection + n grids + n × 15 areas (Grid.areas) + n × 15 × 10 compounds (Area.compounds) + their
        # n × 15 × 10 × 20 buildings (Compound.buildings).
        expected = 1 + n + n * 15 + n * 15 * 10 + n * 15 * 10 * 20
        assert cost(schema._schema, document, operation, {"n": n}, LIMITS).total == expected  # type: ignore[arg-type]
        return expected

    assert estimate(1) < estimate(5) < LIMITS.cost < estimate(10) < estimate(100)
    assert run(seeded, query, {"n": 5})[0].errors is None
    error = refusal(seeded, query, {"n": 10})
    assert (error["limit"], error["max"], error["actual"]) == ("cost", LIMITS.cost, estimate(10))


def test_list_arguments_are_bounded(seeded) -> None:
    ids = [encode("Person", f"PS{i:06d}") for i in range(LIMITS.list_argument + 1)]
    error = refusal(seeded, "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert (error["limit"], error["max"], error["actual"]) == ("listArgument", LIMITS.list_argument, len(ids))
    # Inside an input object too, before the command's own rule (1 to 10 units) is even read.
    input_ = {"name": "x", "kind": "LIGHTING", "ownerId": "x", "siteId": "x", "budgetYuan": 1}
    input_ |= {"coordinatingUnitIds": ids, "plannedStartOn": "2026-12-01"}
    error = refusal(
        seeded,
        "mutation ($i: CreateMicroProjectInput!) { createMicroProject(input: $i) { userErrors { code } } }",
        {"i": input_},
    )
    assert error["limit"] == "listArgument"
    # nodes(ids:) costs what it fetches.
    result, round_trips = run(seeded, "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids[:100]})
    assert result.errors is None and round_trips == 1


def test_every_list_of_objects_has_a_bound() -> None:
    """A list the cost cannot bound (a new field) fails here until LIST_BOUNDS (or pagination) bounds it."""
    unbounded = []
    for type_ in schema._schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            bare = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if not isinstance(bare, GraphQLList) or get_named_type(bare).name in ("String", "ID", "SpecialGroup"):
                continue
            key = f"{type_.name}.{name}"
            paged = type_.name.endswith("Connection") and name in ("edges", "nodes")
            if not (
                paged or name == "userErrors" or key in LIST_BOUNDS or key in ARGUMENT_BOUNDS or key in PAGED_LISTS
            ):
                unbounded.append(key)
    assert unbounded == []


def test_the_apis_own_operations_are_within_the_limits(seeded) -> None:
    """The benchmark's canonical requests and the README's example ask for nothing the limits refuse."""
    readme = """{
      coverage(asOf: "2026-11-01") { households coveredHouseholds uncoveredSpecialGroupResidents
                                     threeNoCompounds fiveHavesCompounds units pairedUnits cadres cadresInGrid }
      uncoveredHouseholds(specialGroupsOnly: true, first: 5) { totalCount nodes { address building { name } } }
      compounds(kind: THREE_NO, stage: THREE_NO) { nodes { name fiveHaves { criteria { key met evidence } } } }
      byCode(code: "HH00002") { ... on Household {
        address responsible { role person { name } organization { name } } } }
    }"""
    queries = [readme, *(operation.query for operation in OPERATIONS)]
    for query in queries:
        document = parse(query)
        operation = document.definitions[0]
        variables = {"first": 20, "asOf": str(date.today())}
        estimate = cost(schema._schema, document, operation, variables, LIMITS)  # type: ignore[arg-type]
        assert estimate.total <= LIMITS.cost, (estimate.total, query)


def test_the_consoles_documents_are_within_the_limits() -> None:
    """The console (/console) must never meet a limit: its pairing picture (limit 5000) is the largest ask."""
    from test_console_queries import DOCUMENTS

    for name, text in DOCUMENTS.items():
        document = parse(text)
        assert shape_errors(document, LIMITS) == [], name
        operation = document.definitions[0]
        estimate = cost(schema._schema, document, operation, {}, LIMITS)  # type: ignore[arg-type]
        assert estimate.total <= LIMITS.cost, (name, estimate.total)


# ---------------------------------------------------------------- the cache


def test_the_cache_is_bounded_by_bytes_and_keeps_only_small_valid_documents() -> None:
    cache = DocumentCache(max_bytes=256 * 1024, max_document_bytes=8 * 1024)
    for i in range(200):
        query = "{ " + f"a{i}: health " * 40 + "}"
        cache.put(query, False, parse(query))
        assert cache.bytes <= cache.max_bytes
    assert 0 < len(cache) < 200  # the oldest were let go
    assert cache.get("{ " + "a199: health " * 40 + "}", False) is not None
    assert cache.get("{ " + "a0: health " * 40 + "}", False) is None
    big = "{ " + "health " * 2000 + "}"
    cache.put(big, False, parse(big))
    assert cache.get(big, False) is None


def test_the_size_estimate_is_what_the_document_holds() -> None:
    query = "query ($first: Int) { " + " ".join(f"g{i}: grids(first: $first) {{ nodes {{ code }} }}" for i in range(40))
    query += " }"
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        document = parse(query)
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert held / 2 < deep_size(document) < held * 2


def test_documents_over_the_limits_are_never_cached(seeded, gql) -> None:
    from schema.limits import document_cache

    cache = document_cache(LIMITS)
    query = "{ nope" + " " * (LIMITS.cached_document_bytes + 1) + "}"
    gql(query)
    valid_but_big = "{ health" + " " * (LIMITS.cached_document_bytes + 1) + "}"
    assert gql(valid_but_big) == {"data": {"health": True}}
    assert cache.get(query, False) is None and cache.get(valid_but_big, False) is None
    small = "{ health health }"
    gql(small)
    assert cache.get(small, False) is not None


# ---------------------------------------------------------------- the request deadline


def test_a_request_past_its_deadline_is_stopped_with_a_503(seeded, token) -> None:
    slow = "{ " + " ".join(f"c{i}: coverage {{ households }}" for i in range(10)) + " }"
    settings = seeded.model_copy(update={"limits": Limits(request_seconds=0.05)})
    signed = {"Authorization": f"Bearer {token()}"}
    with TestClient(create_app(settings)) as app:
        response = app.post("/graphql", json={"query": slow}, headers=signed)
        assert response.status_code == 503 and response.headers["retry-after"] == "2"
        (error,) = response.json()["errors"]
        assert error["extensions"] == {"code": "TIMEOUT", "limit": "requestSeconds", "max": 0.05, "retryAfter": 2}
        canary = app.post("/graphql", json={"query": "{ health }"}, headers=signed)
        assert canary.json() == {"data": {"health": True}}


# ---------------------------------------------------------------- bad requests and values


def test_a_body_that_is_no_json_object_is_a_400(client: TestClient, token) -> None:
    signed = {"content-type": "application/json", "Authorization": f"Bearer {token()}"}
    for body in ('"x"', "[1, 2]", "42", "not json", '{"query": 42}', "[" * 20_000 + "]" * 20_000):
        response = client.post("/graphql", content=body, headers=signed)
        assert response.status_code == 400, body[:20]
        assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


def test_every_bad_value_has_a_code(gql) -> None:
    cases = [
        ('{ coverage(asOf: "0001-01-01") { households } }', None, "BAD_USER_INPUT"),
        ('{ coverage(asOf: "2026-13-45") { households } }', None, "BAD_USER_INPUT"),
        ("query ($d: Date) { coverage(asOf: $d) { households } }", {"d": "xx"}, "BAD_USER_INPUT"),
        ("query ($f: Int) { grids(first: $f) { totalCount } }", {"f": "x"}, "BAD_USER_INPUT"),
        ("query ($f: Int) { grids(first: $f) { totalCount } }", {"f": 2**40}, "BAD_USER_INPUT"),
        ("{ grids(first: 1000) { totalCount } }", None, "BAD_USER_INPUT"),
        ("{ countyy { name } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("{ county { name ", None, "GRAPHQL_PARSE_FAILED"),
    ]
    for query, variables, code in cases:
        errors = gql(query, variables)["errors"]
        assert [e["extensions"]["code"] for e in errors] == [code], (query, errors)


# ---------------------------------------------------------------- production and development


def test_production_mode_hides_the_schema_and_suggests_nothing(gql, seeded, token) -> None:
    introspection = "{ __schema { queryType { name } } }"
    assert gql(introspection)["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "Did you mean" not in json.dumps(gql("{ countyy { name } }"))
    signed = {"Authorization": f"Bearer {token()}"}
    with TestClient(create_app(seeded.model_copy(update={"debug": True}))) as dev:
        schema_name = {"data": {"__schema": {"queryType": {"name": "Query"}}}}
        assert dev.post("/graphql", json={"query": introspection}, headers=signed).json() == schema_name
        typo = dev.post("/graphql", json={"query": "{ countyy { name } }"}, headers=signed)
        assert "Did you mean 'county'?" in typo.text


@pytest.mark.parametrize("path", ["/livez", "/readyz", "/health"])
def test_health_routes_answer_at_once(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 200
