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
import threading
import time

import uvicorn

from graph.runtime import free_port
from server import create_app
from web.serving import uvicorn_options


def test_a_worker_connection_has_nagle_off(seeded) -> None:
    port = free_port()
    app = create_app(seeded.model_copy(update={"warmup": False}))  # the warm-up is not what this is about
    config = uvicorn.Config(app, host="127.0.0.1", port=port, **{**uvicorn_options(),
                            "log_level": "warning"})  # fmt: skip
    listening = config.bind_socket()  # what uvicorn's Multiprocess hands every worker
    assert listening.proto != socket.IPPROTO_TCP  # the case asyncio leaves alone
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/livez")
        response = connection.getresponse()
        assert response.status == 200
        response.read()
        options = [
            c.transport.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            for c in list(server.server_state.connections)
        ]
        assert options and all(options), options
        connection.close()
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        listening.close()


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
