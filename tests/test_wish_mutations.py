"""The micro-wish loop over HTTP: 群众点单 → 组织建单 → 党员接单 → fulfilled, with a service record → rated.

The tests order their own wishes for the planted sample household (ground truth ``samples.fullChain``: its
building leader, paired member and the organizations answering for it are planted on purpose) and leave
the planted wishes alone. The ``loop`` fixture deletes what a test created (its wishes, their events and
service records, the audit records concerning them, its idempotency keys) and checks that the graph's
totals and every planted wish are back as they were.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import httpx2
import neo4j
import pytest

from api.ids import encode
from graph import wishes as wish_rules
from graph.driver import count_queries
from schema.context import county_today
from tests.servers import in_thread

PREFIX = "TEST-WISH-"
"""Every idempotency key the tests use starts with this."""

STATUSES = ("SUBMITTED", "ACCEPTED", "CLAIMED", "FULFILLED", "REJECTED", "CANCELLED")

TOTALS = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (a:AuditRecord) RETURN count(a) AS audits }
CALL () { MATCH (k:IdempotencyKey) RETURN count(k) AS keys }
CALL () {
  MATCH (w:Wish)
  WITH w ORDER BY w.code
  RETURN collect([w.code, w.status, w.version, w.rating, w.expectedBy, COUNT { (w)--() }]) AS wishes
}
RETURN nodes, relationships, audits, keys, wishes
"""

CLEAN_UP = """
MATCH (w:Wish) WHERE NOT w.code IN $planted
OPTIONAL MATCH (w)<-[:OF|FULFILS]-(x)
OPTIONAL MATCH (w)<-[:CONCERNS]-(a:AuditRecord)
WITH collect(DISTINCT w) + collect(DISTINCT x) + collect(DISTINCT a) AS created
UNWIND created AS n
DETACH DELETE n
"""

PAYLOAD = "wish { code status version }"

WISH = """query ($id: ID!) { node(id: $id) { ... on Wish {
  code title description status version submittedAt expectedBy rating ratedAt
  household { code } requester { code } submittedBy { code } acceptedBy { code } claimedBy { code }
  serviceRecord { code kind servedOn description by { code } for { code } }
  history { status at note by { __typename code } }
} } }"""

COUNTS = "{ " + " ".join(f"{s}: wishes(status: {s}, first: 1) {{ totalCount }}" for s in STATUSES) + " }"


def totals(db: neo4j.Driver) -> dict[str, Any]:
    """Everything a change could write: node, relationship, audit and key counts, and every wish's state."""
    records, _, _ = db.execute_query(TOTALS)
    return dict(records[0])


