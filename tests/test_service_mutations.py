"""Changing the three micro and the money over HTTP: micro-projects (微项目) and their milestones, micro-service
records (微服务), grants (工作经费, 党费补助).

Most tests work on a small territory of their own (codes ``TEST-SM-…``, not attached to the county) made by
the ``world`` fixture; what the API creates there hangs off it and is deleted afterwards with the audit
records and idempotency keys. The few tests that write beside the planted data set (to see the county's
figures move) hand the codes they create to the fixture. The fixture checks that the graph's totals are back
where they began, and the last test that the planted figures are untouched.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import neo4j
import pytest
import worlds

from api.ids import encode
from graph.services import FIVE_SMALL
from schema.context import county_today

PREFIX = "TEST-SM-"

WORLD = """
CREATE (cm:Entity:Community {code: $p + 'CM1', name: '测试社区'})
CREATE (g1:Entity:Grid {code: $p + 'GR1', name: '测试网格一', number: 911})-[:PART_OF]->(cm)
CREATE (g2:Entity:Grid {code: $p + 'GR2', name: '测试网格二', number: 912})-[:PART_OF]->(cm)
CREATE (a1:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'COMPOUND'})-[:PART_OF]->(g1)
CREATE (a2:Entity:Area {code: $p + 'AR2', name: '测试巷道', kind: 'ALLEY'})-[:PART_OF]->(g1)
CREATE (c:Entity:Compound {code: $p + 'CP1', name: '测试小区', kind: 'THREE_NO', builtYear: 1990})-[:PART_OF]->(a1)
CREATE (b:Entity:Building {code: $p + 'BD1', name: '测试1号楼', floors: 5})-[:PART_OF]->(c)
CREATE (h1:Entity:Household {code: $p + 'HH1', address: '测试小区1号楼101', size: 1})-[:PART_OF]->(b)
CREATE (h2:Entity:Household {code: $p + 'HH2', address: '测试小区1号楼102', size: 2})-[:PART_OF]->(b)
// The community committee, the grid branch of GR1, the grid branch of the other grid, the compound's branch.
CREATE (o0:Entity:PartyOrganization {code: $p + 'PO0', name: '测试社区党委', kind: 'COMMUNITY_COMMITTEE', joint: false})
CREATE (o0)-[:ANSWERS_FOR {validFrom: date('2023-04-01'), validTo: null}]->(cm)
CREATE (o1:Entity:PartyOrganization {code: $p + 'PO1', name: '测试网格一党支部', kind: 'GRID_BRANCH', joint: false})
CREATE (o1)-[:ANSWERS_FOR {validFrom: date('2023-04-01'), validTo: null}]->(g1)
CREATE (o2:Entity:PartyOrganization {code: $p + 'PO2', name: '测试网格二党支部', kind: 'GRID_BRANCH', joint: false})
CREATE (o2)-[:ANSWERS_FOR {validFrom: date('2023-04-01'), validTo: null}]->(g2)
CREATE (o3:Entity:PartyOrganization {code: $p + 'PO3', name: '测试小区党支部', kind: 'COMPOUND_BRANCH', joint: false})
CREATE (o3)-[:ANSWERS_FOR {validFrom: date('2023-04-01'), validTo: null}]->(c)
CREATE (u1:Entity:Unit {code: $p + 'UN1', name: '测试住建局', kind: 'AGENCY'})
CREATE (:Entity:Unit {code: $p + 'UN2', name: '测试财政局', kind: 'AGENCY'})
CREATE (t:Entity:VolunteerTeam {code: $p + 'VT1', name: '测试志愿服务队', focus: '助老'})
// A Party member (a cadre), a resident who is neither a member nor a volunteer, a volunteer since 2026.
CREATE (:Entity:Person {code: $p + 'PS1', name: '测试党员', isPartyMember: true, specialGroups: []})
       -[:WORKS_AT]->(u1)
CREATE (:Entity:Person {code: $p + 'PS2', name: '测试居民', isPartyMember: false, specialGroups: []})
       -[:RESIDES_IN]->(h1)
CREATE (v:Entity:Person {code: $p + 'PS3', name: '测试志愿者', isPartyMember: false, specialGroups: []})
       -[:RESIDES_IN]->(h2)
CREATE (v)-[:MEMBER_OF {validFrom: date('2026-01-01'), validTo: null}]->(t)
"""

PROJECT = """code name kind status progress budgetYuan plannedStartOn startedOn completedOn cancelledOn cancelReason
  owner { code } at { __typename code } coordinatingUnits { code } milestones { code title dueOn doneOn }"""
MILESTONE = "milestone { code title dueOn doneOn project { code } } project { code status }"
SERVICE = "serviceRecord { code kind method servedOn description retractedOn retractReason by { code } for { code } }"
GRANT = "grant { code kind amountYuan year disbursedOn voidedOn voidReason to { code } from { code } }"

PAYLOADS = {
    "createMicroProject": f"project {{ {PROJECT} }}",
    "changeMicroProjectStatus": f"project {{ {PROJECT} }}",
    "recordMicroProjectProgress": f"project {{ {PROJECT} }}",
    "cancelMicroProject": f"project {{ {PROJECT} }}",
    "addMilestone": MILESTONE,
    "completeMilestone": MILESTONE,
    "recordService": SERVICE,
    "retractService": SERVICE,
    "recordGrant": GRANT,
    "disburseGrant": GRANT,
    "voidGrant": GRANT,
}

HOSTILE = '"}) DETACH DELETE n //'


def totals(db: neo4j.Driver) -> dict[str, Any]:
    return worlds.made_totals(db, PREFIX)


@pytest.fixture
def world(db: neo4j.Driver, seeded) -> Any:
    """The test territory; yields a list to which tests add the codes they create beside the planted data."""
    with worlds.world_making(db, PREFIX, WORLD) as made:
        yield made


def gid(kind: str, name: str) -> str:
    """The global id of a test entity, e.g. ``gid("Person", "PS1")``."""
    return encode(kind, PREFIX + name)


def mutate(gql, mutation: str, **input: Any) -> dict[str, Any]:
    query = f"""mutation ($input: {mutation[0].upper() + mutation[1:]}Input!) {{
      {mutation}(input: $input) {{ {PAYLOADS[mutation]} userErrors {{ field message code }} }}
    }}"""
    body = gql(query, {"input": input})
    assert "errors" not in body, body["errors"]
    return body["data"][mutation]


def ok(gql, mutation: str, **input: Any) -> dict[str, Any]:
    payload = mutate(gql, mutation, **input)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def refused(gql, db: neo4j.Driver, mutation: str, code: str, field: str | list[str], **input: Any) -> str:
    """Run a mutation that must be refused with ``code`` on ``field``, and check that nothing was written."""
    before = totals(db)
    payload = mutate(gql, mutation, **input)
    path = ["input", field] if isinstance(field, str) else ["input", *field]
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, path)], payload
    assert all(value is None for key, value in payload.items() if key != "userErrors")
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
    """The county's today moved by ``offset`` days, as the API writes dates."""
    return (county_today() + timedelta(days=offset)).isoformat()


