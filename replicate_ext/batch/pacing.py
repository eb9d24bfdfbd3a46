"""Client-side pacing: a token bucket per limit, slowed by every 429 and recovering slowly.

Replicate allows 600 creates and 3,000 other requests per minute per account, with short
bursts. A batch spends one token per request; a 429 (seen by any request of the client)
empties the bucket until the limit resets and lowers the rate by a fifth, which comes back
by a twentieth of the nominal rate every 10 s without a 429.

Example:
    >>> now = [0.0]
    >>> bucket = Pacer(per_minute=60, clock=lambda: now[0])
    >>> bucket.take(), bucket.take(), bucket.wait()
    (True, False, 1.0)
"""

from __future__ import annotations

import time
from collections.abc import Callable

__all__ = ["BURST_SECONDS", "Pacer"]

#: The burst a pacer allows, in seconds of its rate (kept under the API's own burst).
BURST_SECONDS = 1.0
#: After a 429 the rate drops to this fraction; it never goes below ``MIN_FRACTION`` of nominal.
SLOWDOWN = 0.8
MIN_FRACTION = 0.1
#: Seconds without a 429 after which the rate grows back by ``RECOVERY`` of nominal.
RECOVERY_PERIOD = 10.0
RECOVERY = 0.05


class Pacer:
    """Requests per minute, with a burst of :data:`BURST_SECONDS`; starts full.

    Args:
        per_minute: The nominal rate.
        clock: Monotonic seconds (injected in tests).
    """

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.nominal = per_minute / 60.0
        self.rate = self.nominal
        self.capacity = max(1.0, self.nominal * BURST_SECONDS)
        self.clock = clock
        self.tokens = self.capacity
        self.stamp = clock()
        self.paused_until = 0.0
        self.calm_since = self.stamp
        #: 429s seen.
        self.throttles = 0

    def _refill(self) -> float:
        now = self.clock()
        if self.rate < self.nominal and now - self.calm_since >= RECOVERY_PERIOD:
            self.rate = min(self.nominal, self.rate + RECOVERY * self.nominal)
            self.calm_since = now
        start = max(self.stamp, self.paused_until)
        if now > start:
            self.tokens = min(self.capacity, self.tokens + (now - start) * self.rate)
        self.stamp = max(now, self.stamp)
        return now

    def take(self) -> bool:
        """Spend a token if there is one.

        Example:
            >>> Pacer(per_minute=60, clock=lambda: 0.0).take()
            True
        """
        now = self._refill()
        if now < self.paused_until or self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True

    def wait(self) -> float:
        """Seconds until a token is available (0 when one is).

        Example:
            >>> Pacer(per_minute=120, clock=lambda: 0.0).wait()
            0.0
        """
        now = self._refill()
        pause = max(0.0, self.paused_until - now)
        if self.tokens >= 1.0:
            return pause
        return pause + (1.0 - self.tokens) / self.rate

    def throttled(self, reset: float | None) -> None:
        """A 429: no request until the limit resets (1 s if not said), then a slower rate.

        Example:
            >>> bucket = Pacer(per_minute=600, clock=lambda: 0.0)
            >>> bucket.throttled(2.0); bucket.take(), bucket.rate
            (False, 8.0)
        """
        now = self._refill()
        self.throttles += 1
        self.tokens = 0.0
        self.paused_until = max(self.paused_until, now + (reset if reset is not None else 1.0))
        self.rate = max(self.nominal * MIN_FRACTION, self.rate * SLOWDOWN)
        self.calm_since = self.paused_until
