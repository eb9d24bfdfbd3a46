"""Sending requests: the token guard, bounded concurrency, retries and error mapping.

:class:`SyncHTTP` and :class:`AsyncHTTP` differ only in I/O; everything else lives in
:class:`_BaseHTTP`. What to send is a :class:`~replicate_ext._operations.Call` (built and parsed
by the generated operation modules); how long a body may take is in ``_deadline``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

import httpx

from ._constants import (
    MAX_CONNECTIONS,
    MAX_IN_FLIGHT,
    MAX_KEEPALIVE_CONNECTIONS,
    SYNC_MODE_READ_MARGIN,
)
from ._deadline import AsyncDeadline, Deadline, deadline_of
from ._operations import Call, finish, operation, parse_response
from .config import ClientConfig
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    ReplicateError,
    error_from_response,
)
from .retry import RetryPolicy, parse_retry_after

if TYPE_CHECKING:
    import asyncio

logger = logging.getLogger("replicate_ext")

_IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE", "PUT"})


class _BaseHTTP:
    """What the sync and async senders share: request building, the token guard, retry plans."""

    client: httpx.Client | httpx.AsyncClient

    def __init__(self, config: ClientConfig, owns_client: bool) -> None:
        self.config = config
        self.origin = config.origin
        base = httpx.URL(config.base_url)
        self._home = (base.scheme, base.host, base.port)
        self.policy = RetryPolicy(max_retries=config.max_retries)
        self.headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
        self._authorization = f"Bearer {config.token}"
        #: Our own client has no default headers, cookies or params to merge: requests are
        #: built directly, skipping httpx's merging (a measurable share of a call's cost).
        self._direct = owns_client
        self._timeout = config.timeout.as_dict()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.config.base_url}>"

    def url(self, path: str) -> str:
        """Absolute URL for an API path (``/predictions``) or an absolute URL as given."""
        if path.startswith(("http://", "https://")):
            return path
        return self.config.base_url + (path if path.startswith("/") else "/" + path)

    def authorize(self, request: httpx.Request) -> httpx.Request:
        """Add the token, only when the request goes to the API's own origin."""
        url = request.url
        if (url.scheme, url.host, url.port) == self._home:
            request.headers["Authorization"] = self._authorization
        else:
            request.headers.pop("Authorization", None)
        return request

    def get_request(self, url: str, headers: Mapping[str, str] | None = None) -> httpx.Request:
        """A GET of any URL (a download, an event stream): our User-Agent, and the token only
        when the URL is on the API's own origin."""
        merged = {"User-Agent": self.config.user_agent, **(headers or {})}
        return self.authorize(self.client.build_request("GET", url, headers=merged))

    def unhold(self, request: httpx.Request) -> None:
        """Turn a sync-mode request into a plain one (no ``Prefer: wait``, normal timeout)."""
        request.headers.pop("Prefer", None)
        request.extensions["timeout"] = self._timeout

    def timeout_for(self, hold: float) -> httpx.Timeout | None:
        """The request timeout: the configured one, with a read timeout covering ``hold``."""
        if hold <= 0:
            return None
        timeout = self.config.timeout
        read = timeout.read
        if read is not None and read < hold + SYNC_MODE_READ_MARGIN:
            read = hold + SYNC_MODE_READ_MARGIN
        return httpx.Timeout(
            connect=timeout.connect, read=read, write=timeout.write, pool=timeout.pool
        )

    def build(self, call: Call) -> tuple[httpx.Request, ModuleType]:
        """Build the request of a :class:`Call` from its generated ``_get_kwargs``."""
        module = operation(call.op)
        kw = module._get_kwargs(**call.kwargs)
        headers = dict(self.headers)
        headers.update(kw.get("headers") or {})
        timeout = self.timeout_for(call.hold)
        method, url = kw["method"].upper(), self.url(kw["url"])
        body = {key: kw.get(key) for key in ("params", "json", "content", "files", "data")}
        if self._direct:
            extensions = {"timeout": timeout.as_dict() if timeout else self._timeout}
            request = httpx.Request(method, url, headers=headers, extensions=extensions, **body)
        else:
            request = self.client.build_request(
                method, url, headers=headers, timeout=timeout or httpx.USE_CLIENT_DEFAULT, **body
            )
        return self.authorize(request), module

    def raw_request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Request:
        """Build an arbitrary request for the ``request()`` escape hatch."""
        merged = dict(self.headers)
        merged.update(headers or {})
        request = self.client.build_request(
            method.upper(),
            self.url(path),
            params=params,
            json=json,
            headers=merged,
            content=content,
        )
        return self.authorize(request)

    def retry_delay(
        self, attempt: int, waited: float, status: int | None, retry_after: float | None
    ) -> float | None:
        """Seconds to wait before retry ``attempt``, or ``None`` to give up now."""
        if attempt >= self.policy.max_retries:
            return None
        if retry_after is not None and retry_after > self.policy.max_wait:
            return None
        delay = self.policy.delay(attempt, retry_after)
        if waited + delay > self.policy.max_total_wait:
            return None
        return delay

    def plan(
        self,
        request: httpx.Request,
        *,
        idempotent: bool,
        attempt: int,
        waited: float,
        exc: httpx.TransportError | None = None,
        response: httpx.Response | None = None,
    ) -> float:
        """After a failed try: the seconds to wait before the next one, or raise our error.

        ``response`` is an error response whose body was read; otherwise ``exc`` says what failed.
        """
        if response is None:
            assert exc is not None
            if self.policy.retryable_exception(exc, idempotent=idempotent):
                delay = self.retry_delay(attempt, waited, None, None)
                if delay is not None:
                    return delay
            raise self.transport_error(exc, request, idempotent) from exc
        retry_after = parse_retry_after(response.headers)
        if self.policy.retryable_status(response.status_code, idempotent=idempotent):
            delay = self.retry_delay(attempt, waited, response.status_code, retry_after)
            if delay is not None:
                return delay
        raise self.status_error(response, retry_after)

    def transport_error(
        self, exc: httpx.TransportError, request: httpx.Request, idempotent: bool
    ) -> ReplicateError:
        """Our error for a transport failure; says when a create's outcome is unknown."""
        method, path = request.method, request.url.path
        if isinstance(exc, httpx.TimeoutException):
            unsent = isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout)
            hint = (
                ""
                if idempotent or unsent
                else " The request was sent, so its outcome is unknown; it was not re-sent. "
                "Look for it with predictions.list(created_after=...) before trying again."
            )
            return APITimeoutError(
                f"The request timed out ({type(exc).__name__}).{hint}", method=method, path=path
            )
        unknown = not idempotent and not self.policy.retryable_exception(exc, idempotent=False)
        if unknown:
            return APIConnectionError(
                f"The connection failed after the request was sent ({type(exc).__name__}); its "
                "outcome is unknown, so it was not re-sent to avoid paying twice. Look for it with "
                "predictions.list(created_after=...) before trying again.",
                method=method,
                path=path,
            )
        return APIConnectionError(
            f"Could not reach the API at {self.origin} ({type(exc).__name__}: {exc}).",
            method=method,
            path=path,
        )

    def status_error(self, response: httpx.Response, retry_after: float | None) -> APIStatusError:
        """Our error for an error response (body already read)."""
        error = error_from_response(response, retry_after=retry_after)
        if isinstance(error, RateLimitError) and retry_after and retry_after > self.policy.max_wait:
            error.message += (
                f" The server asked to wait {retry_after:g} s, longer than the "
                f"{self.policy.max_wait:g} s we wait; try again later."
            )
        return error


