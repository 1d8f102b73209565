"""Serving as production does: warm before ready, and from several worker processes that share nothing but Neo4j."""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from graph import catalog
from graph.driver import Graph
from graph.runtime import free_port
from graph.settings import Settings
from tests.servers import REPO_ROOT, UNHURRIED
from web.warmup import WARM_DOCUMENTS, warm_up


def test_the_warm_up_plans_every_catalogued_query_with_its_callers_parameter_types(seeded: Settings) -> None:
    # A sample of the wrong type would make Neo4j refuse the EXPLAIN (or plan for types no caller sends):
    # every query must be planned, and every common document must run without an error.
    async def run() -> Any:
        graph = Graph.from_settings(seeded)
        try:
            return await warm_up(graph, seeded.limits)
        finally:
            await graph.close()

    report = asyncio.run(run())
    assert report.failed == []
    assert report.planned == len(catalog.names())
    assert report.documents == len(WARM_DOCUMENTS)


def _workers(pid: int) -> list[int]:
    """The uvicorn workers under ``pid``: processes multiprocessing spawned (not its resource tracker)."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                if parent == pid and b"spawn_main" in (proc / "cmdline").read_bytes():
                    found.append(int(proc.name))
    return found


def _post(port: int, body: dict[str, Any], token: str) -> tuple[int, Any]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)  # a new connection each time
    try:
        headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}
        connection.request("POST", "/graphql", json.dumps(body), headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_production_mode_serves_from_worker_processes_each_ready_only_when_warm(
    seeded: Settings, token, ground_truth: dict[str, Any]
) -> None:
    port = free_port()
    env = {
        **os.environ,
        "NEO4J_URI": seeded.neo4j_uri or "",
        "NEO4J_USER": seeded.neo4j_user,
        "NEO4J_PASSWORD": seeded.neo4j_password or "",
        "AUTH_SECRET": seeded.auth_secret or "",
        **UNHURRIED,
    }
    command = [sys.executable, "-m", "cli", "serve", "--no-dev", "--workers", "2", "--port", str(port)]
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        ready = False
        while time.monotonic() < deadline and not ready:
            assert process.poll() is None, "./dev serve --no-dev --workers 2 ended at start-up"
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/readyz")
                ready = connection.getresponse().status == 200
                connection.close()
            time.sleep(0.2)
        assert ready, "not ready within 300 s"
        assert len(_workers(process.pid)) == 2
        # Requests on fresh connections land on either worker; each answers in full from the same Neo4j.
        county = token("COUNTY")
        expected = ground_truth["coverage"]["county"]["households"]
        for _ in range(12):
            status, body = _post(port, {"query": "{ coverage { households } }"}, county)
            assert status == 200 and body == {"data": {"coverage": {"households": expected}}}
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
