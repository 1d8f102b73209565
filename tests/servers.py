"""The API as a client meets it: a real uvicorn server in a process of its own, measured from outside.

Tests of limits and outages need what an in-process test client cannot give: the server's own memory
(``VmRSS``), requests that really run side by side, and a process that can be killed. :func:`api_server`
starts ``uvicorn --factory server:create_app`` against a given Neo4j; :func:`under_attack` sends one
attack after another for a while and times a small canary query beside them. :func:`in_thread` serves an app
with uvicorn in a thread instead, for tests that need a real socket but not a process.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn

from graph.runtime import free_port
from graph.settings import Settings
from web.auth import mint

REPO_ROOT = Path(__file__).resolve().parent.parent

UNHURRIED = {"LIMIT_QUERY_SECONDS": "60", "LIMIT_REQUEST_SECONDS": "120"}
"""As conftest's: on a busy shared machine a cold first query can take longer than 5 s. Every other limit
is the production default; the time bounds are tested on their own (test_limits.py, test_outage.py)."""
COLD = {"WARMUP": "0"}
"""The servers of the suite start without the warm-up (seconds of planning each, more under load): what they
test does not depend on it, and test_warmup.py tests the warm-up itself."""
CANARY = '{"query": "{ health }"}'


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: Any
    seconds: float

    @property
    def codes(self) -> list[str | None]:
        """The ``extensions.code`` of each error of a GraphQL answer."""
        errors = self.body.get("errors") if isinstance(self.body, dict) else None
        return [(e.get("extensions") or {}).get("code") for e in errors or ()]


@dataclass
class ApiServer:
    process: subprocess.Popen
    port: int
    env: dict[str, str] = field(repr=False)
    token: str = field(repr=False)
    """A COUNTY bearer token, sent with every request (sign-in comes after the body limit, before the rest)."""

    def request(
        self, method: str, path: str, body: bytes | str | None = None, timeout: float = 60.0, token: str | None = None
    ) -> Answer:
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"authorization": f"Bearer {token or self.token}"}
            if body is not None:
                headers["content-type"] = "application/json"
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")
        return Answer(response.status, dict(response.getheaders()), parsed, time.monotonic() - started)

    def graphql(
        self, query: str, variables: dict[str, Any] | None = None, timeout: float = 60.0, token: str | None = None
    ) -> Answer:
        body = json.dumps({"query": query, "variables": variables or {}})
        return self.request("POST", "/graphql", body, timeout, token)

    def canary(self) -> float:
        """Seconds for the smallest query there is (``{ health }``), which must always answer at once."""
        answer = self.request("POST", "/graphql", CANARY)
        assert answer.status == 200 and answer.body == {"data": {"health": True}}, answer
        return answer.seconds

    def rss(self) -> int:
        """The server process's resident memory, in bytes."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise AssertionError("no VmRSS")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=30)


def start_server(settings: Settings, **env: str) -> ApiServer:
    """A uvicorn process serving the app against ``settings``' Neo4j, trusting tokens signed with its
    ``auth_secret`` (``env``: more settings, e.g. LIMIT_*)."""
    port = free_port()
    environment = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri or "",
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password or "",
        "AUTH_SECRET": settings.auth_secret or "",
        **UNHURRIED,
        **COLD,
        **env,
    }
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "server:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdin=subprocess.DEVNULL)
    server = ApiServer(process, port, environment, mint(settings, "COUNTY"))
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the API server exited at start-up (code {process.returncode})")
        with contextlib.suppress(OSError):
            if server.request("GET", "/livez", timeout=2).status == 200:
                return server
        time.sleep(0.2)
    server.kill()
    raise AssertionError("the API server did not answer within 90 s")


@contextlib.contextmanager
def api_server(settings: Settings, **env: str) -> Iterator[ApiServer]:
    server = start_server(settings, **env)
    try:
        yield server
    finally:
        if server.process.poll() is None:
            server.process.terminate()
            try:
                server.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()


@dataclass
class Threaded:
    """An app served by uvicorn in a thread of the test process (:func:`in_thread`)."""

    server: uvicorn.Server
    port: int
    socket: socket.socket | None
    """The listening socket handed to the server, as uvicorn's supervisor hands it to each worker (or None)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def in_thread(app: Any, *, worker_socket: bool = False, **config: Any) -> Iterator[Threaded]:
    """Serve ``app`` with a real uvicorn in a daemon thread on a free port until the block ends: for tests that need
    a real socket (WebSockets, concurrent clients, a browser) but not a process of its own. ``worker_socket``
    binds the socket first and serves on it as a worker process does; ``config``: more ``uvicorn.Config``."""
    port = free_port()
    settings = uvicorn.Config(app, host="127.0.0.1", port=port, **{"log_level": "warning", **config})
    listening = settings.bind_socket() if worker_socket else None
    server = uvicorn.Server(settings)
    kwargs = {"sockets": [listening]} if listening is not None else {}
    thread = threading.Thread(target=server.run, kwargs=kwargs, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not server.started:
            assert thread.is_alive(), "uvicorn stopped at start-up"
            assert time.monotonic() < deadline, "uvicorn did not start within 120 s"
            time.sleep(0.05)
        yield Threaded(server, port, listening)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        if listening is not None:
            listening.close()


@dataclass
class Assault:
    """What happened while one attack after another was sent: their answers, and the canaries beside them."""

    answers: list[Any]
    canaries: list[float]
    seconds: float
    """How long the attacks were in flight."""
    baseline: float
    """The canary's median before the attack."""
    memory_growth: int
    """The server's resident memory after the attacks minus before (bytes)."""


def under_attack(server: ApiServer, attack: Callable[[], Any], seconds: float = 2.0) -> Assault:
    """Send ``attack()`` again and again, one at a time, for ``seconds``; time a canary every 20 ms beside it.

    The server is warmed up first (the canary and one attack), so that the memory it keeps for good (its
    code, its pools) is counted before, not as growth.
    """
    attack()
    baseline = statistics.median(server.canary() for _ in range(5))
    before = server.rss()
    answers: list[Any] = []
    started = time.monotonic()

    def attacker() -> None:
        while True:
            answers.append(attack())
            if time.monotonic() - started >= seconds:
                return

    thread = threading.Thread(target=attacker)
    thread.start()
    canaries = []
    while thread.is_alive():
        canaries.append(server.canary())
        time.sleep(0.02)
    thread.join()
    elapsed = time.monotonic() - started
    return Assault(answers, canaries, elapsed, baseline, server.rss() - before)


def assert_unhurt(assault: Assault, memory_bound: int = 64 * 2**20) -> None:
    """The canary did not wait for the attacks, and the server's memory came back within ``memory_bound``.

    Relative, as the machine is shared: the canary's median beside the attacks stays a small part of the
    time they were in flight, and none waited half of it; an attack the server worked through, as before
    the limits, holds the event loop and every canary behind it.
    """
    assert assault.canaries, "no canary ran while the attacks were in flight"
    assert statistics.median(assault.canaries) < assault.seconds / 10, assault
    assert max(assault.canaries) < assault.seconds / 2, assault
    assert assault.memory_growth < memory_bound, f"memory grew by {assault.memory_growth / 2**20:.0f} MiB"
