"""Sending: bounded concurrency, retries, and driving calls and flows.

:class:`SyncHTTP` and :class:`AsyncHTTP` differ only in I/O. What to send is built by
:class:`~replicate_ext._requests.RequestBuilder` (headers, token guard, timeouts); what a
failed try means is decided by :class:`~replicate_ext._failures.Failures`; parsing is the
generated code's (``_call.parse``).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Coroutine, Mapping
from typing import Any, TypeVar

import httpx

from ._body_deadline import AsyncDeadline, Deadline, deadline_of
from ._call import Call, Flow, FlowRun, Sleep, parse
from ._failures import Failures, Tries, undecodable
from ._held import Held
from ._lanes import closed_while_starting, new_async_client, new_client
from ._pools import AsyncPools, SyncPool
from ._requests import RequestBuilder
from .config import ClientConfig
from .retry import RetryPolicy

__all__ = ["AsyncHTTP", "SyncHTTP", "is_idempotent"]

T = TypeVar("T")

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})


def is_idempotent(method: str) -> bool:
    """Whether a method may be re-sent without duplicating work (POST may not).

    Example:
        >>> is_idempotent("get"), is_idempotent("POST")
        (True, False)
    """
    return method.upper() in _IDEMPOTENT_METHODS


def _cuts_lane(exc: BaseException) -> bool:
    """Whether a request ended by ``exc`` was cut short, so its lane needs a fresh client (see
    ``Lanes.retire``): cancelled or interrupted mid-request, or its lane's own pool had no
    connection for it."""
    return isinstance(exc, httpx.PoolTimeout) or not isinstance(exc, Exception)


class _Sender:
    """What both senders share: configuration, the request builder and the failure policy."""

    def __init__(
        self, config: ClientConfig, client: httpx.Client | httpx.AsyncClient | None
    ) -> None:
        self.config = config
        self.origin = config.origin
        self.policy = RetryPolicy(max_retries=config.max_retries)
        self.failures = Failures(self.policy, self.origin)
        self.requests = RequestBuilder(config, client)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.config.base_url}>"

    def _held(self, call: Call[Any]) -> Held | None:
        """The sync-mode terms of a call the server may hold (``None`` for any other)."""
        if call.hold <= 0:
            return None
        return Held(call.patience, self.requests.timeout(0.0, call.timeout))

    def get_request(self, url: str, headers: Mapping[str, str] | None = None) -> httpx.Request:
        """A GET of any URL (a download, an event stream): our User-Agent, and the token only
        when the URL is on the API's own origin."""
        return self.requests.build("GET", url, headers=headers, accept_json=False)


