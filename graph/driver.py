"""One async Neo4j driver per process, and the thin runners every read and write goes through.

Reads run in READ sessions so that a cluster can spread them over its readers; writes run
as managed transaction functions (``execute_write``), which the driver may retry, so they must be
idempotent. Every call is counted per request (see :func:`count_queries`), which is how tests prove
that a GraphQL request costs a bounded number of round trips.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import AsyncGraphDatabase, RoutingControl
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired, TransientError

from graph.catalog import cypher
from graph.settings import Settings

T = TypeVar("T")


class DatabaseUnavailable(RuntimeError):
    """Neo4j could not be reached or refused our credentials; the message says which and where."""


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


def _tick() -> None:
    counter = _counter.get()
    if counter is not None:
        counter.count += 1


def native(value: Any) -> Any:
    """Neo4j temporal values to Python's, recursively (lists and maps included)."""
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime)):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    return value


def _rows(records: list[neo4j.Record]) -> list[dict[str, Any]]:
    return [{k: native(v) for k, v in r.items()} for r in records]


class Graph:
    """The process's connection to Neo4j: ``read`` and ``write`` by catalogue name or raw Cypher."""

    def __init__(self, driver: neo4j.AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.county_code: str | None = None
        """Cached by :func:`graph.scope.county_code`."""

    @classmethod
    def connect(cls, uri: str, user: str, password: str | None, database: str = "neo4j") -> Graph:
        auth = (user, password) if password is not None else None
        driver = AsyncGraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
        return cls(driver, database)

    @classmethod
    def from_settings(cls, settings: Settings) -> Graph:
        if settings.neo4j_uri:
            return cls.connect(
                settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password, settings.neo4j_database
            )
        from graph.runtime import LocalNeo4j

        local = LocalNeo4j.from_settings(settings)
        return cls.connect(local.uri, "neo4j", local.password(), settings.neo4j_database)

    async def verify(self) -> None:
        """Fail with a message naming the server when it cannot be reached or refuses us."""
        try:
            await self.driver.verify_connectivity()
        except AuthError as exc:
            raise DatabaseUnavailable("Neo4j refused the credentials (check NEO4J_USER / NEO4J_PASSWORD)") from exc
        except (ServiceUnavailable, OSError, ValueError) as exc:
            raise DatabaseUnavailable(f"cannot reach Neo4j: {exc}. Is it running, and is NEO4J_URI right?") from exc

    async def close(self) -> None:
        await self.driver.close()

    async def read(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a catalogued query (``"domain/name"``) or raw Cypher as a read, return rows as dicts.

        An auto-commit transaction in a READ session (routed to a reader in a cluster): one Bolt round
        trip instead of the BEGIN/RUN/COMMIT of a managed one, half the latency of a short read. A read
        that fails on a transient error (a leader switch, a lost connection) is tried once more.
        """
        _tick()
        # Shielded: when a request stops waiting (a sibling field failed, the client went away), the read
        # still finishes and hands its connection back, instead of the driver dropping it half-read.
        return await asyncio.shield(self._read(_text(query), dict(params or {})))

    async def _read(self, text: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
        for attempt in (1, 2):
            try:
                async with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as s:
                    result = await s.run(text, parameters)
                    return _rows([record async for record in result])
            except (TransientError, SessionExpired, ServiceUnavailable):
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def read_one(self, query: str, params: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
        rows = await self.read(query, params)
        return rows[0] if rows else None

    async def write(self, query: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run one catalogued query or raw Cypher as its own write transaction."""
        _tick()
        records, _, _ = await self.driver.execute_query(
            _text(query),
            parameters_=dict(params or {}),
            routing_=RoutingControl.WRITE,
            database_=self.database,
        )
        return _rows(records)

    async def transaction(self, work: Callable[[neo4j.AsyncManagedTransaction], Awaitable[T]]) -> T:
        """Run ``work`` as one managed write transaction; it may be retried, so it must be idempotent."""
        _tick()
        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(work)


def _text(query: str) -> str:
    # A catalogue name never contains whitespace; Cypher always does.
    return query if any(c.isspace() for c in query) else cypher(query)


async def run(tx: neo4j.AsyncManagedTransaction, query: str, params: Mapping[str, Any] | None = None) -> list[dict]:
    """Inside a transaction function: run a catalogued query or raw Cypher, return rows as dicts."""
    result = await tx.run(_text(query), dict(params or {}))
    return _rows([r async for r in result])
