"""The requests that once took the API down (issue 9's first table), each sent again and again for a while
to a real server: each is refused or bounded before any Cypher runs, the server's memory comes back, and a
canary query timed beside the attacks does not wait for them (relative timings: the machine is shared).

The server runs in a process of its own (``tests/servers.py``) against the session's Neo4j, with the
production limits (LIMIT_* defaults; only the query timeout and request deadline are relaxed, see
servers.UNHURRIED); the attacks that write use a small world of their own.
"""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
import worlds
from servers import Answer, ApiServer, api_server, assert_unhurt, under_attack

from api.ids import encode

KIB = 1024
PREFIX = "TEST-AT-"

WORLD = """
MATCH (street:Street) WITH street ORDER BY street.code LIMIT 1
CREATE (cm:Entity:Community {code: $p + 'CM1', name: '测试社区'})-[:PART_OF]->(street)
CREATE (g:Entity:Grid {code: $p + 'GR1', name: '测试网格', number: 931})-[:PART_OF]->(cm)
CREATE (a:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'COMPOUND'})-[:PART_OF]->(g)
CREATE (c:Entity:Compound {code: $p + 'CP1', name: '测试小区', kind: 'THREE_NO', builtYear: 1990})-[:PART_OF]->(a)
CREATE (b:Entity:Building {code: $p + 'BD1', name: '测试1号楼', floors: 5})-[:PART_OF]->(c)
CREATE (h:Entity:Household {code: $p + 'HH1', address: '测试小区1号楼101', size: 1})-[:PART_OF]->(b)
CREATE (o:Entity:PartyOrganization {code: $p + 'PO1', name: '测试网格党支部', kind: 'GRID_BRANCH', joint: false})
CREATE (o)-[:ANSWERS_FOR {validFrom: date('2023-04-01'), validTo: null}]->(g)
CREATE (u:Entity:Unit {code: $p + 'UN1', name: '测试财政局', kind: 'AGENCY'})
CREATE (:Entity:Person {code: $p + 'PS1', name: '测试干部', isPartyMember: true, specialGroups: []})-[:WORKS_AT]->(u)
// Two grants entered before amounts were bounded, 2,000,000,000 yuan each: their sum passes Int's 32 bits.
CREATE (g1:Entity:Grant {code: $p + 'GT1', kind: 'WORKING_FUNDS', amountYuan: 2000000000, year: 2026,
                         disbursedOn: date('2026-03-01')})-[:TO]->(o)
CREATE (g1)-[:FROM]->(u)
CREATE (g2:Entity:Grant {code: $p + 'GT2', kind: 'WORKING_FUNDS', amountYuan: 2000000000, year: 2026,
                         disbursedOn: date('2026-03-02')})-[:TO]->(o)
CREATE (g2)-[:FROM]->(u)
"""


@pytest.fixture(scope="module")
def server(seeded) -> Iterator[ApiServer]:
    with api_server(seeded) as running:
        yield running


@pytest.fixture(scope="module")
def world(db: neo4j.Driver) -> Iterator[list[str]]:
    with worlds.world_making(db, PREFIX, WORLD) as made:
        yield made


def gid(kind: str, name: str) -> str:
    return encode(kind, PREFIX + name)


def refused(code: str, limit: str | None = None, status: int = 200):
    """A check that an answer is a refusal with ``code`` (and, for a limit, its name and figures)."""

    def check(answer: Answer) -> bool:
        assert answer.status == status, answer
        assert answer.codes == [code], answer
        if limit is not None:
            extensions = answer.body["errors"][0]["extensions"]
            assert extensions["limit"] == limit and extensions["actual"] > extensions["max"], extensions
        return True

    return check


def attack_with(server: ApiServer, body: str | bytes, check: Any, seconds: float = 2.0) -> None:
    assault = under_attack(server, lambda: server.request("POST", "/graphql", body), seconds)
    assert all(check(answer) for answer in assault.answers)
    assert_unhurt(assault)


# ---------------------------------------------------------------- documents too big, too wide, too deep


def test_a_6_mb_query_of_400000_aliases_is_refused_as_it_streams_in(server: ApiServer) -> None:
    query = "{ " + " ".join(f"a{i}: health" for i in range(400_000)) + " }"
    body = json.dumps({"query": query})
    assert len(body) > 6_000_000
    assault = under_attack(server, lambda: _stream(server, body.encode()))
    assert all(status == 413 and sent < len(body) for status, sent in assault.answers)
    assert_unhurt(assault)
    # A client that sends it all before it reads is answered too (413, then the connection closes).
    answer = server.request("POST", "/graphql", body[: 128 * KIB])
    assert answer.status == 413 and answer.codes == ["REQUEST_TOO_LARGE"]
    assert answer.body["errors"][0]["extensions"] == {
        "code": "REQUEST_TOO_LARGE",
        "limit": "bodyBytes",
        "max": 64 * KIB,
        "actual": 128 * KIB,
    }


