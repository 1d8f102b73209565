"""One async Neo4j driver per process, and the thin runners every read and write goes through.

Reads run in READ sessions so that a cluster can spread them over its readers; writes run
as managed transaction functions (``execute_write``), which the driver may retry, so they must be
idempotent. Every call is counted per request (see :func:`count_queries`), which is how tests prove
that a GraphQL request costs a bounded number of round trips.

While it serves requests (:meth:`Graph.serve`) every round trip is bounded twice: Neo4j ends a
transaction that runs past ``LIMIT_QUERY_SECONDS`` (:class:`QueryTimeout`), and the client stops
waiting a little after that (:data:`CLIENT_MARGIN_SECONDS`), because a frozen server never answers and
its own timeout never fires. A watchdog (:class:`Watchdog`) asks Neo4j ``RETURN 1`` a few times a
second on a connection of its own, and hears every answer of every round trip besides: while Neo4j does not
answer at all (a busy one, answering queries while the probe waits, is alive), round trips fail at once with
:class:`DatabaseUnavailable` and those in flight are abandoned, so an outage is a prompt 503, not a
hang. A write whose COMMIT was sent but whose answer never came raises :class:`OutcomeUnknown`: it may
have committed, and only a retry with the same idempotency key can tell.

With a routing URI (``neo4j://``, ``neo4j+s://``: a cluster, or Aura) every session of the process shares one
bookmark manager, so a read sent to a follower waits until that follower has applied the process's latest
write: a client that writes and then reads through the same API process reads its own write
(docs/DEPLOYMENT.md). A direct ``bolt://`` server has no followers, and no bookmarks are kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    ConnectionAcquisitionTimeoutError,
    IncompleteCommit,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph.catalog import cypher
from graph.settings import Limits, Settings

T = TypeVar("T")

CLIENT_MARGIN_SECONDS = 2.5
"""How much longer than the transaction timeout the client waits: Neo4j checks for timed-out transactions
every ``db.transaction.monitor.check.interval`` (2 s by default), so its own TIMEOUT comes first."""

log = logging.getLogger("tongguan.graph")


class DatabaseUnavailable(RuntimeError):
    """Neo4j could not be reached, stopped answering, or refused our credentials; nothing was written."""


class ConnectionLost(DatabaseUnavailable):
    """The connection broke before an answer (a restarted server, a stale pooled socket); worth one retry."""


class OutcomeUnknown(RuntimeError):
    """A write's COMMIT was sent and its answer lost (the connection dropped, Neo4j froze): it may or may
    not have committed. A retry with the same idempotency key answers with the committed result, if any."""


class QueryTimeout(RuntimeError):
    """Neo4j ended a transaction that ran past the transaction timeout; nothing was written."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"a query ran past its {seconds:g} s timeout")
        self.seconds = seconds


@dataclass
class QueryCounter:
    count: int = 0


_counter: contextvars.ContextVar[QueryCounter | None] = contextvars.ContextVar("query_counter", default=None)


@contextlib.contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Count the Cypher round trips made inside the block (in this task and tasks it starts)."""
    counter = QueryCounter()
    token = _counter.set(counter)
    try:
        yield counter
    finally:
        _counter.reset(token)


@dataclass
class CommitWatch:
    """The write transactions of one request, to tell after a cancelled request whether a COMMIT was in
    flight (then the outcome is unknown, not a plain failure)."""

    states: list[_CommitState] = field(default_factory=list)

    @property
    def outcome_unknown(self) -> bool:
        return any(state.pending for state in self.states)


_commits: contextvars.ContextVar[CommitWatch | None] = contextvars.ContextVar("commit_watch", default=None)


@contextlib.contextmanager
def watch_commits() -> Iterator[CommitWatch]:
    """Keep the block's write transactions (in this task and tasks it starts) for :class:`CommitWatch`."""
    watch = CommitWatch()
    token = _commits.set(watch)
    try:
        yield watch
    finally:
        _commits.reset(token)


