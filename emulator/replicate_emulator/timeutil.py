"""Time, duration and identifier helpers shared by the emulator modules."""

from __future__ import annotations

import base64
import os
import re
import time
from datetime import UTC, datetime

__all__ = ["iso", "new_id", "normalize_iso", "now", "parse_duration", "parse_iso"]

_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_DURATION = re.compile(
    r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m(?!s))?"
    r"(?:(?P<s>\d+(?:\.\d+)?)s)?(?:(?P<ms>\d+(?:\.\d+)?)ms)?$"
)


def now() -> float:
    """Return the current wall-clock time as a Unix timestamp.

    Example:
        >>> now() > 0
        True
    """
    return time.time()


def iso(ts: float) -> str:
    """Format a Unix timestamp the way Replicate does (RFC 3339, microseconds, ``Z``).

    Example:
        >>> iso(0)
        '1970-01-01T00:00:00.000000Z'
    """
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def normalize_iso(value: str) -> str:
    """Rewrite any ISO 8601 date-time in :func:`iso`'s format (naive values are UTC).

    Values in that format compare correctly as strings, without float rounding.

    Raises:
        ValueError: if ``value`` is not an ISO 8601 date-time.

    Example:
        >>> normalize_iso("2025-01-01T01:00:00+01:00")
        '2025-01-01T00:00:00.000000Z'
    """
    dt = datetime.fromisoformat(value.strip())
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso(value: str) -> float:
    """Parse an ISO 8601 date-time (naive values are taken as UTC) into a Unix timestamp.

    Raises:
        ValueError: if ``value`` is not an ISO 8601 date-time.

    Example:
        >>> parse_iso("1970-01-01T00:00:10Z")
        10.0
    """
    dt = datetime.fromisoformat(value.strip())
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def parse_duration(value: str) -> float | None:
    """Parse a ``Cancel-After`` style duration (``30``, ``30s``, ``5m``, ``1h30m45s``).

    Returns the number of seconds, or ``None`` when the value is not a valid duration.

    Example:
        >>> parse_duration("1h30m45s")
        5445.0
        >>> parse_duration("soon") is None
        True
    """
    text = value.strip().lower()
    if not text:
        return None
    if _NUMBER.match(text):
        return float(text)
    match = _DURATION.match(text)
    if match is None or not any(match.groupdict().values()):
        return None
    parts = {k: float(v) for k, v in match.groupdict().items() if v}
    return (
        parts.get("h", 0.0) * 3600
        + parts.get("m", 0.0) * 60
        + parts.get("s", 0.0)
        + parts.get("ms", 0.0) / 1000
    )


def new_id() -> str:
    """Return a new random identifier shaped like Replicate's (26 lowercase base32 characters).

    Example:
        >>> len(new_id())
        26
    """
    return base64.b32encode(os.urandom(16)).decode("ascii").rstrip("=").lower()
