"""The ASGI app: GraphQL at ``/graphql`` (queries and mutations over HTTP, subscriptions over WebSocket with
graphql-transport-ws; GraphiQL in development mode), the console at ``/console``, a health check at ``/health``.

One async Neo4j driver and one change feed (live subscriptions) per process, opened and closed in the
Starlette lifespan. Responses over 1 KB are gzipped when the client accepts it; browsers on the origins
in ``CORS_ORIGINS`` may call the API from their pages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL

from graph.driver import DatabaseUnavailable, Graph
from graph.feed import ChangeFeed
from graph.migrations import migrate
from graph.settings import REPO_ROOT, Settings, get_settings
from schema.api import schema
from schema.context import Context

log = logging.getLogger("tongguan.server")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

CONSOLE_DIR = REPO_ROOT / "console"
"""The console's page, script and vendored libraries (no build step): served at ``/console``."""
GRAPHIQL_DIR = REPO_ROOT / "graphiql"
"""GraphiQL's page and vendored libraries: served in development mode only."""

GZIP_MIN_BYTES = 1024
"""Smaller responses are sent as they are: compressing them saves less than it costs."""


class GraphQLApp(GraphQL[Context, None]):
    async def get_context(self, request: Any, response: Any) -> Context:
        # ``request`` is the WebSocket for subscriptions: one context per connection.
        header = request.headers.get("x-request-id", "")
        state = request.app.state
        ctx = Context(graph=state.graph, request=request, feed=state.feed)
        if _REQUEST_ID.match(header):
            ctx.request_id = header
        return ctx

    async def render_graphql_ide(self, request: Any) -> Response:
        # Strawberry's own page loads GraphiQL from a public CDN; this one from the app (graphiql/vendor).
        return HTMLResponse((GRAPHIQL_DIR / "index.html").read_text(encoding="utf-8"))


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
        app.state.feed = ChangeFeed(graph, settings.change_poll_seconds)
        try:
            yield
        finally:
            await app.state.feed.close()
            await graph.close()

    async def health(request: Request) -> JSONResponse:
        try:
            await request.app.state.graph.verify()
        except DatabaseUnavailable:
            return JSONResponse({"status": "degraded", "neo4j": "unreachable"}, status_code=503)
        return JSONResponse({"status": "ok", "neo4j": "ok"})

    async def console_home(request: Request) -> RedirectResponse:
        return RedirectResponse("/console/")

    graphql = GraphQLApp(schema, graphql_ide="graphiql" if settings.debug else None, allow_queries_via_get=False)
    routes = [
        Route("/health", health),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Route("/console", console_home),
        Mount("/console", StaticFiles(directory=CONSOLE_DIR, html=True), name="console"),
    ]
    if settings.debug:
        routes.append(Mount("/graphiql", StaticFiles(directory=GRAPHIQL_DIR), name="graphiql"))
    middleware = [Middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES)]
    if settings.allowed_origins:
        # Outermost, so that a refused preflight never reaches the app and every answer carries the headers.
        cors = Middleware(
            CORSMiddleware,
            allow_origins=settings.allowed_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["authorization", "content-type", "x-request-id"],
            max_age=600,
        )
        middleware.insert(0, cors)
    return Starlette(
        debug=False,  # never a stack trace in a response, even in development mode
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
    )
