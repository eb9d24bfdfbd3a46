"""Per-call options, as openai-python users expect them, and what errors keep.

- ``extra_headers=`` reaches the server for that call only, and never carries the token away;
- ``timeout=`` bounds that call only;
- every status error keeps the ``httpx.Response``;
- ``APIConnectionError.outcome_unknown`` says whether a create may have happened.
"""

from __future__ import annotations

import contextlib
import json
import math
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AsyncReplicate,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    FileOutput,
    InternalServerError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    Replicate,
    UnprocessableEntityError,
)

from .conftest import resolve

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both

FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])
VERSION = "5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa"
PREDICTION = {
    "id": "p1",
    "model": "acme/hello",
    "version": VERSION,
    "input": {},
    "output": "hi",
    "status": "succeeded",
    "created_at": "2025-01-01T00:00:00Z",
    "urls": {"get": "", "cancel": ""},
}


def _make(flavour: str, base_url: str, **kwargs: Any) -> Client:
    cls = Replicate if flavour == "sync" else AsyncReplicate
    return cls(auth="r8_home_token", base_url=base_url, **kwargs)


class Recorded:
    """One request a :class:`Loopback` server received (header names lower-cased)."""

    def __init__(self, method: str, path: str, headers: dict[str, str]) -> None:
        self.method, self.path, self.headers = method, path, headers

    def __repr__(self) -> str:
        return f"<{self.method} {self.path} {self.headers}>"


class Loopback:
    """A tiny HTTP server on 127.0.0.1 that records requests and answers a Prediction.

    ``delay`` holds every answer that long (interrupted at shutdown).
    """

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay
        self.seen: list[Recorded] = []
        self.stopping = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                if length:
                    self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                owner.seen.append(Recorded(self.command, self.path, headers))
                if owner.delay and owner.stopping.wait(owner.delay):
                    return
                body = json.dumps(PREDICTION).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up waiting
                    pass

            do_GET = do_POST = _answer

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Loopback:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def home() -> Iterator[Loopback]:
    """The API's origin, played by a recording loopback server."""
    with Loopback() as server:
        yield server


@pytest.fixture
def elsewhere() -> Iterator[Loopback]:
    """Another origin (another port) on loopback."""
    with Loopback() as server:
        yield server


def _sent(emulator: Emulator, method: str, path: str, since: int) -> list[dict[str, str]]:
    return [r.headers for r in emulator.requests[since:] if (r.method, r.path) == (method, path)]


# -- 5. extra_headers= -----------------------------------------------------------------------


async def test_extra_headers_reach_the_server_for_that_call_only(
    client: Client, emulator: Emulator
) -> None:
    trace = uuid.uuid4().hex
    created = await resolve(client.predictions.create(model="replicate-ext/hello", input={}))
    path = f"/v1/predictions/{created.id}"
    start = len(emulator.requests)
    got = await resolve(client.predictions.get(created.id, extra_headers={"X-Trace": trace}))
    assert got.id == created.id
    await resolve(client.predictions.get(created.id))
    first, second = _sent(emulator, "GET", path, start)
    assert first["x-trace"] == trace
    assert "x-trace" not in second
    assert first["user-agent"] == second["user-agent"], "our headers stay"


async def test_run_sends_extra_headers_on_the_create(client: Client, emulator: Emulator) -> None:
    trace = uuid.uuid4().hex
    start = len(emulator.requests)
    output = await resolve(
        client.run("replicate-ext/hello", input={"name": "Ada"}, extra_headers={"X-Trace": trace})
    )
    assert output == "hello Ada"
    (create,) = _sent(emulator, "POST", "/v1/models/replicate-ext/hello/predictions", start)
    assert create["x-trace"] == trace
    assert "prefer" in create, "the operation's own headers are kept"