SUMMARY = """query ($scope: ID) { threeMicroSummary(scope: $scope) {
  serviceRecords microProjects { kind count completed budgetYuan } } }"""


def summary(gql, scope: str | None = None) -> dict[str, Any]:
    data = read(gql, SUMMARY, scope=scope)["threeMicroSummary"]
    return {"serviceRecords": data["serviceRecords"], **{p["kind"]: p for p in data["microProjects"]}}


FUNDS = """query ($scope: ID, $year: Int) { fundsSummary(scope: $scope, year: $year) {
  grants amountYuan byKind { kind grants organizations amountYuan } } }"""


def funds(gql, scope: str | None = None, year: int | None = 2026) -> dict[str, Any]:
    return read(gql, FUNDS, scope=scope, year=year)["fundsSummary"]


def resources(gql, as_of: str) -> bool:
    """Whether the test compound meets the five haves' RESOURCES on a day."""
    data = read(
        gql,
        """query ($id: ID!, $day: Date!) { node(id: $id) { ... on Compound {
             fiveHaves(asOf: $day) { criteria { key met } } } } }""",
        id=gid("Compound", "CP1"),
        day=as_of,
    )
    return {c["key"]: c["met"] for c in data["node"]["fiveHaves"]["criteria"]}["RESOURCES"]


def new_project(gql, **more: Any) -> dict[str, Any]:
    """A FACILITY project of the grid branch at the test compound, planned for 2026-09-01."""
    input = {
        "name": "测试小区加装电梯",
        "kind": "FACILITY",
        "ownerId": gid("PartyOrganization", "PO1"),
        "siteId": gid("Compound", "CP1"),
        "coordinatingUnitIds": [gid("Unit", "UN1"), gid("Unit", "UN2")],
        "budgetYuan": 120_000,
        "plannedStartOn": "2026-09-01",
    } | more
    return ok(gql, "createMicroProject", **input)["project"]


# ---------------------------------------------------------------- micro-projects (微项目)


def test_a_micro_project_from_plan_to_completion(gql, db, world) -> None:
    grid = gid("Grid", "GR1")
    assert summary(gql, grid)["FACILITY"] == {"kind": "FACILITY", "count": 0, "completed": 0, "budgetYuan": 0}

    project = new_project(gql)
    assert project["code"].startswith("MP-")
    assert project | {"code": None} == {
        "code": None,
        "name": "测试小区加装电梯",
        "kind": "FACILITY",
        "status": "PLANNED",
        "progress": 0,
        "budgetYuan": 120_000,
        "plannedStartOn": "2026-09-01",
        "startedOn": None,
        "completedOn": None,
        "cancelledOn": None,
        "cancelReason": None,
        "owner": {"code": PREFIX + "PO1"},
        "at": {"__typename": "Compound", "code": PREFIX + "CP1"},
        "coordinatingUnits": [{"code": PREFIX + "UN1"}, {"code": PREFIX + "UN2"}],
        "milestones": [],
    }
    pid = encode("MicroProject", project["code"])
    assert summary(gql, grid)["FACILITY"] == {"kind": "FACILITY", "count": 1, "completed": 0, "budgetYuan": 120_000}
    listed = read(
        gql,
        """query ($scope: ID!, $compound: ID!) {
             microProjects(scope: $scope, status: PLANNED) { totalCount nodes { code } }
             compound: node(id: $compound) { ... on Compound { microProjects { nodes { code } } } } }""",
        scope=grid,
        compound=gid("Compound", "CP1"),
    )
    assert listed["microProjects"] == {"totalCount": 1, "nodes": [{"code": project["code"]}]}
    assert listed["compound"]["microProjects"]["nodes"] == [{"code": project["code"]}]

    first = ok(gql, "addMilestone", projectId=pid, title="方案公示", dueOn="2026-09-15")["milestone"]
    second = ok(gql, "addMilestone", projectId=pid, title="施工安装", dueOn="2026-10-15")["milestone"]
    assert first["code"].startswith("MS-") and first["project"] == {"code": project["code"]}
    started = ok(gql, "changeMicroProjectStatus", projectId=pid, status="IN_PROGRESS", on="2026-09-05")["project"]
    assert (started["status"], started["startedOn"]) == ("IN_PROGRESS", "2026-09-05")
    assert [m["title"] for m in started["milestones"]] == ["方案公示", "施工安装"]

    ok(gql, "recordMicroProjectProgress", projectId=pid, progress=40)
    message = refused(gql, db, "recordMicroProjectProgress", "PROGRESS_BACKWARDS", "reason", projectId=pid, progress=30)
    assert "40%" in message
    back = ok(gql, "recordMicroProjectProgress", projectId=pid, progress=30, reason="基坑返工")["project"]
    assert back["progress"] == 30

    message = refused(gql, db, "changeMicroProjectStatus", "MILESTONES_OPEN", "status", projectId=pid,
                      status="COMPLETED", on="2026-10-25")  # fmt: skip
    assert message.startswith("2 milestone")
    ok(gql, "completeMilestone", milestoneId=encode("Milestone", first["code"]), doneOn="2026-09-20")
    done = ok(gql, "completeMilestone", milestoneId=encode("Milestone", second["code"]), doneOn="2026-10-20")
    assert done["milestone"]["doneOn"] == "2026-10-20"
    refused(gql, db, "changeMicroProjectStatus", "DATE_ORDER", "on", projectId=pid, status="COMPLETED", on="2026-10-19")
    completed = ok(gql, "changeMicroProjectStatus", projectId=pid, status="COMPLETED", on="2026-10-25")["project"]
    assert (completed["status"], completed["completedOn"], completed["progress"]) == ("COMPLETED", "2026-10-25", 100)
    assert summary(gql, grid)["FACILITY"] == {"kind": "FACILITY", "count": 1, "completed": 1, "budgetYuan": 120_000}

    records = trail(gql, pid)
    assert [r["action"] for r in records] == [
        "changeMicroProjectStatus",
        "completeMilestone",
        "completeMilestone",
        "recordMicroProjectProgress",
        "recordMicroProjectProgress",
        "changeMicroProjectStatus",
        "addMilestone",
        "addMilestone",
        "createMicroProject",
    ]
    create = records[-1]
    assert create["entities"] == [project["code"], PREFIX + "CP1", PREFIX + "PO1", PREFIX + "UN1", PREFIX + "UN2"]
    assert create["before"] == {}
    assert create["after"] == {
        "name": "测试小区加装电梯",
        "kind": "FACILITY",
        "budgetYuan": 120_000,
        "plannedStartOn": "2026-09-01",
        "status": "PLANNED",
        "progress": 0,
        "owner": PREFIX + "PO1",
        "at": PREFIX + "CP1",
        "coordinatingUnits": [PREFIX + "UN1", PREFIX + "UN2"],
    }
    assert records[3]["before"] == {"progress": 40} and records[3]["after"] == {"progress": 30, "reason": "基坑返工"}
    assert records[4]["after"] == {"progress": 40}
    assert records[0]["before"] == {"status": "IN_PROGRESS", "completedOn": None, "progress": 30}
    assert records[0]["after"] == {"status": "COMPLETED", "completedOn": "2026-10-25", "progress": 100}
    assert records[5]["before"] == {"status": "PLANNED", "startedOn": None}
    assert records[5]["after"] == {"status": "IN_PROGRESS", "startedOn": "2026-09-05"}
    assert records[0]["actor"] == "COUNTY@CT01" and len({r["requestId"] for r in records}) == len(records)
    # The compound's trail shows every change of the project at it.
    assert len(trail(gql, gid("Compound", "CP1"))) == len(records) - 4  # not the milestones' own changes


