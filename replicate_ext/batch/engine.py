"""The batch engine: a state machine without I/O, driven by a sync or an async driver.

The engine decides what to send and when; a driver (``drivers``) sends it, with threads for
:class:`~replicate_ext.Replicate` or tasks for :class:`~replicate_ext.AsyncReplicate`, and
hands each outcome back. One loop serves both clients::

    while not engine.finished:
        jobs, wake = engine.plan()           # calls to send now; seconds until planning again
        ... send the jobs ...
        yield from engine.drain()            # results, in completion order
        ... wait for an outcome (or ``wake``) and engine.complete(job, value, error) ...

Inputs are read lazily (at most ``max_in_flight`` held at once). Creates are paced by one
:class:`~replicate_ext.batch.pacing.Pacer`, everything else by another; a 429 anywhere in
the client slows both. Predictions are checked with ``predictions.list`` walks
(``checks.Checks``) when one page costs fewer requests than the GETs it replaces. Every
step is journaled before it is sent (``journal``).
"""

from __future__ import annotations

import collections
import math
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from replicate_api.models import Prediction

from ..errors import (
    ReplicateError,
)
from ..refs import parse_model_ref
from ..waiting import is_terminal
from .checks import Checks, Item, Job
from .creates import Creates
from .journal import Journal
from .pacing import Pacer
from .results import BatchProgress, BatchResult, ProgressCallback

__all__ = ["Engine"]

#: How often ``on_progress`` is called at most (seconds).
PROGRESS_EVERY = 0.2


