"""The ASGI app: GraphQL at ``/graphql`` (GraphiQL in development mode), a health check at ``/health``.

One async Neo4j driver per process, opened and closed in the Starlette lifespan.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from graph.driver import DatabaseUnavailable, Graph
from graph.migrations import migrate
from graph.settings import Settings, get_settings
from schema.api import schema
from schema.context import Context

log = logging.getLogger("tongguan.server")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class GraphQLApp(GraphQL[Context, None]):
    async def get_context(self, request: Any, response: Any) -> Context:
        header = request.headers.get("x-request-id", "")
        ctx = Context(graph=request.app.state.graph, request=request)
        if _REQUEST_ID.match(header):
            ctx.request_id = header
        return ctx


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        graph = Graph.from_settings(settings)
        try:
            await graph.verify()
            await migrate(graph)
        except BaseException:
            await graph.close()
            raise
        app.state.graph = graph
        try:
            yield
        finally:
            await graph.close()

    async def health(request: Request) -> JSONResponse:
        try:
            await request.app.state.graph.verify()
        except DatabaseUnavailable:
            return JSONResponse({"status": "degraded", "neo4j": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "neo4j": "ok"})

    graphql = GraphQLApp(schema, graphql_ide="graphiql" if settings.debug else None, allow_queries_via_get=False)
    return Starlette(
        debug=False,  # never a stack trace in a response, even in development mode
        routes=[Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])],
        lifespan=lifespan,
    )
