"""A tiny timer thread: run callbacks at absolute wall-clock times (deadlines)."""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable

__all__ = ["Scheduler"]

log = logging.getLogger("replicate_emulator.scheduler")


class Scheduler:
    """Run callbacks at given Unix times on one daemon thread.

    Example:
        >>> import threading, time
        >>> done = threading.Event()
        >>> s = Scheduler()
        >>> s.at(time.time() + 0.01, done.set)
        >>> done.wait(1)
        True
        >>> s.stop()
    """

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, Callable[[], None]]] = []
        self._counter = itertools.count()
        self._cond = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._loop, name="emulator-timers", daemon=True)
        self._thread.start()

    def at(self, when: float, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the timer thread) at Unix time ``when``."""
        with self._cond:
            heapq.heappush(self._heap, (when, next(self._counter), callback))
            self._cond.notify()

    def _loop(self) -> None:
        while True:
            with self._cond:
                while not self._stopped and (not self._heap or self._heap[0][0] > time.time()):
                    timeout = self._heap[0][0] - time.time() if self._heap else None
                    self._cond.wait(timeout)
                if self._stopped:
                    return
                _, _, callback = heapq.heappop(self._heap)
            try:
                callback()
            except Exception:
                log.exception("timer callback failed")

    def stop(self) -> None:
        """Stop the thread; pending callbacks are dropped."""
        with self._cond:
            self._stopped = True
            self._cond.notify()
        self._thread.join(2.0)
