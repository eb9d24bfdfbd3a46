"""Server-Sent Events of a prediction (``urls.stream``), sync and async, resumed when dropped.

``output`` events come in order; ``logs`` events when asked for; an ``error`` event raises
:class:`~replicate_ext.ModelError`; ``done`` ends the stream (``{"reason": "canceled"}`` raises
:class:`~replicate_ext.PredictionCanceledError`). A connection that drops before ``done`` is
resumed with ``Last-Event-ID``; if that keeps failing, :class:`~replicate_ext.StreamInterruptedError`
says so, with the prediction id: never a silent, truncated end. Parsing is httpx-sse's.

Example:
    >>> for event in client.stream("replicate-ext/tokens", input={"prompt": "hi"}):  # doctest: +SKIP
    ...     print(event, end="")
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Iterable,
    Iterator,
)
from typing import TYPE_CHECKING, Any, TypedDict

import httpx

from .errors import (
    APIConnectionError,
    InvalidArgumentError,
    ModelError,
    PredictionCanceledError,
    ReplicateError,
    StreamInterruptedError,
)

if TYPE_CHECKING:
    from replicate_api.models import Prediction

    from ._call import Flow
    from ._client_base import BaseClient
    from ._http import AsyncHTTP, SyncHTTP
    from .resources.predictions import CancelAfter

__all__ = [
    "ServerSentEvent",
    "StreamOptions",
    "acancelling_events",
    "astream_events",
    "astream_run",
    "cancelling_events",
    "stream_events",
    "stream_run",
    "stream_url",
]

#: Reconnections tried in a row without receiving a new event, before giving up.
MAX_RECONNECTS = 3


@dataclasses.dataclass(frozen=True, slots=True)
class ServerSentEvent:
    """One event of a prediction's stream; ``str(event)`` is its data.

    Example:
        >>> str(ServerSentEvent(event="output", data="Hello", id="1"))
        'Hello'
    """

    event: str
    data: str
    id: str | None = None

    def __str__(self) -> str:
        return self.data


def stream_url(prediction: Any) -> str:
    """The stream URL of a prediction, or a clear error when it has none.

    Example:
        >>> from types import SimpleNamespace
        >>> stream_url(SimpleNamespace(id="p", urls=SimpleNamespace(stream="https://s/p")))
        'https://s/p'
    """
    url = getattr(getattr(prediction, "urls", None), "stream", None)
    if not isinstance(url, str) or not url:
        pid = getattr(prediction, "id", "?")
        raise InvalidArgumentError(
            f"Prediction {pid} has no stream URL: the model does not stream its output. "
            "Use run() or wait() instead."
        )
    return url


def _error_message(data: str) -> str:
    """The message of an ``error`` event, whose data is JSON or plain text.

    The API documents the data as a JSON object; its ``detail`` (or ``error``, or
    ``message``) is the message. Anything else is taken as plain text.

    Example:
        >>> _error_message('{"detail": "out of memory"}')
        'out of memory'
        >>> _error_message("out of memory")
        'out of memory'
    """
    try:
        parsed = json.loads(data)
    except ValueError:
        return data
    if isinstance(parsed, dict):
        for key in ("detail", "error", "message"):
            value = parsed.get(key)
            if isinstance(value, str) and value:
                return value
    return parsed if isinstance(parsed, str) else data


class _Cursor:
    """What the sync and async readers share: event handling and reconnection bookkeeping."""

    def __init__(self, prediction_id: str, include_logs: bool) -> None:
        self.prediction_id = prediction_id
        self.include_logs = include_logs
        self.last_id: str | None = None
        self.failures = 0
        self.done = False

    def headers(self) -> dict[str, str]:
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if self.last_id is not None:
            headers["Last-Event-ID"] = self.last_id
        return headers

    def handle(self, event: str, data: str, event_id: str | None) -> ServerSentEvent | str | None:
        """The event to yield, ``"error"``/``"canceled"`` to raise, or ``None`` to skip."""
        if event_id:
            self.last_id = event_id
        self.failures = 0
        kind = event or "message"
        if kind == "output":
            return ServerSentEvent(kind, data, event_id or None)
        if kind == "logs":
            return ServerSentEvent(kind, data, event_id or None) if self.include_logs else None
        if kind == "error":
            self.done = True
            return "error"
        if kind == "done":
            self.done = True
            try:
                reason = json.loads(data).get("reason") if data.strip() else None
            except (ValueError, AttributeError):
                reason = None
            return "canceled" if reason == "canceled" else None
        return None  # unknown event types are tolerated

    def dropped(self, cause: str) -> None:
        """Count a drop; raise once reconnecting has failed too often."""
        self.failures += 1
        if self.failures > MAX_RECONNECTS:
            raise StreamInterruptedError(
                f"The stream of prediction {self.prediction_id} dropped before it finished "
                f"({cause}) and could not be resumed after {MAX_RECONNECTS} tries; the prediction "
                f"goes on: fetch it with predictions.get({self.prediction_id!r}).",
                prediction_id=self.prediction_id,
                last_event_id=self.last_id,
            )

    def failure(self, marker: str, data: str, prediction: Any) -> Exception:
        if marker == "error":
            return ModelError(
                f"Prediction {self.prediction_id} failed: {_error_message(data)}",
                prediction=prediction,
            )
        return PredictionCanceledError(
            f"Prediction {self.prediction_id} was canceled.", prediction=prediction
        )


def stream_events(
    http: SyncHTTP,
    url: str,
    prediction_id: str,
    get: Callable[[str], Any],
    *,
    include_logs: bool = False,
) -> Iterator[ServerSentEvent]:
    """Yield a prediction's events from ``url``, resuming after drops.

    Example:
        >>> events = stream_events(client._http, url, pid, client.predictions.get)  # doctest: +SKIP
    """
    from httpx_sse import EventSource, SSEError

    cursor = _Cursor(prediction_id, include_logs)
    while not cursor.done:
        request = http.get_request(url, cursor.headers())
        try:
            response = http.send(request, idempotent=True, stream=True)
        except APIConnectionError as exc:
            cursor.dropped(exc.message)
            http.sleep(http.policy.backoff(cursor.failures - 1))
            continue
        try:
            for sse in EventSource(response).iter_sse():
                handled = cursor.handle(sse.event, sse.data, sse.id)
                if isinstance(handled, ServerSentEvent):
                    yield handled
                elif isinstance(handled, str):
                    raise cursor.failure(handled, sse.data, get(prediction_id))
                if cursor.done:
                    return
            cursor.dropped("the server closed the stream")
        except (httpx.TransportError, httpx.DecodingError, SSEError) as exc:
            cursor.dropped(type(exc).__name__)
        finally:
            response.close()
        http.sleep(http.policy.backoff(cursor.failures - 1))


async def astream_events(
    http: AsyncHTTP,
    url: str,
    prediction_id: str,
    get: Callable[[str], Awaitable[Any]],
    *,
    include_logs: bool = False,
) -> AsyncIterator[ServerSentEvent]:
    """The async twin of :func:`stream_events`.

    Example:
        >>> async for event in astream_events(client._http, url, pid, client.predictions.get): ...  # doctest: +SKIP
    """
    from httpx_sse import EventSource, SSEError

    cursor = _Cursor(prediction_id, include_logs)
    while not cursor.done:
        request = http.get_request(url, cursor.headers())
        try:
            response = await http.send(request, idempotent=True, stream=True)
        except APIConnectionError as exc:
            cursor.dropped(exc.message)
            await http.sleep(http.policy.backoff(cursor.failures - 1))
            continue
        try:
            async for sse in EventSource(response).aiter_sse():
                handled = cursor.handle(sse.event, sse.data, sse.id)
                if isinstance(handled, ServerSentEvent):
                    yield handled
                elif isinstance(handled, str):
                    raise cursor.failure(handled, sse.data, await get(prediction_id))
                if cursor.done:
                    return
            cursor.dropped("the server closed the stream")
        except (httpx.TransportError, httpx.DecodingError, SSEError) as exc:
            cursor.dropped(type(exc).__name__)
        finally:
            await response.aclose()
        await http.sleep(http.policy.backoff(cursor.failures - 1))


class StreamOptions(TypedDict, total=False):
    """The keywords of ``stream()``.

    Attributes:
        input: The model's inputs.
        deployment: ``owner/name`` of a deployment to run instead of ``ref``.
        include_logs: Also yield ``logs`` events.
        cancel_after: A server-side deadline such as ``"5m"``.
        webhook: A URL the API calls as the prediction progresses.
        webhook_events_filter: Which webhook events to send.
        validate: Check ``input`` against the model's schema before creating the prediction.
        cancel_on_interrupt: Cancel the prediction when the iteration is left early
            (``break``, ``close()``), interrupted (Ctrl-C) or its task cancelled (default
            ``True``: its events were the only way to it); ``False`` lets it run on.
    """

    input: dict[str, Any] | None
    deployment: str | None
    include_logs: bool
    cancel_after: CancelAfter
    webhook: str | None
    webhook_events_filter: Iterable[str] | None
    validate: bool
    cancel_on_interrupt: bool


def cancelling_events(
    client: BaseClient[SyncHTTP], prediction: Prediction, include_logs: bool, cancel: bool
) -> Generator[ServerSentEvent, None, None]:
    """A prediction's events; leaving them early (or Ctrl-C) cancels it when ``cancel``."""
    try:
        yield from client.predictions.stream(prediction, include_logs=include_logs)
    except (GeneratorExit, KeyboardInterrupt):
        if cancel:
            with contextlib.suppress(ReplicateError):
                client.predictions.cancel(prediction.id)
        raise