def test_1000_aliases_of_coverage_are_refused_before_parsing_ends(server: ApiServer) -> None:
    query = "{ " + " ".join(f"c{i}: coverage {{ households }}" for i in range(1000)) + " }"
    attack_with(server, json.dumps({"query": query}), refused("QUERY_TOO_COMPLEX", "tokens"))
    # Fewer, under the token limit: too many aliases; fewer still: the cost of the analyses.
    query = "{ " + " ".join(f"c{i}: coverage {{ households }}" for i in range(60)) + " }"
    attack_with(server, json.dumps({"query": query}), refused("QUERY_TOO_COMPLEX", "aliases"), seconds=1.0)
    query = "{ " + " ".join(f"c{i}: coverage {{ households }}" for i in range(21)) + " }"
    attack_with(server, json.dumps({"query": query}), refused("QUERY_TOO_COMPLEX", "cost"), seconds=1.0)


def test_a_query_nested_within_the_depth_limit_is_refused_for_its_cost(server: ApiServer) -> None:
    query = """{ grids(first: 100) { nodes { areas { compounds { buildings {
      households(first: 100) { nodes { address residents { name phone } } } } } } } } }"""
    attack_with(server, json.dumps({"query": query}), refused("QUERY_TOO_COMPLEX", "cost"))
    # Deeper than the depth limit, however cheap.
    deep = (
        "{ county { streets { communities { grids " + "{ community { grids " * 7 + "{ code }" + " } }" * 7 + " } } } }"
    )
    answer = server.graphql(deep)
    assert answer.codes == ["QUERY_TOO_COMPLEX"] and answer.body["errors"][0]["extensions"]["limit"] == "depth"


def test_nodes_with_57000_ids_is_refused(server: ApiServer) -> None:
    ids = [encode("Person", f"PS{i:06d}") for i in range(1, 57_001)]
    body = json.dumps({"query": "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": {"ids": ids}})
    assault = under_attack(server, lambda: _stream(server, body.encode()))
    assert all(status == 413 for status, _ in assault.answers)
    assert_unhurt(assault)
    # As many as fit in the body limit: the list argument's own limit.
    body = json.dumps({"query": "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }", "variables": {"ids": ids[:2000]}})
    assert len(body) < 64 * KIB
    attack_with(server, body, refused("QUERY_TOO_COMPLEX", "listArgument"), seconds=1.0)


def test_large_distinct_invalid_documents_neither_fill_the_cache_nor_the_memory(server: ApiServer) -> None:
    # Eight different 0.83 MB documents: refused at the body limit.
    for i in range(8):
        body = json.dumps({"query": "{ " + f"nope{i} " * 120_000 + "}"})
        assert _stream(server, body.encode())[0] == 413
    # Distinct invalid documents just under the limits (60 KiB of padding, one unknown field each) are
    # validated afresh and never kept: sent by the hundred, the memory stays where it was.
    sent = iter(range(10**6))

    def distinct_invalid() -> Answer:
        i = next(sent)
        return server.request("POST", "/graphql", json.dumps({"query": "{ nope" + str(i) + " " * 60 * KIB + "}"}))

    assault = under_attack(server, distinct_invalid)
    assert len(assault.answers) > 20
    assert all(a.status == 200 and a.codes == ["GRAPHQL_VALIDATION_FAILED"] for a in assault.answers)
    assert_unhurt(assault, memory_bound=32 * 2**20)


