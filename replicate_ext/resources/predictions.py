"""Predictions: create, get, list, cancel (``client.predictions``), sync and async.

Example:
    >>> from replicate_ext import Replicate
    >>> client = Replicate()                                       # doctest: +SKIP
    >>> p = client.predictions.create(model="replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
    >>> client.wait(p).output                                      # doctest: +SKIP
    'hello Ada'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal

from .._operations import Call
from .._operations import list_call as _list_call
from ..deadlines import cancel_after_header, prefer_header, prefer_seconds
from ..errors import InvalidArgumentError
from ..file_input import FileEncoding, aprepare, prepare
from ..pagination import Page
from ..refs import parse_model_ref, parse_owner_name
from ..streaming import ServerSentEvent, astream_events, stream_events, stream_url
from ._resource import AsyncResource, SyncResource, body

if TYPE_CHECKING:
    from replicate_api.models import Prediction

__all__ = ["AsyncPredictions", "Predictions", "create_call", "predictions_list_call"]

WEBHOOK_EVENTS = ("start", "output", "logs", "completed")
Wait = bool | int
CancelAfter = str | float | dt.timedelta | None


def _events(events: Iterable[str] | None) -> list[str] | None:
    if events is None:
        return None
    chosen = list(events)
    unknown = [e for e in chosen if e not in WEBHOOK_EVENTS]
    if unknown or isinstance(events, str):
        raise InvalidArgumentError(
            f"webhook_events_filter has {unknown or events!r}: use a list of {list(WEBHOOK_EVENTS)}."
        )
    return chosen


def _input(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidArgumentError(
            f"input must be a dict of the model's inputs, got {type(value).__name__}."
        )
    return value


def create_call(
    *,
    version: str | None = None,
    model: str | None = None,
    deployment: str | None = None,
    input: dict[str, Any] | None = None,
    webhook: str | None = None,
    webhook_events_filter: Iterable[str] | None = None,
    wait: Wait = False,
    cancel_after: CancelAfter = None,
    stream: bool | None = None,
) -> Call:
    """The :class:`Call` that creates a prediction of a version, a model or a deployment.

    Exactly one of ``version``, ``model`` or ``deployment`` names the target. ``model`` may be
    ``owner/name:VERSION``, which runs that version.

    Raises:
        InvalidArgumentError: No target or several, or a bad ``wait``, ``cancel_after`` or filter.
        InvalidReferenceError: A malformed reference.

    Example:
        >>> create_call(model="acme/hello", input={"name": "Ada"}, wait=5).op
        'models.models_predictions_create'
    """
    if sum(x is not None for x in (version, model, deployment)) != 1:
        raise InvalidArgumentError("Give exactly one of version=, model= or deployment=.")
    fields: dict[str, Any] = {
        "input": _input(input),
        "webhook": webhook,
        "webhook_events_filter": _events(webhook_events_filter),
        "stream": stream,
    }
    kwargs: dict[str, Any] = {}
    prefer = prefer_header(wait)
    if prefer:
        kwargs["prefer"] = prefer
    deadline = cancel_after_header(cancel_after)
    if deadline:
        kwargs["cancel_after"] = deadline
    hold = float(prefer_seconds(prefer))
    if deployment is not None:
        owner, name = parse_owner_name(deployment, kind="deployment")
        kwargs.update(deployment_owner=owner, deployment_name=name)
        kwargs["body"] = body("ModelPredictionRequest", fields)
        return Call(
            "deployments.deployments_predictions_create", kwargs, idempotent=False, hold=hold
        )
    ref = parse_model_ref(version if version is not None else str(model))
    if model is not None and ref.owner is None:
        raise InvalidArgumentError(
            f"model={model!r} must be 'owner/name'; pass a version id as version=."
        )
    if ref.version is not None:
        kwargs["body"] = body("PredictionRequest", {"version": ref.version, **fields})
        return Call("predictions.predictions_create", kwargs, idempotent=False, hold=hold)
    if version is not None:
        raise InvalidArgumentError(f"version={version!r} has no version id; use model={version!r}.")
    kwargs.update(model_owner=ref.owner, model_name=ref.name)
    kwargs["body"] = body("ModelPredictionRequest", fields)
    return Call("models.models_predictions_create", kwargs, idempotent=False, hold=hold)


def _when(name: str, value: dt.datetime | str | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"{name}={value!r} is not an ISO 8601 date-time such as '2025-01-01T00:00:00Z'."
        ) from None


def predictions_list_call(
    *,
    created_after: dt.datetime | str | None = None,
    created_before: dt.datetime | str | None = None,
    source: Literal["web"] | None = None,
    cursor: str | None = None,
) -> Call:
    """The :class:`Call` that lists predictions, newest first.

    Example:
        >>> predictions_list_call(created_after="2025-01-01T00:00:00Z").kwargs["created_after"].year
        2025
    """
    if source is not None and source != "web":
        raise InvalidArgumentError(f"source={source!r}: the API only filters by source='web'.")
    kwargs: dict[str, Any] = {
        "created_after": _when("created_after", created_after),
        "created_before": _when("created_before", created_before),
        "source": source,
        "cursor": cursor,
    }
    return _list_call("predictions.predictions_list", **kwargs)


class Predictions(SyncResource):
    """``client.predictions``: create, get, list and cancel predictions."""

    def create(
        self,
        *,
        version: str | None = None,
        model: str | None = None,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        wait: Wait = False,
        cancel_after: CancelAfter = None,
        stream: bool | None = None,
        file_encoding: FileEncoding = "url",
    ) -> Prediction:
        """Create a prediction of a model version, or of a model's latest or official version.

        Args:
            version: A version id, or ``owner/name:VERSION``.
            model: ``owner/name`` (its latest or official version), instead of ``version``.
            input: The model's inputs.
            webhook: A URL the API calls as the prediction progresses.
            webhook_events_filter: Which of ``start``, ``output``, ``logs``, ``completed`` to send.
            wait: Hold the request until the prediction finishes: ``True`` (60 s) or seconds.
            cancel_after: A deadline such as ``"5m"`` or seconds (minimum 5 s).
            stream: Ask for a stream URL (models that stream have one anyway).
            file_encoding: How files in ``input`` are sent: ``"url"`` (uploaded through the
                Files API) or ``"data-uri"`` (inlined).

        Returns:
            The created prediction (terminal only if ``wait`` was given and it finished in time).

        Raises:
            InvalidArgumentError: Bad arguments, before anything is sent.
            APIStatusError: The API refused it (e.g. 422 for an input the model does not take).

        Example:
            >>> p = client.predictions.create(model="replicate-ext/hello", input={})  # doctest: +SKIP
        """
        call = prepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_call(
                version=version,
                model=model,
                input=inp,
                webhook=webhook,
                webhook_events_filter=webhook_events_filter,
                wait=wait,
                cancel_after=cancel_after,
                stream=stream,
            ),
        )
        result: Prediction = self._http.call(call)
        return result

    def get(self, prediction_id: str) -> Prediction:
        """Fetch a prediction by id.

        Example:
            >>> client.predictions.get("gm3qorzdhgbfurvjtvhg6dckhu").status  # doctest: +SKIP
            'succeeded'
        """
        result: Prediction = self._http.call(
            Call("predictions.predictions_get", {"prediction_id": prediction_id})
        )
        return result

    def cancel(self, prediction_id: str) -> Prediction:
        """Cancel a prediction; returns it as it is after the request.

        Example:
            >>> client.predictions.cancel(p.id).status  # doctest: +SKIP
            'canceled'
        """
        call = Call("predictions.predictions_cancel", {"prediction_id": prediction_id})
        result: Prediction = self._http.call(call)
        return result

    def list(
        self,
        *,
        created_after: dt.datetime | str | None = None,
        created_before: dt.datetime | str | None = None,
        source: Literal["web"] | None = None,
        cursor: str | None = None,
    ) -> Page[Prediction]:
        """One page of predictions, newest first; use ``client.paginate`` for all of them.

        Example:
            >>> page = client.predictions.list(created_after="2025-01-01T00:00:00Z")  # doctest: +SKIP
            >>> [p.id for p in page.results]                                          # doctest: +SKIP
        """
        call = predictions_list_call(
            created_after=created_after, created_before=created_before, source=source, cursor=cursor
        )
        result: Page[Prediction] = self._http.call(call)
        return result

    def stream(
        self, prediction: str | Prediction, *, include_logs: bool = False
    ) -> Iterator[ServerSentEvent]:
        """Iterate a prediction's events (``output``, and ``logs`` if asked) until ``done``.

        Args:
            prediction: A ``Prediction`` or its id.
            include_logs: Also yield ``logs`` events.

        Raises:
            ModelError: An ``error`` event came.
            PredictionCanceledError: The prediction was canceled.
            StreamInterruptedError: The stream dropped and could not be resumed.

        Example:
            >>> for event in client.predictions.stream(p):  # doctest: +SKIP
            ...     print(event, end="")
        """
        found = self.get(prediction) if isinstance(prediction, str) else prediction
        yield from stream_events(
            self._http, stream_url(found), found.id, self.get, include_logs=include_logs
        )


class AsyncPredictions(AsyncResource):
    """``client.predictions`` of :class:`~replicate_ext.AsyncReplicate`: the async twin."""

    async def create(
        self,
        *,
        version: str | None = None,
        model: str | None = None,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        wait: Wait = False,
        cancel_after: CancelAfter = None,
        stream: bool | None = None,
        file_encoding: FileEncoding = "url",
    ) -> Prediction:
        """Create a prediction; see :meth:`Predictions.create`.

        Example:
            >>> p = await client.predictions.create(model="replicate-ext/hello", input={})  # doctest: +SKIP
        """
        call = await aprepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_call(
                version=version,
                model=model,
                input=inp,
                webhook=webhook,
                webhook_events_filter=webhook_events_filter,
                wait=wait,
                cancel_after=cancel_after,
                stream=stream,
            ),
        )
        result: Prediction = await self._http.call(call)
        return result

    async def get(self, prediction_id: str) -> Prediction:
        """Fetch a prediction by id.

        Example:
            >>> (await client.predictions.get("gm3qorzdhgbfurvjtvhg6dckhu")).status  # doctest: +SKIP
        """
        call = Call("predictions.predictions_get", {"prediction_id": prediction_id})
        result: Prediction = await self._http.call(call)
        return result

    async def cancel(self, prediction_id: str) -> Prediction:
        """Cancel a prediction.

        Example:
            >>> await client.predictions.cancel(p.id)  # doctest: +SKIP
        """
        call = Call("predictions.predictions_cancel", {"prediction_id": prediction_id})
        result: Prediction = await self._http.call(call)
        return result

    async def list(
        self,
        *,
        created_after: dt.datetime | str | None = None,
        created_before: dt.datetime | str | None = None,
        source: Literal["web"] | None = None,
        cursor: str | None = None,
    ) -> Page[Prediction]:
        """One page of predictions, newest first.

        Example:
            >>> page = await client.predictions.list()  # doctest: +SKIP
        """
        call = predictions_list_call(
            created_after=created_after, created_before=created_before, source=source, cursor=cursor
        )
        result: Page[Prediction] = await self._http.call(call)
        return result

    async def stream(
        self, prediction: str | Prediction, *, include_logs: bool = False
    ) -> AsyncIterator[ServerSentEvent]:
        """Iterate a prediction's events; see :meth:`Predictions.stream`.

        Example:
            >>> async for event in client.predictions.stream(p): ...  # doctest: +SKIP
        """
        found = await self.get(prediction) if isinstance(prediction, str) else prediction
        async for event in astream_events(
            self._http, stream_url(found), found.id, self.get, include_logs=include_logs
        ):
            yield event