async def acancelling_events(
    client: BaseClient[AsyncHTTP], prediction: Prediction, include_logs: bool, cancel: bool
) -> AsyncGenerator[ServerSentEvent, None]:
    """The async twin of :func:`cancelling_events`: leaving early, or the task cancelled, cancels
    the prediction when ``cancel``."""
    import asyncio

    events = client.predictions.stream(prediction, include_logs=include_logs)
    try:
        async for event in events:
            yield event
    except (GeneratorExit, asyncio.CancelledError):
        if cancel:
            with contextlib.suppress(ReplicateError):
                await client.predictions.cancel(prediction.id)
        raise
    finally:
        aclose = getattr(events, "aclose", None)
        if aclose is not None:
            await aclose()


def stream_run(
    client: BaseClient[SyncHTTP],
    create: Flow[Prediction],
    include_logs: bool,
    check: Flow[Any] | None = None,
    cancel: bool = True,
) -> Iterator[ServerSentEvent]:
    if check is not None:
        client._http.drive(check)
    prediction = client._http.drive(create)
    yield from cancelling_events(client, prediction, include_logs, cancel)


async def astream_run(
    client: BaseClient[AsyncHTTP],
    create: Flow[Prediction],
    include_logs: bool,
    check: Flow[Any] | None = None,
    cancel: bool = True,
) -> AsyncIterator[ServerSentEvent]:
    if check is not None:
        await client._http.drive(check)
    prediction = await client._http.drive(create)
    events = acancelling_events(client, prediction, include_logs, cancel)
    try:
        async for event in events:
            yield event
    finally:
        await events.aclose()  # left early: the events' own clean-up cancels the prediction
