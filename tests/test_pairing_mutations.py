"""Pairing changes over HTTP: 联户, 包楼栋, 包片, volunteer teams serving compounds, and reporting in (报到).

Every test works on a small territory of its own (codes ``TEST-PM-…``, not attached to the county) made
by the ``world`` fixture and deleted afterwards with its audit records and idempotency keys, so the
planted data set is left as it was; the fixture checks that the graph's totals are back where they began.
"""

from __future__ import annotations

import re
import threading
from datetime import date
from typing import Any

import neo4j
import pytest
import worlds

from api.ids import encode
from graph import catalog
from graph.pairings import PAIRS, Pair
from schema.context import county_today
from seeds import REFERENCE_DATE

PREFIX = "TEST-PM-"

WORLD = """
CREATE (g1:Entity:Grid {code: $p + 'GR1', name: '测试网格一', number: 901})
CREATE (g2:Entity:Grid {code: $p + 'GR2', name: '测试网格二', number: 902})
CREATE (a:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'COMPOUND'})-[:PART_OF]->(g1)
CREATE (c:Entity:Compound {code: $p + 'CP1', name: '测试小区', kind: 'THREE_NO', builtYear: 1990})-[:PART_OF]->(a)
CREATE (b:Entity:Building {code: $p + 'BD1', name: '测试1号楼', floors: 5})-[:PART_OF]->(c)
CREATE (h1:Entity:Household {code: $p + 'HH1', address: '测试小区1号楼101', size: 1})-[:PART_OF]->(b)
CREATE (h2:Entity:Household {code: $p + 'HH2', address: '测试小区1号楼102', size: 2})-[:PART_OF]->(b)
CREATE (h3:Entity:Household {code: $p + 'HH3', address: '测试小区1号楼201', size: 3})-[:PART_OF]->(b)
CREATE (u:Entity:Unit {code: $p + 'UN1', name: '测试单位', kind: 'AGENCY'})
CREATE (:Entity:VolunteerTeam {code: $p + 'VT1', name: '测试志愿服务队', focus: '环境卫生'})
// A cadre (in-service Party member), a resident who is not a Party member, a resident Party member.
CREATE (:Entity:Person {code: $p + 'PS1', name: '测试干部', isPartyMember: true, specialGroups: []})-[:WORKS_AT]->(u)
CREATE (:Entity:Person {code: $p + 'PS2', name: '测试老人', isPartyMember: false,
                        specialGroups: ['ELDERLY_ALONE']})-[:RESIDES_IN]->(h1)
CREATE (:Entity:Person {code: $p + 'PS3', name: '测试党员', isPartyMember: true, specialGroups: []})-[:RESIDES_IN]->(h2)
"""


PAYLOADS = {
    "pairMemberWithHousehold": "member { code } household { code }",
    "endPairing": "member { code } household { code }",
    "pairMemberWithBuilding": "member { code } building { code }",
    "endBuildingPairing": "member { code } building { code }",
    "pairUnitWithArea": "unit { code } area { code }",
    "endUnitPairing": "unit { code } area { code }",
    "attachTeamToCompound": "team { code } compound { code }",
    "detachTeamFromCompound": "team { code } compound { code }",
    "reportToGrid": "member { code } grid { code }",
    "endGridReport": "member { code } grid { code }",
}


def totals(db: neo4j.Driver) -> dict[str, Any]:
    return worlds.totals(db, PREFIX)


def cypher(db: neo4j.Driver, query: str, **params: Any) -> list[dict[str, Any]]:
    records, _, _ = db.execute_query(query, p=PREFIX, **params)
    return [dict(r) for r in records]


@pytest.fixture
def world(db: neo4j.Driver, seeded) -> Any:
    with worlds.world(db, PREFIX, WORLD):
        yield


def gid(kind: str, name: str) -> str:
    """The global id of a test entity, e.g. ``gid("Person", "PS1")``."""
    return encode(kind, PREFIX + name)


