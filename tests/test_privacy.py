"""Personal data is shown in full to the roles whose scope gives it to them, masked for the analyst, and
every read in full of special-group status or an ID number leaves an access record."""

from __future__ import annotations

import re

import neo4j

from graph.privacy import mask_address, mask_text
from graph.scope import Role, Viewer

PERSON = (
    """query ($code: String!) { byCode(code: $code) { ... on Person { code name phone idNumber specialGroups } } }"""
)


def _special_group_person(db: neo4j.Driver) -> dict:
    """A special-group resident, where they live, someone paired with their household, and a stranger."""
    records, _, _ = db.execute_query(
        """MATCH (p:Person)-[:RESIDES_IN]->(h:Household)-[:PART_OF*]->(g:Grid)-[:PART_OF]->(c:Community)
           WHERE size(p.specialGroups) > 0 AND p.phone IS NOT NULL
             AND EXISTS { (h)<-[r:PAIRED_WITH]-(:Person) WHERE r.validTo IS NULL }
           WITH p, h, g, c ORDER BY p.code LIMIT 1
           MATCH (h)<-[r:PAIRED_WITH]-(m:Person) WHERE r.validTo IS NULL
           MATCH (other:Person)-[:RESIDES_IN]->(x:Household) WHERE x <> h
           RETURN p.code AS code, p.name AS name, p.phone AS phone, p.idNumber AS idNumber,
                  p.specialGroups AS groups, g.code AS grid, c.code AS community, min(m.code) AS member,
                  min(other.code) AS stranger"""
    )
    return dict(records[0])


def test_the_analyst_sees_personal_data_masked(gql, db: neo4j.Driver) -> None:
    person = _special_group_person(db)
    seen = gql(PERSON, {"code": person["code"]}, role="ANALYST")["data"]["byCode"]
    assert seen["name"] == person["name"][0] + "*" * (len(person["name"]) - 1)
    assert re.fullmatch(r"\d{3}\*{4}\d{4}", seen["phone"])
    assert seen["phone"][:3] == person["phone"][:3] and seen["phone"][-4:] == person["phone"][-4:]
    assert seen["idNumber"] == person["idNumber"][:6] + "*" * 8 + person["idNumber"][-4:]
    assert seen["specialGroups"] == []


def test_roles_whose_scope_holds_a_resident_see_them_in_full(execute, db: neo4j.Driver, viewer_of) -> None:
    person = _special_group_person(db)
    full = {
        "code": person["code"],
        "name": person["name"],
        "phone": person["phone"],
        "idNumber": person["idNumber"],
        "specialGroups": person["groups"],
    }
    for viewer in (
        Viewer.county(),
        viewer_of(Role.STREET, "ST01"),
        viewer_of(Role.COMMUNITY, person["community"]),
        viewer_of(Role.GRID, person["grid"]),
        viewer_of(Role.MEMBER, sub=person["member"]),  # paired with their household
        viewer_of(Role.RESIDENT, sub=person["code"]),  # themselves
    ):
        result = execute(PERSON, {"code": person["code"]}, viewer)
        assert result.errors is None, result.errors
        assert result.data["byCode"] == full, viewer.role
    # A resident of another household sees nobody else's.
    assert execute(PERSON, {"code": person["code"]}, viewer_of(Role.RESIDENT, sub=person["stranger"])).data == {
        "byCode": None
    }


def test_reads_in_full_of_special_groups_and_id_numbers_leave_access_records(gql, db: neo4j.Driver) -> None:
    person = _special_group_person(db)
    query = """query ($p: ID!) { accessLog(person: $p, first: 100) { totalCount nodes { actor actorRole field } } }"""
    from api.ids import encode

    def log() -> list[dict]:
        return gql(query, {"p": encode("Person", person["code"])})["data"]["accessLog"]["nodes"]

    before = log()
    gql(PERSON, {"code": person["code"]}, role="GRID", scope=person["grid"], sub="PS000001")
    after = log()
    new = after[: len(after) - len(before)]
    assert sorted((r["actor"], r["actorRole"], r["field"]) for r in new) == [
        ("PS000001", "GRID", "idNumber"),
        ("PS000001", "GRID", "specialGroups"),
    ]
    # The analyst reads them masked: nothing to record. The name and phone are not recorded either.
    gql(PERSON, {"code": person["code"]}, role="ANALYST")
    gql("query ($c: String!) { byCode(code: $c) { ... on Person { name phone } } }", {"code": person["code"]},
        role="GRID", scope=person["grid"])  # fmt: skip
    assert len(log()) == len(after)
    # Only the county reads the access log.
    refused = gql(query, {"p": encode("Person", person["code"])}, role="GRID", scope=person["grid"])
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_masking_rules() -> None:
    assert mask_address("城关街道人民路2号酒厂家属院1号楼2单元101室") == "城关街道人民路2号酒厂家属院1号楼****"
    text = "联系人电话13912345678，身份证610522199001011234，座机0913-1234567。"
    assert mask_text(text) == "联系人电话139****5678，身份证610522********1234，座机0913-***4567。"
