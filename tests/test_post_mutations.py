"""Posts over HTTP: appointing to and vacating the posts of secretaries, group leaders, building leaders,
central households and police officers; a post has at most one holder, and a vacancy shows.

Every test works on a small territory of its own (codes ``TEST-PO-…``, not attached to the county) made
by the ``world`` fixture and deleted afterwards with its audit records and idempotency keys, so the
planted data set is left as it was; the fixture checks that the graph's totals are back where they began.
"""

from __future__ import annotations

import threading
from datetime import date
from typing import Any

import neo4j
import pytest
import worlds

from api.ids import encode
from graph.driver import count_queries
from seeds import REFERENCE_DATE

PREFIX = "TEST-PO-"

WORLD = """
CREATE (g:Entity:Grid {code: $p + 'GR1', name: '测试网格', number: 903})
CREATE (a1:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'COMPOUND'})-[:PART_OF]->(g)
CREATE (c1:Entity:Compound {code: $p + 'CP1', name: '测试小区', kind: 'THREE_NO'})-[:PART_OF]->(a1)
CREATE (b1:Entity:Building {code: $p + 'BD1', name: '测试1号楼', floors: 6})-[:PART_OF]->(c1)
CREATE (b2:Entity:Building {code: $p + 'BD2', name: '测试2号楼', floors: 6})-[:PART_OF]->(c1)
CREATE (a2:Entity:Area {code: $p + 'AR2', name: '测试巷道', kind: 'ALLEY'})-[:PART_OF]->(g)
CREATE (b3:Entity:Building {code: $p + 'BD3', name: '测试巷道1号院', floors: 2})-[:PART_OF]->(a2)
CREATE (b4:Entity:Building {code: $p + 'BD4', name: '测试巷道2号院', floors: 2})-[:PART_OF]->(a2)
CREATE (a3:Entity:Area {code: $p + 'AR3', name: '别的片区', kind: 'COMPOUND'})-[:PART_OF]->(g)
CREATE (c2:Entity:Compound {code: $p + 'CP2', name: '别的小区', kind: 'MANAGED'})-[:PART_OF]->(a3)
CREATE (b5:Entity:Building {code: $p + 'BD5', name: '别的小区1号楼', floors: 6})-[:PART_OF]->(c2)
CREATE (h1:Entity:Household {code: $p + 'HH1', address: '测试小区1号楼101', size: 2})-[:PART_OF]->(b1)
CREATE (h2:Entity:Household {code: $p + 'HH2', address: '测试小区2号楼101', size: 2})-[:PART_OF]->(b2)
CREATE (h4:Entity:Household {code: $p + 'HH4', address: '测试巷道2号院', size: 1})-[:PART_OF]->(b4)
CREATE (h5:Entity:Household {code: $p + 'HH5', address: '别的小区1号楼101', size: 1})-[:PART_OF]->(b5)
CREATE (o1:Entity:PartyOrganization {code: $p + 'PO1', name: '测试小区党支部', kind: 'COMPOUND_BRANCH', joint: false})
CREATE (o1)-[:ANSWERS_FOR {validFrom: date('2026-01-01'), validTo: null}]->(c1)
CREATE (o2:Entity:PartyOrganization {code: $p + 'PO2', name: '测试片区党小组', kind: 'AREA_GROUP', joint: false})
CREATE (o2)-[:ANSWERS_FOR {validFrom: date('2026-01-01'), validTo: null}]->(a1)
CREATE (u:Entity:Unit {code: $p + 'UN1', name: '测试公安局', kind: 'AGENCY'})
CREATE (:Entity:Post {code: $p + 'BL1', role: 'BUILDING_LEADER', title: '测试1号楼楼栋长'})-[:POST_OF]->(b1)
CREATE (:Entity:Post {code: $p + 'BL3', role: 'BUILDING_LEADER', title: '测试巷道1号院楼栋长'})-[:POST_OF]->(b3)
CREATE (:Entity:Post {code: $p + 'CH1', role: 'CENTRAL_HOUSEHOLD', title: '测试1号楼党员中心户'})-[:POST_OF]->(b1)
CREATE (:Entity:Post {code: $p + 'SEC', role: 'SECRETARY', title: '测试小区党支部书记'})-[:POST_OF]->(o1)
CREATE (:Entity:Post {code: $p + 'GL', role: 'GROUP_LEADER', title: '测试片区党小组组长'})-[:POST_OF]->(o2)
CREATE (:Entity:Post {code: $p + 'PO', role: 'POLICE_OFFICER', title: '测试小区包片干警'})-[:POST_OF]->(c1)
// PS1 a Party member in building 1, PS2 not a Party member in building 2 (same compound), PS3 a Party member
// in another compound, PS4 a police officer (in service, lives outside the test territory), PS5 not a Party
// member in building 1, PS6 not a Party member in the alley's other courtyard, PS7 a Party member in building 2.
CREATE (:Entity:Person {code: $p + 'PS1', name: '测试甲', isPartyMember: true, specialGroups: []})-[:RESIDES_IN]->(h1)
CREATE (:Entity:Person {code: $p + 'PS2', name: '测试乙', isPartyMember: false, specialGroups: []})-[:RESIDES_IN]->(h2)
CREATE (:Entity:Person {code: $p + 'PS3', name: '测试丙', isPartyMember: true, specialGroups: []})-[:RESIDES_IN]->(h5)
CREATE (:Entity:Person {code: $p + 'PS4', name: '测试丁', isPartyMember: true, specialGroups: []})-[:WORKS_AT]->(u)
CREATE (:Entity:Person {code: $p + 'PS5', name: '测试戊', isPartyMember: false, specialGroups: []})-[:RESIDES_IN]->(h1)
CREATE (:Entity:Person {code: $p + 'PS6', name: '测试己', isPartyMember: false, specialGroups: []})-[:RESIDES_IN]->(h4)
CREATE (:Entity:Person {code: $p + 'PS7', name: '测试庚', isPartyMember: true, specialGroups: []})-[:RESIDES_IN]->(h2)
WITH 1 AS one
// Six more Party members for the concurrency test.
UNWIND range(10, 15) AS n
CREATE (:Entity:Person {code: $p + 'PS' + n, name: '测试党员' + n, isPartyMember: true, specialGroups: []})
"""


