"""The lists people work from, each against what the generator planted (seeds/truth.py, from its rows): cadres
with no pairing or buildings only, reporting in (报到), Party organizations, red stewards, team members, a unit's
activity, pairing histories, scopes named by code, and the facts the model stores about places and people."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import neo4j

from api import ids
from graph.driver import count_queries
from graph.scope import Viewer


def read(gql, query: str, **variables: Any) -> dict[str, Any]:
    body = gql(query, variables)
    assert "errors" not in body, body["errors"]
    return body["data"]


def every(gql, query: str, field: str, **variables: Any) -> tuple[list[dict[str, Any]], int]:
    """Every node of a root connection, page after page of 100; and the totalCount of the first page."""
    nodes: list[dict[str, Any]] = []
    after = None
    total = 0
    while True:
        page = read(gql, query, **variables, first=100, after=after)[field]
        total = page["totalCount"] if after is None else total
        nodes += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return nodes, total
        after = page["pageInfo"]["endCursor"]


# ---------------------------------------------------------------- cadres: unpaired, buildings only


CADRES = """query ($scope: ID, $pairing: CadrePairing, $asOf: Date, $first: Int, $after: String) {
  cadres(scope: $scope, pairing: $pairing, asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { code unit { code } }
  }
}"""


def test_cadres_with_no_pairing_on_a_day(gql, ground_truth) -> None:
    # On the day the June wave ended pairings, grid changers had left their old households and not yet met their
    # new ones; by the reference day every cadre is paired again.
    for day, expected in ground_truth["cadresWithoutPairing"].items():
        nodes, total = every(gql, CADRES, "cadres", pairing="UNPAIRED", asOf=day)
        assert [n["code"] for n in nodes] == expected
        assert total == len(expected)
    assert set(ground_truth["cadresWithoutPairing"][ground_truth["pairingEndDate"]]) & set(
        ground_truth["samples"]["gridChangers"]
    )
    assert ground_truth["cadresWithoutPairing"][ground_truth["referenceDate"]] == []


def test_cadres_paired_only_with_buildings(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    nodes, total = every(gql, CADRES, "cadres", pairing="BUILDINGS_ONLY", asOf=day)
    assert [n["code"] for n in nodes] == ground_truth["cadresPairedOnlyWithBuildings"]
    assert total == len(nodes) > 0
    everyone = read(gql, CADRES, asOf=day, first=1)["cadres"]["totalCount"]
    households = read(gql, CADRES, pairing="HOUSEHOLDS", asOf=day, first=1)["cadres"]["totalCount"]
    assert everyone == ground_truth["figures"]["cadres"] == households + total


def test_cadres_of_a_grid_are_those_reporting_in_to_it_and_a_units_are_its_own(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    for grid, reported in ground_truth["reportedMembersByGrid"].items():
        # A code names a scope as well as an id does.
        assert read(gql, CADRES, scope=grid, asOf=day, first=1)["cadres"]["totalCount"] == reported, grid
    unit = ground_truth["samples"]["firstUnit"]
    nodes, total = every(gql, CADRES, "cadres", scope=unit, asOf=day)
    own = read(gql, "query ($code: String!) { byCode(code: $code) { ... on Unit { cadres { totalCount } } } }",
               code=unit)["byCode"]["cadres"]["totalCount"]  # fmt: skip
    assert total == len(nodes) == own
    assert {n["unit"]["code"] for n in nodes} == {unit}


# ---------------------------------------------------------------- reporting in (报到)


REPORTED = """query ($code: String!, $asOf: Date, $first: Int, $after: String) { byCode(code: $code) { ... on Grid {
  reportedMembers(asOf: $asOf, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { member { code } grid { code } since until }
  } } } }"""


def test_who_reported_to_a_grid_and_since_when(gql, ground_truth) -> None:
    grid = ground_truth["samples"]["firstGrid"]
    seen: list[dict[str, Any]] = []
    after = None
    while True:
        page = read(gql, REPORTED, code=grid, asOf=ground_truth["referenceDate"], first=40, after=after)
        reports = page["byCode"]["reportedMembers"]
        seen += reports["nodes"]
        if not reports["pageInfo"]["hasNextPage"]:
            break
        after = reports["pageInfo"]["endCursor"]
    expected = ground_truth["samples"]["firstGridReportedMembers"]
    assert [{"member": r["member"]["code"], "since": r["since"]} for r in seen] == expected
    assert {r["grid"]["code"] for r in seen} == {grid} and {r["until"] for r in seen} == {None}
    assert reports["totalCount"] == len(expected) == ground_truth["reportedMembersByGrid"][grid]


def test_reported_members_of_every_grid_cost_one_query(execute, ground_truth) -> None:
    query = """query ($first: Int, $asOf: Date) { grids(first: $first) { nodes { code
        reportedMembers(asOf: $asOf, first: 5) { totalCount nodes { member { code } } } } } }"""
    trips = {}
    for first in (2, 19):
        with count_queries() as counter:
            result = execute(query, {"first": first, "asOf": ground_truth["referenceDate"]})
        assert result.errors is None, result.errors
        trips[first] = counter.count
    got = {g["code"]: g["reportedMembers"]["totalCount"] for g in result.data["grids"]["nodes"]}
    assert got == ground_truth["reportedMembersByGrid"]
    assert trips[2] == trips[19]


def test_a_grid_changer_reports_to_the_new_grid_from_the_day_of_the_move(gql, ground_truth) -> None:
    end = date.fromisoformat(ground_truth["pairingEndDate"])
    query = """query ($code: String!, $asOf: Date) { byCode(code: $code) { ... on Person {
        reportedTo(asOf: $asOf) { grid { code } since until endReason } } } }"""
    for changer in ground_truth["samples"]["gridChangers"]:
        before = read(gql, query, code=changer, asOf=(end - timedelta(days=1)).isoformat())["byCode"]["reportedTo"]
        after = read(gql, query, code=changer, asOf=ground_truth["referenceDate"])["byCode"]["reportedTo"]
        assert after["since"] == end.isoformat() and after["until"] is None
        assert before["until"] == end.isoformat() and before["endReason"] == "网格调整"
        assert before["grid"]["code"] != after["grid"]["code"]


# ---------------------------------------------------------------- Party organizations


ORGANIZATIONS = """query ($scope: ID, $kind: PartyOrganizationKind, $joint: Boolean, $first: Int, $after: String) {
  partyOrganizations(scope: $scope, kind: $kind, joint: $joint, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { code kind joint }
  }
}"""


def test_party_organizations_by_kind_and_joint(gql, ground_truth) -> None:
    figures = ground_truth["figures"]
    for kind, count in figures["partyOrganizationsByKind"].items():
        nodes, total = every(gql, ORGANIZATIONS, "partyOrganizations", kind=kind)
        assert total == len(nodes) == count and {n["kind"] for n in nodes} == {kind}
    branches = {
        joint: read(gql, ORGANIZATIONS, kind="COMPOUND_BRANCH", joint=joint, first=1)["partyOrganizations"]
        for joint in (True, False)
    }
    assert branches[True]["totalCount"] == figures["compoundBranchesJoint"] == 21
    assert branches[False]["totalCount"] == figures["compoundBranchesStandalone"] == 14
    everything, total = every(gql, ORGANIZATIONS, "partyOrganizations")
    assert total == len(everything) == sum(figures["partyOrganizationsByKind"].values())
    assert [n["code"] for n in everything] == sorted(n["code"] for n in everything)


def test_the_organizations_of_a_grid_are_those_answering_for_it_or_inside_it(gql, ground_truth) -> None:
    for grid, expected in ground_truth["partyOrganizationsByGrid"].items():
        nodes, total = every(gql, ORGANIZATIONS, "partyOrganizations", scope=ids.encode("Grid", grid))
        assert [n["code"] for n in nodes] == expected, grid
        assert total == len(expected)


# ---------------------------------------------------------------- red stewards and volunteer team members


STEWARDS = """query ($scope: ID, $first: Int, $after: String) {
  redStewards(scope: $scope, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { code redSteward } } }"""


def test_red_stewards(gql, ground_truth) -> None:
    _, county = every(gql, STEWARDS, "redStewards")
    assert county == ground_truth["figures"]["redStewards"] == 916
    grid = ground_truth["samples"]["firstGrid"]
    nodes, total = every(gql, STEWARDS, "redStewards", scope=grid)
    assert [n["code"] for n in nodes] == ground_truth["samples"]["firstGridRedStewards"]
    assert all(n["redSteward"] for n in nodes) and total == len(nodes)
    by_grid = {
        g: read(gql, STEWARDS, scope=g, first=1)["redStewards"]["totalCount"]
        for g in ground_truth["reportedMembersByGrid"]
    }
    assert by_grid == ground_truth["redStewardsByGrid"]
    assert sum(by_grid.values()) == county


def test_volunteer_team_members(gql, ground_truth, execute) -> None:
    teams = "volunteerTeams { code memberCount members(asOf: $asOf, first: 1) { totalCount } }"
    found: dict[str, int] = {}
    for field in ("units", "partyOrganizations"):
        query = f"""query ($asOf: Date, $first: Int, $after: String) {{
          {field}(first: $first, after: $after) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ {teams} }} }} }}"""
        trips = set()
        after = None
        while True:
            with count_queries() as counter:
                result = execute(query, {"asOf": ground_truth["referenceDate"], "first": 100 if after else 40,
                                         "after": after})  # fmt: skip
            assert result.errors is None, result.errors
            trips.add(counter.count)
            page = result.data[field]
            for team in (t for n in page["nodes"] for t in n["volunteerTeams"]):
                assert team["memberCount"] == team["members"]["totalCount"]
                found[team["code"]] = team["members"]["totalCount"]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        assert len(trips) == 1, trips  # 40 parents or 67: not one query per team
    assert found == ground_truth["volunteerTeamMembers"]
    first_team = sorted(found)[0]
    members = read(gql, """query ($code: String!) { byCode(code: $code) { ... on VolunteerTeam {
        members(first: 100) { nodes { code } } } } }""", code=first_team)["byCode"]["members"]["nodes"]  # fmt: skip
    assert [m["code"] for m in members] == ground_truth["samples"]["firstTeamMembers"]


# ---------------------------------------------------------------- a unit's activity, pairing histories


def test_when_each_unit_last_did_something(gql, ground_truth) -> None:
    query = """query ($asOf: Date, $after: String) { units(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes { code activity(asOf: $asOf) { lastActiveOn lastServiceOn lastProjectOn lastPairingChangeOn } } } }"""
    found: dict[str, Any] = {}
    after = None
    while True:
        page = read(gql, query, asOf=ground_truth["referenceDate"], after=after)["units"]
        found |= {u["code"]: u["activity"] for u in page["nodes"]}
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert found == ground_truth["unitActivity"]
    assert any(a["lastProjectOn"] for a in found.values()) and any(not a["lastProjectOn"] for a in found.values())


def test_pairing_histories_keep_ended_pairings(gql, ground_truth) -> None:
    query = """query ($code: String!) { byCode(code: $code) {
      ... on Household { pairingHistory { ...P } } ... on Building { pairingHistory { ...P } }
      ... on Person { pairingHistory { ...P } } ... on Unit { pairingHistory { ...P } } } }
    fragment P on Pairing { kind member { code } unit { code } household { code } building { code } area { code }
                            since until endReason }"""
    for sample in ground_truth["samples"]["pairingHistories"].values():
        history = read(gql, query, code=sample["code"])["byCode"]["pairingHistory"]
        got = []
        for p in history:
            source = p["member"] or p["unit"]
            target = p["household"] or p["building"] or p["area"]
            got.append({"from": source["code"], "to": target["code"], "validFrom": p["since"], "validTo": p["until"],
                        "endReason": p["endReason"]})  # fmt: skip
            assert p["kind"] == {"HH": "HOUSEHOLD", "BD": "BUILDING", "AR": "AREA"}[target["code"][:2]]
        assert got == sample["pairings"], sample["code"]
        # Each sample was chosen for a pairing that ended: it is kept, with its end day and reason.
        assert any(p["validTo"] and p["endReason"] for p in sample["pairings"]), sample["code"]


# ---------------------------------------------------------------- scopes by code; the facts the model stores


def test_a_scope_is_named_by_its_code_as_well_as_its_id(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    query = "query ($scope: ID, $asOf: Date) { coverage(scope: $scope, asOf: $asOf) { households coveredHouseholds } }"
    for label, key in (("Grid", "grids"), ("Community", "communities")):
        for code, expected in ground_truth["coverage"][key].items():
            by_code = read(gql, query, scope=code, asOf=day)["coverage"]
            assert by_code == read(gql, query, scope=ids.encode(label, code), asOf=day)["coverage"]
            assert by_code["households"] == expected["households"]
    grids = "query ($scope: ID) { grids(scope: $scope, first: 50) { totalCount nodes { community { code } } } }"
    for community, counts in ground_truth["coverage"]["communities"].items():
        found = read(gql, grids, scope=community)["grids"]
        assert found["totalCount"] == counts["grids"] == len(found["nodes"])
        assert {g["community"]["code"] for g in found["nodes"]} == {community}
    # A code of something that is not a scope, or of nothing, is not found; a malformed value is a bad id.
    for code in ("HH00001", "GR99"):
        body = gql(query, {"scope": code})
        assert body["data"] is None and body["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    body = gql(query, {"scope": "gr01"})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_floors_build_year_and_household_size(gql, db: neo4j.Driver, ground_truth) -> None:
    chain = ground_truth["samples"]["fullChain"]
    query = """query ($building: String!, $compound: String!) {
      building: byCode(code: $building) { ... on Building { floors households(first: 100) { nodes { code size
        residents { code } } } } }
      compound: byCode(code: $compound) { ... on Compound { builtYear } } }"""
    data = read(gql, query, building=chain["building"], compound=chain["compound"])
    stored = db.execute_query(
        "MATCH (b:Building {code: $b})-[:PART_OF]->(c:Compound) RETURN b.floors AS floors, c.builtYear AS built",
        b=chain["building"],
    ).records[0]
    assert data["building"]["floors"] == stored["floors"] > 0
    assert data["compound"]["builtYear"] == stored["built"] and 1980 <= stored["built"] <= 2005
    households = data["building"]["households"]["nodes"]
    assert households and all(h["size"] == len(h["residents"]) for h in households)


def test_gender_birth_year_and_occupation_only_for_roles_that_need_them(execute, gql, db: neo4j.Driver) -> None:
    person = db.execute_query(
        "MATCH (p:Person) WHERE p.occupation IS NOT NULL RETURN p.code AS code, p.gender AS gender, "
        "p.birthDate.year AS year, p.occupation AS occupation ORDER BY p.code LIMIT 1"
    ).records[0]
    query = "query ($code: String!) { byCode(code: $code) { ... on Person { gender birthYear occupation } } }"
    full = {
        "gender": {"F": "FEMALE", "M": "MALE"}[person["gender"]],
        "birthYear": person["year"],
        "occupation": person["occupation"],
    }
    assert execute(query, {"code": person["code"]}, Viewer.county()).data["byCode"] == full
    assert read(gql, query, code=person["code"])["byCode"] == full  # signed in as the county
    hidden = {"gender": None, "birthYear": None, "occupation": None}
    assert execute(query, {"code": person["code"]}, Viewer.analyst()).data["byCode"] == hidden
    assert gql(query, {"code": person["code"]}, role="ANALYST")["data"]["byCode"] == hidden
