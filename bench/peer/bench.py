"""Side-by-side measurement: the project's GraphQL API, the peer (@neo4j/graphql 7 over the same Neo4j and
data), and the raw Cypher floor (one query per operation, through the Python driver).

One run does, in order:

1. picks the subjects (the busiest grid, a household with a full chain) as the project's benchmark does;
2. checks the answers: each operation's three responses turned into one canonical value and compared, for
   the main subjects on --as-of and, untimed, for more subjects (every grid, households of each kind) and
   for the days pairings end on (half-open rule); every difference is listed;
3. sequential latency: requests interleaved one by one, project → peer → raw (rotating who goes first),
   --rounds rounds of --runs requests per operation and side, after --warmup requests each; one keep-alive
   connection per GraphQL side, one driver session per raw query;
4. throughput: for the --load-ops operations at each --concurrency, each side for --load-seconds (bounded
   also by --load-max requests), the sides in turn, --load-rounds times; loopback only;
5. resident memory (VmRSS, and VmHWM the peak) of each server process, found by its listening port, and
   the CPU time each server spent per request during step 3 (from /proc; the project's includes any other
   client's requests to the same server).

It prints the table and writes results/bench-<time>.json (and results/latest.json, results/latest.md).
Only 127.0.0.1 / localhost URLs are accepted. Read only: nothing is written to the database.

    python bench.py --project-url http://127.0.0.1:8000/graphql --peer-url http://127.0.0.1:4000/ \
        --neo4j-uri bolt://127.0.0.1:7687 --neo4j-user neo4j --neo4j-password-file PASSWORD_FILE
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import neo4j  # noqa: E402
import ops  # noqa: E402

SIDES = ("project", "peer", "raw")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


# ---------------------------------------------------------------- clients


# Extra request headers per URL: PROJECT_TOKEN (environment) signs the project's requests once it asks for a token.
EXTRA_HEADERS: dict[str, dict[str, str]] = {}


class GraphQLClient:
    """One keep-alive HTTP/1.1 connection; times a request from sending it to the last byte of the body."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.hostname not in LOOPBACK:
            raise SystemExit(f"refusing a non-loopback URL: {url}")
        self.url, self.host, self.port, self.path = url, parts.hostname, parts.port or 80, parts.path or "/"
        self.conn: http.client.HTTPConnection | None = None

    def _connect(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
        return self.conn

    def post(self, query: str, variables: dict[str, Any]) -> tuple[float, dict[str, Any]]:
        body = json.dumps({"query": query, "variables": variables}).encode()
        headers = {"content-type": "application/json", "accept": "application/json", **EXTRA_HEADERS.get(self.url, {})}
        for attempt in (1, 2):
            conn = self._connect()
            try:
                started = time.perf_counter()
                conn.request("POST", self.path, body, headers)
                response = conn.getresponse()
                data = response.read()
                elapsed = time.perf_counter() - started
                break
            except (
                http.client.RemoteDisconnected,
                BrokenPipeError,
                ConnectionResetError,
                http.client.CannotSendRequest,
            ):
                # the server closed an idle keep-alive connection: reconnect and time the retry only
                conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        if response.status != 200:
            raise RuntimeError(f"{self.url}: HTTP {response.status}: {data[:500]!r}")
        return elapsed, json.loads(data)


class RawClient:
    def __init__(self, driver: neo4j.Driver, database: str | None) -> None:
        self.driver, self.database = driver, database

    def run(self, query: str, params: dict[str, Any]) -> tuple[float, list[dict[str, Any]]]:
        """An auto-commit read (one Bolt round trip: RUN + PULL), timed until every record is received."""
        started = time.perf_counter()
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            records = list(session.run(query, params))
        elapsed = time.perf_counter() - started
        return elapsed, [r.data() for r in records]


def _check(side: str, op: ops.Operation, response: dict[str, Any]) -> dict[str, Any]:
    if response.get("errors"):
        raise RuntimeError(f"{side} {op.key}: {json.dumps(response['errors'], ensure_ascii=False)[:1500]}")
    return response["data"]


# ---------------------------------------------------------------- processes (by listening port, from /proc)


def pid_listening_on(port: int) -> int | None:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state, inode = fields[1], fields[3], fields[9]
            if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{inode}]")
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(proc.name)
        except OSError:
            continue
    return None


