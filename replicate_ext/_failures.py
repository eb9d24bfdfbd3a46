"""After a failed try: wait and retry, or which of our errors to raise.

Pure logic shared by the sync and async senders (``_http``).

Example:
    >>> from replicate_ext.retry import RetryPolicy
    >>> Failures(RetryPolicy(max_retries=0), "https://api.replicate.com").retry_delay(0, 0.0, None)
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx

from .config import origin_of
from .errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    ReplicateError,
    ResponseDecodeError,
    error_from_response,
    snippet,
)
from .retry import RetryPolicy, parse_retry_after, parse_throttle_reset

__all__ = ["Failures", "Tries", "undecodable"]

#: Where to look for what a request of unknown outcome may have made, by the path's end.
_WHERE = {
    "predictions": "predictions.list(created_after=...)",
    "trainings": "trainings.list()",
    "files": "files.list()",
    "models": "models.get(...)",
    "deployments": "deployments.list()",
}


def _look_for_it(path: str) -> str:
    """How to find out what a request whose outcome is unknown did.

    Example:
        >>> _look_for_it("/v1/models/acme/hello/predictions")
        'Look for it with predictions.list(created_after=...) before trying again (error.outcome_unknown is True).'
    """
    where = _WHERE.get(path.rstrip("/").rpartition("/")[2])
    look = f"Look for it with {where}" if where else "Check whether it took effect"
    return f"{look} before trying again (error.outcome_unknown is True)."


class Failures:
    """Decides, after each failed try, between a retry delay and an error."""

    def __init__(self, policy: RetryPolicy, origin: str) -> None:
        self.policy = policy
        self.origin = origin
        #: Called with each throttled request and the seconds until its limit resets (or
        #: ``None``), before the retry or the error: a batch slows its pacing.
        self.throttle_listeners: list[Callable[[httpx.Request, float | None], None]] = []

    def retry_delay(
        self, attempt: int, waited: float, retry_after: float | None, budget: float | None = None
    ) -> float | None:
        """Seconds to wait before retry ``attempt``, or ``None`` to give up now (also when the
        wait would use up the ``budget``: the seconds left before the call's deadline)."""
        if attempt >= self.policy.max_retries or (budget is not None and budget <= 0):
            return None
        if retry_after is not None and retry_after > self.policy.max_wait:
            return None
        delay = self.policy.delay(attempt, retry_after)
        if waited + delay > self.policy.max_total_wait or (budget is not None and delay >= budget):
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
        budget: float | None = None,
    ) -> float:
        """The seconds to wait before the next try, or raise our error.

        ``response`` is an error response whose body was read; otherwise ``exc`` says what failed.
        ``budget``: seconds left before the call's deadline, if it has one.
        """
        if response is None:
            assert exc is not None
            if self.policy.retryable_exception(exc, idempotent=idempotent):
                delay = self.retry_delay(attempt, waited, None, budget)
                if delay is not None:
                    return delay
            raise self.transport_error(exc, request, idempotent) from exc
        retry_after = parse_retry_after(response.headers)
        if response.status_code == 429:
            if retry_after is None:
                retry_after = parse_throttle_reset(response.content)
            for listener in self.throttle_listeners:
                listener(request, retry_after)
        if self.policy.retryable_status(response.status_code, idempotent=idempotent):
            delay = self.retry_delay(attempt, waited, retry_after, budget)
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
            unknown = not (idempotent or unsent)
            hint = (
                " The request was sent, so its outcome is unknown; it was not re-sent. "
                + _look_for_it(path)
            )
            return APITimeoutError(
                f"The request timed out ({type(exc).__name__}).{hint if unknown else ''}",
                outcome_unknown=unknown,
                method=method,
                path=path,
            )
        if not idempotent and not self.policy.retryable_exception(exc, idempotent=False):
            return APIConnectionError(
                f"The connection failed after the request was sent ({type(exc).__name__}); its "
                "outcome is unknown, so it was not re-sent (it could be done, and paid for, "
                f"twice). {_look_for_it(path)}",
                outcome_unknown=True,
                method=method,
                path=path,
            )
        where = origin_of(request.url)
        what = f"the API at {where}" if where == self.origin else where  # a file's host
        return APIConnectionError(
            f"Could not reach {what} ({type(exc).__name__}: {exc}).",
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


logger = logging.getLogger("replicate_ext")


class Tries:
    """The tries of one request: after each, :meth:`after` says how long to wait before the
    next (``None``: done, the response is in :attr:`response`) or raises our error.

    Example:
        >>> from replicate_ext.retry import RetryPolicy
        >>> request = httpx.Request("GET", "https://api.replicate.com/v1/account")
        >>> tries = Tries(Failures(RetryPolicy(), "https://api.replicate.com"), request, True)
        >>> tries.after(httpx.Response(200, request=request)), tries.response.status_code
        (None, 200)
    """

    def __init__(
        self,
        failures: Failures,
        request: httpx.Request,
        idempotent: bool,
        deadline: float | None = None,
    ) -> None:
        self.failures = failures
        self.request = request
        self.idempotent = idempotent
        #: When (``time.monotonic()``) the call must have ended: no retry waits past it.
        self.deadline = deadline
        self.attempt = 0
        self.waited = 0.0
        self.started = time.perf_counter()
        self.response: httpx.Response | None = None

    def after(self, outcome: httpx.Response | httpx.TransportError) -> float | None:
        """Seconds to wait before the next try, ``None`` on success, or raise our error."""
        ok = isinstance(outcome, httpx.Response)
        if logger.isEnabledFor(logging.DEBUG):
            status = outcome.status_code if ok else type(outcome).__name__  # type: ignore[union-attr]
            elapsed = (time.perf_counter() - self.started) * 1000
            logger.debug(
                "%s %s -> %s in %.1f ms",
                self.request.method,
                self.request.url.path,
                status,
                elapsed,
            )
        if isinstance(outcome, httpx.Response) and outcome.status_code < 300:
            self.response = outcome
            return None
        delay = self.failures.plan(
            self.request,
            idempotent=self.idempotent,
            attempt=self.attempt,
            waited=self.waited,
            exc=None if isinstance(outcome, httpx.Response) else outcome,
            response=outcome if isinstance(outcome, httpx.Response) else None,
            budget=None if self.deadline is None else self.deadline - time.monotonic(),
        )
        self.attempt += 1
        self.waited += delay
        self.started = time.perf_counter() + delay
        return delay


def undecodable(response: httpx.Response, exc: httpx.DecodingError) -> httpx.Response:
    """What a body that cannot be decoded (a broken ``Content-Encoding``) means.

    An error status keeps its meaning (a 503 is retried like any 503), with an empty body;
    a success raises :class:`ResponseDecodeError`.

    Example:
        >>> request = httpx.Request("GET", "https://api.example/v1/account")
        >>> broken = httpx.DecodingError("Error -3 while decompressing data", request=request)
        >>> undecodable(httpx.Response(503, request=request), broken).status_code
        503
    """
    request = response.request
    if response.status_code >= 300:
        headers = [(k, v) for k, v in response.headers.items() if k != "content-encoding"]
        return httpx.Response(response.status_code, headers=headers, request=request)
    raise ResponseDecodeError(
        f"The API's {response.status_code} response could not be decoded "
        f"(Content-Encoding {response.headers.get('content-encoding')!r}: {snippet(str(exc))}).",
        status=response.status_code,
        method=request.method,
        path=request.url.path,
    ) from None
