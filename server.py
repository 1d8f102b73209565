"""The ASGI app: GraphQL at ``/graphql`` (GraphiQL in development mode), a health check at ``/health``.

Every route but the health check needs a bearer token (``web/``); the viewer it stands for is the
request's, in the GraphQL context. One async Neo4j driver per process, opened and closed in the
Starlette lifespan.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL

from graph.changes import Quotas
from graph.driver import DatabaseUnavailable, Graph
from graph.migrations import migrate
from graph.scope import Viewer
from graph.settings import Settings, get_settings
from schema.api import schema
from schema.context import Context
from web.auth import TokenVerifier
from web.middleware import AuthMiddleware

log = logging.getLogger("tongguan.server")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
OPEN_PATHS = ("/health",)
"""What answers without a token."""


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, *args: Any, quotas: Quotas, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.quotas = quotas

    async def get_context(self, request: Any, response: Any) -> Context:
        # The server names every request; a client's own id is kept beside it, never instead of it.
        header = request.headers.get("x-request-id", "")
        return Context(
            graph=request.app.state.graph,
            viewer=getattr(request.state, "viewer", None) or Viewer.nobody(),
            client_request_id=header if _REQUEST_ID.match(header) else None,
            request=request,
            response=response,
            quotas=self.quotas,
        )


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

    graphql = GraphQLApp(
        schema,
        graphql_ide="graphiql" if settings.debug else None,
        allow_queries_via_get=False,
        quotas=Quotas(settings.quota_resident_wishes_per_day, settings.quota_writes_per_minute),
    )
    return Starlette(
        debug=False,  # never a stack trace in a response, even in development mode
        routes=[Route("/health", health), Route("/graphql", graphql, methods=["GET", "POST"])],
        middleware=[
            Middleware(AuthMiddleware, verifier=TokenVerifier(settings), open_paths=OPEN_PATHS, graphiql=settings.debug)
        ],
        lifespan=lifespan,
    )
