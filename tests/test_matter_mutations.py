"""Deliberated matters (议事) over HTTP: raised at a deliberation platform, taken through 相关方议 → 党组织理 →
居民代表评 → 多方合作办 one step at a time, and settled with an outcome.

Most tests work on two small communities of their own (codes ``TEST-MM-…``, not attached to the county) made
by the ``world`` fixture; the matters the API raises there hang off them and are deleted afterwards with
their steps, audit records and idempotency keys. The one test that raises a matter beside the planted data
set (to see the county's figures move) hands its code to the fixture. The fixture checks that the graph's
totals are back where they began, and the last test that the planted figures are untouched.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import neo4j
import pytest
import worlds

from api.ids import encode
from schema.context import county_today

PREFIX = "TEST-MM-"

WORLD = """
CREATE (cm1:Entity:Community {code: $p + 'CM1', name: '测试社区一'})
CREATE (g1:Entity:Grid {code: $p + 'GR1', name: '测试网格一', number: 921})-[:PART_OF]->(cm1)
CREATE (g3:Entity:Grid {code: $p + 'GR3', name: '测试网格三', number: 923})-[:PART_OF]->(cm1)
CREATE (a1:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'COMPOUND'})-[:PART_OF]->(g1)
CREATE (a2:Entity:Area {code: $p + 'AR2', name: '测试巷道', kind: 'ALLEY'})-[:PART_OF]->(g1)
CREATE (c1:Entity:Compound {code: $p + 'CP1', name: '测试小区', kind: 'THREE_NO'})-[:PART_OF]->(a1)
CREATE (cm2:Entity:Community {code: $p + 'CM2', name: '测试社区二'})
CREATE (g2:Entity:Grid {code: $p + 'GR2', name: '测试网格二', number: 922})-[:PART_OF]->(cm2)
CREATE (a3:Entity:Area {code: $p + 'AR3', name: '别的片区', kind: 'COMPOUND'})-[:PART_OF]->(g2)
CREATE (:Entity:Compound {code: $p + 'CP2', name: '别的小区', kind: 'THREE_NO'})-[:PART_OF]->(a3)
// DP1 serves grid 1; DP2 serves the other community's grid; DP3 serves grid 3 (community 1) from 2026-10-01.
CREATE (:Entity:DeliberationPlatform {code: $p + 'DP1', name: '测试周二说事日', schedule: '每周二'})
       -[:SERVES {validFrom: date('2023-04-01'), validTo: null}]->(g1)
CREATE (:Entity:DeliberationPlatform {code: $p + 'DP2', name: '别的议事会', schedule: '每周六'})
       -[:SERVES {validFrom: date('2023-04-01'), validTo: null}]->(g2)
CREATE (:Entity:DeliberationPlatform {code: $p + 'DP3', name: '测试周末议事会', schedule: '每周日'})
       -[:SERVES {validFrom: date('2026-10-01'), validTo: null}]->(g3)
"""

PAYLOAD = """matter { code title kind step outcome raisedOn settledOn raisedAt { code } concerns { __typename code }
  steps { code step on note matter { code } } }
