"""A download that resumes where its connection broke, shared by the blocking and async loops
of :class:`~replicate_ext.FileOutput`.

A connection that drops mid-body is tried again (the retry policy's count and backoff) with
``Range: bytes=N-``, ``N`` being the bytes already given to the caller: a ``206`` answer goes on
from there; a server that ignores ``Range`` sends the whole file again (``200``), and the bytes
already given are skipped. A body sent with a ``Content-Encoding`` is not resumed (``Range``
would count encoded bytes), nor one whose resumed answer starts elsewhere.

Example:
    >>> download = Download()
    >>> download.headers(), download.fresh(b"abc"), download.headers()
    ({}, b'abc', {'Range': 'bytes=3-'})
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from ._failures import Failures

__all__ = ["Download"]


class Download:
    """One file's download: the bytes given so far, and whether a break can be resumed."""

    def __init__(self) -> None:
        #: Bytes given to the caller so far.
        self.received = 0
        #: The file's length, when the first answer said it (and nothing encoded it).
        self.total: int | None = None
        self.tries = 0
        self.waited = 0.0
        self._skip = 0
        self._resumable = True

    def headers(self) -> dict[str, str]:
        """The headers of the next try: a ``Range`` once bytes were given."""
        return {"Range": f"bytes={self.received}-"} if self.received else {}

    def started(self, response: httpx.Response) -> None:
        """Note how an answer (the first one, or a resumed one) goes on."""
        if response.headers.get("content-encoding", "identity").lower() != "identity":
            self._resumable = False
        if not self.received:
            length = response.headers.get("content-length", "")
            self.total = int(length) if length.isdigit() and self._resumable else None
            return
        if response.status_code != 206:  # the whole file again: skip what was given
            self._skip = self.received
        elif not response.headers.get("content-range", "").startswith(f"bytes {self.received}-"):
            self._resumable = False  # not where it broke: its bytes cannot be placed

    def fresh(self, data: bytes) -> bytes:
        """The part of a chunk not given to the caller yet."""
        if self._skip:
            cut = min(self._skip, len(data))
            self._skip -= cut
            data = data[cut:]
        self.received += len(data)
        return data

    @property
    def complete(self) -> bool:
        """Whether every byte of a file of known length was given (a break at its very end)."""
        return self.total is not None and self.received >= self.total

    def resume_after(self, failures: Failures) -> float | None:
        """Seconds to wait before resuming after the connection broke, or ``None`` to give up
        (not resumable, or the retries the failure policy allows are spent)."""
        if not self._resumable:
            return None
        delay = failures.retry_delay(self.tries, self.waited, None)
        if delay is not None:
            self.tries += 1
            self.waited += delay
        return delay
