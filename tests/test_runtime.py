"""The local Neo4j runtime and the connection settings, against real processes."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest

from graph.driver import DatabaseUnavailable, Graph
from graph.runtime import LocalNeo4j, RuntimeProblem, free_port
from graph.settings import REPO_ROOT, get_settings


def test_unreachable_neo4j_uri_gives_a_clear_error() -> None:
    async def connect() -> None:
        graph = Graph.connect(f"bolt://127.0.0.1:{free_port()}", "neo4j", "whatever")
        try:
            await graph.verify()
        finally:
            await graph.close()

    with pytest.raises(DatabaseUnavailable, match="cannot reach Neo4j"):
        asyncio.run(connect())


def test_the_cli_names_the_unreachable_server() -> None:
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{free_port()}", "NEO4J_PASSWORD": "x"}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        check=False,
    )
    assert result.returncode == 1
    assert "cannot reach Neo4j" in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_password_is_reported_as_such(graph_settings) -> None:
    async def connect() -> None:
        graph = Graph.connect(graph_settings.neo4j_uri, "neo4j", "not-the-password")
        try:
            await graph.verify()
        finally:
            await graph.close()

    with pytest.raises(DatabaseUnavailable, match="refused the credentials"):
        asyncio.run(connect())


def test_missing_java_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk-here"))
    local = LocalNeo4j(home=tmp_path / "home", lib=tmp_path / "lib", bolt_port=free_port())
    with pytest.raises(RuntimeProblem, match="Java 17"):
        local.start()
    assert not (tmp_path / "home" / "data").exists()


def test_missing_maven_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # neither mvn nor anything else
    local = LocalNeo4j(home=tmp_path / "home", lib=tmp_path / "lib", bolt_port=free_port())
    with pytest.raises(RuntimeProblem, match="Maven"):
        local.ensure_jars()


def test_data_survives_a_restart_and_a_second_start_reuses_the_server(tmp_path: Path) -> None:
    local = LocalNeo4j(
        home=tmp_path / "home",
        lib=get_settings().neo4j_lib,
        bolt_port=free_port(),
        heap="512m",
        pagecache="64m",
    )
    assert local.start() == "started"
    try:
        mode = stat.S_IMODE(local.password_file.stat().st_mode)
        assert mode == 0o600, "the password file must be readable by its owner only"
        conf = (local.conf_dir / "neo4j.conf").read_text()
        assert "server.http.enabled=false" in conf
        assert f"server.bolt.listen_address=127.0.0.1:{local.bolt_port}" in conf
        assert "dbms.usage_report.enabled=false" in conf
        with neo4j.GraphDatabase.driver(local.uri, auth=("neo4j", local.password())) as driver:
            driver.execute_query("CREATE (:Probe {code: 'kept'})")
        assert local.start() == "reused"
        elsewhere = LocalNeo4j(home=local.home, lib=local.lib, bolt_port=free_port())
        assert elsewhere.start() == "reused"
        assert elsewhere.uri == local.uri, "a second start talks to the running server where it listens"
        assert local.stop() is True
        assert local.pid() is None
        assert local.start() == "started"
        with neo4j.GraphDatabase.driver(local.uri, auth=("neo4j", local.password())) as driver:
            records, _, _ = driver.execute_query("MATCH (p:Probe) RETURN p.code AS code")
        assert [r["code"] for r in records] == ["kept"]
    finally:
        local.stop()
    assert local.stop() is False


def test_a_port_taken_by_another_process_is_refused(graph_settings, tmp_path: Path) -> None:
    taken = int(graph_settings.neo4j_uri.rsplit(":", 1)[1])
    local = LocalNeo4j(home=tmp_path / "home", lib=get_settings().neo4j_lib, bolt_port=taken)
    with pytest.raises(RuntimeProblem, match=f"port {taken} is taken"):
        local.start()


def test_a_routing_uri_makes_reads_wait_for_the_process_writes(graph_settings) -> None:
    """With ``neo4j://`` (a cluster) reads and writes share one bookmark manager, so a read routed to a follower
    is held until it has the process's last write; with ``bolt://`` (one server) no bookmarks are kept."""
    assert graph_settings.neo4j_uri.startswith("bolt://")
    routed = graph_settings.neo4j_uri.replace("bolt://", "neo4j://", 1)

    async def go() -> tuple[list, list, bool]:
        direct = Graph.connect(graph_settings.neo4j_uri, "neo4j", graph_settings.neo4j_password)
        graph = Graph.connect(routed, "neo4j", graph_settings.neo4j_password)
        try:
            assert graph.bookmarks is not None
            before = list(await graph.bookmarks.get_bookmarks())
            await graph.write("MERGE (p:BookmarkProbe {code: 'BOOKMARK-PROBE'}) SET p.n = coalesce(p.n, 0) + 1")
            after = list(await graph.bookmarks.get_bookmarks())
            rows = await graph.read("MATCH (p:BookmarkProbe {code: 'BOOKMARK-PROBE'}) RETURN p.n AS n")
            await graph.write("MATCH (p:BookmarkProbe) DELETE p")
            return before, after, bool(rows) and direct.bookmarks is None
        finally:
            await graph.close()
            await direct.close()

    before, after, read_and_direct_has_none = asyncio.run(go())
    assert after and after != before
    assert read_and_direct_has_none
