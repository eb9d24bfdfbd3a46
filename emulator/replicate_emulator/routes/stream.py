"""Server-sent events of a prediction: ``output``, ``logs``, ``error`` and ``done``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

from ..core import Core
from ..jobs import Job
from ..web import Req, Stream
from .common import not_found

__all__ = ["ROUTES", "encode_event"]

_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),
]


def encode_event(event_id: int, event: str, data: str) -> bytes:
    """Encode one server-sent event; multi-line data becomes several ``data:`` lines.

    Example:
        >>> encode_event(1, "output", "a\\nb")
        b'id: 1\\nevent: output\\ndata: a\\ndata: b\\n\\n'
    """
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"id: {event_id}\nevent: {event}\n{lines}\n".encode()


async def _events(
    core: Core, job: Job, after: int, gone: asyncio.Event
) -> AsyncGenerator[bytes, None]:
    changed = job.watchers.watch()
    sent = after
    try:
        while True:
            changed.clear()
            with core.store.lock:
                pending = job.events[sent:]
                finished = job.terminal
            for offset, (event, data) in enumerate(pending, start=sent + 1):
                yield encode_event(offset, event, data)
                if event == "done":
                    return
            sent += len(pending)
            if (finished and sent >= len(job.events)) or core.closing or gone.is_set():
                return
            waiters = [asyncio.ensure_future(changed.wait()), asyncio.ensure_future(gone.wait())]
            try:
                await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for waiter in waiters:
                    waiter.cancel()
    finally:
        job.watchers.unwatch(changed)


async def predictions_stream(core: Core, req: Req) -> Stream:
    """``GET /predictions/{id}/stream``: replay and follow the prediction's events.

    A ``Last-Event-ID`` header resumes after that event id.
    """
    job = core.store.get_prediction(req.params["id"])
    if job is None:
        raise not_found("Prediction not found")
    raw = req.headers.get("last-event-id", "").strip()
    after = int(raw) if raw.isdigit() else 0

    def make(gone: asyncio.Event) -> AsyncGenerator[bytes, None]:
        return _events(core, job, after, gone)

    return Stream(200, list(_HEADERS), make)


ROUTES = [("GET", r"/v1/predictions/(?P<id>[^/]+)/stream", predictions_stream)]
