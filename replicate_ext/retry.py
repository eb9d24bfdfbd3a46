"""The retry policy: which failures are retried, and how long to wait before the next try.

Pure functions only; the sync and async clients run the same loop around them.

* 429 is retried on any method: the server refused the request before doing anything.
* 502, 503, 504, dropped connections and read timeouts are retried only for requests that
  cannot duplicate work (by HTTP's definition: GET, HEAD, OPTIONS, PUT, DELETE; and cancel calls).
* A connection that never opened (refused, connect timeout) is retried for every method:
  nothing was sent.
* ``Retry-After`` (seconds or an HTTP date) and ``retry-after-ms`` are honoured; without
  them, a 429's reset time in its detail ("Your rate limit resets in ~30s.") is. A demand
  longer than the cap raises :class:`~replicate_ext.RateLimitError` with ``retry_after``
  instead of hanging. Otherwise: exponential backoff with full jitter.

Example:
    >>> policy = RetryPolicy(max_retries=2)
    >>> policy.retryable_status(503, idempotent=False), policy.retryable_status(429, idempotent=False)
    (False, True)
"""

from __future__ import annotations

import dataclasses
import email.utils
import json
import random
import re
import time
from collections.abc import Callable, Mapping

import httpx

from ._constants import (
    DEFAULT_MAX_RETRIES,
    MAX_RETRY_WAIT,
    MAX_TOTAL_RETRY_WAIT,
    RETRY_BACKOFF_BASE,
)

__all__ = ["RetryPolicy", "parse_retry_after", "parse_throttle_reset"]

_RETRY_STATUSES_IDEMPOTENT = frozenset({429, 502, 503, 504})
#: Failures after which the request certainly never reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
#: Failures after which the request may have reached the server.
_MAYBE_SENT = (httpx.ReadError, httpx.ReadTimeout, httpx.RemoteProtocolError, httpx.WriteError)


def parse_retry_after(
    headers: Mapping[str, str], *, now: Callable[[], float] = time.time
) -> float | None:
    """Seconds to wait according to ``retry-after-ms`` or ``Retry-After``, or ``None``.

    Garbage and negative values count as "not said" (``None``); an HTTP date in the past is 0.

    Example:
        >>> parse_retry_after({"retry-after": "2"}), parse_retry_after({"retry-after-ms": "1500"})
        (2.0, 1.5)
        >>> parse_retry_after({"retry-after": "soon"}) is None
        True
    """
    lowered = {k.lower(): v for k, v in headers.items()}
    raw_ms = lowered.get("retry-after-ms")
    if raw_ms is not None:
        try:
            ms = float(raw_ms)
        except ValueError:
            ms = -1.0
        if 0 <= ms < float("inf"):
            return ms / 1000.0
    raw = lowered.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        return max(0.0, when.timestamp() - now())
    if seconds != seconds or seconds < 0 or seconds == float("inf"):
        return None
    return seconds


_RESETS_IN = re.compile(r"resets in ~?\s*(\d+(?:\.\d+)?)\s*(ms|s|m|seconds?|minutes?)?\b", re.I)


def parse_throttle_reset(body: bytes) -> float | None:
    """Seconds until a 429's rate limit resets, read from its body's ``detail``, or ``None``.

    Replicate documents its 429 as ``{"detail": "Request was throttled. Your rate limit
    resets in ~30s."}`` without a ``Retry-After`` header.

    Example:
        >>> parse_throttle_reset(b'{"detail":"Request was throttled. Your rate limit resets in ~30s."}')
        30.0
        >>> parse_throttle_reset(b'{"detail":"Request was throttled."}') is None
        True
    """
    try:
        data = json.loads(body)
    except ValueError:
        return None
    detail = data.get("detail") if isinstance(data, dict) else None
    match = _RESETS_IN.search(detail) if isinstance(detail, str) else None
    if match is None:
        return None
    value, unit = float(match[1]), (match[2] or "s").lower()
    return value / 1000 if unit == "ms" else value * 60 if unit.startswith("m") else value


@dataclasses.dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When to retry and how long to wait.

    Attributes:
        max_retries: Retries after the first try (0 disables retrying).
        max_wait: Longest single wait; a longer ``Retry-After`` is not waited for.
        max_total_wait: Longest total wait across the retries of one request.
        backoff_base: First backoff step in seconds, doubled each try, with full jitter.

    Example:
        >>> RetryPolicy(max_retries=0).max_retries
        0
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    max_wait: float = MAX_RETRY_WAIT
    max_total_wait: float = MAX_TOTAL_RETRY_WAIT
    backoff_base: float = RETRY_BACKOFF_BASE

    def retryable_status(self, status: int, *, idempotent: bool) -> bool:
        """Whether a response with this status may be retried.

        Example:
            >>> RetryPolicy().retryable_status(502, idempotent=True)
            True
        """
        if status == 429:
            return True
        return idempotent and status in _RETRY_STATUSES_IDEMPOTENT

    def retryable_exception(self, exc: Exception, *, idempotent: bool) -> bool:
        """Whether a transport failure may be retried without risking duplicate work.

        Example:
            >>> RetryPolicy().retryable_exception(httpx.ConnectError("refused"), idempotent=False)
            True
        """
        if isinstance(exc, _NOT_SENT):
            return True
        return idempotent and isinstance(exc, _MAYBE_SENT)

    def backoff(self, attempt: int, *, rand: Callable[[], float] = random.random) -> float:
        """Full-jitter exponential backoff for retry number ``attempt`` (0-based).

        Example:
            >>> RetryPolicy(backoff_base=0.5).backoff(2, rand=lambda: 1.0)
            2.0
        """
        return min(self.max_wait, self.backoff_base * (2.0**attempt)) * rand()

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """The wait before retry ``attempt``: the server's demand when given, else backoff.

        Example:
            >>> RetryPolicy().delay(0, 3.0)
            3.0
        """
        if retry_after is not None:
            return retry_after
        return self.backoff(attempt)
