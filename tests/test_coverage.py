"""Coverage counts agree with what the data-set generator planted, for every kind of scope and on past days."""

from __future__ import annotations

from typing import Any

from api import ids
from graph.driver import count_queries
from graph.scope import Role
from schema.api import schema

COUNTS = """households coveredHouseholds coveredDirectly coveredViaBuilding specialGroupResidents
  uncoveredSpecialGroupResidents buildings buildingsWithLeader threeNoCompounds threeNoCompoundsWithPartyOrganization
  fiveHavesCompounds grids gridsWithUnit units pairedUnits cadres pairedCadres volunteerTeams"""

COVERAGE = f"""query ($scope: ID, $asOf: Date) {{ coverage(scope: $scope, asOf: $asOf) {{ {COUNTS} }} }}"""


def _coverage(gql, scope: str | None, as_of: str) -> dict[str, Any]:
    body = gql(COVERAGE, {"scope": scope, "asOf": as_of})
    assert "errors" not in body, body["errors"]
    return body["data"]["coverage"]


def test_county_coverage_matches_the_ground_truth(gql, ground_truth) -> None:
    expected = ground_truth["coverage"]["county"]
    assert _coverage(gql, None, ground_truth["referenceDate"]) == expected
    county = ids.encode("County", "CT01")
    assert _coverage(gql, county, ground_truth["referenceDate"]) == expected


def test_building_pairings_count_as_coverage(gql, ground_truth) -> None:
    # A household is covered when someone is paired with it or with its building: the union of the two parts.
    county = _coverage(gql, None, ground_truth["referenceDate"])
    figures = ground_truth["figures"]
    assert county["coveredDirectly"] == figures["householdsCoveredDirectly"]
    assert county["coveredHouseholds"] == county["coveredDirectly"] + figures["householdsCoveredOnlyViaBuilding"]
    assert (
        county["coveredDirectly"]
        < county["coveredHouseholds"]
        < county["coveredDirectly"] + county["coveredViaBuilding"]
    )
    assert county["households"] - county["coveredHouseholds"] == figures["uncoveredHouseholds"]


def test_cadres_in_grid_is_the_deprecated_name_of_paired_cadres(gql, ground_truth) -> None:
    body = gql("{ coverage { pairedCadres cadresInGrid } }")
    assert body["data"]["coverage"]["cadresInGrid"] == body["data"]["coverage"]["pairedCadres"]
    assert body["data"]["coverage"]["pairedCadres"] == ground_truth["coverage"]["county"]["pairedCadres"]
    # From the schema itself: production mode answers no introspection.
    fields = schema._schema.get_type("Coverage").fields  # type: ignore[union-attr]
    assert "pairedCadres" in (fields["cadresInGrid"].deprecation_reason or "")
    assert fields["pairedCadres"].deprecation_reason is None


def test_county_coverage_on_earlier_days(gql, ground_truth) -> None:
    # The day before the June 2026 wave of ended pairings, and the day before building leaders stepped down.
    for day, expected in ground_truth["countyCoverageOn"].items():
        assert _coverage(gql, None, day) == expected, day