def mutate(gql, name: str, **input: Any) -> dict[str, Any]:
    query = f"""mutation ($input: {name[0].upper() + name[1:]}Input!) {{
      {name}(input: $input) {{ {PAYLOADS[name]} userErrors {{ field message code }} }}
    }}"""
    body = gql(query, {"input": input})
    assert "errors" not in body, body["errors"]
    return body["data"][name]


def ok(gql, name: str, **input: Any) -> dict[str, Any]:
    payload = mutate(gql, name, **input)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def refused(gql, db: neo4j.Driver, name: str, code: str, field: str, **input: Any) -> str:
    """Run a mutation that must be refused with ``code`` on ``field``, and check that nothing was written."""
    before = totals(db)
    payload = mutate(gql, name, **input)
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", field])], payload
    assert all(value is None for key, value in payload.items() if key != "userErrors")
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
        """query ($id: ID!) { auditTrail(entity: $id, first: 50) {
             totalCount nodes { action actor entities before after requestId at } } }""",
        id=gid(kind, name),
    )
    records = data["auditTrail"]["nodes"]
    assert data["auditTrail"]["totalCount"] == len(records)
    return records


COVERAGE = """query ($scope: ID!, $day: Date!) {
  coverage(scope: $scope, asOf: $day) {
    households coveredHouseholds uncoveredSpecialGroupResidents buildings gridsWithUnit cadres pairedCadres
    volunteerTeams
  }
  uncoveredHouseholds(scope: $scope, asOf: $day, first: 10) { nodes { code } }
}"""


def coverage(gql, day: str, grid: str = "GR1") -> tuple[dict[str, int], list[str]]:
    data = read(gql, COVERAGE, scope=gid("Grid", grid), day=day)
    return data["coverage"], [h["code"] for h in data["uncoveredHouseholds"]["nodes"]]


def links(db: neo4j.Driver, kind: str, source: str, target: str) -> list[dict[str, Any]]:
    """Every relationship of a type between two test entities, oldest first, with its properties."""
    rows = cypher(
        db,
        f"MATCH (:Entity {{code: $p + $s}})-[r:{kind}]->(:Entity {{code: $p + $t}}) "
        "RETURN r.validFrom AS validFrom, r.validTo AS validTo, r.endReason AS endReason ORDER BY r.validFrom",
        s=source,
        t=target,
    )
    return [{k: v.to_native() if hasattr(v, "to_native") else v for k, v in row.items()} for row in rows]


# ---------------------------------------------------------------- 联户: a member with a household


def test_pairing_a_household_moves_coverage_and_the_day_before_keeps_the_old_state(gql, db, world) -> None:
    empty, uncovered = coverage(gql, "2026-10-09")
    assert (empty["households"], empty["coveredHouseholds"], empty["uncoveredSpecialGroupResidents"]) == (3, 0, 1)
    assert uncovered == [PREFIX + "HH1", PREFIX + "HH2", PREFIX + "HH3"]

    payload = ok(gql, "pairMemberWithHousehold", memberId=gid("Person", "PS1"), householdId=gid("Household", "HH1"),
                 since="2026-10-10")  # fmt: skip
    assert payload["member"] == {"code": PREFIX + "PS1"} and payload["household"] == {"code": PREFIX + "HH1"}

    paired, uncovered = coverage(gql, "2026-10-10")
    assert (paired["coveredHouseholds"], paired["uncoveredSpecialGroupResidents"], paired["pairedCadres"]) == (1, 0, 1)
    assert uncovered == [PREFIX + "HH2", PREFIX + "HH3"]
    day_before, uncovered = coverage(gql, "2026-10-09")
    assert (day_before["coveredHouseholds"], day_before["pairedCadres"]) == (0, 0)
    assert PREFIX + "HH1" in uncovered

    members = """query ($id: ID!) { node(id: $id) { ... on Household {
      before: pairedMembers(asOf: "2026-10-09") { code } after: pairedMembers(asOf: "2026-10-10") { code } } } }"""
    household = read(gql, members, id=gid("Household", "HH1"))["node"]
    assert household == {"before": [], "after": [{"code": PREFIX + "PS1"}]}

    ok(gql, "endPairing", memberId=gid("Person", "PS1"), householdId=gid("Household", "HH1"), until="2026-10-20",
       reason="住户长期外出务工")  # fmt: skip
    ended, uncovered = coverage(gql, "2026-10-20")
    assert ended["coveredHouseholds"] == 0 and PREFIX + "HH1" in uncovered
    assert coverage(gql, "2026-10-19")[0]["coveredHouseholds"] == 1
    # The record stays, ended.
    assert links(db, "PAIRED_WITH", "PS1", "HH1") == [
        {"validFrom": date(2026, 10, 10), "validTo": date(2026, 10, 20), "endReason": "住户长期外出务工"}
    ]

    records = trail(gql, "Household", "HH1")
    assert [r["action"] for r in records] == ["endPairing", "pairMemberWithHousehold"]
    end, start = records
    assert end["entities"] == start["entities"] == [PREFIX + "HH1", PREFIX + "PS1"]
    assert start["before"] == {} and start["after"] == {"validFrom": "2026-10-10"}
    assert end["before"] == {"validFrom": "2026-10-10", "validTo": None}
    assert end["after"] == {"validFrom": "2026-10-10", "validTo": "2026-10-20", "endReason": "住户长期外出务工"}
    assert end["actor"] == "COUNTY@CT01" and end["requestId"] != start["requestId"]
    assert [r["action"] for r in trail(gql, "Person", "PS1")] == ["endPairing", "pairMemberWithHousehold"]