class Engine(Creates, Checks):
    """One batch: inputs in, jobs out, outcomes in, results out (see the module docstring).

    Args:
        ref: The model (``owner/name``, ``owner/name:VERSION`` or a version id).
        inputs: Any iterable of input dicts, read lazily.
        journal: An open :class:`Journal`, or ``None``.
        max_in_flight: Predictions in flight at most.
        create_rate: Creates per minute.
        request_rate: Other requests per minute.
        timeout: Seconds a prediction may take before its input is given back with a
            ``PredictionTimeoutError`` (the prediction goes on), or ``None``.
        shard: ``(i, n)``: only inputs whose index is ``i`` mod ``n``.
        wrap: Turns a succeeded prediction's output into what ``run()`` returns.
        on_progress: Called with a :class:`BatchProgress` when the counts change.
        clock: Monotonic seconds; ``wall``: epoch seconds (both injected in tests).

    Raises:
        InvalidReferenceError: A malformed ``ref`` (before anything is sent).
    """

    def __init__(
        self,
        ref: str,
        inputs: Iterable[dict[str, Any]],
        *,
        journal: Journal | None,
        max_in_flight: int,
        create_rate: float,
        request_rate: float,
        timeout: float | None,
        shard: tuple[int, int],
        wrap: Callable[[Any], Any],
        on_progress: ProgressCallback | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        parsed = parse_model_ref(ref)
        super().__init__(clock, Pacer(request_rate, clock), parsed)
        self.ref = ref
        self.inputs: Iterator[tuple[int, dict[str, Any]]] = enumerate(inputs)
        self.journal = journal
        self.max_in_flight = max_in_flight
        self.creates = Pacer(create_rate, clock)
        self.timeout = timeout
        self.shard = shard
        self.wrap = wrap
        self.on_progress = on_progress
        self.wall = wall
        self.started = clock()
        self.exhausted = False
        self.lookahead: Item | None = None
        self.retry: collections.deque[Item] = collections.deque()
        self.results: collections.deque[BatchResult] = collections.deque()
        self.throttles: collections.deque[tuple[bool, float | None]] = collections.deque()
        self.in_flight = 0
        self.creating = 0
        self.creating_inputs: collections.Counter[str] = collections.Counter()
        self.created = 0
        self.done = 0
        self.failed = 0
        self.requests = 0
        self.recent_creates: collections.deque[float] = collections.deque()
        self._reported: tuple[int, ...] = ()
        self._reported_at = -math.inf

    # -- the driver's side ---------------------------------------------------------------

    @property
    def finished(self) -> bool:
        """Whether every input has been given back (and :meth:`drain` emptied)."""
        return self.idle and not self.results

    @property
    def idle(self) -> bool:
        """Whether nothing is left to send or wait for."""
        return self.exhausted and self.lookahead is None and not self.retry and self.in_flight == 0

    def throttled(self, request: Any, reset: float | None) -> None:
        """A 429 was seen by the client (any thread): slow the pacing (applied in :meth:`plan`)."""
        method, path = str(request.method), str(request.url.path)
        create = method == "POST" and path.endswith("/predictions")
        self.throttles.append((create, reset))

    def plan(self) -> tuple[list[Job], float | None]:
        """The jobs to send now, and the seconds after which to plan again (``None``: when a
        job completes)."""
        now = self.clock()
        while self.throttles:
            create, reset = self.throttles.popleft()
            (self.creates if create else self.other).throttled(reset)
        jobs: list[Job] = []
        self.expire(now)
        jobs.extend(self.lookups(now))
        jobs.extend(self.checks(now))
        jobs.extend(self._creates(now))
        self.requests += len(jobs)
        waits = [self.check_wait(now)]
        if self.retry or (self.lookahead is not None and self.in_flight < self.max_in_flight):
            waits.append(self.creates.wait())
        elif not self.exhausted and self.in_flight < self.max_in_flight:
            waits.append(0.0)  # more of the journal to replay
        found = [w for w in waits if w is not None]
        return jobs, (max(0.0, min(found)) if found else None)

    def stalled(self) -> RuntimeError:
        """The error for a driver with nothing to send, nothing pending and nothing to wait
        for, though the batch has not finished (a bug: better said than spun on)."""
        return RuntimeError(
            "replicate_ext batch stalled (please report): "
            f"in_flight={self.in_flight} running={len(self.running)} "
            f"busy={sum(i.busy for i in self.running.values())} unknown={len(self.unknown)} "
            f"walking={self.walking} finding={self.finding} retry={len(self.retry)} "
            f"exhausted={self.exhausted} created={self.created} done={self.done}"
        )

    def drain(self) -> Iterator[BatchResult]:
        """The results so far, in completion order (each once)."""
        self._progress()
        while self.results:
            yield self.results.popleft()

    def complete(self, job: Job, value: Any, error: BaseException | None) -> None:
        """A job's outcome: its result, or the error it raised.

        Raises:
            ReplicateError: An error that no input can be given back with (a bad token, a
                model that does not exist): the batch stops.
        """
        now = self.clock()
        if error is not None and not isinstance(error, ReplicateError):
            raise error
        if job.kind == "create":
            self._answered(job.items[0])
            self._created(job.items[0], value, error, now)
        elif job.kind == "get":
            self.checked(job.items[0], value, error, now)
        elif job.kind == "list":
            self.listed(job, value, error, now)
        else:
            self.found(job, value, error, now)

    def progress(self) -> BatchProgress:
        """Where the batch stands."""
        now = self.clock()
        while self.recent_creates and self.recent_creates[0] < now - 10:
            self.recent_creates.popleft()
        return BatchProgress(
            done=self.done,
            failed=self.failed,
            in_flight=self.in_flight,
            created=self.created,
            creates_per_minute=len(self.recent_creates) * 6.0,
            throttled=self.creates.throttles + self.other.throttles,
            requests=self.requests,
            elapsed=now - self.started,
        )

    # -- giving back ---------------------------------------------------------------------

    def _finish(self, item: Item, prediction: Prediction, record: bool = True) -> None:
        """Give back a finished prediction (``record``: journal it)."""
        status = str(prediction.status)
        error: ReplicateError | None = None
        output = None
        if status == "succeeded":
            output = self.wrap(prediction.output)
        else:
            from ..waiting import outcome

            try:
                outcome(prediction)
            except ReplicateError as exc:
                error = exc
        if record and self.journal is not None:
            kept = prediction.to_dict()
            for key in ("logs", "urls", "input", "metrics"):
                kept.pop(key, None)
            self.journal.finished(item.index, item.digest, status, kept)
        self._give_back(item, status, prediction.id or item.prediction_id or None, error, output)

    def _give_back(
        self,
        item: Item,
        status: str,
        prediction_id: str | None,
        error: ReplicateError | None,
        output: Any = None,
    ) -> None:
        self.forget(item)
        if item.counted:
            self.in_flight -= 1
        self.done += 1
        self.failed += status != "succeeded" or error is not None
        self.results.append(
            BatchResult(item.index, item.input, prediction_id, status, output, error)
        )

    def finish(self, item: Item, prediction: Prediction) -> None:
        """A check saw the prediction finish (see ``checks``)."""
        if is_terminal(prediction):
            self._finish(item, prediction)

    def stop(self, item: Item, status: str, error: ReplicateError) -> None:
        """Give an input back unfinished (timeout, repeated errors); the journal keeps its
        prediction in flight, so a re-run re-attaches to it."""
        self._give_back(item, status, item.prediction_id, error)

    def _progress(self) -> None:
        if self.on_progress is None:
            return
        now = self.clock()
        counts = (self.done, self.failed, self.in_flight, self.created)
        if counts != self._reported and (now - self._reported_at >= PROGRESS_EVERY or self.idle):
            self._reported, self._reported_at = counts, now
            self.on_progress(self.progress())
