"""The first call after a start (``./dev bench --first-call``): how long each operation takes the first and the
second time, on a freshly started API whose Neo4j has just forgotten every plan, without and with the warm-up.

Each start clears Neo4j's query caches (``db.clearQueryCaches``: what a restarted Neo4j also starts with; the
page cache stays warm, so this measures planning and the Python path, not the disk), starts the API in a
process of its own (``./dev serve --no-dev``, one worker) and times from the start to ``/readyz`` answering
200, then each operation of ``bench/operations.py`` once, in order, then each once more.
"""

from __future__ import annotations

import json
import time
from typing import Any

import httpx2 as httpx
import neo4j

from bench import processes
from bench.operations import OPERATIONS, pick_parameters
from graph.runtime import free_port
from graph.settings import Settings
from web.auth import mint


def _call(http: httpx.Client, url: str, query: str, variables: dict[str, Any]) -> str:
    """The call's time in ms, and the error's code when it failed (a cold plan can pass the 5 s query timeout)."""
    started = time.perf_counter()
    body = http.post(url, json={"query": query, "variables": json.loads(json.dumps(variables, default=str))}).json()
    elapsed = (time.perf_counter() - started) * 1000
    if body.get("errors"):
        return f"{elapsed:.0f} {(body['errors'][0].get('extensions') or {}).get('code', 'ERROR')}"
    return f"{elapsed:.0f}"


def _ms(cell: str) -> float:
    return float(cell.split()[0])


def run(settings: Settings, driver: neo4j.Driver) -> None:
    params = pick_parameters(driver)
    signed = {"Authorization": f"Bearer {mint(settings, 'COUNTY', ttl_seconds=86_400)}"}
    results: dict[bool, dict[str, tuple[str, str]]] = {}
    ready: dict[bool, float] = {}
    for warm in (False, True):
        driver.execute_query("CALL db.clearQueryCaches()")
        with processes.api(settings, free_port(), workers=1, warmup=warm) as api, \
                httpx.Client(timeout=120, headers=signed) as http:  # fmt: skip
            ready[warm] = api.seconds
            first = {op.name: _call(http, api.url, op.query, op.variables(params)) for op in OPERATIONS}
            second = {op.name: _call(http, api.url, op.query, op.variables(params)) for op in OPERATIONS}
        results[warm] = {name: (first[name], second[name]) for name in first}
    print(f"\nstart to /readyz 200: {ready[False]:.1f} s without the warm-up, {ready[True]:.1f} s with it\n")
    print("| operation | cold start: 1st call ms | 2nd call ms | warmed start: 1st call ms | 2nd call ms |")
    print("|---|---:|---:|---:|---:|")
    for name in results[False]:
        (c1, c2), (w1, w2) = results[False][name], results[True][name]
        print(f"| {name} | {c1} | {c2} | {w1} | {w2} |")
    slowest = {warm: max(_ms(first) for first, _ in results[warm].values()) for warm in (False, True)}
    print(f"\nslowest first call: {slowest[False]:.0f} ms cold, {slowest[True]:.0f} ms warmed")