def test_illegal_status_changes_are_refused_naming_the_current_status(gql, db, world) -> None:
    pid = encode("MicroProject", new_project(gql)["code"])
    change = "changeMicroProjectStatus"
    message = refused(gql, db, change, "ILLEGAL_TRANSITION", "status", projectId=pid, status="COMPLETED")
    assert "PLANNED" in message and "IN_PROGRESS" in message
    refused(gql, db, change, "ILLEGAL_TRANSITION", "status", projectId=pid, status="PLANNED")
    message = refused(gql, db, change, "ILLEGAL_TRANSITION", "status", projectId=pid, status="CANCELLED")
    assert "cancelMicroProject" in message
    refused(gql, db, "recordMicroProjectProgress", "NOT_STARTED", "projectId", projectId=pid, progress=10)
    milestone = ok(gql, "addMilestone", projectId=pid, title="方案公示", dueOn="2026-09-15")["milestone"]
    mid = encode("Milestone", milestone["code"])
    message = refused(gql, db, "completeMilestone", "ILLEGAL_TRANSITION", "milestoneId", milestoneId=mid)
    assert "PLANNED" in message
    refused(gql, db, change, "DATE_IN_FUTURE", "on", projectId=pid, status="IN_PROGRESS", on=day(1))

    ok(gql, change, projectId=pid, status="IN_PROGRESS", on="2026-09-05")
    message = refused(gql, db, change, "ILLEGAL_TRANSITION", "status", projectId=pid, status="PLANNED")
    assert "IN_PROGRESS" in message and "COMPLETED" in message
    refused(gql, db, change, "ILLEGAL_TRANSITION", "status", projectId=pid, status="IN_PROGRESS")
    refused(gql, db, "completeMilestone", "DATE_ORDER", "doneOn", milestoneId=mid, doneOn="2026-09-04")
    ok(gql, "completeMilestone", milestoneId=mid, doneOn="2026-09-10")
    message = refused(gql, db, "completeMilestone", "ALREADY_DONE", "milestoneId", milestoneId=mid)
    assert "2026-09-10" in message
    refused(gql, db, change, "DATE_ORDER", "on", projectId=pid, status="COMPLETED", on="2026-09-04")
    refused(gql, db, "recordMicroProjectProgress", "UNCHANGED", "progress", projectId=pid, progress=0)

    ok(gql, change, projectId=pid, status="COMPLETED", on="2026-10-01")
    message = refused(gql, db, change, "ILLEGAL_TRANSITION", "status", projectId=pid, status="COMPLETED")
    assert "COMPLETED" in message
    refused(gql, db, change, "ILLEGAL_TRANSITION", "status", projectId=pid, status="IN_PROGRESS")
    refused(gql, db, "cancelMicroProject", "ILLEGAL_TRANSITION", "projectId", projectId=pid, reason="不做了")
    refused(gql, db, "recordMicroProjectProgress", "PROJECT_CLOSED", "projectId", projectId=pid, progress=50)
    refused(gql, db, "addMilestone", "PROJECT_CLOSED", "projectId", projectId=pid, title="追加", dueOn="2026-12-01")
    refused(gql, db, change, "NOT_FOUND", "projectId", projectId=encode("MicroProject", "MP-NOPE"), status="COMPLETED")
    refused(gql, db, change, "INVALID_ID", "projectId", projectId=gid("Compound", "CP1"), status="COMPLETED")