step { code step on note }
userErrors { field message code }"""

HOSTILE = '"}) DETACH DELETE n //'


def totals(db: neo4j.Driver) -> dict[str, Any]:
    return worlds.made_totals(db, PREFIX)


@pytest.fixture
def world(db: neo4j.Driver, seeded) -> Any:
    """The test communities; yields a list to which tests add the codes they create beside the planted data."""
    with worlds.world_making(db, PREFIX, WORLD) as made:
        yield made


def gid(kind: str, name: str) -> str:
    """The global id of a test entity, e.g. ``gid("Compound", "CP1")``."""
    return encode(kind, PREFIX + name)


def mutate(gql, mutation: str, **input: Any) -> dict[str, Any]:
    query = f"""mutation ($input: {mutation[0].upper() + mutation[1:]}Input!) {{
      {mutation}(input: $input) {{ {PAYLOAD} }}
    }}"""
    body = gql(query, {"input": input})
    assert "errors" not in body, body["errors"]
    return body["data"][mutation]


def ok(gql, mutation: str, **input: Any) -> dict[str, Any]:
    payload = mutate(gql, mutation, **input)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def refused(gql, db: neo4j.Driver, mutation: str, code: str, field: str, **input: Any) -> str:
    """Run a mutation that must be refused with ``code`` on ``field``, and check that nothing was written."""
    before = totals(db)
    payload = mutate(gql, mutation, **input)
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", field])], payload
    assert payload["matter"] is None and payload["step"] is None
    assert totals(db) == before, f"{mutation} was refused with {code} but wrote something"
    return payload["userErrors"][0]["message"]


def read(gql, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def trail(gql, global_id: str) -> list[dict[str, Any]]:
    """An entity's audit trail, newest first."""
    data = read(
        gql,
        """query ($id: ID!) { auditTrail(entity: $id, first: 50) {
             totalCount nodes { action actor entities before after requestId } } }""",
        id=global_id,
    )
    records = data["auditTrail"]["nodes"]
    assert data["auditTrail"]["totalCount"] == len(records)
    return records


def day(offset: int = 0) -> str:
    return (county_today() + timedelta(days=offset)).isoformat()


def matters(gql, scope: str | None = None) -> dict[str, dict[str, int]]:
    """Settled and open matters by kind, from the three-micro summary."""
    data = read(gql, "query ($scope: ID) { threeMicroSummary(scope: $scope) { matters { kind settled open } } }",
                scope=scope)  # fmt: skip
    return {m["kind"]: {"settled": m["settled"], "open": m["open"]} for m in data["threeMicroSummary"]["matters"]}


def raise_matter(gql, **more: Any) -> dict[str, Any]:
    """A GOVERNANCE matter about the test compound at the grid's platform, raised on 2026-10-01."""
    input = {
        "platformId": gid("DeliberationPlatform", "DP1"),
        "concernsId": gid("Compound", "CP1"),
        "title": "测试小区飞线充电整治",
        "kind": "GOVERNANCE",
        "raisedOn": "2026-10-01",
    } | more
    return ok(gql, "raiseMatter", **input)


