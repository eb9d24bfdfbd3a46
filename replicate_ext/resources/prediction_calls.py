"""The calls that create, fetch and list predictions: pure builders, no I/O.

Each function returns a :class:`~replicate_ext._call.Call` (or a ``Flow`` of calls) that a
client sends; ``client.predictions`` (``replicate_ext.resources.predictions``), ``client.run``
and the model and deployment resources are built on them.

Example:
    >>> call = create_call(model="acme/hello", input={"name": "Ada"}, wait=5)
    >>> call.request["url"], call.request["headers"]["Prefer"]
    ('/models/acme/hello/predictions', 'wait=5')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Literal, TypeVar, Unpack

from replicate_api.api.deployments import deployments_predictions_create
from replicate_api.api.models import models_predictions_create
from replicate_api.api.predictions import (
    predictions_cancel,
    predictions_create,
    predictions_get,
    predictions_list,
)
from replicate_api.models import ModelPredictionRequest, Prediction, PredictionRequest
from replicate_api.types import UNSET

from .._call import Call, CallOptions, Flow, page_of
from ..deadlines import cancel_after_header, prefer_header, prefer_seconds
from ..errors import InvalidArgumentError
from ..file_input import FileEncoding, encode_input
from ..inputs import check_input
from ..pagination import Page
from ..refs import parse_model_ref, parse_owner_name
from ._resource import present

__all__ = [
    "CancelAfter",
    "PredictionFilters",
    "PredictionOptions",
    "Wait",
    "cancel_call",
    "create_call",
    "create_flow",
    "create_prediction",
    "get_call",
    "predictions_list_call",
]

T = TypeVar("T")
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
    checked: dict[str, Any] = check_input(value)
    return checked


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
    **options: Unpack[CallOptions],
) -> Call[Prediction]:
    """The :class:`Call` that creates a prediction of a version, a model or a deployment.

    Exactly one of ``version``, ``model`` or ``deployment`` names the target. ``model`` may be
    ``owner/name:VERSION``, which runs that version.

    Raises:
        InvalidArgumentError: No target or several, or a bad ``wait``, ``cancel_after`` or filter.
        InvalidReferenceError: A malformed reference.

    Example:
        >>> create_call(model="acme/hello", input={"name": "Ada"}, wait=5).request["url"]
        '/models/acme/hello/predictions'
    """
    if sum(x is not None for x in (version, model, deployment)) != 1:
        raise InvalidArgumentError("Give exactly one of version=, model= or deployment=.")
    fields = present(
        {
            "input": _input(input),
            "webhook": webhook,
            "webhook_events_filter": _events(webhook_events_filter),
            "stream": stream,
        }
    )
    prefer = prefer_header(wait)
    headers = {
        "prefer": prefer or UNSET,
        "cancel_after": cancel_after_header(cancel_after) or UNSET,
    }
    hold = float(prefer_seconds(prefer))
    request: dict[str, Any]
    if deployment is not None:
        owner, name = parse_owner_name(deployment, kind="deployment")
        request = deployments_predictions_create.build_request(
            owner, name, body=ModelPredictionRequest.from_dict(fields), **headers
        )
        parse = deployments_predictions_create.parse_response
    else:
        ref = parse_model_ref(version if version is not None else str(model))
        if model is not None and ref.owner is None:
            raise InvalidArgumentError(
                f"model={model!r} must be 'owner/name'; pass a version id as version=."
            )
        if ref.version is not None:
            body = PredictionRequest.from_dict({"version": ref.version, **fields})
            request = predictions_create.build_request(body=body, **headers)
            parse = predictions_create.parse_response
        elif version is not None:
            raise InvalidArgumentError(
                f"version={version!r} has no version id; use model={version!r}."
            )
        else:
            assert ref.owner is not None and ref.name is not None
            request = models_predictions_create.build_request(
                ref.owner, ref.name, body=ModelPredictionRequest.from_dict(fields), **headers
            )
            parse = models_predictions_create.parse_response
    call = Call(request, parse, idempotent=False, hold=hold)
    return call.with_options(**options)


def get_call(prediction_id: str) -> Call[Prediction]:
    """The :class:`Call` that fetches a prediction.

    Example:
        >>> get_call("abc").request["url"]
        '/predictions/abc'
    """
    return Call(predictions_get.build_request(prediction_id), predictions_get.parse_response)


def cancel_call(prediction_id: str) -> Call[Prediction]:
    """The :class:`Call` that cancels a prediction (safe to re-send: canceling twice is harmless).

    Example:
        >>> cancel_call("abc").request["url"]
        '/predictions/abc/cancel'
    """
    request = predictions_cancel.build_request(prediction_id)
    return Call(request, predictions_cancel.parse_response)


def _when(name: str, value: dt.datetime | str | None) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise InvalidArgumentError(
            f"{name}={value!r} is not an ISO 8601 date-time such as '2025-01-01T00:00:00Z'."
        ) from None


class PredictionFilters(CallOptions, total=False):
    """The filters of ``predictions.list``.

    Attributes:
        created_after: Only predictions created after this (a ``datetime`` or ISO 8601 text).
        created_before: Only predictions created before this.
        source: ``"web"``: only predictions made on the website.
        cursor: The cursor of the page to fetch (from a previous page).
    """

    created_after: dt.datetime | str | None
    created_before: dt.datetime | str | None
    source: Literal["web"] | None
    cursor: str | None


def predictions_list_call(**filters: Unpack[PredictionFilters]) -> Call[Page[Prediction]]:
    """The :class:`Call` that lists predictions, newest first.

    Example:
        >>> predictions_list_call(created_after="2025-01-01T00:00:00Z").request["params"]
        {'created_after': '2025-01-01T00:00:00+00:00'}
    """
    source = filters.get("source")
    if source is not None and source != "web":
        raise InvalidArgumentError(f"source={source!r}: the API only filters by source='web'.")
    after = _when("created_after", filters.get("created_after"))
    before = _when("created_before", filters.get("created_before"))
    request = predictions_list.build_request(
        created_after=after or UNSET,
        created_before=before or UNSET,
        source=source or UNSET,
        cursor=filters.get("cursor") or UNSET,
    )
    call = Call(request, page_of(predictions_list.parse_response))
    return call.with_options(
        timeout=filters.get("timeout"), extra_headers=filters.get("extra_headers")
    )


class PredictionOptions(CallOptions, total=False):
    """How a prediction is created: the keywords of every ``create`` of a prediction
    (``predictions``, ``models.predictions``, ``deployments.predictions``).

    Attributes:
        input: The model's inputs; files (``Path``, bytes, binary files) are sent as
            ``file_encoding`` says.
        webhook: A URL the API calls as the prediction progresses.
        webhook_events_filter: Which of ``start``, ``output``, ``logs``, ``completed`` to send.
        wait: Hold the request until the prediction finishes: ``True`` (60 s) or seconds.
        cancel_after: A deadline such as ``"5m"`` or seconds (minimum 5 s).
        stream: Ask for a stream URL (models that stream have one anyway).
        file_encoding: ``"url"`` (uploaded through the Files API, the default) or
            ``"data-uri"`` (inlined).
        validate: Check ``input`` against the model's schema first (fetched once per model
            and client); raises :class:`~replicate_ext.InputValidationError` before any
            upload or create.
    """

    input: dict[str, Any] | None
    webhook: str | None
    webhook_events_filter: Iterable[str] | None
    wait: Wait
    cancel_after: CancelAfter
    stream: bool | None
    file_encoding: FileEncoding
    validate: bool


def create_prediction(
    *,
    version: str | None = None,
    model: str | None = None,
    deployment: str | None = None,
    **params: Unpack[PredictionOptions],
) -> Flow[Prediction]:
    """The flow of every prediction create: validate, upload the input's files, create.

    Example:
        >>> flow = create_prediction(model="acme/hello", input={"name": "Ada"}, wait=5)
        >>> next(flow).request["headers"]["Prefer"]
        'wait=5'
    """
    input = params.get("input")

    def build(inp: dict[str, Any] | None) -> Call[Prediction]:
        return create_call(
            version=version,
            model=model,
            deployment=deployment,
            input=inp,
            webhook=params.get("webhook"),
            webhook_events_filter=params.get("webhook_events_filter"),
            wait=params.get("wait", False),
            cancel_after=params.get("cancel_after"),
            stream=params.get("stream"),
            timeout=params.get("timeout"),
            extra_headers=params.get("extra_headers"),
        )

    return create_flow(input, params.get("file_encoding", "url"), build)


def create_flow(
    input: dict[str, Any] | None,
    file_encoding: FileEncoding,
    build: Callable[[dict[str, Any] | None], Call[T]],
) -> Flow[T]:
    """Create a prediction (or training) whose input may hold files: the call is validated
    first (nothing is uploaded for a call that would be refused), then the files are uploaded,
    then it is sent."""
    call = build(input)
    encoded = yield from encode_input(input, file_encoding)
    created: T = yield (call if encoded is input else build(encoded))
    return created