def test_a_re_pairing_is_a_new_record_beside_the_ended_one(gql, db, world) -> None:
    member, household = gid("Person", "PS3"), gid("Household", "HH2")
    ok(gql, "pairMemberWithHousehold", memberId=member, householdId=household, since="2026-10-01")
    ok(gql, "endPairing", memberId=member, householdId=household, until="2026-10-15")
    message = refused(gql, db, "pairMemberWithHousehold", "DATE_ORDER", "since", memberId=member,
                      householdId=household, since="2026-10-14")  # fmt: skip
    assert "2026-10-15" in message
    ok(gql, "pairMemberWithHousehold", memberId=member, householdId=household, since="2026-10-15")
    assert links(db, "PAIRED_WITH", "PS3", "HH2") == [
        {"validFrom": date(2026, 10, 1), "validTo": date(2026, 10, 15), "endReason": None},
        {"validFrom": date(2026, 10, 15), "validTo": None, "endReason": None},
    ]


def test_household_pairing_refusals_write_nothing(gql, db, world) -> None:
    member, household = gid("Person", "PS1"), gid("Household", "HH1")
    pair = "pairMemberWithHousehold"
    refused(gql, db, pair, "NOT_FOUND", "memberId", memberId=encode("Person", "TEST-PM-NOBODY"), householdId=household)
    refused(gql, db, pair, "NOT_FOUND", "householdId", memberId=member, householdId=encode("Household", "TEST-PM-NONE"))
    refused(gql, db, pair, "INVALID_ID", "memberId", memberId=household, householdId=household)
    refused(gql, db, pair, "INVALID_ID", "householdId", memberId=member, householdId="not-an-id")
    refused(gql, db, pair, "NOT_A_PARTY_MEMBER", "memberId", memberId=gid("Person", "PS2"), householdId=household)
    refused(gql, db, pair, "INVALID", "idempotencyKey", memberId=member, householdId=household,
            idempotencyKey="k" * 101)  # fmt: skip
    refused(gql, db, "endPairing", "NOT_PAIRED", "householdId", memberId=member, householdId=household)

    ok(gql, pair, memberId=member, householdId=household, since="2026-10-10")
    message = refused(gql, db, pair, "ALREADY_PAIRED", "householdId", memberId=member, householdId=household)
    assert "2026-10-10" in message
    refused(gql, db, "endPairing", "DATE_ORDER", "until", memberId=member, householdId=household, until="2026-10-10")
    refused(gql, db, "endPairing", "STRING_TOO_LONG", "reason", memberId=member, householdId=household,
            reason="长" * 501)  # fmt: skip


