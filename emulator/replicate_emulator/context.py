"""What a model function can see while it runs: cancellation and emulated time."""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["ModelFn", "PredictionCanceled", "RunContext", "Runner", "cooperative_sleep"]

ModelFn = Callable[..., Any]


class PredictionCanceled(Exception):
    """Raised inside a model function by :func:`cooperative_sleep` once the job is canceled.

    Model functions may raise it themselves to stop early; the job stays ``canceled``.

    Example:
        >>> def model(input):
        ...     if canceled():
        ...         raise PredictionCanceled
    """


@dataclass
class RunContext:
    """Per-thread context of the job being run.

    Example:
        >>> RunContext(threading.Event(), speed=2.0).speed
        2.0
    """

    cancel_event: threading.Event
    speed: float


_local = threading.local()


def set_context(ctx: RunContext | None) -> None:
    """Install (or clear) the context of the job the current thread runs."""
    _local.ctx = ctx


def cooperative_sleep(seconds: float) -> None:
    """Sleep for ``seconds`` of emulated time, waking at once if the job is canceled.

    Model functions should use this instead of :func:`time.sleep` so that cancellation and
    ``Cancel-After`` deadlines stop them promptly. Outside a job it is ``time.sleep``.

    Raises:
        PredictionCanceled: if the running job is canceled while sleeping.

    Example:
        >>> def slow(input):
        ...     cooperative_sleep(input.get("seconds", 1))
        ...     return "done"
    """
    ctx: RunContext | None = getattr(_local, "ctx", None)
    if ctx is None:
        time.sleep(seconds)
        return
    if ctx.cancel_event.wait(seconds / ctx.speed if ctx.speed > 0 else seconds):
        raise PredictionCanceled


def canceled() -> bool:
    """Tell whether the job run by the current thread has been canceled.

    Example:
        >>> canceled()
        False
    """
    ctx: RunContext | None = getattr(_local, "ctx", None)
    return ctx is not None and ctx.cancel_event.is_set()


def _log_mode(fn: ModelFn) -> str:
    """Return how ``fn`` takes the log callable: ``""`` (not at all), ``"arg"`` or ``"kw"``."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return ""
    kinds = inspect.Parameter
    positional = [
        p for p in params if p.kind in (kinds.POSITIONAL_ONLY, kinds.POSITIONAL_OR_KEYWORD)
    ]
    if len(positional) >= 2 or any(p.kind == kinds.VAR_POSITIONAL for p in params):
        return "arg"
    if any(p.name == "log" and p.kind == kinds.KEYWORD_ONLY for p in params):
        return "kw"
    return ""


@dataclass
class Runner:
    """A model function plus how to call it (with or without a ``log`` callable).

    A runner with a ``cancel`` hook (a Cog predictor) runs one job at a time: ``lock``
    serialises its jobs (the others stay ``starting``) and ``cancel`` stops the one running.
    """

    fn: ModelFn
    log_mode: str
    cancel: Callable[[], Any] | None = None
    lock: threading.Lock | None = None

    @classmethod
    def wrap(cls, fn: ModelFn, cancel: Callable[[], Any] | None = None) -> Runner:
        """Inspect ``fn`` once and remember whether it takes the ``log`` argument.

        Example:
            >>> Runner.wrap(lambda input, log: None).log_mode
            'arg'
        """
        return cls(fn, _log_mode(fn), cancel, threading.Lock() if cancel else None)

    def __call__(self, inp: dict[str, Any], log: Callable[[str], None]) -> Any:
        """Run the function on ``inp``."""
        if self.log_mode == "arg":
            return self.fn(inp, log)
        if self.log_mode == "kw":
            return self.fn(inp, log=log)
        return self.fn(inp)