class SyncHTTP(_Sender):
    """Sends requests with a blocking ``httpx.Client``."""

    def __init__(self, config: ClientConfig, http_client: httpx.Client | None = None) -> None:
        super().__init__(config, http_client)
        self.pool = SyncPool(new_client, http_client, "Replicate", config)

    def close(self) -> None:
        """Close the connection pool (unless the caller passed their own client)."""
        self.pool.close()

    @staticmethod
    def sleep(seconds: float) -> None:
        """Block for ``seconds``."""
        time.sleep(seconds)

    def call(self, call: Call[T]) -> T:
        """Perform an operation and return its parsed result."""
        request = self.requests.for_call(call)
        response = self.send(
            request,
            idempotent=call.idempotent,
            held=self._held(call),
            deadline=call.deadline,
        )
        return parse(call, response)

    def drive(self, work: Call[T] | Flow[T], deadline: float | None = None) -> T:
        """Perform a call, or run a flow to its end (see ``_binding``); every call made before
        ``deadline`` (``time.monotonic()``), if given, ends by then (clean-up calls after an
        interrupt excepted)."""
        if isinstance(work, Call):
            return self.call(work if deadline is None else work.until(deadline))
        run = FlowRun(work)
        while (step := run.next()) is not None:
            if deadline is not None and isinstance(step, Call) and run.interrupted is None:
                step = step.until(deadline)
            try:
                run.value = self.sleep(step.seconds) if isinstance(step, Sleep) else self.call(step)
            except KeyboardInterrupt as exc:
                run.interrupt(exc)
            except Exception as exc:  # the flow decides: it may catch and go on
                run.fail(exc)
        return run.result

    def bind(self, fn: Callable[..., Call[T] | Flow[T]], obj: object) -> Callable[..., T]:
        """``fn`` as a blocking method of ``obj``."""
        drive = self.drive

        @functools.wraps(fn)
        def method(*args: Any, **kwargs: Any) -> T:
            return drive(fn(obj, *args, **kwargs))

        return method

    def _exchange(
        self, request: httpx.Request, stream: bool, held: Held | None, deadline: float | None
    ) -> httpx.Response:
        """One try: the response, with its body read unless it is a successful stream."""
        pool = self.pool.get()
        if stream:
            if deadline is not None:
                self.requests.within(request, deadline)
            response = pool.clients.streams.send(request, stream=True)
            if response.status_code >= 300:
                try:
                    response.read()
                except httpx.DecodingError as exc:
                    return undecodable(response, exc)
                finally:
                    response.close()
            return response
        slot = pool.acquire_held(deadline, held.patience) if held is not None else None
        if slot is None:
            if held is not None:  # held slots stayed busy: send it plain, run() will poll
                self.requests.unhold(request, held.plain_timeout)
            slot = pool.acquire()  # queue here rather than in httpcore (see _pools)
        cut = False
        try:
            if deadline is not None:  # after unhold(), which resets the timeouts
                self.requests.within(request, deadline)
            response = slot.client.send(request, stream=True)
            response.stream = Deadline(response.stream, deadline_of(request, deadline))
            try:
                response.read()
            except httpx.DecodingError as exc:
                return undecodable(response, exc)
            finally:
                response.close()
        except BaseException as exc:
            cut = _cuts_lane(exc)
            if isinstance(exc, RuntimeError) and slot.client.is_closed:  # closed meanwhile
                raise closed_while_starting() from None
            raise
        finally:
            pool.release(slot, cut)
        return response

    def send(
        self,
        request: httpx.Request,
        *,
        idempotent: bool,
        stream: bool = False,
        held: Held | None = None,
        deadline: float | None = None,
    ) -> httpx.Response:
        """Send with retries; return a success response or raise our error.

        ``held`` marks a request the server may hold (sync mode): it queues for its own share
        of the connections, so long holds never stall short calls. ``deadline``
        (``time.monotonic()``): every try ends by then, and no retry waits past it.
        """
        tries = Tries(self.failures, request, idempotent, deadline)
        while (delay := tries.after(self._try(request, stream, held, deadline))) is not None:
            time.sleep(delay)
        assert tries.response is not None
        return tries.response

    def _try(
        self, request: httpx.Request, stream: bool, held: Held | None, deadline: float | None
    ) -> httpx.Response | httpx.TransportError:
        try:
            return self._exchange(request, stream, held, deadline)
        except httpx.TransportError as exc:
            return exc