def test_since_and_until_default_to_the_county_s_today(gql, db, world) -> None:
    ok(gql, "pairMemberWithHousehold", memberId=gid("Person", "PS1"), householdId=gid("Household", "HH3"),
       since="2026-01-01")  # fmt: skip
    ok(gql, "endPairing", memberId=gid("Person", "PS1"), householdId=gid("Household", "HH3"))
    ok(gql, "pairMemberWithHousehold", memberId=gid("Person", "PS3"), householdId=gid("Household", "HH3"))
    today = county_today()
    assert links(db, "PAIRED_WITH", "PS1", "HH3")[0]["validTo"] == today
    assert links(db, "PAIRED_WITH", "PS3", "HH3")[0]["validFrom"] == today


def test_text_is_stored_exactly_as_given(gql, db, world) -> None:
    member, household = gid("Person", "PS1"), gid("Household", "HH2")
    reason = '  \'}) MATCH (n) DETACH DELETE n // 住户\n搬走了；"quoted" $param \\ '
    ok(gql, "pairMemberWithHousehold", memberId=member, householdId=household, since="2026-10-01")
    ok(gql, "endPairing", memberId=member, householdId=household, until="2026-10-02", reason=reason)
    assert links(db, "PAIRED_WITH", "PS1", "HH2")[0]["endReason"] == reason
    assert trail(gql, "Household", "HH2")[0]["after"]["endReason"] == reason


