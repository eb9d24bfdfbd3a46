"""Watching a batch's predictions: status checks collapsed into list pages, and finding the
predictions of creates whose answer never came.

A ``predictions.list`` page holds 100 predictions, newest first. With many predictions in
flight, one walk of the pages created since the oldest one due for a check replaces a GET per
prediction; it is used when it costs fewer requests, at most every :data:`LIST_GAP` seconds.
A prediction a walk missed is checked with a GET. A create sent without an answer (killed,
connection lost) is looked for the same way: same model or version, same input, created
since it was sent, not already an input's prediction; found, it is re-attached, else created
again.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from replicate_api.models import Prediction

from .._call import Call
from ..errors import NotFoundError, PredictionTimeoutError, RateLimitError, ReplicateError
from ..refs import ModelRef
from ..resources.predictions import get_call, predictions_list_call
from ..waiting import is_terminal, poll_delay
from .pacing import Pacer

if TYPE_CHECKING:
    from ..pagination import Page
    from .journal import Journal

__all__ = ["LIST_GAP", "PAGE_SIZE", "Checks", "Item", "Job"]

#: Predictions per ``predictions.list`` page.
PAGE_SIZE = 100
#: Seconds between the starts of two status walks (bounds their cost at many in flight).
LIST_GAP = 0.25
#: Margin for clock skew when listing the predictions created since a create was sent.
SKEW = dt.timedelta(seconds=60)
#: Errors in a row while checking a prediction before its input is given back with the error.
MAX_CHECK_ERRORS = 5
#: Seconds after a create was sent before its prediction is looked for (see ``Checks.lost``).
LOST_GRACE = 1.0
#: Seconds after a create was sent during which a lookup that found nothing is repeated (once a
#: second) before the input is created again: a create cut short (a crash, a cancelled task) may
#: still reach the server late, and creating the input again then pays for it twice.
LOST_WINDOW = 10.0
#: Seconds an attached prediction id is remembered, so that a lookup never gives it to another
#: input once it has finished (without a journal to say whose it is): far longer than a
#: lookup looks back (``SKEW`` before a lost create was sent, within ``LOST_WINDOW``).
CLAIM_MEMORY = 300.0
#: Pages a walk looking for lost creates reads at most.
MAX_FIND_PAGES = 50


@dataclasses.dataclass(eq=False, slots=True)
class Item:
    """One input on its way: what is known of its prediction."""

    index: int
    input: Any
    digest: str
    prediction_id: str | None = None
    created_at: dt.datetime | None = None
    seq: int = 0  # the engine's create count when it was created (estimates list pages)
    started: float = 0.0  # monotonic, when it was attached
    next_check: float = 0.0
    sent_at: float | None = None  # epoch seconds its create was sent
    last: Prediction | None = None
    errors: int = 0
    attempts: int = 0
    by_get: bool = False
    busy: bool = False
    counted: bool = False


@dataclasses.dataclass(eq=False, slots=True)
class Job:
    """A request for the driver to send: ``kind`` is create, get, list or find."""

    kind: str
    call: Call[Any]
    items: list[Item]
    after: dt.datetime | None = None  # a walk's created_after
    pages: int = 1


class Checks:
    """The engine's half that watches predictions (mixed into ``Engine``)."""

    journal: Journal | None
    created: int
    #: Digests of the inputs whose create is under way (see :meth:`_lookable`).
    creating_inputs: collections.Counter[str]
    timeout: float | None
    wall: Callable[[], float]

    def __init__(self, clock: Callable[[], float], other: Pacer, ref: ModelRef) -> None:
        self.clock = clock
        self.other = other
        self.target = ref
        #: Predictions in flight with a known id.
        self.running: dict[str, Item] = {}
        #: Prediction ids attached in the last :data:`CLAIM_MEMORY` seconds, and when.
        self.claimed: dict[str, float] = {}
        #: Creates sent whose prediction is unknown, waiting for a lookup.
        self.unknown: list[Item] = []
        self.unknown_after = 0.0
        self.walking = False
        self.finding = False
        self.last_walk = -math.inf
        #: A walk's next page, decided on the previous page's outcome.
        self.follow_up: list[Job] = []

    if TYPE_CHECKING:  # implemented by the engine

        def finish(self, item: Item, prediction: Prediction) -> None: ...
        def stop(self, item: Item, status: str, error: ReplicateError) -> None: ...
        def recreate(self, item: Item) -> None: ...

    def attach(
        self, item: Item, prediction_id: str, prediction: Prediction | None, now: float
    ) -> None:
        """Follow ``prediction_id`` for ``item`` (just created, found, or from the journal)."""
        other = self.running.get(prediction_id)
        if other is not None and other is not item:
            # A lookup gave another input this prediction (identical inputs); this create's
            # answer says whose it is: that input's own prediction is looked for again.
            other.prediction_id = None
            if self.journal is not None:
                self.journal.created(other.index, None)
            self.lost(other, now, LOST_GRACE)
        item.prediction_id = prediction_id
        self.claimed[prediction_id] = now
        while self.claimed:  # oldest first: forget what no lookup can reach any more
            oldest = next(iter(self.claimed))
            if self.claimed[oldest] > now - CLAIM_MEMORY:
                break
            del self.claimed[oldest]
        if self.journal is not None:
            self.journal.created(item.index, prediction_id)
        item.started = now
        item.seq = self.created
        item.created_at = prediction.created_at if prediction is not None else None
        item.by_get = item.created_at is None
        self.running[prediction_id] = item
        if prediction is None:
            item.next_check = now
        else:
            self.update(item, prediction, now)

    def lost(self, item: Item, now: float, sent_ago: float = 0.0) -> None:
        """A create was sent ``sent_ago`` seconds ago but its prediction is unknown: look for
        it once :data:`LOST_GRACE` seconds have passed since it was sent (a create whose
        connection just dropped, or whose process was just killed, may still be arriving)."""
        self.unknown.append(item)
        self.unknown_after = max(self.unknown_after, now + max(0.0, LOST_GRACE - sent_ago))

    def forget(self, item: Item) -> None:
        if item.prediction_id is not None:
            self.running.pop(item.prediction_id, None)

    def update(self, item: Item, prediction: Prediction, now: float) -> None:
        """A fresh look at a prediction: give it back if finished, else schedule a check."""
        if item.prediction_id is None or self.running.get(item.prediction_id) is not item:
            return  # already given back (or the prediction was another input's)
        item.last = prediction
        item.busy = False
        item.errors = 0
        if is_terminal(prediction):
            self.finish(item, prediction)
            return
        item.next_check = now + poll_delay(now - item.started, None)

    def expire(self, now: float) -> None:
        """Give back inputs whose prediction outlived the timeout (it goes on)."""
        timeout = self.timeout
        if timeout is None:
            return
        for item in [i for i in self.running.values() if not i.busy]:
            if now - item.started > timeout:
                last = item.last or Prediction(id=str(item.prediction_id))
                again = (
                    "a re-run with the journal re-attaches to it"
                    if self.journal is not None
                    else "wait for it by this id"
                )
                error = PredictionTimeoutError(
                    f"Prediction {item.prediction_id} is still {last.status or 'running'} after "
                    f"{timeout:g} s; it goes on ({again}).",
                    prediction=last,
                )
                self.stop(item, str(last.status or "processing"), error)

    def check_wait(self, now: float) -> float | None:
        """Seconds until a check or lookup can be sent (``None``: none is waiting)."""
        times = []
        for item in self.running.values():
            if item.busy or (self.walking and not item.by_get):
                continue  # the walk's end reschedules what it misses
            at = item.next_check
            if not item.by_get:
                at = max(at, self.last_walk + LIST_GAP)
            times.append(at)
        if not self.finding and self._lookable():  # (the others wait for a create's answer)
            times.append(self.unknown_after)
        if not times:
            return None
        return max(min(times) - now, self.other.wait(), 0.0)

    # -- status checks -------------------------------------------------------------------

    def checks(self, now: float) -> list[Job]:
        """Status checks due now: one list walk, or GETs, whichever costs fewer requests."""
        due = [i for i in self.running.values() if not i.busy and i.next_check <= now]
        if not due:
            return []
        jobs: list[Job] = []
        listable = [i for i in due if not i.by_get]
        due = [i for i in due if i.by_get]
        if listable and not self.walking and now - self.last_walk >= LIST_GAP:
            oldest = min(listable, key=lambda i: i.seq)
            pages = math.ceil((self.created - oldest.seq + 1) / PAGE_SIZE)
            if pages > len(listable):
                due.extend(listable)  # GETs are cheaper
            elif self.other.take():
                created = [i.created_at for i in listable if i.created_at is not None]
                after = min(created) - dt.timedelta(seconds=1)
                for item in listable:
                    item.busy = True
                self.walking, self.last_walk = True, now
                call = predictions_list_call(created_after=after)
                jobs.append(Job("list", call, listable, after))
        for item in due:
            if not self.other.take():
                break
            item.busy = True
            jobs.append(Job("get", get_call(str(item.prediction_id)), [item]))
        return jobs

    def checked(self, item: Item, value: Any, error: ReplicateError | None, now: float) -> None:
        """The outcome of a GET."""
        if item.prediction_id is None or self.running.get(item.prediction_id) is not item:
            return  # given back meanwhile, or the prediction was another input's
        if error is None:
            self.update(item, value, now)
            return
        item.busy = False
        if isinstance(error, RateLimitError):
            item.next_check = now
            return
        item.errors += 1
        if isinstance(error, NotFoundError) or item.errors >= MAX_CHECK_ERRORS:
            self.stop(item, str(item.last.status if item.last else "unknown"), error)
            return
        item.next_check = now + min(5.0, 0.5 * 2**item.errors)

    def listed(
        self, job: Job, page: Page[Prediction] | None, error: ReplicateError | None, now: float
    ) -> None:
        """A page of a status walk: update what it shows; page on, or end the walk."""
        pending = {i.prediction_id: i for i in job.items if i.prediction_id in self.running}
        if page is not None:
            for prediction in page.results:
                item = pending.pop(prediction.id, None)
                if item is not None:
                    self.update(item, prediction, now)
            cursor = page.next_cursor
            if pending and cursor and job.pages < len(pending) and self.other.take():
                self._walk_on(job, cursor, list(pending.values()))
                return
        throttled = isinstance(error, RateLimitError)
        for item in pending.values():  # missed (or the walk failed): a GET next time
            item.busy, item.next_check = False, now
            item.by_get = item.by_get or not throttled  # throttled: the next walk covers it
        self.walking = False

    def _walk_on(self, job: Job, cursor: str, pending: list[Item]) -> None:
        call = predictions_list_call(created_after=job.after, cursor=cursor)
        self.follow_up.append(Job(job.kind, call, pending, job.after, job.pages + 1))

    # -- lost creates --------------------------------------------------------------------

    def _lookable(self) -> list[Item]:
        """The lost creates that can be looked for now: not while a create of the same input
        is under way in this run (held, its prediction is listed before its id comes back,
        and would be taken for the lost one's)."""
        return [i for i in self.unknown if not self.creating_inputs[i.digest]]

    def lookups(self, now: float) -> list[Job]:
        """Jobs to send now that were decided on an outcome (a walk's next page) or are due."""
        jobs, self.follow_up = self.follow_up, []
        items = self._lookable() if not self.finding and now >= self.unknown_after else []
        if items and self.other.take():
            self.unknown = [i for i in self.unknown if i not in items]
            since = min(i.sent_at or 0.0 for i in items)
            after = dt.datetime.fromtimestamp(since, dt.UTC) - SKEW
            self.finding = True
            jobs.append(Job("find", predictions_list_call(created_after=after), items, after))
        return jobs

    def _matches(self, prediction: Prediction) -> bool:
        if self.target.version is not None:
            return prediction.version == self.target.version
        return prediction.model == f"{self.target.owner}/{self.target.name}"

    def found(
        self, job: Job, page: Page[Prediction] | None, error: ReplicateError | None, now: float
    ) -> None:
        """A page of a lookup: attach the predictions found; page on, or create the rest."""
        pending = job.items
        if page is None:
            self.finding = False
            self.unknown.extend(pending)  # try again a little later
            self.unknown_after = now + 1.0
            return
        for prediction in page.results:
            if not pending or not self._matches(prediction):
                continue
            if prediction.id in self.running or prediction.id in self.claimed:
                continue  # another input's (in flight, or given back lately)
            if self.journal is not None and self.journal.claimed(prediction.id):
                continue
            for item in pending:
                if prediction.input_ == item.input:
                    pending = [i for i in pending if i is not item]
                    self.attach(item, prediction.id, prediction, now)
                    break
        cursor = page.next_cursor
        if pending and cursor and job.pages < MAX_FIND_PAGES and self.other.take():
            self._walk_on(job, cursor, pending)
            return
        self.finding = False
        wall = self.wall()
        for item in pending:
            if item.sent_at is not None and wall - item.sent_at < LOST_WINDOW:
                self.unknown.append(item)  # it may still land: look again before creating it
                self.unknown_after = now + LOST_GRACE
            else:
                self.recreate(item)
