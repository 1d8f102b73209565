"""The write framework itself (graph/changes.py): idempotency across days and races, scope, request ids."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import neo4j
import pytest
import worlds

from api.ids import encode
from graph.driver import Graph
from graph.scope import Role, Viewer
from schema.api import schema
from schema.context import Context, county_today

PREFIX = "TEST-CH-"

WORLD = """
CREATE (g:Entity:Grid {code: $p + 'GR1', name: '测试网格'})
CREATE (a:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'ALLEY'})-[:PART_OF]->(g)
CREATE (b:Entity:Building {code: $p + 'BD1', name: '测试院落'})-[:PART_OF]->(a)
CREATE (:Entity:Household {code: $p + 'HH1', address: '测试巷1号', size: 1})-[:PART_OF]->(b)
CREATE (:Entity:Household {code: $p + 'HH2', address: '测试巷2号', size: 1})-[:PART_OF]->(b)
CREATE (m:Entity:Person {code: $p + 'PS1', name: '测试党员', isPartyMember: true, specialGroups: []})
CREATE (m)-[:REPORTED_TO {validFrom: date('2020-01-01')}]->(g)
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
            ctx = Context(graph=graph, **{"viewer": Viewer.county(), **ctx_kwargs})
            return await schema.execute(query, variable_values=variables, context_value=ctx)
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


def test_a_write_outside_the_callers_territory_is_refused_and_writes_nothing(
    world, db: neo4j.Driver, seeded, viewer_of
) -> None:
    records, _, _ = db.execute_query(
        """MATCH (p:Person)-[r:REPORTED_TO]->(g:Grid) WHERE r.validTo IS NULL AND NOT g.code STARTS WITH $p
           RETURN g.code AS grid, min(p.code) AS member ORDER BY grid LIMIT 1""",
        p=PREFIX,
    )
    elsewhere = viewer_of(Role.GRID, records[0]["grid"], sub="PS000001")
    their_member = encode("Person", records[0]["member"])
    refused = _execute_on(seeded, PAIR, {"m": their_member, "h": world["h2"]}, {"viewer": elsewhere})
    missing = _execute_on(
        seeded, PAIR, {"m": their_member, "h": encode("Household", "HH-NO-SUCH")}, {"viewer": elsewhere}
    )
    # Exactly as if the household did not exist: the caller learns nothing about it.
    assert refused.data == missing.data
    assert refused.data["pairMemberWithHousehold"]["userErrors"] == [
        {"code": "NOT_FOUND", "message": "no household with this id", "field": ["input", "householdId"]}
    ]
    assert _pairings(db, "HH2") == 0
    # The refusal is audited (as what it was: out of scope); the lookup of a code that exists nowhere is not.
    log = _execute_on(
        seeded,
        '{ auditLog(actor: "PS000001") { nodes { action outcome after entities } } }',
        {},
        {},
    ).data["auditLog"]["nodes"]
    ours = [r for r in log if PREFIX + "HH2" in str(r["after"])]
    assert [(r["action"], r["outcome"], r["after"]["reason"], r["entities"]) for r in ours] == [
        ("pairMemberWithHousehold", "REFUSED", "OUT_OF_SCOPE", [])
    ]
    assert not [r for r in log if "HH-NO-SUCH" in str(r["after"])]
    mine = viewer_of(Role.GRID, PREFIX + "GR1")
    result = _execute_on(seeded, PAIR, {"m": world["member"], "h": world["h2"]}, {"viewer": mine})
    assert result.data["pairMemberWithHousehold"]["userErrors"] == []
    assert _pairings(db, "HH2") == 1


def test_the_audit_record_names_the_signed_in_actor_and_both_request_ids(world, gql) -> None:
    gql(PAIR, {"m": world["member"], "h": world["h2"]}, role="COUNTY", sub="PS000001",
        **{"X-Request-Id": "req-42.test"})  # fmt: skip
    gql(PAIR, {"m": world["member"], "h": world["h1"]})
    query = """query ($e: ID!) { auditTrail(entity: $e) {
      nodes { action actor actorRole requestId clientRequestId entities outcome } } }"""
    [mine] = gql(query, {"e": world["h2"]})["data"]["auditTrail"]["nodes"]
    assert {k: mine[k] for k in ("action", "actor", "actorRole", "clientRequestId", "entities", "outcome")} == {
        "action": "pairMemberWithHousehold",
        "actor": "PS000001",
        "actorRole": "COUNTY",
        "clientRequestId": "req-42.test",
        "entities": [PREFIX + "HH2", PREFIX + "PS1"],
        "outcome": "DONE",
    }
    # The server names the request; the client's id is kept beside it, never instead of it.
    assert mine["requestId"] != "req-42.test" and len(mine["requestId"]) == 32
    [county] = gql(query, {"e": world["h1"]})["data"]["auditTrail"]["nodes"]
    assert (county["actor"], county["actorRole"], county["clientRequestId"]) == ("COUNTY@CT01", "COUNTY", None)
