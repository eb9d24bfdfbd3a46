"""Rate limits on demand, like the real API's: token buckets per account, 429 once a burst is spent.

Replicate limits prediction creation to 600 requests per minute and every other endpoint to
3,000 per minute, with short bursts allowed, and answers a throttled request with
``429 {"detail": "Request was throttled. Your rate limit resets in ~30s."}`` (no
``Retry-After`` documented). The emulator does the same when asked:
``Emulator(rate_limits={"create": 600, "other": 3000})`` or
``--rate-limit create=600 --rate-limit other=3000``. The seconds in the detail are the real
time until the bucket holds a token again (rounded up); ``rate_limit_retry_after=True`` also
sends them as ``Retry-After``, so clients can be tested on both paths.

Example:
    >>> now = [0.0]
    >>> limits = RateLimits({"create": 60}, burst_seconds=2, clock=lambda: now[0])
    >>> [limits.check("POST", "/v1/predictions") for _ in range(3)]
    [None, None, 1.0]
    >>> limits.check("GET", "/v1/predictions") is None  # "other" is not limited here
    True
    >>> now[0] = 1.0; limits.check("POST", "/v1/predictions") is None
    True
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable, Mapping

from .config import Config
from .web import Resp, json_resp

__all__ = ["KINDS", "RateLimits", "TokenBucket", "kind_of", "parse_rate_limit", "throttled"]

#: The limited kinds of request: prediction creation, and everything else under ``/v1``.
KINDS = ("create", "other")
_CREATE = re.compile(r"/v1/(?:predictions|(?:models|deployments)/[^/]+/[^/]+/predictions)/?")


def kind_of(method: str, path: str) -> str | None:
    """The limit a request counts against: ``"create"``, ``"other"``, or ``None`` (not the API).

    Example:
        >>> kind_of("POST", "/v1/models/acme/echo/predictions"), kind_of("GET", "/v1/account")
        ('create', 'other')
        >>> kind_of("GET", "/delivery/x.png") is None
        True
    """
    if not path.startswith("/v1/"):
        return None
    return "create" if method == "POST" and _CREATE.fullmatch(path) else "other"


class TokenBucket:
    """``rate`` tokens per second, holding at most ``capacity`` (the burst); starts full.

    Example:
        >>> bucket = TokenBucket(rate=1.0, capacity=1.0, clock=lambda: 0.0)
        >>> bucket.take(), bucket.take()
        (None, 1.0)
    """

    def __init__(
        self, rate: float, capacity: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.capacity = max(1.0, capacity)
        self.clock = clock
        self.tokens = self.capacity
        self.stamp = clock()

    def take(self) -> float | None:
        """Take a token: ``None`` if there was one, else the seconds until there is."""
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return None
        return (1.0 - self.tokens) / self.rate


class RateLimits:
    """The account's buckets, one per kind in ``limits`` (requests per minute).

    Args:
        limits: ``{"create": 600, "other": 3000}``; a kind left out is not limited.
        burst_seconds: The burst a bucket allows, in seconds of its rate (at least 1 request).
        clock: Monotonic seconds (injected in tests).

    Raises:
        ValueError: An unknown kind, or a rate that is not positive.
    """

    def __init__(
        self,
        limits: Mapping[str, float],
        *,
        burst_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        unknown = set(limits) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown rate limit {sorted(unknown)}: use {' and '.join(KINDS)}")
        self.buckets: dict[str, TokenBucket] = {}
        for kind, per_minute in limits.items():
            if not per_minute > 0:
                raise ValueError(f"rate limit {kind}={per_minute}: must be a positive number")
            rate = float(per_minute) / 60.0
            self.buckets[kind] = TokenBucket(rate, rate * burst_seconds, clock)
        self._lock = threading.Lock()

    @classmethod
    def of(cls, config: Config) -> RateLimits | None:
        """The limits an emulator's configuration asks for (``None``: unlimited).

        Example:
            >>> RateLimits.of(Config(rate_limits={"create": 600})).buckets["create"].capacity
            50.0
        """
        if not config.rate_limits:
            return None
        return cls(config.rate_limits, burst_seconds=config.rate_limit_burst)

    def check(self, method: str, path: str) -> float | None:
        """Count a request: ``None`` if it may go on, else seconds until the limit resets."""
        kind = kind_of(method, path)
        bucket = self.buckets.get(kind) if kind is not None else None
        if bucket is None:
            return None
        with self._lock:
            return bucket.take()


def throttled(wait: float, retry_after: bool) -> Resp:
    """The real API's 429: ``{"detail": "Request was throttled. Your rate limit resets in ~Ns."}``.

    Example:
        >>> throttled(0.2, retry_after=True).headers[-1]
        (b'retry-after', b'1')
        >>> throttled(0.2, retry_after=False).body
        b'{"detail":"Request was throttled. Your rate limit resets in ~1s."}'
    """
    seconds = max(1, math.ceil(wait))
    detail = f"Request was throttled. Your rate limit resets in ~{seconds}s."
    resp = json_resp({"detail": detail}, 429)
    if retry_after:
        resp.headers.append((b"retry-after", str(seconds).encode()))
    return resp


def parse_rate_limit(text: str) -> tuple[str, float]:
    """Parse a ``--rate-limit KIND=PER_MINUTE`` value.

    Raises:
        ValueError: Not ``create=N`` or ``other=N`` with a positive N.

    Example:
        >>> parse_rate_limit("create=600")
        ('create', 600.0)
    """
    kind, sep, value = text.partition("=")
    try:
        rate = float(value)
    except ValueError:
        rate = -1.0
    if not sep or kind not in KINDS or not rate > 0:
        raise ValueError(f"{text!r}: expected create=N or other=N (requests per minute)")
    return kind, rate