def tree(pid: int) -> list[int]:
    """The process and its descendants (the API's uvicorn workers are children of the process started)."""
    children: dict[int, list[int]] = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(proc.name))
    found, stack = [], [pid]
    while stack:
        p = stack.pop()
        found.append(p)
        stack.extend(children.get(p, []))
    return found


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM summed over the process tree (shared pages counted in each process)."""
    out = {"VmRSS": 0, "VmHWM": 0, "processes": 0}
    for p in tree(pid):
        try:
            lines = Path(f"/proc/{p}/status").read_text().splitlines()
        except OSError:
            continue
        out["processes"] += 1
        for line in lines:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] += int(value.split()[0])
    return out


def cpu_seconds(pid: int | None) -> float:
    """User and system CPU of the process tree (live processes only)."""
    if pid is None:
        return float("nan")
    total = 0.0
    for p in tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def command_line(pid: int) -> str:
    """The process's command line, absolute paths shortened to their last part."""
    argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").split("\0")
    return " ".join(Path(a).name if a.startswith("/") else a for a in argv if a)


# ---------------------------------------------------------------- step 2: answers


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path or '.'}: {a!r} vs {b!r}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b), key=str):
            if a.get(k) != b.get(k):
                return _first_difference(a.get(k), b.get(k), f"{path}.{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            extra = [x for x in a if x not in b][:3], [x for x in b if x not in a][:3]
            return f"{path or '.'}: {len(a)} vs {len(b)} items (only left {extra[0]!r}, only right {extra[1]!r})"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path or '.'}: {str(a)[:300]} vs {str(b)[:300]}"


def check_answers(op: ops.Operation, params: ops.Params, clients: dict[str, Any]) -> tuple[bool, list[str], dict]:
    values = {}
    _, response = clients["project"].post(op.project_query, op.project_vars(params))
    values["project"] = op.project_canon(_check("project", op, response), params)
    if op.peer_query is not None:
        _, response = clients["peer"].post(op.peer_query, op.peer_vars(params))
        values["peer"] = op.peer_canon(_check("peer", op, response), params)
    _, rows = clients["raw"].run(op.raw_query, op.raw_params(params))
    values["raw"] = op.raw_canon(rows, params)
    differences = []
    for side in ("project", "peer"):
        if side in values and values[side] != values["raw"]:
            differences.append(f"{side} ≠ raw: {_first_difference(values[side], values['raw'])}")
    return not differences, differences, values


def step_answers(args: argparse.Namespace, params: ops.Params, selected: list[ops.Operation], clients, driver) -> dict:
    report: dict[str, Any] = {"main": {}, "extra": []}
    print(
        f"\n== answers on {params.as_of} (grid {params.grid}, household {params.household}, search {params.search_text!r})"
    )
    for op in selected:
        same, differences, values = check_answers(op, params, clients)
        report["main"][op.key] = {
            "identical": same,
            "differences": differences,
            "size": len(json.dumps(values["raw"], default=str)),
        }
        print(f"  {op.key:<18} {'identical' if same else 'DIFFERENT'}" + "".join(f"\n      {d}" for d in differences))
    if args.no_extra_checks:
        return report
    extras = driver.execute_query(ops.cypher("pick_extras"), routing_=neo4j.RoutingControl.READ).records[0]
    days = [params.as_of, *[date.fromisoformat(d) for d in args.extra_days.split(",") if d]]
    by_key = {op.key: op for op in selected}
    cases: list[tuple[str, ops.Params]] = []
    for day in days:
        base = ops.Params(params.grid, params.household, params.county, day, params.search_text)
        for household in extras["households"]:
            cases.append(("household", ops.Params(params.grid, household, params.county, day, params.search_text)))
        for grid in extras["grids"]:
            for key in ("grid", "uncovered_grid", "network_grid"):
                if key != "network_grid" or day == params.as_of:
                    cases.append((key, ops.Params(grid, params.household, params.county, day, params.search_text)))
        if day != params.as_of:
            cases += [(k, base) for k in ("units_page", "coverage_county", "uncovered_county", "household", "grid")]
    for text in args.extra_search.split("|"):
        if text:
            cases.append(("search", ops.Params(params.grid, params.household, params.county, params.as_of, text)))
    checked = failed = 0
    for key, p in cases:
        if key not in by_key:
            continue
        same, differences, _ = check_answers(by_key[key], p, clients)
        checked += 1
        if not same:
            failed += 1
            subject = {"household": p.household, "search": p.search_text}.get(key, p.grid)
            report["extra"].append(
                {"op": key, "subject": subject, "asOf": p.as_of.isoformat(), "differences": differences}
            )
            print(f"  extra {key} {subject} {p.as_of}: " + "; ".join(differences))
    report["extra_checked"] = checked
    report["extra_failed"] = failed
    print(f"  extra checks: {checked} cases, {failed} with a difference")
    return report


