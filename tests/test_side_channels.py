"""Special-group status never leaks to a role that may not see it (the analyst), by any side channel: a
filter that selects on it, the titles and categories of wishes, the audit trail's before and after, free
text carrying a phone or ID number, small counts. And the writes a subject may make are bounded: a
resident's wishes per day, anyone's changes per minute, idempotency keys that are the subject's own."""

from __future__ import annotations

import re
from typing import Any

import neo4j
import pytest
import worlds
from starlette.testclient import TestClient

from api.ids import encode
from graph.privacy import WITHHELD

PREFIX = "TEST-SC-"

WORLD = """
MATCH (b:Building {code: $building})
CREATE (h:Entity:Household {code: $p + 'HH1', address: '测试街1号楼1单元101室', size: 2})-[:PART_OF]->(b)
CREATE (:Entity:Person {code: $p + 'PS1', name: '测试居民', isPartyMember: false, specialGroups: ['ELDERLY_ALONE'],
                        phone: '13912345678', idNumber: '610522194001011234'})-[:RESIDES_IN]->(h)
"""

SUBMIT = """mutation ($h: ID!, $r: ID, $t: String!, $d: String, $c: WishCategory, $k: String) {
  submitWish(input: {householdId: $h, requesterId: $r, title: $t, description: $d, category: $c, idempotencyKey: $k}) {
    wish { code title } userErrors { code message field } } }"""


@pytest.fixture
def world(db: neo4j.Driver, ground_truth: dict[str, Any]):
    building = ground_truth["samples"]["fullChain"]["building"]
    with worlds.world_making(db, PREFIX, WORLD.replace("$building", f"'{building}'")) as made:
        yield {
            "household": encode("Household", PREFIX + "HH1"),
            "resident": encode("Person", PREFIX + "PS1"),
            "grid": ground_truth["samples"]["fullChain"]["grid"],
            "made": made,
        }


def _submit(gql, world, title: str, **as_: Any) -> dict[str, Any]:
    variables = {"h": world["household"], "r": world["resident"], "t": title}
    variables.update({k: as_.pop(k) for k in ("d", "c", "k") if k in as_})
    payload = gql(SUBMIT, variables, **as_)["data"]["submitWish"]
    if payload["wish"]:
        world["made"].append(payload["wish"]["code"])
    return payload


# ---------------------------------------------------------------- side channels


