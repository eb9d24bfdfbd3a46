"""Helpers shared by the route handlers."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import Any

from ..core import Core
from ..jobs import ALL_EVENTS, Job
from ..records import Model
from ..schema import InvalidField
from ..web import HTTPError, Req, Resp, Stream

__all__ = [
    "Handler",
    "check_fields",
    "find_model",
    "job_response",
    "not_found",
    "validate_webhook",
    "wait_terminal",
]

Handler = Callable[[Core, Req], Awaitable[Resp | Stream]]
_JSON = [(b"content-type", b"application/json")]
_URL = re.compile(r"^https?://[^\s/]+(/\S*)?$")


def not_found(detail: str = "The requested resource could not be found.") -> HTTPError:
    """Return (for raising) a 404 problem."""
    return HTTPError(404, detail, "Not found")


def invalid(problems: list[InvalidField], title: str = "Input validation failed") -> HTTPError:
    """Return (for raising) a 422 listing every invalid field like Replicate does."""
    detail = "".join(f"- {p.field}: {p.description}\n" for p in problems)
    return HTTPError(422, detail, title, invalid_fields=[p.as_json() for p in problems])


def find_model(core: Core, owner: str, name: str) -> Model:
    """Return the model ``owner/name`` or raise a 404."""
    model = core.store.get_model(owner, name)
    if model is None:
        raise not_found(f"Model not found: {owner}/{name}")
    return model


def check_fields(
    body: dict[str, Any], allowed: set[str], required: set[str], *, strict: bool = False
) -> None:
    """Reject missing (and, when ``strict``, unknown) top-level request fields with a 422.

    Only the prediction requests forbid additional properties in the reference; other
    bodies ignore unknown fields.
    """
    problems = [
        InvalidField(
            "additional_property_not_allowed", k, f"Additional property {k} is not allowed"
        )
        for k in body
        if strict and k not in allowed
    ]
    problems += [InvalidField("required", k, f"{k} is required") for k in required if k not in body]
    if problems:
        raise invalid(sorted(problems, key=lambda p: p.field), "Invalid request")


def validate_webhook(body: dict[str, Any]) -> tuple[str | None, list[str]]:
    """Validate ``webhook`` and ``webhook_events_filter``; return them (filter defaulted)."""
    webhook = body.get("webhook")
    problems = []
    if webhook is not None and (not isinstance(webhook, str) or not _URL.match(webhook)):
        problems.append(InvalidField("format", "webhook", "webhook must be an HTTP(S) URL"))
    events = body.get("webhook_events_filter")
    if events is None:
        events = list(ALL_EVENTS)
    elif not isinstance(events, list) or any(e not in ALL_EVENTS for e in events):
        choices = ", ".join(ALL_EVENTS)
        desc = f"webhook_events_filter items must be one of: {choices}"
        problems.append(InvalidField("enum", "webhook_events_filter", desc))
    if problems:
        raise invalid(problems, "Invalid request")
    return webhook, list(events)


def job_response(core: Core, job: Job, status: int = 200) -> Resp:
    """Answer with a job's JSON (cached bytes)."""
    with core.store.lock:
        body = job.json_bytes(core.config.base_url)
    return Resp(status, list(_JSON), body)


async def wait_terminal(core: Core, job: Job, timeout: float) -> None:
    """Wait until ``job`` is final, ``timeout`` seconds pass or the emulator closes."""
    loop = asyncio.get_running_loop()
    until = loop.time() + timeout
    event = job.watchers.watch()
    try:
        while not job.terminal and not core.closing:
            remaining = until - loop.time()
            if remaining <= 0:
                return
            event.clear()
            if job.terminal:
                return
            try:
                await asyncio.wait_for(event.wait(), remaining)
            except TimeoutError:
                return
    finally:
        job.watchers.unwatch(event)
