"""Bounds applied to every HTTP request before anything else reads it (and before authentication).

:class:`BodyLimit` reads a request's body while it streams in and answers 413 as soon as it passes
``LIMIT_BODY_BYTES`` (at once when ``Content-Length`` already says so): a 100 MB body costs the server
64 KiB, not 100 MB, and no JSON or GraphQL parser ever sees it. The body read is then handed on whole.

A ledger file uploaded for an import (the paths under ``uploads``) is larger than any GraphQL request and is
not held in memory: its bound is ``LIMIT_UPLOAD_BYTES``, a declared ``Content-Length`` over it is refused at
once (before the token is checked), and a body without one is counted as the route streams it to disk and
refused the moment it passes the bound, before anything parses it.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_TOO_LARGE = "REQUEST_TOO_LARGE"


class _TooLarge(Exception):
    def __init__(self, received: int) -> None:
        self.received = received


class BodyLimit:
    """ASGI middleware: a request body over ``max_bytes`` (``upload_bytes`` under the ``uploads`` path
    prefixes) is refused with 413 and a GraphQL-shaped error."""

    def __init__(self, app: ASGIApp, max_bytes: int, uploads: tuple[str, ...] = (), upload_bytes: int = 0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.uploads = uploads
        self.upload_bytes = upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if self.uploads and scope["path"].startswith(self.uploads):
            await self._stream(scope, receive, send, declared)
            return
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

    async def _stream(self, scope: Scope, receive: Receive, send: Send, declared: int | None) -> None:
        """An upload: passed on as it streams in, counted, and stopped at its bound."""
        if declared is not None and declared > self.upload_bytes:
            await self._refuse(send, declared, upload=True)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.upload_bytes:
                    raise _TooLarge(received)
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge as exc:
            if started:  # cannot happen with the import route (it answers after the whole body), but be safe
                raise
            await self._refuse(send, exc.received, upload=True)

    async def _refuse(self, send: Send, actual: int, *, upload: bool = False) -> None:
        bound = self.upload_bytes if upload else self.max_bytes
        what = (
            f"a ledger file may be at most {bound >> 20} MiB ({bound} bytes); split it"
            if upload
            else (f"the request body is larger than {bound} bytes")
        )
        refusal = error_body(
            what,
            REQUEST_TOO_LARGE,
            limit="uploadBytes" if upload else "bodyBytes",
            max=bound,
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
