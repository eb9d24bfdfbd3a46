"""What to send: a :class:`Call` pairs a generated request builder's output with its parser.

Every API operation of ``replicate_ext`` is a ``Call`` made from the public, typed entry points
of a generated endpoint module (``build_request`` and ``parse_response``), so mypy checks the
arguments and the result type reaches the caller.

Example:
    >>> from replicate_api.api.predictions import predictions_get
    >>> call = Call(predictions_get.build_request(prediction_id="abc"), predictions_get.parse_response)
    >>> call.request["url"], call.idempotent
    ('/predictions/abc', True)
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Generator, Mapping
from typing import Any, Generic, TypedDict, TypeVar

import httpx

from .config import check_timeout
from .errors import ResponseDecodeError, snippet
from .pagination import Page

__all__ = [
    "Call",
    "CallOptions",
    "Flow",
    "FlowRun",
    "Interrupted",
    "Sleep",
    "Timeout",
    "page_of",
    "parse",
]

T = TypeVar("T")

#: A per-call timeout: seconds, or an ``httpx.Timeout``.
Timeout = float | httpx.Timeout | None


class CallOptions(TypedDict, total=False):
    """The per-call options every resource method takes as keywords.

    Attributes:
        timeout: This call's request timeout: seconds, or an ``httpx.Timeout``.
        extra_headers: Headers added to this call's request (after ours).
    """

    timeout: Timeout
    extra_headers: Mapping[str, str] | None


@dataclasses.dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One API operation to perform.

    Attributes:
        request: The generated ``build_request(...)``: ``method``, relative ``url`` and, as
            needed, ``params``, ``json``, ``files``, ``data``, ``headers``.
        parse: The generated ``parse_response`` (or one composed with it, e.g. :func:`page_of`).
        idempotent: Whether re-sending cannot duplicate work (decides retries on 5xx/resets).
        hold: Seconds the server may hold the request (``Prefer: wait=N``); extends the read timeout.
        patience: How long a create with ``hold`` may wait for a held slot before it is sent
            without sync mode (``inf``: as long as ``_held`` allows; ``0``: only a free one).
        timeout: This call's request timeout (``None``: the client's).
        extra_headers: Headers added to this call's request.
        deadline: When (``time.monotonic()``) every try of this call must have ended, set for
            the calls of a ``run()`` or ``wait()`` given ``timeout=``: each try's timeouts are
            cut to the time left, and no retry waits past it.
    """

    request: Mapping[str, Any]
    parse: Callable[[httpx.Response], T | None]
    idempotent: bool = True
    hold: float = 0.0
    patience: float = math.inf
    timeout: Timeout = None
    extra_headers: Mapping[str, str] | None = None
    deadline: float | None = None

    def until(self, deadline: float) -> Call[T]:
        """This call, bounded by ``deadline`` (or by its own, if earlier).

        Example:
            >>> call = Call({"method": "get", "url": "/account"}, lambda r: None)
            >>> call.until(5.0).deadline, call.until(5.0).until(9.0).deadline
            (5.0, 5.0)
        """
        if self.deadline is not None and self.deadline <= deadline:
            return self
        return dataclasses.replace(self, deadline=deadline)

    def with_options(
        self, *, timeout: Timeout = None, extra_headers: Mapping[str, str] | None = None
    ) -> Call[T]:
        """This call with per-call options (itself when there are none).

        Example:
            >>> call = Call({"method": "get", "url": "/account"}, lambda r: None)
            >>> call.with_options() is call, call.with_options(timeout=3).timeout
            (True, 3)
        """
        if timeout is None and not extra_headers:
            return self
        check_timeout(timeout)
        return dataclasses.replace(self, timeout=timeout, extra_headers=extra_headers)


@dataclasses.dataclass(frozen=True, slots=True)
class Sleep:
    """A flow step: wait this many seconds (``time.sleep`` or ``asyncio.sleep``)."""

    seconds: float


class Interrupted(BaseException):  # thrown into flows, never raised to users
    """Thrown into a flow when Ctrl-C or task cancellation interrupts it.

    A flow may catch it to clean up with more calls, then re-raise; the sender then re-raises
    the original ``KeyboardInterrupt`` or ``CancelledError``.
    """


#: A method body that sends several calls: it yields :class:`Call` and :class:`Sleep` steps,
#: receives their results, and returns the method's result (see ``_binding``).
Flow = Generator["Call[Any] | Sleep", Any, T]


class FlowRun(Generic[T]):
    """One run of a flow, for the senders: :meth:`next` gives the next step (``None`` once the
    flow has returned, its value in :attr:`result`); the sender sets :attr:`value` (the step's
    result) or calls :meth:`fail` / :meth:`interrupt` before asking again.

    Example:
        >>> def flow():
        ...     got = yield Sleep(0)
        ...     return got * 2
        >>> run = FlowRun(flow())
        >>> run.next(), run.__setattr__("value", 21), run.next(), run.result
        (Sleep(seconds=0), None, None, 42)
    """

    def __init__(self, flow: Flow[T]) -> None:
        self.flow = flow
        self.value: Any = None
        self.error: BaseException | None = None
        #: The KeyboardInterrupt or CancelledError that interrupted the flow, if any.
        self.interrupted: BaseException | None = None
        self.result: T

    def next(self) -> Call[Any] | Sleep | None:
        """The next step, or ``None`` when the flow returned."""
        try:
            step = self.flow.send(self.value) if self.error is None else self.flow.throw(self.error)
        except StopIteration as stop:
            self.result = stop.value
            return None
        except Interrupted:
            assert self.interrupted is not None
            raise self.interrupted from None
        self.value, self.error = None, None
        return step

    def fail(self, error: Exception) -> None:
        """The step failed: the flow gets ``error`` raised where it yielded (it may go on)."""
        self.error = error

    def interrupt(self, signal: BaseException) -> None:
        """Ctrl-C or cancellation during a step: the flow gets :class:`Interrupted` to clean up.
        A second interrupt, during the clean-up, stops at once."""
        if self.interrupted is not None:
            raise signal
        self.interrupted, self.error = signal, Interrupted()


def page_of(parse: Callable[[httpx.Response], Any]) -> Callable[[httpx.Response], Page[Any]]:
    """Compose a generated list parser with :meth:`Page.of`.

    Example:
        >>> page_of(lambda r: None)(None).results
        []
    """

    def parse_page(response: httpx.Response) -> Page[Any]:
        return Page.of(parse(response))

    return parse_page


def parse(call: Call[T], response: httpx.Response) -> T:
    """Parse a 2xx response with the call's generated parser, liberally.

    A success status the spec does not list (the API grows) is parsed as the listed ones are.

    Raises:
        ResponseDecodeError: The body is not JSON, or not of the expected shape.
    """
    request = response.request
    try:
        parsed = call.parse(response)
        if parsed is None and response.content:
            for status in (200, 201, 202):
                if status == response.status_code:
                    continue
                stand_in = httpx.Response(
                    status, content=response.content, headers=response.headers, request=request
                )
                parsed = call.parse(stand_in)
                if parsed is not None:
                    break
        return parsed  # type: ignore[return-value]  # None only for bodiless answers (204)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        kind = (
            "is not valid JSON"
            if isinstance(exc, json.JSONDecodeError)
            else "has an unexpected shape"
        )
        text = response.content[:400].decode("utf-8", "replace")
        raise ResponseDecodeError(
            f"The API's {response.status_code} response {kind} ({type(exc).__name__}): "
            f"{snippet(text)!r}",
            status=response.status_code,
            snippet=snippet(text),
            method=request.method,
            path=request.url.path,
        ) from None