@FLAVOURS
async def test_extra_headers_go_with_the_token_only_to_the_api(
    flavour: str, home: Loopback, elsewhere: Loopback
) -> None:
    client = _make(flavour, home.url + "/v1", max_retries=0)
    try:
        await resolve(client.predictions.get("p1", extra_headers={"X-Trace": "1"}))
        assert home.seen[-1].path == "/v1/predictions/p1"
        assert home.seen[-1].headers["x-trace"] == "1"
        assert home.seen[-1].headers["authorization"] == "Bearer r8_home_token"

        response = await resolve(
            client.request("GET", elsewhere.url + "/v1/predictions/p1", headers={"X-Trace": "2"})
        )
        assert response.status_code == 200
        await resolve(
            client.request(
                "GET", elsewhere.url + "/other", headers={"Authorization": "Bearer r8_home_token"}
            )
        )
    finally:
        await resolve(client.close())
    assert [r.path for r in elsewhere.seen] == ["/v1/predictions/p1", "/other"]
    assert elsewhere.seen[0].headers["x-trace"] == "2"
    for request in elsewhere.seen:
        assert "authorization" not in request.headers, request
        assert "r8_home_token" not in json.dumps(request.headers)


# -- 6. timeout= -----------------------------------------------------------------------------


@pytest.fixture
def slow() -> Iterator[Loopback]:
    """A server that holds every answer for 2 s."""
    with Loopback(delay=2.0) as server:
        yield server


@FLAVOURS
async def test_per_call_timeout_bounds_that_call_only(flavour: str, slow: Loopback) -> None:
    client = _make(flavour, slow.url + "/v1", timeout=5.0, max_retries=0)
    try:
        started = time.monotonic()
        with pytest.raises(APITimeoutError) as info:
            await resolve(client.predictions.get("p1", timeout=0.3))
        assert time.monotonic() - started < 1.8, "the per-call timeout, not the client's 5 s"
        assert info.value.outcome_unknown is False, "a GET may be sent again"
        prediction = await resolve(client.predictions.get("p1"))
        assert (prediction.id, prediction.status) == ("p1", "succeeded")
    finally:
        await resolve(client.close())
    assert len(slow.seen) == 2, "max_retries=0: one try each"


# -- 7. status errors keep the response ------------------------------------------------------


@pytest.mark.parametrize("timeout", [-1, 0, math.nan, httpx.Timeout(5, read=-1)], ids=repr)
async def test_a_bad_timeout_is_refused_before_anything_is_sent(
    client: Client, emulator: Emulator, timeout: Any
) -> None:
    # Before: accepted, then the socket layer raised a raw ValueError (or, for 0, a connection
    # error that never mentioned the timeout), and wait(timeout=-1) "timed out" after -1 s.
    start = len(emulator.requests)
    refused = "must be a positive number of seconds"
    with pytest.raises(InvalidArgumentError, match=refused):
        await resolve(client.account.get(timeout=timeout))
    if not isinstance(timeout, httpx.Timeout):  # run() and wait() take seconds only
        with pytest.raises(InvalidArgumentError, match=refused):
            await resolve(client.run("replicate-ext/hello", input={}, timeout=timeout))
        with pytest.raises(InvalidArgumentError, match=refused):
            await resolve(client.wait("p1", timeout=timeout))
    assert len(emulator.requests) == start


async def test_not_found_keeps_the_response(client: Client) -> None:
    with pytest.raises(NotFoundError) as info:
        await resolve(client.predictions.get("does-not-exist"))
    response = info.value.response
    assert isinstance(response, httpx.Response)
    assert response.status_code == 404
    assert response.request.method == "GET"
    assert response.request.url.path.endswith("/predictions/does-not-exist")
    assert response.content, "the body was read"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (409, ConflictError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (503, InternalServerError),
        (418, InternalServerError),
    ],
)
@FLAVOURS
async def test_every_status_error_keeps_the_response(
    flavour: str, emulator: Emulator, status: int, error: type[APIStatusError]
) -> None:
    client = _make(flavour, emulator.base_url, max_retries=0)
    emulator.faults.add("GET", "/v1/account", "status", times=1, status=status, detail="nope")
    try:
        with pytest.raises(error) as info:
            await resolve(client.account.get())
    finally:
        await resolve(client.close())
    response = info.value.response
    assert isinstance(response, httpx.Response)
    assert response.status_code == status == info.value.status
    assert response.request.url.path == "/v1/account"
    assert "nope" in response.text