def test_a_filter_on_special_groups_is_refused_to_the_analyst(gql, ground_truth) -> None:
    # Before any pairing existed every household was uncovered: the filter alone would list every
    # household with a special-group resident.
    query = """query ($d: Date) { uncoveredHouseholds(specialGroupsOnly: true, asOf: $d, first: 5) {
      totalCount nodes { code } } }"""
    refused = gql(query, {"d": "2020-01-01"}, role="ANALYST")
    assert refused["data"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    allowed = gql(query, {"d": ground_truth["referenceDate"]})["data"]["uncoveredHouseholds"]
    assert allowed["totalCount"] == len(ground_truth["uncoveredSpecialGroupHouseholds"])


def test_wish_titles_descriptions_and_categories_are_withheld_from_the_analyst(gql) -> None:
    query = "{ wishes(first: 100) { nodes { title description category } } }"
    seen = gql(query, role="ANALYST")["data"]["wishes"]["nodes"]
    assert seen and all(w == {"title": WITHHELD, "description": WITHHELD, "category": None} for w in seen), seen[:3]
    county = gql(query)["data"]["wishes"]["nodes"]
    assert {w["category"] for w in county} >= {"ELDERLY_ALONE", "DISABLED", "POOR_STUDENT"}
    assert not {w["title"] for w in county} & {WITHHELD}
    records = "{ serviceRecords(first: 100) { nodes { kind description } } }"
    for record in gql(records, role="ANALYST")["data"]["serviceRecords"]["nodes"]:
        if record["kind"] == "MICRO_WISH":
            assert record["description"] == WITHHELD


def test_the_audit_trail_is_masked_field_by_field_for_the_analyst(gql, world) -> None:
    payload = _submit(gql, world, "轮椅一辆", d="联系电话13912345678", c="DISABLED")
    assert payload["userErrors"] == []
    query = "query ($e: ID!) { auditTrail(entity: $e) { nodes { action after } } }"
    [county] = gql(query, {"e": world["household"]})["data"]["auditTrail"]["nodes"]
    assert county["after"]["category"] == "DISABLED" and county["after"]["title"] == "轮椅一辆"
    [analyst] = gql(query, {"e": world["household"]}, role="ANALYST")["data"]["auditTrail"]["nodes"]
    after = analyst["after"]
    assert after.get("category") is None and after["title"] == WITHHELD
    assert "13912345678" not in str(analyst) and "DISABLED" not in str(analyst) and "轮椅" not in str(analyst)


def test_free_text_is_masked_for_phone_and_id_numbers(gql, world) -> None:
    payload = _submit(gql, world, "代办手续", d="请联系13912345678或身份证610522194001011234")
    wish = encode("Wish", payload["wish"]["code"])
    note = "老人电话13912345678，身份证610522194001011234"
    reject = (
        """mutation ($w: ID!, $r: String!) { rejectWish(input: {wishId: $w, reason: $r}) { userErrors { code } } }"""
    )
    assert gql(reject, {"w": wish, "r": note})["data"]["rejectWish"]["userErrors"] == []
    history = "query ($w: ID!) { node(id: $w) { ... on Wish { history { note } } } }"
    notes = [h["note"] for h in gql(history, {"w": wish}, role="ANALYST")["data"]["node"]["history"] if h["note"]]
    assert "老人电话139****5678，身份证610522********1234" in notes
    assert not any(re.search(r"\d{11}", n) for n in notes)


def test_small_special_group_counts_are_suppressed_for_the_analyst(gql, db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query(
        """MATCH (c:Compound)<-[:PART_OF]-(:Building)<-[:PART_OF]-(:Household)<-[:RESIDES_IN]-(p:Person)
           WHERE p.specialGroups > []
           WITH c, count(p) AS special WHERE 0 < special < 5
           RETURN c.code AS compound, special ORDER BY c.code LIMIT 1"""
    )
    compound, special = records[0]["compound"], records[0]["special"]
    query = "query ($s: ID) { coverage(scope: $s) { specialGroupResidents suppressed } }"
    county = gql(query, {"s": encode("Compound", compound)})["data"]["coverage"]
    assert county == {"specialGroupResidents": special, "suppressed": []}
    analyst = gql(query, {"s": encode("Compound", compound)}, role="ANALYST")["data"]["coverage"]
    assert analyst["specialGroupResidents"] == 0
    assert "specialGroupResidents" in analyst["suppressed"]


# ---------------------------------------------------------------- who may write what, and how much


def test_a_resident_orders_wishes_for_their_own_household_within_a_daily_quota(gql, world, client, token) -> None:
    me = {"role": "RESIDENT", "sub": PREFIX + "PS1"}
    # Someone else's household is out of reach, exactly as one that does not exist.
    other = gql(SUBMIT, {"h": encode("Household", "HH00001"), "r": world["resident"], "t": "x"}, **me)
    assert other["data"]["submitWish"]["userErrors"] == [
        {"code": "NOT_FOUND", "message": "no household with this id", "field": ["input", "householdId"]}
    ]
    for i in range(5):
        assert _submit(gql, world, f"心愿{i}", **me)["userErrors"] == []
    body = {"query": SUBMIT, "variables": {"h": world["household"], "r": world["resident"], "t": "第六个"}}
    answer = client.post("/graphql", json=body, headers={"Authorization": f"Bearer {token(**me)}"})
    payload = answer.json()["data"]["submitWish"]
    assert payload["wish"] is None and [e["code"] for e in payload["userErrors"]] == ["QUOTA_EXCEEDED"]
    assert int(answer.headers["retry-after"]) > 0


def test_staff_writes_are_bounded_per_minute(seeded, world, token) -> None:
    from server import create_app

    app = create_app(seeded.model_copy(update={"quota_writes_per_minute": 3}))
    headers = {"Authorization": f"Bearer {token('COUNTY', sub=PREFIX + 'STAFF')}"}
    with TestClient(app) as client:
        codes = []
        for i in range(4):
            variables = {"h": world["household"], "r": world["resident"], "t": f"登记{i}"}
            answer = client.post("/graphql", json={"query": SUBMIT, "variables": variables}, headers=headers)
            payload = answer.json()["data"]["submitWish"]
            if payload["wish"]:
                world["made"].append(payload["wish"]["code"])
            codes.append([e["code"] for e in payload["userErrors"]])
    assert codes == [[], [], [], ["QUOTA_EXCEEDED"]]
    assert answer.headers["retry-after"] == "60"


def test_idempotency_keys_are_the_subjects_own(gql, world) -> None:
    key = PREFIX + "key"
    first = _submit(gql, world, "同一个键", k=key, role="GRID", scope=world["grid"], sub="PS000001")
    again = _submit(gql, world, "同一个键", k=key, role="GRID", scope=world["grid"], sub="PS000001")
    assert first == again and first["userErrors"] == []
    # Another subject with the same key neither gets the first one's answer nor learns it was used.
    theirs = _submit(gql, world, "同一个键", k=key, role="GRID", scope=world["grid"], sub="PS000002")
    assert theirs["userErrors"] == [] and theirs["wish"]["code"] != first["wish"]["code"]
    probe = _submit(gql, world, "别的内容", k=key, role="GRID", scope=world["grid"], sub="PS000003")
    assert probe["userErrors"] == []


def test_a_member_claims_only_as_themselves(gql, db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query(
        """MATCH (w:Wish {status: 'ACCEPTED'})-[:FOR]->(h:Household)<-[r:PAIRED_WITH]-(p:Person)
           WHERE r.validTo IS NULL
           MATCH (h)<-[:RESIDES_IN]-(resident:Person)
           RETURN w.code AS wish, p.code AS member, min(resident.code) AS resident ORDER BY w.code LIMIT 1"""
    )
    assert records, "the data set plants accepted wishes of paired households"
    wish, member, resident = records[0]["wish"], records[0]["member"], records[0]["resident"]
    claim = """mutation ($w: ID!, $m: ID!) { claimWish(input: {wishId: $w, memberId: $m}) {
      wish { status } userErrors { code field } } }"""
    # The member sees the resident (their household is paired with them), but claims only as themselves.
    as_someone_else = gql(claim, {"w": encode("Wish", wish), "m": encode("Person", resident)}, role="MEMBER",
                          sub=member)["data"]["claimWish"]  # fmt: skip
    assert as_someone_else == {"wish": None, "userErrors": [{"code": "FORBIDDEN", "field": ["input", "memberId"]}]}
