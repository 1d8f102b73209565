"""The round trip: the scale-1 register and rosters exported as .xlsx, imported into an empty database, and every
analysis answers there exactly as in the seeded one (and as the generator planted it).

The empty database is a second throwaway Neo4j. What the three ledgers carry — households and their buildings,
residents and where they live, cadre pairings (联户, 包楼栋) and building posts' holders (楼栋长, 党员中心户), with
their history — comes into it only through the imports. What they do not carry is the county's own record,
loaded from the generator as the county would have it: first the territory, organizations, posts, units,
teams, venues and the rest that names no person; then, once the register has made the people, what the county
records about them beyond the street's ledgers (employers, Party and team memberships, the organizations'
posts, reporting in, wishes and services). Nothing of what the ledgers carry is loaded from the generator.
"""

from __future__ import annotations

import asyncio
import time
from datetime import date
from pathlib import Path
from typing import Any

import neo4j
import pytest
from conftest import Spare, emptied

from graph.driver import Graph
from graph.migrations import migrate
from graph.scope import Viewer
from graph.settings import Settings
from ledgers import exports
from ledgers.imports import import_ledger
from ledgers.sheets import BUILDING_LEADERS, BUILDING_POSTS, PAIRINGS, REGISTER
from seeds.dataset import NODE_LABELS, REL_TYPES, Dataset
from seeds.loader import node_query, rel_query

LEDGERS = (REGISTER, PAIRINGS, BUILDING_LEADERS)
PEOPLE_AND_HOUSEHOLDS = ("HH", "PS")


def _carried(kind: str, row: dict[str, Any], building_posts: set[str]) -> bool:
    """Whether the register or a roster carries this relationship."""
    return (
        kind == "RESIDES_IN"
        or (kind == "PART_OF" and row["from"].startswith("HH"))
        or (kind == "PAIRED_WITH" and row["from"].startswith("PS"))
        or (kind == "HOLDS" and row["to"] in building_posts)
    )


def _stages(dataset: Dataset) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """The generator's rows the ledgers do not carry: nodes and relationships naming no person or household (loaded
    before the imports), and relationships that do (after the register); and, to check, those the ledgers carry."""
    building_posts = {p["code"] for p in dataset.nodes["Post"] if p["role"] in BUILDING_POSTS}
    before: dict[str, list] = {
        label: dataset.nodes[label] for label in NODE_LABELS if label not in ("Household", "Person")
    }
    after: dict[str, list] = {}
    carried: dict[str, list] = {}
    for kind in REL_TYPES:
        for row in dataset.rels[kind]:
            if _carried(kind, row, building_posts):
                carried.setdefault(kind, []).append(row)
            elif row["from"][:2] in PEOPLE_AND_HOUSEHOLDS or row["to"][:2] in PEOPLE_AND_HOUSEHOLDS:
                after.setdefault(f"rel:{kind}", []).append(row)
            else:
                before.setdefault(f"rel:{kind}", []).append(row)
    return before, after, carried


async def _load(graph: Graph, parts: dict[str, list]) -> None:
    for name, rows in parts.items():
        query = rel_query(name[4:]) if name.startswith("rel:") else node_query(name)
        for start in range(0, len(rows), 5000):
            await graph.write(query, {"rows": rows[start : start + 5000]})


@pytest.fixture(scope="module")
def empty_db(spare: Spare) -> Settings:
    """A second throwaway Neo4j (the session's spare), empty; the round trip migrates it."""
    return emptied(spare)


@pytest.fixture(scope="module")
def round_trip(
    seeded: Settings, empty_db: Settings, ground_truth, tmp_path_factory, dataset: Dataset
) -> dict[str, Any]:
    """Export the three ledgers from the seeded database, import them into the empty one (with the county's own
    record around them), and return the import reports and the files."""
    folder = tmp_path_factory.mktemp("ledgers")
    day = date.fromisoformat(ground_truth["referenceDate"])
    before, after, _ = _stages(dataset)

    async def run() -> dict[str, Any]:
        source = Graph.from_settings(seeded)
        target = Graph.from_settings(empty_db)
        try:
            files: dict[str, Path] = {}
            clock = time.perf_counter()
            for ledger in LEDGERS:
                files[ledger.name] = folder / f"{ledger.name}.xlsx"
                scope = await exports.resolve(source, Viewer.county(), ledger, None, day)
                with files[ledger.name].open("wb") as out:
                    await exports.write(exports.Export(source, Viewer.county(), ledger, scope, day), out, "xlsx")
                print(f"exported {ledger.name} in {time.perf_counter() - clock:.1f} s")
                clock = time.perf_counter()
            await migrate(target)
            await _load(target, before)
            reports = {}
            reports["register"] = await import_ledger(
                target, Viewer.county(), REGISTER, files["register"], dry_run=False
            )
            print(f"imported the register in {time.perf_counter() - clock:.1f} s", reports["register"].seconds)
            await _load(target, after)
            clock = time.perf_counter()
            for ledger in (PAIRINGS, BUILDING_LEADERS):
                reports[ledger.name] = await import_ledger(
                    target, Viewer.county(), ledger, files[ledger.name], dry_run=False
                )
            print(f"imported the rosters in {time.perf_counter() - clock:.1f} s")
            return {"files": files, "reports": reports, "dataset": dataset}
        finally:
            await source.close()
            await target.close()

    return asyncio.run(run())


