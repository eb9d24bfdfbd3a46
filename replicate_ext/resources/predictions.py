"""Predictions: create, get, list, cancel and stream (``client.predictions``).

Each method is written once for both clients (see ``replicate_ext._binding``); the calls they
send are built in ``replicate_ext.resources.prediction_calls``.

Example:
    >>> from replicate_ext import Replicate
    >>> client = Replicate()                                       # doctest: +SKIP
    >>> p = client.predictions.create(model="replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
    >>> client.wait(p).output                                      # doctest: +SKIP
    'hello Ada'
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Unpack, overload

from replicate_api.models import Prediction

from .._binding import S, api
from .._call import Call, CallOptions, Flow
from .._http import AsyncHTTP, SyncHTTP
from ..pagination import Page
from ..streaming import ServerSentEvent, astream_events, stream_events, stream_url
from ._resource import Resource
from .prediction_calls import (
    CancelAfter,
    PredictionFilters,
    PredictionOptions,
    Wait,
    cancel_call,
    create_call,
    create_prediction,
    get_call,
    predictions_list_call,
)

# The call builders are re-exported: ``running``, ``client``, ``models`` and ``deployments``
# import them from here.
__all__ = [
    "CancelAfter",
    "PredictionFilters",
    "PredictionOptions",
    "Predictions",
    "Wait",
    "cancel_call",
    "create_call",
    "create_prediction",
    "get_call",
    "predictions_list_call",
]


class Predictions(Resource[S]):
    """``client.predictions``: create, get, list, cancel and stream predictions."""

    @api
    def create(
        self,
        *,
        version: str | None = None,
        model: str | None = None,
        **params: Unpack[PredictionOptions],
    ) -> Flow[Prediction]:
        """Create a prediction of a model version, or of a model's latest or official version.

        Args:
            version: A version id, or ``owner/name:VERSION``.
            model: ``owner/name`` (its latest or official version), instead of ``version``.
            **params: ``input``, ``webhook``, ``webhook_events_filter``, ``wait``,
                ``cancel_after``, ``stream``, ``file_encoding``, ``validate`` and the per-call options
                (see :class:`PredictionOptions`).

        Returns:
            The created prediction (terminal only if ``wait`` was given and it finished in time).

        Raises:
            InvalidArgumentError: Bad arguments, before anything is sent.
            InputValidationError: ``validate=True`` and the input has problems (all listed).
            APIStatusError: The API refused it (e.g. 422 for an input the model does not take).

        Example:
            >>> p = client.predictions.create(model="replicate-ext/hello", input={})  # doctest: +SKIP
        """
        flow = create_prediction(version=version, model=model, **params)
        if not params.get("validate"):
            return flow
        from ..schema.lookup import validated

        ref = model if model is not None else version
        return validated(self._http, flow, params.get("input"), ref=ref)

    @api
    def get(self, prediction_id: str, **options: Unpack[CallOptions]) -> Call[Prediction]:
        """Fetch a prediction by id.

        Example:
            >>> client.predictions.get("gm3qorzdhgbfurvjtvhg6dckhu").status  # doctest: +SKIP
            'succeeded'
        """
        return get_call(prediction_id).with_options(**options)

    @api
    def cancel(self, prediction_id: str, **options: Unpack[CallOptions]) -> Call[Prediction]:
        """Cancel a prediction; returns it as it is after the request.

        Example:
            >>> client.predictions.cancel(p.id).status  # doctest: +SKIP
            'canceled'
        """
        return cancel_call(prediction_id).with_options(**options)

    @api
    def list(self, **filters: Unpack[PredictionFilters]) -> Call[Page[Prediction]]:
        """One page of predictions, newest first; use ``client.paginate`` for all of them.

        Args:
            **filters: ``created_after``, ``created_before``, ``source``, ``cursor`` and the
                per-call options (see :class:`PredictionFilters`).

        Example:
            >>> page = client.predictions.list(created_after="2025-01-01T00:00:00Z")  # doctest: +SKIP
            >>> [p.id for p in page.results]                                          # doctest: +SKIP
        """
        return predictions_list_call(**filters)

    @overload
    def stream(
        self: Predictions[SyncHTTP], prediction: str | Prediction, *, include_logs: bool = False
    ) -> Iterator[ServerSentEvent]: ...

    @overload
    def stream(
        self: Predictions[AsyncHTTP], prediction: str | Prediction, *, include_logs: bool = False
    ) -> AsyncIterator[ServerSentEvent]: ...

    def stream(
        self, prediction: str | Prediction, *, include_logs: bool = False
    ) -> Iterator[ServerSentEvent] | AsyncIterator[ServerSentEvent]:
        """Iterate a prediction's events (``output``, and ``logs`` if asked) until ``done``:
        ``for`` with :class:`~replicate_ext.Replicate`, ``async for`` with ``AsyncReplicate``.

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
        if isinstance(self._http, SyncHTTP):
            return _stream(Predictions(self._http), prediction, include_logs)
        return _astream(Predictions(self._http), prediction, include_logs)


def _stream(
    predictions: Predictions[SyncHTTP], prediction: str | Prediction, include_logs: bool
) -> Iterator[ServerSentEvent]:
    found = predictions.get(prediction) if isinstance(prediction, str) else prediction
    yield from stream_events(
        predictions._http, stream_url(found), found.id, predictions.get, include_logs=include_logs
    )


async def _astream(
    predictions: Predictions[AsyncHTTP], prediction: str | Prediction, include_logs: bool
) -> AsyncIterator[ServerSentEvent]:
    found = await predictions.get(prediction) if isinstance(prediction, str) else prediction
    async for event in astream_events(
        predictions._http, stream_url(found), found.id, predictions.get, include_logs=include_logs
    ):
        yield event
