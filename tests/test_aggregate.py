"""The coverage aggregate (graph/aggregate.py) answers exactly as the brute-force Cypher does, on any day and
scope, after random pairing changes made through the API (past-dated ones included); it is kept by the writers
(a rebuild changes nothing) and reads only what a selection asks for.

The changes are made in a small world of its own (codes ``TEST-AG-…``): a grid of three buildings hung under
a real community, so that its street's and the county's counts move with it; the world and its steps are
removed afterwards."""

from __future__ import annotations

import asyncio
import random
from datetime import date, timedelta
from typing import Any

import neo4j
import pytest
import worlds

from api.ids import encode
from graph import aggregate
from graph.catalog import cypher
from graph.driver import Graph, count_queries
from graph.rules import resources_window_start
from graph.scope import Viewer
from schema.context import county_today

PREFIX = "TEST-AG-"

WORLD = """
MATCH (cm:Community) WITH cm ORDER BY cm.code LIMIT 1
CREATE (g:Entity:Grid {code: $p + 'GR1', name: '测试网格', number: 991})-[:PART_OF]->(cm)
CREATE (a1:Entity:Area {code: $p + 'AR1', name: '测试片区', kind: 'COMPOUND'})-[:PART_OF]->(g)
CREATE (a2:Entity:Area {code: $p + 'AR2', name: '测试巷道', kind: 'ALLEY'})-[:PART_OF]->(g)
CREATE (c:Entity:Compound {code: $p + 'CP1', name: '测试小区', kind: 'THREE_NO', builtYear: 1990})-[:PART_OF]->(a1)
CREATE (b1:Entity:Building {code: $p + 'BD1', name: '测试1号楼', floors: 5})-[:PART_OF]->(c)
CREATE (b2:Entity:Building {code: $p + 'BD2', name: '测试2号楼', floors: 5})-[:PART_OF]->(c)
CREATE (b3:Entity:Building {code: $p + 'BD3', name: '测试巷道1号院', floors: 2})-[:PART_OF]->(a2)
WITH [b1, b2, b3] AS buildings
UNWIND range(0, 8) AS i
WITH buildings[i / 3] AS b, i
CREATE (h:Entity:Household {code: $p + 'HH' + i, address: '测试' + i, size: 1})-[:PART_OF]->(b)
CREATE (:Entity:Person {code: $p + 'RS' + i, name: '测试居民', isPartyMember: false,
                        specialGroups: CASE WHEN i % 4 = 0 THEN ['ELDERLY_ALONE'] ELSE [] END})-[:RESIDES_IN]->(h)
WITH count(*) AS made
UNWIND range(1, 4) AS j
CREATE (:Entity:Person {code: $p + 'PS' + j, name: '测试干部', isPartyMember: true, specialGroups: []})
WITH count(*) AS made
// Two units, PS1 and PS2 cadres of the first; the compound's branch (its secretary's post vacant), venue,
// self-governance body and the grid's deliberation platform; the compound's buildings' leader posts, vacant.
MATCH (c:Compound {code: $p + 'CP1'})-[:PART_OF]->(:Area)-[:PART_OF]->(g:Grid)
CREATE (u:Entity:Unit {code: $p + 'UN1', name: '测试单位一'})
CREATE (:Entity:Unit {code: $p + 'UN2', name: '测试单位二'})
CREATE (o:Entity:PartyOrganization {code: $p + 'PO1', name: '测试支部', kind: 'COMPOUND_BRANCH'})
CREATE (o)-[:ANSWERS_FOR {validFrom: date('2020-01-01')}]->(c)
CREATE (:Entity:Post {code: $p + 'PT0', role: 'SECRETARY', title: '书记'})-[:POST_OF]->(o)
CREATE (:Entity:Venue {code: $p + 'VN1', name: '测试活动室'})-[:SERVES {validFrom: date('2020-01-01')}]->(c)
CREATE (:Entity:SelfGovernanceBody {code: $p + 'SG1', name: '自治会'})-[:SERVES {validFrom: date('2020-01-01')}]->(c)
CREATE (:Entity:DeliberationPlatform {code: $p + 'DP1', name: '议事会'})-[:SERVES {validFrom: date('2020-01-01')}]->(g)
WITH c, u
CALL (u) {
  MATCH (ps:Person) WHERE ps.code IN [$p + 'PS1', $p + 'PS2']
  CREATE (ps)-[:WORKS_AT]->(u)
}
MATCH (c)<-[:PART_OF]-(b:Building)
CREATE (:Entity:Post {code: $p + 'PT' + right(b.code, 1), role: 'BUILDING_LEADER', title: '楼栋长'})-[:POST_OF]->(b)
"""

