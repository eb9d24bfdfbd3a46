"""How long a sync-mode create waits for a held slot before it is sent plain.

A held create (``Prefer: wait``) is the whole run in one request; a plain one costs a create
and at least one poll, and every request counts against the API's rate limit. The held slots
are few (``MAX_HELD``), so in a burst most creates find them busy. Such a create waits for one:
first up to ``HELD_SLOT_WAIT`` (1 s); then, only while held requests turn over quickly (their
recent average hold is at most ``HELD_SLOT_WAIT``), a second more at a time, up to
``HELD_SLOT_WAIT_MAX`` (10 s) in all. A burst of quick predictions is thus all held, one
request each, while a create behind long holds (a slot would take seconds to free) falls back
to a plain create and polling after 1 s: no prediction waits long to be *created*.

Example:
    >>> holds = Holds()
    >>> list(holds.waits(deadline=None, patience=0.0))  # no patience: send it plain at once
    []
    >>> waits = holds.waits(deadline=None)
    >>> next(waits), next(waits, "plain")  # nothing has finished a hold: it may take long
    (1.0, 'plain')
    >>> holds.observe(0.05)  # holds turn over quickly: keep waiting, a second at a time
    >>> waits = holds.waits(deadline=None)
    >>> next(waits), next(waits)
    (1.0, 1.0)
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

from ._constants import HELD_SLOT_WAIT, HELD_SLOT_WAIT_MAX

__all__ = ["Held", "Holds"]


class Held:
    """A sync-mode request's terms: how long it may wait for a held slot (``inf``: as long as
    :class:`Holds` allows; ``0``: only a free one), and its timeout if it is sent plain (the
    per-call one, without the sync-mode read margin).

    (A plain class: made for every sync-mode create, and cheaper to define than a dataclass.)
    """

    __slots__ = ("patience", "plain_timeout")

    def __init__(self, patience: float, plain_timeout: dict[str, float | None]) -> None:
        self.patience = patience
        self.plain_timeout = plain_timeout


class Holds:
    """One pool's recent hold times (a moving average) and the waits they allow.

    Attributes:
        average: Seconds a held request took, averaged over recent ones (``None``: none yet).
    """

    def __init__(self) -> None:
        self.average: float | None = None

    def observe(self, seconds: float) -> None:
        """Record how long a held request took (a lost update between threads only nudges the
        average)."""
        average = self.average
        self.average = seconds if average is None else 0.8 * average + 0.2 * seconds

    def waits(self, deadline: float | None, patience: float = math.inf) -> Iterator[float]:
        """Successive waits (seconds) for a held slot, none past ``deadline``
        (``time.monotonic()``), nor past ``patience`` or ``HELD_SLOT_WAIT_MAX`` seconds in
        all. When they run out, the create goes plain."""
        started = time.monotonic()
        limit = min(patience, HELD_SLOT_WAIT_MAX)
        if deadline is not None:
            limit = min(limit, deadline - started)
        first = True
        while (left := limit - (time.monotonic() - started)) > 0:
            if not first and (self.average is None or self.average > HELD_SLOT_WAIT):
                return  # the held requests take long: a slot would not free soon
            first = False
            yield min(HELD_SLOT_WAIT, left)
