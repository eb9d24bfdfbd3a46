"""Measure how many ``GET /v1/predictions/{id}`` per second the emulator serves.

``python bench/emulator_bench.py [--seconds 3] [--clients 1]`` starts an emulator,
creates one prediction and reads it back in a loop from separate client processes
(raw sockets, HTTP/1.1 keep-alive), then prints the aggregate rate.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from urllib.parse import urlsplit

__all__ = ["client_loop", "main", "measure"]


def client_loop(url: str, token: str, seconds: float) -> int:
    """GET ``url`` over one keep-alive connection for ``seconds``; return the request count.

    Example:
        >>> client_loop("http://127.0.0.1:9/v1/x", "r8_x", 0.0)  # doctest: +SKIP
        0
    """
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    request = (
        f"GET {parts.path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        f"Authorization: Bearer {token}\r\nAccept: application/json\r\n\r\n"
    ).encode()
    count, buffer = 0, b""
    with socket.create_connection((host, port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            sock.sendall(request)
            while True:
                head_end = buffer.find(b"\r\n\r\n")
                if head_end >= 0:
                    head = buffer[:head_end].lower()
                    length = int(head.split(b"content-length: ")[1].split(b"\r\n")[0])
                    if len(buffer) >= head_end + 4 + length:
                        if not head.startswith(b"http/1.1 200"):
                            raise RuntimeError(head.decode("latin-1"))
                        buffer = buffer[head_end + 4 + length :]
                        break
                chunk = sock.recv(65536)
                if not chunk:
                    raise RuntimeError("connection closed")
                buffer += chunk
            count += 1
    return count


def measure(url: str, token: str, seconds: float = 3.0, clients: int = 1) -> float:
    """Run ``clients`` client processes against ``url``; return requests per second."""
    command = [sys.executable, __file__, "--client", url, token]
    procs = [
        subprocess.Popen([*command, str(seconds)], stdout=subprocess.PIPE, text=True)  # noqa: S603
        for _ in range(clients)
    ]
    total = 0
    for proc in procs:
        out, _ = proc.communicate(timeout=seconds + 30)
        if proc.returncode:
            raise RuntimeError(f"benchmark client failed with {proc.returncode}")
        total += int(out.strip())
    return total / seconds


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(prog="python bench/emulator_bench.py")
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--clients", type=int, default=1)
    parser.add_argument("--client", nargs=3, metavar=("URL", "TOKEN", "SECONDS"), help="internal")
    args = parser.parse_args(argv)
    if args.client:
        url, token, seconds = args.client
        print(client_loop(url, token, float(seconds)))
        return 0
    import httpx

    from replicate_emulator import Emulator

    with Emulator() as emu:
        created = httpx.post(
            f"{emu.base_url}/models/replicate-ext/hello/predictions",
            headers={"Authorization": f"Bearer {emu.token}", "Prefer": "wait"},
            json={"input": {}},
        ).json()
        rate = measure(created["urls"]["get"], emu.token, args.seconds, args.clients)
    print(json.dumps({"get_prediction_per_second": round(rate), "clients": args.clients}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
