"""The ledgers' command line, run as a user runs it (``python -m cli``, what ``./dev`` runs): ``export``,
``import --dry-run`` and ``import`` with their summaries, and an import killed with SIGKILL half-way, then run
again to completion without making anything twice."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import neo4j
import pytest

from graph.settings import Settings
from ledgers.sheets import REGISTER, UNCOVERED_HOUSEHOLDS
from tests.test_ledgers_import import TOTALS, clean, register_rows, write_xlsx  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parent.parent
MADE = "MATCH (n:Entity) WHERE n.code STARTS WITH 'HH-7E57' OR n.code STARTS WITH 'PS-7E57' RETURN count(n) AS n"


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    assert settings.neo4j_uri and settings.neo4j_password is not None
    return {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "COLUMNS": "160",
        "PYTHONIOENCODING": "utf-8",
        **extra,
    }


def cli(settings: Settings, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        cwd=ROOT,
        env=_env(settings, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # the console writes to stderr
        text=True,
        timeout=600,
        check=False,
    )


def count(output: str, label: str) -> int:
    """A figure of the summary table (``│ 已新增 │ 6 │``)."""
    found = re.search(rf"{label}\s*[│|]\s*([\d,]+)", output)
    assert found, output
    return int(found.group(1).replace(",", ""))


def test_export_writes_the_whole_list(seeded, ground_truth, tmp_path) -> None:
    out = tmp_path / "uncovered.csv"
    day = ground_truth["referenceDate"]
    done = cli(seeded, "export", "uncovered-households", "--format", "csv", "-o", str(out), "--role", "COUNTY",
               "--as-of", day)  # fmt: skip
    assert done.returncode == 0, done.stdout
    rows = len(ground_truth["uncoveredHouseholds"])
    assert f"wrote {rows:,} rows to" in " ".join(done.stdout.split()), done.stdout
    lines = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert lines[3] == [c.header for c in UNCOVERED_HOUSEHOLDS.columns]
    assert [line[5] for line in lines[4:]] == ground_truth["uncoveredHouseholds"]
    # Out of the role's scope, it is refused and writes nothing.
    refused = cli(seeded, "export", "register", "-o", str(tmp_path / "r.xlsx"), "--role", "GRID", "--scope", "GR01",
                  "--of", "GR02")  # fmt: skip
    assert refused.returncode != 0 and not (tmp_path / "r.xlsx").exists(), refused.stdout


@pytest.mark.usefixtures("clean")
def test_import_dry_run_then_apply_with_a_summary(seeded, db: neo4j.Driver, tmp_path) -> None:
    rows = register_rows(2)
    bad = write_xlsx(tmp_path / "bad.xlsx", REGISTER, [*rows, {**rows[0], "person": None, "phone": "55555"}])
    totals = db.execute_query(TOTALS).records[0]
    checked = cli(seeded, "import", "register", str(bad), "--dry-run", "--role", "COMMUNITY", "--scope", "CM01")
    assert checked.returncode == 1, checked.stdout
    output = " ".join(checked.stdout.split())
    assert "第 7 行" in output and "电话号码格式不对" in output and "nothing written" in output, output
    assert "55555" not in output  # the cell's content is never quoted
    assert db.execute_query(TOTALS).records[0] == totals
    good = write_xlsx(tmp_path / "good.xlsx", REGISTER, rows)
    dry = cli(seeded, "import", "register", str(good), "--dry-run", "--role", "COMMUNITY", "--scope", "CM01")
    assert dry.returncode == 0, dry.stdout
    assert count(dry.stdout, "将新增") == 6 and "dry run: nothing written" in dry.stdout
    assert db.execute_query(TOTALS).records[0] == totals
    applied = cli(seeded, "import", "register", str(good), "--role", "COMMUNITY", "--scope", "CM01")
    assert applied.returncode == 0, applied.stdout
    assert count(applied.stdout, "已新增") == 6 and "imported" in applied.stdout
    assert db.execute_query(MADE).records[0]["n"] == 6
    again = cli(seeded, "import", "register", str(good), "--role", "COMMUNITY", "--scope", "CM01")
    assert again.returncode == 0 and count(again.stdout, "已不变") == 4 and count(again.stdout, "已新增") == 0
    assert db.execute_query(MADE).records[0]["n"] == 6


@pytest.mark.usefixtures("clean")
def test_an_import_killed_half_way_is_run_again_to_completion(seeded, db: neo4j.Driver, tmp_path) -> None:
    path = write_xlsx(tmp_path / "register.xlsx", REGISTER, register_rows(400))  # 1,200 entities
    outcome = "MATCH (a:AuditRecord {id: $id}) RETURN a.outcome AS outcome"
    running = "MATCH (a:AuditRecord {action: 'importRegister'}) WHERE a.importId IS NULL RETURN a.id AS id"
    log = tmp_path / "killed.log"
    with (
        log.open("w") as out,
        subprocess.Popen(
            [sys.executable, "-m", "cli", "import", "register", str(path), "--role", "COUNTY"],
            cwd=ROOT,
            env=_env(seeded, LIMIT_IMPORT_BATCH_ROWS="20"),  # 60 batches
            stdout=out,
            stderr=subprocess.STDOUT,
        ) as process,
    ):
        try:
            deadline = time.monotonic() + 300
            while not (found := db.execute_query(running).records):  # the first batch is committed
                if process.poll() is not None:
                    pytest.fail(f"the import ended before it was killed: {log.read_text()!r}")
                assert time.monotonic() < deadline
                time.sleep(0.02)
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            record = found[0]["id"]
        finally:
            if process.poll() is None:
                process.kill()
    assert db.execute_query(outcome, id=record).records[0]["outcome"] == "RUNNING"
    assert 0 < db.execute_query(MADE).records[0]["n"] < 1200
    resumed = cli(seeded, "import", "register", str(path), "--role", "COUNTY")
    assert resumed.returncode == 0, resumed.stdout
    assert "接续上次中断的导入" in resumed.stdout and record in resumed.stdout
    assert db.execute_query(MADE).records[0]["n"] == 1200
    assert db.execute_query(outcome, id=record).records[0]["outcome"] == "DONE"
    mains = db.execute_query(
        "MATCH (a:AuditRecord {importId: $id}) RETURN a.entities[0] AS main, count(*) AS n", id=record
    ).records
    assert len(mains) == 1200 and {r["n"] for r in mains} == {1}  # one record per entity: nothing made twice
    people = db.execute_query("MATCH (p:Person) WHERE p.code STARTS WITH 'PS-7E57' RETURN count(p) AS n")
    assert people.records[0]["n"] == 800
