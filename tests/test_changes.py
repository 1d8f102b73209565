"""The write framework itself (graph/changes.py): idempotency across days and races, scope, request ids."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import neo4j
import pytest
import worlds

from graph.driver import Graph
from graph.scope import Role, Viewer
from schema.api import schema
from schema.context import Context, county_today
from schema.ids import encode

PREFIX = "TEST-CH-"

WORLD = """
CREATE (g:Entity:Grid {code: $p + 'GR1', name: '测试网格'})
CREATE (a:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'ALLEY'})-[:PART_OF]->(g)
CREATE (b:Entity:Building {code: $p + 'BD1', name: '测试院落'})-[:PART_OF]->(a)
CREATE (:Entity:Household {code: $p + 'HH1', address: '测试巷1号', size: 1})-[:PART_OF]->(b)
CREATE (:Entity:Household {code: $p + 'HH2', address: '测试巷2号', size: 1})-[:PART_OF]->(b)
CREATE (:Entity:Person {code: $p + 'PS1', name: '测试党员', isPartyMember: true, specialGroups: []})
"""


PAIR = """mutation ($m: ID!, $h: ID!, $k: String) {
  pairMemberWithHousehold(input: {memberId: $m, householdId: $h, idempotencyKey: $k}) {
    household { code } userErrors { code message field } } }"""


@pytest.fixture
def world(db: neo4j.Driver, seeded):
    with worlds.world(db, PREFIX, WORLD):
        yield {"member": encode("Person", PREFIX + "PS1"), "h1": encode("Household", PREFIX + "HH1"),
               "h2": encode("Household", PREFIX + "HH2")}  # fmt: skip


def _pairings(db: neo4j.Driver, household: str) -> int:
    records, _, _ = db.execute_query(
        "MATCH (:Person {code: $m})-[r:PAIRED_WITH]->(:Household {code: $h}) RETURN count(r) AS n",
        m=PREFIX + "PS1",
        h=PREFIX + household,
    )
    return records[0]["n"]


def _execute_on(seeded, query: str, variables: dict, ctx_kwargs: dict):
    async def go():
        graph = Graph.from_settings(seeded)
        try:
            return await schema.execute(
                query, variable_values=variables, context_value=Context(graph=graph, **ctx_kwargs)
            )
        finally:
            await graph.close()

    return asyncio.run(go())


def test_a_retry_on_the_next_day_returns_the_first_result(world, db: neo4j.Driver, seeded) -> None:
    variables = {"m": world["member"], "h": world["h1"], "k": PREFIX + "retry"}
    today = county_today()
    first = _execute_on(seeded, PAIR, variables, {"today": today})
    retry = _execute_on(seeded, PAIR, variables, {"today": today + timedelta(days=1)})
    assert first.data == retry.data
    assert first.data["pairMemberWithHousehold"]["userErrors"] == []
    assert _pairings(db, "HH1") == 1


def test_racing_requests_with_one_key_write_once_and_answer_alike(world, gql, db: neo4j.Driver) -> None:
    variables = {"m": world["member"], "h": world["h1"], "k": PREFIX + "race"}
    answers: list[dict] = []

    def send() -> None:
        answers.append(gql(PAIR, variables)["data"]["pairMemberWithHousehold"])

    threads = [threading.Thread(target=send) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [{"household": {"code": PREFIX + "HH1"}, "userErrors": []}] * 6
    assert _pairings(db, "HH1") == 1
    records, _, _ = db.execute_query(
        "MATCH (a:AuditRecord)-[:CONCERNS]->(:Household {code: $h}) RETURN count(a) AS n", h=PREFIX + "HH1"
    )
    assert records[0]["n"] == 1


def test_a_write_outside_the_callers_territory_is_refused_and_writes_nothing(world, db: neo4j.Driver, seeded) -> None:
    records, _, _ = db.execute_query("MATCH (g:Grid) WHERE NOT g.code STARTS WITH $p RETURN min(g.code) AS g", p=PREFIX)
    elsewhere = Viewer(role=Role.GRID, territory=(records[0]["g"],))
    result = _execute_on(seeded, PAIR, {"m": world["member"], "h": world["h2"]}, {"viewer": elsewhere})
    assert result.data["pairMemberWithHousehold"]["userErrors"][0]["code"] == "OUT_OF_SCOPE"
    assert _pairings(db, "HH2") == 0
    mine = Viewer(role=Role.GRID, territory=(PREFIX + "GR1",))
    result = _execute_on(seeded, PAIR, {"m": world["member"], "h": world["h2"]}, {"viewer": mine})
    assert result.data["pairMemberWithHousehold"]["userErrors"] == []
    assert _pairings(db, "HH2") == 1


def test_the_audit_record_carries_the_callers_request_id(world, gql) -> None:
    gql(PAIR, {"m": world["member"], "h": world["h2"]}, **{"X-Request-Id": "req-42.test"})
    trail = gql(
        "query ($e: ID!) { auditTrail(entity: $e) { nodes { action actor requestId entities } } }", {"e": world["h2"]}
    )["data"]["auditTrail"]["nodes"]
    assert trail == [
        {
            "action": "pairMemberWithHousehold",
            "actor": "anonymous:analyst",
            "requestId": "req-42.test",
            "entities": [PREFIX + "HH2", PREFIX + "PS1"],
        }
    ]
