"""Server-sent events of a prediction: ``output``, ``logs``, ``error`` and ``done``.

The stream URL (``urls.stream``) is a capability URL, as on the real API: it carries
the prediction's unguessable ``stream_token`` and needs no ``Authorization``, so that a
browser's ``new EventSource(prediction.urls.stream)`` (which cannot send headers) works.
Without the capability the API token is needed; a wrong capability is a 404.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import AsyncGenerator

from ..core import Core
from ..jobs import Job
from ..web import HTTPError, Req, Stream
from .common import not_found

__all__ = ["PUBLIC_ROUTES", "encode_event"]

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

    Allowed with the prediction's capability (``?token=``, as in ``urls.stream``) or
    with the API token. A ``Last-Event-ID`` header resumes after that event id.
    """
    capability = req.arg("token")
    if capability is None and not req.authorized:
        raise HTTPError(401, "You did not pass a valid authentication token", "Unauthenticated")
    job = core.store.get_prediction(req.params["id"])
    if job is None:
        raise not_found("Prediction not found")
    if capability is not None and not hmac.compare_digest(
        capability.encode(), job.stream_token.encode()
    ):
        raise not_found("Prediction not found")
    raw = req.headers.get("last-event-id", "").strip()
    after = int(raw) if raw.isdigit() else 0

    def make(gone: asyncio.Event) -> AsyncGenerator[bytes, None]:
        return _events(core, job, after, gone)

    return Stream(200, list(_HEADERS), make)


PUBLIC_ROUTES = [("GET", r"/v1/predictions/(?P<id>[^/]+)/stream", predictions_stream)]