def test_a_cancelled_project_stays_and_leaves_the_figures(gql, db, world) -> None:
    grid = gid("Grid", "GR1")
    project = new_project(gql, kind="LIGHTING", name="测试片区增亮", siteId=gid("Area", "AR1"), budgetYuan=20_000)
    pid = encode("MicroProject", project["code"])
    ok(gql, "changeMicroProjectStatus", projectId=pid, status="IN_PROGRESS", on="2026-09-10")
    assert summary(gql, grid)["LIGHTING"]["count"] == 1
    # A project under way at the compound's area is a resource (五有: 有丰富的资源) from the day it starts.
    assert (resources(gql, "2026-09-09"), resources(gql, "2026-09-10")) == (False, True)

    refused(gql, db, "cancelMicroProject", "DATE_ORDER", "on", projectId=pid, reason="资金未落实", on="2026-09-09")
    refused(gql, db, "cancelMicroProject", "BLANK", "reason", projectId=pid, reason="   ")
    cancelled = ok(gql, "cancelMicroProject", projectId=pid, reason="资金未落实", on="2026-10-01")["project"]
    assert (cancelled["status"], cancelled["cancelledOn"], cancelled["cancelReason"]) == (
        "CANCELLED", "2026-10-01", "资金未落实"
    )  # fmt: skip
    assert summary(gql, grid)["LIGHTING"] == {"kind": "LIGHTING", "count": 0, "completed": 0, "budgetYuan": 0}
    assert (resources(gql, "2026-09-30"), resources(gql, "2026-10-01")) == (True, False)
    listed = read(
        gql,
        "query ($scope: ID!) { microProjects(scope: $scope, status: CANCELLED) { nodes { code status } } }",
        scope=grid,
    )
    assert listed["microProjects"]["nodes"] == [{"code": project["code"], "status": "CANCELLED"}]
    refused(gql, db, "cancelMicroProject", "ILLEGAL_TRANSITION", "projectId", projectId=pid, reason="再取消一次")
    message = refused(gql, db, "changeMicroProjectStatus", "ILLEGAL_TRANSITION", "status", projectId=pid,
                      status="COMPLETED")  # fmt: skip
    assert "CANCELLED" in message

    record = trail(gql, pid)[0]
    assert record["action"] == "cancelMicroProject"
    assert record["before"] == {"status": "IN_PROGRESS", "cancelledOn": None}
    assert record["after"] == {"status": "CANCELLED", "cancelledOn": "2026-10-01", "cancelReason": "资金未落实"}


def test_a_community_committee_may_own_a_project_anywhere_in_its_community(gql, world) -> None:
    project = new_project(gql, ownerId=gid("PartyOrganization", "PO0"), siteId=gid("Area", "AR2"))
    assert project["owner"] == {"code": PREFIX + "PO0"} and project["at"] == {
        "__typename": "Area",
        "code": PREFIX + "AR2",
    }


def test_micro_project_input_errors_write_nothing(gql, db, world) -> None:
    valid = {
        "name": "测试项目",
        "kind": "SANITATION",
        "ownerId": gid("PartyOrganization", "PO1"),
        "siteId": gid("Compound", "CP1"),
        "coordinatingUnitIds": [gid("Unit", "UN1")],
        "budgetYuan": 0,
        "plannedStartOn": "2026-12-01",
    }
    create = "createMicroProject"
    refused(gql, db, create, "STRING_TOO_SHORT", "name", **valid | {"name": ""})
    refused(gql, db, create, "BLANK", "name", **valid | {"name": " \n "})
    refused(gql, db, create, "STRING_TOO_LONG", "name", **valid | {"name": "长" * 201})
    refused(gql, db, create, "GREATER_THAN_EQUAL", "budgetYuan", **valid | {"budgetYuan": -1})
    refused(gql, db, create, "TOO_SHORT", "coordinatingUnitIds", **valid | {"coordinatingUnitIds": []})
    refused(gql, db, create, "DUPLICATE", "coordinatingUnitIds",
            **valid | {"coordinatingUnitIds": [gid("Unit", "UN1"), gid("Unit", "UN1")]})  # fmt: skip
    refused(gql, db, create, "INVALID_ID", ["coordinatingUnitIds", "1"],
            **valid | {"coordinatingUnitIds": [gid("Unit", "UN1"), gid("Person", "PS1")]})  # fmt: skip
    refused(gql, db, create, "INVALID_ID", "ownerId", **valid | {"ownerId": gid("Unit", "UN1")})
    refused(gql, db, create, "INVALID_ID", "siteId", **valid | {"siteId": gid("Household", "HH1")})
    refused(gql, db, create, "INVALID_ID", "siteId", **valid | {"siteId": "not an id"})
    refused(gql, db, create, "NOT_FOUND", "ownerId", **valid | {"ownerId": encode("PartyOrganization", "PO-NOPE")})
    refused(gql, db, create, "NOT_FOUND", "siteId", **valid | {"siteId": encode("Compound", "CP-NOPE")})
    message = refused(gql, db, create, "NOT_FOUND", "coordinatingUnitIds",
                      **valid | {"coordinatingUnitIds": [gid("Unit", "UN1"), encode("Unit", "UN-NOPE")]})  # fmt: skip
    assert "UN-NOPE" in message
    refused(gql, db, create, "WRONG_OWNER", "ownerId", **valid | {"ownerId": gid("PartyOrganization", "PO3")})
    refused(gql, db, create, "OWNER_ELSEWHERE", "siteId", **valid | {"ownerId": gid("PartyOrganization", "PO2")})
    refused(gql, db, create, "INVALID", "idempotencyKey", **valid | {"idempotencyKey": "k" * 101})

    # Every bad field is reported at once, each by its name.
    before = totals(db)
    payload = mutate(gql, create, **valid | {"name": "", "budgetYuan": -5})
    assert sorted(tuple(e["field"]) for e in payload["userErrors"]) == [("input", "budgetYuan"), ("input", "name")]
    assert totals(db) == before

    # An unknown enum value or a missing field never reaches the resolver: GraphQL refuses the request.
    for bad in (valid | {"kind": "PAINTING"}, {k: v for k, v in valid.items() if k != "name"}):
        query = "mutation ($input: CreateMicroProjectInput!) { createMicroProject(input: $input) { project { code } } }"
        body = gql(query, {"input": bad})
        assert body["data"] is None and body["errors"]
    assert totals(db) == before

    pid = encode("MicroProject", ok(gql, create, **valid)["project"]["code"])
    refused(gql, db, "addMilestone", "DATE_ORDER", "dueOn", projectId=pid, title="集中清理", dueOn="2026-11-30")
    refused(gql, db, "addMilestone", "BLANK", "title", projectId=pid, title="\t", dueOn="2026-12-10")
    refused(
        gql, db, "addMilestone", "INVALID_ID", "projectId", projectId=gid("Grid", "GR1"), title="x", dueOn="2026-12-10"
    )
    ok(gql, "changeMicroProjectStatus", projectId=pid, status="IN_PROGRESS", on="2026-10-01")
    progress = "recordMicroProjectProgress"
    refused(gql, db, progress, "LESS_THAN_EQUAL", "progress", projectId=pid, progress=101)
    refused(gql, db, progress, "GREATER_THAN_EQUAL", "progress", projectId=pid, progress=-1)
    refused(gql, db, progress, "STRING_TOO_LONG", "reason", projectId=pid, progress=10, reason="x" * 501)
    refused(gql, db, "completeMilestone", "NOT_FOUND", "milestoneId", milestoneId=encode("Milestone", "MS-NOPE"))


