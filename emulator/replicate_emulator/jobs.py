"""Predictions and trainings ("jobs"): their record, JSON shape and change notification."""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

from .timeutil import iso

__all__ = ["ALL_EVENTS", "TERMINAL", "Job", "Watchers"]

TERMINAL = frozenset({"succeeded", "failed", "canceled", "aborted"})
ALL_EVENTS = ("start", "output", "logs", "completed")


class Watchers:
    """Wake asyncio waiters (on any event loop) from any thread when a job changes.

    Example:
        >>> w = Watchers()
        >>> w.notify()  # nobody is watching: a no-op
    """

    def __init__(self) -> None:
        self._subs: list[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = []
        self._lock = threading.Lock()

    def watch(self) -> asyncio.Event:
        """Return an event, set on every later change, for the running loop."""
        event = asyncio.Event()
        with self._lock:
            self._subs.append((asyncio.get_running_loop(), event))
        return event

    def unwatch(self, event: asyncio.Event) -> None:
        """Stop notifying ``event``."""
        with self._lock:
            self._subs = [(lp, ev) for lp, ev in self._subs if ev is not event]

    def notify(self) -> None:
        """Set every watcher's event (thread-safe)."""
        with self._lock:
            subs = list(self._subs)
        for loop, event in subs:
            with contextlib.suppress(RuntimeError):  # the loop is already closed
                loop.call_soon_threadsafe(event.set)


@dataclass(eq=False)
class Job:
    """A prediction or a training as the platform tracks it.

    Example:
        >>> job = Job("prediction", "abc", 1, "acme/m", "hidden", "0" * 64, {}, 0.0)
        >>> job.as_json("http://h/v1")["urls"]["get"]
        'http://h/v1/predictions/abc'
    """

    kind: str
    id: str
    seq: int
    model: str
    version: str
    version_id: str
    input: dict[str, Any]
    created_at: float
    status: str = "starting"
    logs: str = ""
    output: Any = None
    error: str | None = None
    started_at: float | None = None
    completed_at: float | None = None
    deadline: float | None = None
    deployment: str | None = None
    webhook: str | None = None
    webhook_events_filter: list[str] = field(default_factory=lambda: list(ALL_EVENTS))
    data_removed: bool = False
    destination: str | None = None
    events: list[list[str]] = field(default_factory=list)
    stream_token: str = field(default_factory=lambda: secrets.token_urlsafe(24), repr=False)
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)
    watchers: Watchers = field(default_factory=Watchers, repr=False)
    _cache: tuple[str, bytes] | None = field(default=None, repr=False)

    _RUNTIME = ("cancel_event", "watchers", "_cache")

    @property
    def terminal(self) -> bool:
        """Whether the job has reached a final status."""
        return self.status in TERMINAL

    def touch(self) -> None:
        """Forget the cached JSON; call after every mutation."""
        self._cache = None

    def add_event(self, event: str, data: str) -> None:
        """Append a server-sent event (its id is its 1-based position)."""
        self.events.append([event, data])

    def metrics(self) -> dict[str, float]:
        """Return timing metrics once the job is final."""
        if self.completed_at is None:
            return {}
        metrics = {"total_time": round(self.completed_at - self.created_at, 6)}
        if self.started_at is not None:
            metrics["predict_time"] = round(self.completed_at - self.started_at, 6)
        return metrics

    def as_json(self, base: str) -> dict[str, Any]:
        """Return the prediction (or training) object of the reference API."""
        path = "predictions" if self.kind == "prediction" else "trainings"
        urls = {
            "web": f"https://replicate.com/p/{self.id}",
            "get": f"{base}/{path}/{self.id}",
            "cancel": f"{base}/{path}/{self.id}/cancel",
        }
        data: dict[str, Any] = {
            "id": self.id,
            "model": self.model,
            "version": self.version,
            "input": self.input,
            "logs": self.logs,
            "output": self.output,
            "data_removed": self.data_removed,
            "error": self.error,
            "status": self.status,
            "created_at": iso(self.created_at),
            "source": "api",
            "urls": urls,
        }
        if self.kind == "prediction":
            urls["stream"] = f"{base}/predictions/{self.id}/stream?token={self.stream_token}"
        else:
            del data["data_removed"]
            if self.output is None:
                del data["output"]
        for key in ("started_at", "completed_at", "deadline"):
            value = getattr(self, key)
            if value is not None:
                data[key] = iso(value)
        if self.deployment is not None:
            data["deployment"] = self.deployment
        if self.completed_at is not None:
            data["metrics"] = self.metrics()
        return data

    def json_bytes(self, base: str) -> bytes:
        """Return :meth:`as_json` encoded, cached until the next :meth:`touch`."""
        cache = self._cache
        if cache is not None and cache[0] == base:
            return cache[1]
        body = json.dumps(self.as_json(base), separators=(",", ":")).encode()
        self._cache = (base, body)
        return body

    def to_record(self) -> dict[str, Any]:
        """Return a JSON-serialisable copy for persistence."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k not in self._RUNTIME}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Job:
        """Rebuild a job from :meth:`to_record` output."""
        return cls(**{k: v for k, v in record.items() if k in cls.__dataclass_fields__})