CODES = [PREFIX + code for code in ("GR1", "PS1", "PS2", "PS3", "PS4", "UN1", "UN2")]
"""What the world made behind the API: the aggregate is refreshed for them (its grid, its cadres and units)."""

COUNTS = ("households", "coveredHouseholds", "coveredDirectly", "coveredViaBuilding", "specialGroupResidents",
          "uncoveredSpecialGroupResidents")  # fmt: skip

READ = f"""query ($scope: ID, $day: Date) {{
  coverage(scope: $scope, asOf: $day) {{ {" ".join(COUNTS)} }}
  uncovered: uncoveredHouseholds(scope: $scope, asOf: $day, first: 1) {{ totalCount }}
  special: uncoveredHouseholds(scope: $scope, asOf: $day, first: 1, specialGroupsOnly: true) {{ totalCount }}
}}"""

START = {"Household": "pairMemberWithHousehold", "Building": "pairMemberWithBuilding"}
END = {"Household": "endPairing", "Building": "endBuildingPairing"}
FIELD = {"Household": "householdId", "Building": "buildingId"}


@pytest.fixture
def world(db: neo4j.Driver, seeded) -> Any:
    community = db.execute_query("MATCH (c:Community) RETURN c.code AS code ORDER BY code LIMIT 1").records[0]["code"]
    start = db.execute_query("RETURN datetime() AS now").records[0]["now"]
    with worlds.world(db, PREFIX, WORLD):
        worlds.refresh_coverage(seeded, CODES)  # made behind the API: the writer's hook
        try:
            yield community
        finally:
            # The special-group lists these tests read were recorded (PIPL): those records go too.
            db.execute_query("MATCH (r:AccessRecord) WHERE r.at >= $start DETACH DELETE r", start=start)


def _ok(gql, name: str, **input: Any) -> None:
    fields = "userErrors { code message }"
    body = gql(f"mutation ($input: {name[0].upper() + name[1:]}Input!) {{ {name}(input: $input) {{ {fields} }} }}",
               {"input": input})  # fmt: skip
    assert "errors" not in body, body["errors"]
    assert body["data"][name]["userErrors"] == [], (name, input, body["data"][name]["userErrors"])


def _random_writes(gql, rng: random.Random, today: date, n: int) -> None:
    """``n`` valid starts and ends of household and building pairings, on random (mostly past) days."""
    targets = [("Household", f"HH{i}") for i in range(9)] + [("Building", f"BD{i}") for i in (1, 2, 3)]
    open_since: dict[tuple[str, str, str], date] = {}
    ended: dict[tuple[str, str, str], date] = {}
    earliest = today - timedelta(days=900)
    for _ in range(n):
        member = f"PS{rng.randint(1, 4)}"
        label, target = rng.choice(targets)
        key = (member, label, target)
        ids = {"memberId": encode("Person", PREFIX + member), FIELD[label]: encode(label, PREFIX + target)}
        if key in open_since:
            since = open_since.pop(key)
            until = since + timedelta(days=rng.randint(1, max(1, (today - since).days + 30)))
            _ok(gql, END[label], **ids, until=until.isoformat())
            ended[key] = until
        else:
            start = ended.get(key, earliest)
            since = start + timedelta(days=rng.randint(0, max(0, (today - start).days)))
            _ok(gql, START[label], **ids, since=since.isoformat())
            open_since[key] = since


