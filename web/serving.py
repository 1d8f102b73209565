"""How uvicorn serves the app: the options ``./dev serve`` passes, one worker or several.

With several workers uvicorn binds the listening socket itself (``socket.socket(family)``, protocol number 0),
and asyncio turns Nagle's algorithm off only on connections whose socket says ``IPPROTO_TCP``: the workers'
connections kept it on. A response goes out as two writes (headers, then body), so the body waited for the
client's ACK of the headers, which Linux delays by 40 ms: every request of a multi-worker API took ≥ 40 ms
(household detail 50 ms for 6 ms of work, BENCHMARKS.md). The protocol below sets ``TCP_NODELAY`` on every
connection it is given, whoever made the socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class NoDelayHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools HTTP/1.1 protocol, sending each write at once (``TCP_NODELAY``)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        set_nodelay(transport)
        super().connection_made(transport)


def set_nodelay(transport: asyncio.BaseTransport) -> None:
    """Turn Nagle's algorithm off on a TCP transport (a Unix socket has none to turn off)."""
    sock = transport.get_extra_info("socket")
    if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def uvicorn_options() -> dict[str, Any]:
    """What every way of serving the app gives ``uvicorn.run`` besides the app, host, port and workers."""
    return {"http": NoDelayHttpProtocol, "loop": "uvloop", "log_level": "info"}