PAYLOAD = "post { code role holder { code } } person { code } userErrors { field message code }"


def totals(db: neo4j.Driver) -> dict[str, Any]:
    return worlds.totals(db, PREFIX)


@pytest.fixture
def world(db: neo4j.Driver, seeded) -> Any:
    with worlds.world(db, PREFIX, WORLD):
        yield


def gid(kind: str, name: str) -> str:
    """The global id of a test entity, e.g. ``gid("Post", "BL1")``."""
    return encode(kind, PREFIX + name)


def post(name: str) -> str:
    return gid("Post", name)


def person(name: str) -> str:
    return gid("Person", name)


def mutate(gql, name: str, **input: Any) -> dict[str, Any]:
    query = f"""mutation ($input: {name[0].upper() + name[1:]}Input!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"""
    body = gql(query, {"input": input})
    assert "errors" not in body, body["errors"]
    return body["data"][name]


def ok(gql, name: str, **input: Any) -> dict[str, Any]:
    payload = mutate(gql, name, **input)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def appoint(gql, post_name: str, person_name: str, since: str, **more: Any) -> dict[str, Any]:
    return ok(gql, "appointToPost", postId=post(post_name), personId=person(person_name), since=since, **more)


def refused(gql, db: neo4j.Driver, name: str, code: str, field: str, **input: Any) -> str:
    """Run a mutation that must be refused with ``code`` on ``field``, and check that nothing was written."""
    before = totals(db)
    payload = mutate(gql, name, **input)
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", field])], payload
    assert payload["post"] is None and payload["person"] is None
    assert totals(db) == before, f"{name} was refused with {code} but wrote something"
    return payload["userErrors"][0]["message"]


