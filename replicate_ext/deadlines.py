"""Sync-mode waits (``Prefer: wait=N``), prediction deadlines (``Cancel-After``), and the
deadline of a call given ``timeout=``.

All are validated here, before any request is sent.

Example:
    >>> prefer_header(True), prefer_header(5), prefer_header(False)
    ('wait=60', 'wait=5', None)
    >>> cancel_after_header("1h30m"), cancel_after_header(90)
    ('1h30m', '90s')
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time

from ._constants import DEADLINE_GRACE, MAX_SYNC_WAIT
from .config import positive_seconds
from .errors import InvalidArgumentError

__all__ = ["MIN_CANCEL_AFTER", "cancel_after_header", "deadline_for", "prefer_header"]

#: The API's minimum for ``Cancel-After``, in seconds.
MIN_CANCEL_AFTER = 5.0

_DURATION = re.compile(r"(?:(\d+(?:\.\d+)?)(h|ms|m|s))")
_UNITS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}


def deadline_for(timeout: float | None) -> float | None:
    """When (``time.monotonic()``) every request of a call given ``timeout=`` must have ended:
    the timeout plus a short grace for a request in flight when it passes (the grace sits
    inside the promised ``timeout`` + 0.5 s, leaving room to raise).

    Raises:
        InvalidArgumentError: ``timeout`` is not a positive number of seconds.

    Example:
        >>> deadline_for(None) is None, deadline_for(2.0) > time.monotonic() + 2.0
        (True, True)
    """
    if timeout is None:
        return None
    return time.monotonic() + positive_seconds("timeout", timeout) + DEADLINE_GRACE


def prefer_header(wait: bool | int | None) -> str | None:
    """The ``Prefer`` header value for ``wait=`` (``True`` is the API's maximum, 60 s).

    Raises:
        InvalidArgumentError: ``wait`` is an int outside 1..60.

    Example:
        >>> prefer_header(30)
        'wait=30'
    """
    if wait is None or wait is False:
        return None
    if wait is True:
        return f"wait={MAX_SYNC_WAIT}"
    if isinstance(wait, int) and 1 <= wait <= MAX_SYNC_WAIT:
        return f"wait={wait}"
    raise InvalidArgumentError(
        f"wait={wait!r} is not valid: use True (wait up to {MAX_SYNC_WAIT} s), False, "
        f"or a number of seconds from 1 to {MAX_SYNC_WAIT}."
    )


def prefer_seconds(prefer: str | None) -> int:
    """Seconds a ``Prefer`` header value asks the server to hold the request (0 if none).

    Example:
        >>> prefer_seconds("wait=12"), prefer_seconds(None)
        (12, 0)
    """
    if not prefer:
        return 0
    _, _, seconds = prefer.partition("=")
    return int(seconds) if seconds.isdigit() else MAX_SYNC_WAIT


def _duration_seconds(text: str) -> float | None:
    pos, total = 0, 0.0
    for match in _DURATION.finditer(text):
        if match.start() != pos:
            return None
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    return total if pos == len(text) and pos > 0 else None


def cancel_after_header(value: str | float | dt.timedelta | None) -> str | None:
    """Validate a deadline and format it for the ``Cancel-After`` header.

    Args:
        value: A duration such as ``"30s"``, ``"5m"``, ``"1h30m45s"``, a number of seconds,
            a :class:`datetime.timedelta`, or ``None`` for no deadline.

    Returns:
        The header value, or ``None``.

    Raises:
        InvalidArgumentError: Not a duration, or shorter than the API's minimum of 5 seconds.

    Example:
        >>> cancel_after_header(dt.timedelta(minutes=2))
        '120s'
    """
    if value is None:
        return None
    if isinstance(value, dt.timedelta):
        value = value.total_seconds()
    if isinstance(value, bool):
        raise InvalidArgumentError(
            "cancel_after must be a duration like '5m' or seconds, not bool."
        )
    if isinstance(value, int | float):
        seconds = float(value)
        if not math.isfinite(seconds):
            raise InvalidArgumentError(f"cancel_after={value!r} is not a finite duration.")
        text = f"{seconds:g}s" if seconds != int(seconds) else f"{int(seconds)}s"
    elif isinstance(value, str):
        text = value.strip()
        parsed = _duration_seconds(text)
        if parsed is None:
            raise InvalidArgumentError(
                f"cancel_after={value!r} is not a duration: use units h, m, s or ms, "
                "as in '30s', '5m' or '1h30m45s', or a number of seconds."
            )
        seconds = parsed
    else:
        raise InvalidArgumentError(f"cancel_after must be a duration or seconds, got {value!r}.")
    if seconds < MIN_CANCEL_AFTER:
        raise InvalidArgumentError(
            f"cancel_after={value!r} is shorter than the API's minimum of "
            f"{MIN_CANCEL_AFTER:g} seconds."
        )
    return text
