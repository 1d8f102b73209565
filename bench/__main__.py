"""The benchmark: each canonical operation over HTTP beside the same answer fetched by raw Cypher.

    ./dev bench                 # scale 1, 60 timed runs per operation
    ./dev bench --scale 10      # about 200,000 households (the first run generates and loads it)
    ./dev bench --mixed         # reads and writes from 16 clients for 60 s (bench/mixed.py)
    ./dev bench --ledgers --scale 4   # ledger exports of 20,000 and 200,000 rows, an import of 100,000
    ./dev bench --peer          # side by side with @neo4j/graphql and raw Cypher (bench/peer/, BENCHMARKS.md)
    ./dev bench --first-call    # the first call after a start, without and with the warm-up (bench/firstcall.py)
    ./dev bench --profile       # py-spy on household detail and a page of units (bench/profile.py)

A Neo4j of its own per scale is kept under ``var/bench/scale-N`` (started here, loaded once, stopped at
the end; on ``NEO4J_BOLT_PORT`` when set, else a free port), or ``--uri`` points at a loaded server. The
service runs in-process under uvicorn on a free port and is called over HTTP with one keep-alive
connection; the raw-Cypher side runs the operation's hand-written query (``graph/queries/bench/``) through
the sync driver. The two sides alternate run by run, so that a noisy neighbour on a shared machine slows
both alike; compare the ratio, not the ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import neo4j
import uvicorn

from bench.operations import OPERATIONS, Operation, pick_parameters
from graph.driver import Graph
from graph.migrations import migrate
from graph.runtime import LocalNeo4j, free_port
from graph.scope import Viewer
from graph.settings import REPO_ROOT, Settings, get_settings
from web.auth import mint
from web.serving import uvicorn_options

COUNTY_SCOPE = Viewer.county().cypher()
"""The ``$scope`` of the raw side: the county's, as the GraphQL side is signed in."""


@dataclass
class Timing:
    name: str
    gql: list[float]
    raw: list[float]

    def row(self) -> tuple[str, float, float, float, float, float]:
        g50, g95 = _percentiles(self.gql)
        r50, r95 = _percentiles(self.raw)
        return self.name, g50, g95, r50, r95, g50 / r50 if r50 else float("inf")


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def _timed(call: Callable[[], Any]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def _prepare(settings: Settings, scale: int) -> None:
    from seeds.loader import ensure_loaded

    async def go() -> None:
        graph = Graph.from_settings(settings)
        try:
            await migrate(graph)
            started = time.monotonic()
            if await ensure_loaded(graph, scale):
                print(f"loaded scale {scale} in {time.monotonic() - started:.0f} s")
        finally:
            await graph.close()

    asyncio.run(go())


class Server:
    """The ASGI app under uvicorn in a background thread, on a free port."""

    def __init__(self, settings: Settings) -> None:
        from server import create_app

        self.port = free_port()
        # Served as ``./dev serve`` serves it (its HTTP protocol and event loop), so the numbers are the users'.
        options = {**uvicorn_options(), "log_level": "warning"}
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=self.port, **options)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}/graphql"

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def run_operation(op: Operation, params: dict[str, Any], http: httpx.Client, url: str, driver: neo4j.Driver,
                  runs: int, warmup: int) -> Timing:  # fmt: skip
    variables = op.variables(params)
    statements = op.raw(params)

    def gql() -> None:
        body = http.post(url, json={"query": op.query, "variables": variables}).json()
        if body.get("errors"):
            raise RuntimeError(f"{op.name}: {body['errors'][0]['message']}")

    def raw() -> None:
        with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
            for query, query_params in statements:
                session.run(query, {"scope": COUNTY_SCOPE, **query_params}).data()

    for _ in range(warmup):
        gql()
        raw()
    timing = Timing(op.name, [], [])
    for _ in range(runs):
        timing.gql.append(_timed(gql))
        timing.raw.append(_timed(raw))
    return timing