# ---------------------------------------------------------------- micro-services (微服务)


def test_recording_and_retracting_a_service(gql, db, world) -> None:
    grid, household, member = gid("Grid", "GR1"), gid("Household", "HH1"), gid("Person", "PS1")
    assert summary(gql, grid)["serviceRecords"] == 0
    record = ok(gql, "recordService", memberId=member, householdId=household, kind="PENSION_FILING",
                method="解决小问题", servedOn="2026-10-12",
                description="养老保险上门代办")["serviceRecord"]  # fmt: skip
    assert record["code"].startswith("SR-")
    assert record | {"code": None} == {
        "code": None,
        "kind": "PENSION_FILING",
        "method": "解决小问题",
        "servedOn": "2026-10-12",
        "description": "养老保险上门代办",
        "retractedOn": None,
        "retractReason": None,
        "by": {"code": PREFIX + "PS1"},
        "for": {"code": PREFIX + "HH1"},
    }
    rid = encode("ServiceRecord", record["code"])
    seen = """query ($scope: ID!, $household: ID!, $member: ID!) {
      serviceRecords(scope: $scope) { totalCount nodes { code } }
      all: serviceRecords(scope: $scope, includeRetracted: true) { totalCount nodes { code retractedOn retractReason } }
      household: node(id: $household) { ... on Household { serviceRecords { totalCount nodes { code } } } }
      member: node(id: $member) { ... on Person { serviceRecords { totalCount nodes { code } } } }
    }"""
    listed = {"totalCount": 1, "nodes": [{"code": record["code"]}]}
    data = read(gql, seen, scope=grid, household=household, member=member)
    assert data["serviceRecords"] == data["household"]["serviceRecords"] == data["member"]["serviceRecords"] == listed
    assert summary(gql, grid)["serviceRecords"] == 1

    retracted = ok(gql, "retractService", serviceRecordId=rid, reason="重复登记")["serviceRecord"]
    assert (retracted["retractedOn"], retracted["retractReason"]) == (day(), "重复登记")
    assert summary(gql, grid)["serviceRecords"] == 0
    data = read(gql, seen, scope=grid, household=household, member=member)
    empty = {"totalCount": 0, "nodes": []}
    assert data["serviceRecords"] == data["household"]["serviceRecords"] == data["member"]["serviceRecords"] == empty
    # Kept: asked for, or by id, it is still there.
    assert data["all"] == {
        "totalCount": 1,
        "nodes": [{"code": record["code"], "retractedOn": day(), "retractReason": "重复登记"}],
    }
    node = read(gql, "query ($id: ID!) { node(id: $id) { ... on ServiceRecord { code retractedOn } } }", id=rid)
    assert node["node"] == {"code": record["code"], "retractedOn": day()}
    message = refused(gql, db, "retractService", "ALREADY_RETRACTED", "serviceRecordId", serviceRecordId=rid,
                      reason="再撤一次")  # fmt: skip
    assert day() in message

    retract, create = trail(gql, rid)
    assert (retract["action"], create["action"]) == ("retractService", "recordService")
    assert create["entities"] == [record["code"], PREFIX + "HH1", PREFIX + "PS1"]
    assert create["after"] == {
        "kind": "PENSION_FILING",
        "method": "解决小问题",
        "servedOn": "2026-10-12",
        "description": "养老保险上门代办",
        "by": PREFIX + "PS1",
        "for": PREFIX + "HH1",
    }
    assert retract["before"] == {"retractedOn": None}
    assert retract["after"] == {"retractedOn": day(), "retractReason": "重复登记"}
    assert [r["action"] for r in trail(gql, household)] == ["retractService", "recordService"]


def test_a_service_is_given_by_a_party_member_or_a_volunteer(gql, db, world) -> None:
    household = gid("Household", "HH2")
    ok(gql, "recordService", memberId=gid("Person", "PS3"), householdId=household, kind="COMPANIONSHIP",
       method="做好小事情", servedOn="2026-01-01")  # fmt: skip
    message = refused(gql, db, "recordService", "NOT_A_SERVER", "memberId", memberId=gid("Person", "PS3"),
                      householdId=household, kind="COMPANIONSHIP", method="做好小事情",
                      servedOn="2025-12-31")  # fmt: skip
    assert "volunteer" in message
    refused(gql, db, "recordService", "NOT_A_SERVER", "memberId", memberId=gid("Person", "PS2"),
            householdId=household, kind="REPAIR", method="解决小问题", servedOn="2026-10-01")  # fmt: skip