def test_a_matter_goes_through_the_loop_and_is_settled(gql, db, world) -> None:
    grid = gid("Grid", "GR1")
    assert matters(gql, grid)["GOVERNANCE"] == {"settled": 0, "open": 0}

    raised = raise_matter(gql, note="居民反映楼道飞线充电")
    matter, first = raised["matter"], raised["step"]
    assert matter["code"].startswith("MT-") and first["code"].startswith("MX-")
    assert matter | {"code": None, "steps": None} == {
        "code": None,
        "title": "测试小区飞线充电整治",
        "kind": "GOVERNANCE",
        "step": "DELIBERATE",
        "outcome": None,
        "raisedOn": "2026-10-01",
        "settledOn": None,
        "raisedAt": {"code": PREFIX + "DP1"},
        "concerns": [{"__typename": "Compound", "code": PREFIX + "CP1"}],
        "steps": None,
    }
    assert matter["steps"] == [first | {"matter": {"code": matter["code"]}}]
    assert first | {"code": None} == {
        "code": None,
        "step": "DELIBERATE",
        "on": "2026-10-01",
        "note": "居民反映楼道飞线充电",
    }
    mid = encode("Matter", matter["code"])
    assert matters(gql, grid)["GOVERNANCE"] == {"settled": 0, "open": 1}
    listed = read(
        gql,
        """query ($scope: ID!, $platform: ID!, $compound: ID!) {
             matters(scope: $scope, step: DELIBERATE) { totalCount nodes { code } }
             platform: node(id: $platform) { ... on DeliberationPlatform { matters { totalCount nodes { code } } } }
             compound: node(id: $compound) { ... on Compound { matters { totalCount nodes { code } } } } }""",
        scope=grid,
        platform=gid("DeliberationPlatform", "DP1"),
        compound=gid("Compound", "CP1"),
    )
    one = {"totalCount": 1, "nodes": [{"code": matter["code"]}]}
    assert listed["matters"] == listed["platform"]["matters"] == listed["compound"]["matters"] == one

    for step, on, note in (
        ("SORT_OUT", "2026-10-05", "网格党支部研究方案"),
        ("EVALUATE", "2026-10-09", "居民代表评议通过"),
        ("CARRY_OUT", "2026-10-12", "供电公司安装充电桩"),
    ):
        advanced = ok(gql, "advanceMatter", matterId=mid, step=step, on=on, note=note)
        assert advanced["matter"]["step"] == step
        assert advanced["step"] | {"code": None} == {"code": None, "step": step, "on": on, "note": note}
    settled = ok(gql, "settleMatter", matterId=mid, outcome="飞线全部拆除，集中充电", on="2026-10-20")
    assert settled["step"] is None
    done = settled["matter"]
    assert (done["step"], done["outcome"], done["settledOn"]) == ("DONE", "飞线全部拆除，集中充电", "2026-10-20")
    assert [(s["step"], s["on"]) for s in done["steps"]] == [
        ("DELIBERATE", "2026-10-01"),
        ("SORT_OUT", "2026-10-05"),
        ("EVALUATE", "2026-10-09"),
        ("CARRY_OUT", "2026-10-12"),
    ]
    assert matters(gql, grid)["GOVERNANCE"] == {"settled": 1, "open": 0}

    records = trail(gql, mid)
    assert [r["action"] for r in records] == ["settleMatter"] + ["advanceMatter"] * 3 + ["raiseMatter"]
    settle, carry, *_, raise_ = records
    assert raise_["entities"] == [matter["code"], PREFIX + "CP1", PREFIX + "DP1", first["code"]]
    assert raise_["before"] == {}
    assert raise_["after"] == {
        "title": "测试小区飞线充电整治",
        "kind": "GOVERNANCE",
        "step": "DELIBERATE",
        "raisedOn": "2026-10-01",
        "dueOn": "2026-10-31",  # 30 days after (graph.rules.MATTER_DUE_DAYS), no due day being given
        "note": "居民反映楼道飞线充电",
        "raisedAt": PREFIX + "DP1",
        "concerns": PREFIX + "CP1",
    }
    assert carry["before"] == {"step": "EVALUATE"}
    assert carry["after"] == {"step": "CARRY_OUT", "on": "2026-10-12", "note": "供电公司安装充电桩"}
    assert settle["before"] == {"step": "CARRY_OUT", "outcome": None, "settledOn": None}
    assert settle["after"] == {"step": "DONE", "outcome": "飞线全部拆除，集中充电", "settledOn": "2026-10-20"}
    assert settle["entities"] == [matter["code"], PREFIX + "CP1", PREFIX + "DP1"]
    assert [r["action"] for r in trail(gql, encode("MatterStep", first["code"]))] == ["raiseMatter"]
    assert len(trail(gql, gid("Compound", "CP1"))) == len(records)