# ---------------------------------------------------------------- step 3: sequential latency


def percentile(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def step_latency(args, params, selected, clients, pids) -> dict:
    samples: dict[str, dict[str, list[float]]] = {op.key: {s: [] for s in SIDES} for op in selected}
    cpu = {op.key: {"project": 0.0, "peer": 0.0} for op in selected}
    calls = {
        "project": lambda op: clients["project"].post(op.project_query, op.project_vars(params))[0],
        "peer": lambda op: clients["peer"].post(op.peer_query, op.peer_vars(params))[0],
        "raw": lambda op: clients["raw"].run(op.raw_query, op.raw_params(params))[0],
    }
    print(
        f"\n== sequential latency: {args.rounds} rounds × {args.runs} runs per operation and side, "
        f"after {args.warmup} warm-up runs; interleaved request by request"
    )
    for op in selected:
        for _ in range(args.warmup):
            for side in SIDES:
                calls[side](op)
    for r in range(args.rounds):
        for op in selected:
            started = time.monotonic()
            before = {s: cpu_seconds(pids.get(s)) for s in ("project", "peer")}
            for i in range(args.runs):
                order = SIDES[i % 3 :] + SIDES[: i % 3]
                for side in order:
                    samples[op.key][side].append(calls[side](op))
            for s in ("project", "peer"):
                cpu[op.key][s] += cpu_seconds(pids.get(s)) - before[s]
            print(f"  round {r + 1} {op.key:<18} {time.monotonic() - started:6.1f} s", flush=True)
    table = {}
    for op in selected:
        row: dict[str, dict[str, Any]] = {}
        for side in SIDES:
            xs = samples[op.key][side]
            row[side] = {
                "n": len(xs),
                "p50_ms": 1000 * percentile(xs, 0.5),
                "p95_ms": 1000 * percentile(xs, 0.95),
                "mean_ms": 1000 * statistics.fmean(xs),
            }
            # the median of each round, to show how stable the rounds were
            row[side]["round_p50_ms"] = [
                1000 * percentile(xs[k * args.runs : (k + 1) * args.runs], 0.5) for k in range(args.rounds)
            ]
        for s in ("project", "peer"):
            row[s]["server_cpu_ms_per_request"] = 1000 * cpu[op.key][s] / max(1, len(samples[op.key][s]))
        table[op.key] = row
    return table


# ---------------------------------------------------------------- step 4: throughput


async def _http_worker(url: str, body: bytes, deadline: float, budget: list[int], out: dict) -> None:
    parts = urlsplit(url)
    host, port, path = parts.hostname, parts.port or 80, parts.path or "/"
    extra = "".join(f"{k}: {v}\r\n" for k, v in EXTRA_HEADERS.get(url, {}).items())
    request = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\n{extra}"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    reader: asyncio.StreamReader | None = None
    writer: asyncio.StreamWriter | None = None
    try:
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection(host, port)
            started = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:] if ln)}
            if "content-length" in headers:
                data = await reader.readexactly(int(headers["content-length"]))
            else:  # chunked
                chunks = []
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                    if size == 0:
                        await reader.readuntil(b"\r\n")
                        break
                    chunks.append(await reader.readexactly(size))
                    await reader.readexactly(2)
                data = b"".join(chunks)
            elapsed = time.perf_counter() - started
            if status == 200 and b'"errors":' not in data:
                out["ok"] += 1
                out["lat"].append(elapsed)
            else:
                out["errors"] += 1
            if headers.get("connection", "").lower() == "close":
                writer.close()
                reader = writer = None
    except (OSError, asyncio.IncompleteReadError) as exc:
        out["errors"] += 1
        out.setdefault("exceptions", []).append(type(exc).__name__)
    finally:
        if writer is not None:
            writer.close()


