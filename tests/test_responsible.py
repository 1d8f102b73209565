"""A household's chain of responsibility (Household.responsible): who answers for it, nearest first,
on any day, at one Cypher round trip however many households are asked about."""

from __future__ import annotations

from datetime import date, timedelta

import neo4j

from api import ids
from graph.driver import count_queries
from graph.scope import Viewer

RESPONSIBLE = """
query ($id: ID!, $asOf: Date) {
  node(id: $id) {
    ... on Household {
      responsible(asOf: $asOf) { role person { code name } organization { code kind } unit { code } }
    }
  }
}"""

ORDER = [
    "PAIRED_MEMBER", "BUILDING_PAIRED_MEMBER", "BUILDING_LEADER", "CENTRAL_HOUSEHOLD", "AREA_GROUP", "COMPOUND_BRANCH",
    "GRID_BRANCH", "PAIRED_UNIT", "POLICE_OFFICER", "COMMUNITY_COMMITTEE",
]  # fmt: skip


def _chain(execute, household: str, as_of: date, viewer: Viewer | None = None) -> list[dict]:
    variables = {"id": ids.encode("Household", household), "asOf": as_of.isoformat()}
    result = execute(RESPONSIBLE, variables, viewer)
    assert result.errors is None, result.errors
    return result.data["node"]["responsible"]


def _by_role(chain: list[dict], role: str) -> list[dict]:
    return [r for r in chain if r["role"] == role]


def _secretary_of(db: neo4j.Driver, organization: str, day: date) -> set[str]:
    records, _, _ = db.execute_query(
        "MATCH (:PartyOrganization {code: $org})<-[:POST_OF]-(post:Post {role: 'SECRETARY'})<-[h:HOLDS]-(p:Person) "
        "WHERE h.validFrom <= $day AND (h.validTo IS NULL OR $day < h.validTo) RETURN p.code AS code",
        org=organization,
        day=day,
    )
    return {r["code"] for r in records}


def test_the_sample_household_has_every_role_nearest_first(execute, ground_truth, db: neo4j.Driver) -> None:
    sample = ground_truth["samples"]["fullChain"]
    day = date.fromisoformat(ground_truth["referenceDate"])
    chain = _chain(execute, sample["household"], day)

    roles = [r["role"] for r in chain]
    assert roles == sorted(roles, key=ORDER.index), "nearest first: the roles come in the documented order"
    assert set(roles) == set(ORDER)

    assert sorted(r["person"]["code"] for r in _by_role(chain, "PAIRED_MEMBER")) == sample["pairedMembers"]
    # The cadres paired with its whole building (包楼栋) answer for it too, after those paired with it.
    assert [r["person"]["code"] for r in _by_role(chain, "BUILDING_PAIRED_MEMBER")] == sample["buildingPairedMembers"]
    assert [r["person"]["code"] for r in _by_role(chain, "BUILDING_LEADER")] == [sample["buildingLeader"]]
    assert sample["centralHousehold"] in {r["person"]["code"] for r in _by_role(chain, "CENTRAL_HOUSEHOLD")}
    assert [(r["organization"]["code"], r["person"]["code"]) for r in _by_role(chain, "AREA_GROUP")] == [
        (sample["areaGroup"], sample["areaGroupLeader"])
    ]
    assert [(r["organization"]["code"], r["person"]["code"]) for r in _by_role(chain, "COMPOUND_BRANCH")] == [
        (sample["compoundBranch"], sample["compoundBranchSecretary"])
    ]
    (grid_branch,) = _by_role(chain, "GRID_BRANCH")
    assert grid_branch["organization"] == {"code": sample["gridBranch"], "kind": "GRID_BRANCH"}
    assert {grid_branch["person"]["code"]} == _secretary_of(db, sample["gridBranch"], day)
    assert sorted(r["unit"]["code"] for r in _by_role(chain, "PAIRED_UNIT")) == sample["pairedUnits"]
    assert sample["policeOfficer"] in {r["person"]["code"] for r in _by_role(chain, "POLICE_OFFICER")}
    (committee,) = _by_role(chain, "COMMUNITY_COMMITTEE")
    assert committee["organization"] == {"code": sample["communityCommittee"], "kind": "COMMUNITY_COMMITTEE"}
    assert {committee["person"]["code"]} == _secretary_of(db, sample["communityCommittee"], day)

    # A person link names a person only; an organization link names its organization; a unit link its unit.
    for link in chain:
        assert (link["organization"] is not None) == (link["role"] in [*ORDER[4:7], "COMMUNITY_COMMITTEE"])
        assert (link["unit"] is not None) == (link["role"] == "PAIRED_UNIT")


def test_a_household_covered_through_its_building_names_the_buildings_cadres(execute, ground_truth) -> None:
    sample = ground_truth["samples"]["coveredViaBuilding"]
    chain = _chain(execute, sample["household"], date.fromisoformat(ground_truth["referenceDate"]))
    assert _by_role(chain, "PAIRED_MEMBER") == []
    assert [r["person"]["code"] for r in _by_role(chain, "BUILDING_PAIRED_MEMBER")] == sample["buildingPairedMembers"]
    assert chain[0]["role"] == "BUILDING_PAIRED_MEMBER"


