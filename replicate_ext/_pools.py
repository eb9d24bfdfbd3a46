"""Connection pools that follow the process and the event loop.

Pooled sockets belong to one process and, with asyncio, to one event loop:

* after ``os.fork()`` (gunicorn ``--preload``, Celery prefork, ``multiprocessing`` with fork),
  the child starts a fresh pool on its first request: two processes writing on one inherited
  socket would read each other's responses. The parent's sockets are left to the parent.
* each event loop an :class:`~replicate_ext.AsyncReplicate` is used from (successive
  ``asyncio.run()`` calls, one per task in a worker) gets its own ``httpx.AsyncClient`` and
  in-flight limits, made on first use inside that loop. The pool closes with its loop: when
  the loop shuts down (``asyncio.run()`` does, through ``loop.shutdown_asyncgens()``), its
  connections are closed inside it; a loop closed without that only drops them.

A client the caller passed (``http_client=``) is used as it is, in every process and loop:
keeping it fork- and loop-safe is the caller's part. The in-flight limits are still per loop.

Example:
    >>> pool = SyncPool(httpx.Client, None, "Replicate")
    >>> pool.get().client is pool.get().client
    True
    >>> pool.close(); pool.get()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    replicate_ext.errors.ClientClosedError: This Replicate client is closed: make a new one, ...
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._constants import MAX_CONNECTIONS, MAX_HELD, MAX_IN_FLIGHT, MAX_KEEPALIVE_CONNECTIONS
from .config import ClientConfig
from .errors import ClientClosedError

if TYPE_CHECKING:
    import asyncio

__all__ = ["AsyncPool", "AsyncPools", "SyncPool", "new_async_client", "new_client"]

C = TypeVar("C", httpx.Client, httpx.AsyncClient)


def _limits() -> httpx.Limits:
    return httpx.Limits(
        max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE_CONNECTIONS
    )


def new_client(config: ClientConfig) -> httpx.Client:
    """A pool of our own for the blocking client: the configured timeouts, no redirects."""
    return httpx.Client(timeout=config.timeout, limits=_limits(), follow_redirects=False)


def new_async_client(config: ClientConfig) -> httpx.AsyncClient:
    """A pool of our own for the async client (see :func:`new_client`)."""
    return httpx.AsyncClient(timeout=config.timeout, limits=_limits(), follow_redirects=False)


class _Pools(Generic[C]):
    """What both kinds share: the client factory, the caller's client, closing, the process."""

    def __init__(self, factory: Callable[[], C], given: C | None, kind: str) -> None:
        self.factory: Callable[[], C] = factory
        self.given: C | None = given
        self.kind = kind
        self.closed = False
        self.pid = os.getpid()

    def check(self) -> bool:
        """Raise if closed; tell whether this is a new process (forked) since the last use."""
        if self.closed or (self.given is not None and self.given.is_closed):
            raise ClientClosedError(
                f"This {self.kind} client is closed: make a new one, or close it only when "
                "you are done with it."
            )
        if self.pid == os.getpid():
            return False
        self.pid = os.getpid()
        return True


class _SyncState:
    """One process's pool: the client and its in-flight slots (plain, and held requests)."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client
        #: At most as many requests in flight as the pool has connections; the rest queue.
        self.slots = (
            threading.BoundedSemaphore(MAX_IN_FLIGHT),
            threading.BoundedSemaphore(MAX_HELD),
        )


class SyncPool(_Pools[httpx.Client]):
    """The blocking client's pool, started afresh in a forked child."""

    def __init__(
        self, factory: Callable[[], httpx.Client], given: httpx.Client | None, kind: str
    ) -> None:
        super().__init__(factory, given, kind)
        self._state = _SyncState(given or factory())

    def get(self) -> _SyncState:
        """The pool of this process.

        Raises:
            ClientClosedError: The client was closed.
        """
        if self.check():  # forked: the inherited sockets stay the parent's (never closed here)
            self._state = _SyncState(self.given or self.factory())
        return self._state

    def close(self) -> None:
        """Close the pool (unless it is the caller's client, or the parent process's)."""
        self.closed = True
        if self.given is None and self.pid == os.getpid():
            self._state.client.close()


class AsyncPool:
    """One event loop's pool: the client and its in-flight slots (plain, and held requests).

    Made inside the running loop. It closes its client when the loop shuts down its async
    generators (as ``asyncio.run()`` does before closing the loop): an async generator started
    here, suspended until then, closes the client in its ``finally``.
    """

    def __init__(self, client: httpx.AsyncClient, owned: bool) -> None:
        import asyncio  # not at module level: `import replicate_ext` stays light

        self.client = client
        self.slots = (asyncio.Semaphore(MAX_IN_FLIGHT), asyncio.Semaphore(MAX_HELD))
        if owned:
            self._guard = self._close_with_loop()
            # Run it to its `yield`: the loop now knows it (its asyncgen hooks saw it).
            step: Any = self._guard.__anext__()  # a coroutine, which ends at the `yield`
            with contextlib.suppress(StopIteration):
                step.send(None)

    async def _close_with_loop(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self.client.aclose()


class AsyncPools(_Pools[httpx.AsyncClient]):
    """The async client's pools: one per running event loop (and per process)."""

    def __init__(
        self, factory: Callable[[], httpx.AsyncClient], given: httpx.AsyncClient | None, kind: str
    ) -> None:
        super().__init__(factory, given, kind)
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, AsyncPool]
        self._pools = weakref.WeakKeyDictionary()

    def get(self) -> AsyncPool:
        """The pool of the running event loop, made on its first use there.

        Raises:
            ClientClosedError: The client was closed.
        """
        import asyncio

        if self.check():  # forked: the inherited sockets stay the parent's
            self._pools = weakref.WeakKeyDictionary()
        loop = asyncio.get_running_loop()
        pool = self._pools.get(loop)
        if pool is None:
            for old in [old for old in self._pools if old.is_closed()]:
                del self._pools[old]  # its loop is gone: nothing can use (or close) it now
            client = self.given or self.factory()
            pool = self._pools[loop] = AsyncPool(client, owned=self.given is None)
        return pool

    async def close(self) -> None:
        """Close the pool of the running loop (unless it is the caller's client); pools of
        other loops are dropped."""
        import asyncio

        self.closed = True
        current = self._pools.get(asyncio.get_running_loop())
        self._pools = weakref.WeakKeyDictionary()
        if current is not None and self.given is None and self.pid == os.getpid():
            await current.client.aclose()