def test_skipping_or_going_back_is_refused_naming_the_current_step(gql, db, world) -> None:
    mid = encode("Matter", raise_matter(gql)["matter"]["code"])
    advance, settle = "advanceMatter", "settleMatter"
    message = refused(gql, db, advance, "ILLEGAL_TRANSITION", "step", matterId=mid, step="EVALUATE", on="2026-10-02")
    assert "DELIBERATE" in message and "SORT_OUT" in message
    refused(gql, db, advance, "ILLEGAL_TRANSITION", "step", matterId=mid, step="DELIBERATE", on="2026-10-02")
    refused(gql, db, advance, "ILLEGAL_TRANSITION", "step", matterId=mid, step="DONE", on="2026-10-02")
    message = refused(
        gql, db, settle, "ILLEGAL_TRANSITION", "matterId", matterId=mid, outcome="已解决", on="2026-10-02"
    )
    assert "DELIBERATE" in message

    ok(gql, advance, matterId=mid, step="SORT_OUT", on="2026-10-02")
    message = refused(gql, db, advance, "ILLEGAL_TRANSITION", "step", matterId=mid, step="DELIBERATE", on="2026-10-03")
    assert "SORT_OUT" in message and "EVALUATE" in message
    refused(gql, db, advance, "ILLEGAL_TRANSITION", "step", matterId=mid, step="CARRY_OUT", on="2026-10-03")
    ok(gql, advance, matterId=mid, step="EVALUATE", on="2026-10-03")
    ok(gql, advance, matterId=mid, step="CARRY_OUT", on="2026-10-04")
    message = refused(gql, db, advance, "ILLEGAL_TRANSITION", "step", matterId=mid, step="DONE", on="2026-10-05")
    assert "CARRY_OUT" in message and "settleMatter" in message
    ok(gql, settle, matterId=mid, outcome="已解决", on="2026-10-05")
    message = refused(gql, db, advance, "ILLEGAL_TRANSITION", "step", matterId=mid, step="CARRY_OUT", on="2026-10-06")
    assert "DONE" in message
    refused(gql, db, settle, "ILLEGAL_TRANSITION", "matterId", matterId=mid, outcome="再办结一次", on="2026-10-06")
    refused(gql, db, advance, "NOT_FOUND", "matterId", matterId=encode("Matter", "MT-NOPE"), step="SORT_OUT")
    refused(gql, db, advance, "INVALID_ID", "matterId", matterId=gid("Compound", "CP1"), step="SORT_OUT")


def test_each_step_is_dated_on_or_after_the_previous_one(gql, db, world) -> None:
    mid = encode("Matter", raise_matter(gql, raisedOn="2026-10-10")["matter"]["code"])
    message = refused(gql, db, "advanceMatter", "DATE_ORDER", "on", matterId=mid, step="SORT_OUT", on="2026-10-09")
    assert "2026-10-10" in message
    refused(gql, db, "advanceMatter", "DATE_IN_FUTURE", "on", matterId=mid, step="SORT_OUT", on=day(1))
    ok(gql, "advanceMatter", matterId=mid, step="SORT_OUT", on="2026-10-10")
    ok(gql, "advanceMatter", matterId=mid, step="EVALUATE", on="2026-10-15")
    ok(gql, "advanceMatter", matterId=mid, step="CARRY_OUT", on="2026-10-16")
    refused(gql, db, "settleMatter", "DATE_ORDER", "on", matterId=mid, outcome="已办结", on="2026-10-15")
    refused(gql, db, "settleMatter", "DATE_IN_FUTURE", "on", matterId=mid, outcome="已办结", on=day(1))
    # The day defaults to the county's today.
    assert ok(gql, "settleMatter", matterId=mid, outcome="已办结")["matter"]["settledOn"] == day()


def test_a_matter_is_due_on_the_day_given_or_a_month_after_it_is_raised(gql, db, world) -> None:
    query = """query ($id: ID!, $asOf: Date) { node(id: $id) { ... on Matter { dueOn overdue(asOf: $asOf)
        dueSoon(asOf: $asOf) } } }"""
    given = encode("Matter", raise_matter(gql, dueOn="2026-10-08")["matter"]["code"])
    assert read(gql, query, id=given, asOf="2026-10-05")["node"] == {"dueOn": "2026-10-08", "overdue": False,
                                                                      "dueSoon": True}  # fmt: skip
    assert read(gql, query, id=given, asOf="2026-10-09")["node"]["overdue"] is True
    default = encode("Matter", raise_matter(gql, raisedOn="2026-10-02")["matter"]["code"])
    assert read(gql, query, id=default, asOf="2026-10-09")["node"] == {"dueOn": "2026-11-01", "overdue": False,
                                                                        "dueSoon": False}  # fmt: skip
    message = refused(gql, db, "raiseMatter", "DATE_ORDER", "dueOn", platformId=gid("DeliberationPlatform", "DP1"),
                      concernsId=gid("Compound", "CP1"), title="测试", kind="DISPUTE", raisedOn="2026-10-05",
                      dueOn="2026-10-04")  # fmt: skip
    assert "2026-10-05" in message