def _stream(server: ApiServer, body: bytes | int, declared: bool = True) -> tuple[int, int]:
    """POST ``body`` (or that many bytes of junk) as a client that reads while it sends: declared in
    Content-Length, or chunked; stop sending when the server answers. Returns the status and the bytes sent."""
    total = body if isinstance(body, int) else len(body)
    junk = b"x" * (16 * KIB)
    sent = 0
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        head = "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        head += f"Content-Length: {total}\r\n" if declared else "Transfer-Encoding: chunked\r\n"
        s.sendall((head + "\r\n").encode())
        answer = b""
        while sent < total and not answer:
            if select.select([s], [], [], 0.001)[0]:
                answer = s.recv(65536)
                break
            chunk = junk[: total - sent] if isinstance(body, int) else body[sent : sent + len(junk)]
            try:
                s.sendall(chunk if declared else b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        while b"\r\n\r\n" not in answer:
            more = s.recv(65536)
            if not more:
                break
            answer += more
    return int(answer.split(b" ", 2)[1]), sent


def test_a_100_mb_body_is_refused_after_64_kib(server: ApiServer) -> None:
    assault = under_attack(server, lambda: _stream(server, 100 * 2**20))
    assert all(status == 413 and sent < 100 * 2**20 for status, sent in assault.answers)
    assert_unhurt(assault)
    # Without a Content-Length (chunked), the server stops reading at the limit.
    assault = under_attack(server, lambda: _stream(server, 100 * 2**20, declared=False))
    assert all(status == 413 and sent < 100 * 2**20 for status, sent in assault.answers)
    assert_unhurt(assault)


# ---------------------------------------------------------------- implausible values


def _mutation(name: str, input_type: str, payload: str, input: dict[str, Any]) -> str:
    query = f"mutation ($input: {input_type}!) {{ {name}(input: $input) {{ {payload} userErrors {{ field code }} }} }}"
    return json.dumps({"query": query, "variables": {"input": input}})


def user_error(code: str, field: str):
    def check(answer: Answer) -> bool:
        assert answer.status == 200 and "errors" not in answer.body, answer
        (payload,) = answer.body["data"].values()
        assert payload["userErrors"] == [{"field": ["input", field], "code": code}], payload
        return True

    return check


def test_two_grants_of_2000000000_yuan_are_refused_and_sums_do_not_overflow(
    server: ApiServer, world: list[str], db: neo4j.Driver
) -> None:
    grant = {"kind": "WORKING_FUNDS", "amountYuan": 2_000_000_000, "year": 2026}
    grant |= {"organizationId": gid("PartyOrganization", "PO1"), "unitId": gid("Unit", "UN1")}
    body = _mutation("recordGrant", "RecordGrantInput", "grant { code }", grant)
    attack_with(server, body, user_error("AMOUNT_TOO_LARGE", "amountYuan"))
    records, _, _ = db.execute_query(
        "MATCH (g:Grant)-[:TO]->(:Entity {code: $o}) RETURN count(g) AS n", o=PREFIX + "PO1"
    )
    assert records[0]["n"] == 2  # the world's own two, nothing more
    # Those two, entered before the bound, sum past 2^31 - 1: the total is a Long, for everyone.
    summary = server.graphql(
        "query ($s: ID) { fundsSummary(scope: $s, year: 2026) { amountYuan byKind { kind amountYuan } } }",
        {"s": gid("Grid", "GR1")},
    )
    assert summary.status == 200 and "errors" not in summary.body, summary
    assert summary.body["data"]["fundsSummary"]["amountYuan"] == 4_000_000_000
    # The world's community lies in the county's street: everyone's county-wide summary includes them.
    county = server.graphql("{ fundsSummary { amountYuan } threeMicroSummary { microProjects { budgetYuan } } }")
    assert "errors" not in county.body, county
    assert county.body["data"]["fundsSummary"]["amountYuan"] > 4_000_000_000


def test_days_outside_the_plausible_window_are_refused(server: ApiServer, world: list[str]) -> None:
    pairing = {"memberId": gid("Person", "PS1"), "householdId": gid("Household", "HH1")}
    payload = "member { code }"
    early = _mutation(
        "pairMemberWithHousehold", "PairMemberWithHouseholdInput", payload, pairing | {"since": "0001-01-01"}
    )
    attack_with(server, early, user_error("DATE_TOO_EARLY", "since"), seconds=1.0)
    late = _mutation(
        "pairMemberWithHousehold", "PairMemberWithHouseholdInput", payload, pairing | {"since": "9999-12-31"}
    )
    attack_with(server, late, user_error("DATE_TOO_LATE", "since"), seconds=1.0)
    service = {"memberId": gid("Person", "PS1"), "householdId": gid("Household", "HH1"), "kind": "REPAIR"}
    service |= {"method": "解决小问题", "servedOn": "0001-01-01"}
    body = _mutation("recordService", "RecordServiceInput", "serviceRecord { code }", service)
    attack_with(server, body, user_error("DATE_TOO_EARLY", "servedOn"), seconds=1.0)


def test_a_bad_day_a_forged_cursor_and_a_body_that_is_no_object_have_codes(server: ApiServer, world: list[str]) -> None:
    coverage = json.dumps({"query": '{ coverage(asOf: "0001-01-01") { households } }'})
    attack_with(server, coverage, refused("BAD_USER_INPUT"), seconds=1.0)
    # A real audit record to page after, then a cursor that is none of ours.
    made = server.graphql(
        "mutation ($i: PairMemberWithHouseholdInput!) { pairMemberWithHousehold(input: $i) { userErrors { code } } }",
        {"i": {"memberId": gid("Person", "PS1"), "householdId": gid("Household", "HH1"), "since": "2026-01-05"}},
    )
    assert made.body == {"data": {"pairMemberWithHousehold": {"userErrors": []}}}, made
    trail = "query ($e: ID!, $a: String) { auditTrail(entity: $e, after: $a) { totalCount nodes { action } } }"
    household = gid("Household", "HH1")
    assert server.graphql(trail, {"e": household}).body["data"]["auditTrail"]["totalCount"] == 1
    forged = json.dumps({"query": trail, "variables": {"e": household, "a": "azpmb28="}})  # "k:foo"
    attack_with(server, forged, refused("BAD_USER_INPUT"), seconds=1.0)
    for body in ('"x"', "[1, 2]", "42", "null", "[" * 30_000 + "]" * 30_000):
        answer = server.request("POST", "/graphql", body)
        assert answer.status == 400 and answer.codes == ["BAD_REQUEST"], (body[:10], answer)