def _random_other_writes(gql, rng: random.Random, today: date, n: int) -> None:
    """``n`` valid changes of what the county's other counts depend on, on random (mostly past) days: units
    paired with areas and unpaired (paired units, grids with a unit, RESOURCES), the compound's secretary and
    its buildings' leaders appointed and vacated (led buildings, PARTY_ORGANIZATION, FORCES)."""
    earliest = today - timedelta(days=900)
    open_since: dict[tuple[str, ...], date] = {}
    ended: dict[tuple[str, ...], date] = {}
    units = [(f"UN{u}", f"AR{a}") for u in (1, 2) for a in (1, 2)]
    posts = {"PT0": ["PS3", "PS4"], "PT1": ["RS0", "RS1", "RS2"], "PT2": ["RS3", "RS4", "RS5"]}
    for _ in range(n):
        if rng.random() < 0.5:
            unit, area = rng.choice(units)
            key: tuple[str, ...] = (unit, area)
            ids = {"unitId": encode("Unit", PREFIX + unit), "areaId": encode("Area", PREFIX + area)}
            start_name, end_name = "pairUnitWithArea", "endUnitPairing"
        else:
            post = rng.choice(sorted(posts))
            key = (post,)
            ids = {"postId": encode("Post", PREFIX + post)}
            start_name, end_name = "appointToPost", "vacatePost"
        if key in open_since:
            since = open_since.pop(key)
            until = since + timedelta(days=rng.randint(1, max(1, (today - since).days + 30)))
            _ok(gql, end_name, **ids, until=until.isoformat())
            ended[key] = until
        else:
            start = ended.get(key, earliest)
            since = start + timedelta(days=rng.randint(0, max(0, (today - start).days)))
            if start_name == "appointToPost":
                ids["personId"] = encode("Person", PREFIX + rng.choice(posts[key[0]]))
            _ok(gql, start_name, **ids, since=since.isoformat())
            open_since[key] = since


def _brute(db: neo4j.Driver, scope: str, day: date) -> dict[str, int]:
    """The counts judged household by household by the rule's fragments (no aggregate)."""
    scopes = [{"key": scope, "roots": [scope], "unit": None}]
    row = db.execute_query(cypher("coverage/get_coverage"), scopes=scopes, asOf=day, parts=["households"],
                           minCoveredShare=0.9, windowStart=day).records[0]  # fmt: skip
    counts = {k: row[k] for k in COUNTS}
    for name, special in (("uncovered", False), ("special", True)):
        counted = db.execute_query(cypher("coverage/count_uncovered_households"), roots=[scope], asOf=day,
                                   specialGroupsOnly=special, scope=Viewer.county().cypher())  # fmt: skip
        counts[name] = counted.records[0]["value"]
    return counts


def _api(gql, scope: tuple[str, str], day: date) -> dict[str, int]:
    body = gql(READ, {"scope": encode(*scope), "day": day.isoformat()})
    assert "errors" not in body, body["errors"]
    data = body["data"]
    return {**data["coverage"], "uncovered": data["uncovered"]["totalCount"], "special": data["special"]["totalCount"]}


def _graph_call(settings, work) -> Any:
    async def go() -> Any:
        graph = Graph.from_settings(settings)
        try:
            return await work(graph)
        finally:
            await graph.close()

    return asyncio.run(go())


def test_the_aggregate_equals_the_brute_force_after_random_writes(gql, db, world, seeded) -> None:
    community = world
    rng = random.Random(20261201)
    today = county_today()
    street = db.execute_query("MATCH (:Community {code: $c})-[:PART_OF]->(s:Street) RETURN s.code AS code",
                              c=community).records[0]["code"]  # fmt: skip
    county = db.execute_query("MATCH (c:County) RETURN c.code AS code").records[0]["code"]
    grids = [r["code"] for r in db.execute_query("MATCH (g:Grid) WHERE NOT g.code STARTS WITH 'TEST' "
                                                 "RETURN g.code AS code ORDER BY code").records]  # fmt: skip
    _random_writes(gql, rng, today, 40)
    scopes = [("County", county), ("Street", street), ("Community", community), ("Grid", PREFIX + "GR1"),
              *(("Grid", g) for g in rng.sample(grids, 2))]  # fmt: skip
    days = [today, today + timedelta(days=40), *aggregate.random_days(rng, today - timedelta(days=950), today, 14)]
    for day in days:
        # The aggregate answers for every one of these scopes (no fallback to the pairings).
        rows = [{"key": code, "roots": [code], "unit": None} for _, code in scopes]
        kept = _graph_call(seeded, lambda graph, rows=rows, day=day: aggregate.counts(graph, rows, day))
        assert all(r["exact"] for r in kept)
        for scope in scopes:
            assert _api(gql, scope, day) == _brute(db, scope[1], day), (scope, day)
    # The writers kept it: a fresh computation finds nothing to change.
    assert _graph_call(seeded, aggregate.drift) == []
    assert _graph_call(seeded, aggregate.rebuild) == 0


ALL = ("households", "coveredHouseholds", "coveredDirectly", "coveredViaBuilding", "specialGroupResidents",
       "uncoveredSpecialGroupResidents", "buildings", "buildingsWithLeader", "threeNoCompounds",
       "threeNoCompoundsWithPartyOrganization", "fiveHavesCompounds", "grids", "gridsWithUnit", "units", "pairedUnits",
       "cadres", "pairedCadres", "volunteerTeams")  # fmt: skip

