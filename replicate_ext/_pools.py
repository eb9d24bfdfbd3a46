"""Connection pools that follow the process and the event loop, spread over lanes.

Pooled sockets belong to one process and, with asyncio, to one event loop:

* after ``os.fork()`` (gunicorn ``--preload``, Celery prefork, ``multiprocessing`` with fork),
  the child starts a fresh pool on its first request: two processes writing on one inherited
  socket would read each other's responses. The parent's sockets are left to the parent.
* each event loop an :class:`~replicate_ext.AsyncReplicate` is used from (successive
  ``asyncio.run()`` calls, one per task in a worker) gets its own ``httpx`` clients and
  in-flight limits, made on first use inside that loop. The pool closes with its loop: when
  the loop shuts down (``asyncio.run()`` does, through ``loop.shutdown_asyncgens()``), its
  connections are closed inside it; a loop closed without that only drops them.

Requests in flight are bounded by slots (``MAX_IN_FLIGHT`` plain ones, ``MAX_HELD`` for
requests the server holds); the rest queue in our own semaphores, first come first served.
Each slot names the client it sends on (see ``_lanes``).

A client the caller passed (``http_client=``) is used as it is, for every lane, in every
process and loop: keeping it fork- and loop-safe is the caller's part. The in-flight limits
are still per loop.

Example:
    >>> from replicate_ext._lanes import new_client
    >>> pool = SyncPool(new_client, None, "Replicate", ClientConfig("r8_x", "http://127.0.0.1"))
    >>> slot = pool.get().acquire()
    >>> pool.get().release(slot); pool.get().clients.opened() == [slot.client]
    True
    >>> pool.close(); pool.get()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    replicate_ext.errors.ClientClosedError: This Replicate client is closed: make a new one, ...
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import weakref
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any, Generic

import httpx

from ._constants import MAX_HELD, MAX_IN_FLIGHT
from ._lanes import C, Factory, Lanes, Slot
from .config import ClientConfig
from .errors import ClientClosedError

if TYPE_CHECKING:
    import asyncio

__all__ = ["AsyncPool", "AsyncPools", "SyncPool"]


class _Pools(Generic[C]):
    """What both kinds share: the client factory, the caller's client, closing, the process."""

    def __init__(self, factory: Factory[C],
                 given: C | None, kind: str, config: ClientConfig) -> None:  # fmt: skip
        self.factory: Factory[C] = factory
        self.given: C | None = given
        self.kind = kind
        self.config = config
        self.closed = False
        self.pid = os.getpid()

    def clients(self) -> Lanes[C]:
        """A fresh set of clients (nothing opened yet)."""
        return Lanes(self.factory, self.config, self.given, MAX_IN_FLIGHT, MAX_HELD)

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
    """One process's pool: its clients and its in-flight slots (plain, and held requests)."""

    def __init__(self, clients: Lanes[httpx.Client]) -> None:
        self.clients = clients
        #: At most as many requests in flight as there are slots; the rest queue here.
        self._slots = (
            threading.BoundedSemaphore(clients.slots(held=False)),
            threading.BoundedSemaphore(clients.slots(held=True)),
        )

    def acquire(self) -> Slot[httpx.Client]:
        """A plain slot, once one is free."""
        self._slots[False].acquire()
        return self.clients.take(False)

    def acquire_held(self, deadline: float | None, patience: float) -> Slot[httpx.Client] | None:
        """A held slot, or ``None`` when none freed within the waits ``_held`` allows."""
        semaphore = self._slots[True]
        if not semaphore.acquire(blocking=False):
            for wait in self.clients.holds.waits(deadline, patience):
                if semaphore.acquire(timeout=wait):
                    break
            else:
                return None
        return self.clients.take(True)

    def release(self, slot: Slot[httpx.Client], cut: bool = False) -> None:
        """Give a slot back; ``cut``: its request was cut short, so its lane gets a fresh
        client (see ``Lanes.retire``) and this one is closed (as is a lane given back after
        ``close()``)."""
        retired = self.clients.retire(slot) if cut else None
        done = self.clients.give(slot) or retired
        self._slots[slot.held].release()
        if done is not None:
            done.close()


