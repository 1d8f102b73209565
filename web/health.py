"""Is the service up: ``/livez`` (the process answers) apart from ``/readyz`` (it can serve: Neo4j answers
and every migration is applied). ``/livez`` answers at once; ``/readyz`` answers 503 at once while the watchdog
finds Neo4j down, and otherwise waits up to ``LIMIT_QUERY_SECONDS`` for Neo4j's answer (a busy Neo4j is slow,
not down); ``/health`` is ``/readyz`` under its older name.
"""

from __future__ import annotations

import asyncio

from starlette.requests import Request
from starlette.responses import JSONResponse

from graph.driver import DatabaseUnavailable, Graph, OutcomeUnknown, QueryTimeout
from graph.migrations import pending
from graph.settings import Limits


async def livez(request: Request) -> JSONResponse:
    """The process is alive and its event loop turns (no database involved)."""
    return JSONResponse({"status": "alive"})


async def readyz(request: Request) -> JSONResponse:
    """200 when Neo4j answers and the schema is migrated; otherwise 503 with ``Retry-After``."""
    graph: Graph = request.app.state.graph
    limits: Limits = request.app.state.limits
    try:
        if not graph.available:
            raise DatabaseUnavailable("the watchdog finds Neo4j unavailable")
        async with asyncio.timeout(limits.query_seconds):
            missing = await pending(graph)
    except (DatabaseUnavailable, OutcomeUnknown, QueryTimeout, TimeoutError):
        return _unavailable(limits, {"status": "unavailable", "neo4j": "unreachable"})
    if missing:
        names = ", ".join(f"{m.version:04d}_{m.name}" for m in missing)
        return _unavailable(limits, {"status": "unavailable", "neo4j": "ok", "migrations": f"pending: {names}"})
    return JSONResponse({"status": "ok", "neo4j": "ok", "migrations": "applied"})


def _unavailable(limits: Limits, body: dict[str, str]) -> JSONResponse:
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(limits.retry_after_seconds)})
