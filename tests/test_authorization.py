"""Scope on every path, by hand: a grid's staff asking for another grid's data by every path gets nothing (as
if it did not exist), counts are the scoped counts, members and residents see their own, and what each role
may change follows the table in docs/AUTHORIZATION.md."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from api.ids import encode
from graph import permissions
from graph.scope import Role, Viewer


@pytest.fixture(scope="module")
def grids(db: neo4j.Driver, ground_truth: dict[str, Any]) -> dict[str, Any]:
    """Grid A (the planted full chain's) and grid B, each with a household, building, compound, resident and
    grid branch, and B's uncovered household."""
    a = ground_truth["samples"]["fullChain"]["grid"]
    records, _, _ = db.execute_query(
        """MATCH (g:Grid) WHERE g.code <> $a
           MATCH (g)<-[:PART_OF]-(:Area)<-[:PART_OF]-(c:Compound)<-[:PART_OF]-(b:Building)<-[:PART_OF]-(h:Household)
           MATCH (h)<-[:RESIDES_IN]-(p:Person)
           MATCH (g)<-[:ANSWERS_FOR]-(o:PartyOrganization {kind: 'GRID_BRANCH'})
           RETURN g.code AS grid, c.code AS compound, b.code AS building, h.code AS household, p.code AS person,
                  o.code AS branch
           ORDER BY g.code, h.code LIMIT 1""",
        a=a,
    )
    return {"A": a, "B": dict(records[0])}


def _ids(codes: dict[str, str]) -> dict[str, str]:
    labels = {"grid": "Grid", "compound": "Compound", "building": "Building", "household": "Household",
              "person": "Person", "branch": "PartyOrganization"}  # fmt: skip
    return {k: encode(labels[k], v) for k, v in codes.items() if k in labels}


EVERY_PATH = """query ($grid: ID!, $household: ID!, $person: ID!, $branch: ID!, $hh: String!, $ids: [ID!]!) {
  node(id: $household) { id }
  nodes(ids: $ids) { id }
  byCode(code: $hh) { code }
  search(text: $hh) { node { id } }
  personNode: node(id: $person) { id }
  branchNode: node(id: $branch) { id }
  gridNode: node(id: $grid) { id }
  auditTrail(entity: $household) { totalCount nodes { id } }
  grids(first: 100) { totalCount nodes { code } }
  county { streets { communities { grids { code } } } }
}"""


def test_another_grids_entities_are_out_of_reach_by_every_path(gql, grids) -> None:
    b = grids["B"]
    ids = _ids(b)
    variables = {**{k: ids[k] for k in ("grid", "household", "person", "branch")}, "hh": b["household"],
                 "ids": list(ids.values())}  # fmt: skip
    seen = gql(EVERY_PATH, variables, role="GRID", scope=grids["A"])
    assert "errors" not in seen, seen
    data = seen["data"]
    assert data["node"] is None and data["personNode"] is None and data["branchNode"] is None
    assert data["gridNode"] is None and data["byCode"] is None and data["search"] == []
    assert data["nodes"] == [None] * len(ids)
    assert data["auditTrail"] == {"totalCount": 0, "nodes": []}
    assert data["grids"] == {"totalCount": 1, "nodes": [{"code": grids["A"]}]}
    assert [g["code"] for s in data["county"]["streets"] for c in s["communities"] for g in c["grids"]] == [grids["A"]]
    # The county sees all of it (the same query answers).
    county = gql(EVERY_PATH, variables)["data"]
    assert county["node"] and county["personNode"] and county["byCode"] and county["search"]
    assert county["grids"]["totalCount"] == 19


def test_out_of_scope_ids_read_like_ids_that_do_not_exist(gql, grids) -> None:
    b = grids["B"]
    scoped = {"role": "GRID", "scope": grids["A"]}
    for field, label, code in (("coverage", "Grid", b["grid"]), ("uncoveredHouseholds", "Compound", b["compound"])):
        selection = "{ households }" if field == "coverage" else "{ totalCount }"
        query = f"query ($s: ID) {{ {field}(scope: $s) {selection} }}"
        outside = gql(query, {"s": encode(label, code)}, **scoped)
        nowhere = gql(query, {"s": encode(label, "XX-NONE")}, **scoped)
        assert outside["data"] is None and nowhere["data"] is None
        # The same error, word for word, but for the code the caller sent.
        assert [(e["message"].replace(code, "?"), e["extensions"]) for e in outside["errors"]] == [
            (e["message"].replace("XX-NONE", "?"), e["extensions"]) for e in nowhere["errors"]
        ]
        assert outside["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    network = "query ($c: ID!) { pairingNetwork(center: $c) { nodes { id } } }"
    outside = gql(network, {"c": encode("Household", b["household"])}, **scoped)
    nowhere = gql(network, {"c": encode("Household", "HH-NONE")}, **scoped)
    assert outside["errors"][0]["extensions"] == nowhere["errors"][0]["extensions"] == {"code": "NOT_FOUND"}


def test_counts_are_the_counts_of_the_scope(gql, grids, ground_truth, db: neo4j.Driver) -> None:
    a = grids["A"]
    day = ground_truth["referenceDate"]
    query = """query ($d: Date) {
      coverage(asOf: $d) { households coveredHouseholds buildings grids }
      uncoveredHouseholds(asOf: $d, first: 1) { totalCount }
      compounds(first: 1) { totalCount }
    }"""
    mine = gql(query, {"d": day}, role="GRID", scope=a)["data"]
    truth = ground_truth["coverage"]["grids"][a]
    assert mine["coverage"] == {k: truth[k] for k in ("households", "coveredHouseholds", "buildings", "grids")}
    records, _, _ = db.execute_query(
        "UNWIND $codes AS code MATCH (:Household {code: code})-[:PART_OF*]->(:Grid {code: $g}) RETURN count(*) AS n",
        codes=ground_truth["uncoveredHouseholds"],
        g=a,
    )
    assert mine["uncoveredHouseholds"]["totalCount"] == records[0]["n"] > 0
    records, _, _ = db.execute_query("MATCH (c:Compound)-[:PART_OF*]->(:Grid {code: $g}) RETURN count(c) AS n", g=a)
    assert mine["compounds"]["totalCount"] == records[0]["n"]
    community = ground_truth["samples"]["fullChain"]["community"]
    theirs = gql(query, {"d": day}, role="COMMUNITY", scope=community)["data"]["coverage"]
    truth = ground_truth["coverage"]["communities"][community]
    assert theirs == {k: truth[k] for k in ("households", "coveredHouseholds", "buildings", "grids")}


# ---------------------------------------------------------------- members and residents


def _member(db: neo4j.Driver) -> dict[str, Any]:
    records, _, _ = db.execute_query(
        """MATCH (p:Person {isPartyMember: true})-[r:PAIRED_WITH]->(h:Household)
           WHERE r.validTo IS NULL AND NOT EXISTS { (p)-[x:PAIRED_WITH]->(:Building) WHERE x.validTo IS NULL }
           WITH p, collect(h.code) AS mine ORDER BY p.code LIMIT 1
           MATCH (other:Household) WHERE NOT other.code IN mine
           RETURN p.code AS member, mine, min(other.code) AS other"""
    )
    return dict(records[0])


def test_a_member_sees_the_households_paired_with_them_in_full_and_nothing_else(gql, db: neo4j.Driver) -> None:
    m = _member(db)
    query = """query ($mine: String!, $other: String!) {
      me: byCode(code: $mine) { ... on Household { code address residents { name specialGroups } } }
      other: byCode(code: $other) { code }
      wishes(first: 100) { nodes { household { code } } }
    }"""
    seen = gql(query, {"mine": m["mine"][0], "other": m["other"]}, role="MEMBER", sub=m["member"])
    assert "errors" not in seen, seen
    me = seen["data"]["me"]
    assert me["code"] == m["mine"][0] and not me["address"].endswith("****")
    assert all("*" not in r["name"] for r in me["residents"])
    assert seen["data"]["other"] is None
    assert {w["household"]["code"] for w in seen["data"]["wishes"]["nodes"]} <= set(m["mine"])
    refused = gql("{ coverage { households } }", role="MEMBER", sub=m["member"])
    assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_resident_sees_their_own_household_and_its_wishes_only(gql, db: neo4j.Driver) -> None:
    records, _, _ = db.execute_query(
        """MATCH (p:Person)-[:RESIDES_IN]->(h:Household)<-[:FOR]-(w:Wish)
           WITH p, h, collect(w.code) AS wishes ORDER BY p.code LIMIT 1
           MATCH (o:Person)-[:RESIDES_IN]->(x:Household) WHERE x <> h
           RETURN p.code AS person, h.code AS household, wishes, min(o.code) AS stranger"""
    )
    r = records[0]
    query = """query ($h: String!, $s: String!) {
      home: byCode(code: $h) { ... on Household { code residents { code } } }
      stranger: byCode(code: $s) { code }
      wishes(first: 100) { totalCount nodes { code title } }
    }"""
    seen = gql(query, {"h": r["household"], "s": r["stranger"]}, role="RESIDENT", sub=r["person"])["data"]
    assert seen["home"]["code"] == r["household"] and r["person"] in {p["code"] for p in seen["home"]["residents"]}
    assert seen["stranger"] is None
    assert sorted(w["code"] for w in seen["wishes"]["nodes"]) == sorted(r["wishes"])
    assert seen["wishes"]["totalCount"] == len(r["wishes"])


# ---------------------------------------------------------------- what each role may change

TABLE = {
    # operation: roles that may run it (docs/AUTHORIZATION.md)
    "pairMemberWithHousehold": "C S M G",
    "endPairing": "C S M G",
    "pairMemberWithBuilding": "C S M",
    "pairUnitWithArea": "C S M",
    "appointToPost": "C S M G",
    "submitWish": "C S M G R",
    "acceptWish": "C S M G",
    "claimWish": "C S M P",
    "fulfilWish": "C S M P",
    "cancelWish": "C S M R",
    "rateWish": "C S M R",
    "createMicroProject": "C S M",
    "recordService": "C S M G P",
    "raiseMatter": "C S M G",
    "recordGrant": "C",
    "disburseGrant": "C",
    "voidGrant": "C",
    "importRegister": "C S M",
    "importPairings": "C S M",
    "importBuildingLeaders": "C S M",
}
LETTERS = {"C": Role.COUNTY, "S": Role.STREET, "M": Role.COMMUNITY, "G": Role.GRID, "P": Role.MEMBER,
           "R": Role.RESIDENT, "A": Role.ANALYST}  # fmt: skip


@pytest.mark.parametrize("operation", sorted(TABLE))
def test_the_capability_table_is_the_documented_one(operation: str) -> None:
    allowed = {LETTERS[letter] for letter in TABLE[operation].split()}
    for role in Role:
        assert permissions.may(Viewer(role=role, subject="x"), operation) == (role in allowed), (operation, role)


def test_every_mutation_is_in_the_capability_table() -> None:
    from ledgers.sheets import LEDGERS
    from schema.api import schema

    mutations = set(schema._schema.mutation_type.fields)
    imports = {ledger.operation for ledger in LEDGERS.values() if ledger.operation}  # POST /import/<ledger>
    assert imports == {"importRegister", "importPairings", "importBuildingLeaders"}
    assert mutations | imports == set(permissions.PERMISSIONS), "deny by default: an operation nobody may run"


def test_the_analyst_and_other_roles_are_refused_what_they_may_not_change(gql, grids, ground_truth) -> None:
    branch = encode("PartyOrganization", ground_truth["samples"]["fullChain"]["gridBranch"])
    unit = encode("Unit", ground_truth["samples"]["fullChain"]["pairedUnits"][0])
    grant = """mutation ($o: ID!, $u: ID!) { recordGrant(input: {organizationId: $o, unitId: $u,
      kind: WORKING_FUNDS, amountYuan: 1000, year: 2026}) { grant { code } userErrors { code message } } }"""
    for role, scope in (("ANALYST", None), ("GRID", grids["A"]), ("COMMUNITY", "CM01"), ("STREET", "ST01")):
        answer = gql(grant, {"o": branch, "u": unit}, role=role, scope=scope)
        assert answer["data"]["recordGrant"]["grant"] is None, role
        assert [e["code"] for e in answer["data"]["recordGrant"]["userErrors"]] == ["FORBIDDEN"], role
    log = gql('{ auditLog(actor: "ANALYST@CT01", first: 100) { nodes { action outcome after } } }')
    refused = [r for r in log["data"]["auditLog"]["nodes"] if r["action"] == "recordGrant"]
    assert refused and refused[0]["outcome"] == "REFUSED" and refused[0]["after"]["refused"] == "FORBIDDEN"