def _execute(settings: Settings, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    from schema.api import schema
    from schema.context import Context

    async def go() -> Any:
        graph = Graph.from_settings(settings)
        try:
            result = await schema.execute(
                query, variable_values=variables or {}, context_value=Context(graph, Viewer.county())
            )
        finally:
            await graph.close()
        assert result.errors is None, result.errors
        return result.data

    return asyncio.run(go())


def _cypher(settings: Settings, query: str, **params: Any) -> list[dict[str, Any]]:
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password)) as d:
        records, _, _ = d.execute_query(query, params)
    return [dict(r) for r in records]


SPAN = ("from", "to", "validFrom", "validTo", "endReason")


def _rows(records: list[Any]) -> list[str]:
    """Rows as comparable text: the driver's dates and the generator's print alike."""
    return sorted(repr([str(v) if isinstance(v, (date, neo4j.time.Date)) else v for v in r]) for r in records)


def test_every_row_is_imported_and_nothing_else(round_trip, empty_db, ground_truth) -> None:
    reports = round_trip["reports"]
    for name, report in reports.items():
        assert report.ok and report.applied, (name, report.problems[:5])
        assert report.counts["unchanged"] == 0, name
    # What the ledgers carry is, in the new database, exactly what the generator made.
    dataset: Dataset = round_trip["dataset"]
    _, _, carried = _stages(dataset)
    home = {r["from"]: r["to"] for r in carried["RESIDES_IN"]}
    building = {r["from"]: r["to"] for r in carried["PART_OF"]}
    expected = {
        "households": [[h["code"], h["address"], h["size"], building[h["code"]]] for h in dataset.nodes["Household"]],
        "people": [
            [p["code"], p["name"], p["gender"], p["birthDate"], p["idNumber"], p["phone"], p["isPartyMember"],
             p["specialGroups"], p["redSteward"], p["occupation"], home[p["code"]]]
            for p in dataset.nodes["Person"]
        ],
        "pairings": [[r[k] for k in SPAN] for r in carried["PAIRED_WITH"]],
        "holdings": [[r[k] for k in SPAN] for r in carried["HOLDS"]],
    }  # fmt: skip
    found = _cypher(
        empty_db,
        """
        CALL () { MATCH (h:Household)-[:PART_OF]->(b:Building)
                  RETURN collect([h.code, h.address, h.size, b.code]) AS households }
        CALL () { MATCH (p:Person) OPTIONAL MATCH (p)-[:RESIDES_IN]->(h:Household)
                  RETURN collect([p.code, p.name, p.gender, p.birthDate, p.idNumber, p.phone, p.isPartyMember,
                                  p.specialGroups, p.redSteward, p.occupation, h.code]) AS people }
        CALL () { MATCH (p:Person)-[r:PAIRED_WITH]->(t)
                  RETURN collect([p.code, t.code, r.validFrom, r.validTo, r.endReason]) AS pairings }
        CALL () { MATCH (p:Person)-[r:HOLDS]->(post:Post) WHERE post.role IN ['BUILDING_LEADER', 'CENTRAL_HOUSEHOLD']
                  RETURN collect([p.code, post.code, r.validFrom, r.validTo, r.endReason]) AS holdings }
        RETURN households, people, pairings, holdings
        """,
    )[0]
    for key, rows in expected.items():
        assert _rows(found[key]) == _rows(rows), key
    # And the whole graph holds what the generator planted: every entity and relationship, no more, no less.
    labels = _cypher(
        empty_db, "MATCH (n:Entity) RETURN [l IN labels(n) WHERE l <> 'Entity'][0] AS label, count(*) AS n"
    )
    assert {r["label"]: r["n"] for r in labels} == ground_truth["nodeCounts"]
    types = _cypher(empty_db, "MATCH (:Entity)-[r]->(:Entity) RETURN type(r) AS type, count(*) AS n")
    assert {r["type"]: r["n"] for r in types} == ground_truth["relationshipCounts"]


def test_each_import_leaves_one_record_for_itself_and_one_per_entity(round_trip, empty_db) -> None:
    rows = _cypher(
        empty_db,
        """MATCH (a:AuditRecord) WHERE a.action STARTS WITH 'import'
           RETURN a.action AS action, a.importId IS NULL AS own, a.outcome AS outcome, count(*) AS n,
                  sum(a.created) AS created""",
    )
    own = {r["action"]: r for r in rows if r["own"]}
    entities = {r["action"]: r["n"] for r in rows if not r["own"]}
    for name, operation in (("register", "importRegister"), ("pairings", "importPairings"),
                            ("building-leaders", "importBuildingLeaders")):  # fmt: skip
        report = round_trip["reports"][name]
        assert own[operation]["n"] == 1 and own[operation]["outcome"] == "DONE"
        assert own[operation]["created"] == report.counts["created"]
        assert entities[operation] == sum(report.counts.values())


