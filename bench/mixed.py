"""The mixed load: reads and writes from many clients at once against a real API process, for a while.

    ./dev bench --mixed                          # 16 clients, 60 s, scale 1 (the benchmark's own Neo4j)
    ./dev bench --mixed --uri bolt://…:7701      # a loaded Neo4j of yours (NEO4J_PASSWORD in the environment)

The API runs as its own process (uvicorn, production limits, on ``PORT`` or a free port), so that its
memory is its own: its resident size is read before the load, every second during it and after it. Each
client loops: four times in five one of the benchmark's read operations (``bench/operations.py``, in
turn), once a micro-service record written with an idempotency key. The records the run wrote are removed
at the end (with their audit records and keys), so the data set stays as it was.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import neo4j

from api.ids import encode
from bench.operations import OPERATIONS, pick_parameters
from graph.runtime import free_port
from graph.settings import REPO_ROOT, Settings
from web.auth import mint

WRITE = """mutation ($input: RecordServiceInput!) {
  recordService(input: $input) { serviceRecord { code } userErrors { code message } } }"""

WRITER = """MATCH (p:Person {isPartyMember: true})-[:RESIDES_IN]->(h:Household)
RETURN p.code AS member, h.code AS household ORDER BY p.code LIMIT 1"""

CLEAN_UP = """MATCH (r:ServiceRecord) WHERE r.description STARTS WITH $prefix
OPTIONAL MATCH (r)<-[:CONCERNS]-(a:AuditRecord)
WITH collect(DISTINCT r) AS records, collect(DISTINCT a) AS audits
CALL (audits) { UNWIND audits AS a DETACH DELETE a }
CALL (records) { UNWIND records AS r DETACH DELETE r }
CALL () { MATCH (k:IdempotencyKey) WHERE k.clientKey STARTS WITH $prefix DELETE k }
RETURN size(records) AS removed"""


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"read": [], "write": []})
    errors: dict[str, int] = field(default_factory=dict)
    memory: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds * 1000)
            if error is not None:
                self.errors[error] = self.errors.get(error, 0) + 1


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def _post(port: int, body: dict[str, Any], token: str) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
        connection.request("POST", "/graphql", json.dumps(body), headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")
    finally:
        connection.close()


def _error(status: int, body: Any) -> str | None:
    if status != 200:
        codes = [(e.get("extensions") or {}).get("code") for e in (body or {}).get("errors", [])]
        return f"HTTP {status} {','.join(str(c) for c in codes)}"
    if isinstance(body, dict) and body.get("errors"):
        return str((body["errors"][0].get("extensions") or {}).get("code"))
    payload = next(iter((body or {}).get("data", {}).values()), None)
    if isinstance(payload, dict) and payload.get("userErrors"):
        return payload["userErrors"][0]["code"]
    return None


def start_api(settings: Settings, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri or "",
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password or "",
        # One subject writes here as fast as it can: the per-subject write quota is not what is measured.
        "QUOTA_WRITES_PER_MINUTE": "1000000",
    }
    command = [sys.executable, "-m", "uvicorn", "--factory", "server:create_app", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the API did not become ready within 90 s")


def run(settings: Settings, seconds: float, concurrency: int) -> None:
    """Start the API, load it with ``concurrency`` clients for ``seconds``, print the report."""
    assert settings.neo4j_uri and settings.neo4j_password is not None
    port = int(os.environ.get("PORT") or free_port())
    prefix = f"bench-mixed-{uuid.uuid4().hex[:8]}-"
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password))
    with driver:
        params = pick_parameters(driver)
        writer = driver.execute_query(WRITER).records[0]
        reads = [(op.name, {"query": op.query, "variables": op.variables(params)}) for op in OPERATIONS]
        token = mint(settings, "COUNTY")  # signed as the API process verifies (AUTH_SECRET, or var/auth/secret)
        process = start_api(settings, port)
        try:
            for _, body in reads:  # warm up: plans compiled, documents cached
                _post(port, body, token)
            results = Results()
            before = _rss(process.pid)
            started = time.monotonic()
            counter = iter(range(10**9))
            done = threading.Event()

            def client(index: int) -> None:
                turn = index
                while not done.is_set():
                    turn += 1
                    if turn % 5 == 0:
                        key = f"{prefix}{next(counter)}"
                        service = {
                            "memberId": encode("Person", writer["member"]),
                            "householdId": encode("Household", writer["household"]),
                            "kind": "COMPANIONSHIP",
                            "method": "做好小事情",
                            "description": key,
                            "idempotencyKey": key,
                        }
                        kind, body = "write", {"query": WRITE, "variables": {"input": service}}
                    else:
                        kind, body = "read", reads[turn % len(reads)][1]
                    began = time.perf_counter()
                    try:
                        status, answer = _post(port, body, token)
                        error = _error(status, answer)
                    except OSError as exc:
                        error = type(exc).__name__
                    results.record(kind, time.perf_counter() - began, error)

            threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
            for thread in threads:
                thread.start()
            while time.monotonic() - started < seconds:
                time.sleep(1)
                results.memory.append(_rss(process.pid))
            done.set()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started
            after = _rss(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
        removed = driver.execute_query(CLEAN_UP, prefix=prefix).records[0]["removed"]
    _report(results, elapsed, concurrency, before, after, removed)


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else float("nan")


def _report(results: Results, elapsed: float, concurrency: int, before: int, after: int, removed: int) -> None:
    everything = results.latencies["read"] + results.latencies["write"]
    print(f"\nmixed load: {concurrency} clients for {elapsed:.0f} s ({removed} written records removed after)\n")
    print("| requests | count | per second | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for name, samples in (("reads", results.latencies["read"]), ("writes", results.latencies["write"]),
                          ("all", everything)):  # fmt: skip
        p50 = statistics.median(samples) if samples else float("nan")
        print(
            f"| {name} | {len(samples)} | {len(samples) / elapsed:.1f} | {p50:.1f} | {_percentile(samples, 0.99):.1f} |"
        )
    errors = sum(results.errors.values())
    print(f"\nerrors: {errors}" + (f" ({results.errors})" if errors else ""))
    peak = max(results.memory, default=after)
    print(f"API memory (RSS): {before / 2**20:.0f} MiB before, {peak / 2**20:.0f} MiB at most, "
          f"{after / 2**20:.0f} MiB after")  # fmt: skip
