"""The engine's half that reads inputs and creates predictions (mixed into ``Engine``).

Inputs are read one at a time, only when there is room in flight: an input the journal says
finished is given back from it, one with a prediction id is re-attached, one whose create was
sent without an answer is looked for (``checks``), any other is created when the create pacer
has a token. A refused create is sent again when nothing was made (a 429, a connection that
never opened), looked for when something may have been (a dropped answer, a 5xx), and given
back failed when the API refused the input (422...).
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from replicate_api.models import Prediction

from ..errors import (
    APIConnectionError,
    APIStatusError,
    AuthenticationError,
    InvalidArgumentError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ReplicateError,
)
from ..running import run_call
from .checks import Item, Job
from .journal import Journal, input_hash
from .pacing import Pacer

__all__ = ["HOLD_BELOW", "MAX_CREATE_ATTEMPTS", "REPLAY_CHUNK", "Creates"]

#: Creates refused without creating anything (connection never opened) before an input fails.
MAX_CREATE_ATTEMPTS = 5
#: Sync-mode creates (``Prefer: wait``) are used while fewer predictions than this are in
#: flight (held creates included: each keeps a connection, and a thread of the blocking driver,
#: for the whole run): with many in flight, a list page checks a hundred at once and holding
#: saves nothing.
HOLD_BELOW = 20
#: Finished inputs replayed from the journal per plan (keeps memory flat on a long resume).
REPLAY_CHUNK = 1000


class Creates:
    """Reading inputs and creating their predictions."""

    ref: str
    inputs: Iterator[tuple[int, dict[str, Any]]]
    journal: Journal | None
    shard: tuple[int, int]
    max_in_flight: int
    timeout: float | None
    creates: Pacer
    wall: Any
    exhausted: bool
    lookahead: Item | None
    retry: collections.deque[Item]
    running: dict[str, Item]
    in_flight: int
    creating: int
    creating_inputs: collections.Counter[str]
    created: int
    recent_creates: collections.deque[float]

    if TYPE_CHECKING:  # implemented by the other halves

        def attach(
            self, item: Item, prediction_id: str, prediction: Prediction | None, now: float
        ) -> None: ...
        def lost(self, item: Item, now: float, sent_ago: float = 0.0) -> None: ...
        def _finish(self, item: Item, prediction: Prediction, record: bool = True) -> None: ...
        def _give_back(
            self,
            item: Item,
            status: str,
            prediction_id: str | None,
            error: ReplicateError | None,
            output: Any = None,
        ) -> None: ...

    def _next_fresh(self, now: float) -> Item | None:
        """The next input to create, after replaying or re-attaching journaled ones."""
        replayed = 0
        i, n = self.shard
        while self.lookahead is None and not self.exhausted and replayed < REPLAY_CHUNK:
            if self.in_flight >= self.max_in_flight:
                return None
            try:
                index, value = next(self.inputs)
            except StopIteration:
                self.exhausted = True
                break
            if index % n != i:
                continue
            try:
                item = Item(index, value, input_hash(value))
            except (TypeError, ValueError) as exc:
                item = Item(index, value, "")
                self._give_back(item, "failed", None, _not_json(index, value, exc))
                continue
            entry = self.journal.check(index, item.digest) if self.journal else None
            if entry is None:
                self.lookahead = item
            elif entry.status is not None:
                replayed += 1
                self._count(item)
                refused = (entry.prediction or {}).get("refused")
                if isinstance(refused, dict):  # the API refused it: the same error again
                    self._give_back(item, "failed", None, _refused(refused))
                else:
                    self._finish(item, Prediction.from_dict(entry.prediction or {"id": ""}), False)
            elif entry.prediction_id is not None:
                self._count(item)
                self.attach(item, entry.prediction_id, None, now)
            elif entry.sent_at is not None:
                self._count(item)
                item.sent_at = entry.sent_at
                self.lost(item, now, self.wall() - entry.sent_at)  # sent by an earlier run
            else:
                self.lookahead = item
        return self.lookahead

    def _count(self, item: Item) -> None:
        item.counted = True
        self.in_flight += 1

    # -- creates -------------------------------------------------------------------------

    def _creates(self, now: float) -> list[Job]:
        jobs: list[Job] = []
        while True:
            fresh = not self.retry
            try:
                item = self.retry[0] if self.retry else self._next_fresh(now)
            except BaseException:  # the inputs raised: the creates planned are not sent
                self._unplan(jobs)
                raise
            if item is None or not self.creates.take():
                return jobs
            if fresh:
                self.lookahead = None
                self._count(item)
            else:
                self.retry.popleft()
            hold = len(self.running) + self.creating < HOLD_BELOW
            call = run_call(self.ref, None, item.input, hold, self.timeout, None, None, None)
            # Never wait for a held slot: the batch paces its own creates, and a create must
            # leave when the journal says it was sent (the lost-create lookup relies on it).
            call = dataclasses.replace(call, patience=0.0)
            item.sent_at = self.wall()
            if self.journal is not None:
                self.journal.sending(item.index, item.digest, item.sent_at)
            self.creating += 1
            self.creating_inputs[item.digest] += 1
            self.created += 1
            self.recent_creates.append(now)
            jobs.append(Job("create", call, [item]))

    def _answered(self, item: Item) -> None:
        """A create of ``item`` is no longer under way: both counts of creates under way go
        down (a zero count per input is dropped: millions of distinct inputs would otherwise
        stay in memory)."""
        self.creating -= 1
        left = self.creating_inputs[item.digest] - 1
        if left > 0:
            self.creating_inputs[item.digest] = left
        else:
            self.creating_inputs.pop(item.digest, None)

    def _unplan(self, jobs: list[Job]) -> None:
        """Creates planned but never to be sent: the journal must not say they were."""
        for job in jobs:
            item = job.items[0]
            self._answered(item)
            self.created -= 1
            if self.journal is not None:
                self.journal.unsent(item.index)

    def _created(self, item: Item, value: Any, error: ReplicateError | None, now: float) -> None:
        if error is None:
            self.attach(item, value.id, value, now)
            return
        if isinstance(error, AuthenticationError | PermissionDeniedError | NotFoundError):
            raise error  # every other input would fail the same way
        if isinstance(error, RateLimitError) or (
            isinstance(error, APIConnectionError) and not error.outcome_unknown
        ):
            # Nothing was created: send it again (a 429 has already paused the pacing).
            item.attempts += not isinstance(error, RateLimitError)
            if item.attempts >= MAX_CREATE_ATTEMPTS:
                self._give_back(item, "failed", None, error)
                return
            if self.journal is not None:
                self.journal.unsent(item.index)
            self.retry.append(item)
        elif isinstance(error, APIConnectionError) or (
            isinstance(error, APIStatusError) and error.status is not None and error.status >= 500
        ):
            self.lost(item, now)  # it may exist: look for it before creating it again
        else:  # refused (422 ...): the same input would be refused again
            if self.journal is not None:
                kept = {"id": "", "status": "failed", "error": str(error), "refused": _kept(error)}
                self.journal.finished(item.index, item.digest, "failed", kept)
            self._give_back(item, "failed", None, error)

    def recreate(self, item: Item) -> None:
        """A lost create made nothing after all: create it again."""
        if self.journal is not None:
            self.journal.unsent(item.index)
        self.retry.append(item)


def _kept(error: ReplicateError) -> dict[str, Any] | None:
    """What the journal keeps of a create the API refused, to give the same error back on a
    resume (``None`` for another kind of error: it comes back as the prediction's failure)."""
    if not isinstance(error, APIStatusError):
        return None
    fields = ("message", "status", "title", "detail", "method", "path")
    return {"type": type(error).__name__, **{k: getattr(error, k) for k in fields}}


def _refused(kept: dict[str, Any]) -> ReplicateError:
    """The error of a refused create, from what :func:`_kept` journaled.

    Example:
        >>> type(_refused({"type": "UnprocessableEntityError", "message": "422", "status": 422}))
        <class 'replicate_ext.errors.UnprocessableEntityError'>
    """
    from .. import errors

    cls = getattr(errors, str(kept.get("type")), None)
    if not (isinstance(cls, type) and issubclass(cls, APIStatusError)):
        cls = APIStatusError
    fields = {k: kept.get(k) for k in ("status", "title", "detail", "method", "path")}
    return cls(str(kept.get("message", "The API refused this input.")), **fields)


def _not_json(index: int, value: Any, exc: Exception) -> InvalidArgumentError:
    if not isinstance(value, dict):
        return InvalidArgumentError(
            f"Input {index} is a {type(value).__name__}, not a dict of inputs."
        )
    return InvalidArgumentError(
        f"Input {index} is not JSON ({exc}): a batch sends inputs as they are, so files "
        "must be URLs (upload them first with client.files.create)."
    )