def test_matter_input_errors_write_nothing(gql, db, world) -> None:
    valid = {"platformId": gid("DeliberationPlatform", "DP1"), "concernsId": gid("Compound", "CP1"),
             "title": "测试事项", "kind": "DISPUTE", "raisedOn": "2026-10-01"}  # fmt: skip
    raise_ = "raiseMatter"
    refused(gql, db, raise_, "STRING_TOO_SHORT", "title", **valid | {"title": ""})
    refused(gql, db, raise_, "BLANK", "title", **valid | {"title": "　 "})
    refused(gql, db, raise_, "STRING_TOO_LONG", "title", **valid | {"title": "议" * 201})
    refused(gql, db, raise_, "STRING_TOO_LONG", "note", **valid | {"note": "议" * 501})
    refused(gql, db, raise_, "DATE_IN_FUTURE", "raisedOn", **valid | {"raisedOn": day(1)})
    refused(gql, db, raise_, "INVALID_ID", "platformId", **valid | {"platformId": gid("Compound", "CP1")})
    refused(gql, db, raise_, "INVALID_ID", "concernsId", **valid | {"concernsId": gid("Grid", "GR1")})
    refused(gql, db, raise_, "NOT_FOUND", "platformId",
            **valid | {"platformId": encode("DeliberationPlatform", "DP-NOPE")})  # fmt: skip
    refused(gql, db, raise_, "NOT_FOUND", "concernsId", **valid | {"concernsId": encode("Area", "AR-NOPE")})
    refused(gql, db, raise_, "PLATFORM_ELSEWHERE", "platformId",
            **valid | {"platformId": gid("DeliberationPlatform", "DP2")})  # fmt: skip
    # DP3 serves the community from 2026-10-01 on: not before.
    refused(gql, db, raise_, "PLATFORM_ELSEWHERE", "platformId",
            **valid | {"platformId": gid("DeliberationPlatform", "DP3"), "raisedOn": "2026-09-30"})  # fmt: skip
    assert raise_matter(gql, platformId=gid("DeliberationPlatform", "DP3"), concernsId=gid("Area", "AR2"))["matter"][
        "concerns"
    ] == [{"__typename": "Area", "code": PREFIX + "AR2"}]

    before = totals(db)
    body = gql(
        "mutation ($input: RaiseMatterInput!) { raiseMatter(input: $input) { matter { code } } }",
        {"input": valid | {"kind": "NOISE"}},
    )
    assert body["data"] is None and body["errors"]
    assert totals(db) == before

    mid = encode("Matter", raise_matter(gql)["matter"]["code"])
    refused(gql, db, "advanceMatter", "STRING_TOO_LONG", "note", matterId=mid, step="SORT_OUT", note="x" * 501)
    for step in ("SORT_OUT", "EVALUATE", "CARRY_OUT"):
        ok(gql, "advanceMatter", matterId=mid, step=step, on="2026-10-02")
    refused(gql, db, "settleMatter", "BLANK", "outcome", matterId=mid, outcome="\n")
    refused(gql, db, "settleMatter", "STRING_TOO_LONG", "outcome", matterId=mid, outcome="x" * 2001)


def test_retries_with_the_same_key_write_once(gql, db, world) -> None:
    key = PREFIX + "raise"
    first = raise_matter(gql, idempotencyKey=key)
    after_first = totals(db)
    assert raise_matter(gql, idempotencyKey=key) == first
    assert totals(db) == after_first
    message = refused(gql, db, "raiseMatter", "IDEMPOTENCY_KEY_REUSED", "idempotencyKey",
                      platformId=gid("DeliberationPlatform", "DP1"), concernsId=gid("Compound", "CP1"),
                      title="另一件事", kind="GOVERNANCE", raisedOn="2026-10-01", idempotencyKey=key)  # fmt: skip
    assert "different request" in message

    # A step retried after a lost answer returns the first answer, not ILLEGAL_TRANSITION.
    mid = encode("Matter", first["matter"]["code"])
    advance = {"matterId": mid, "step": "SORT_OUT", "on": "2026-10-03", "idempotencyKey": PREFIX + "advance"}
    step = ok(gql, "advanceMatter", **advance)
    after_step = totals(db)
    assert ok(gql, "advanceMatter", **advance) == step
    assert totals(db) == after_step
    assert [r["action"] for r in trail(gql, mid)] == ["advanceMatter", "raiseMatter"]


