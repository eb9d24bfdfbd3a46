"""What the official Python clients' flow scripts share: the fixtures, a webhook receiver, results.

A flow script runs in its client's own virtualenv (``.venv-official/v1`` or ``v2``), imports
this module as ``official.clients.harness`` (``PYTHONPATH`` is ``tests/``), registers flows
with :func:`flow` and calls :func:`main`.
Each flow prints one JSON line: ``{"flow": name, "ok": true}`` or ``{"flow": name, "ok":
false, "error": "Type: message"}``; ``tests/official/test_official_clients.py`` compares them
with what it expects of each client.

The environment gives the emulator (``REPLICATE_BASE_URL``, ``REPLICATE_API_TOKEN``, and
``SSL_CERT_FILE``, its CA bundle) and ``OFFICIAL_FIXTURES``, a JSON object: ``version`` (of
``replicate-ext/echo``), ``deployment`` (``owner/name`` of a deployment of it) and
``destination`` (a model that trainings may write to).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import os
import queue
import sys
import threading
import traceback
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FIXTURES: dict[str, Any] = json.loads(os.environ.get("OFFICIAL_FIXTURES", "{}"))
BASE_URL = os.environ.get("REPLICATE_BASE_URL", "")
TOKEN = os.environ.get("REPLICATE_API_TOKEN", "")

_FLOWS: list[tuple[str, Callable[[], Any]]] = []


def flow(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Register a flow (a function, or a coroutine function run with ``asyncio.run``)."""
    _FLOWS.append((fn.__name__, fn))
    return fn


def check(condition: bool, message: str) -> None:
    """Fail the flow with ``message`` unless ``condition`` holds."""
    if not condition:
        raise AssertionError(message)


class WebhookReceiver:
    """A loopback HTTP endpoint that queues each delivery's headers and body."""

    def __init__(self) -> None:
        deliveries: queue.Queue[tuple[dict[str, str], bytes]] = queue.Queue()
        self.deliveries = deliveries

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                deliveries.put((dict(self.headers.items()), body))
                self.send_response(200)
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def next(self, timeout: float = 20) -> tuple[dict[str, str], bytes]:
        """The next delivery (headers, body)."""
        return self.deliveries.get(timeout=timeout)

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()


def main() -> None:
    """Run the flows named on the command line (all when none), one JSON line each."""
    wanted = set(sys.argv[1:])
    for name, fn in _FLOWS:
        if wanted and name not in wanted:
            continue
        try:
            if inspect.iscoroutinefunction(fn):
                asyncio.run(fn())
            else:
                fn()
            result: dict[str, Any] = {"flow": name, "ok": True}
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            result = {"flow": name, "ok": False, "error": error[:500]}
            traceback.print_exc(file=sys.stderr)
        print(json.dumps(result), flush=True)