class SyncPool(_Pools[httpx.Client]):
    """The blocking client's pool, started afresh in a forked child."""

    def __init__(self, factory: Factory[httpx.Client],
                 given: httpx.Client | None, kind: str, config: ClientConfig) -> None:  # fmt: skip
        super().__init__(factory, given, kind, config)
        self._state = _SyncState(self.clients())

    def get(self) -> _SyncState:
        """The pool of this process.

        Raises:
            ClientClosedError: The client was closed.
        """
        if self.check():  # forked: the inherited sockets stay the parent's (never closed here)
            self._state = _SyncState(self.clients())
        return self._state

    def close(self) -> None:
        """Close the pool (unless it is the caller's client, or the parent process's)."""
        self.closed = True
        if self.given is None and self.pid == os.getpid():
            for client in self._state.clients.shut():
                client.close()


def _give_back(semaphore: asyncio.Semaphore, waiter: asyncio.Future[Any]) -> None:
    """A cancelled waiter's callback: release the slot if it was granted all the same."""
    if not waiter.cancelled():
        semaphore.release()


class AsyncPool:
    """One event loop's pool: its clients and its in-flight slots (plain, and held requests).

    Made inside the running loop. It closes its clients when the loop shuts down its async
    generators (as ``asyncio.run()`` does before closing the loop): an async generator started
    here, suspended until then, closes them in its ``finally``.
    """

    def __init__(self, clients: Lanes[httpx.AsyncClient]) -> None:
        import asyncio  # not at module level: `import replicate_ext` stays light

        self.clients = clients
        self._closing: set[asyncio.Task[None]] = set()  # retired clients being closed
        self._slots = (
            asyncio.Semaphore(clients.slots(held=False)),
            asyncio.Semaphore(clients.slots(held=True)),
        )
        if clients.given is None:
            self._guard = self._close_with_loop()
            # Run it to its `yield`: the loop now knows it (its asyncgen hooks saw it).
            step: Any = self._guard.__anext__()  # a coroutine, which ends at the `yield`
            with contextlib.suppress(StopIteration):
                step.send(None)

    async def acquire(self) -> Slot[httpx.AsyncClient]:
        """A plain slot, once one is free."""
        await self._slots[False].acquire()
        return self.clients.take(False)

    async def acquire_held(
        self, deadline: float | None, patience: float
    ) -> Slot[httpx.AsyncClient] | None:
        """A held slot, or ``None`` when none freed within the waits ``_held`` allows.

        One waiter stays queued on the semaphore across the successive waits, so creates get
        held slots in the order they asked for them.
        """
        import asyncio

        semaphore = self._slots[True]
        if not semaphore.locked():
            await semaphore.acquire()
            return self.clients.take(True)
        waiter = asyncio.ensure_future(semaphore.acquire())
        try:
            for wait in self.clients.holds.waits(deadline, patience):
                await asyncio.wait((waiter,), timeout=wait)
                if waiter.done():
                    return self.clients.take(True)
        finally:
            if not waiter.done():  # given up (or cancelled): a slot granted meanwhile goes back
                waiter.cancel()
                waiter.add_done_callback(functools.partial(_give_back, semaphore))
        return None

    def release(self, slot: Slot[httpx.AsyncClient], cut: bool = False) -> None:
        """Give a slot back; ``cut``: its request was cut short, so its lane gets a fresh
        client (see ``Lanes.retire``) and this one is closed in the background (as is a lane
        given back after ``close()``)."""
        import asyncio

        retired = self.clients.retire(slot) if cut else None
        done = self.clients.give(slot) or retired
        self._slots[slot.held].release()
        if done is not None:
            closing = asyncio.get_running_loop().create_task(done.aclose())
            self._closing.add(closing)
            closing.add_done_callback(self._closing.discard)

    async def aclose(self) -> None:
        """Close the clients opened in this loop (and make no more)."""
        for client in self.clients.shut():
            await client.aclose()

    async def _close_with_loop(self) -> AsyncIterator[None]:
        try:
            yield
        finally:
            await self.aclose()


class AsyncPools(_Pools[httpx.AsyncClient]):
    """The async client's pools: one per running event loop (and per process)."""

    def __init__(self, factory: Factory[httpx.AsyncClient],
                 given: httpx.AsyncClient | None, kind: str, config: ClientConfig) -> None:  # fmt: skip
        super().__init__(factory, given, kind, config)
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
            pool = self._pools[loop] = AsyncPool(self.clients())
        return pool

    async def close(self) -> None:
        """Close the pool of the running loop (unless it is the caller's client); pools of
        other loops are dropped."""
        import asyncio

        self.closed = True
        current = self._pools.get(asyncio.get_running_loop())
        for pool in list(self._pools.values()):  # calls under way there open no new client
            if pool is not current:
                pool.clients.shut()
        self._pools = weakref.WeakKeyDictionary()
        if current is not None and self.given is None and self.pid == os.getpid():
            await current.aclose()