def test_many_clients_pairing_at_once_make_exactly_one_pairing(gql, db, world) -> None:
    clients = 8
    barrier = threading.Barrier(clients)
    payloads: list[dict[str, Any]] = []

    def pair() -> None:
        barrier.wait()
        payloads.append(
            mutate(gql, "pairMemberWithHousehold", memberId=gid("Person", "PS1"), householdId=gid("Household", "HH3"))
        )

    threads = [threading.Thread(target=pair) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    codes = sorted(tuple(e["code"] for e in p["userErrors"]) for p in payloads)
    assert codes == [()] + [("ALREADY_PAIRED",)] * (clients - 1)
    assert len(links(db, "PAIRED_WITH", "PS1", "HH3")) == 1
    assert len(trail(gql, "Household", "HH3")) == 1


# ---------------------------------------------------------------- idempotent retries, for every kind of start


STARTS = [
    ("pairMemberWithHousehold", {"memberId": ("Person", "PS1"), "householdId": ("Household", "HH1")}, "PAIRED_WITH",
     ("PS1", "HH1"), "Household", "HH1"),
    ("pairMemberWithBuilding", {"memberId": ("Person", "PS1"), "buildingId": ("Building", "BD1")}, "PAIRED_WITH",
     ("PS1", "BD1"), "Building", "BD1"),
    ("pairUnitWithArea", {"unitId": ("Unit", "UN1"), "areaId": ("Area", "AR1")}, "PAIRED_WITH", ("UN1", "AR1"),
     "Area", "AR1"),
    ("attachTeamToCompound", {"teamId": ("VolunteerTeam", "VT1"), "compoundId": ("Compound", "CP1")}, "SERVES",
     ("VT1", "CP1"), "Compound", "CP1"),
    ("reportToGrid", {"memberId": ("Person", "PS1"), "gridId": ("Grid", "GR1")}, "REPORTED_TO", ("PS1", "GR1"),
     "Grid", "GR1"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "ids", "link", "ends", "kind", "main"), STARTS, ids=[s[0] for s in STARTS])
def test_a_retry_with_the_same_key_returns_the_first_result_and_writes_nothing_more(
    gql, db, world, name, ids, link, ends, kind, main
) -> None:
    input = {field: gid(*entity) for field, entity in ids.items()}
    first = ok(gql, name, **input, since="2026-10-05", idempotencyKey=PREFIX + name)
    after_first = totals(db)
    again = ok(gql, name, **input, since="2026-10-05", idempotencyKey=PREFIX + name)
    assert again == first
    assert totals(db) == after_first
    assert len(links(db, link, *ends)) == 1
    records = trail(gql, kind, main)
    assert [r["action"] for r in records] == [name]
    assert records[0]["after"]["validFrom"] == "2026-10-05"

    # The same key with other input is refused, and writes nothing.
    message = refused(gql, db, name, "IDEMPOTENCY_KEY_REUSED", "idempotencyKey", **input, since="2026-10-06",
                      idempotencyKey=PREFIX + name)  # fmt: skip
    assert "different request" in message


# ---------------------------------------------------------------- 包楼栋: a member with a building


def test_pairing_a_member_with_a_building(gql, db, world) -> None:
    member, building = gid("Person", "PS1"), gid("Building", "BD1")
    payload = ok(gql, "pairMemberWithBuilding", memberId=member, buildingId=building, since="2026-10-10")
    assert payload["building"] == {"code": PREFIX + "BD1"} and payload["member"] == {"code": PREFIX + "PS1"}

    query = """query ($id: ID!, $person: ID!) {
      building: node(id: $id) { ... on Building {
        before: pairedMembers(asOf: "2026-10-09") { code } after: pairedMembers(asOf: "2026-10-10") { code } } }
      person: node(id: $person) { ... on Person { pairedHouseholds(asOf: "2026-10-10") { code } } }
    }"""
    data = read(gql, query, id=building, person=member)
    assert data["building"] == {"before": [], "after": [{"code": PREFIX + "PS1"}]}
    # A cadre paired with a building is a paired cadre, and covers every household in it (包楼栋), though nobody is
    # paired with any of them: none is uncovered any more.
    paired, uncovered = coverage(gql, "2026-10-10")
    assert (paired["cadres"], paired["pairedCadres"], paired["coveredHouseholds"]) == (1, 1, 3)
    assert (paired["uncoveredSpecialGroupResidents"], uncovered) == (0, [])
    assert coverage(gql, "2026-10-09")[0]["cadres"] == 0
    assert coverage(gql, "2026-10-09")[0]["coveredHouseholds"] == 0

    refused(gql, db, "pairMemberWithBuilding", "ALREADY_PAIRED", "buildingId", memberId=member, buildingId=building)
    ok(gql, "endBuildingPairing", memberId=member, buildingId=building, until="2026-10-31", reason="工作调动")
    assert read(gql, query, id=building, person=member)["building"]["after"] == [{"code": PREFIX + "PS1"}]
    ended, uncovered = coverage(gql, "2026-10-31")
    assert (ended["pairedCadres"], ended["coveredHouseholds"], len(uncovered)) == (0, 0, 3)
    assert links(db, "PAIRED_WITH", "PS1", "BD1") == [
        {"validFrom": date(2026, 10, 10), "validTo": date(2026, 10, 31), "endReason": "工作调动"}
    ]
    records = trail(gql, "Building", "BD1")
    assert [(r["action"], r["entities"]) for r in records] == [
        ("endBuildingPairing", [PREFIX + "BD1", PREFIX + "PS1"]),
        ("pairMemberWithBuilding", [PREFIX + "BD1", PREFIX + "PS1"]),
    ]
    assert records[0]["before"] == {"validFrom": "2026-10-10", "validTo": None}
    assert records[0]["after"] == {"validFrom": "2026-10-10", "validTo": "2026-10-31", "endReason": "工作调动"}


def test_building_pairing_refusals_write_nothing(gql, db, world) -> None:
    member, building = gid("Person", "PS1"), gid("Building", "BD1")
    pair, end = "pairMemberWithBuilding", "endBuildingPairing"
    refused(gql, db, pair, "NOT_FOUND", "buildingId", memberId=member, buildingId=encode("Building", "TEST-PM-NONE"))
    refused(gql, db, pair, "NOT_FOUND", "memberId", memberId=encode("Person", "TEST-PM-NONE"), buildingId=building)
    refused(gql, db, pair, "INVALID_ID", "buildingId", memberId=member, buildingId=gid("Household", "HH1"))
    refused(gql, db, pair, "NOT_A_PARTY_MEMBER", "memberId", memberId=gid("Person", "PS2"), buildingId=building)
    refused(gql, db, end, "NOT_PAIRED", "buildingId", memberId=member, buildingId=building)
    ok(gql, pair, memberId=member, buildingId=building, since="2026-10-10")
    refused(gql, db, end, "DATE_ORDER", "until", memberId=member, buildingId=building, until="2026-10-09")
    refused(gql, db, end, "STRING_TOO_LONG", "reason", memberId=member, buildingId=building, reason="x" * 501)


# ---------------------------------------------------------------- 包片: a unit with an area


def test_pairing_a_unit_with_an_area(gql, db, world) -> None:
    unit, area = gid("Unit", "UN1"), gid("Area", "AR1")
    query = """query ($unit: ID!, $area: ID!) {
      unit: node(id: $unit) { ... on Unit {
        before: areas(asOf: "2026-10-09") { code } after: areas(asOf: "2026-10-10") { code } } }
      area: node(id: $area) { ... on Area { units(asOf: "2026-10-10") { code } } }
      before: areasWithoutUnit(scope: $area, asOf: "2026-10-09") { code }
      after: areasWithoutUnit(scope: $area, asOf: "2026-10-10") { code }
    }"""
    assert coverage(gql, "2026-10-10")[0]["gridsWithUnit"] == 0
    payload = ok(gql, "pairUnitWithArea", unitId=unit, areaId=area, since="2026-10-10")
    assert payload["unit"] == {"code": PREFIX + "UN1"} and payload["area"] == {"code": PREFIX + "AR1"}
    data = read(gql, query, unit=unit, area=area)
    assert data["unit"] == {"before": [], "after": [{"code": PREFIX + "AR1"}]}
    assert data["area"] == {"units": [{"code": PREFIX + "UN1"}]}
    assert data["before"] == [{"code": PREFIX + "AR1"}] and data["after"] == []
    assert coverage(gql, "2026-10-10")[0]["gridsWithUnit"] == 1
    assert coverage(gql, "2026-10-09")[0]["gridsWithUnit"] == 0

    ok(gql, "endUnitPairing", unitId=unit, areaId=area, until="2026-11-01", reason="包联单位调整")
    assert coverage(gql, "2026-11-01")[0]["gridsWithUnit"] == 0
    assert coverage(gql, "2026-10-31")[0]["gridsWithUnit"] == 1
    assert links(db, "PAIRED_WITH", "UN1", "AR1") == [
        {"validFrom": date(2026, 10, 10), "validTo": date(2026, 11, 1), "endReason": "包联单位调整"}
    ]
    records = trail(gql, "Unit", "UN1")
    assert [r["action"] for r in records] == ["endUnitPairing", "pairUnitWithArea"]
    assert records[0]["entities"] == [PREFIX + "AR1", PREFIX + "UN1"]
    assert records[0]["after"]["validTo"] == "2026-11-01"


def test_unit_pairing_refusals_write_nothing(gql, db, world) -> None:
    unit, area = gid("Unit", "UN1"), gid("Area", "AR1")
    pair, end = "pairUnitWithArea", "endUnitPairing"
    refused(gql, db, pair, "NOT_FOUND", "unitId", unitId=encode("Unit", "TEST-PM-NONE"), areaId=area)
    refused(gql, db, pair, "NOT_FOUND", "areaId", unitId=unit, areaId=encode("Area", "TEST-PM-NONE"))
    refused(gql, db, pair, "INVALID_ID", "areaId", unitId=unit, areaId=gid("Compound", "CP1"))
    refused(gql, db, pair, "INVALID_ID", "unitId", unitId="%%%", areaId=area)
    refused(gql, db, end, "NOT_PAIRED", "areaId", unitId=unit, areaId=area)
    ok(gql, pair, unitId=unit, areaId=area, since="2026-10-10")
    refused(gql, db, pair, "ALREADY_PAIRED", "areaId", unitId=unit, areaId=area)
    refused(gql, db, end, "DATE_ORDER", "until", unitId=unit, areaId=area, until="2026-10-10")


# ---------------------------------------------------------------- volunteer teams serving compounds


def test_attaching_and_detaching_a_volunteer_team(gql, db, world) -> None:
    team, compound = gid("VolunteerTeam", "VT1"), gid("Compound", "CP1")
    query = """query ($id: ID!) { node(id: $id) { ... on Compound {
      before: volunteerTeams(asOf: "2026-10-09") { code } after: volunteerTeams(asOf: "2026-10-10") { code }
      later: volunteerTeams(asOf: "2026-10-20") { code } } } }"""
    payload = ok(gql, "attachTeamToCompound", teamId=team, compoundId=compound, since="2026-10-10")
    assert payload["team"] == {"code": PREFIX + "VT1"} and payload["compound"] == {"code": PREFIX + "CP1"}
    assert coverage(gql, "2026-10-10")[0]["volunteerTeams"] == 1
    ok(gql, "detachTeamFromCompound", teamId=team, compoundId=compound, until="2026-10-20", reason="队伍重组")
    assert read(gql, query, id=compound)["node"] == {
        "before": [], "after": [{"code": PREFIX + "VT1"}], "later": []
    }  # fmt: skip
    assert coverage(gql, "2026-10-20")[0]["volunteerTeams"] == 0
    assert links(db, "SERVES", "VT1", "CP1") == [
        {"validFrom": date(2026, 10, 10), "validTo": date(2026, 10, 20), "endReason": "队伍重组"}
    ]
    records = trail(gql, "VolunteerTeam", "VT1")
    assert [r["action"] for r in records] == ["detachTeamFromCompound", "attachTeamToCompound"]
    assert records[1]["entities"] == [PREFIX + "CP1", PREFIX + "VT1"]


def test_team_refusals_write_nothing(gql, db, world) -> None:
    team, compound = gid("VolunteerTeam", "VT1"), gid("Compound", "CP1")
    attach, detach = "attachTeamToCompound", "detachTeamFromCompound"
    refused(gql, db, attach, "NOT_FOUND", "teamId", teamId=encode("VolunteerTeam", "TEST-PM-NONE"), compoundId=compound)
    refused(gql, db, attach, "NOT_FOUND", "compoundId", teamId=team, compoundId=encode("Compound", "TEST-PM-NONE"))
    refused(gql, db, attach, "INVALID_ID", "teamId", teamId=gid("Unit", "UN1"), compoundId=compound)
    refused(gql, db, detach, "NOT_ATTACHED", "compoundId", teamId=team, compoundId=compound)
    ok(gql, attach, teamId=team, compoundId=compound, since="2026-10-10")
    refused(gql, db, attach, "ALREADY_ATTACHED", "compoundId", teamId=team, compoundId=compound)
    refused(gql, db, detach, "DATE_ORDER", "until", teamId=team, compoundId=compound, until="2026-10-01")
    refused(gql, db, detach, "STRING_TOO_LONG", "reason", teamId=team, compoundId=compound, reason="x" * 501)


# ---------------------------------------------------------------- 报到: reporting in to a grid


def test_reporting_to_another_grid_ends_the_previous_report_the_same_day(gql, db, world) -> None:
    member, grid1, grid2 = gid("Person", "PS1"), gid("Grid", "GR1"), gid("Grid", "GR2")
    payload = ok(gql, "reportToGrid", memberId=member, gridId=grid1, since="2026-10-01")
    assert payload["grid"] == {"code": PREFIX + "GR1"} and payload["member"] == {"code": PREFIX + "PS1"}
    assert coverage(gql, "2026-10-01")[0]["cadres"] == 1
    assert coverage(gql, "2026-09-30")[0]["cadres"] == 0

    refused(gql, db, "reportToGrid", "ALREADY_REPORTED", "gridId", memberId=member, gridId=grid1)
    refused(gql, db, "reportToGrid", "DATE_ORDER", "since", memberId=member, gridId=grid2, since="2026-10-01")
    ok(gql, "reportToGrid", memberId=member, gridId=grid2, since="2026-10-15", reason="网格调整")
    assert links(db, "REPORTED_TO", "PS1", "GR1") == [
        {"validFrom": date(2026, 10, 1), "validTo": date(2026, 10, 15), "endReason": "网格调整"}
    ]
    assert links(db, "REPORTED_TO", "PS1", "GR2") == [
        {"validFrom": date(2026, 10, 15), "validTo": None, "endReason": None}
    ]
    assert coverage(gql, "2026-10-15", grid="GR2")[0]["cadres"] == 1
    assert coverage(gql, "2026-10-14", grid="GR2")[0]["cadres"] == 0

    move = trail(gql, "Person", "PS1")[0]
    assert move["action"] == "reportToGrid"
    assert move["entities"] == [PREFIX + "GR2", PREFIX + "PS1", PREFIX + "GR1"]
    assert move["before"] == {"grid": PREFIX + "GR1", "validFrom": "2026-10-01", "validTo": None}
    assert move["after"] == {
        "grid": PREFIX + "GR2",
        "validFrom": "2026-10-15",
        "previous": {"grid": PREFIX + "GR1", "validTo": "2026-10-15", "endReason": "网格调整"},
    }
    # The old grid's trail shows the move too.
    assert [r["action"] for r in trail(gql, "Grid", "GR1")] == ["reportToGrid", "reportToGrid"]

    refused(gql, db, "endGridReport", "NOT_REPORTED", "gridId", memberId=member, gridId=grid1)
    refused(gql, db, "endGridReport", "DATE_ORDER", "until", memberId=member, gridId=grid2, until="2026-10-15")
    ok(gql, "endGridReport", memberId=member, gridId=grid2, until="2026-11-01", reason="退休")
    assert links(db, "REPORTED_TO", "PS1", "GR2")[0]["validTo"] == date(2026, 11, 1)
    refused(gql, db, "reportToGrid", "DATE_ORDER", "since", memberId=member, gridId=grid1, since="2026-10-31")
    ok(gql, "reportToGrid", memberId=member, gridId=grid1, since="2026-11-01")
    assert len(links(db, "REPORTED_TO", "PS1", "GR1")) == 2


def test_only_in_service_party_members_report_in(gql, db, world) -> None:
    grid = gid("Grid", "GR1")
    refused(gql, db, "reportToGrid", "NOT_A_CADRE", "memberId", memberId=gid("Person", "PS2"), gridId=grid)
    refused(gql, db, "reportToGrid", "NOT_A_CADRE", "memberId", memberId=gid("Person", "PS3"), gridId=grid)
    refused(gql, db, "reportToGrid", "NOT_FOUND", "gridId", memberId=gid("Person", "PS1"),
            gridId=encode("Grid", "TEST-PM-NONE"))  # fmt: skip
    refused(gql, db, "reportToGrid", "INVALID_ID", "gridId", memberId=gid("Person", "PS1"), gridId=gid("Area", "AR1"))
    refused(gql, db, "reportToGrid", "STRING_TOO_LONG", "reason", memberId=gid("Person", "PS1"), gridId=grid,
            reason="x" * 501)  # fmt: skip


# ---------------------------------------------------------------- the planted data set is untouched


def test_the_planted_county_figures_are_untouched(gql, ground_truth) -> None:
    data = read(
        gql,
        """query ($day: Date!) { coverage(asOf: $day) {
             households coveredHouseholds buildingsWithLeader gridsWithUnit pairedUnits cadres pairedCadres
             volunteerTeams } }""",
        day=REFERENCE_DATE.isoformat(),
    )
    county = ground_truth["coverage"]["county"]
    assert data["coverage"] == {key: county[key] for key in data["coverage"]}


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: pair.start)
def test_a_plain_pairing_s_catalogued_queries_match_its_declaration(pair: Pair) -> None:
    # The start/end code, inputs and payloads are made from the declaration; the Cypher is written out, so it
    # must name the same labels, the same parameters and the same relationship type.
    for query in pair.queries:
        text = catalog.cypher(query)
        for side in (pair.source, pair.target):
            assert f":{side.label} {{code: ${side.name}}}" in text, (query, side)
        assert re.search(rf"\[\w*:{pair.rel}\b", text), (query, pair.rel)