def test_every_grid_street_and_community(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    for label, key in (("Grid", "grids"), ("Street", "streets"), ("Community", "communities")):
        for code, expected in ground_truth["coverage"][key].items():
            assert _coverage(gql, ids.encode(label, code), day) == expected, code


def test_grid_coverage_nested_is_one_query_for_all_grids(execute, ground_truth) -> None:
    query = f"""query ($first: Int, $asOf: Date) {{
      grids(first: $first) {{ nodes {{ code coverage(asOf: $asOf) {{ {COUNTS} }} }} }} }}"""
    trips = {}
    for first in (2, 100):
        with count_queries() as counter:
            result = execute(query, {"first": first, "asOf": ground_truth["referenceDate"]})
        assert result.errors is None, result.errors
        trips[first] = counter.count
    got = {g["code"]: g["coverage"] for g in result.data["grids"]["nodes"]}
    assert got == ground_truth["coverage"]["grids"]
    assert trips[2] == trips[100]


def test_community_coverage_nested_is_one_query_for_all_communities(execute, ground_truth) -> None:
    query = f"""query ($asOf: Date) {{ streets {{ code coverage(asOf: $asOf) {{ {COUNTS} }}
      communities {{ code coverage(asOf: $asOf) {{ {COUNTS} }} }} }} }}"""
    with count_queries() as counter:
        result = execute(query, {"asOf": ground_truth["referenceDate"]})
    assert result.errors is None, result.errors
    (street,) = result.data["streets"]
    assert street["coverage"] == ground_truth["coverage"]["streets"][street["code"]]
    got = {c["code"]: c["coverage"] for c in street["communities"]}
    assert got == ground_truth["coverage"]["communities"]
    # streets, communities, and per level the coverage aggregate and one analysis query
    assert counter.count <= 6


def test_areas_partition_their_grid(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    grid = ground_truth["samples"]["firstGrid"]
    areas = gql("query ($code: String!) { byCode(code: $code) { ... on Grid { areas { id } } } }", {"code": grid})
    totals = {"households": 0, "coveredHouseholds": 0, "buildings": 0, "buildingsWithLeader": 0, "threeNoCompounds": 0}
    for area in areas["data"]["byCode"]["areas"]:
        counts = _coverage(gql, area["id"], day)
        assert counts["grids"] == 0  # an area lies inside its grid
        for key in totals:
            totals[key] += counts[key]
    expected = ground_truth["coverage"]["grids"][grid]
    assert totals == {key: expected[key] for key in totals}


def test_a_compound_scope_counts_that_compound(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    for code in sorted(ground_truth["namedCompounds"].values()):
        counts = _coverage(gql, ids.encode("Compound", code), day)
        stage = ground_truth["fiveHaves"][code]["stage"]
        assert counts["threeNoCompounds"] == 1
        assert counts["threeNoCompoundsWithPartyOrganization"] == 1
        assert counts["fiveHavesCompounds"] == (1 if stage == "FIVE_HAVES" else 0)
        assert counts["households"] > 0 and counts["buildings"] > 0


def test_a_party_organization_scope_is_the_territory_it_answers_for(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    chain = ground_truth["samples"]["fullChain"]
    branch = ids.encode("PartyOrganization", chain["gridBranch"])
    assert _coverage(gql, branch, day) == ground_truth["coverage"]["grids"][chain["grid"]]
    committee = ids.encode("PartyOrganization", chain["communityCommittee"])
    assert _coverage(gql, committee, day) == ground_truth["coverage"]["communities"][chain["community"]]


def test_a_unit_scope_counts_the_unit_and_its_cadres(gql, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    unit = ground_truth["samples"]["firstUnit"]
    known = gql(
        "query ($code: String!, $asOf: Date) { byCode(code: $code) { ... on Unit { id cadres { totalCount } "
        "areas(asOf: $asOf) { id } } } }",
        {"code": unit, "asOf": day},
    )["data"]["byCode"]
    counts = _coverage(gql, known["id"], day)
    assert counts["units"] == 1
    assert counts["pairedUnits"] == 1  # every unit is paired on the reference day (figures.pairedUnits)
    assert ground_truth["figures"]["pairedUnits"] == ground_truth["figures"]["units"]
    assert counts["cadres"] == known["cadres"]["totalCount"]
    # Every cadre is paired somewhere on the reference day.
    assert counts["pairedCadres"] == counts["cadres"]
    households = sum(_coverage(gql, area["id"], day)["households"] for area in known["areas"])
    assert counts["households"] == households > 0


def test_a_limited_viewer_counts_only_its_territory(execute, ground_truth, viewer_of) -> None:
    grid = ground_truth["samples"]["firstGrid"]
    viewer = viewer_of(Role.GRID, grid)
    result = execute(COVERAGE, {"asOf": ground_truth["referenceDate"]}, viewer)
    assert result.errors is None, result.errors
    assert result.data["coverage"]["households"] == ground_truth["coverage"]["grids"][grid]["households"]


def test_scope_errors_are_clear(gql) -> None:
    malformed = gql(COVERAGE, {"scope": "not-an-id"})
    assert malformed["data"] is None
    assert malformed["errors"][0]["message"] == "scope: 'not-an-id' is not a valid id"
    assert malformed["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

    wrong_type = gql(COVERAGE, {"scope": ids.encode("Household", "HH00001")})
    assert wrong_type["data"] is None
    message = wrong_type["errors"][0]["message"]
    assert message.startswith("scope: expected the id of a County or Street or Community")
    assert message.endswith("got a Household id")

    unknown = gql(COVERAGE, {"scope": ids.encode("Grid", "GR99")})
    assert unknown["data"] is None
    assert unknown["errors"][0]["extensions"]["code"] == "NOT_FOUND"
    assert "GR99" in unknown["errors"][0]["message"]

    # A code of another type under a scope type's name is not that scope either.
    mislabelled = gql(COVERAGE, {"scope": ids.encode("Grid", "CP001")})
    assert mislabelled["errors"][0]["extensions"]["code"] == "NOT_FOUND"