def test_text_is_stored_exactly_as_given(gql, db, world) -> None:
    raised = raise_matter(gql, title=HOSTILE, note=f"{HOSTILE}\n第二行 $note \\")
    assert raised["matter"]["title"] == HOSTILE and raised["step"]["note"] == f"{HOSTILE}\n第二行 $note \\"
    records, _, _ = db.execute_query(
        "MATCH (m:Matter {code: $code})<-[:OF]-(s:MatterStep) RETURN m.title AS title, s.note AS note",
        code=raised["matter"]["code"],
    )
    assert dict(records[0]) == {"title": HOSTILE, "note": f"{HOSTILE}\n第二行 $note \\"}
    assert trail(gql, encode("Matter", raised["matter"]["code"]))[0]["after"]["title"] == HOSTILE


def test_many_clients_advancing_at_once_record_one_step(gql, db, world) -> None:
    mid = encode("Matter", raise_matter(gql)["matter"]["code"])
    clients = 6
    barrier = threading.Barrier(clients)
    payloads: list[dict[str, Any]] = []

    def advance() -> None:
        barrier.wait()
        payloads.append(mutate(gql, "advanceMatter", matterId=mid, step="SORT_OUT", on="2026-10-02"))

    threads = [threading.Thread(target=advance) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(tuple(e["code"] for e in p["userErrors"]) for p in payloads)
    assert codes == [()] + [("ILLEGAL_TRANSITION",)] * (clients - 1)
    steps = read(gql, "query ($id: ID!) { node(id: $id) { ... on Matter { steps { step } } } }", id=mid)
    assert steps["node"]["steps"] == [{"step": "DELIBERATE"}, {"step": "SORT_OUT"}]


def test_the_county_s_open_matters_move(gql, db, world, ground_truth) -> None:
    planted = ground_truth["figures"]
    # A compound and a platform serving its grid now.
    records, _, _ = db.execute_query(
        """MATCH (c:Compound)-[:PART_OF*2]->(:Grid)<-[s:SERVES]-(d:DeliberationPlatform) WHERE s.validTo IS NULL
           RETURN d.code AS platform, c.code AS compound ORDER BY c.code, d.code LIMIT 1"""
    )
    found = records[0]
    assert matters(gql)["DISPUTE"] == {
        "settled": planted["settledMattersByKind"]["DISPUTE"],
        "open": planted["openMattersByKind"]["DISPUTE"],
    }
    raised = ok(gql, "raiseMatter", platformId=encode("DeliberationPlatform", found["platform"]),
                concernsId=encode("Compound", found["compound"]), title="邻里漏水纠纷", kind="DISPUTE")  # fmt: skip
    world.append(raised["matter"]["code"])
    assert matters(gql)["DISPUTE"]["open"] == planted["openMattersByKind"]["DISPUTE"] + 1


def test_the_planted_figures_are_untouched(gql, db, ground_truth) -> None:
    figures = ground_truth["figures"]
    by_kind = matters(gql)
    assert {kind: m["settled"] for kind, m in by_kind.items()} == figures["settledMattersByKind"]
    assert {kind: m["open"] for kind, m in by_kind.items()} == figures["openMattersByKind"]
    total = read(gql, "{ matters { totalCount } }")["matters"]["totalCount"]
    assert total == sum(figures["settledMattersByKind"].values()) + sum(figures["openMattersByKind"].values())
    records, _, _ = db.execute_query(
        """CALL () { MATCH (n:Entity) WHERE n.code STARTS WITH $p RETURN count(n) AS entities }
           CALL () { MATCH (k:IdempotencyKey) WHERE k.clientKey STARTS WITH $p RETURN count(k) AS keys }
           RETURN entities, keys""",
        p=PREFIX,
    )
    assert dict(records[0]) == {"entities": 0, "keys": 0}