# -- 8. outcome_unknown ----------------------------------------------------------------------


@pytest.fixture
def black_hole() -> Iterator[tuple[str, list[bytes]]]:
    """A server that reads each request in full, then closes the connection without a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.1)
    received: list[bytes] = []
    stop = threading.Event()

    def read_request(conn: socket.socket) -> bytes:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                return data
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        while len(body) < length:
            chunk = conn.recv(65536)
            if not chunk:
                break
            body += chunk
        return head + b"\r\n\r\n" + body

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.settimeout(5)
                with contextlib.suppress(OSError):
                    received.append(read_request(conn))

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/v1", received
    stop.set()
    thread.join(5)
    server.close()


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@FLAVOURS
async def test_create_dropped_after_sending_has_an_unknown_outcome(
    flavour: str, black_hole: tuple[str, list[bytes]]
) -> None:
    base_url, received = black_hole
    client = _make(flavour, base_url, max_retries=2)
    try:
        with pytest.raises(APIConnectionError) as info:
            await resolve(client.predictions.create(version=VERSION, input={}))
    finally:
        await resolve(client.close())
    assert info.value.outcome_unknown is True
    assert not isinstance(info.value, APITimeoutError)
    assert "predictions.list(created_after=...)" in str(info.value)
    assert len(received) == 1, "a create that may have happened is never re-sent"
    assert received[0].startswith(b"POST /v1/predictions ")
    assert VERSION.encode() in received[0]


@FLAVOURS
async def test_connection_refused_has_a_known_outcome(flavour: str) -> None:
    client = _make(flavour, f"http://127.0.0.1:{_closed_port()}/v1", max_retries=0)
    try:
        with pytest.raises(APIConnectionError) as info:
            await resolve(client.predictions.get("p1"))
        assert info.value.outcome_unknown is False
        with pytest.raises(APIConnectionError) as created:
            await resolve(client.predictions.create(version=VERSION, input={}))
        assert created.value.outcome_unknown is False, "refused: nothing was sent"
    finally:
        await resolve(client.close())


@FLAVOURS
async def test_an_upload_of_unknown_outcome_says_where_to_look(
    flavour: str, black_hole: tuple[str, list[bytes]]
) -> None:
    # Before: every POST of unknown outcome said to look in predictions.list.
    base_url, received = black_hole
    client = _make(flavour, base_url, max_retries=2)
    try:
        with pytest.raises(APIConnectionError) as info:
            await resolve(client.files.create(b"hello", filename="hello.txt"))
    finally:
        await resolve(client.close())
    assert info.value.outcome_unknown is True
    assert "files.list()" in str(info.value) and "predictions.list" not in str(info.value)
    assert len(received) == 1


@FLAVOURS
async def test_a_file_host_out_of_reach_is_named_as_such(flavour: str, emulator: Emulator) -> None:
    # Before: "Could not reach the API at <the API's origin>", for a file on another host.
    client = _make(flavour, emulator.base_url, max_retries=0)
    elsewhere = f"http://127.0.0.1:{_closed_port()}"
    try:
        http = client._http
        url = f"{elsewhere}/out.png"
        output = FileOutput(url, async_=http) if flavour == "async" else FileOutput(url, sync=http)
        with pytest.raises(APIConnectionError) as info:
            await resolve(output.aread() if flavour == "async" else output.read())
    finally:
        await resolve(client.close())
    assert str(info.value).startswith(f"Could not reach {elsewhere} ("), str(info.value)
