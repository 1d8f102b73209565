"""The ASGI app: GraphQL at ``/graphql`` (GraphiQL in development mode), ``/livez`` and ``/readyz`` (and
``/health``, as ``/readyz``).

Every route but the health checks needs a bearer token (``web/``); the viewer it stands for is the
request's, in the GraphQL context. Every request body is bounded before anything reads it, before the token
too (``web/limits.py``); every GraphQL request has a deadline; an outage, an unknown commit or a timeout is
answered with 503 and ``Retry-After``. One async Neo4j driver per process, opened and closed in the
Starlette lifespan.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.types import ExecutionResult

from graph.changes import Quotas
from graph.driver import Graph, watch_commits
from graph.migrations import migrate
from graph.scope import Viewer
from graph.settings import Settings, get_settings
from schema.api import schema
from schema.context import Context
from schema.errors import RETRY_LATER, outcome_unknown, timeout
from web.auth import TokenVerifier
from web.health import livez, readyz
from web.limits import BodyLimit, error_body
from web.middleware import AuthMiddleware

log = logging.getLogger("tongguan.server")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
OPEN_PATHS = ("/livez", "/readyz", "/health")
"""What answers without a token."""


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, *args: Any, settings: Settings, quotas: Quotas, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings
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
            limits=self.settings.limits,
            development=self.settings.debug,
        )

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response = await self.run(Request(scope, receive))
        except HTTPException as exc:  # strawberry's own refusals, as JSON with a code (not plain text)
            code = _HTTP_CODES.get(exc.status_code, "BAD_REQUEST")
            response = JSONResponse(error_body(exc.reason, code), status_code=exc.status_code)
        except RecursionError:  # a JSON body nested thousands deep
            response = JSONResponse(error_body("the request body is nested too deeply", "BAD_REQUEST"), 400)
        await response(scope, receive, send)

    def parse_json(self, data: str | bytes) -> Any:
        parsed = super().parse_json(data)
        if not isinstance(parsed, (dict, list)):
            raise HTTPException(400, "the request body must be a JSON object with a `query`")
        return parsed

    async def execute_single(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        """The request within its deadline; a 503 with ``Retry-After`` when trying again later may help."""
        context: Context = kwargs["context"]
        limits = context.limits
        with watch_commits() as commits:
            try:
                async with asyncio.timeout(limits.request_seconds):
                    result = await super().execute_single(*args, **kwargs)
            except TimeoutError:
                log.warning("request %s ran past its %g s deadline", context.request_id, limits.request_seconds)
                error = (
                    outcome_unknown(limits)
                    if commits.outcome_unknown
                    else timeout(limits, "requestSeconds", limits.request_seconds)
                )
                result = ExecutionResult(data=None, errors=[error])
        codes = {(e.extensions or {}).get("code") for e in result.errors or ()}
        if codes & RETRY_LATER:
            sub_response = kwargs["sub_response"]
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = str(limits.retry_after_seconds)
        return result


_HTTP_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


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
        graph.serve(settings.limits)  # bounded round trips and the watchdog, from now on
        app.state.graph = graph
        app.state.limits = settings.limits
        try:
            yield
        finally:
            await graph.close()

    graphql = GraphQLApp(
        schema,
        graphql_ide="graphiql" if settings.debug else None,
        allow_queries_via_get=False,
        settings=settings,
        quotas=Quotas(settings.quota_resident_wishes_per_day, settings.quota_writes_per_minute),
    )
    return Starlette(
        debug=False,  # never a stack trace in a response, even in development mode
        routes=[
            Route("/livez", livez),
            Route("/readyz", readyz),
            Route("/health", readyz),
            Route("/graphql", graphql, methods=["GET", "POST"]),
        ],
        # The body limit first: it answers whoever asks, before anything (the token's check too) reads the body.
        middleware=[
            Middleware(BodyLimit, max_bytes=settings.limits.body_bytes),
            Middleware(
                AuthMiddleware,
                verifier=TokenVerifier(settings),
                open_paths=OPEN_PATHS,
                graphiql=settings.debug,
                retry_after=settings.limits.retry_after_seconds,
            ),
        ],
        lifespan=lifespan,
    )
