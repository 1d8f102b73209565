"""The ledgers' benchmark: exports of 20,000 and 200,000 rows (.xlsx and .csv) and an import of 100,000 rows
(dry run, apply, and the same file again), each timed with the process's peak memory.

    ./dev bench --ledgers --scale 4                      # a Neo4j of its own under var/bench/scale-4
    ./dev bench --ledgers --scale 4 --bolt-port 7701     # ... on a given port
    ./dev bench --ledgers --uri bolt://127.0.0.1:7701    # a loaded server (NEO4J_USER / NEO4J_PASSWORD)

Scale 4 holds about 80,000 households and 220,000 residents: the county's register (one row per resident) is the
ledger of 200,000 rows. Each case runs in a process of its own (``python -m bench.ledgers CASE``), so that its
peak resident memory (``VmHWM``) is its own, and prints one JSON line; the memory before the work starts
(Python, the driver, openpyxl loaded) is printed beside the peak, so that what the rows cost shows.

The export is ``ledgers.exports`` as ``GET /export/register.xlsx`` runs it, as the county, stopped after N rows:
keyset pages of ``PAGE`` rows, each one read (its slowest is printed: each must fit ``LIMIT_QUERY_SECONDS``).
The import is a register of new households (three residents each, no codes: found by building and address, and
by ID number, as a street's own ledger is) in the data set's buildings, written as .xlsx; its dry run, its
apply, and the same file again (nothing changes) are ``./dev import``'s; the slowest batch is printed.
The apply writes into the database: use a throwaway one (this command's own, or ``--uri``).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from graph.settings import Settings

EXPORT_ROWS = (20_000, 200_000)
IMPORT_ROWS = 100_000
RESIDENTS_PER_HOUSEHOLD = 3
AREAS = [f"1101{n:02d}" for n in range(1, 20)]
"""The ID numbers' area codes: not the county's (610522), so that no generated resident's is met; each run
takes the first one no resident has yet, so that a run on a database an earlier run wrote to imports anew."""


def _rss_mib() -> float:
    """This process's peak resident memory so far: ``VmHWM``, which starts afresh at exec (``ru_maxrss`` would
    carry over the peak of the parent that forked it, which generated the data set)."""
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:")) / 1024


def _current_rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


# ---------------------------------------------------------------- the cases, each in a process of its own


async def _export(settings: Settings, rows: int, fmt: str, out: Path) -> dict[str, Any]:
    from graph.driver import Graph
    from graph.rules import county_today
    from graph.scope import Viewer
    from ledgers import exports
    from ledgers.files import LedgerWriter
    from ledgers.sheets import REGISTER

    graph = Graph.from_settings(settings)
    try:
        day = county_today()
        scope = await exports.resolve(graph, Viewer.county(), REGISTER, None, day)
        export = exports.Export(graph, Viewer.county(), REGISTER, scope, day)
        heading = await export.heading()
        base = _current_rss_mib()
        started = time.perf_counter()
        slowest = 0.0
        written = 0
        # exports.write's loop, stopped after `rows` rows.
        with out.open("wb") as f:
            writer = LedgerWriter(f, REGISTER, heading, fmt)  # type: ignore[arg-type]
            pages = export.pages()
            while written < rows:
                clock = time.perf_counter()
                page = await anext(pages, None)
                slowest = max(slowest, time.perf_counter() - clock)
                if page is None:
                    break
                page = page[: rows - written]
                await asyncio.to_thread(writer.write, page)
                written += len(page)
            await pages.aclose()
            await asyncio.to_thread(writer.close)
        seconds = time.perf_counter() - started
    finally:
        await graph.close()
    return {
        "case": f"export {fmt}",
        "rows": written,
        "seconds": round(seconds, 1),
        "rowsPerSecond": round(written / seconds),
        "slowestPageSeconds": round(slowest, 2),
        "fileMiB": round(out.stat().st_size / 2**20, 1),
        "baseMiB": round(base),
        "peakMiB": round(_rss_mib()),
    }


async def _import(settings: Settings, path: Path, dry_run: bool, label: str) -> dict[str, Any]:
    from graph.driver import Graph
    from graph.scope import Viewer
    from ledgers.imports import import_ledger
    from ledgers.sheets import REGISTER

    graph = Graph.from_settings(settings)
    batches: list[float] = []
    clock = [time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if stage == "write":
            batches.append(now - clock[0])
        clock[0] = now

    try:
        base = _current_rss_mib()
        started = time.perf_counter()
        report = await import_ledger(graph, Viewer.county(), REGISTER, path, dry_run=dry_run, progress=progress)
        seconds = time.perf_counter() - started
    finally:
        await graph.close()
    if not report.ok:
        raise SystemExit(f"the import found problems: {[str(p) for p in report.problems[:5]]}")
    return {
        "case": label,
        "rows": report.rows,
        "seconds": round(seconds, 1),
        "rowsPerSecond": round(report.rows / seconds),
        "stages": {k: round(v, 1) for k, v in report.seconds.items()},
        "counts": dict(report.counts),
        "slowestBatchSeconds": round(max(batches), 2) if batches else None,
        "baseMiB": round(base),
        "peakMiB": round(_rss_mib()),
    }


def _settings_from_env() -> Settings:
    from graph.settings import get_settings

    return get_settings()


def case_main(argv: list[str]) -> None:
    """``python -m bench.ledgers export ROWS FORMAT OUT`` or ``import FILE dry|apply|again``."""
    settings = _settings_from_env()
    if argv[0] == "export":
        result = asyncio.run(_export(settings, int(argv[1]), argv[2], Path(argv[3])))
    else:
        label = {"dry": "import: dry run", "apply": "import: apply", "again": "import: the same file again"}[argv[2]]
        result = asyncio.run(_import(settings, Path(argv[1]), argv[2] == "dry", label))
    print(json.dumps(result, ensure_ascii=False))


# ---------------------------------------------------------------- the file to import


def make_register(settings: Settings, rows: int, path: Path) -> int:
    """A register of new households in the data set's buildings, three residents each; returns its households."""
    import neo4j
    from openpyxl import Workbook

    from graph.commands import id_check_digit
    from ledgers.sheets import REGISTER

    assert settings.neo4j_uri and settings.neo4j_password is not None
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password)) as d:
        buildings = [r["code"] for r in d.execute_query("MATCH (b:Building) RETURN b.code AS code ORDER BY code")[0]]
        used = "MATCH (p:Person) WHERE p.idNumber STARTS WITH $area RETURN count(p) > 0 AS used"
        area = next(a for a in AREAS if not d.execute_query(used, area=a)[0][0]["used"])
    columns = [c for c in REGISTER.columns if c.imported]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(REGISTER.title)
    sheet.append([f"压测{REGISTER.title}"])
    sheet.append([c.header for c in columns])
    households = -(-rows // RESIDENTS_PER_HOUSEHOLD)
    for n in range(rows):
        h = n // RESIDENTS_PER_HOUSEHOLD
        born = date(1950, 1, 1) + timedelta(days=n // 1000)
        body = f"{area}{born:%Y%m%d}{n % 1000:03d}"
        row = {
            "building": buildings[h % len(buildings)],
            "address": f"压测路{area}-{h}号",
            "name": f"压测{n}",
            "idNumber": body + id_check_digit(body),
            "phone": f"139{n:08d}",
            "partyMember": "是" if n % 7 == 0 else "否",
            "specialGroups": "独居老人" if n % 50 == 0 else "",
            "redSteward": "否",
            "occupation": "职工",
        }
        sheet.append([row.get(c.key) for c in columns])
    book.save(path)
    return households


# ---------------------------------------------------------------- the whole run


def _case(settings: Settings, *args: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri or "",
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password or "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "bench.ledgers", *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def run(settings: Settings, scale: int, only: list[str] | None = None) -> None:
    """Every case in turn (``only``: ``export`` or ``import``), then a table for BENCHMARKS.md."""
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-ledgers-") as folder:
        for rows in EXPORT_ROWS if not only or "export" in only else ():
            for fmt in ("xlsx", "csv"):
                results.append(_case(settings, "export", str(rows), fmt, f"{folder}/register-{rows}.{fmt}"))
        if only and "import" not in only:
            _table(results, scale)
            return
        path = Path(folder) / "register-import.xlsx"
        clock = time.perf_counter()
        households = make_register(settings, IMPORT_ROWS, path)
        print(
            f"made {path.name}: {IMPORT_ROWS:,} rows, {households:,} households, "
            f"{path.stat().st_size / 2**20:.1f} MiB in {time.perf_counter() - clock:.0f} s",
            flush=True,
        )
        for step in ("dry", "apply", "again"):
            results.append(_case(settings, "import", str(path), step))
    _table(results, scale)


def _table(results: list[dict[str, Any]], scale: int) -> None:
    from graph.settings import get_settings

    print(f"\nscale {scale}, LIMIT_IMPORT_BATCH_ROWS={get_settings().limits.import_batch_rows}\n")
    print("| case | rows | time s | rows/s | slowest page/batch s | file MiB | memory before MiB | peak MiB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        slowest = r.get("slowestPageSeconds", r.get("slowestBatchSeconds"))
        print(
            f"| {r['case']} | {r['rows']:,} | {r['seconds']} | {r['rowsPerSecond']:,} | {slowest} "
            f"| {r.get('fileMiB', '')} | {r['baseMiB']} | {r['peakMiB']} |"
        )


if __name__ == "__main__":
    case_main(sys.argv[1:])
