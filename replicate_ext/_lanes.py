"""Lanes: the ``httpx`` clients requests are sent on, one connection each, made on first use.

Requests in flight hold slots (``MAX_IN_FLIGHT`` plain ones, ``MAX_HELD`` for requests the
server holds; see ``_pools``). Each slot is a *lane*: an ``httpx`` client of one connection,
because httpcore's pool scans all its connections several times per request, a cost
quadratic in their number (measured with 1,000 concurrent async runs: sync mode 9.4 s on one
client of 60 connections, 1.1 s on six of 10, 0.9 s on lanes of one; polling, 4,000 requests,
6.7 s on lanes of 10, 3.0-3.5 s on lanes of one). Lanes open on first use (the first lanes are
taken first, and a freed lane is the next one taken, so its connection is warm) and share one
SSL context, made once per process (every client, thread and event loop uses it). Event streams
and downloads, which may stay open for long, use a client of their own, made on first use. A
client the caller passed (``http_client=``) serves every lane, as it is. A lane whose request
was cut short gets a fresh client (:meth:`Lanes.retire`).

Example:
    >>> lanes = Lanes(new_client, ClientConfig("r8_x", "http://127.0.0.1"), None, plain=2, held=2)
    >>> slot = lanes.take(held=False); lanes.give(slot)
    >>> lanes.opened() == [slot.client], lanes.take(held=False).client is slot.client
    (True, True)
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

import httpx

from ._constants import MAX_CONNECTIONS
from ._held import Holds
from .config import ClientConfig
from .errors import ClientClosedError

if TYPE_CHECKING:
    import ssl

__all__ = [
    "C",
    "Factory",
    "Lanes",
    "Slot",
    "closed_while_starting",
    "new_async_client",
    "new_client",
    "shared_ssl_context",
]

C = TypeVar("C", httpx.Client, httpx.AsyncClient)
#: Makes a client of ours: the configuration, its connections, the shared SSL context.
Factory = Callable[[ClientConfig, int, "ssl.SSLContext"], C]


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """The process's SSL context for our clients: loading the CA bundle takes 25-100 ms, once
    (not once per client or per event loop, where it would block the loop).

    Example:
        >>> shared_ssl_context() is shared_ssl_context()
        True
    """
    return httpx.create_ssl_context()


def _limits(connections: int) -> httpx.Limits:
    # as many kept alive as may be open: reuse, never churn
    return httpx.Limits(max_connections=connections, max_keepalive_connections=connections)


def new_client(config: ClientConfig, connections: int, verify: ssl.SSLContext) -> httpx.Client:
    """A client of our own for the blocking client: the configured timeouts, no redirects."""
    return httpx.Client(
        timeout=config.timeout, limits=_limits(connections), verify=verify, follow_redirects=False
    )


def new_async_client(
    config: ClientConfig, connections: int, verify: ssl.SSLContext
) -> httpx.AsyncClient:
    """A client of our own for the async client (see :func:`new_client`)."""
    return httpx.AsyncClient(
        timeout=config.timeout, limits=_limits(connections), verify=verify, follow_redirects=False
    )


def closed_while_starting() -> ClientClosedError:
    """The error of a call that was starting when its client was closed.

    Example:
        >>> print(closed_while_starting())
        The client was closed while this call was starting: nothing was sent.
    """
    return ClientClosedError(
        "The client was closed while this call was starting: nothing was sent."
    )


class Slot(Generic[C]):
    """A slot for one request in flight: the client to send on, and where to give it back.

    Attributes:
        client: The lane's client.
        lane: Its index among the slots of its kind.
        held: Whether it is a sync-mode (held) slot.
        since: ``time.monotonic()`` when it was taken.
    """

    __slots__ = ("client", "held", "lane", "since")

    def __init__(self, client: C, lane: int, held: bool, since: float) -> None:
        self.client: C = client
        self.lane = lane
        self.held = held
        self.since = since


class Lanes(Generic[C]):
    """One process's (or event loop's) clients: the lanes and the streams' client, made on
    first use; or the caller's client in every role."""

    def __init__(self, factory: Factory[C], config: ClientConfig, given: C | None,
                 plain: int, held: int) -> None:  # fmt: skip
        self._factory: Factory[C] = factory
        self._config = config
        self.given: C | None = given
        self._lanes: dict[tuple[bool, int], C] = {}
        self._streams: C | None = given
        self._lock = threading.Lock()
        #: How long held requests take: how long a create may wait for a held slot.
        self.holds = Holds()
        self._shut = False
        self._count = (plain, held)
        #: Free slots (``plain`` and ``held`` of them) by lane, popped from the end: the first
        #: lane's slots come first.
        self.free: tuple[list[int], list[int]] = (
            list(reversed(range(plain))),
            list(reversed(range(held))),
        )

    def slots(self, held: bool) -> int:
        """How many slots of a kind there are (free or taken)."""
        return self._count[held]

    def _new(self, connections: int) -> C:
        return self._factory(self._config, connections, shared_ssl_context())

    def lane(self, held: bool, lane: int) -> C:
        """The client of a lane, made on first use.

        Raises:
            ClientClosedError: The lanes were shut (a call that started before ``close()``).
        """
        if self.given is not None:
            return self.given
        client = self._lanes.get((held, lane))
        if client is None:
            with self._lock:
                client = self._lanes.get((held, lane))
                if client is None:
                    self._refuse_if_shut()  # a client made now would never be closed
                    client = self._lanes[held, lane] = self._new(1)
        return client

    def shut(self) -> list[C]:
        """``close()``: no lane is taken from now on. Returns the clients to close now (idle
        lanes, the streams' client); a lane busy with a request is closed when it is given
        back (:meth:`give`), so a call already under way ends normally.
        """
        with self._lock:
            self._shut = True
            idle = [c for (held, lane), c in self._lanes.items() if lane in self.free[held]]
            return idle + ([self._streams] if self._streams is not None else [])

    def _refuse_if_shut(self) -> None:
        if self._shut:
            raise closed_while_starting()

    def take(self, held: bool) -> Slot[C]:
        """A free slot (the caller holds the matching semaphore).

        Raises:
            ClientClosedError: The client was closed (:meth:`shut`) meanwhile.
        """
        self._refuse_if_shut()
        lane = self.free[held].pop()
        try:
            return Slot(self.lane(held, lane), lane, held, time.monotonic())
        except ClientClosedError:
            self.free[held].append(lane)
            raise

    def give(self, slot: Slot[C]) -> C | None:
        """Give a slot back (the caller then releases the semaphore); returns its client when
        it is to be closed now (the lanes were shut while its request was under way)."""
        if slot.held:
            self.holds.observe(time.monotonic() - slot.since)
        with self._lock:
            self.free[slot.held].append(slot.lane)
            shut = self._shut and self._lanes.get((slot.held, slot.lane)) is slot.client
        return slot.client if shut and self.given is None else None

    def retire(self, slot: Slot[C]) -> C | None:
        """Drop the client of a slot whose request was cut short (cancelled, interrupted, or
        timed out waiting for its own pool), and return it to be closed (``None`` for the
        caller's client). httpcore may have left its pool a connection it never reclaims
        (encode/httpcore#1093); on a one-connection lane every later request would wait for
        it. The lane's next request opens a fresh client."""
        if self.given is not None:
            return None
        with self._lock:
            if self._lanes.get((slot.held, slot.lane)) is not slot.client:
                return None
            del self._lanes[slot.held, slot.lane]
        return slot.client

    @property
    def streams(self) -> C:
        """The client for event streams and downloads, made on first use."""
        self._refuse_if_shut()
        if self._streams is None:
            with self._lock:
                if self._streams is None:
                    self._refuse_if_shut()
                    self._streams = self._new(MAX_CONNECTIONS)
        return self._streams

    def opened(self) -> list[C]:
        """The clients made so far (the caller's, if given)."""
        if self.given is not None:
            return [self.given]
        with self._lock:
            opened = list(self._lanes.values())
            if self._streams is not None:
                opened.append(self._streams)
            return opened
