"""Waiting for predictions and trainings: adaptive polling, deadlines, and terminal outcomes.

Polling backs off: each interval is a tenth of the time already waited, between 0.5 s and 5 s,
so a result is in hand within about 10 % of the time the model took (past the first seconds)
while sending no more requests than a fixed half-second poll. Short runs rarely poll at all:
``run()`` asks the server to hold the request until the prediction finishes (sync mode).
``poll_interval`` (or ``REPLICATE_POLL_INTERVAL``) fixes the interval instead.

Example:
    >>> poll_delay(0.0, None), poll_delay(20.0, None), poll_delay(100.0, None), poll_delay(9.0, 0.25)
    (0.5, 2.0, 5.0, 0.25)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ._constants import (
    POLL_INTERVAL_FRACTION,
    POLL_INTERVAL_MAX,
    POLL_INTERVAL_MIN,
    TERMINAL_STATUSES,
)
from .errors import ModelError, PredictionCanceledError, PredictionTimeoutError, ReplicateError
from .progress import Progress, prediction_progress

__all__ = ["Poller", "ProgressCallback", "is_terminal", "outcome", "poll_delay", "tag_error"]

#: ``on_progress(prediction, progress)``: called when the status or the progress changes.
ProgressCallback = Callable[[Any, Progress | None], None]


def poll_delay(elapsed: float, fixed: float | None) -> float:
    """The next polling interval after ``elapsed`` seconds of waiting.

    Example:
        >>> poll_delay(1.0, None)
        0.5
    """
    if fixed is not None:
        return fixed
    return min(POLL_INTERVAL_MAX, max(POLL_INTERVAL_MIN, elapsed * POLL_INTERVAL_FRACTION))


def is_terminal(prediction: Any) -> bool:
    """Whether a prediction or training has finished (``succeeded``, ``failed``, ``canceled``, ``aborted``).

    Example:
        >>> from types import SimpleNamespace
        >>> is_terminal(SimpleNamespace(status="processing")), is_terminal(SimpleNamespace(status="aborted"))
        (False, True)
    """
    return getattr(prediction, "status", None) in TERMINAL_STATUSES


def outcome(prediction: Any) -> Any:
    """The output of a finished prediction, or the matching :class:`PredictionError`.

    Raises:
        ModelError: Status ``failed``.
        PredictionCanceledError: Status ``canceled`` or ``aborted``.

    Example:
        >>> from types import SimpleNamespace
        >>> outcome(SimpleNamespace(id="p1", status="succeeded", output="hi"))
        'hi'
    """
    status = getattr(prediction, "status", None)
    pid = getattr(prediction, "id", "?")
    if status == "failed":
        error = getattr(prediction, "error", None)
        raise ModelError(
            f"Prediction {pid} failed: {error or 'no error message'}", prediction=prediction
        )
    if status in ("canceled", "aborted"):
        why = "was aborted before it started" if status == "aborted" else "was canceled"
        raise PredictionCanceledError(f"Prediction {pid} {why}.", prediction=prediction)
    return getattr(prediction, "output", None)


def tag_error(error: ReplicateError, prediction_id: str | None) -> ReplicateError:
    """Attach the id of the prediction being waited on to an error, so it is never lost.

    Example:
        >>> str(tag_error(ReplicateError("Connection reset"), "p1"))
        'Connection reset [prediction p1]'
    """
    if prediction_id and error.prediction_id is None:
        error.prediction_id = prediction_id
    return error


class Poller:
    """The polling schedule of one wait, bounded by an optional timeout.

    Example:
        >>> from types import SimpleNamespace
        >>> now = [0.0]
        >>> poller = Poller(timeout=1.0, fixed=0.4, clock=lambda: now[0])
        >>> pending = SimpleNamespace(id="p1", status="starting")
        >>> poller.next_delay(pending)
        0.4
        >>> now[0] = 0.9; round(poller.next_delay(pending), 6)  # only what is left of the timeout
        0.1
    """

    def __init__(
        self,
        *,
        timeout: float | None,
        fixed: float | None,
        clock: Callable[[], float] = time.monotonic,
        on_progress: ProgressCallback | None = None,
        started: float | None = None,
    ) -> None:
        self.clock = clock
        #: When waiting began (by ``clock``): ``run()`` counts from the create, so polling after a
        #: long sync-mode hold starts at the backed-off interval.
        self.started = clock() if started is None else started
        self.timeout = timeout
        self.fixed = fixed
        self.on_progress = on_progress
        self._last: tuple[Any, Progress | None] | None = None

    def observe(self, prediction: Any) -> bool:
        """Report a change of status or progress to ``on_progress``; tell whether it finished.

        Example:
            >>> from types import SimpleNamespace
            >>> seen = []
            >>> poller = Poller(timeout=None, fixed=0, on_progress=lambda p, prog: seen.append(p.status))
            >>> poller.observe(SimpleNamespace(status="processing", logs="")), seen
            (False, ['processing'])
        """
        if self.on_progress is not None:
            state = (getattr(prediction, "status", None), prediction_progress(prediction))
            if state != self._last:
                self._last = state
                self.on_progress(prediction, state[1])
        return is_terminal(prediction)

    def next_delay(self, prediction: Any) -> float:
        """Seconds to sleep before the next poll.

        Raises:
            PredictionTimeoutError: The timeout has passed; it carries the prediction.

        Example:
            >>> from types import SimpleNamespace
            >>> Poller(timeout=None, fixed=None, clock=lambda: 0.0).next_delay(SimpleNamespace())
            0.5
        """
        elapsed = self.clock() - self.started
        delay = poll_delay(elapsed, self.fixed)
        if self.timeout is None:
            return delay
        remaining = self.timeout - elapsed
        if remaining <= 0:
            raise self.timed_out(prediction)
        return min(delay, remaining)

    def expired(self) -> bool:
        """Whether the timeout has passed.

        Example:
            >>> Poller(timeout=1.0, fixed=None, clock=lambda: 0.0).expired()
            False
        """
        return self.timeout is not None and self.clock() - self.started >= self.timeout

    def timed_out(self, prediction: Any) -> PredictionTimeoutError:
        """The error for a wait whose timeout passed, carrying the prediction as last seen.

        Example:
            >>> from types import SimpleNamespace
            >>> poller = Poller(timeout=2.0, fixed=None)
            >>> poller.timed_out(SimpleNamespace(id="p1", status="processing")).prediction_id
            'p1'
        """
        pid = getattr(prediction, "id", "?")
        status = getattr(prediction, "status", None) or "unfinished"
        return PredictionTimeoutError(
            f"Prediction {pid} is still {status} after {self.timeout or 0:g} s; it goes on "
            f"running: fetch it later with predictions.get({pid!r}) or cancel it.",
            prediction=prediction,
        )