COVERAGE = "query ($scope: ID, $asOf: Date) {{ coverage(scope: $scope, asOf: $asOf) {{ {fields} }} }}"


def test_coverage_answers_as_before(round_trip, empty_db, ground_truth) -> None:
    from api import ids

    county = ground_truth["coverage"]["county"]
    query = COVERAGE.format(fields=" ".join(county))
    assert _execute(empty_db, query, {"asOf": ground_truth["referenceDate"]})["coverage"] == county
    for grid, expected in ground_truth["coverage"]["grids"].items():
        found = _execute(empty_db, query, {"scope": ids.encode("Grid", grid), "asOf": ground_truth["referenceDate"]})
        assert found["coverage"] == expected, grid
    # Days in the past read the pairings' and holdings' history, which the rosters carried.
    for day, expected in ground_truth["countyCoverageOn"].items():
        assert _execute(empty_db, query, {"asOf": day})["coverage"] == expected, day


def test_uncovered_households_as_before(round_trip, empty_db, ground_truth) -> None:
    codes: list[str] = []
    after = None
    while True:
        page = _execute(
            empty_db,
            """query ($after: String, $asOf: Date) { uncoveredHouseholds(first: 100, after: $after, asOf: $asOf) {
                 nodes { code } pageInfo { hasNextPage endCursor } } }""",
            {"after": after, "asOf": ground_truth["referenceDate"]},
        )["uncoveredHouseholds"]
        codes += [n["code"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert codes == ground_truth["uncoveredHouseholds"]


def test_five_haves_as_before(round_trip, seeded, empty_db, ground_truth) -> None:
    query = """query ($asOf: Date) { compounds(first: 100, asOf: $asOf) { nodes {
                 code fiveHaves(asOf: $asOf) { stage criteria { key met evidence } } } } }"""
    variables = {"asOf": ground_truth["referenceDate"]}
    new = _execute(empty_db, query, variables)["compounds"]["nodes"]
    assert new == _execute(seeded, query, variables)["compounds"]["nodes"]
    for compound in new:
        expected = ground_truth["fiveHaves"][compound["code"]]
        assert compound["fiveHaves"]["stage"] == expected["stage"], compound["code"]
        assert {c["key"]: c["met"] for c in compound["fiveHaves"]["criteria"]} == expected["criteria"]


def test_responsible_chains_as_before(round_trip, seeded, empty_db, ground_truth) -> None:
    """Everyone answerable for every household, nearest first; and, before the June endings, for the households
    whose pairings ended then (the rosters' history)."""
    households = [r["code"] for r in _cypher(seeded, "MATCH (h:Household) RETURN h.code AS code ORDER BY code")]
    ended = sorted({p["household"] for p in ground_truth["endedPairings"]})

    async def chains(settings: Settings, codes: list[str], day: str) -> list[Any]:
        graph = Graph.from_settings(settings)
        try:
            found = []
            for start in range(0, len(codes), 5000):
                params = {"codes": codes[start : start + 5000], "asOf": date.fromisoformat(day)}
                rows = await graph.read("responsibility/rel_responsible", {**params, "scope": Viewer.county().cypher()})
                found += sorted(rows, key=lambda r: r["code"])
            return found
        finally:
            await graph.close()

    for codes, day in ((households, ground_truth["referenceDate"]), (ended, "2026-05-14")):
        new = asyncio.run(chains(empty_db, codes, day))
        assert len(new) == len(codes)
        assert new == asyncio.run(chains(seeded, codes, day)), day
        if codes is households:
            sample = ground_truth["samples"]["fullChain"]
            chain = next(r for r in new if r["code"] == sample["household"])
            assert [i["code"] for i in chain["items"] if i["role"] == "PAIRED_MEMBER"] == sample["pairedMembers"]


def test_importing_the_same_files_again_changes_nothing(round_trip, empty_db) -> None:
    totals = """CALL () { MATCH (n) RETURN count(n) AS nodes }
                CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
                CALL () { MATCH (h:Household) RETURN collect([h.code, h.size, h.address]) AS households }
                RETURN nodes, relationships, households"""
    before = _cypher(empty_db, totals)

    async def again() -> list[Any]:
        graph = Graph.from_settings(empty_db)
        try:
            return [
                await import_ledger(graph, Viewer.county(), ledger, round_trip["files"][ledger.name], dry_run=False)
                for ledger in LEDGERS
            ]
        finally:
            await graph.close()

    for report in asyncio.run(again()):
        assert report.ok and report.applied
        assert set(report.counts) == {"unchanged"} and report.counts["unchanged"] > 0
    assert _cypher(empty_db, totals) == before  # no audit record either: nothing changed