def test_an_ended_building_pairing_leaves_the_chain_on_its_end_date(execute, ground_truth, db) -> None:
    ended = ground_truth["endedBuildingPairings"][0]
    end = date.fromisoformat(ended["validTo"])
    records, _, _ = db.execute_query(
        "MATCH (h:Household)-[:PART_OF]->(:Building {code: $code}) RETURN h.code AS code ORDER BY code LIMIT 1",
        code=ended["building"],
    )
    household = records[0]["code"]

    def building_cadres(day: date) -> set[str]:
        return {r["person"]["code"] for r in _by_role(_chain(execute, household, day), "BUILDING_PAIRED_MEMBER")}

    assert ended["member"] in building_cadres(end - timedelta(days=1))
    assert ended["member"] not in building_cadres(end)


def test_an_ended_pairing_is_in_the_chain_until_its_end_date(execute, ground_truth) -> None:
    # Not a "moved out for a while" ending: those cadres are paired again with the same household later.
    ended = next(e for e in ground_truth["endedPairings"] if e["endReason"] != "住户临时搬离")
    end = date.fromisoformat(ended["validTo"])

    def paired(day: date) -> set[str]:
        return {r["person"]["code"] for r in _by_role(_chain(execute, ended["household"], day), "PAIRED_MEMBER")}

    assert ended["member"] in paired(end - timedelta(days=1))
    assert ended["member"] not in paired(end)
    assert ended["member"] not in paired(date.fromisoformat(ground_truth["referenceDate"]))


def test_an_orphaned_household_has_no_paired_member_after_the_wave(execute, ground_truth) -> None:
    orphaned = next(e for e in ground_truth["endedPairings"] if not e["stillCovered"])
    assert orphaned["household"] in ground_truth["uncoveredHouseholds"]
    chain = _chain(execute, orphaned["household"], date.fromisoformat(ground_truth["referenceDate"]))
    assert _by_role(chain, "PAIRED_MEMBER") == []
    assert _by_role(chain, "GRID_BRANCH"), "the rest of the chain still answers for it"


def test_names_are_masked_for_the_analyst_and_full_for_the_county(gql, execute, ground_truth, db) -> None:
    sample = ground_truth["samples"]["fullChain"]
    records, _, _ = db.execute_query(
        "MATCH (p:Person {code: $code}) RETURN p.name AS name", code=sample["buildingLeader"]
    )
    name = records[0]["name"]
    variables = {"id": ids.encode("Household", sample["household"]), "asOf": ground_truth["referenceDate"]}

    analyst = gql(RESPONSIBLE, variables, role="ANALYST")["data"]["node"]["responsible"]
    assert [r["person"]["name"] for r in _by_role(analyst, "BUILDING_LEADER")] == [name[0] + "*" * (len(name) - 1)]
    county = _chain(execute, sample["household"], date.fromisoformat(ground_truth["referenceDate"]), Viewer.county())
    assert [r["person"]["name"] for r in _by_role(county, "BUILDING_LEADER")] == [name]


def test_the_chain_costs_one_query_for_any_number_of_households(execute, ground_truth, db) -> None:
    query = """query ($code: String!, $first: Int) { byCode(code: $code) { ... on Building {
        households(first: $first) { nodes { code responsible { role person { code } organization { code } } } } } } }"""
    building = ground_truth["samples"]["fullChain"]["building"]

    def round_trips(first: int) -> int:
        with count_queries() as counter:
            result = execute(query, {"code": building, "first": first})
        assert result.errors is None, result.errors
        households = result.data["byCode"]["households"]["nodes"]
        assert len(households) == first
        assert all(h["responsible"] for h in households)
        return counter.count

    records, _, _ = db.execute_query(
        "MATCH (:Building {code: $code})<-[:PART_OF]-(h:Household) RETURN count(h) AS n", code=building
    )
    many = min(records[0]["n"], 50)
    assert many > 1
    assert round_trips(1) == round_trips(many)


def test_uncovered_households_chains_cost_one_query_for_a_whole_page(execute, ground_truth) -> None:
    query = """query ($first: Int, $asOf: Date) { uncoveredHouseholds(first: $first, asOf: $asOf) {
        nodes { code responsible(asOf: $asOf) { role } } } }"""
    uncovered = set(ground_truth["uncoveredHouseholds"])

    def round_trips(first: int) -> int:
        with count_queries() as counter:
            result = execute(query, {"first": first, "asOf": ground_truth["referenceDate"]})
        assert result.errors is None, result.errors
        households = result.data["uncoveredHouseholds"]["nodes"]
        assert len(households) == first
        for household in households:
            assert household["code"] in uncovered
            roles = {r["role"] for r in household["responsible"]}
            assert not roles & {"PAIRED_MEMBER", "BUILDING_PAIRED_MEMBER"} and "GRID_BRANCH" in roles
        return counter.count

    assert round_trips(1) == round_trips(50)
