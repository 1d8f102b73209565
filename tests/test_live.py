"""Live updates: a wish step or a pairing inside the subscriber's scope arrives, one outside does not; over
graphql-transport-ws on the app's own ``/graphql``; each change once, even from another process's write."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
from starlette.websockets import WebSocketDisconnect

from api.ids import encode
from graph.driver import Graph
from graph.feed import ChangeFeed
from graph.scope import Viewer
from schema.context import Context, county_today
from tests import worlds
from tests.worlds import totals

PREFIX = "TEST-LIVE-"
"""Request ids of the changes these tests make: how their audit records, wishes and pairings are found again."""

SUBMIT = """mutation ($input: SubmitWishInput!) { submitWish(input: $input) { wish { code } userErrors { code } } }"""
PAIR = """mutation ($input: PairMemberWithHouseholdInput!) {
  pairMemberWithHousehold(input: $input) { userErrors { code message } } }"""
WISHES = """subscription ($scope: ID) {
  wishUpdates(scope: $scope) { action status previousStatus wish { code title household { code } } } }"""
COVERAGE = (
    """subscription ($scope: ID) { coverageUpdates(scope: $scope) { action household { code } building { code } } }"""
)

CLEAN_UP = """
MATCH (a:AuditRecord) WHERE a.requestId STARTS WITH $p OR a.clientRequestId STARTS WITH $p
OPTIONAL MATCH (a)-[:CONCERNS]->(w:Wish)
OPTIONAL MATCH (w)<-[:OF]-(e:WishEvent)
WITH collect(DISTINCT a) + collect(DISTINCT w) + collect(DISTINCT e) AS doomed
CALL (doomed) { UNWIND doomed AS n DETACH DELETE n }
WITH 1 AS done
MATCH (:Person)-[r:PAIRED_WITH {validFrom: $today}]->(h:Household) WHERE h.code IN $households
DELETE r
"""


@pytest.fixture(scope="module")
def places(db: neo4j.Driver, ground_truth) -> dict[str, Any]:
    """A household with a resident inside the sample grid, one outside it, and a Party member of neither."""
    grid = ground_truth["samples"]["gridPicture"]["grid"]
    records, _, _ = db.execute_query(
        "MATCH (h:Household)-[:PART_OF*1..4]->(g:Grid) MATCH (h)<-[:RESIDES_IN]-(r:Person) "
        "WITH g.code = $grid AS inside, h, min(r.code) AS resident ORDER BY h.code "
        "WITH inside, collect([h.code, resident])[0] AS first RETURN inside, first",
        grid=grid,
    )
    found = {r["inside"]: r["first"] for r in records}
    member, _, _ = db.execute_query(
        "MATCH (p:Person {isPartyMember: true})-[:WORKS_AT]->(:Unit) "
        "WHERE NOT EXISTS { (p)-[:PAIRED_WITH]->(:Household) } RETURN p.code AS code ORDER BY code LIMIT 1"
    )
    return {"grid": grid, "inside": found[True], "outside": found[False], "member": member[0]["code"]}


@pytest.fixture
def cleaned(db: neo4j.Driver, places, seeded) -> Iterator[None]:
    before = totals(db, PREFIX)
    try:
        yield
    finally:
        households = [places["inside"][0], places["outside"][0]]
        db.execute_query(CLEAN_UP, p=PREFIX, today=county_today(), households=households)
        # The pairings went behind the API's back: the households' grids and the member's spans.
        worlds.refresh_coverage(seeded, [*households, places["member"]])
    assert totals(db, PREFIX) == before, "the changes these tests made were not all removed"


def _wish(household: list[str], title: str) -> dict[str, Any]:
    return {"input": {"householdId": encode("Household", household[0]), "requesterId": encode("Person", household[1]),
                      "title": title}}  # fmt: skip


async def _mutate(graph: Graph, query: str, variables: dict[str, Any], request: str) -> Any:
    from schema.api import schema

    ctx = Context(graph=graph, viewer=Viewer.county(), request_id=PREFIX + request)
    result = await schema.execute(query, variable_values=variables, context_value=ctx)
    assert result.errors is None, result.errors
    return result.data


async def _listen(graph: Graph, feed: ChangeFeed, query: str, viewer: Viewer, scope: str | None = None):
    """A started subscription: returns its stream once the feed counts it among its subscribers."""
    from schema.api import schema

    ctx = Context(graph=graph, viewer=viewer, feed=feed)
    stream = await schema.subscribe(query, variable_values={"scope": scope}, context_value=ctx)
    first = asyncio.ensure_future(stream.__anext__())
    while feed.subscribers == 0:
        await asyncio.sleep(0.02)
    return stream, first


def test_a_wish_inside_the_scope_arrives_and_one_outside_does_not(seeded, viewer_of, places, cleaned) -> None:
    worker = viewer_of("GRID", places["grid"])

    async def scenario() -> list[dict[str, Any]]:
        graph = Graph.from_settings(seeded)
        feed = ChangeFeed(graph, interval=0.1)
        try:
            stream, first = await _listen(graph, feed, WISHES, worker)
            # Committed first, outside the grid worker's grid: it must never reach them.
            await _mutate(graph, SUBMIT, _wish(places["outside"], "测试：网格外的心愿"), "outside")
            made = await _mutate(graph, SUBMIT, _wish(places["inside"], "测试：网格内的心愿"), "inside")
            update = await asyncio.wait_for(first, 10)
            assert update.errors is None, update.errors
            # Nothing else is waiting: two more reads of the feed pass without another update.
            later = asyncio.ensure_future(stream.__anext__())
            await asyncio.sleep(0.5)
            assert not later.done()
            later.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await later
            return [update.data["wishUpdates"], made["submitWish"]["wish"]]
        finally:
            await feed.close()
            await graph.close()

    update, made = asyncio.run(scenario())
    assert update["action"] == "submitWish"
    assert (update["status"], update["previousStatus"]) == ("SUBMITTED", None)
    assert update["wish"]["code"] == made["code"]
    assert update["wish"]["household"]["code"] == places["inside"][0]


def test_a_pairing_inside_the_scope_arrives_as_a_coverage_update(seeded, places, cleaned) -> None:
    async def scenario() -> dict[str, Any]:
        graph = Graph.from_settings(seeded)
        feed = ChangeFeed(graph, interval=0.1)
        try:
            scope = encode("Grid", places["grid"])
            _, first = await _listen(graph, feed, COVERAGE, Viewer.county(), scope)
            for request, household in (("outside", places["outside"]), ("inside", places["inside"])):
                variables = {"input": {"memberId": encode("Person", places["member"]),
                                       "householdId": encode("Household", household[0])}}  # fmt: skip
                data = await _mutate(graph, PAIR, variables, request)
                assert data["pairMemberWithHousehold"]["userErrors"] == []
            update = await asyncio.wait_for(first, 10)
            assert update.errors is None, update.errors
            return update.data["coverageUpdates"]
        finally:
            await feed.close()
            await graph.close()

    update = asyncio.run(scenario())
    assert update == {"action": "pairMemberWithHousehold", "household": {"code": places["inside"][0]}, "building": None}


def test_each_change_is_delivered_once_even_when_it_commits_late(seeded) -> None:
    async def scenario() -> tuple[int, int]:
        graph = Graph.from_settings(seeded)
        feed = ChangeFeed(graph, interval=60)
        try:
            async with feed.subscribe():
                # An audit record written "in the past" (a transaction that began before the last read and
                # committed after it) is still news; read again, it is not news twice.
                await graph.write(
                    "CREATE (:AuditRecord {id: $id, at: datetime() - duration('PT5S'), action: 'submitWish', "
                    "actor: 'test', requestId: $id, entities: [], before: '{}', after: '{}'})",
                    {"id": PREFIX + "late"},
                )
                # No household or building concerned: read (and marked seen), but not an event anyone gets.
                first = len(feed._seen)
                await feed.poll()
                second = len(feed._seen)
                again = await feed.poll()
                return second - first, len(again)
        finally:
            await graph.write("MATCH (a:AuditRecord {id: $id}) DELETE a", {"id": PREFIX + "late"})
            await feed.close()
            await graph.close()

    read, again = asyncio.run(scenario())
    assert (read, again) == (1, 0)


def test_subscriptions_speak_graphql_transport_ws_on_the_app(client, gql, token, places, cleaned) -> None:
    # A browser cannot set headers on a WebSocket: the grid worker signs in with connection_init's payload.
    scope = encode("Grid", places["grid"])
    with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
        ws.send_json(
            {"type": "connection_init", "payload": {"authorization": f"Bearer {token('GRID', places['grid'])}"}}
        )
        assert _receive(ws)["type"] == "connection_ack"
        ws.send_json({"id": "queue", "type": "subscribe", "payload": {"query": WISHES, "variables": {"scope": scope}}})
        feed = client.app.state.feed
        for _ in range(200):  # the subscription joins the process's feed as it starts
            if feed.subscribers:
                break
            time.sleep(0.05)
        body = gql(SUBMIT, _wish(places["inside"], "测试：实时推送"), **{"x-request-id": PREFIX + "wire"})
        wish = body["data"]["submitWish"]["wish"]["code"]
        message = _receive(ws)
        assert message is not None, "no update within 10 s"
        assert (message["type"], message["id"]) == ("next", "queue")
        update = message["payload"]["data"]["wishUpdates"]
        assert update["status"] == "SUBMITTED"
        assert update["wish"] == {"code": wish, "title": "测试：实时推送", "household": {"code": places["inside"][0]}}
        ws.send_json({"id": "queue", "type": "complete"})


def test_a_subscription_without_a_valid_token_is_refused(client) -> None:
    for payload in ({}, {"authorization": "Bearer not-a-token"}):
        with client.websocket_connect("/graphql", subprotocols=["graphql-transport-ws"]) as ws:
            ws.send_json({"type": "connection_init", "payload": payload})
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 4403, payload


def _receive(ws: Any, timeout: float = 10) -> Any:
    """The next message, or None after ``timeout`` seconds (the test client's receive has no timeout)."""
    box: list[Any] = []
    reader = threading.Thread(target=lambda: box.append(ws.receive_json()), daemon=True)
    reader.start()
    reader.join(timeout)
    return box[0] if box else None
