"""Ledger imports: the dry run's report (each kind of problem at its row and column, nothing written), an import
and its re-import (nothing changes the second time), an import stopped half-way and run again (no duplicates),
history kept when a roster ends a pairing, and who may import what where."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import neo4j
import pytest
from openpyxl import Workbook

from graph.commands import id_check_digit
from graph.driver import Graph
from graph.refusals import Refused
from graph.scope import Viewer
from graph.settings import Settings
from ledgers import imports
from ledgers.sheets import PAIRINGS, REGISTER, Ledger

PREFIX = "-7E57"
"""Households and people this file makes have codes HH-7E57…, PS-7E57… (never a seeded code)."""

TOTALS = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (a:AuditRecord) RETURN count(a) AS audits }
CALL () { MATCH (:Person)-[r:PAIRED_WITH]->() RETURN collect([r.validFrom, r.validTo, r.endReason]) AS pairings }
RETURN nodes, relationships, audits, pairings
"""


def code(kind: str, n: int) -> str:
    return f"{kind}{PREFIX}{n:012X}"


def id_number(n: int, born: date = date(1990, 1, 1)) -> str:
    body = f"110101{born:%Y%m%d}{n:03d}"
    return body + id_check_digit(body)


@pytest.fixture
def clean(db: neo4j.Driver) -> Iterator[None]:
    """Remove whatever the test imported (households and people of its own codes, their audit records, the
    imports' own records), and check the graph is back as it was."""
    before = db.execute_query(TOTALS).records[0]
    yield
    db.execute_query(
        """
        CALL () { MATCH (a:AuditRecord) WHERE a.id STARTS WITH 'import-' OR a.importId IS NOT NULL
                     OR (a.outcome = 'REFUSED' AND a.action STARTS WITH 'import') DETACH DELETE a }
        CALL () { MATCH (n:Entity) WHERE n.code STARTS WITH 'HH-7E57' OR n.code STARTS WITH 'PS-7E57'
                  DETACH DELETE n }
        """
    )
    assert db.execute_query(TOTALS).records[0] == before


def write_xlsx(path: Path, ledger: Ledger, rows: list[dict[str, Any]], *, keys: list[str] | None = None) -> Path:
    """A ledger as a street would fill in the template: a title row, then headers, then rows."""
    columns = [c for c in ledger.columns if c.imported and (keys is None or c.key in keys)]
    book = Workbook()
    sheet = book.active
    sheet.append([f"测试{ledger.title}"])
    sheet.append([c.header for c in columns])
    for row in rows:
        sheet.append([row.get(c.key) for c in columns])
    book.save(path)
    return path


def run_import(settings: Settings, viewer: Viewer, ledger: Ledger, path: Path, **kwargs: Any) -> imports.Report:
    async def go() -> imports.Report:
        graph = Graph.from_settings(settings)
        try:
            return await imports.import_ledger(graph, viewer, ledger, path, **kwargs)
        finally:
            await graph.close()

    return asyncio.run(go())


def where(report: imports.Report) -> set[tuple[int | None, str | None, str]]:
    return {(p.row, p.column, p.code) for p in report.problems}