def test_service_input_errors_write_nothing(gql, db, world) -> None:
    valid = {"memberId": gid("Person", "PS1"), "householdId": gid("Household", "HH1"), "kind": "REPAIR",
             "method": "解决小问题", "servedOn": "2026-10-01"}  # fmt: skip
    record = "recordService"
    message = refused(gql, db, record, "LITERAL_ERROR", "method", **valid | {"method": "上门维修"})
    assert all(method in message for method in FIVE_SMALL)
    message = refused(gql, db, record, "DATE_IN_FUTURE", "servedOn", **valid | {"servedOn": day(1)})
    assert day() in message
    refused(gql, db, record, "STRING_TOO_LONG", "description", **valid | {"description": "长" * 2001})
    refused(gql, db, record, "BLANK", "description", **valid | {"description": "  "})
    refused(gql, db, record, "INVALID_ID", "memberId", **valid | {"memberId": gid("Household", "HH1")})
    refused(gql, db, record, "INVALID_ID", "householdId", **valid | {"householdId": gid("Person", "PS1")})
    refused(gql, db, record, "NOT_FOUND", "memberId", **valid | {"memberId": encode("Person", "PS-NOPE")})
    refused(gql, db, record, "NOT_FOUND", "householdId", **valid | {"householdId": encode("Household", "HH-NOPE")})
    refused(gql, db, "retractService", "NOT_FOUND", "serviceRecordId",
            serviceRecordId=encode("ServiceRecord", "SR-NOPE"), reason="错")  # fmt: skip
    rid = encode("ServiceRecord", ok(gql, record, **valid)["serviceRecord"]["code"])
    refused(gql, db, "retractService", "BLANK", "reason", serviceRecordId=rid, reason=" ")
    refused(gql, db, "retractService", "STRING_TOO_SHORT", "reason", serviceRecordId=rid, reason="")
    refused(gql, db, "retractService", "STRING_TOO_LONG", "reason", serviceRecordId=rid, reason="x" * 501)
    # The day served defaults to the county's today.
    assert ok(gql, record, **valid | {"servedOn": None})["serviceRecord"]["servedOn"] == day()


def test_the_record_a_fulfilled_wish_left_is_not_retracted_on_its_own(gql, db, world) -> None:
    db.execute_query(
        """MATCH (h:Household {code: $p + 'HH1'}), (m:Person {code: $p + 'PS1'})
           CREATE (w:Entity:Wish {code: $p + 'WS1', title: '想要一台收音机', status: 'FULFILLED', version: 4})
           CREATE (w)-[:FOR]->(h)
           CREATE (s:Entity:ServiceRecord {code: $p + 'SR1', kind: 'MICRO_WISH', servedOn: date('2026-10-01'),
                                           description: '想要一台收音机'})-[:FULFILS]->(w)
           CREATE (s)-[:FOR]->(h)
           CREATE (s)-[:BY]->(m)""",
        p=PREFIX,
    )
    message = refused(gql, db, "retractService", "FULFILS_A_WISH", "serviceRecordId",
                      serviceRecordId=gid("ServiceRecord", "SR1"), reason="重复登记")  # fmt: skip
    assert PREFIX + "WS1" in message
    # A micro-wish's record is made by fulfilWish, with its FULFILS link, not by recordService.
    refused(gql, db, "recordService", "LITERAL_ERROR", "kind", memberId=gid("Person", "PS1"),
            householdId=gid("Household", "HH1"), kind="MICRO_WISH", method="做好小事情")  # fmt: skip


def test_the_five_small_methods_are_those_the_records_use(db) -> None:
    records, _, _ = db.execute_query("MATCH (s:ServiceRecord) RETURN collect(DISTINCT s.method) AS methods")
    assert set(records[0]["methods"]) <= set(FIVE_SMALL)
    assert len(records[0]["methods"]) == len(FIVE_SMALL)


def test_the_county_s_service_count_moves_and_moves_back(gql, db, world, ground_truth) -> None:
    planted = ground_truth["figures"]["serviceRecords"]
    # A cadre and a household the data set already pairs in a service record.
    records, _, _ = db.execute_query(
        """MATCH (p:Person)<-[:BY]-(s:ServiceRecord)-[:FOR]->(h:Household)
           RETURN p.code AS member, h.code AS household ORDER BY s.code LIMIT 1"""
    )
    member, household = records[0]["member"], records[0]["household"]
    assert summary(gql)["serviceRecords"] == planted
    record = ok(gql, "recordService", memberId=encode("Person", member), householdId=encode("Household", household),
                kind="POLICY_TALK", method="讲清小道理", servedOn="2026-10-30")["serviceRecord"]  # fmt: skip
    world.append(record["code"])
    assert summary(gql)["serviceRecords"] == planted + 1
    ok(gql, "retractService", serviceRecordId=encode("ServiceRecord", record["code"]), reason="测试数据")
    assert summary(gql)["serviceRecords"] == planted


# ---------------------------------------------------------------- grants (工作经费, 党费补助)


