"""Personal data is shown only to roles that need it and masked for everyone else."""

from __future__ import annotations

import re

import neo4j

from graph.scope import Role, Viewer

PERSON = """query ($code: String!) { byCode(code: $code) { ... on Person { name phone idNumber specialGroups } } }"""


def _special_group_person(db: neo4j.Driver) -> dict:
    records, _, _ = db.execute_query(
        "MATCH (p:Person) WHERE size(p.specialGroups) > 0 AND p.phone IS NOT NULL "
        "RETURN p.code AS code, p.name AS name, p.phone AS phone, p.idNumber AS idNumber, "
        "p.specialGroups AS groups ORDER BY p.code LIMIT 1"
    )
    return dict(records[0])


def test_anonymous_callers_see_masked_personal_data(gql, db: neo4j.Driver) -> None:
    person = _special_group_person(db)
    seen = gql(PERSON, {"code": person["code"]})["data"]["byCode"]
    assert seen["name"] == person["name"][0] + "*" * (len(person["name"]) - 1)
    assert re.fullmatch(r"\d{3}\*{4}\d{4}", seen["phone"])
    assert seen["phone"][:3] == person["phone"][:3] and seen["phone"][-4:] == person["phone"][-4:]
    assert seen["idNumber"] == person["idNumber"][:6] + "*" * 8 + person["idNumber"][-4:]
    assert seen["specialGroups"] == []


def test_roles_that_visit_residents_see_them_in_full(execute, db: neo4j.Driver) -> None:
    person = _special_group_person(db)
    for role in (Role.COUNTY, Role.COMMUNITY, Role.GRID):
        result = execute(PERSON, {"code": person["code"]}, Viewer(role=role))
        seen = result.data["byCode"]
        assert seen == {
            "name": person["name"],
            "phone": person["phone"],
            "idNumber": person["idNumber"],
            "specialGroups": person["groups"],
        }
    for role in (Role.ANALYST, Role.MEMBER, Role.RESIDENT):
        seen = execute(PERSON, {"code": person["code"]}, Viewer(role=role)).data["byCode"]
        assert seen["name"] != person["name"] and seen["specialGroups"] == []
