"""A download whose connection drops mid-body resumes where it broke (``Range``), or starts over
when the server ignores ``Range``; the caller gets every byte once. Against a purpose-built
server that cuts its first answer (a reset, part way through the body)."""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from replicate_ext import APIConnectionError, AsyncReplicate, FileOutput, Replicate

from .conftest import Client, resolve

BODY = bytes(range(256)) * 800  # 204,800 bytes
CUT = 50_000


class CuttingServer:
    """Answers ``GET /<mode>/<name>`` with :data:`BODY`; the first answer of each path is cut
    after :data:`CUT` bytes (then a reset). ``mode``: ``range`` honours ``Range`` (206),
    ``whole`` ignores it (200), ``always`` cuts every answer. ``seen`` has each request's
    path and ``Range`` header."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.seen: list[tuple[str, str | None]] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                conn.close()
                return
            head += chunk
        lines = head.decode("latin-1").split("\r\n")
        path = lines[0].split()[1]
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        ranged = {k.lower(): v for k, v in headers.items()}.get("range")
        first = all(p != path for p, _ in self.seen)
        self.seen.append((path, ranged))
        mode = path.split("/")[1]
        start = int(ranged.removeprefix("bytes=").rstrip("-")) if ranged else 0
        if mode == "range" and start:
            status = b"206 Partial Content"
            extra = b"Content-Range: bytes %d-%d/%d\r\n" % (start, len(BODY) - 1, len(BODY))
        else:
            status, extra, start = b"200 OK", b"", 0
        body = BODY[start:]
        conn.sendall(
            b"HTTP/1.1 " + status + b"\r\nContent-Type: application/octet-stream\r\n" + extra
            + b"Content-Length: %d\r\n\r\n" % len(body)
        )  # fmt: skip
        if first or mode == "always":
            conn.sendall(body[:CUT])
            time.sleep(0.2)  # the client reads what was sent, then the connection is reset
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            conn.sendall(body)
        conn.close()


@pytest.fixture
def server() -> Iterator[CuttingServer]:
    """A fresh cutting server."""
    cutting = CuttingServer()
    yield cutting
    cutting.sock.close()


def _output(client: Client, url: str) -> FileOutput:
    if isinstance(client, AsyncReplicate):
        return FileOutput(url, async_=client._http)
    return FileOutput(url, sync=client._http)


async def _read(output: FileOutput, client: Client, whole: bool = False) -> bytes:
    """The file, chunk by chunk (or ``whole``: by ``read()``), as the client's flavour does it."""
    if isinstance(client, AsyncReplicate):
        if whole:
            return await output.aread()
        return b"".join([chunk async for chunk in output.aiter_bytes(4096)])
    return output.read() if whole else b"".join(output.iter_bytes(4096))


@pytest.mark.parametrize("mode", ["range", "whole"])
@pytest.mark.parametrize("whole", [False, True], ids=["chunks", "read"])
async def test_a_download_cut_mid_body_resumes(
    client: Client, server: CuttingServer, mode: str, whole: bool
) -> None:
    # Before: a connection dropped mid-body was not retried: APIConnectionError.
    output = _output(client, f"{server.base_url}/{mode}/a.bin")
    assert await _read(output, client, whole) == BODY  # every byte, once
    first, again = server.seen
    assert first == (f"/{mode}/a.bin", None)
    assert again[0] == f"/{mode}/a.bin"
    # Where it broke (the server waits before its reset, so the client has the bytes sent:
    # resumed from there; had it none, it would ask for the whole file again).
    assert again[1] is None or 0 < int(again[1].removeprefix("bytes=").rstrip("-")) <= CUT


async def test_a_download_that_keeps_breaking_gives_up_naming_its_host(
    server: CuttingServer,
) -> None:
    with Replicate(auth="r8_x", base_url="http://127.0.0.1:9/v1", max_retries=2) as client:
        output = _output(client, f"{server.base_url}/always/c.bin")
        with pytest.raises(APIConnectionError, match=f"Could not reach {server.base_url} "):
            output.read()
    assert len(server.seen) == 3  # the first try and two resumes


async def test_a_failed_save_leaves_the_path_as_it_was(
    client: Client, server: CuttingServer, tmp_path: Path
) -> None:
    # Before: save() wrote the bytes it had before failing: a truncated file under the name.
    target = tmp_path / "out.bin"
    target.write_bytes(b"previous")
    output = _output(client, f"{server.base_url}/always/d.bin")
    with pytest.raises(APIConnectionError):
        await resolve(
            output.asave(target) if isinstance(client, AsyncReplicate) else output.save(target)
        )
    assert target.read_bytes() == b"previous"
    assert not target.with_name("out.bin.part").exists()  # no part file left behind
    saved = _output(client, f"{server.base_url}/range/e.bin")
    await resolve(saved.asave(target) if isinstance(client, AsyncReplicate) else saved.save(target))
    assert target.read_bytes() == BODY
