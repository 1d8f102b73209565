"""Session fixtures: one real Neo4j per test session, migrated and loaded with the scale-1 data set.

Without TEST_NEO4J_URI the session starts its own throwaway Neo4j (own home, free port) and stops it
at the end. With TEST_NEO4J_URI (and TEST_NEO4J_USER / TEST_NEO4J_PASSWORD) it uses that server, which
must be one the tests may write to.

Tests that need an empty Neo4j, or one they may stop, freeze or kill, share the session's spare one (``spare``,
taken through ``emptied``); the scale-1 data set is generated once (``dataset``, ``scale_1``). See
docs/CONTRIBUTING.md, "Keeping the suite fast".

Requests are signed in: ``gql`` sends a token (COUNTY unless a test asks for another role), ``execute``
runs as a :class:`graph.scope.Viewer` (the county's unless given; ``viewer_of`` builds one from a role and
scope, as a token would).
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from graph.driver import Graph
from graph.migrations import migrate
from graph.runtime import LocalNeo4j, free_port
from graph.scope import Role, Viewer, resolve_viewer
from graph.settings import REPO_ROOT, Limits, Settings, get_settings
from seeds.dataset import Dataset
from seeds.ground_truth import read_ground_truth
from web.auth import mint

TEST_SECRET = "tests-only-secret-not-for-any-deployment-" + "0123456789abcdef" * 3

# The apps and servers of the suite start cold: planning every catalogued query before the first answer (the
# warm-up, web/warmup.py) costs each of them seconds and is tested on its own, in test_warmup.py.
# The suite shares a busy machine: its queries get time enough that load never fails them (the time
# bounds themselves are tested with their own settings, in test_outage.py and test_limits.py).
UNHURRIED = Limits(query_seconds=60, request_seconds=120)

ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", REPO_ROOT / "test-artifacts"))
"""Where tests leave files for people to look at (the console's screenshots); CI keeps the folder."""


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


_SESSION_START = time.time()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    found = ARTIFACTS.rglob("*") if ARTIFACTS.is_dir() else []
    files = sorted(p for p in found if p.is_file() and p.stat().st_mtime >= _SESSION_START)
    if files:
        terminalreporter.write_sep("-", f"test artifacts in {ARTIFACTS}")
        for path in files:
            terminalreporter.write_line(str(path.relative_to(ARTIFACTS)))


@pytest.fixture(scope="session")
def graph_settings(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    uri = os.environ.get("TEST_NEO4J_URI")
    if uri:
        yield Settings(
            neo4j_uri=uri,
            neo4j_user=os.environ.get("TEST_NEO4J_USER", "neo4j"),
            neo4j_password=os.environ.get("TEST_NEO4J_PASSWORD"),
            auth_secret=TEST_SECRET,
            limits=UNHURRIED,
            warmup=False,
        )
        return
    local = LocalNeo4j(
        home=tmp_path_factory.mktemp("neo4j-home"),
        lib=get_settings().neo4j_lib,
        bolt_port=free_port(),
        heap=os.environ.get("TEST_NEO4J_HEAP", "1g"),
        pagecache=os.environ.get("TEST_NEO4J_PAGECACHE", "512m"),
    )
    local.start()
    try:
        yield Settings(
            neo4j_uri=local.uri,
            neo4j_user="neo4j",
            neo4j_password=local.password(),
            auth_secret=TEST_SECRET,
            limits=UNHURRIED,
            warmup=False,
        )
    finally:
        local.stop()


_SCALE_1: list[Dataset] = []


def scale_1() -> Dataset:
    """The scale-1 data set, generated once per session (seconds each time) and shared: do not change it in
    place (copy what a test changes)."""
    if not _SCALE_1:
        from seeds.generator import generate

        _SCALE_1.append(generate(1))
    return _SCALE_1[0]


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The scale-1 data set as the generator makes it (:func:`scale_1`)."""
    return scale_1()


@pytest.fixture(scope="session")
def seeded(graph_settings: Settings) -> Settings:
    """Migrations applied and the scale-1 data set loaded, once (a reused server that has it is not reloaded)."""
    from seeds.loader import ensure_loaded, load, loaded

    expected = read_ground_truth(1)["fingerprint"]

    async def run() -> None:
        graph = Graph.from_settings(graph_settings)
        try:
            await migrate(graph)
            marker = await loaded(graph)
            if marker is None:
                await load(graph, scale_1())
            elif marker["fingerprint"] != expected:
                pytest.exit(
                    f"the test database at {graph_settings.neo4j_uri} holds another version of the data set "
                    f"({marker['fingerprint'][:12]}, expected {expected[:12]}): empty it, or unset TEST_NEO4J_URI",
                    returncode=2,
                )
            else:
                await ensure_loaded(graph, 1)  # places the map when the reused server's data set predates it
        finally:
            await graph.close()

    asyncio.run(run())
    return graph_settings


@dataclass
class Spare:
    """A second throwaway Neo4j, shared by the session's tests that need an empty one or one they may stop,
    freeze or kill (the ledgers' round trip, the outages): starting one costs half a minute on a busy machine.
    Take it through :func:`emptied`."""

    local: LocalNeo4j
    settings: Settings

    def driver(self) -> neo4j.Driver:
        return neo4j.GraphDatabase.driver(self.local.uri, auth=("neo4j", self.local.password()))


@pytest.fixture(scope="session")
def spare(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Spare]:
    local = LocalNeo4j(
        home=tmp_path_factory.mktemp("neo4j-spare"),
        lib=get_settings().neo4j_lib,
        bolt_port=free_port(),
        heap="768m",
        pagecache="256m",
    )
    local.start()
    settings = Settings(
        neo4j_uri=local.uri, neo4j_user="neo4j", neo4j_password=local.password(), auth_secret=TEST_SECRET
    )
    try:
        yield Spare(local, settings)
    finally:
        pid = local.pid()
        if pid is not None:
            os.kill(pid, signal.SIGCONT)  # a test that failed while it was frozen
            local.stop()


def emptied(spare: Spare) -> Settings:
    """The spare Neo4j running (thawed or started again after a test that froze, stopped or killed it) and
    empty: no node, no constraint, no index but Neo4j's own look-ups, as a fresh one."""
    pid = spare.local.pid()
    if pid is not None:
        os.kill(pid, signal.SIGCONT)
    spare.local.start()  # reuses a running one
    with spare.driver() as driver:
        with driver.session() as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        # Names from Neo4j's own listing, quoted: nothing from input reaches this Cypher.
        for record in driver.execute_query("SHOW CONSTRAINTS YIELD name").records:
            driver.execute_query(f"DROP CONSTRAINT `{record['name']}`")
        for record in driver.execute_query("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'").records:
            driver.execute_query(f"DROP INDEX `{record['name']}`")
        left = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    assert left == 0, f"the spare Neo4j still holds {left} nodes"
    return spare.settings


@pytest.fixture(scope="session")
def db(seeded: Settings) -> Iterator[neo4j.Driver]:
    """A plain sync driver for tests that check the graph with Cypher."""
    import worlds

    from tests import worlds as imported_as_tests_worlds  # (tests import it both ways: two module objects)

    for module in (worlds, imported_as_tests_worlds):
        module.SETTINGS = seeded  # the worlds' clean-ups refresh the coverage aggregate of what they touched
    driver = neo4j.GraphDatabase.driver(seeded.neo4j_uri, auth=(seeded.neo4j_user, seeded.neo4j_password))
    try:
        yield driver
    finally:
        driver.close()


@pytest.fixture(scope="session")
def ground_truth() -> dict[str, Any]:
    """What the generator planted on purpose, as of its reference date."""
    return read_ground_truth(1)


@pytest.fixture(scope="session")
def client(seeded: Settings) -> Iterator[TestClient]:
    """The ASGI app over HTTP, lifespan included."""
    from server import create_app

    with TestClient(create_app(seeded)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def token(seeded: Settings):
    """A bearer token for a role (and scope, and person), signed as the app under test expects."""

    def make(role: str = "COUNTY", scope: str | None = None, sub: str | None = None, **kwargs: Any) -> str:
        return mint(seeded, role, scope, sub, **kwargs)

    return make


@pytest.fixture(scope="session")
def gql(client: TestClient, token):
    """POST a GraphQL request signed in as ``role`` (COUNTY by default); returns the response's JSON."""

    def run(
        query: str,
        variables: dict[str, Any] | None = None,
        role: str = "COUNTY",
        scope: str | None = None,
        sub: str | None = None,
        **headers: str,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token(role, scope, sub)}", **headers}
        response = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()

    return run


@pytest.fixture(scope="session")
def viewer_of(seeded: Settings):
    """The viewer a token with these claims stands for (checked against the graph, as sign-in does)."""
    from graph.rules import county_today

    def make(role: Role | str, scope: str | None = None, sub: str | None = None) -> Viewer:
        async def go() -> Viewer:
            graph = Graph.from_settings(seeded)
            try:
                return await resolve_viewer(
                    graph, Role(role) if isinstance(role, str) else role, scope, sub, county_today()
                )
            finally:
                await graph.close()

        return asyncio.run(go())

    return make


@pytest.fixture(scope="session")
def execute(seeded: Settings):
    """Run a GraphQL request in-process as a given viewer (the county's unless given)."""
    from schema.api import schema
    from schema.context import Context

    def run(query: str, variables: dict[str, Any] | None = None, viewer: Viewer | None = None) -> Any:
        async def go() -> Any:
            graph = Graph.from_settings(seeded)
            try:
                ctx = Context(graph=graph, viewer=viewer or Viewer.county())
                return await schema.execute(query, variable_values=variables or {}, context_value=ctx)
            finally:
                await graph.close()

        return asyncio.run(go())

    return run


@pytest.fixture
def no_cost_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """For in-process requests (``execute``) that nest large pages on purpose, e.g. to show that round trips do
    not grow with page size: the cost limit is lifted (the other limits stay)."""
    limits = get_settings().limits.model_copy(update={"cost": 10**12})
    monkeypatch.setattr(get_settings(), "limits", limits)