READ_ALL = f"""query ($day: Date) {{
  coverage(asOf: $day) {{ {" ".join(ALL)} }}
  uncovered: uncoveredHouseholds(asOf: $day, first: 1) {{ totalCount }}
}}"""


def test_every_county_count_equals_the_brute_force_after_random_writes(gql, db, world, seeded) -> None:
    # Pairings of cadres with households and buildings, of units with areas, and the holders of the posts the
    # five haves read, changed at random (past-dated too): every count of the county's coverage, on any day,
    # is what the brute-force analysis finds, and it comes from the aggregate alone.
    rng = random.Random(20261202)
    today = county_today()
    _random_writes(gql, rng, today, 30)
    _random_other_writes(gql, rng, today, 36)
    days = [today, today + timedelta(days=40), *aggregate.random_days(rng, today - timedelta(days=950), today, 20)]
    seen = set()
    for day in days:
        body = gql(READ_ALL, {"day": day.isoformat()})
        assert "errors" not in body, body["errors"]
        params = {"asOf": day, "minCoveredShare": 0.9, "windowStart": resources_window_start(day),
                  "parts": aggregate.PARTS}  # fmt: skip
        brute = dict(db.execute_query(cypher("coverage/get_county_coverage"), params).records[0])
        assert body["data"]["coverage"] == brute, day
        assert body["data"]["uncovered"]["totalCount"] == brute["households"] - brute["coveredHouseholds"], day
        kept = _graph_call(seeded, lambda graph, day=day: aggregate.county_counts(graph, day))
        assert kept["exact"], day
        seen.add(
            (brute["fiveHavesCompounds"], brute["pairedUnits"], brute["pairedCadres"], brute["buildingsWithLeader"])
        )
    # The days differ in the counts the writes moved (the comparison is not of constants).
    assert len(seen) > 3
    assert _graph_call(seeded, aggregate.drift) == []
    assert _graph_call(seeded, aggregate.rebuild) == 0