class AsyncHTTP(_Sender):
    """Sends requests with an ``httpx.AsyncClient``; the async twin of :class:`SyncHTTP`."""

    def __init__(self, config: ClientConfig, http_client: httpx.AsyncClient | None = None) -> None:
        super().__init__(config, http_client)
        #: One pool per event loop (and process), made on first use inside it.
        self.pools = AsyncPools(new_async_client, http_client, "AsyncReplicate", config)

    async def close(self) -> None:
        """Close the connection pool (unless the caller passed their own client)."""
        await self.pools.close()

    @staticmethod
    async def sleep(seconds: float) -> None:
        """Wait ``seconds`` without blocking the event loop."""
        import asyncio

        await asyncio.sleep(seconds)

    async def call(self, call: Call[T]) -> T:
        """Perform an operation and return its parsed result."""
        request = self.requests.for_call(call)
        response = await self.send(
            request,
            idempotent=call.idempotent,
            held=self._held(call),
            deadline=call.deadline,
        )
        return parse(call, response)

    async def drive(self, work: Call[T] | Flow[T], deadline: float | None = None) -> T:
        """Perform a call, or run a flow to its end (see SyncHTTP.drive); after a cancellation
        the flow's clean-up calls are shielded from further cancellation."""
        if isinstance(work, Call):
            return await self.call(work if deadline is None else work.until(deadline))
        import asyncio

        run = FlowRun(work)
        while (step := run.next()) is not None:
            if deadline is not None and isinstance(step, Call) and run.interrupted is None:
                step = step.until(deadline)
            try:
                if isinstance(step, Sleep):
                    await asyncio.sleep(step.seconds)
                elif run.interrupted is None:
                    run.value = await self.call(step)
                else:
                    run.value = await asyncio.shield(self.call(step))
            except asyncio.CancelledError as exc:
                run.interrupt(exc)
            except Exception as exc:  # the flow decides: it may catch and go on
                run.fail(exc)
        return run.result

    def bind(
        self, fn: Callable[..., Call[T] | Flow[T]], obj: object
    ) -> Callable[..., Coroutine[Any, Any, T]]:
        """``fn`` as a coroutine method of ``obj``."""
        drive = self.drive

        @functools.wraps(fn)
        async def method(*args: Any, **kwargs: Any) -> T:
            return await drive(fn(obj, *args, **kwargs))

        return method

    async def _exchange(
        self, request: httpx.Request, stream: bool, held: Held | None, deadline: float | None
    ) -> httpx.Response:
        """One try: the response, with its body read unless it is a successful stream."""
        pool = self.pools.get()
        if stream:
            if deadline is not None:
                self.requests.within(request, deadline)
            response = await pool.clients.streams.send(request, stream=True)
            if response.status_code >= 300:
                try:
                    await response.aread()
                except httpx.DecodingError as exc:
                    return undecodable(response, exc)
                finally:
                    await response.aclose()
            return response
        slot = await pool.acquire_held(deadline, held.patience) if held is not None else None
        if slot is None:
            if held is not None:  # held slots stayed busy: send it plain, run() will poll
                self.requests.unhold(request, held.plain_timeout)
            slot = await pool.acquire()  # queue here rather than in httpcore (see _pools)
        cut = False
        try:
            if deadline is not None:  # after unhold(), which resets the timeouts
                self.requests.within(request, deadline)
            response = await slot.client.send(request, stream=True)
            response.stream = AsyncDeadline(response.stream, deadline_of(request, deadline))
            try:
                await response.aread()
            except httpx.DecodingError as exc:
                return undecodable(response, exc)
            finally:
                await response.aclose()
        except BaseException as exc:
            cut = _cuts_lane(exc)
            if isinstance(exc, RuntimeError) and slot.client.is_closed:  # closed meanwhile
                raise closed_while_starting() from None
            raise
        finally:
            pool.release(slot, cut)
        return response

    async def send(
        self,
        request: httpx.Request,
        *,
        idempotent: bool,
        stream: bool = False,
        held: Held | None = None,
        deadline: float | None = None,
    ) -> httpx.Response:
        """Send with retries; return a success response or raise our error (see SyncHTTP.send)."""
        tries = Tries(self.failures, request, idempotent, deadline)
        while (delay := tries.after(await self._try(request, stream, held, deadline))) is not None:
            await self.sleep(delay)
        assert tries.response is not None
        return tries.response

    async def _try(
        self, request: httpx.Request, stream: bool, held: Held | None, deadline: float | None
    ) -> httpx.Response | httpx.TransportError:
        try:
            return await self._exchange(request, stream, held, deadline)
        except httpx.TransportError as exc:
            return exc