def test_a_grant_recorded_paid_and_voided(gql, db, world) -> None:
    grid = gid("Grid", "GR1")
    zero = {"grants": 0, "amountYuan": 0}
    assert {k: funds(gql, grid)[k] for k in zero} == zero
    grant = ok(gql, "recordGrant", kind="PARTY_FEE_SUBSIDY", amountYuan=5000, year=2026,
               organizationId=gid("PartyOrganization", "PO3"), unitId=gid("Unit", "UN2"))["grant"]  # fmt: skip
    assert grant["code"].startswith("GT-")
    assert grant | {"code": None} == {
        "code": None,
        "kind": "PARTY_FEE_SUBSIDY",
        "amountYuan": 5000,
        "year": 2026,
        "disbursedOn": None,
        "voidedOn": None,
        "voidReason": None,
        "to": {"code": PREFIX + "PO3"},
        "from": {"code": PREFIX + "UN2"},
    }
    gtid = encode("Grant", grant["code"])
    listing = """query ($scope: ID!, $org: ID!) {
      grants(scope: $scope) { nodes { code disbursedOn } }
      all: grants(scope: $scope, includeVoided: true) { nodes { code voidedOn voidReason } }
      org: node(id: $org) { ... on PartyOrganization { grants { totalCount nodes { code } } } }
    }"""
    # Recorded, not yet paid: listed, but no money went anywhere yet.
    data = read(gql, listing, scope=grid, org=gid("PartyOrganization", "PO3"))
    assert data["grants"]["nodes"] == [{"code": grant["code"], "disbursedOn": None}]
    assert data["org"]["grants"] == {"totalCount": 1, "nodes": [{"code": grant["code"]}]}
    assert {k: funds(gql, grid)[k] for k in zero} == zero
    assert not resources(gql, "2026-03-10")

    refused(gql, db, "disburseGrant", "DATE_ORDER", "on", grantId=gtid, on="2025-12-31")
    refused(gql, db, "disburseGrant", "DATE_IN_FUTURE", "on", grantId=gtid, on=day(1))
    paid = ok(gql, "disburseGrant", grantId=gtid, on="2026-03-03")["grant"]
    assert paid["disbursedOn"] == "2026-03-03"
    summary_ = funds(gql, grid)
    assert (summary_["grants"], summary_["amountYuan"]) == (1, 5000)
    assert {"kind": "PARTY_FEE_SUBSIDY", "grants": 1, "organizations": 1, "amountYuan": 5000} in summary_["byKind"]
    assert funds(gql, grid, year=2025)["grants"] == 0
    # Paid to the compound's own branch: a resource (五有: 有丰富的资源) from that day.
    assert (resources(gql, "2026-03-02"), resources(gql, "2026-03-03")) == (False, True)
    message = refused(gql, db, "disburseGrant", "ALREADY_DISBURSED", "grantId", grantId=gtid, on="2026-03-04")
    assert "2026-03-03" in message

    voided = ok(gql, "voidGrant", grantId=gtid, reason="重复录入")["grant"]
    assert (voided["voidedOn"], voided["voidReason"]) == (day(), "重复录入")
    assert {k: funds(gql, grid)[k] for k in zero} == zero
    assert not resources(gql, "2026-03-03")
    data = read(gql, listing, scope=grid, org=gid("PartyOrganization", "PO3"))
    assert data["grants"]["nodes"] == [] and data["org"]["grants"] == {"totalCount": 0, "nodes": []}
    assert data["all"]["nodes"] == [{"code": grant["code"], "voidedOn": day(), "voidReason": "重复录入"}]
    refused(gql, db, "voidGrant", "ALREADY_VOIDED", "grantId", grantId=gtid, reason="再作废")

    void, pay, record = trail(gql, gtid)
    assert [void["action"], pay["action"], record["action"]] == ["voidGrant", "disburseGrant", "recordGrant"]
    assert record["entities"] == [grant["code"], PREFIX + "PO3", PREFIX + "UN2"]
    assert record["after"] == {"kind": "PARTY_FEE_SUBSIDY", "amountYuan": 5000, "year": 2026, "to": PREFIX + "PO3",
                               "from": PREFIX + "UN2"}  # fmt: skip
    assert (pay["before"], pay["after"]) == ({"disbursedOn": None}, {"disbursedOn": "2026-03-03"})
    assert (void["before"], void["after"]) == ({"voidedOn": None}, {"voidedOn": day(), "voidReason": "重复录入"})
    assert pay["entities"] == [grant["code"], PREFIX + "PO3", PREFIX + "UN2"]


def test_grant_input_errors_write_nothing(gql, db, world) -> None:
    valid = {"kind": "WORKING_FUNDS", "amountYuan": 10_000, "year": 2026,
             "organizationId": gid("PartyOrganization", "PO1"), "unitId": gid("Unit", "UN2")}  # fmt: skip
    record = "recordGrant"
    refused(gql, db, record, "GREATER_THAN", "amountYuan", **valid | {"amountYuan": 0})
    refused(gql, db, record, "GREATER_THAN_EQUAL", "year", **valid | {"year": 1999})
    refused(gql, db, record, "LESS_THAN_EQUAL", "year", **valid | {"year": 2101})
    refused(gql, db, record, "INVALID_ID", "organizationId", **valid | {"organizationId": gid("Unit", "UN2")})
    refused(gql, db, record, "INVALID_ID", "unitId", **valid | {"unitId": gid("PartyOrganization", "PO1")})
    refused(gql, db, record, "NOT_FOUND", "organizationId",
            **valid | {"organizationId": encode("PartyOrganization", "PO-NOPE")})  # fmt: skip
    refused(gql, db, record, "NOT_FOUND", "unitId", **valid | {"unitId": encode("Unit", "UN-NOPE")})
    refused(gql, db, "disburseGrant", "NOT_FOUND", "grantId", grantId=encode("Grant", "GT-NOPE"))
    gtid = encode("Grant", ok(gql, record, **valid)["grant"]["code"])
    refused(gql, db, "voidGrant", "BLANK", "reason", grantId=gtid, reason="   ")
    ok(gql, "voidGrant", grantId=gtid, reason="金额有误")
    message = refused(gql, db, "disburseGrant", "VOIDED", "grantId", grantId=gtid)
    assert day() in message


def test_the_county_s_funds_move_and_move_back(gql, world, ground_truth) -> None:
    planted = ground_truth["figures"]["grants"]
    planted_total = sum(kind["totalYuan"] for kind in planted.values())
    query = "{ grants(year: 2026, kind: WORKING_FUNDS, first: 1) { nodes { to { code kind } from { code } } } }"
    grants = read(gql, query)["grants"]["nodes"]
    branch, finance = grants[0]["to"], grants[0]["from"]
    assert branch["kind"] == "GRID_BRANCH"
    assert funds(gql)["amountYuan"] == planted_total

    grant = ok(gql, "recordGrant", kind="WORKING_FUNDS", amountYuan=3000, year=2026,
               organizationId=encode("PartyOrganization", branch["code"]),
               unitId=encode("Unit", finance["code"]))  # fmt: skip
    world.append(grant["grant"]["code"])
    gtid = encode("Grant", grant["grant"]["code"])
    assert funds(gql)["amountYuan"] == planted_total
    ok(gql, "disburseGrant", grantId=gtid, on="2026-06-01")
    moved = funds(gql)
    assert (moved["grants"], moved["amountYuan"]) == (
        sum(k["count"] for k in planted.values()) + 1,
        planted_total + 3000,
    )
    ok(gql, "voidGrant", grantId=gtid, reason="测试数据")
    assert funds(gql)["amountYuan"] == planted_total


# ---------------------------------------------------------------- idempotent retries and text as given