def test_the_compound_reaches_the_five_haves_on_the_day_its_last_have_holds(gql, db, world) -> None:
    # The world's three-no compound has its branch, venue, self-governance body and platform; its secretary,
    # its buildings' leaders and a unit on its area from d0, its two buildings paired on d1 and d2 (6 of 6
    # households covered from d2 on): at the five-haves stage from d2 until its first building's leader goes.
    today = county_today()
    d0, d1, d2, d3 = (today - timedelta(days=n) for n in (60, 50, 40, 30))
    days = [d0 - timedelta(days=1), d0, d1, d2 - timedelta(days=1), d2, d3 - timedelta(days=1), d3, today]
    before = {day: gql(READ_ALL, {"day": day.isoformat()})["data"]["coverage"] for day in days}

    def person(code: str) -> str:
        return encode("Person", PREFIX + code)

    for post, holder in (("PT0", "PS3"), ("PT1", "RS0"), ("PT2", "RS3")):
        _ok(gql, "appointToPost", postId=encode("Post", PREFIX + post), personId=person(holder), since=d0.isoformat())
    _ok(gql, "pairUnitWithArea", unitId=encode("Unit", PREFIX + "UN1"), areaId=encode("Area", PREFIX + "AR1"),
        since=d0.isoformat())  # fmt: skip
    for member, building, since in (("PS1", "BD1", d1), ("PS2", "BD2", d2)):
        _ok(gql, "pairMemberWithBuilding", memberId=person(member), buildingId=encode("Building", PREFIX + building),
            since=since.isoformat())  # fmt: skip
    _ok(gql, "vacatePost", postId=encode("Post", PREFIX + "PT1"), until=d3.isoformat())
    moved = {
        d0 - timedelta(days=1): {},
        d0: {"buildingsWithLeader": 2, "pairedUnits": 1},
        d1: {"buildingsWithLeader": 2, "pairedUnits": 1, "pairedCadres": 1, "coveredHouseholds": 3},
        d2 - timedelta(days=1): {"buildingsWithLeader": 2, "pairedUnits": 1, "pairedCadres": 1, "coveredHouseholds": 3},
        d2: {"buildingsWithLeader": 2, "pairedUnits": 1, "pairedCadres": 2, "coveredHouseholds": 6,
             "fiveHavesCompounds": 1},
        d3 - timedelta(days=1): {"buildingsWithLeader": 2, "pairedUnits": 1, "pairedCadres": 2, "coveredHouseholds": 6,
                                 "fiveHavesCompounds": 1},
        d3: {"buildingsWithLeader": 1, "pairedUnits": 1, "pairedCadres": 2, "coveredHouseholds": 6},
        today: {"buildingsWithLeader": 1, "pairedUnits": 1, "pairedCadres": 2, "coveredHouseholds": 6},
    }  # fmt: skip
    for day in days:
        after = gql(READ_ALL, {"day": day.isoformat()})["data"]["coverage"]
        changed = {k: after[k] - before[day][k] for k in ALL if after[k] != before[day][k]}
        expected = {k: v for k, v in moved[day].items() if k != "coveredHouseholds"}
        if "pairedUnits" in expected:  # the world's grid has a unit on one of its areas
            expected["gridsWithUnit"] = 1
        if "coveredHouseholds" in moved[day]:
            expected |= {"coveredHouseholds": moved[day]["coveredHouseholds"],
                         "coveredViaBuilding": moved[day]["coveredHouseholds"]}  # fmt: skip
            # One special-group resident in each of the two buildings' households (the world's i % 4 == 0).
            expected["uncoveredSpecialGroupResidents"] = -(moved[day]["coveredHouseholds"] // 3)
        assert changed == expected, day


def test_the_world_moves_the_county_by_its_own_counts(gql, db, world) -> None:
    # A building pairing covers its three households, one of them with a special-group resident; ended, it
    # covers them only on the days it held.
    county = ("County", db.execute_query("MATCH (c:County) RETURN c.code AS code").records[0]["code"])
    today = county_today()
    day = today - timedelta(days=10)
    before = _api(gql, county, day)
    ids = {"memberId": encode("Person", PREFIX + "PS1"), "buildingId": encode("Building", PREFIX + "BD1")}
    _ok(gql, "pairMemberWithBuilding", **ids, since=(day - timedelta(days=5)).isoformat())
    _ok(gql, "endBuildingPairing", **ids, until=(day + timedelta(days=1)).isoformat())
    after = _api(gql, county, day)
    assert after["households"] == before["households"]
    assert after["coveredHouseholds"] == before["coveredHouseholds"] + 3
    assert after["coveredViaBuilding"] == before["coveredViaBuilding"] + 3
    assert after["uncovered"] == before["uncovered"] - 3
    assert after["special"] == before["special"] - 1
    assert _api(gql, county, day + timedelta(days=1)) == before
    assert _api(gql, county, day - timedelta(days=6)) == before


def test_a_selection_runs_only_its_parts(execute, ground_truth) -> None:
    day = ground_truth["referenceDate"]
    expected = ground_truth["coverage"]["county"]
    selections = {
        "households": "households coveredHouseholds",
        "others": "buildings ... on Coverage { grids }",
        "all": " ".join(expected),
    }
    trips = {}
    for name, fields in selections.items():
        with count_queries() as counter:
            result = execute(f'{{ coverage(asOf: "{day}") {{ {fields} }} }}')
        assert result.errors is None, result.errors
        assert result.data["coverage"] == {k: expected[k] for k in result.data["coverage"]}
        trips[name] = counter.count
    # The county: every count from the aggregate's one query, whatever the selection.
    assert trips["households"] == trips["others"] == trips["all"]
    for grid, counts in list(ground_truth["coverage"]["grids"].items())[:3]:
        fields = f'coverage(asOf: "{day}") {{ coveredDirectly units }}'
        result = execute(f'{{ byCode(code: "{grid}") {{ ... on Grid {{ {fields} }} }} }}')
        assert result.errors is None, result.errors
        assert result.data["byCode"]["coverage"] == {k: counts[k] for k in ("coveredDirectly", "units")}


def test_without_the_aggregate_reads_count_from_the_pairings(gql, seeded, ground_truth) -> None:
    # A database loaded before the aggregate existed answers the same, from the pairings, until it is rebuilt.
    day = date.fromisoformat(ground_truth["referenceDate"])
    county = _api(gql, ("County", "CT01"), day)
    _graph_call(seeded, lambda graph: graph.write("aggregate/delete_marker"))
    try:
        assert _api(gql, ("County", "CT01"), day) == county
    finally:
        _graph_call(seeded, aggregate.rebuild)
    assert county["households"] == ground_truth["coverage"]["county"]["households"]
