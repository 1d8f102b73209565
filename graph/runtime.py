"""The local Neo4j: Neo4j 5.26 Community from Maven Central, run on Java 17 without Docker.

Its jars are resolved with ``mvn`` (``graph/neo4j-pom.xml``) into ``var/neo4j/lib-<version>``; the
server runs as ``java ... org.neo4j.server.CommunityEntryPoint --home-dir=... --config-dir=...`` with a
``neo4j.conf`` written here: Bolt on 127.0.0.1 only, HTTP off, usage reports off, bounded memory, no
query log (queries carry residents' personal data as parameters).

Auth is on. At the first start a password is generated and kept in ``<home>/password`` (mode 0600),
where :meth:`LocalNeo4j.password` picks it up. The data directory persists across restarts; tests use
their own throwaway home and port.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from graph.settings import NEO4J_VERSION, Settings

POM = Path(__file__).resolve().parent / "neo4j-pom.xml"

# The flags Neo4j's own launcher passes to the JVM (its default neo4j.conf, server.jvm.additional).
NEO4J_JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
MIN_JAVA = 17
AUTH_GRACE_SECONDS = 10.0
"""How long a server just started may refuse the generated password before that counts as wrong."""


class RuntimeProblem(RuntimeError):
    """The local Neo4j cannot be set up or started; the message says what to do."""


@dataclass
class LocalNeo4j:
    home: Path
    lib: Path
    bolt_port: int = 7687
    heap: str = "1g"
    pagecache: str = "512m"
    start_timeout: float = 180.0
    _process: subprocess.Popen | None = field(default=None, init=False, repr=False)
    """The server process when this object started it (so that stopping it reaps it)."""

    def __post_init__(self) -> None:
        # Neo4j and mvn resolve relative paths against their own working directories.
        self.home = Path(self.home).resolve()
        self.lib = Path(self.lib).resolve()

    @classmethod
    def from_settings(cls, settings: Settings) -> LocalNeo4j:
        return cls(
            home=settings.neo4j_home,
            lib=settings.neo4j_lib,
            bolt_port=settings.neo4j_bolt_port,
            heap=settings.neo4j_heap,
            pagecache=settings.neo4j_pagecache,
            start_timeout=settings.neo4j_start_timeout,
        )

    # ------------------------------------------------------------------ paths

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def data_dir(self) -> Path:
        return self.home / "data"

    @property
    def logs_dir(self) -> Path:
        return self.home / "logs"

    @property
    def console_log(self) -> Path:
        return self.logs_dir / "console.log"

    @property
    def pid_file(self) -> Path:
        return self.home / "run" / "neo4j.pid"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    # ------------------------------------------------------------------ set-up

    def java(self) -> str:
        """The java binary to use (JAVA_HOME first, then PATH), checked to be Java 17 or newer."""
        java_home = os.environ.get("JAVA_HOME")
        candidate = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
        if not candidate or not Path(candidate).exists():
            raise RuntimeProblem(
                "Java 17 or newer is needed to run the local Neo4j, and no `java` was found. "
                "Install a JDK 17 (e.g. `apt install openjdk-17-jre-headless`) or set JAVA_HOME, "
                "or point NEO4J_URI at a Neo4j you already run."
            )
        out = subprocess.run([candidate, "-version"], capture_output=True, text=True, check=False).stderr
        match = re.search(r'version "(\d+)', out)
        if not match or int(match.group(1)) < MIN_JAVA:
            raise RuntimeProblem(f"{candidate} is not Java {MIN_JAVA}+ ({out.strip().splitlines()[:1]}).")
        return candidate

    def ensure_jars(self) -> None:
        """Resolve Neo4j's jars from Maven Central once; later starts reuse them."""
        marker = self.lib / ".complete"
        if marker.exists():
            return
        mvn = shutil.which("mvn")
        if not mvn:
            raise RuntimeProblem(
                "Maven (`mvn`) is needed once, to fetch Neo4j's jars from Maven Central, and was not "
                "found. Install it (e.g. `apt install maven`), or point NEO4J_URI at a running Neo4j."
            )
        self.lib.mkdir(parents=True, exist_ok=True)
        cmd = [
            mvn, "-q", "-B", "-f", str(POM), "dependency:copy-dependencies",
            f"-Dneo4j.version={NEO4J_VERSION}", f"-DoutputDirectory={self.lib}",
        ]  # fmt: skip
        result = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if result.returncode != 0 or not any(self.lib.glob("neo4j-*.jar")):
            raise RuntimeProblem(
                f"mvn could not fetch Neo4j {NEO4J_VERSION} from Maven Central:\n"
                f"{(result.stdout + result.stderr)[-2000:]}"
            )
        marker.write_text(NEO4J_VERSION)

    def write_conf(self) -> None:
        for d in (self.conf_dir, self.data_dir, self.logs_dir, self.pid_file.parent):
            d.mkdir(parents=True, exist_ok=True)
        conf = {
            "server.default_listen_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.advertised_address": f"127.0.0.1:{self.bolt_port}",
            "server.bolt.tls_level": "DISABLED",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true",
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            "db.logs.query.enabled": "OFF",
            # Transactions past their timeout (every request query has one) are ended within half a second.
            "db.transaction.monitor.check.interval": "500ms",
            "server.directories.data": str(self.data_dir),
            "server.directories.logs": str(self.logs_dir),
            "server.directories.run": str(self.pid_file.parent),
            "server.directories.import": str(self.home / "import"),
            "server.directories.plugins": str(self.home / "plugins"),
        }
        text = "# Written by graph/runtime.py at every start; edit the settings, not this file.\n"
        text += "".join(f"{k}={v}\n" for k, v in conf.items())
        (self.conf_dir / "neo4j.conf").write_text(text)

    def password(self) -> str:
        try:
            return self.password_file.read_text().strip()
        except FileNotFoundError:
            raise RuntimeProblem(
                f"no password file at {self.password_file}: start the local Neo4j first (`./dev neo4j start`)"
            ) from None

    def _set_initial_password(self, java: str) -> None:
        """Before the very first start: generate the password, keep it user-only, hand it to Neo4j."""
        if (self.data_dir / "dbms" / "auth.ini").exists() or (self.data_dir / "databases" / "system").exists():
            if not self.password_file.exists():
                raise RuntimeProblem(
                    f"{self.data_dir} holds a database but its password file {self.password_file} is gone. "
                    f"Restore the file, or remove {self.home} to start over with an empty database."
                )
            return
        password = secrets.token_urlsafe(24)
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(password + "\n")
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}
        cmd = [java, "-cp", f"{self.lib}/*", ADMIN_TOOL, "dbms", "set-initial-password", password]
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
        if result.returncode != 0:
            self.password_file.unlink(missing_ok=True)
            raise RuntimeProblem(f"neo4j-admin set-initial-password failed:\n{result.stdout}{result.stderr}")

    # ------------------------------------------------------------------ process

    def pid(self) -> int | None:
        """The pid of our server when it is alive (the pid file alone is not trusted)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            return None
        return pid if ENTRY_POINT in cmdline and f"--home-dir={self.home}" in cmdline else None

    def is_running(self) -> bool:
        return self.pid() is not None

    def _running_port(self) -> int | None:
        """The Bolt port in the neo4j.conf the running server was started with."""
        try:
            conf = (self.conf_dir / "neo4j.conf").read_text()
        except FileNotFoundError:
            return None
        match = re.search(r"^server\.bolt\.listen_address=.*:(\d+)$", conf, re.MULTILINE)
        return int(match.group(1)) if match else None

    def _bolt_answers(self) -> bool:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ServiceUnavailable

        with GraphDatabase.driver(self.uri, auth=("neo4j", self.password())) as driver:
            try:
                driver.verify_connectivity()
                return True
            except AuthError:
                raise
            except (ServiceUnavailable, OSError):
                return False

    def start(self) -> str:
        """Start the server (or reuse the one already running on this home); wait until Bolt answers.

        Returns ``"started"`` or ``"reused"``.
        """
        if self.is_running():
            # It may have been started with another port: talk to it where it listens.
            self.bolt_port = self._running_port() or self.bolt_port
            self._wait_for_bolt(None)
            return "reused"
        if _port_in_use(self.bolt_port):
            raise RuntimeProblem(
                f"port {self.bolt_port} is taken by another process, not by the Neo4j of {self.home}. "
                "Stop it, or set NEO4J_BOLT_PORT to a free port."
            )
        java = self.java()
        self.ensure_jars()
        self.write_conf()
        self._set_initial_password(java)
        heap = ["-Xms" + _smaller(self.heap, "512m"), "-Xmx" + self.heap]
        cmd = [
            java, *heap, *NEO4J_JVM_FLAGS, "-cp", f"{self.lib}/*", ENTRY_POINT,
            f"--home-dir={self.home}", f"--config-dir={self.conf_dir}",
        ]  # fmt: skip
        env = {**os.environ, "NEO4J_HOME": str(self.home), "NEO4J_CONF": str(self.conf_dir)}
        with open(self.console_log, "ab") as log:
            process = subprocess.Popen(
                cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env,
                start_new_session=True, cwd=self.home,
            )  # fmt: skip
        self._process = process
        self.pid_file.write_text(str(process.pid))
        try:
            self._wait_for_bolt(process)
        except BaseException:  # a server that never became usable is not left running behind the error
            process.kill()
            process.wait()
            self.pid_file.unlink(missing_ok=True)
            raise
        return "started"

    def _wait_for_bolt(self, process: subprocess.Popen | None) -> None:
        from neo4j.exceptions import AuthError

        started = time.monotonic()
        deadline = started + self.start_timeout
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise RuntimeProblem(
                    f"Neo4j exited during start-up (code {process.returncode}); see {self.console_log} "
                    f"and {self.logs_dir / 'neo4j.log'}"
                )
            try:
                if self._bolt_answers():
                    return
            except AuthError:
                # A server we have just started can open Bolt a moment before it has made the initial user
                # from auth.ini (seen once in CI: one refusal at the first connection). A refusal that lasts
                # is a wrong password, and says so.
                if process is None or time.monotonic() > started + AUTH_GRACE_SECONDS:
                    raise
            time.sleep(0.5)
        raise RuntimeProblem(
            f"Neo4j did not answer on {self.uri} within {self.start_timeout:.0f} s; "
            f"see {self.console_log} and {self.logs_dir / 'neo4j.log'}"
        )

    def stop(self, timeout: float = 120.0) -> bool:
        """SIGTERM, then wait for a clean shutdown. Returns whether a server was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        ours = self._process if self._process is not None and self._process.pid == pid else None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid() == pid:
            # Reap it when it is our child, or it lingers as a zombie that still looks alive.
            if ours is not None:
                ours.poll()
            else:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
            time.sleep(0.2)
        if self.pid() == pid:
            raise RuntimeProblem(f"Neo4j (pid {pid}) did not stop within {timeout:.0f} s; see {self.console_log}")
        if ours is not None:
            ours.wait(timeout=30)  # an exited child is a zombie until reaped
        self.pid_file.unlink(missing_ok=True)
        self._process = None
        return True

    def kill(self) -> bool:
        """SIGKILL, as a crash or the OOM killer would (the next start recovers from the transaction log).
        Returns whether a server was running."""
        pid = self.pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGKILL)
        if self._process is not None and self._process.pid == pid:
            self._process.wait(timeout=30)
            self._process = None
        else:
            deadline = time.monotonic() + 30
            while self.pid() == pid and time.monotonic() < deadline:
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, os.WNOHANG)
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def store_size(self) -> int:
        """Bytes under the data directory (store files and transaction logs)."""
        return sum(p.stat().st_size for p in self.data_dir.rglob("*") if p.is_file())


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _smaller(a: str, b: str) -> str:
    return a if _bytes(a) <= _bytes(b) else b


def _bytes(size: str) -> int:
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    size = size.strip().lower()
    return int(size[:-1]) * units[size[-1]] if size[-1] in units else int(size)
