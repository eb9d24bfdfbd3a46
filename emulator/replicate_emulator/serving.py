"""Serve an ASGI app on loopback from a background thread: the emulator's, or your own.

:func:`serve_asgi` runs *your* ASGI app (FastAPI, Starlette, ...) on ``127.0.0.1`` for the time
of a ``with`` block, so the emulator can deliver real webhooks to it (deliveries only go to
loopback URLs):

Example:
    >>> from replicate_emulator import Emulator, serve_asgi
    >>> with Emulator() as emu, serve_asgi(my_app) as app_url:        # doctest: +SKIP
    ...     with emu.client() as client:
    ...         client.predictions.create(model="replicate-ext/hello", input={},
    ...                                   webhook=app_url + "/webhooks/replicate")
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["bind", "serve_asgi", "start_in_thread"]


def bind(host: str, port: int) -> socket.socket:
    """Return a listening TCP socket on ``host``:``port`` (0 picks a free port).

    Example:
        >>> sock = bind("127.0.0.1", 0)
        >>> sock.getsockname()[1] > 0
        True
        >>> sock.close()
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on sockets that say so.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1024)
    return sock


def start_in_thread(app: Any, sock: socket.socket, name: str, **options: Any) -> Any:
    """Serve ``app`` with uvicorn on ``sock`` from a daemon thread; return the server once
    it accepts connections (stop it with :func:`stop_server`).

    Args:
        app: An ASGI application.
        sock: A listening socket (see :func:`bind`).
        name: The thread's name.
        **options: More ``uvicorn.Config`` settings (``lifespan``, ``ssl_certfile``, ...).

    Returns:
        The ``uvicorn.Server``; its thread is ``server.thread``.

    Raises:
        RuntimeError: The server did not start within 10 seconds.
    """
    import uvicorn

    settings: dict[str, Any] = {
        "http": "auto",
        "access_log": False,
        "log_config": None,
        "log_level": "warning",
        "timeout_graceful_shutdown": 1,
        "timeout_keep_alive": 30,
        **options,
    }
    server = uvicorn.Server(uvicorn.Config(app, **settings))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=name, daemon=True)
    server.thread = thread  # type: ignore[attr-defined]
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            stop_server(server)
            raise RuntimeError(f"{name} failed to start")
        time.sleep(0.005)
    return server


def stop_server(server: Any) -> None:
    """Ask a server from :func:`start_in_thread` to exit and wait (10 s at most) for it."""
    server.should_exit = True
    server.thread.join(10)


@contextmanager
def serve_asgi(app: Any, *, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve your ASGI app on loopback while the block runs; yield its base URL.

    The emulator delivers webhooks only to loopback URLs, so this is how a test gets real,
    signed deliveries into the app under test (its startup and shutdown events run too).

    Args:
        app: The ASGI application (a FastAPI or Starlette app, ...).
        host: The interface to listen on.
        port: The port; 0 picks a free one.

    Returns:
        A context manager yielding ``http://HOST:PORT`` (no trailing slash).

    Raises:
        RuntimeError: The app's server did not start (its startup failed, say).

    Example:
        >>> async def app(scope, receive, send):
        ...     if scope["type"] == "http":
        ...         await send({"type": "http.response.start", "status": 204, "headers": []})
        ...         await send({"type": "http.response.body", "body": b""})
        >>> import httpx
        >>> with serve_asgi(app) as url:
        ...     httpx.post(url + "/hook").status_code
        204
    """
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    server = start_in_thread(app, sock, "replicate-emulator-asgi-app", lifespan="auto")
    try:
        yield f"http://{f'[{host}]' if ':' in host else host}:{bound}"
    finally:
        stop_server(server)
        sock.close()
