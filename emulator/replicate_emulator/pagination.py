"""Cursor pagination shaped like Replicate's: ``{"previous", "next", "results"}``."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["InvalidCursor", "Page", "paginate"]

T = TypeVar("T")
Page = tuple[list[T], str | None, str | None]


class InvalidCursor(ValueError):
    """The ``cursor`` query parameter was not produced by this emulator."""


def _encode(kind: str, value: int) -> str:
    raw = json.dumps({kind: value}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str) -> tuple[str, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data: Any = json.loads(raw)
        ((kind, value),) = data.items()
    except (ValueError, TypeError, AttributeError) as exc:
        raise InvalidCursor(cursor) from exc
    if kind not in ("b", "a", "o") or not isinstance(value, int) or isinstance(value, bool):
        raise InvalidCursor(cursor)
    return kind, value


def paginate(
    items: Sequence[T],
    cursor: str | None,
    size: int,
    url_for: Callable[[str], str],
    key: Callable[[T], int] | None = None,
) -> Page[T]:
    """Return one page of ``items`` plus absolute ``next`` and ``previous`` URLs.

    With ``key`` (a unique, increasing sequence number; ``items`` sorted newest first)
    cursors point before/after an item, so pages stay stable while new items arrive.
    Without it cursors are offsets into ``items``.

    Raises:
        InvalidCursor: if ``cursor`` cannot be decoded.

    Example:
        >>> page, nxt, prev = paginate([3, 2, 1], None, 2, lambda c: "u?cursor=" + c, key=int)
        >>> page, prev
        ([3, 2], None)
        >>> paginate([3, 2, 1], nxt.split("=", 1)[1], 2, str, key=int)[0]
        [1]
    """
    size = max(1, size)
    kind, mark = _decode(cursor) if cursor else ("o" if key is None else "b", -1)
    if key is None:
        if kind != "o":
            raise InvalidCursor(cursor or "")
        offset = max(0, mark)
        page = list(items[offset : offset + size])
        nxt = url_for(_encode("o", offset + size)) if offset + size < len(items) else None
        prev = url_for(_encode("o", max(0, offset - size))) if offset > 0 else None
        return page, nxt, prev
    if kind == "o":
        raise InvalidCursor(cursor or "")
    if kind == "b":
        page = [i for i in items if mark < 0 or key(i) < mark][: size + 1]
    else:
        page = [i for i in items if key(i) > mark][-size - 1 :]
    has_more = len(page) > size
    page = page[:size] if kind == "b" else page[-size:]
    if not page:
        return page, None, None
    older = has_more if kind == "b" else any(key(i) < key(page[-1]) for i in items)
    newer = has_more if kind == "a" else any(key(i) > key(page[0]) for i in items)
    nxt = url_for(_encode("b", key(page[-1]))) if older else None
    prev = url_for(_encode("a", key(page[0]))) if newer else None
    return page, nxt, prev
