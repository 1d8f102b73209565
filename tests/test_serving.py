"""The API's connections send each write at once, also when uvicorn runs several workers (web/serving.py).

With several workers uvicorn binds the listening socket itself, and its connections kept Nagle's algorithm
on: every response waited 40 ms for the client's delayed ACK. The test serves the app exactly as a worker
does (``uvicorn.Server.run(sockets=[config.bind_socket()])``) and reads the option on the server's side of
the connection.
"""

from __future__ import annotations

import asyncio
import http.client
import socket

from server import create_app
from tests.servers import in_thread
from web.serving import uvicorn_options


def test_a_worker_connection_has_nagle_off(seeded) -> None:
    app = create_app(seeded)
    # What uvicorn's Multiprocess hands every worker: a socket bound beforehand.
    with in_thread(app, worker_socket=True, **{**uvicorn_options(), "log_level": "warning"}) as served:
        assert served.socket is not None and served.socket.proto != socket.IPPROTO_TCP  # the case asyncio leaves alone
        connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        connection.request("GET", "/livez")
        response = connection.getresponse()
        assert response.status == 200
        response.read()
        options = [
            c.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            for c in list(served.server.server_state.connections)
        ]
        assert options and all(options), options
        connection.close()


def test_the_protocol_leaves_unix_sockets_alone() -> None:
    """A Unix socket (``uvicorn --uds``) has no Nagle to turn off; setting it must not fail the connection."""
    from web.serving import set_nodelay

    left, right = socket.socketpair()

    class Transport(asyncio.BaseTransport):
        def get_extra_info(self, name, default=None):  # type: ignore[no-untyped-def]
            return left if name == "socket" else default

    set_nodelay(Transport())
    left.close()
    right.close()
