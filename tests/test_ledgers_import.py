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
from starlette.testclient import TestClient

from graph.commands import id_check_digit
from graph.driver import Graph
from graph.refusals import Refused
from graph.scope import Viewer
from graph.settings import Settings
from ledgers import imports
from ledgers.sheets import PAIRINGS, REGISTER, Ledger
from tests import worlds
from tests.worlds import refresh_coverage

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
def clean(db: neo4j.Driver, seeded) -> Iterator[None]:
    """Remove whatever the test imported (households and people of its own codes, their audit records, the
    imports' own records), bring the coverage aggregate of their grids back, and check the graph is back as
    it was."""
    before = db.execute_query(TOTALS).records[0]
    yield
    grids = db.execute_query(
        """
        MATCH (n:Entity) WHERE n.code STARTS WITH 'HH-7E57'
        MATCH (n)-[:PART_OF*0..4]->(g:Grid)
        RETURN collect(DISTINCT g.code) AS grids
        """
    ).records[0]["grids"]
    # The imported people and households, and the cadres, buildings and posts they touched (their spans and steps).
    touched = [c for prefix in ("HH-7E57", "PS-7E57") for c in worlds._touched(db, prefix)]
    db.execute_query(
        """
        CALL () { MATCH (a:AuditRecord) WHERE a.id STARTS WITH 'import-' OR a.importId IS NOT NULL
                     OR (a.outcome = 'REFUSED' AND a.action STARTS WITH 'import') DETACH DELETE a }
        CALL () { MATCH (n:Entity) WHERE n.code STARTS WITH 'HH-7E57' OR n.code STARTS WITH 'PS-7E57'
                  DETACH DELETE n }
        """
    )
    refresh_coverage(seeded, grids + touched, forgetting=True)
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
    totals = db.execute_query(TOTALS).records[0]
    report = run_import(seeded, Viewer.county(), REGISTER, path, dry_run=True)
    assert db.execute_query(TOTALS).records[0] == totals  # a dry run writes nothing, not even an audit record
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
    # An apply of the same file finds the same problems and writes nothing either: not even its good rows.
    applied = run_import(seeded, Viewer.county(), REGISTER, path, dry_run=False)
    assert where(applied) == where(report) and not applied.applied and applied.import_id is None
    assert db.execute_query(TOTALS).records[0] == totals


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
    totals = db.execute_query(TOTALS).records[0]
    report = run_import(seeded, Viewer.county(), PAIRINGS, path, dry_run=True)
    assert db.execute_query(TOTALS).records[0] == totals
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


def test_an_import_stopped_half_way_runs_again_to_completion(seeded, db, tmp_path, clean) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", REGISTER, register_rows(20))  # 60 entities, 4 batches
    stopped = run_import(seeded, Viewer.county(), REGISTER, path, dry_run=False, stop_after_batches=2, batch_rows=10)
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


@pytest.fixture
def small_limits(seeded: Settings) -> Iterator[TestClient]:
    """The app with an upload bound of 128 KiB and at most 50 rows an import, to meet both cheaply."""
    from server import create_app

    limits = seeded.limits.model_copy(update={"upload_bytes": UPLOAD_BYTES, "import_rows": 50})
    with TestClient(create_app(seeded.model_copy(update={"limits": limits}))) as test_client:
        yield test_client


UPLOAD_BYTES = 128 * 1024


