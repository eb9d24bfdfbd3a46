"""The live status line drawn on stderr while a prediction runs (terminals only).

One line, redrawn in place with ``\\r`` several times a second: a spinner, the status, the
time elapsed, the progress parsed from the logs, and the prediction id::

    / processing  3.2s  [#####-----]  45% 9/20  gm3qorzdhgbfurvjtvhg6dckhu  (Ctrl-C cancels)

Example:
    >>> import io
    >>> line = StatusLine(io.StringIO(), enabled=False, clock=lambda: 2.0)
    >>> line.started = 0.0
    >>> line.render(columns=80)
    '| creating  2.0s  (Ctrl-C cancels)'
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

from ..progress import Progress

__all__ = ["StatusLine", "format_elapsed"]

_SPINNER = "|/-\\"
_CLEAR = "\r\x1b[K"


def format_elapsed(seconds: float) -> str:
    """A short duration: ``3.2s`` under a minute, then ``1m05s``, then ``1h02m``.

    Example:
        >>> format_elapsed(3.21), format_elapsed(65), format_elapsed(3725)
        ('3.2s', '1m05s', '1h02m')
    """
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


def _bar(progress: Progress, width: int = 10) -> str:
    filled = round(progress.percentage * width)
    return (
        f"[{'#' * filled}{'-' * (width - filled)}] "
        f"{progress.percentage:4.0%} {progress.current}/{progress.total}"
    )


class StatusLine:
    """A status line on a terminal, redrawn by a background thread until stopped.

    Use it as a context manager; pass :meth:`update` as ``on_progress``. When ``enabled`` is
    false (not a terminal, ``--json``) nothing is ever written.

    Args:
        stream: The terminal (stderr).
        enabled: Whether to draw at all.
        interval: Seconds between redraws.
        clock: The time source (for tests).

    Example:
        >>> import sys
        >>> with StatusLine(sys.stderr, enabled=sys.stderr.isatty()) as status:  # doctest: +SKIP
        ...     client.wait(prediction, on_progress=status.update)
    """

    def __init__(
        self,
        stream: TextIO,
        *,
        enabled: bool,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.enabled = enabled
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.status = "creating"
        self.prediction_id: str | None = None
        self.progress: Progress | None = None
        self._frame = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._drawn = False

    def __enter__(self) -> StatusLine:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start redrawing (no-op when disabled or already running).

        Example:
            >>> import io
            >>> StatusLine(io.StringIO(), enabled=False).start()
        """
        if not self.enabled or self._thread is not None:
            return
        self.started = self.clock()
        self._thread = threading.Thread(target=self._loop, name="replicate-status", daemon=True)
        self._thread.start()

    def update(self, prediction: Any, progress: Progress | None) -> None:
        """Record a new status and progress; the ``on_progress`` callback of ``wait()``.

        Example:
            >>> import io
            >>> from types import SimpleNamespace
            >>> line = StatusLine(io.StringIO(), enabled=False)
            >>> line.update(SimpleNamespace(id="p1", status="processing"), None)
            >>> line.status, line.prediction_id
            ('processing', 'p1')
        """
        with self._lock:
            status = getattr(prediction, "status", None)
            self.status = status if isinstance(status, str) else self.status
            pid = getattr(prediction, "id", None)
            self.prediction_id = pid if isinstance(pid, str) else self.prediction_id
            self.progress = progress
        self._draw()

    def render(self, columns: int) -> str:
        """The current line, cut to fit ``columns``.

        Example:
            >>> import io
            >>> StatusLine(io.StringIO(), enabled=False).render(columns=12)
            '| creating '
        """
        parts = [
            f"{_SPINNER[self._frame % len(_SPINNER)]} {self.status}",
            format_elapsed(max(0.0, self.clock() - self.started)),
        ]
        if self.progress is not None:
            parts.append(_bar(self.progress))
        if self.prediction_id:
            parts.append(self.prediction_id)
        parts.append("(Ctrl-C cancels)")
        return "  ".join(parts)[: max(1, columns - 1)]

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, ValueError, OSError):
            return 80

    def _draw(self) -> None:
        if not self.enabled or self._thread is None or self._stop.is_set():
            return
        with self._lock:
            self._frame += 1
            line = self.render(self._columns())
            try:
                self.stream.write(_CLEAR + line)
                self.stream.flush()
            except (OSError, ValueError):
                return
            self._drawn = True

    def _loop(self) -> None:
        self._draw()
        while not self._stop.wait(self.interval):
            self._draw()

    def stop(self) -> None:
        """Stop redrawing and erase the line (idempotent).

        Example:
            >>> import io
            >>> StatusLine(io.StringIO(), enabled=False).stop()
        """
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(1.0)
        with self._lock:
            if self._drawn:
                self._drawn = False
                try:
                    self.stream.write(_CLEAR)
                    self.stream.flush()
                except (OSError, ValueError):
                    pass