def cypher(db: neo4j.Driver, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(query, **params)
    return [dict(r) for r in records]


@pytest.fixture
def loop(db: neo4j.Driver, seeded) -> Any:
    before = totals(db)
    planted = [w[0] for w in before["wishes"]]
    try:
        yield
    finally:
        db.execute_query(CLEAN_UP, planted=planted)
        db.execute_query("MATCH (k:IdempotencyKey) WHERE k.clientKey STARTS WITH $p DELETE k", p=PREFIX)
    assert totals(db) == before, "the test's wishes, audit records or keys were not all removed"


@pytest.fixture(scope="module")
def chain(db: neo4j.Driver, ground_truth: dict[str, Any]) -> dict[str, Any]:
    """The planted sample household and the people and organizations around it, by code."""
    sample = ground_truth["samples"]["fullChain"]
    found = cypher(
        db,
        """
        MATCH (h:Household {code: $household})
        RETURN COLLECT { MATCH (p:Person)-[:RESIDES_IN]->(h) RETURN p.code ORDER BY p.code } AS residents,
               // Someone with no tie to the household: not a Party member, living in another grid.
               COLLECT { MATCH (p:Person {isPartyMember: false})-[:RESIDES_IN]->(:Household)-[:PART_OF*1..5]->(g:Grid)
                         WHERE g.code <> $grid RETURN p.code ORDER BY p.code LIMIT 1 }[0] AS outsider,
               COLLECT { MATCH (o:PartyOrganization {kind: 'GRID_BRANCH'})-[:ANSWERS_FOR]->(g:Grid)
                         WHERE g.code <> $grid RETURN o.code ORDER BY o.code LIMIT 1 }[0] AS otherGridBranch,
               COLLECT { MATCH (o:PartyOrganization {kind: 'STREET_WORKING_COMMITTEE'}) RETURN o.code }[0] AS street,
               // Party members reported in to the household's grid (报到): the members racing for an order.
               COLLECT { MATCH (p:Person {isPartyMember: true})-[r:REPORTED_TO]->(:Grid {code: $grid})
                         WHERE r.validTo IS NULL RETURN p.code ORDER BY p.code LIMIT 10 } AS members
        """,
        household=sample["household"],
        grid=sample["grid"],
    )[0]
    assert found["residents"] and found["outsider"] and found["otherGridBranch"] and found["street"]
    assert len(found["members"]) == 10
    return {**sample, **found, "requester": found["residents"][0]}


def gid(kind: str, code: str) -> str:
    return encode(kind, code)


def mutate(gql, name: str, **input: Any) -> dict[str, Any]:
    query = f"""mutation ($input: {name[0].upper() + name[1:]}Input!) {{
      {name}(input: $input) {{ {PAYLOAD} userErrors {{ field message code }} }}
    }}"""
    body = gql(query, {"input": input})
    assert "errors" not in body, body["errors"]
    return body["data"][name]


def ok(gql, name: str, **input: Any) -> dict[str, Any]:
    payload = mutate(gql, name, **input)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload["wish"]


def refused(gql, db: neo4j.Driver, name: str, code: str, field: str, **input: Any) -> str:
    """Run a mutation that must be refused with ``code`` on ``field``, and check that nothing was written."""
    before = totals(db)
    payload = mutate(gql, name, **input)
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", field])], payload
    assert payload["wish"] is None
    assert totals(db) == before, f"{name} was refused with {code} but wrote something"
    return payload["userErrors"][0]["message"]


def read(gql, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def wish(gql, code: str) -> dict[str, Any]:
    return read(gql, WISH, id=gid("Wish", code))["node"]


def counts(gql) -> dict[str, int]:
    return {status: page["totalCount"] for status, page in read(gql, COUNTS).items()}


def trail(gql, kind: str, code: str) -> list[dict[str, Any]]:
    """An entity's audit trail, newest first."""
    data = read(
        gql,
        """query ($id: ID!) { auditTrail(entity: $id, first: 50) {
             totalCount nodes { action actor entities before after requestId at } } }""",
        id=gid(kind, code),
    )
    assert data["auditTrail"]["totalCount"] == len(data["auditTrail"]["nodes"])
    return data["auditTrail"]["nodes"]


def submit(gql, chain: dict[str, Any], title: str = "代购降压药", **extra: Any) -> str:
    """A wish ordered by the sample household's first resident; its code."""
    input = {"householdId": gid("Household", chain["household"]), "requesterId": gid("Person", chain["requester"])}
    return ok(gql, "submitWish", **input, title=title, **extra)["code"]


def accept(gql, chain: dict[str, Any], code: str) -> dict[str, Any]:
    return ok(gql, "acceptWish", wishId=gid("Wish", code), organizationId=gid("PartyOrganization", chain["gridBranch"]))


def claim(gql, chain: dict[str, Any], code: str) -> dict[str, Any]:
    member = chain["pairedMembers"][0]
    return ok(gql, "claimWish", wishId=gid("Wish", code), memberId=gid("Person", member))


def wish_in(gql, chain: dict[str, Any], status: str) -> str:
    """A new wish brought to ``status`` through the API."""
    code = submit(gql, chain, title=f"测试心愿 {status}")
    if status in ("ACCEPTED", "CLAIMED", "FULFILLED"):
        accept(gql, chain, code)
    if status in ("CLAIMED", "FULFILLED"):
        claim(gql, chain, code)
    if status == "FULFILLED":
        ok(gql, "fulfilWish", wishId=gid("Wish", code))
    if status == "REJECTED":
        ok(gql, "rejectWish", wishId=gid("Wish", code), reason="不属于微心愿范围")
    if status == "CANCELLED":
        ok(gql, "cancelWish", wishId=gid("Wish", code), reason="家人已解决")
    return code


# ---------------------------------------------------------------- the whole loop


def test_the_whole_loop_submit_accept_claim_fulfil_rate(gql, db, loop, chain, ground_truth) -> None:
    planted = ground_truth["figures"]["wishesByStatus"]
    assert counts(gql) == planted
    leader, member, branch = chain["buildingLeader"], chain["pairedMembers"][0], chain["gridBranch"]
    today = county_today()

    # 群众点单: the building leader enters it on the resident's behalf (入户登记).
    submitted = ok(gql, "submitWish", householdId=gid("Household", chain["household"]),
                   requesterId=gid("Person", chain["requester"]), submittedById=gid("Person", leader),
                   title="冬季电热毯一条", description="独居老人，冬季取暖困难。",
                   category="ELDERLY_ALONE")  # fmt: skip
    code = submitted["code"]
    assert submitted == {"code": code, "status": "SUBMITTED", "version": 1}
    assert counts(gql) == {**planted, "SUBMITTED": planted["SUBMITTED"] + 1}
    stored = cypher(db, "MATCH (w:Wish {code: $code}) RETURN w.category AS category", code=code)
    assert stored == [{"category": "ELDERLY_ALONE"}]

    # 组织建单: the grid branch answering for the household's grid makes it an order.
    expected_by = (today + timedelta(days=14)).isoformat()
    accepted = ok(gql, "acceptWish", wishId=gid("Wish", code), organizationId=gid("PartyOrganization", branch),
                  expectedBy=expected_by, note="网格党支部审核建单")  # fmt: skip
    assert accepted == {"code": code, "status": "ACCEPTED", "version": 2}
    assert counts(gql) == {**planted, "ACCEPTED": planted["ACCEPTED"] + 1}

    # 党员接单, then done.
    assert claim(gql, chain, code) == {"code": code, "status": "CLAIMED", "version": 3}
    assert counts(gql) == {**planted, "CLAIMED": planted["CLAIMED"] + 1}
    fulfilled = ok(gql, "fulfilWish", wishId=gid("Wish", code), note="已送到老人家中")
    assert fulfilled == {"code": code, "status": "FULFILLED", "version": 4}
    assert counts(gql) == {**planted, "FULFILLED": planted["FULFILLED"] + 1}

    # The resident's rating: not a step, so no event and the same version.
    assert ok(gql, "rateWish", wishId=gid("Wish", code), rating=5) == fulfilled

    done = wish(gql, code)
    assert (done["title"], done["description"], done["status"], done["version"]) == (
        "冬季电热毯一条", "独居老人，冬季取暖困难。", "FULFILLED", 4
    )  # fmt: skip
    assert (done["expectedBy"], done["rating"]) == (expected_by, 5) and done["ratedAt"] is not None
    assert done["household"] == {"code": chain["household"]}
    assert done["requester"] == {"code": chain["requester"]} and done["submittedBy"] == {"code": leader}
    assert done["acceptedBy"] == {"code": branch} and done["claimedBy"] == {"code": member}

    history = done["history"]
    assert [(e["status"], e["by"], e["note"]) for e in history] == [
        ("SUBMITTED", {"__typename": "Person", "code": leader}, None),
        ("ACCEPTED", {"__typename": "PartyOrganization", "code": branch}, "网格党支部审核建单"),
        ("CLAIMED", {"__typename": "Person", "code": member}, None),
        ("FULFILLED", {"__typename": "Person", "code": member}, "已送到老人家中"),
    ]
    assert history[0]["at"] == done["submittedAt"]
    assert [e["at"] for e in history] == sorted(e["at"] for e in history)
    assert len({e["at"] for e in history}) == 4

    # The service it took (微服务): by the member who claimed it, for the household, today.
    record = done["serviceRecord"]
    assert record["kind"] == "MICRO_WISH" and record["servedOn"] == today.isoformat()
    assert record["description"] == "冬季电热毯一条"
    assert record["by"] == {"code": member} and record["for"] == {"code": chain["household"]}
    listed = read(gql, "{ serviceRecords(kind: MICRO_WISH, first: 5) { totalCount nodes { code } } }")
    assert listed["serviceRecords"] == {"totalCount": 1, "nodes": [{"code": record["code"]}]}

    # Every change left its audit record, newest first, each naming the wish first.
    records = trail(gql, "Wish", code)
    assert [r["action"] for r in records] == ["rateWish", "fulfilWish", "claimWish", "acceptWish", "submitWish"]
    rate, fulfil, claimed, accepted_record, submit_record = records
    assert all(r["entities"][0] == code for r in records)
    assert len({r["requestId"] for r in records}) == 5
    assert all(r["actor"] == "COUNTY@CT01" for r in records)
    assert submit_record["entities"] == [code, chain["household"], chain["requester"], leader]
    assert submit_record["before"] == {}
    assert submit_record["after"]["status"] == "SUBMITTED" and submit_record["after"]["title"] == "冬季电热毯一条"
    assert accepted_record["entities"] == [code, branch, chain["household"]]
    assert accepted_record["before"] == {"status": "SUBMITTED", "version": 1, "expectedBy": None}
    assert accepted_record["after"]["acceptedBy"] == branch and accepted_record["after"]["expectedBy"] == expected_by
    assert claimed["before"] == {"status": "ACCEPTED", "version": 2}
    assert claimed["after"]["claimedBy"] == member and claimed["after"]["version"] == 3
    assert fulfil["entities"] == [code, record["code"], member, chain["household"]]
    assert fulfil["after"]["serviceRecord"] == {"code": record["code"], "kind": "MICRO_WISH",
                                                "servedOn": today.isoformat()}  # fmt: skip
    assert (rate["before"], rate["after"]) == ({"rating": None}, {"rating": 5})
    assert [r["action"] for r in trail(gql, "ServiceRecord", record["code"])] == ["fulfilWish"]
    # The event codes the audit records name are the history's.
    events = cypher(db, "MATCH (e:WishEvent)-[:OF]->(:Wish {code: $code}) RETURN e.code AS code ORDER BY e.at",
                    code=code)  # fmt: skip
    audited = [submit_record, accepted_record, claimed, fulfil]
    assert [e["code"] for e in events] == [r["after"]["event"] for r in audited]


def test_a_resident_may_order_for_themselves_and_a_grid_worker_for_them(gql, db, loop, chain) -> None:
    own = submit(gql, chain, title="配一副老花镜")
    mine = wish(gql, own)
    assert mine["requester"] == {"code": chain["requester"]} and mine["submittedBy"] is None
    assert mine["history"][0]["by"] == {"__typename": "Person", "code": chain["requester"]}
    stored = cypher(db, "MATCH (w:Wish {code: $code}) RETURN w.category AS category", code=own)
    assert stored == [{"category": "OTHER"}]

    # A grid worker alone: the compound branch's secretary, naming no resident.
    secretary = chain["compoundBranchSecretary"]
    entered = ok(gql, "submitWish", householdId=gid("Household", chain["household"]),
                 submittedById=gid("Person", secretary), title="每月上门理发")["code"]  # fmt: skip
    theirs = wish(gql, entered)
    assert theirs["requester"] is None and theirs["submittedBy"] == {"code": secretary}
    assert theirs["history"][0]["by"] == {"__typename": "Person", "code": secretary}

    # The paired cadre (联户) is a grid worker for the household too.
    paired = ok(gql, "submitWish", householdId=gid("Household", chain["household"]),
                requesterId=gid("Person", chain["requester"]), submittedById=gid("Person", chain["pairedMembers"][0]),
                title="更换老化电线和灯具")  # fmt: skip
    assert paired["status"] == "SUBMITTED"


def test_the_organizations_answering_for_the_household_accept_others_are_refused(gql, db, loop, chain) -> None:
    for organization in (chain["compoundBranch"], chain["areaGroup"], chain["communityCommittee"]):
        code = submit(gql, chain)
        ok(gql, "acceptWish", wishId=gid("Wish", code), organizationId=gid("PartyOrganization", organization))
        assert wish(gql, code)["acceptedBy"] == {"code": organization}

    code = submit(gql, chain)
    for elsewhere in (chain["otherGridBranch"], chain["street"]):
        message = refused(gql, db, "acceptWish", "NOT_RESPONSIBLE", "organizationId", wishId=gid("Wish", code),
                          organizationId=gid("PartyOrganization", elsewhere))  # fmt: skip
        assert "does not answer for" in message
        # Nor may it reject the wish in the household's name.
        refused(gql, db, "rejectWish", "NOT_RESPONSIBLE", "organizationId", wishId=gid("Wish", code),
                reason="不属于本网格", organizationId=gid("PartyOrganization", elsewhere))  # fmt: skip
    assert wish(gql, code)["status"] == "SUBMITTED"


def test_reject_and_cancel_close_a_wish_with_their_reason(gql, db, loop, chain) -> None:
    branch = chain["gridBranch"]
    rejected = submit(gql, chain)
    ok(gql, "rejectWish", wishId=gid("Wish", rejected), organizationId=gid("PartyOrganization", branch),
       reason="不属于微心愿范围，已转民政部门办理")  # fmt: skip
    last = wish(gql, rejected)["history"][-1]
    assert (last["status"], last["by"], last["note"]) == (
        "REJECTED", {"__typename": "PartyOrganization", "code": branch}, "不属于微心愿范围，已转民政部门办理"
    )  # fmt: skip

    # Rejected without naming the organization: the event has no author (the audit record has the caller).
    anonymous = submit(gql, chain)
    ok(gql, "rejectWish", wishId=gid("Wish", anonymous), reason="重复登记")
    assert wish(gql, anonymous)["history"][-1]["by"] is None

    # Cancelled by the resident after a member claimed it: the claim stays in the history.
    cancelled = wish_in(gql, chain, "CLAIMED")
    payload = ok(gql, "cancelWish", wishId=gid("Wish", cancelled), reason="心愿已由家人解决")
    assert payload == {"code": cancelled, "status": "CANCELLED", "version": 4}
    gone = wish(gql, cancelled)
    assert [e["status"] for e in gone["history"]] == ["SUBMITTED", "ACCEPTED", "CLAIMED", "CANCELLED"]
    assert gone["history"][-1]["by"] == {"__typename": "Person", "code": chain["requester"]}
    assert gone["history"][-1]["note"] == "心愿已由家人解决"
    assert gone["claimedBy"] == {"code": chain["pairedMembers"][0]} and gone["serviceRecord"] is None
    record = trail(gql, "Wish", cancelled)[0]
    assert record["before"] == {"status": "CLAIMED", "version": 3}
    assert record["after"] == {"status": "CANCELLED", "version": 4, "event": record["after"]["event"],
                               "reason": "心愿已由家人解决"}  # fmt: skip
    assert record["entities"] == [cancelled, chain["household"], chain["requester"]]


# ---------------------------------------------------------------- illegal transitions


LEGAL = {
    ("SUBMITTED", "acceptWish"), ("SUBMITTED", "rejectWish"), ("SUBMITTED", "cancelWish"),
    ("ACCEPTED", "claimWish"), ("ACCEPTED", "cancelWish"),
    ("CLAIMED", "fulfilWish"), ("CLAIMED", "cancelWish"),
}  # fmt: skip
"""The steps a wish may take (the loop as the case describes it); every other one is refused."""


def test_the_transition_table_is_the_documented_one_and_the_loop_the_case_describes() -> None:
    doc = wish_rules.__doc__.splitlines()
    start = next(i for i, line in enumerate(doc) if line.strip().startswith("status \\ step"))
    steps = doc[start].split()[3:]
    documented: dict[str, dict[str, str]] = {step: {} for step in steps}
    for line in doc[start + 1 : start + 1 + len(STATUSES)]:
        status, *cells = line.split()
        for step, cell in zip(steps, cells, strict=False):
            if cell in STATUSES:
                documented[step][status] = cell
    assert documented == wish_rules.TRANSITIONS
    legal = {(status, step + "Wish") for step, moves in wish_rules.TRANSITIONS.items() for status in moves}
    assert legal == LEGAL


def test_every_illegal_transition_is_refused_naming_the_status(gql, db, loop, chain) -> None:
    wishes = {status: wish_in(gql, chain, status) for status in STATUSES}
    assert {status: wish(gql, code)["status"] for status, code in wishes.items()} == {s: s for s in STATUSES}
    steps = {
        "acceptWish": {"organizationId": gid("PartyOrganization", chain["gridBranch"])},
        "rejectWish": {"reason": "不属于微心愿范围"},
        "claimWish": {"memberId": gid("Person", chain["members"][0])},
        "fulfilWish": {},
        "cancelWish": {"reason": "不需要了"},
    }
    refusals = 0
    for status, code in wishes.items():
        for step, input in steps.items():
            if (status, step) in LEGAL:
                continue
            if (status, step) == ("CLAIMED", "claimWish"):
                refused(gql, db, step, "ALREADY_CLAIMED", "wishId", wishId=gid("Wish", code), **input)
            else:
                message = refused(gql, db, step, "ILLEGAL_TRANSITION", "wishId", wishId=gid("Wish", code), **input)
                assert f"is {status}" in message, message
            refusals += 1
        if status != "FULFILLED":
            message = refused(gql, db, "rateWish", "ILLEGAL_TRANSITION", "wishId", wishId=gid("Wish", code), rating=4)
            assert f"is {status}" in message and "FULFILLED" in message
            refusals += 1
    assert refusals == 6 * 5 - len(LEGAL) + 5

    # Rated once only.
    ok(gql, "rateWish", wishId=gid("Wish", wishes["FULFILLED"]), rating=4)
    message = refused(gql, db, "rateWish", "ALREADY_RATED", "wishId", wishId=gid("Wish", wishes["FULFILLED"]),
                      rating=5)  # fmt: skip
    assert "4" in message
    assert wish(gql, wishes["FULFILLED"])["rating"] == 4


# ---------------------------------------------------------------- validation: nothing written


def test_every_validation_error_names_its_field_and_writes_nothing(gql, db, loop, chain) -> None:
    household, requester = gid("Household", chain["household"]), gid("Person", chain["requester"])
    outsider = gid("Person", chain["outsider"])
    nobody = gid("Person", "PS-NOBODY")
    submit_ = {"householdId": household, "requesterId": requester, "title": "代购降压药"}

    def submit_refused(code: str, field: str, **changes: Any) -> str:
        return refused(gql, db, "submitWish", code, field, **{**submit_, **changes})

    assert submit_refused("BLANK", "title", title="  \n ") == "must not be blank"
    submit_refused("BLANK", "title", title="")
    assert "100" in submit_refused("STRING_TOO_LONG", "title", title="心" * 101)
    submit_refused("STRING_TOO_LONG", "description", description="x" * 1001)
    submit_refused("NOT_FOUND", "householdId", householdId=gid("Household", "HH-NONE"))
    submit_refused("INVALID_ID", "householdId", householdId=requester)
    submit_refused("INVALID_ID", "requesterId", requesterId="not-an-id")
    submit_refused("NOT_FOUND", "requesterId", requesterId=nobody)
    submit_refused("LIVES_ELSEWHERE", "requesterId", requesterId=outsider)
    submit_refused("REQUIRED", "requesterId", requesterId=None)
    submit_refused("NOT_FOUND", "submittedById", submittedById=nobody)
    submit_refused("NOT_A_GRID_WORKER", "submittedById", submittedById=outsider)
    submit_refused("INVALID", "idempotencyKey", idempotencyKey="k" * 101)
    # Every bad field at once, each named.
    before = totals(db)
    payload = mutate(gql, "submitWish", **{**submit_, "title": " ", "description": "x" * 1001})
    assert sorted((e["code"], e["field"][1]) for e in payload["userErrors"]) == [
        ("BLANK", "title"), ("STRING_TOO_LONG", "description")
    ]  # fmt: skip
    assert totals(db) == before

    code = submit(gql, chain)
    wish_id, branch = gid("Wish", code), gid("PartyOrganization", chain["gridBranch"])
    yesterday = (county_today() - timedelta(days=1)).isoformat()
    message = refused(gql, db, "acceptWish", "DATE_ORDER", "expectedBy", wishId=wish_id, organizationId=branch,
                      expectedBy=yesterday)  # fmt: skip
    assert county_today().isoformat() in message
    refused(gql, db, "acceptWish", "STRING_TOO_LONG", "note", wishId=wish_id, organizationId=branch, note="n" * 501)
    refused(gql, db, "acceptWish", "NOT_FOUND", "organizationId", wishId=wish_id,
            organizationId=gid("PartyOrganization", "PO-NONE"))  # fmt: skip
    refused(gql, db, "acceptWish", "INVALID_ID", "organizationId", wishId=wish_id, organizationId=requester)
    refused(gql, db, "acceptWish", "NOT_FOUND", "wishId", wishId=gid("Wish", "WS-NONE"), organizationId=branch)
    refused(gql, db, "acceptWish", "INVALID_ID", "wishId", wishId=household, organizationId=branch)
    refused(gql, db, "rejectWish", "BLANK", "reason", wishId=wish_id, reason=" ")
    refused(gql, db, "rejectWish", "STRING_TOO_LONG", "reason", wishId=wish_id, reason="r" * 501)
    refused(gql, db, "cancelWish", "BLANK", "reason", wishId=wish_id, reason="")

    accept(gql, chain, code)
    refused(gql, db, "claimWish", "NOT_A_PARTY_MEMBER", "memberId", wishId=wish_id, memberId=outsider)
    refused(gql, db, "claimWish", "NOT_FOUND", "memberId", wishId=wish_id, memberId=nobody)
    refused(gql, db, "claimWish", "INVALID_ID", "memberId", wishId=wish_id, memberId=branch)
    claim(gql, chain, code)
    refused(gql, db, "fulfilWish", "STRING_TOO_LONG", "note", wishId=wish_id, note="n" * 501)
    ok(gql, "fulfilWish", wishId=wish_id, kind="COMPANIONSHIP")
    assert wish(gql, code)["serviceRecord"]["kind"] == "COMPANIONSHIP"
    refused(gql, db, "rateWish", "GREATER_THAN_EQUAL", "rating", wishId=wish_id, rating=0)
    refused(gql, db, "rateWish", "LESS_THAN_EQUAL", "rating", wishId=wish_id, rating=6)
    assert wish(gql, code)["rating"] is None


def test_text_is_stored_exactly_as_given(gql, db, loop, chain) -> None:
    title = "  '}) MATCH (n) DETACH DELETE n // 心愿\n"
    description = '"quoted" $param \\ 换灯泡；\t'
    reason = "  $status = 'FULFILLED' // 住户 "
    code = submit(gql, chain, title=title, description=description)
    ok(gql, "rejectWish", wishId=gid("Wish", code), reason=reason)
    stored = cypher(
        db,
        "MATCH (e:WishEvent {status: 'REJECTED'})-[:OF]->(w:Wish {code: $code}) "
        "RETURN w.title AS title, w.description AS description, w.status AS status, e.note AS note",
        code=code,
    )
    assert stored == [{"title": title, "description": description, "status": "REJECTED", "note": reason}]
    assert trail(gql, "Wish", code)[1]["after"]["title"] == title


# ---------------------------------------------------------------- idempotent retries


def test_a_retried_submit_makes_one_wish(gql, db, loop, chain, ground_truth) -> None:
    key = PREFIX + "submit"
    first = ok(gql, "submitWish", householdId=gid("Household", chain["household"]),
               requesterId=gid("Person", chain["requester"]), title="代购降压药", idempotencyKey=key)  # fmt: skip
    after_first = totals(db)
    again = ok(gql, "submitWish", householdId=gid("Household", chain["household"]),
               requesterId=gid("Person", chain["requester"]), title="代购降压药", idempotencyKey=key)  # fmt: skip
    assert again == first
    assert totals(db) == after_first
    planted = ground_truth["figures"]["wishesByStatus"]
    assert counts(gql)["SUBMITTED"] == planted["SUBMITTED"] + 1
    assert [r["action"] for r in trail(gql, "Wish", first["code"])] == ["submitWish"]

    # The same key with other input is refused, and writes nothing.
    message = refused(gql, db, "submitWish", "IDEMPOTENCY_KEY_REUSED", "idempotencyKey",
                      householdId=gid("Household", chain["household"]), requesterId=gid("Person", chain["requester"]),
                      title="配一副老花镜", idempotencyKey=key)  # fmt: skip
    assert "different request" in message


def test_a_retried_claim_returns_the_first_result_not_already_claimed(gql, db, loop, chain) -> None:
    code = wish_in(gql, chain, "ACCEPTED")
    input = {"wishId": gid("Wish", code), "memberId": gid("Person", chain["members"][0])}
    first = ok(gql, "claimWish", **input, idempotencyKey=PREFIX + "claim")
    after_first = totals(db)
    assert ok(gql, "claimWish", **input, idempotencyKey=PREFIX + "claim") == first
    assert totals(db) == after_first
    # Without the key, the same claim again is a second claim.
    refused(gql, db, "claimWish", "ALREADY_CLAIMED", "wishId", **input)


# ---------------------------------------------------------------- many members claiming one order at once


@pytest.fixture(scope="module")
def server(seeded) -> Any:
    """The app served by a real uvicorn on a free port, in a thread: its URL."""
    from server import create_app

    with in_thread(create_app(seeded), ws="none") as running:
        yield f"{running.url}/graphql"


def test_of_many_members_claiming_one_order_at_once_exactly_one_wins(gql, db, loop, chain, server, token) -> None:
    code = wish_in(gql, chain, "ACCEPTED")
    members = chain["members"]
    barrier = threading.Barrier(len(members))
    payloads: dict[str, dict[str, Any]] = {}
    spans: list[tuple[float, float]] = []
    query = """mutation ($input: ClaimWishInput!) {
      claimWish(input: $input) { wish { code status claimedBy { code } } userErrors { field message code } }
    }"""

    bearer = token("COUNTY")

    def claim_as(member: str) -> None:
        # Each member is a client of their own, over a real socket.
        with httpx2.Client(timeout=60) as client:
            barrier.wait()
            started = time.monotonic()
            response = client.post(
                server, json={"query": query, "variables": {"input": {"wishId": gid("Wish", code),
                                                                      "memberId": gid("Person", member)}}},
                headers={"Authorization": f"Bearer {bearer}"},
            )  # fmt: skip
            spans.append((started, time.monotonic()))
        assert response.status_code == 200, response.text
        payloads[member] = response.json()["data"]["claimWish"]

    threads = [threading.Thread(target=claim_as, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(payloads) == len(members) == 10
    winners = [member for member, p in payloads.items() if not p["userErrors"]]
    assert len(winners) == 1
    winner = winners[0]
    assert payloads[winner]["wish"] == {"code": code, "status": "CLAIMED", "claimedBy": {"code": winner}}
    for member, p in payloads.items():
        if member == winner:
            continue
        assert p["wish"] is None
        assert [(e["code"], e["field"]) for e in p["userErrors"]] == [("ALREADY_CLAIMED", ["input", "wishId"])]
        # The losers learn that the order is taken, not who took it.
        assert not any(person in p["userErrors"][0]["message"] for person in members)
    # The requests were in flight together: the last started before the first finished.
    assert max(start for start, _ in spans) < min(end for _, end in spans)

    found = cypher(
        db,
        """MATCH (w:Wish {code: $code})
           RETURN w.status AS status, w.version AS version,
                  COLLECT { MATCH (w)-[:CLAIMED_BY]->(p) RETURN p.code } AS claimers,
                  COLLECT { MATCH (w)<-[:OF]-(e:WishEvent {status: 'CLAIMED'})-[:BY]->(p) RETURN p.code } AS claims""",
        code=code,
    )
    assert found == [{"status": "CLAIMED", "version": 3, "claimers": [winner], "claims": [winner]}]
    assert [r["action"] for r in trail(gql, "Wish", code)] == ["claimWish", "acceptWish", "submitWish"]


# ---------------------------------------------------------------- reading the loop: bounded round trips


def test_wishes_with_their_parties_history_and_service_record_cost_the_same_for_1_and_20(
    gql, loop, chain, execute
) -> None:
    wish_in(gql, chain, "FULFILLED")
    query = """query ($first: Int) { wishes(first: $first) { nodes {
      code version household { code } requester { code } acceptedBy { code } claimedBy { code }
      serviceRecord { code by { code } for { code } } history { status by { code } }
    } } }"""

    def round_trips(first: int) -> tuple[int, int]:
        with count_queries() as counter:
            result = execute(query, {"first": first})
        assert result.errors is None, result.errors
        nodes = result.data["wishes"]["nodes"]
        return counter.count, sum(1 for w in nodes if w["serviceRecord"])

    one, records_in_one = round_trips(1)
    twenty, records_in_twenty = round_trips(20)
    # API-made codes (WS-…) sort before the seeded ones, so the fulfilled wish is on both pages.
    assert records_in_one == records_in_twenty == 1
    assert one == twenty <= 8


# ---------------------------------------------------------------- the planted data set is untouched


def test_the_planted_wish_figures_are_untouched(gql, ground_truth) -> None:
    assert counts(gql) == ground_truth["figures"]["wishesByStatus"]
    listed = read(gql, "{ serviceRecords(first: 1) { totalCount } }")
    assert listed["serviceRecords"]["totalCount"] == ground_truth["figures"]["serviceRecords"]
    sample = ground_truth["samples"]["wishByStatus"]
    for status, code in sample.items():
        assert wish(gql, code)["status"] == status