async def _raw_worker(driver: neo4j.AsyncDriver, database, query, params, deadline, budget, out) -> None:
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        started = time.perf_counter()
        try:
            async with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
                result = await session.run(query, params)
                _ = [r async for r in result]
            out["ok"] += 1
            out["lat"].append(time.perf_counter() - started)
        except neo4j.exceptions.Neo4jError:
            out["errors"] += 1


async def _load(args, side: str, op: ops.Operation, params: ops.Params, concurrency: int) -> dict:
    out: dict[str, Any] = {"ok": 0, "errors": 0, "lat": []}
    budget = [args.load_max]
    if side == "raw":
        driver = neo4j.AsyncGraphDatabase.driver(
            args.neo4j_uri,
            auth=(args.neo4j_user, args.password),
            max_connection_pool_size=concurrency + 4,
            notifications_min_severity="OFF",
        )
        try:
            # open the connections first, so that the timed window does not include connecting
            await asyncio.gather(
                *(
                    _raw_worker(
                        driver,
                        args.neo4j_database,
                        op.raw_query,
                        op.raw_params(params),
                        time.perf_counter() + 0.5,
                        [1],
                        {"ok": 0, "errors": 0, "lat": []},
                    )
                    for _ in range(concurrency)
                )
            )
            started = time.perf_counter()
            deadline = started + args.load_seconds
            await asyncio.gather(
                *(
                    _raw_worker(driver, args.neo4j_database, op.raw_query, op.raw_params(params), deadline, budget, out)
                    for _ in range(concurrency)
                )
            )
        finally:
            await driver.close()
    else:
        url = args.project_url if side == "project" else args.peer_url
        query, variables = (
            (op.project_query, op.project_vars(params)) if side == "project" else (op.peer_query, op.peer_vars(params))
        )
        body = json.dumps({"query": query, "variables": variables}).encode()
        started = time.perf_counter()
        deadline = started + args.load_seconds
        await asyncio.gather(*(_http_worker(url, body, deadline, budget, out) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    lat = out.pop("lat")
    return {
        **out,
        "seconds": elapsed,
        "rps": out["ok"] / elapsed,
        "p50_ms": 1000 * percentile(lat, 0.5),
        "p95_ms": 1000 * percentile(lat, 0.95),
    }


def step_throughput(args, params, selected, pids) -> dict:
    keys = [k for k in args.load_ops.split(",") if k]
    levels = [int(c) for c in args.concurrency.split(",") if c]
    chosen = [op for op in selected if op.key in keys]
    print(
        f"\n== throughput: {', '.join(keys)} at concurrency {levels}, {args.load_seconds} s each "
        f"(at most {args.load_max} requests), {args.load_rounds} rounds, sides in turn"
    )
    runs: dict[str, dict[str, dict[str, list[dict]]]] = {
        op.key: {str(c): {s: [] for s in SIDES} for c in levels} for op in chosen
    }
    for r in range(args.load_rounds):
        for op in chosen:
            for c in levels:
                order = SIDES[r % 3 :] + SIDES[: r % 3]
                for side in order:
                    before = {s: cpu_seconds(pids.get(s)) for s in ("project", "peer")}
                    result = asyncio.run(_load(args, side, op, params, c))
                    if side in before:
                        result["server_cpu_s"] = cpu_seconds(pids.get(side)) - before[side]
                    runs[op.key][str(c)][side].append(result)
                    print(
                        f"  round {r + 1} {op.key:<16} c={c:<3} {side:<8} {result['rps']:8.1f} req/s  "
                        f"p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms  errors {result['errors']}",
                        flush=True,
                    )
                    time.sleep(args.load_pause)
    summary: dict[str, dict[str, dict[str, Any]]] = {}
    for op in chosen:
        summary[op.key] = {}
        for c in levels:
            summary[op.key][str(c)] = {}
            for side in SIDES:
                xs = runs[op.key][str(c)][side]
                summary[op.key][str(c)][side] = {
                    "rps_median": statistics.median(x["rps"] for x in xs),
                    "rps_rounds": [round(x["rps"], 1) for x in xs],
                    "p50_ms_median": statistics.median(x["p50_ms"] for x in xs),
                    "p95_ms_median": statistics.median(x["p95_ms"] for x in xs),
                    "errors": sum(x["errors"] for x in xs),
                    "requests": sum(x["ok"] for x in xs),
                }
    return {"runs": runs, "summary": summary}


# ---------------------------------------------------------------- report


def render(results: dict) -> str:
    out = []
    lat = results.get("latency", {})
    names = {op.key: op.name for op in ops.OPERATIONS}
    if lat:
        out.append("### Sequential latency (ms)\n")
        out.append(
            "| operation | raw p50 | raw p95 | project p50 | project p95 | peer p50 | peer p95 "
            "| project/raw | peer/raw | project/peer | project CPU ms/req | peer CPU ms/req |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for key, row in lat.items():
            raw, pro, peer = row["raw"], row["project"], row["peer"]
            out.append(
                f"| {key} | {raw['p50_ms']:.1f} | {raw['p95_ms']:.1f} | {pro['p50_ms']:.1f} | {pro['p95_ms']:.1f} "
                f"| {peer['p50_ms']:.1f} | {peer['p95_ms']:.1f} | {pro['p50_ms'] / raw['p50_ms']:.2f} "
                f"| {peer['p50_ms'] / raw['p50_ms']:.2f} | {pro['p50_ms'] / peer['p50_ms']:.2f} "
                f"| {pro['server_cpu_ms_per_request']:.1f} | {peer['server_cpu_ms_per_request']:.1f} |"
            )
        n = min(row[s]["n"] for row in lat.values() for s in SIDES)
        out.append(
            f"\n(n ≥ {n} per cell; ratios are of p50s. Operations: "
            + "; ".join(f"{k} = {names[k]}" for k in lat)
            + ")\n"
        )
    thr = results.get("throughput", {}).get("summary", {})
    if thr:
        out.append("### Throughput (requests/s, median of rounds; p50/p95 ms under load)\n")
        out.append(
            "| operation | concurrency | raw | project | peer | project/peer | project p50/p95 | peer p50/p95 | errors (raw/project/peer) |"
        )
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for key, by_c in thr.items():
            for c, row in by_c.items():
                raw, pro, peer = row["raw"], row["project"], row["peer"]
                out.append(
                    f"| {key} | {c} | {raw['rps_median']:.0f} | {pro['rps_median']:.0f} | {peer['rps_median']:.0f} "
                    f"| {pro['rps_median'] / peer['rps_median']:.2f} | {pro['p50_ms_median']:.0f}/{pro['p95_ms_median']:.0f} "
                    f"| {peer['p50_ms_median']:.0f}/{peer['p95_ms_median']:.0f} "
                    f"| {raw['errors']}/{pro['errors']}/{peer['errors']} |"
                )
        out.append("")
    mem = results.get("memory", {})
    if mem:
        out.append("### Server processes after the runs\n")
        out.append("| process | pid | RSS MiB | peak RSS MiB |")
        out.append("|---|---:|---:|---:|")
        for side, m in mem.items():
            out.append(f"| {side} | {m['pid']} | {m['VmRSS'] / 1024:.0f} | {m['VmHWM'] / 1024:.0f} |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--project-url", default="http://127.0.0.1:8000/graphql")
    ap.add_argument("--peer-url", default="http://127.0.0.1:4000/")
    ap.add_argument("--neo4j-uri", default="bolt://127.0.0.1:7687")
    ap.add_argument("--neo4j-user", default="neo4j")
    ap.add_argument("--neo4j-password-file", help="a file holding the password (else NEO4J_PASSWORD)")
    ap.add_argument("--neo4j-database", default=None)
    ap.add_argument("--as-of", default="2026-11-01", help="the day every time-bounded condition is judged on")
    ap.add_argument("--search-text", default="古城路 1号楼")
    ap.add_argument("--only", default="", help="comma-separated operation keys (default: all)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--runs", type=int, default=70, help="requests per operation, side and round")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--load-ops", default="household,uncovered_grid,units_page")
    ap.add_argument("--concurrency", default="8,32")
    ap.add_argument("--load-seconds", type=float, default=15.0)
    ap.add_argument("--load-max", type=int, default=200_000, help="request bound of one load window")
    ap.add_argument("--load-rounds", type=int, default=3)
    ap.add_argument("--load-pause", type=float, default=1.0)
    ap.add_argument("--extra-days", default="2026-06-30,2026-03-31", help="more days for the answer check")
    ap.add_argument("--extra-search", default="吉祥楼院|南街小区 3号楼|气象站家属院 1单元")
    ap.add_argument("--no-extra-checks", action="store_true")
    ap.add_argument("--skip", default="", help="comma-separated steps to skip: answers,latency,throughput")
    ap.add_argument("--project-pid", type=int)
    ap.add_argument("--peer-pid", type=int)
    ap.add_argument("--label", default="", help="a word for the results file name (e.g. scale10)")
    args = ap.parse_args()
    if os.environ.get("PROJECT_TOKEN"):
        EXTRA_HEADERS[args.project_url] = {"authorization": f"Bearer {os.environ['PROJECT_TOKEN']}"}
    if args.neo4j_password_file:
        args.password = Path(args.neo4j_password_file).read_text().strip()
    else:
        args.password = os.environ.get("NEO4J_PASSWORD", "")
    if urlsplit(args.neo4j_uri).hostname not in LOOPBACK:
        raise SystemExit("refusing a non-loopback Neo4j URI")
    skip = set(filter(None, args.skip.split(",")))

    driver = neo4j.GraphDatabase.driver(
        args.neo4j_uri, auth=(args.neo4j_user, args.password), notifications_min_severity="OFF"
    )
    clients = {
        "project": GraphQLClient(args.project_url),
        "peer": GraphQLClient(args.peer_url),
        "raw": RawClient(driver, args.neo4j_database),
    }
    row = driver.execute_query(
        ops.cypher("pick_parameters"), routing_=neo4j.RoutingControl.READ, database_=args.neo4j_database
    ).records[0]
    params = ops.Params(row["grid"], row["household"], row["county"], date.fromisoformat(args.as_of), args.search_text)
    keys = [k for k in args.only.split(",") if k]
    selected = [op for op in ops.OPERATIONS if not keys or op.key in keys]

    pids = {
        "project": args.project_pid or pid_listening_on(urlsplit(args.project_url).port or 80),
        "peer": args.peer_pid or pid_listening_on(urlsplit(args.peer_url).port or 80),
        "neo4j": pid_listening_on(urlsplit(args.neo4j_uri).port or 7687),
    }
    results: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "host": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "neo4j_driver": neo4j.__version__,
            "loadavg_before": os.getloadavg(),
        },
        "params": {
            "grid": params.grid,
            "household": params.household,
            "county": params.county,
            "asOf": params.as_of.isoformat(),
            "search": params.search_text,
        },
        "processes": {k: {"pid": v, "cmd": command_line(v)[:200]} for k, v in pids.items() if v},
        "settings": {k: v for k, v in vars(args).items() if k not in ("password", "neo4j_password_file")},
    }
    print(f"subjects: {results['params']}\nprocesses: {results['processes']}")
    try:
        if "answers" not in skip:
            results["answers"] = step_answers(args, params, selected, clients, driver)
        if "latency" not in skip:
            results["latency"] = step_latency(args, params, selected, clients, pids)
        if "throughput" not in skip:
            results["throughput"] = step_throughput(args, params, selected, pids)
    finally:
        driver.close()
        results["memory"] = {}
        for side in ("project", "peer", "neo4j"):
            pid = pids.get(side)
            if pid:
                results["memory"][side] = {"pid": pid, **memory_kib(pid)}
        results["host"]["loadavg_after"] = os.getloadavg()
        results["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        target = HERE / "results"
        target.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"bench-{args.label + '-' if args.label else ''}{stamp}"
        text = json.dumps(results, ensure_ascii=False, indent=1, default=str)
        (target / f"{name}.json").write_text(text, encoding="utf-8")
        (target / f"latest{'-' + args.label if args.label else ''}.json").write_text(text, encoding="utf-8")
        table = render(results)
        (target / f"latest{'-' + args.label if args.label else ''}.md").write_text(table + "\n", encoding="utf-8")
        print("\n" + table)
        print(f"results: results/{name}.json")


if __name__ == "__main__":
    main()
