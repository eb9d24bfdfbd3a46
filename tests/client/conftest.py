"""Fixtures: one client fixture that runs each test against the sync and the async client."""

from __future__ import annotations

import http.server
import inspect
import json
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from replicate_emulator import Emulator

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both


async def resolve(value: Any) -> Any:
    """Await ``value`` if it is awaitable: lets one test body drive both clients."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(iterable: Any) -> list[Any]:
    """All items of a sync or async iterable."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


@pytest.fixture(params=["sync", "async"])
async def client(
    request: pytest.FixtureRequest, replicate_emulator: Emulator
) -> AsyncIterator[Client]:
    """A client on the shared emulator, fast polling; each test runs once per flavour."""
    if request.param == "sync":
        sync = replicate_emulator.client(poll_interval=0.01)
        yield sync
        sync.close()
    else:
        async_client = replicate_emulator.async_client(poll_interval=0.01)
        yield async_client
        await async_client.close()


@pytest.fixture
def emulator(replicate_emulator: Emulator) -> Iterator[Emulator]:
    """The shared emulator with its faults cleared after the test."""
    yield replicate_emulator
    replicate_emulator.faults.clear()


class PortServer(http.server.ThreadingHTTPServer):
    """A loopback server telling which connection carried each request (see :class:`_PortHandler`),
    and how many requests it held at once at most (``peak``)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _PortHandler)
        self.active = 0
        self.peak = 0
        self.lock = threading.Lock()

    @property
    def base_url(self) -> str:
        """The API base URL of this server."""
        return f"http://127.0.0.1:{self.server_address[1]}/v1"


class _PortHandler(http.server.BaseHTTPRequestHandler):
    """Holds each GET ``?hold=S`` seconds; answers with its path and the client's port."""

    protocol_version = "HTTP/1.1"  # keep-alive: the pool reuses connections
    wbufsize = 1 << 16  # headers and body in one write (no Nagle / delayed-ACK stall)
    server: PortServer

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.active += 1
            self.server.peak = max(self.server.peak, self.server.active)
        try:
            time.sleep(float(parse_qs(urlsplit(self.path).query).get("hold", ["0"])[0]))
        finally:
            with self.server.lock:
                self.server.active -= 1
        body = json.dumps({"path": self.path, "port": self.client_address[1]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def port_server() -> Iterator[PortServer]:
    """A :class:`PortServer`, serving in a thread for the test."""
    server = PortServer()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def creates_held_gets(emu: Emulator, since: int) -> tuple[int, int, int]:
    """(creates, creates held in sync mode, prediction GETs) among the requests since ``since``."""
    log = emu.requests[since:]
    creates = [r for r in log if r.method == "POST" and r.path.endswith("/predictions")]
    gets = [r for r in log if r.method == "GET" and r.path.startswith("/v1/predictions/")]
    return len(creates), sum("prefer" in r.headers for r in creates), len(gets)