def test_dry_run_reports_each_problem_at_its_row_and_column(seeded, db, tmp_path, clean) -> None:
    someone = db.execute_query("MATCH (p:Person {code: 'PS000001'}) RETURN p.idNumber AS id").records[0]["id"]
    good = {
        "building": "BD0001",
        "household": code("HH", 1),
        "address": "测试地址1号",
        "name": "测试甲",
        "idNumber": id_number(1),
        "phone": "13800000001",
    }
    rows = [
        good,  # row 3
        {**good, "household": code("HH", 2), "building": "BD9999", "person": None, "idNumber": id_number(2)},
        {**good, "person": None, "name": "测试乙"},  # row 5: the ID number of row 3 again
        {**good, "person": code("PS", 4), "idNumber": someone},  # row 6: a seeded person's ID number, a new code
        {**good, "idNumber": id_number(7), "phone": "1234"},  # row 7
        {**good, "idNumber": id_number(8), "birthDate": "2099-01-01"},  # row 8
        {**good, "idNumber": id_number(9)[:-1] + ("0" if id_number(9)[-1] != "0" else "1")},  # row 9: check digit
        {**good, "idNumber": 110101199001010123},  # row 10: typed as a number in Excel
        {**good, "idNumber": id_number(11), "name": "张**"},  # row 11: a masked export
    ]
    path = write_xlsx(tmp_path / "register.xlsx", REGISTER, rows)
    report = run_import(seeded, Viewer.county(), REGISTER, path, dry_run=True)
    letters = {c.key: chr(ord("A") + i) for i, c in enumerate(c for c in REGISTER.columns if c.imported)}
    assert where(report) == {
        (4, letters["building"], "UNKNOWN_BUILDING"),
        (5, letters["idNumber"], "DUPLICATE_ID_NUMBER"),
        (6, letters["idNumber"], "DUPLICATE_ID_NUMBER"),
        (7, letters["phone"], "MALFORMED_PHONE"),
        (8, letters["birthDate"], "DATE_OUT_OF_RANGE"),
        (9, letters["idNumber"], "MALFORMED_ID_NUMBER"),
        (10, letters["idNumber"], "ID_NUMBER_AS_NUMBER"),
        (11, letters["name"], "MASKED"),
    }
    for problem in report.problems:
        assert problem.header == REGISTER.column(next(k for k, v in letters.items() if v == problem.column)).header
        assert someone not in problem.message and "13800000001" not in problem.message  # never quotes personal data
    assert not report.applied
    # An apply of the same file finds the same problems and writes nothing either (the fixture checks).
    assert where(run_import(seeded, Viewer.county(), REGISTER, path, dry_run=False)) == where(report)


def test_dry_run_of_a_roster_reports_overlaps_dates_and_unknowns(seeded, db, tmp_path, clean) -> None:
    open_pairing = db.execute_query(
        """MATCH (p:Person)-[r:PAIRED_WITH]->(h:Household) WHERE r.validTo IS NULL
           RETURN p.code AS person, h.code AS household, r.validFrom AS since ORDER BY h.code LIMIT 1"""
    ).records[0]
    since = open_pairing["since"].to_native()
    base = {"person": open_pairing["person"], "kind": "联户", "target": open_pairing["household"]}
    rows = [
        {**base, "validFrom": since},  # row 3: the existing pairing itself: unchanged
        {**base, "validFrom": since + timedelta(days=10)},  # row 4: overlaps it
        {**base, "target": "HH99999", "validFrom": since},  # row 5
        {**base, "target": "BD0001", "validFrom": date(1900, 1, 1)},  # row 6: before 1949-10-01
        {**base, "target": "BD0002", "validFrom": date(2024, 5, 1), "validTo": date(2024, 4, 1)},  # row 7
        {**base, "kind": "包楼栋", "target": "BD0003", "validFrom": date(2024, 1, 1)},  # row 8: fine
        {**base, "kind": "包楼栋", "target": "BD0003", "validFrom": date(2024, 3, 1), "validTo": date(2024, 9, 1)},
    ]
    path = write_xlsx(tmp_path / "pairings.xlsx", PAIRINGS, rows)
    report = run_import(seeded, Viewer.county(), PAIRINGS, path, dry_run=True)
    letters = {c.key: chr(ord("A") + i) for i, c in enumerate(c for c in PAIRINGS.columns if c.imported)}
    assert where(report) == {
        (4, letters["validFrom"], "OVERLAPS"),
        (5, letters["target"], "UNKNOWN_TARGET"),
        (6, letters["validFrom"], "DATE_OUT_OF_RANGE"),
        (7, letters["validTo"], "DATE_ORDER"),
        (9, letters["validFrom"], "OVERLAPS"),  # overlaps row 8, in the file
    }
    assert "第 8 行" in next(p for p in report.problems if p.row == 9).message


