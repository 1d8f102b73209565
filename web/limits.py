"""Bounds applied to every HTTP request before anything else reads it (and before authentication).

:class:`BodyLimit` reads a request's body while it streams in and answers 413 as soon as it passes
``LIMIT_BODY_BYTES`` (at once when ``Content-Length`` already says so): a 100 MB body costs the server
64 KiB, not 100 MB, and no JSON or GraphQL parser ever sees it. The body read is then handed on whole.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` is refused with 413 and a GraphQL-shaped error."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send, declared)
            return
        messages: list[Message] = []
        received = 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break  # the client went away; the app sees the disconnect
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                await self._refuse(send, received)
                return
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send, actual: int) -> None:
        refusal = error_body(
            f"the request body is larger than {self.max_bytes} bytes",
            REQUEST_TOO_LARGE,
            limit="bodyBytes",
            max=self.max_bytes,
            actual=actual,
        )
        body = json.dumps(refusal).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def error_body(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """A GraphQL-shaped error response body (for answers made outside GraphQL execution)."""
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code, **extensions}}]}
