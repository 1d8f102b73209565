"""The ASGI app: GraphQL at ``/graphql`` (queries and mutations over HTTP, subscriptions over WebSocket with
graphql-transport-ws; GraphiQL in development mode), the console at ``/console``, ledgers (台账) at ``/export`` and
``/import`` (``web/ledgers.py``), ``/livez`` and ``/readyz`` (and ``/health``, as ``/readyz``).

Every request body is bounded before anything reads it, before the token too (``web/limits.py``; a ledger
uploaded to ``/import`` has a bound of its own, ``LIMIT_UPLOAD_BYTES``, and is streamed to disk); every
GraphQL request over HTTP has a deadline; an outage, an unknown commit or a timeout is answered with 503 and
``Retry-After``. Every route but the health checks and the console's static files needs a bearer token (``web/``); the
viewer it stands for is the request's, in the GraphQL context. A browser cannot put a header on a
WebSocket, so a subscription's token may instead come in graphql-transport-ws's ``connection_init``
payload (``{"authorization": "Bearer …"}``), checked before any operation runs. One async Neo4j driver
and one change feed (live subscriptions) per process, opened and closed in the Starlette lifespan.
Responses over 1 KB are gzipped when the client accepts it; browsers on the origins in ``CORS_ORIGINS``
may call the API from their pages.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import orjson
from cross_web import HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import DEFAULT_EXCLUDED_CONTENT_TYPES, GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types import ExecutionResult

from api.errors import RETRY_LATER, outcome_unknown, timeout
from graph.changes import Quotas
from graph.driver import DatabaseUnavailable, Graph, QueryTimeout, watch_commits
from graph.feed import ChangeFeed
from graph.migrations import migrate
from graph.scope import Viewer, ViewerRefused
from graph.settings import REPO_ROOT, Settings, get_settings
from ledgers.files import MEDIA_TYPES
from resolvers.loaders import Loaders
from schema.api import schema
from schema.context import Context
from web.auth import TokenRefused, TokenVerifier
from web.health import livez, readyz
from web.ledgers import UPLOAD_PREFIX
from web.ledgers import routes as ledger_routes
from web.limits import BodyLimit, error_body
from web.middleware import AuthMiddleware, authenticate
from web.warmup import warm_up

log = logging.getLogger("tongguan.server")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
OPEN_PATHS = ("/livez", "/readyz", "/health", "/console")
"""What answers without a token."""
OPEN_PREFIXES = ("/console/",)
"""The console's page, script and libraries: static files holding no data (its queries carry the token)."""

CONSOLE_DIR = REPO_ROOT / "console"
"""The console's page, script and vendored libraries (no build step): served at ``/console``."""
GRAPHIQL_DIR = REPO_ROOT / "graphiql"
"""GraphiQL's page and vendored libraries: served in development mode only."""

GZIP_MIN_BYTES = 1024
"""Smaller responses are sent as they are: compressing them saves less than it costs."""
GZIP_EXCLUDED = (*DEFAULT_EXCLUDED_CONTENT_TYPES, MEDIA_TYPES["xlsx"])
"""Responses never compressed again (the middleware's default, and .xlsx ledgers: zips already)."""


