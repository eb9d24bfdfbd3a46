"""The overall deadline of a response body: a trickle cannot hold a call forever.

httpx's read timeout applies to each read; a server sending a byte just before each read times
out would hold a call indefinitely. These stream wrappers fail once connect + read timeout have
passed since the request started.

Example:
    >>> import httpx
    >>> deadline_of(httpx.Request("GET", "https://x", extensions={"timeout": {"read": None}}))
    inf
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

__all__ = ["AsyncDeadline", "Deadline", "deadline_of"]


def deadline_of(request: httpx.Request, limit: float | None = None) -> float:
    """When the whole response must have arrived: connect plus read timeout from now, and no
    later than ``limit`` (the deadline of the call, if it has one).

    A server that trickles bytes just faster than the read timeout cannot hold a call forever.
    """
    timeout = request.extensions.get("timeout") or {}
    read, connect = timeout.get("read"), timeout.get("connect")
    ends = float("inf") if read is None else time.monotonic() + float(read) + float(connect or 0.0)
    return ends if limit is None else min(ends, limit)


def _overdue() -> httpx.ReadTimeout:
    return httpx.ReadTimeout("The response did not arrive in full within the timeout.")


class Deadline(httpx.SyncByteStream):
    """A response body stream that fails once the overall deadline has passed."""

    def __init__(self, inner: Any, deadline: float) -> None:
        self.inner = inner
        self.deadline = deadline

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self.inner:
            if time.monotonic() > self.deadline:
                raise _overdue()
            yield chunk

    def close(self) -> None:
        self.inner.close()


class AsyncDeadline(httpx.AsyncByteStream):
    """The async twin of :class:`Deadline`."""

    def __init__(self, inner: Any, deadline: float) -> None:
        self.inner = inner
        self.deadline = deadline

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self.inner:
            if time.monotonic() > self.deadline:
                raise _overdue()
            yield chunk

    async def aclose(self) -> None:
        await self.inner.aclose()
