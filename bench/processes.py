"""The servers a benchmark measures from outside: the API as ``./dev serve --no-dev`` runs it (its own
process, its worker processes), and the peer (@neo4j/graphql, ``bench/peer/server.mjs``), each on a port of
its own over the benchmark's Neo4j. Both are stopped (the whole process group) when the block ends.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.settings import REPO_ROOT, Settings

PEER_DIR = REPO_ROOT / "bench" / "peer"
LOG_DIR = REPO_ROOT / "var" / "bench" / "logs"


@dataclass
class Started:
    url: str
    process: subprocess.Popen
    seconds: float
    """From starting the process to its first 200 (the API: ``/readyz``; the peer: a query)."""
    log: Path


def _status(port: int, path: str, body: bytes | None = None) -> int | None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        headers = {"content-type": "application/json"} if body else {}
        connection.request("POST" if body else "GET", path, body=body, headers=headers)
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def _stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait(
    process: subprocess.Popen, port: int, path: str, log: Path, timeout: float, body: bytes | None = None
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server on port {port} ended ({log}):\n{log.read_text()[-2000:]}")
        if _status(port, path, body) == 200:
            return
        time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} was not ready after {timeout:g} s ({log})")


@contextlib.contextmanager
def api(
    settings: Settings, port: int, workers: int, *, warmup: bool = True, timeout: float = 1800
) -> Iterator[Started]:
    """``./dev serve --no-dev --workers N`` over the benchmark's Neo4j (``settings.neo4j_uri``)."""
    assert settings.neo4j_uri and settings.neo4j_password is not None
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / f"api-{port}.log"
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "DATASET_SCALE": str(settings.dataset_scale),
        "WORKERS": str(workers),
        "WARMUP": "1" if warmup else "0",
    }
    command = [sys.executable, "-m", "cli", "serve", "--no-dev", "--port", str(port)]
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
    try:
        _wait(process, port, "/readyz", log, timeout)
        yield Started(f"http://127.0.0.1:{port}/graphql", process, time.monotonic() - started, log)
    finally:
        _stop(process)


@contextlib.contextmanager
def peer(settings: Settings, port: int, timeout: float = 120) -> Iterator[Started]:
    """The peer: Apollo Server 5 with @neo4j/graphql over the same Neo4j (``npm ci`` first when needed)."""
    assert settings.neo4j_uri and settings.neo4j_password is not None
    if shutil.which("node") is None:
        raise RuntimeError("the peer needs Node.js 20 (node) on the PATH")
    if not (PEER_DIR / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PEER_DIR, check=True)
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    log = LOG_DIR / f"peer-{port}.log"
    env = {**os.environ, "NEO4J_URI": settings.neo4j_uri, "NEO4J_USER": settings.neo4j_user,
           "NEO4J_PASSWORD": settings.neo4j_password}  # fmt: skip
    started = time.monotonic()
    with log.open("w") as out:
        process = subprocess.Popen(["node", "server.mjs", "typedefs.graphql", str(port)], cwd=PEER_DIR, env=env,
                                   stdout=out, stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    try:
        _wait(process, port, "/", log, timeout, body=b'{"query":"{ __typename }"}')
        yield Started(f"http://127.0.0.1:{port}/", process, time.monotonic() - started, log)
    finally:
        _stop(process)