class GraphQLApp(GraphQL[Context, None]):
    def __init__(self, *args: Any, settings: Settings, quotas: Quotas, verifier: TokenVerifier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings = settings
        self.quotas = quotas
        self.verifier = verifier

    async def get_context(self, request: Any, response: Any) -> Context:
        # ``request`` is the WebSocket for subscriptions: one context per connection. The server names
        # every request; a client's own id is kept beside it, never instead of it.
        header = request.headers.get("x-request-id", "")
        state = request.app.state
        return Context(
            graph=state.graph,
            viewer=getattr(request.state, "viewer", None) or Viewer.nobody(),
            client_request_id=header if _REQUEST_ID.match(header) else None,
            request=request,
            response=response,
            quotas=self.quotas,
            feed=state.feed,
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

    def encode_json(self, data: object) -> str:
        # A str, not orjson's bytes: strawberry sends bytes on a WebSocket as binary frames, which
        # graphql-transport-ws clients do not read. The answers hold only JSON's own types (the schema's
        # scalars are serialised before this), so orjson's stricter input is no concern.
        return orjson.dumps(data).decode()

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

    async def on_ws_connect(self, context: Context) -> Any:
        # A connection whose upgrade request carried no token signs in with connection_init's payload.
        if getattr(context.request.state, "viewer", None) is not None:
            return await super().on_ws_connect(context)
        params = context.connection_params or {}
        header = params.get("authorization") or params.get("Authorization") or ""
        scheme, _, token = str(header).partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ConnectionRejectionError({"message": "sign in: send a bearer token in connection_init"})
        try:
            context.viewer = await authenticate(context.graph, self.verifier, token.strip())
        except (TokenRefused, ViewerRefused) as exc:
            raise ConnectionRejectionError({"message": str(exc)}) from None
        except (DatabaseUnavailable, QueryTimeout):
            unavailable: dict[str, object] = {"message": "the database is unavailable", "code": "SERVICE_UNAVAILABLE"}
            raise ConnectionRejectionError(unavailable) from None
        context.loaders = Loaders(context.graph, context.viewer)
        return await super().on_ws_connect(context)

    async def render_graphql_ide(self, request: Any) -> Response:
        # Strawberry's own page loads GraphiQL from a public CDN; this one from the app (graphiql/vendor).
        return HTMLResponse((GRAPHIQL_DIR / "index.html").read_text(encoding="utf-8"))


_HTTP_CODES = {400: "BAD_REQUEST", 404: "NOT_FOUND", 405: "METHOD_NOT_ALLOWED"}


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        graph = Graph.from_settings(settings)
        try:
            await graph.verify()
            await migrate(graph)
            if settings.warmup:  # before any route answers, /readyz included (web/warmup.py)
                await warm_up(graph, settings.limits, plan=settings.warmup_plans)
        except BaseException:
            await graph.close()
            raise
        graph.serve(settings.limits)  # bounded round trips and the watchdog, from now on
        app.state.graph = graph
        app.state.limits = settings.limits
        app.state.feed = ChangeFeed(graph, settings.change_poll_seconds)
        try:
            yield
        finally:
            await app.state.feed.close()
            await graph.close()

    async def console_home(request: Request) -> RedirectResponse:
        return RedirectResponse("/console/")

    verifier = TokenVerifier(settings)
    graphql = GraphQLApp(
        schema,
        graphql_ide="graphiql" if settings.debug else None,
        allow_queries_via_get=False,
        settings=settings,
        quotas=Quotas(settings.quota_resident_wishes_per_day, settings.quota_writes_per_minute),
        verifier=verifier,
    )
    routes = [
        Route("/livez", livez),
        Route("/readyz", readyz),
        Route("/health", readyz),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        *ledger_routes(),
        Route("/console", console_home),
        Mount("/console", StaticFiles(directory=CONSOLE_DIR, html=True), name="console"),
    ]
    open_prefixes: tuple[str, ...] = OPEN_PREFIXES
    if settings.debug:
        routes.append(Mount("/graphiql", StaticFiles(directory=GRAPHIQL_DIR), name="graphiql"))
        open_prefixes += ("/graphiql/",)
    # Outermost first: CORS answers preflights (which carry no token) before the sign-in gate sees them,
    # and puts its headers on every answer, refusals included.
    # The body limit before everything else that reads a request: it answers whoever asks, signed in or not.
    middleware = [
        Middleware(
            BodyLimit,
            max_bytes=settings.limits.body_bytes,
            uploads=(UPLOAD_PREFIX,),
            upload_bytes=settings.limits.upload_bytes,
        ),
        # An .xlsx file is a zip already: compressing it again costs time and saves nothing.
        Middleware(GZipMiddleware, minimum_size=GZIP_MIN_BYTES, exclude_content_types=GZIP_EXCLUDED),
        Middleware(
            AuthMiddleware,
            verifier=verifier,
            open_paths=OPEN_PATHS,
            open_prefixes=open_prefixes,
            graphiql=settings.debug,
            retry_after=settings.limits.retry_after_seconds,
        ),
    ]
    if settings.allowed_origins:
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