# (mutation, payload field, entity type, input, the same input changed)
CREATES = [
    ("createMicroProject", "project", "MicroProject", lambda: {
        "name": "测试小区增绿", "kind": "GREENING", "ownerId": gid("PartyOrganization", "PO1"),
        "siteId": gid("Compound", "CP1"), "coordinatingUnitIds": [gid("Unit", "UN1")], "budgetYuan": 8000,
        "plannedStartOn": "2026-10-01"}, {"budgetYuan": 9000}),
    ("recordService", "serviceRecord", "ServiceRecord", lambda: {
        "memberId": gid("Person", "PS1"), "householdId": gid("Household", "HH2"), "kind": "HEALTH_CHECK",
        "method": "做好小事情", "servedOn": "2026-10-02"}, {"servedOn": "2026-10-03"}),
    ("recordGrant", "grant", "Grant", lambda: {
        "kind": "WORKING_FUNDS", "amountYuan": 10_000, "year": 2026, "organizationId": gid("PartyOrganization", "PO1"),
        "unitId": gid("Unit", "UN2")}, {"amountYuan": 1}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "field", "kind", "input", "changed"), CREATES, ids=[c[0] for c in CREATES])
def test_a_retry_with_the_same_key_returns_the_first_result_and_writes_nothing_more(
    gql, db, world, name, field, kind, input, changed
) -> None:
    key = PREFIX + name
    first = ok(gql, name, **input(), idempotencyKey=key)
    after_first = totals(db)
    assert ok(gql, name, **input(), idempotencyKey=key) == first
    assert totals(db) == after_first
    assert [r["action"] for r in trail(gql, encode(kind, first[field]["code"]))] == [name]
    # The same key with other input is refused, and writes nothing.
    message = refused(
        gql, db, name, "IDEMPOTENCY_KEY_REUSED", "idempotencyKey", **input() | changed, idempotencyKey=key
    )
    assert "different request" in message


def test_a_retried_milestone_is_added_once(gql, db, world) -> None:
    pid = encode("MicroProject", new_project(gql)["code"])
    input = {"projectId": pid, "title": "验收投用", "dueOn": "2026-12-01", "idempotencyKey": PREFIX + "milestone"}
    first = ok(gql, "addMilestone", **input)
    after_first = totals(db)
    assert ok(gql, "addMilestone", **input) == first
    assert totals(db) == after_first
    project = read(gql, "query ($id: ID!) { node(id: $id) { ... on MicroProject { milestones { code } } } }", id=pid)
    assert project["node"]["milestones"] == [{"code": first["milestone"]["code"]}]


def test_text_is_stored_exactly_as_given(gql, db, world) -> None:
    project = new_project(gql, name=HOSTILE)
    assert project["name"] == HOSTILE
    record = ok(gql, "recordService", memberId=gid("Person", "PS1"), householdId=gid("Household", "HH1"),
                kind="REPAIR", method="解决小问题", servedOn="2026-10-01",
                description=f"  {HOSTILE}\n换了水龙头；\"quoted\" $param \\ ")["serviceRecord"]  # fmt: skip
    stored, _, _ = db.execute_query(
        "MATCH (p:MicroProject {code: $p}), (s:ServiceRecord {code: $s}) RETURN p.name AS name, s.description AS d",
        p=project["code"],
        s=record["code"],
    )
    assert stored[0]["name"] == HOSTILE
    assert stored[0]["d"] == f'  {HOSTILE}\n换了水龙头；"quoted" $param \\ '
    assert trail(gql, encode("MicroProject", project["code"]))[0]["after"]["name"] == HOSTILE
    # The graph is all still there.
    assert summary(gql)["serviceRecords"] > 0


def test_concurrent_completions_of_one_milestone_make_one_change(gql, db, world) -> None:
    pid = encode("MicroProject", new_project(gql)["code"])
    mid = encode(
        "Milestone", ok(gql, "addMilestone", projectId=pid, title="施工", dueOn="2026-10-01")["milestone"]["code"]
    )
    ok(gql, "changeMicroProjectStatus", projectId=pid, status="IN_PROGRESS", on="2026-09-01")
    clients = 6
    barrier = threading.Barrier(clients)
    payloads: list[dict[str, Any]] = []

    def complete() -> None:
        barrier.wait()
        payloads.append(mutate(gql, "completeMilestone", milestoneId=mid, doneOn="2026-10-01"))

    threads = [threading.Thread(target=complete) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    codes = sorted(tuple(e["code"] for e in p["userErrors"]) for p in payloads)
    assert codes == [()] + [("ALREADY_DONE",)] * (clients - 1)
    assert [r["action"] for r in trail(gql, mid)] == ["completeMilestone", "addMilestone"]


# ---------------------------------------------------------------- the planted data set is untouched


def test_the_planted_figures_are_untouched(gql, db, ground_truth) -> None:
    figures = ground_truth["figures"]
    data = read(
        gql,
        """{ threeMicroSummary { serviceRecords plants lights microProjects { kind count } }
             fundsSummary { byKind { kind grants amountYuan } }
             all: serviceRecords(includeRetracted: true) { totalCount } }""",
    )
    summary_ = data["threeMicroSummary"]
    assert summary_["serviceRecords"] == data["all"]["totalCount"] == figures["serviceRecords"]
    assert {p["kind"]: p["count"] for p in summary_["microProjects"]} == figures["microProjectsByKind"]
    assert (summary_["plants"], summary_["lights"]) == (figures["greeningPlants"], figures["lightingLights"])
    by_kind = {k["kind"]: {"count": k["grants"], "totalYuan": k["amountYuan"]} for k in data["fundsSummary"]["byKind"]}
    assert by_kind == figures["grants"]
    # No test entity, audit record or idempotency key is left behind.
    records, _, _ = db.execute_query(
        """CALL () { MATCH (n:Entity) WHERE n.code STARTS WITH $p RETURN count(n) AS entities }
           CALL () { MATCH (k:IdempotencyKey) WHERE k.clientKey STARTS WITH $p RETURN count(k) AS keys }
           RETURN entities, keys""",
        p=PREFIX,
    )
    assert dict(records[0]) == {"entities": 0, "keys": 0}