def main() -> None:
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--only", nargs="*", help="operations to run (default: all); with --ledgers: export, import")
    parser.add_argument("--uri", help="use this loaded Neo4j (with NEO4J_USER / NEO4J_PASSWORD) instead of our own")
    parser.add_argument("--mixed", action="store_true", help="the mixed load (bench/mixed.py) instead")
    parser.add_argument("--seconds", type=float, default=60, help="with --mixed: how long (default 60)")
    parser.add_argument("--concurrency", type=int, default=16, help="with --mixed: clients at once (default 16)")
    parser.add_argument("--ledgers", action="store_true", help="the ledgers' exports and imports (bench/ledgers.py)")
    parser.add_argument("--bolt-port", type=int, help="our own Neo4j's Bolt port (default: a free one)")
    parser.add_argument("--peer", action="store_true", help="the side-by-side comparison (bench/peer/) instead")
    parser.add_argument("--peer-port", type=int, default=int(os.environ.get("PEER_PORT", "4000")))
    parser.add_argument("--port", type=int, default=None, help="with --peer: the API's port (default PORT or free)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="with --peer: API worker processes")
    parser.add_argument("--quick", action="store_true", help="with --peer: fewer rounds (about 6 min at scale 1)")
    parser.add_argument("--first-call", action="store_true", help="the first call after a start instead")
    parser.add_argument("--profile", action="store_true", help="py-spy on household detail and a page of units")
    args, rest = parser.parse_known_args()
    if rest and not args.peer:
        parser.error(f"unrecognized arguments: {' '.join(rest)} (only --peer passes options on to bench/peer/bench.py)")

    base = get_settings()
    local: LocalNeo4j | None = None
    if args.uri:
        settings = base.model_copy(update={"neo4j_uri": args.uri})
    else:
        home = REPO_ROOT / "var" / "bench" / f"scale-{args.scale}"
        port = args.bolt_port or int(os.environ.get("NEO4J_BOLT_PORT") or 0) or free_port()
        local = LocalNeo4j(home=Path(home), lib=base.neo4j_lib, bolt_port=port, heap=base.neo4j_heap,
                           pagecache=base.neo4j_pagecache)  # fmt: skip
        print(f"starting the benchmark's Neo4j in {home} …")
        local.start()
        settings = base.model_copy(update={"neo4j_uri": local.uri, "neo4j_user": "neo4j",
                                           "neo4j_password": local.password()})  # fmt: skip
    settings = settings.model_copy(update={"dataset_scale": args.scale})
    try:
        _prepare(settings, args.scale)
        assert settings.neo4j_uri and settings.neo4j_password is not None
        if args.mixed:
            from bench.mixed import run

            run(settings, args.seconds, args.concurrency)
            return
        if args.ledgers:
            from bench import ledgers

            ledgers.run(settings, args.scale, args.only)
            return
        if args.peer:
            from bench.peer_run import run as run_peer

            run_peer(settings, args, rest)
            return
        driver = neo4j.GraphDatabase.driver(
            settings.neo4j_uri, auth=(settings.neo4j_user, settings.neo4j_password), notifications_min_severity="OFF"
        )
        if args.first_call or args.profile:
            from bench.firstcall import run as run_first_call
            from bench.profile import run as run_profile

            with driver:
                (run_first_call if args.first_call else run_profile)(settings, driver)
            return
        # Both sides ask as the county: every GraphQL request signed in, every raw query given its $scope.
        signed = {"Authorization": f"Bearer {mint(settings, 'COUNTY', ttl_seconds=86_400)}"}
        with driver, Server(settings) as url, httpx.Client(timeout=120, headers=signed) as http:
            params = pick_parameters(driver)
            chosen = [op for op in OPERATIONS if not args.only or op.name in args.only]
            timings = [run_operation(op, params, http, url, driver, args.runs, args.warmup) for op in chosen]
        _report(timings, args, local)
    finally:
        if local is not None:
            local.stop()


def _report(timings: list[Timing], args: argparse.Namespace, local: LocalNeo4j | None) -> None:
    size = f", store {local.store_size() / 2**20:.0f} MiB" if local else ""
    print(f"\nscale {args.scale}, {args.runs} runs each, {platform.node()} ({_machine()}){size}\n")
    print("| operation | GraphQL p50 ms | GraphQL p95 ms | raw Cypher p50 ms | raw Cypher p95 ms | p50 ratio |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, g50, g95, r50, r95, ratio in (t.row() for t in timings):
        print(f"| {name} | {g50:.1f} | {g95:.1f} | {r50:.1f} | {r95:.1f} | {ratio:.2f} |")


def _machine() -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


if __name__ == "__main__":
    main()
