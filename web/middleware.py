"""The sign-in gate in front of every route: a bearer token in, the request's viewer out, or 401.

Only the health checks answer without a token (and, in development mode, the GraphiQL page itself,
which then sends the token the developer pastes into its headers). A missing token gets 401 with
``WWW-Authenticate: Bearer realm=...``; a bad, forged, expired or wrong-algorithm one, or one whose claims
name no valid viewer, gets 401 with ``error="invalid_token"`` and a description that never echoes the token.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from graph.driver import DatabaseUnavailable, Graph, QueryTimeout
from graph.rules import county_today
from graph.scope import Role, Viewer, ViewerRefused, resolve_viewer
from web.auth import TokenRefused, TokenVerifier
from web.limits import error_body

REALM = "tongguan-grid"


async def authenticate(graph: Graph, verifier: TokenVerifier, token: str) -> Viewer:
    """The viewer a bearer token stands for; :class:`TokenRefused` or :class:`ViewerRefused` otherwise."""
    claims = await verifier.verify(token)
    try:
        role = Role(claims.role)
    except ValueError:
        raise TokenRefused(f"the token's role must be one of {', '.join(r.value for r in Role)}") from None
    return await resolve_viewer(graph, role, claims.scope, claims.sub, county_today())


class AuthMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        verifier: TokenVerifier,
        open_paths: Iterable[str],
        open_prefixes: Iterable[str] = (),
        graphiql: bool = False,
        retry_after: int = 2,
    ) -> None:
        self.app = app
        self.verifier = verifier
        self.open_paths = frozenset(open_paths)
        self.open_prefixes = tuple(open_prefixes)
        self.graphiql = graphiql
        self.retry_after = retry_after

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self._open(scope):
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization", "")
        if scope["type"] == "websocket" and not header:
            # A browser cannot set headers on a WebSocket: the token comes in graphql-transport-ws's
            # connection_init instead, and the GraphQL app checks it before any operation
            # (server.GraphQLApp.on_ws_connect); until then the connection sees nothing.
            await self.app(scope, receive, send)
            return
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            await _refuse(scope, receive, send, None)
            return
        try:
            viewer = await authenticate(scope["app"].state.graph, self.verifier, token.strip())
        except (TokenRefused, ViewerRefused) as exc:
            await _refuse(scope, receive, send, str(exc))
            return
        except (DatabaseUnavailable, QueryTimeout):  # the viewer could not be looked up: an outage, not a 401
            await _unavailable(scope, send, self.retry_after)
            return
        scope.setdefault("state", {})["viewer"] = viewer
        await self.app(scope, receive, send)

    def _open(self, scope: Scope) -> bool:
        if scope["path"] in self.open_paths or scope["path"].startswith(self.open_prefixes):
            return True
        if not self.graphiql or scope["type"] != "http" or scope.get("method") != "GET":
            return False
        # The GraphiQL page (HTML, no data) in development mode; its queries carry the token.
        headers = Headers(scope=scope)
        return (
            scope["path"] == "/graphql" and "text/html" in headers.get("accept", "") and "authorization" not in headers
        )


async def _unavailable(scope: Scope, send: Send, retry_after: int) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1013, "reason": "the database is unavailable"})
        return
    message = f"the database is unavailable; try again in {retry_after} s"
    body = json.dumps(error_body(message, "SERVICE_UNAVAILABLE", retryAfter=retry_after)).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"retry-after", str(retry_after).encode()),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _refuse(scope: Scope, receive: Receive, send: Send, problem: str | None) -> None:
    if scope["type"] == "websocket":
        await receive()  # websocket.connect
        await send({"type": "websocket.close", "code": 4401, "reason": problem or "sign-in required"})
        return
    challenge = f'Bearer realm="{REALM}"'
    if problem is not None:
        description = problem.replace('"', "'")
        challenge += f', error="invalid_token", error_description="{description}"'
    body = json.dumps(
        {"error": "invalid_token" if problem else "unauthorized", "message": problem or "sign in: send a bearer token"}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", challenge.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
