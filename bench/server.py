"""A minimal, fast Replicate-shaped HTTP/1.1 server for the benchmark (stdlib only).

Run ``python bench/server.py --token T [--port 0]``; it prints ``READY <origin>`` once listening.
Only what the scenarios need is served, from canned or pre-rendered bytes where possible, so the
server's own cost (its "floor") stays small next to the clients' cost:

* ``POST /v1/models/bench/{sync,poll,file,tokens}/predictions`` creates a prediction. ``sync``
  honours ``Prefer: wait`` (holds until done, up to the window); ``poll`` ignores it, so clients
  poll. ``input.polls`` = finish on that GET; ``input.seconds`` = finish that long after creation.
  A finished ``sync``/``poll`` prediction's output is ``"gets:N"`` (the GETs it took, counting
  the one that saw it finished).
* ``GET /v1/predictions/bench-static`` answers canned bytes; ``GET /v1/predictions/{id}`` polls.
* ``GET /v1/predictions?cursor=N``: page N of ``--pages`` pre-rendered pages of 100 predictions.
* ``GET /v1/predictions/{id}/stream``: SSE ``output`` events whose data is the emission time
  (``time.monotonic_ns()``, comparable across processes on Linux), then ``done``.
* ``GET /files/{size}``: ``size`` bytes through ``sendfile`` from a sparse file.
* ``GET /_bench/stats``, ``POST /_bench/reset``: request and connection counters (not counted).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import re
import socket
import tempfile
import time
from collections.abc import Awaitable
from typing import Any

_PREFER = re.compile(rb"wait(?:=(\d+))?")
_PHRASES = {200: "OK", 201: "Created", 401: "Unauthorized", 404: "Not Found", 422: "Unprocessable"}
_ISO = "2025-01-01T00:00:00.000000Z"


class State:
    """Everything the server knows: predictions, counters, pre-rendered bytes."""

    def __init__(self, origin: str, token: str, pages: int) -> None:
        self.origin = origin
        self.auth = f"Bearer {token}".encode()
        self.ids = itertools.count(1)
        self.predictions: dict[str, dict[str, Any]] = {}
        self.requests = self.opened = self.open = self.peak = 0
        self.files: dict[int, str] = {}
        self.tmp = tempfile.mkdtemp(prefix="bench-server-")
        static = prediction_json(self, "bench-static", "succeeded", "hello", {"text": "hi"})
        self.static = response(200, static)
        self.pages = [render_page(self, n, pages) for n in range(pages)]

    def file(self, size: int) -> str:
        path = self.files.get(size)
        if path is None:
            path = self.files[size] = os.path.join(self.tmp, f"blob-{size}")
            with open(path, "wb") as f:
                f.truncate(size)
        return path


def prediction_json(
    state: State, pid: str, status: str, output: Any, inp: Any, model: str = "bench/sync"
) -> dict[str, Any]:
    base = f"{state.origin}/v1/predictions/{pid}"
    done = status in ("succeeded", "failed", "canceled")
    return {
        "id": pid,
        "model": model,
        "version": "hidden",
        "input": inp,
        "logs": "",
        "output": output if done else None,
        "data_removed": False,
        "error": None,
        "status": status,
        "created_at": _ISO,
        "source": "api",
        "urls": {
            "web": f"https://replicate.com/p/{pid}",
            "get": base,
            "cancel": f"{base}/cancel",
            "stream": f"{base}/stream",
        },
        "started_at": _ISO if status != "starting" else None,
        "completed_at": _ISO if done else None,
        "metrics": {"total_time": 0.05, "predict_time": 0.01} if done else {},
    }


def render_page(state: State, n: int, pages: int) -> bytes:
    results = [
        prediction_json(state, f"p{n:04d}x{i:03d}", "succeeded", f"out {i}", {"i": i})
        for i in range(100)
    ]
    nxt = f"{state.origin}/v1/predictions?cursor={n + 1}" if n + 1 < pages else None
    prev = f"{state.origin}/v1/predictions?cursor={n - 1}" if n else None
    return response(200, {"previous": prev, "next": nxt, "results": results})


def response(status: int, body: Any, ctype: bytes = b"application/json") -> bytes:
    data = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
    head = f"HTTP/1.1 {status} {_PHRASES.get(status, 'OK')}\r\n".encode()
    return b"%bcontent-type: %b\r\ncontent-length: %d\r\n\r\n%b" % (head, ctype, len(data), data)


def finished(p: dict[str, Any]) -> bool:
    if "polls" in p:
        return bool(p["gets"] >= p["polls"])
    return time.monotonic() >= p["done_at"]


def render(state: State, p: dict[str, Any], status: int) -> bytes:
    done = finished(p)
    output: Any = p["output"] if p["output"] is not None else f"gets:{p['gets']}"
    body = prediction_json(
        state,
        p["id"],
        "succeeded" if done else ("starting" if status == 201 else "processing"),
        output,
        p["input"],
        p["model"],
    )
    return response(status, body)


class Conn(asyncio.Protocol):
    """One client connection: parse requests, answer in order."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.buffer = b""
        self.busy = False
        self.control = False
        self.transport: asyncio.Transport | None = None
        self.task: asyncio.Future[None] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s = self.state
        s.opened += 1
        s.open += 1
        s.peak = max(s.peak, s.open)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.control:
            self.state.open -= 1
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if not self.busy:
            self.process()

    def process(self) -> None:
        while self.transport is not None and not self.busy:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = self.buffer[:end].split(b"\r\n")
            headers = {}
            for line in lines[1:]:
                key, _, value = line.partition(b":")
                headers[key.strip().lower()] = value.strip()
            length = int(headers.get(b"content-length", b"0"))
            if len(self.buffer) < end + 4 + length:
                return
            body = self.buffer[end + 4 : end + 4 + length]
            self.buffer = self.buffer[end + 4 + length :]
            method, target, _ = lines[0].split(b" ", 2)
            result = self.handle(method, target.decode(), headers, body)
            if isinstance(result, bytes):
                self.transport.write(result)
            else:
                self.busy = True
                self.task = asyncio.ensure_future(self.finish(result))

    async def finish(self, job: Awaitable[bytes | None]) -> None:
        data = await job
        if self.transport is not None and data is not None:
            self.transport.write(data)
        self.busy = False
        self.process()

    def handle(
        self, method: bytes, target: str, headers: dict[bytes, bytes], body: bytes
    ) -> bytes | Awaitable[bytes | None]:
        s = self.state
        if target.startswith("/_bench/"):
            if not self.control:
                self.control, s.opened, s.open = True, s.opened - 1, s.open - 1
            if method == b"POST":
                s.requests = s.opened = s.peak = 0
                s.peak = s.open
            return response(200, {"requests": s.requests, "connections": s.opened, "peak": s.peak})
        s.requests += 1
        if target.startswith("/files/"):
            return self.send_file(int(target[7:]))
        if headers.get(b"authorization") != s.auth:
            return response(401, {"detail": "Unauthenticated", "status": 401})
        if target == "/v1/predictions/bench-static":
            return s.static
        path, _, query = target.partition("?")
        if method == b"GET" and path == "/v1/predictions":
            cursor = int(query.partition("cursor=")[2].partition("&")[0] or 0)
            return s.pages[cursor]
        if method == b"POST" and path.startswith("/v1/models/bench/"):
            return self.create(path.split("/")[4], headers, json.loads(body or b"{}"))
        if method == b"GET" and path.endswith("/stream"):
            return self.stream(s.predictions[path.split("/")[3]])
        p = s.predictions.get(path.rpartition("/")[2]) if method == b"GET" else None
        if p is None:
            return response(404, {"detail": "Not found", "status": 404})
        p["gets"] += 1
        return render(s, p, 200)

    def create(
        self, model: str, headers: dict[bytes, bytes], req: dict[str, Any]
    ) -> bytes | Awaitable[bytes | None]:
        s = self.state
        inp = req.get("input") or {}
        pid = f"bench{next(s.ids)}"
        p: dict[str, Any] = {"id": pid, "model": f"bench/{model}", "input": inp, "gets": 0}
        if "polls" in inp:
            p["polls"] = int(inp["polls"])
        p["done_at"] = time.monotonic() + float(inp.get("seconds", 0))
        p["output"] = None
        if model == "file":
            p["output"] = f"{s.origin}/files/{int(inp['size'])}"
        elif model == "tokens":
            p["output"] = ["..."]
        s.predictions[pid] = p
        match = _PREFER.fullmatch(headers.get(b"prefer", b""))
        if model == "poll" or match is None or "polls" in p or finished(p):
            return render(s, p, 201)
        window = float(match[1] or 60)
        return self.hold(p, window)

    async def hold(self, p: dict[str, Any], window: float) -> bytes:
        await asyncio.sleep(max(0.0, min(window, p["done_at"] - time.monotonic())))
        while not finished(p):  # noqa: ASYNC110 (sleep() may wake a hair early)
            await asyncio.sleep(0.0005)
        return render(self.state, p, 201)

    async def stream(self, p: dict[str, Any]) -> None:
        assert self.transport is not None
        inp = p["input"]
        count, interval = int(inp.get("tokens", 20)), float(inp.get("interval", 0.01))
        self.transport.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n"
            b"cache-control: no-store\r\ntransfer-encoding: chunked\r\n\r\n"
        )
        for i in range(1, count + 2):
            await asyncio.sleep(interval)
            if self.transport is None:
                return
            if i <= count:
                event = b"id: %d\nevent: output\ndata: %d\n\n" % (i, time.monotonic_ns())
            else:
                event = b"id: %d\nevent: done\ndata: {}\n\n" % i
            self.transport.write(b"%x\r\n%b\r\n" % (len(event), event))
        self.transport.write(b"0\r\n\r\n")

    async def send_file(self, size: int) -> None:
        assert self.transport is not None
        self.transport.write(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\n"
            b"content-length: %d\r\n\r\n" % size
        )
        with open(self.state.file(size), "rb") as f:  # noqa: ASYNC230 (page cache, sparse)
            await asyncio.get_running_loop().sendfile(self.transport, f, 0, size)


async def serve(host: str, port: int, token: str, pages: int) -> None:
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(4096)
    origin = f"http://{host}:{sock.getsockname()[1]}"
    state = State(origin, token, pages)
    server = await loop.create_server(lambda: Conn(state), sock=sock, backlog=4096)
    print(f"READY {origin}", flush=True)
    try:
        async with server:
            await server.serve_forever()
    finally:
        for path in state.files.values():
            os.unlink(path)
        os.rmdir(state.tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", required=True)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(args.host, args.port, args.token, args.pages))


if __name__ == "__main__":
    main()