def _tick() -> None:
    counter = _counter.get()
    if counter is not None:
        counter.count += 1


_PLAIN = frozenset((str, int, float, bool, type(None)))
_TEMPORAL = (neo4j.time.Date, neo4j.time.DateTime)


def native(value: Any) -> Any:
    """Neo4j temporal values to Python's, recursively (lists and maps included)."""
    # Every value of every row passes here (a compiled read returns thousands): the common plain
    # values leave on one set look-up, before any isinstance.
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [v if type(v) in _PLAIN else native(v) for v in value]
    if kind is dict:
        return {k: v if type(v) in _PLAIN else native(v) for k, v in value.items()}
    if isinstance(value, _TEMPORAL):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    return value


def _rows(records: list[neo4j.Record]) -> list[dict[str, Any]]:
    return [{k: native(v) for k, v in zip(r.keys(), r.values(), strict=True)} for r in records]


def driver_config(limits: Limits) -> dict[str, Any]:
    """How long the driver may wait for a connection, a pool slot, a write to the socket and retries.

    The driver's defaults (30 s to connect, 60 s for a pool slot, 30 s of retries) would hold a request
    long after Neo4j has gone. Connections idle for a while are checked before use, so that the first
    request after a restart does not meet a dead socket.
    """
    return {
        "connection_timeout": limits.connect_seconds,
        "connection_write_timeout": limits.connect_seconds,
        "connection_acquisition_timeout": limits.connect_seconds + limits.query_seconds,
        "max_transaction_retry_time": limits.query_seconds,
        "liveness_check_timeout": 2 * limits.probe_interval_seconds + limits.probe_seconds,
    }