def test_an_upload_is_bounded_before_it_is_read(small_limits, token, db, tmp_path, clean) -> None:
    headers = {"Authorization": f"Bearer {token('COUNTY')}", "Content-Type": "text/csv"}
    # A ledger larger than the GraphQL body limit (64 KiB) but within the upload bound is taken and read (its
    # addresses are too long: the dry run reports each at its row, which shows the whole file was read)...
    rows = register_rows(20)
    lines = ["所在楼栋编号,户编号,门牌地址,人员编号,姓名,身份证号"] + [
        f"{r['building']},{r['household']},{r['address']}{'甲' * 600},{r['person']},{r['name']},{r['idNumber']}"
        for r in rows
    ]
    body = "\n".join(lines).encode()
    assert 64 * 1024 < len(body) < UPLOAD_BYTES
    taken = small_limits.post("/import/register", content=body, headers=headers)
    assert taken.status_code == 422 and taken.json()["rows"] == 40
    assert {(p["row"], p["code"]) for p in taken.json()["problems"]} == {(n, "TOO_LONG") for n in range(2, 42)}
    # ...one over it is refused with 413 and the bound, from its declared length, before the token is even read.
    big = b"x" * (UPLOAD_BYTES + 1)
    for who in (headers, {}):
        refused = small_limits.post("/import/register", content=big, headers=who)
        assert refused.status_code == 413
        error = refused.json()["errors"][0]
        assert error["extensions"] == {
            "code": "REQUEST_TOO_LARGE", "limit": "uploadBytes", "max": UPLOAD_BYTES, "actual": UPLOAD_BYTES + 1
        }  # fmt: skip
        assert "split it" in error["message"]

    # Sent in chunks with no declared length, it is counted as it comes (test_an_upload_stream_is_cut_short).
    def chunks() -> Iterator[bytes]:
        for _ in range(200):
            yield b"y" * 1024

    streamed = small_limits.post("/import/register", content=chunks(), headers=headers)
    assert streamed.status_code == 413 and streamed.json()["errors"][0]["extensions"]["limit"] == "uploadBytes"
    # The GraphQL body limit is unchanged by it.
    assert small_limits.post("/graphql", content=b" " * (64 * 1024 + 1), headers=headers).status_code == 413


def test_a_file_of_more_rows_than_the_bound_is_refused_and_nothing_written(
    small_limits, token, db, tmp_path, clean
) -> None:
    totals = db.execute_query(TOTALS).records[0]
    headers = {"Authorization": f"Bearer {token('COUNTY')}"}
    path = write_xlsx(tmp_path / "register.xlsx", REGISTER, register_rows(26))  # 52 rows
    refused = small_limits.post("/import/register?dryRun=false", content=path.read_bytes(), headers=headers)
    assert refused.status_code == 413
    assert refused.json()["error"] == "REQUEST_TOO_LARGE" and "50" in refused.json()["message"]
    assert db.execute_query(TOTALS).records[0] == totals
    within = write_xlsx(tmp_path / "register.xlsx", REGISTER, register_rows(25))  # 50 rows
    dry = small_limits.post("/import/register", content=within.read_bytes(), headers=headers)
    assert dry.status_code == 200 and dry.json()["rows"] == 50


def test_an_upload_stream_is_cut_short_at_the_bound() -> None:
    """Without a declared length, the upload is read as the route streams it and stopped at the bound: a client
    sending 100 MiB costs the server the bound, not 100 MiB (the test client sends a body in one piece, so this
    speaks ASGI to the middleware itself, in front of a route that streams its body as the import route does)."""
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from web.ledgers import UPLOAD_PREFIX
    from web.limits import BodyLimit

    async def upload(request: Request) -> PlainTextResponse:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
        return PlainTextResponse(str(size))

    limit = Middleware(BodyLimit, max_bytes=64 * 1024, uploads=(UPLOAD_PREFIX,), upload_bytes=UPLOAD_BYTES)
    app = Starlette(routes=[Route("/import/register", upload, methods=["POST"])], middleware=[limit])
    chunk, total = 16 * 1024, 100 * 2**20

    async def send_upload() -> tuple[int, list[dict[str, Any]]]:
        sent = 0
        answer: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            sent += chunk
            return {"type": "http.request", "body": b"z" * chunk, "more_body": sent < total}

        async def send(message: dict[str, Any]) -> None:
            answer.append(message)

        scope = {"type": "http", "method": "POST", "path": "/import/register", "headers": [], "query_string": b""}
        await app(scope, receive, send)
        return sent, answer

    sent, answer = asyncio.run(send_upload())
    assert answer[0]["status"] == 413
    assert sent <= UPLOAD_BYTES + chunk  # it stopped reading one chunk past the bound
    # Within the bound, the route reads it all.
    total = UPLOAD_BYTES
    sent, answer = asyncio.run(send_upload())
    assert answer[0]["status"] == 200 and answer[1]["body"] == str(UPLOAD_BYTES).encode()