def _default_limits() -> httpx.Limits:
    return httpx.Limits(
        max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE_CONNECTIONS
    )


def _log(request: httpx.Request, status: int | str, started: float) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        elapsed = (time.perf_counter() - started) * 1000
        logger.debug("%s %s -> %s in %.1f ms", request.method, request.url.path, status, elapsed)


def is_idempotent(method: str) -> bool:
    """Whether a method may be re-sent without duplicating work (POST may not)."""
    return method.upper() in _IDEMPOTENT_METHODS


class SyncHTTP(_BaseHTTP):
    """Sends requests with a blocking ``httpx.Client``."""

    client: httpx.Client

    def __init__(
        self,
        config: ClientConfig,
        http_client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        super().__init__(config, owns_client=http_client is None)
        self._owns_client = http_client is None
        self.client = http_client or httpx.Client(
            timeout=config.timeout, limits=_default_limits(), follow_redirects=False
        )
        self.sleep = sleep
        #: At most as many requests in flight as the pool has connections; the rest queue.
        self._slots = (
            threading.BoundedSemaphore(MAX_IN_FLIGHT),
            threading.BoundedSemaphore(MAX_IN_FLIGHT),
        )

    def close(self) -> None:
        """Close the connection pool (unless the caller passed their own client)."""
        if self._owns_client:
            self.client.close()

    def call(self, call: Call) -> Any:
        """Perform an operation and return its parsed result."""
        request, module = self.build(call)
        response = self.send(request, idempotent=call.idempotent, held=call.hold > 0)
        return finish(call, parse_response(module, response))

    def _exchange(self, request: httpx.Request, stream: bool, held: bool) -> httpx.Response:
        """One try: the response, with its body read unless it is a successful stream."""
        if stream:
            response = self.client.send(request, stream=True)
            if response.status_code >= 300:
                try:
                    response.read()
                finally:
                    response.close()
            return response
        slot = self._slots[1]
        if not (held and slot.acquire(blocking=False)):
            if held:  # every sync-mode slot is busy: send it plain, and run() will poll
                self.unhold(request)
            slot = self._slots[0]
            slot.acquire()  # queue here rather than in the pool (see MAX_IN_FLIGHT)
        try:
            response = self.client.send(request, stream=True)
            response.stream = Deadline(response.stream, deadline_of(request))
            try:
                response.read()
            finally:
                response.close()
        finally:
            slot.release()
        return response

    def send(
        self, request: httpx.Request, *, idempotent: bool, stream: bool = False, held: bool = False
    ) -> httpx.Response:
        """Send with retries; return a success response or raise our error.

        ``held`` marks a request the server may hold (sync mode): it queues for its own share
        of the connections, so long holds never stall short calls.
        """
        attempt, waited = 0, 0.0
        while True:
            started = time.perf_counter()
            try:
                response = self._exchange(request, stream, held)
                _log(request, response.status_code, started)
                if response.status_code < 300:
                    return response
            except httpx.TransportError as exc:
                _log(request, type(exc).__name__, started)
                delay = self.plan(
                    request, idempotent=idempotent, attempt=attempt, waited=waited, exc=exc
                )
            else:
                delay = self.plan(
                    request,
                    idempotent=idempotent,
                    attempt=attempt,
                    waited=waited,
                    response=response,
                )
            self.sleep(delay)
            waited += delay
            attempt += 1


class AsyncHTTP(_BaseHTTP):
    """Sends requests with an ``httpx.AsyncClient``; the async twin of :class:`SyncHTTP`."""

    client: httpx.AsyncClient

    def __init__(
        self,
        config: ClientConfig,
        http_client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        super().__init__(config, owns_client=http_client is None)
        self._owns_client = http_client is None
        self.client = http_client or httpx.AsyncClient(
            timeout=config.timeout, limits=_default_limits(), follow_redirects=False
        )
        # asyncio is imported here, not at module level: `import replicate_ext` stays light.
        import asyncio

        self.sleep: Callable[[float], Any] = sleep or asyncio.sleep
        self._slots: tuple[asyncio.Semaphore, asyncio.Semaphore] | None = None

    def slots(self, held: bool) -> asyncio.Semaphore:
        """At most as many requests in flight as the pool has connections; the rest queue.

        Made on first use, inside the event loop that uses the client.
        """
        if self._slots is None:
            import asyncio

            self._slots = (
                asyncio.Semaphore(MAX_IN_FLIGHT),
                asyncio.Semaphore(MAX_IN_FLIGHT),
            )
        return self._slots[held]

    async def close(self) -> None:
        """Close the connection pool (unless the caller passed their own client)."""
        if self._owns_client:
            await self.client.aclose()

    async def call(self, call: Call) -> Any:
        """Perform an operation and return its parsed result."""
        request, module = self.build(call)
        response = await self.send(request, idempotent=call.idempotent, held=call.hold > 0)
        return finish(call, parse_response(module, response))

    async def _exchange(self, request: httpx.Request, stream: bool, held: bool) -> httpx.Response:
        """One try: the response, with its body read unless it is a successful stream."""
        if stream:
            response = await self.client.send(request, stream=True)
            if response.status_code >= 300:
                try:
                    await response.aread()
                finally:
                    await response.aclose()
            return response
        slot = self.slots(True)
        if not held or slot.locked():
            if held:  # every sync-mode slot is busy: send it plain, and run() will poll
                self.unhold(request)
            slot = self.slots(False)
        async with slot:  # queue here rather than in the pool (see MAX_IN_FLIGHT)
            response = await self.client.send(request, stream=True)
            response.stream = AsyncDeadline(response.stream, deadline_of(request))
            try:
                await response.aread()
            finally:
                await response.aclose()
        return response

    async def send(
        self, request: httpx.Request, *, idempotent: bool, stream: bool = False, held: bool = False
    ) -> httpx.Response:
        """Send with retries; return a success response or raise our error (see SyncHTTP.send)."""
        attempt, waited = 0, 0.0
        while True:
            started = time.perf_counter()
            try:
                response = await self._exchange(request, stream, held)
                _log(request, response.status_code, started)
                if response.status_code < 300:
                    return response
            except httpx.TransportError as exc:
                _log(request, type(exc).__name__, started)
                delay = self.plan(
                    request, idempotent=idempotent, attempt=attempt, waited=waited, exc=exc
                )
            else:
                delay = self.plan(
                    request,
                    idempotent=idempotent,
                    attempt=attempt,
                    waited=waited,
                    response=response,
                )
            await self.sleep(delay)
            waited += delay
            attempt += 1