class Graph:
    """The process's connection to Neo4j: ``read`` and ``write`` by catalogue name or raw Cypher."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str, *, causal: bool = False) -> None:
        self.driver = driver
        self.database = database
        self.bookmarks: neo4j.api.AsyncBookmarkManager | None = (
            AsyncGraphDatabase.bookmark_manager() if causal else None
        )
        """Shared by every session when Neo4j routes (a cluster): reads wait for this process's writes."""
        self.county_code: str | None = None
        """Cached by :func:`graph.scope.county_code`."""
        self.query_timeout: float | None = None
        """Neo4j's transaction timeout on every query, once :meth:`serve` is called (admin work has none)."""
        self.watchdog: Watchdog | None = None
        self._connect: Callable[[Limits], neo4j.AsyncDriver] | None = None

    @classmethod
    def connect(
        cls, uri: str, user: str, password: str | None, database: str = "neo4j", limits: Limits | None = None
    ) -> Graph:
        auth = (user, password) if password is not None else None
        config = driver_config(limits or Limits())

        def make(probe_limits: Limits | None = None) -> neo4j.AsyncDriver:
            settings = config if probe_limits is None else _probe_config(probe_limits)
            return AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF", **settings)

        graph = cls(make(), database, causal=uri.split("://", 1)[0].startswith("neo4j"))
        graph._connect = make
        return graph

    @classmethod
    def from_settings(cls, settings: Settings) -> Graph:
        if settings.neo4j_uri:
            return cls.connect(
                settings.neo4j_uri,
                settings.neo4j_user,
                settings.neo4j_password,
                settings.neo4j_database,
                settings.limits,
            )
        from graph.runtime import LocalNeo4j

        local = LocalNeo4j.from_settings(settings)
        return cls.connect(local.uri, "neo4j", local.password(), settings.neo4j_database, settings.limits)

    def serve(self, limits: Limits) -> None:
        """Bound every round trip from now on, and watch Neo4j's availability (call inside the event loop)."""
        self.query_timeout = limits.query_seconds
        if self._connect is not None and self.watchdog is None:
            self.watchdog = Watchdog(self._connect(limits), self.database, limits)
            self.watchdog.start()

    async def verify(self) -> None:
        """Fail with a message naming the server when it cannot be reached or refuses us."""
        try:
            await self.driver.verify_connectivity()
        except AuthError as exc:
            raise DatabaseUnavailable("Neo4j refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)") from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise DatabaseUnavailable(f"cannot reach Neo4j: {exc}. Is it running, and is NEO4J_URI right?") from exc

    async def close(self) -> None:
        if self.watchdog is not None:
            await self.watchdog.stop()
            self.watchdog = None
        await self.driver.close()

    @property
    def available(self) -> bool:
        """False while the watchdog finds Neo4j unreachable (always True when nothing watches)."""
        return self.watchdog is None or self.watchdog.up

    def _query(self, query: str) -> neo4j.Query:
        return neo4j.Query(_text(query), timeout=self.query_timeout)  # type: ignore[arg-type]

    async def read(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a catalogued query (``"domain/name"``) or raw Cypher as a read, return rows as dicts.

        An auto-commit transaction in a READ session (routed to a reader in a cluster): one Bolt round
        trip instead of the BEGIN/RUN/COMMIT of a managed one, half the latency of a short read. A read
        that fails on a transient error (a leader switch, a lost connection) is tried once more.
        """
        _tick()
        q, parameters = self._query(query), dict(params or {})

        async def attempt() -> list[dict[str, Any]]:
            async with self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS, bookmark_manager=self.bookmarks
            ) as s:
                result = await s.run(q, parameters)
                return _rows([record async for record in result])

        # Shielded: when a request stops waiting (a sibling field failed, the client went away), the read
        # still finishes (within its deadline) and hands its connection back, instead of the driver dropping
        # it half-read.
        try:
            return await self._bounded(attempt(), shield=True)
        except (TransientError, ConnectionLost):
            pass
        return await self._bounded(attempt(), shield=True)

    async def read_one(self, query: str, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        rows = await self.read(query, params)
        return rows[0] if rows else None

    async def write(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one catalogued query or raw Cypher as its own write transaction."""
        _tick()
        work = self.driver.execute_query(
            self._query(query),
            parameters_=dict(params or {}),
            routing_=RoutingControl.WRITE,
            database_=self.database,
            bookmark_manager_=self.bookmarks,
        )
        records, _, _ = await self._bounded(work)
        return _rows(records)

    async def transaction(self, work: Callable[[neo4j.AsyncManagedTransaction], Awaitable[T]]) -> T:
        """Run ``work`` as one managed write transaction; it may be retried, so it must be idempotent.

        Raises :class:`OutcomeUnknown` when the work was done and its COMMIT sent, but no answer came.
        """
        _tick()
        commit = _CommitState()
        watch = _commits.get()
        if watch is not None:
            watch.states.append(commit)

        @neo4j.unit_of_work(timeout=self.query_timeout)
        async def tracked(tx: neo4j.AsyncManagedTransaction) -> T:
            commit.pending = False
            value = await work(tx)
            commit.pending = True  # the driver sends COMMIT next
            return value

        async def run_it() -> T:
            async with self.driver.session(database=self.database, bookmark_manager=self.bookmarks) as session:
                return await session.execute_write(tracked)

        value = await self._bounded(run_it(), commit=commit)
        commit.pending = False
        return value

    async def _bounded(
        self, work: Coroutine[Any, Any, T], *, commit: _CommitState | None = None, shield: bool = False
    ) -> T:
        """Await one round trip within the deadline, abandoning it if the watchdog sees Neo4j go; driver
        errors become this module's (``DatabaseUnavailable``, ``OutcomeUnknown``, ``QueryTimeout``). A
        ``shield``ed round trip is left to finish (within the deadline) when its caller stops waiting."""
        watchdog = self.watchdog
        if watchdog is not None and not watchdog.up:
            work.close()
            raise DatabaseUnavailable("Neo4j is unavailable")
        deadline = None if self.query_timeout is None else self.query_timeout + CLIENT_MARGIN_SECONDS
        translated = _translated(work, commit, self.query_timeout, None if watchdog is None else watchdog.heard)
        if deadline is None and watchdog is None:  # not serving (the CLI, the loader, in-process tests)
            return await (asyncio.shield(translated) if shield else translated)
        # The task's own bound (a little past the caller's) ends a shielded round trip nobody waits for.
        orphan_bound = None if deadline is None else deadline + 1.0
        task = asyncio.ensure_future(translated if orphan_bound is None else asyncio.wait_for(translated, orphan_bound))
        waiting: set[asyncio.Future[Any]] = {task}
        if watchdog is not None:
            waiting.add(watchdog.outage)
        try:
            done, _ = await asyncio.wait(waiting, timeout=deadline, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            if shield:
                task.add_done_callback(_consume)
            else:
                _abandon(task)
            raise
        if task in done:
            return task.result()
        _abandon(task)
        if commit is not None and commit.pending:
            raise OutcomeUnknown("Neo4j stopped answering after the COMMIT was sent")
        if watchdog is not None and watchdog.outage in done:
            raise DatabaseUnavailable("Neo4j stopped answering")
        raise DatabaseUnavailable(f"Neo4j did not answer within {deadline:g} s")


@dataclass
class _CommitState:
    pending: bool = False
    """True between the end of the transaction function and the driver's answer to COMMIT."""


async def _translated(
    work: Coroutine[Any, Any, T],
    commit: _CommitState | None,
    timeout: float | None,
    heard: Callable[[], None] | None = None,
) -> T:
    """The one place every round trip's outcome passes through: driver errors become this module's, and every
    answer from Neo4j (a result, or an error of its own) is reported to ``heard`` (the watchdog's sign of life)."""
    try:
        value = await work
    except IncompleteCommit as exc:
        raise OutcomeUnknown("the connection to Neo4j was lost after the COMMIT was sent") from exc
    except (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError, OSError) as exc:
        if commit is not None and commit.pending:
            raise OutcomeUnknown("the connection to Neo4j was lost while committing") from exc
        raise ConnectionLost(f"Neo4j is unavailable ({type(exc).__name__})") from exc
    except (ClientError, TransientError) as exc:
        if heard is not None:
            heard()
        if exc.code and "TransactionTimedOut" in exc.code:
            raise QueryTimeout(timeout or 0.0) from exc
        if commit is not None:
            commit.pending = False  # Neo4j answered: the transaction did not commit
        raise
    if heard is not None:
        heard()
    return value


def _abandon(task: asyncio.Future[Any]) -> None:
    """Cancel a round trip nobody waits for any more (the driver drops its connection) and let it go."""
    task.cancel()
    task.add_done_callback(_consume)


def _consume(task: asyncio.Future[Any]) -> None:
    """Retrieve a finished round trip's outcome that nobody waits for (no "exception never retrieved")."""
    if not task.cancelled():
        task.exception()


def _probe_config(limits: Limits) -> dict[str, Any]:
    """The watchdog's own small pool, so that a busy main pool never looks like an outage.

    Connecting and waiting for a pool slot are bounded by ``LIMIT_QUERY_SECONDS``, not by the probe's deadline:
    a connection that is slow to open under load is an overdue probe (judged by :class:`Watchdog` against every
    other answer), while a refused or reset one fails at once."""
    return {
        "connection_timeout": limits.query_seconds,
        "connection_write_timeout": limits.query_seconds,
        "connection_acquisition_timeout": limits.query_seconds,
        "max_connection_pool_size": 2,
        "max_transaction_retry_time": 0.0,
    }


REFUSALS = 2
"""Probes in a row that fail outright (connection refused or reset) before Neo4j is taken as down at once."""


class Watchdog:
    """Asks Neo4j ``RETURN 1`` every ``LIMIT_PROBE_INTERVAL_SECONDS`` and tells a stopped or frozen Neo4j from a
    busy one.

    Neo4j is taken as down at once when two probes in a row fail outright (the connection refused or reset), or
    after ``LIMIT_PROBE_MISSES`` checks in a row in which a probe was overdue (no answer within
    ``LIMIT_PROBE_SECONDS``) **and nothing at all came back from Neo4j**: every round trip of the process
    reports its answers here (:meth:`heard`, from :meth:`Graph._bounded`), so on a loaded machine, where a
    probe can queue behind a long query, a Neo4j that keeps answering queries is never taken for a stopped one.
    A frozen Neo4j (SIGSTOP) answers nothing: it is down within ``LIMIT_PROBE_SECONDS`` and
    ``LIMIT_PROBE_MISSES - 1`` probe intervals. It is up again as soon as a probe answers.

    ``outage`` is a future that completes when Neo4j goes down: round trips in flight wait on it beside
    their own work and give up at once.
    """

    def __init__(self, driver: neo4j.AsyncDriver, database: str, limits: Limits) -> None:
        self.driver = driver
        self.database = database
        self.limits = limits
        self.up = True
        self.down_since: float | None = None
        self.last_answer = time.monotonic()
        """When Neo4j last answered anything (a probe or any round trip), on the monotonic clock."""
        self.outage: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._watch(), name="neo4j-watchdog")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.driver.close()

    def heard(self) -> None:
        """Neo4j answered something (a result or an error of its own): it is alive."""
        self.last_answer = time.monotonic()

    async def _ask(self) -> bool:
        """One ``RETURN 1``: True when answered, False when it failed outright (refused, reset, an error);
        TimeoutError when it is still unanswered after ``LIMIT_QUERY_SECONDS``."""
        try:
            async with asyncio.timeout(self.limits.query_seconds):
                async with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as s:
                    result = await s.run("RETURN 1")
                    await result.consume()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError):
            return False
        self.heard()
        return True

    async def _watch(self) -> None:
        probe: asyncio.Task[bool] | None = None
        refused = misses = 0
        checked = time.monotonic()
        try:
            while True:
                started = time.monotonic()
                if probe is None:
                    probe, checked = asyncio.ensure_future(self._ask()), started
                    # Down, a probe gets the probe deadline and no more; up, an overdue one is left to answer
                    # (and checked again every interval) while other answers show that Neo4j is alive.
                    wait = self.limits.probe_seconds
                else:
                    wait = self.limits.probe_interval_seconds
                done, _ = await asyncio.wait({probe}, timeout=wait)
                now = time.monotonic()
                heard = self.last_answer >= checked
                if probe in done:
                    answered = not probe.cancelled() and probe.exception() is None and probe.result()
                    timed_out = not probe.cancelled() and isinstance(probe.exception(), TimeoutError)
                    probe = None
                    if answered:
                        refused = misses = 0
                        self._up(started)
                    elif timed_out:
                        misses = 0 if heard else misses + 1
                    else:
                        refused = 0 if heard else refused + 1
                        if refused >= REFUSALS:
                            self._down(started)
                    await asyncio.sleep(max(0.0, self.limits.probe_interval_seconds - (time.monotonic() - started)))
                else:
                    misses = 0 if heard else misses + 1
                    if misses >= self.limits.probe_misses or not self.up:
                        self._down(started)
                        probe.cancel()  # a frozen Neo4j may never answer it: a fresh probe, at once
                        probe = None
                checked = now
        finally:
            if probe is not None:
                probe.cancel()

    def _up(self, started: float) -> None:
        if not self.up:
            log.warning("Neo4j answers again after %.1f s", time.monotonic() - (self.down_since or started))
            self.up, self.down_since = True, None
            self.outage = asyncio.get_running_loop().create_future()

    def _down(self, started: float) -> None:
        if self.up:
            log.error("Neo4j does not answer: requests get 503 until it does")
            self.up, self.down_since = False, started
            self.outage.set_result(None)


def _text(query: str) -> str:
    # A catalogue name never contains whitespace; Cypher always does.
    return query if any(c.isspace() for c in query) else cypher(query)


async def run(tx: neo4j.AsyncManagedTransaction, query: str, params: Mapping[str, Any] | None = None) -> list[dict]:
    """Inside a transaction function: run a catalogued query or raw Cypher, return rows as dicts."""
    result = await tx.run(_text(query), dict(params or {}))
    return _rows([r async for r in result])