def register_rows(households: int, per_household: int = 2) -> list[dict[str, Any]]:
    rows = []
    for h in range(households):
        for r in range(per_household):
            n = h * per_household + r
            rows.append(
                {
                    "building": "BD0001",
                    "household": code("HH", h),
                    "address": f"测试门牌{h}号",
                    "person": code("PS", n),
                    "name": f"测试{n}",
                    "idNumber": id_number(n % 1000, date(1960, 1, 1) + timedelta(days=n // 1000)),
                    "phone": f"138{n:08d}",
                    "partyMember": "是" if r == 0 else "否",
                    "specialGroups": "",
                    "redSteward": "否",
                    "occupation": "退休教师",
                }
            )
    return rows


def test_import_then_import_again_changes_nothing(seeded, db, viewer_of, tmp_path, clean) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", REGISTER, register_rows(3))
    community = viewer_of("COMMUNITY", "CM01")
    first = run_import(seeded, community, REGISTER, path, dry_run=False)
    assert first.ok and first.applied and first.counts == {"created": 9, "unchanged": 0}
    records = db.execute_query(
        """MATCH (a:AuditRecord) WHERE a.importId = $id OR a.id = $id
           RETURN a.id = $id AS own, a.outcome AS outcome, a.entities AS on,
                  COUNT { (a)-[:CONCERNS]->() } = size(a.entities) AS linked""",
        id=first.import_id,
    ).records
    assert sum(r["own"] for r in records) == 1 and next(r for r in records if r["own"])["outcome"] == "DONE"
    assert all(r["linked"] for r in records)
    concerned = sorted(r["on"][0] for r in records if not r["own"])
    assert concerned == sorted([code("HH", h) for h in range(3)] + [code("PS", n) for n in range(6)])
    sizes = db.execute_query("MATCH (h:Household) WHERE h.code STARTS WITH 'HH-7E57' RETURN collect(h.size) AS s")
    assert sizes.records[0]["s"] == [2, 2, 2]
    totals = db.execute_query(TOTALS).records[0]
    again = run_import(seeded, community, REGISTER, path, dry_run=False)
    assert again.ok and again.counts == {"unchanged": 6}
    assert db.execute_query(TOTALS).records[0] == totals  # not even an audit record


def test_a_roster_ends_a_pairing_and_keeps_it(seeded, db, tmp_path, clean) -> None:
    run_import(
        seeded, Viewer.county(), REGISTER, write_xlsx(tmp_path / "r.xlsx", REGISTER, register_rows(1)), dry_run=False
    )
    member = code("PS", 0)  # a Party member (register_rows makes each household's first one a member)
    start = {"person": member, "kind": "联户", "target": code("HH", 0), "validFrom": date(2025, 3, 1)}
    started = run_import(
        seeded, Viewer.county(), PAIRINGS, write_xlsx(tmp_path / "p1.xlsx", PAIRINGS, [start]), dry_run=False
    )
    assert started.counts["created"] == 1
    ended = write_xlsx(tmp_path / "p2.xlsx", PAIRINGS, [{**start, "validTo": date(2026, 6, 30), "endReason": "调动"}])
    assert run_import(seeded, Viewer.county(), PAIRINGS, ended, dry_run=False).counts["ended"] == 1
    assert run_import(seeded, Viewer.county(), PAIRINGS, ended, dry_run=False).counts == {"unchanged": 1}
    pairings = db.execute_query(
        "MATCH (:Person {code: $p})-[r:PAIRED_WITH]->(:Household {code: $h}) RETURN r {.*} AS r",
        p=member,
        h=code("HH", 0),
    ).records
    assert [r["r"]["validTo"].to_native() for r in pairings] == [date(2026, 6, 30)]
    # Reopening it, or a new pairing reaching back into it, is refused.
    reopen = write_xlsx(tmp_path / "p3.xlsx", PAIRINGS, [start, {**start, "validFrom": date(2026, 1, 1)}])
    assert {p.code for p in run_import(seeded, Viewer.county(), PAIRINGS, reopen, dry_run=True).problems} == {
        "ALREADY_ENDED",
        "OVERLAPS",
    }
    # A person who is no Party member is not paired.
    other = write_xlsx(
        tmp_path / "p4.xlsx", PAIRINGS, [{**start, "person": code("PS", 1), "validFrom": date(2026, 7, 1)}]
    )
    assert {p.code for p in run_import(seeded, Viewer.county(), PAIRINGS, other, dry_run=True).problems} == {
        "NOT_A_PARTY_MEMBER"
    }


def test_an_import_stopped_half_way_runs_again_to_completion(seeded, db, tmp_path, clean, monkeypatch) -> None:
    monkeypatch.setattr(imports, "BATCH_ROWS", 10)
    path = write_xlsx(tmp_path / "register.xlsx", REGISTER, register_rows(20))  # 60 entities, 4 batches
    stopped = run_import(seeded, Viewer.county(), REGISTER, path, dry_run=False, stop_after_batches=2)
    assert not stopped.applied
    made = "MATCH (n:Entity) WHERE n.code STARTS WITH 'HH-7E57' OR n.code STARTS WITH 'PS-7E57' RETURN count(n) AS n"
    assert 0 < db.execute_query(made).records[0]["n"] < 60
    own = "MATCH (a:AuditRecord {id: $id}) RETURN a.outcome AS outcome, a.created AS created"
    assert db.execute_query(own, id=stopped.import_id).records[0]["outcome"] == "RUNNING"
    resumed = run_import(seeded, Viewer.county(), REGISTER, path, dry_run=False)
    assert resumed.applied and resumed.resumed and resumed.import_id == stopped.import_id
    assert db.execute_query(made).records[0]["n"] == 60
    assert db.execute_query(own, id=stopped.import_id).records[0].values() == ["DONE", 60]
    mains = db.execute_query(
        "MATCH (a:AuditRecord {importId: $id}) RETURN a.entities[0] AS main, count(*) AS n", id=stopped.import_id
    ).records
    assert len(mains) == 60 and {r["n"] for r in mains} == {1}  # one record per entity: nothing made twice
    people = db.execute_query("MATCH (p:Person) WHERE p.idNumber STARTS WITH '110101' RETURN count(p) AS n")
    assert people.records[0]["n"] == 40


def test_who_may_import_where(seeded, viewer_of, tmp_path, client, token, clean) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", REGISTER, register_rows(1))  # in BD0001, community CM01
    elsewhere = run_import(seeded, viewer_of("COMMUNITY", "CM02"), REGISTER, path, dry_run=True)
    assert {p.code for p in elsewhere.problems} == {"UNKNOWN_BUILDING"}
    assert run_import(seeded, viewer_of("COMMUNITY", "CM01"), REGISTER, path, dry_run=True).ok
    for role, scope in (("GRID", "GR01"), ("ANALYST", None)):
        with pytest.raises(Refused):
            run_import(seeded, viewer_of(role, scope), REGISTER, path, dry_run=True)
        response = client.post(
            "/import/register", content=path.read_bytes(), headers={"Authorization": f"Bearer {token(role, scope)}"}
        )
        assert response.status_code == 403 and response.json()["error"] == "FORBIDDEN"
    # Over HTTP, as the community: a dry run by default, then the apply.
    headers = {"Authorization": f"Bearer {token('COMMUNITY', 'CM01')}"}
    dry = client.post("/import/register", content=path.read_bytes(), headers=headers)
    assert dry.status_code == 200 and dry.json()["dryRun"] and dry.json()["counts"]["created"] == 3
    done = client.post("/import/register?dryRun=false", content=path.read_bytes(), headers=headers)
    assert done.status_code == 200 and done.json()["applied"] and done.json()["counts"]["created"] == 3
    bad = client.post("/import/register", content=b"not,a,ledger\n1,2,3\n", headers=headers)
    assert bad.status_code == 422 and bad.json()["error"] == "UNREADABLE_FILE"