def read(gql, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def trail(gql, kind: str, name: str) -> list[dict[str, Any]]:
    """An entity's audit trail, newest first."""
    data = read(
        gql,
        "query ($id: ID!) { auditTrail(entity: $id, first: 50) { totalCount nodes { action entities before after } } }",
        id=gid(kind, name),
    )
    assert data["auditTrail"]["totalCount"] == len(data["auditTrail"]["nodes"])
    return data["auditTrail"]["nodes"]


def holdings(db: neo4j.Driver, post_name: str) -> list[tuple[str, date, date | None, str | None]]:
    """Every holding of a test post, oldest first, straight from the graph."""
    records, _, _ = db.execute_query(
        "MATCH (:Post {code: $p + $post})<-[h:HOLDS]-(x:Person) "
        "RETURN x.code AS person, h.validFrom AS since, h.validTo AS until, h.endReason AS reason ORDER BY since",
        p=PREFIX,
        post=post_name,
    )
    return [
        (r["person"][len(PREFIX) :], r["since"].to_native(), r["until"] and r["until"].to_native(), r["reason"])
        for r in records
    ]


LEADER = """query ($building: ID!, $post: ID!, $day: Date!, $before: Date!) {
  building: node(id: $building) { ... on Building {
    leader(asOf: $day) { code } leaderBefore: leader(asOf: $before) { code }
    posts { code role } } }
  post: node(id: $post) { ... on Post {
    code role title of { code }
    holder(asOf: $day) { code } vacant(asOf: $day) vacantBefore: vacant(asOf: $before)
    holdings { holder { code } since until endReason } } }
}"""


def leader(gql, day: str, before: str) -> dict[str, Any]:
    return read(gql, LEADER, building=gid("Building", "BD1"), post=post("BL1"), day=day, before=before)


def coverage(gql, day: str) -> tuple[int, list[str], list[str]]:
    """Buildings with a leader, buildings without one, and vacant building-leader posts in the test grid on a day."""
    data = read(
        gql,
        """query ($scope: ID!, $day: Date!) {
          coverage(scope: $scope, asOf: $day) { buildings buildingsWithLeader }
          buildingsWithoutLeader(scope: $scope, asOf: $day, first: 10) { nodes { code } }
          vacantPosts(scope: $scope, role: BUILDING_LEADER, asOf: $day) { code vacantSince }
        }""",
        scope=gid("Grid", "GR1"),
        day=day,
    )
    assert data["coverage"]["buildings"] == 5
    return (
        data["coverage"]["buildingsWithLeader"],
        [b["code"][len(PREFIX) :] for b in data["buildingsWithoutLeader"]["nodes"]],
        [f"{p['code'][len(PREFIX) :]}:{p['vacantSince']}" for p in data["vacantPosts"]],
    )


# ---------------------------------------------------------------- a building leader comes and goes


def test_appointing_and_vacating_a_building_leader(gql, db, world) -> None:
    assert coverage(gql, "2026-10-10") == (0, ["BD1", "BD2", "BD3", "BD4", "BD5"], ["BL1:None", "BL3:None"])

    payload = appoint(gql, "BL1", "PS2", "2026-10-10")
    assert payload["post"] == {"code": PREFIX + "BL1", "role": "BUILDING_LEADER", "holder": {"code": PREFIX + "PS2"}}
    assert payload["person"] == {"code": PREFIX + "PS2"}

    data = leader(gql, day="2026-10-10", before="2026-10-09")
    assert data["building"]["leader"] == {"code": PREFIX + "PS2"} and data["building"]["leaderBefore"] is None
    assert {"code": PREFIX + "BL1", "role": "BUILDING_LEADER"} in data["building"]["posts"]
    assert data["post"]["of"] == {"code": PREFIX + "BD1"} and data["post"]["title"] == "测试1号楼楼栋长"
    assert (data["post"]["vacant"], data["post"]["vacantBefore"]) == (False, True)
    assert coverage(gql, "2026-10-10") == (1, ["BD2", "BD3", "BD4", "BD5"], ["BL3:None"])
    assert coverage(gql, "2026-10-09")[0] == 0
    posts = read(
        gql,
        'query ($id: ID!) { node(id: $id) { ... on Person { posts(asOf: "2026-10-10") { role of { code } since } } } }',
        id=person("PS2"),
    )
    assert posts["node"]["posts"] == [
        {"role": "BUILDING_LEADER", "of": {"code": PREFIX + "BD1"}, "since": "2026-10-10"}
    ]

    payload = ok(gql, "vacatePost", postId=post("BL1"), until="2026-10-20", reason="迁居外地")
    assert payload["post"]["holder"] is None and payload["person"] == {"code": PREFIX + "PS2"}

    # From the day it is vacated the building has no leader and the post shows as vacant; the day before, it had.
    data = leader(gql, day="2026-10-20", before="2026-10-19")
    assert data["building"]["leader"] is None and data["building"]["leaderBefore"] == {"code": PREFIX + "PS2"}
    assert (data["post"]["vacant"], data["post"]["vacantBefore"]) == (True, False)
    assert data["post"]["holdings"] == [
        {"holder": {"code": PREFIX + "PS2"}, "since": "2026-10-10", "until": "2026-10-20", "endReason": "迁居外地"}
    ]
    assert coverage(gql, "2026-10-20") == (0, ["BD1", "BD2", "BD3", "BD4", "BD5"], ["BL1:2026-10-20", "BL3:None"])
    assert coverage(gql, "2026-10-19")[0] == 1

    records = trail(gql, "Post", "BL1")
    assert [r["action"] for r in records] == ["vacatePost", "appointToPost"]
    vacate, start = records
    assert start["entities"] == vacate["entities"] == [PREFIX + "BL1", PREFIX + "BD1", PREFIX + "PS2"]
    assert start["before"] == {"holder": None}
    assert start["after"] == {"holder": PREFIX + "PS2", "validFrom": "2026-10-10"}
    assert vacate["before"] == {"holder": PREFIX + "PS2", "validFrom": "2026-10-10", "validTo": None}
    assert vacate["after"] == {
        "holder": PREFIX + "PS2", "validFrom": "2026-10-10", "validTo": "2026-10-20", "endReason": "迁居外地"
    }  # fmt: skip
    # The building's and the person's trails show the same changes.
    assert [r["action"] for r in trail(gql, "Building", "BD1")] == ["vacatePost", "appointToPost"]
    assert [r["action"] for r in trail(gql, "Person", "PS2")] == ["vacatePost", "appointToPost"]


def test_a_filled_post_is_refused_unless_the_holder_is_replaced(gql, db, world) -> None:
    appoint(gql, "BL1", "PS1", "2026-10-01")
    message = refused(gql, db, "appointToPost", "POST_FILLED", "postId", postId=post("BL1"), personId=person("PS2"),
                      since="2026-10-15")  # fmt: skip
    assert PREFIX + "PS1" in message and "2026-10-01" in message
    refused(gql, db, "appointToPost", "DATE_ORDER", "since", postId=post("BL1"), personId=person("PS2"),
            since="2026-10-01", replace=True)  # fmt: skip
    refused(gql, db, "appointToPost", "ALREADY_HOLDS", "personId", postId=post("BL1"), personId=person("PS1"),
            since="2026-10-15", replace=True)  # fmt: skip

    payload = appoint(gql, "BL1", "PS2", "2026-10-15", replace=True, reason="换届调整")
    assert payload["post"]["holder"] == {"code": PREFIX + "PS2"}
    assert holdings(db, "BL1") == [
        ("PS1", date(2026, 10, 1), date(2026, 10, 15), "换届调整"),
        ("PS2", date(2026, 10, 15), None, None),
    ]
    assert leader(gql, day="2026-10-15", before="2026-10-14")["building"] == {
        "leader": {"code": PREFIX + "PS2"},
        "leaderBefore": {"code": PREFIX + "PS1"},
        "posts": [
            {"code": PREFIX + "BL1", "role": "BUILDING_LEADER"},
            {"code": PREFIX + "CH1", "role": "CENTRAL_HOUSEHOLD"},
        ],
    }

    handover = trail(gql, "Post", "BL1")[0]
    assert handover["entities"] == [PREFIX + "BL1", PREFIX + "BD1", PREFIX + "PS2", PREFIX + "PS1"]
    assert handover["before"] == {"holder": PREFIX + "PS1", "validFrom": "2026-10-01", "validTo": None}
    assert handover["after"] == {
        "holder": PREFIX + "PS2",
        "validFrom": "2026-10-15",
        "previous": {"holder": PREFIX + "PS1", "validTo": "2026-10-15", "endReason": "换届调整"},
    }
    assert [r["action"] for r in trail(gql, "Person", "PS1")] == ["appointToPost", "appointToPost"]


# ---------------------------------------------------------------- who may hold which post


def test_who_may_hold_which_post(gql, db, world) -> None:
    def no(post_name: str, person_name: str, code: str) -> None:
        refused(gql, db, "appointToPost", code, "personId", postId=post(post_name), personId=person(person_name),
                since="2026-10-10")  # fmt: skip

    # A secretary and a group leader are Party members (wherever they live).
    no("SEC", "PS2", "NOT_A_PARTY_MEMBER")
    no("GL", "PS5", "NOT_A_PARTY_MEMBER")
    appoint(gql, "SEC", "PS1", "2026-10-10")
    appoint(gql, "GL", "PS3", "2026-10-10")
    # A central household is a Party member living in the building.
    no("CH1", "PS5", "NOT_A_PARTY_MEMBER")
    no("CH1", "PS7", "LIVES_ELSEWHERE")
    no("CH1", "PS3", "LIVES_ELSEWHERE")
    appoint(gql, "CH1", "PS1", "2026-10-10")
    # A building leader lives in the building's compound (any building of it), or for an alley courtyard in its area.
    no("BL1", "PS3", "LIVES_ELSEWHERE")
    no("BL1", "PS4", "LIVES_ELSEWHERE")
    no("BL3", "PS1", "LIVES_ELSEWHERE")
    appoint(gql, "BL1", "PS5", "2026-10-10")
    appoint(gql, "BL3", "PS6", "2026-10-10")
    # A police officer is in service.
    no("PO", "PS1", "NOT_A_CADRE")
    appoint(gql, "PO", "PS4", "2026-10-10")

    data = read(
        gql,
        """query ($branch: ID!, $group: ID!, $building: ID!, $compound: ID!, $person: ID!) {
          branch: node(id: $branch) { ... on PartyOrganization { secretary { code } posts { code } } }
          group: node(id: $group) { ... on PartyOrganization { secretary { code } } }
          building: node(id: $building) { ... on Building { leader { code } centralHouseholds { code } } }
          compound: node(id: $compound) { ... on Compound {
            policeOfficers(asOf: "2026-10-10") { code } posts { code } } }
          person: node(id: $person) { ... on Person { posts(asOf: "2026-10-10") { role of { code } } } }
        }""",
        branch=gid("PartyOrganization", "PO1"),
        group=gid("PartyOrganization", "PO2"),
        building=gid("Building", "BD1"),
        compound=gid("Compound", "CP1"),
        person=person("PS1"),
    )
    assert data["branch"] == {"secretary": {"code": PREFIX + "PS1"}, "posts": [{"code": PREFIX + "SEC"}]}
    assert data["group"] == {"secretary": {"code": PREFIX + "PS3"}}
    assert data["building"] == {"leader": {"code": PREFIX + "PS5"}, "centralHouseholds": [{"code": PREFIX + "PS1"}]}
    assert data["compound"] == {"policeOfficers": [{"code": PREFIX + "PS4"}], "posts": [{"code": PREFIX + "PO"}]}
    # One person may hold several posts.
    assert sorted((p["role"], p["of"]["code"]) for p in data["person"]["posts"]) == [
        ("CENTRAL_HOUSEHOLD", PREFIX + "BD1"),
        ("SECRETARY", PREFIX + "PO1"),
    ]


def test_post_refusals_and_validation_errors_write_nothing(gql, db, world) -> None:
    def no(name: str, code: str, field: str, **input: Any) -> str:
        return refused(gql, db, name, code, field, **input)

    sec, ps1 = post("SEC"), person("PS1")
    no("appointToPost", "NOT_FOUND", "postId", postId=encode("Post", "TEST-PO-NONE"), personId=ps1)
    no("appointToPost", "NOT_FOUND", "personId", postId=sec, personId=encode("Person", "TEST-PO-NONE"))
    no("appointToPost", "INVALID_ID", "postId", postId=gid("Building", "BD1"), personId=ps1)
    no("appointToPost", "INVALID_ID", "personId", postId=sec, personId=sec)
    no("appointToPost", "INVALID_ID", "postId", postId="bm90IG91cnM=", personId=ps1)
    no("appointToPost", "STRING_TOO_LONG", "reason", postId=sec, personId=ps1, replace=True, reason="长" * 501)
    no("appointToPost", "INVALID", "idempotencyKey", postId=sec, personId=ps1, idempotencyKey="")
    no("vacatePost", "NOT_HELD", "postId", postId=sec)
    no("vacatePost", "NOT_FOUND", "postId", postId=encode("Post", "TEST-PO-NONE"))
    no("vacatePost", "INVALID_ID", "postId", postId=ps1)

    appoint(gql, "SEC", "PS1", "2026-10-10")
    assert "2026-10-10" in no("vacatePost", "DATE_ORDER", "until", postId=sec, until="2026-10-10")
    no("vacatePost", "DATE_ORDER", "until", postId=sec, until="2026-10-05")
    no("vacatePost", "STRING_TOO_LONG", "reason", postId=sec, until="2026-10-20", reason="x" * 501)
    ok(gql, "vacatePost", postId=sec, until="2026-10-20")
    # A new holding may not reach back into the last one.
    assert "2026-10-20" in no("appointToPost", "DATE_ORDER", "since", postId=sec, personId=person("PS3"),
                              since="2026-10-19")  # fmt: skip
    appoint(gql, "SEC", "PS3", "2026-10-20")
    assert holdings(db, "SEC") == [
        ("PS1", date(2026, 10, 10), date(2026, 10, 20), None),
        ("PS3", date(2026, 10, 20), None, None),
    ]


def test_text_is_stored_exactly_as_given(gql, db, world) -> None:
    reason = '  ") DETACH DELETE p RETURN 1 // 身体原因辞去职务\n\t$until {reason} \\ '
    appoint(gql, "SEC", "PS1", "2026-10-01")
    ok(gql, "vacatePost", postId=post("SEC"), until="2026-10-02", reason=reason)
    assert holdings(db, "SEC")[0][3] == reason
    data = read(gql, "query ($id: ID!) { node(id: $id) { ... on Post { holdings { endReason } } } }", id=post("SEC"))
    assert data["node"]["holdings"] == [{"endReason": reason}]


# ---------------------------------------------------------------- retries and concurrent appointments


def test_a_retried_appointment_or_vacancy_returns_the_first_result(gql, db, world) -> None:
    key = PREFIX + "appoint-sec"
    first = ok(gql, "appointToPost", postId=post("SEC"), personId=person("PS1"), since="2026-10-01", idempotencyKey=key)
    after_first = totals(db)
    again = ok(gql, "appointToPost", postId=post("SEC"), personId=person("PS1"), since="2026-10-01", idempotencyKey=key)
    assert again == first and totals(db) == after_first
    assert len(holdings(db, "SEC")) == 1 and len(trail(gql, "Post", "SEC")) == 1
    message = refused(gql, db, "appointToPost", "IDEMPOTENCY_KEY_REUSED", "idempotencyKey", postId=post("SEC"),
                      personId=person("PS3"), since="2026-10-01", idempotencyKey=key)  # fmt: skip
    assert "different request" in message

    # A vacancy retried after it was made answers as the first time, not NOT_HELD.
    key = PREFIX + "vacate-sec"
    first = ok(gql, "vacatePost", postId=post("SEC"), until="2026-10-05", idempotencyKey=key)
    after_first = totals(db)
    assert ok(gql, "vacatePost", postId=post("SEC"), until="2026-10-05", idempotencyKey=key) == first
    assert totals(db) == after_first
    assert [r["action"] for r in trail(gql, "Post", "SEC")] == ["vacatePost", "appointToPost"]


def test_of_many_appointed_to_one_post_at_once_exactly_one_holds_it(gql, db, world) -> None:
    candidates = [f"PS{n}" for n in range(10, 16)]
    barrier = threading.Barrier(len(candidates))
    payloads: dict[str, dict[str, Any]] = {}

    def run(name: str) -> None:
        barrier.wait()
        payloads[name] = mutate(gql, "appointToPost", postId=post("SEC"), personId=person(name), since="2026-10-10")

    threads = [threading.Thread(target=run, args=(name,)) for name in candidates]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [name for name, p in payloads.items() if not p["userErrors"]]
    assert len(winners) == 1
    for name, p in payloads.items():
        if name != winners[0]:
            assert [e["code"] for e in p["userErrors"]] == ["POST_FILLED"]
            assert PREFIX + winners[0] in p["userErrors"][0]["message"]
    assert holdings(db, "SEC") == [(winners[0], date(2026, 10, 10), None, None)]
    assert len(trail(gql, "Post", "SEC")) == 1


# ---------------------------------------------------------------- reading posts costs a bounded number of round trips


def test_posts_and_their_holders_cost_the_same_for_1_and_10_grids(execute, no_cost_limit) -> None:
    query = """query ($first: Int) { grids(first: $first) { nodes { compounds {
      posts { role holder { code } }
      buildings { leader { code }
        posts { code role vacant of { code } holder { code } holdings { since holder { code } } } }
    } } } }"""

    def round_trips(first: int) -> tuple[int, int]:
        with count_queries() as counter:
            result = execute(query, {"first": first})
        assert result.errors is None, result.errors
        posts = [
            p for g in result.data["grids"]["nodes"] for c in g["compounds"] for b in c["buildings"] for p in b["posts"]
        ]
        return counter.count, len(posts)

    one, posts_in_one = round_trips(1)
    ten, posts_in_ten = round_trips(10)
    assert posts_in_ten > posts_in_one > 0
    # The grids, their compounds, buildings and posts are one compiled query; the holders' loaders batch
    # per tick, and levels that resolve from the compiled rows may share a tick or not: bounded, not growing.
    assert one <= 12 and ten <= 12


# ---------------------------------------------------------------- the planted data set is untouched


def test_the_planted_vacancies_are_untouched(gql, ground_truth) -> None:
    data = read(
        gql,
        """query ($day: Date!) {
          vacantPosts(asOf: $day) { code }
          buildingsWithoutLeader(asOf: $day, first: 100) { nodes { code } }
        }""",
        day=REFERENCE_DATE.isoformat(),
    )
    assert len(data["vacantPosts"]) == ground_truth["figures"]["vacantPosts"]
    assert [b["code"] for b in data["buildingsWithoutLeader"]["nodes"]] == ground_truth["buildingsWithoutLeader"]
