"""``run()`` and ``wait()``, written once for both clients as flows (see ``_binding``).

``run()`` creates a prediction in sync mode, shortened to fit ``timeout``, then polls until it
finishes (never returning a partial output). An interrupt (Ctrl-C, task cancellation) while
the server holds the create finds the prediction it made and cancels it; an interrupt while
polling cancels the prediction; both unless ``cancel_on_interrupt=False``.

Example:
    >>> run_call("acme/hello", None, {"name": "Ada"}, True, 5.0, None, None, None).hold
    5.0
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypedDict

from replicate_api.api.trainings import trainings_get
from replicate_api.models import Prediction, Training

from ._call import Call, Flow, Interrupted, Sleep
from .config import positive_seconds
from .errors import APIConnectionError, InvalidArgumentError, ReplicateError
from .file_input import FileEncoding, encode_input
from .resources.prediction_calls import create_flow
from .resources.predictions import (
    CancelAfter,
    Wait,
    cancel_call,
    create_call,
    get_call,
    predictions_list_call,
)
from .waiting import Poller, is_terminal, tag_error

if TYPE_CHECKING:
    from ._client_base import BaseClient
    from .streaming import StreamOptions
    from .waiting import ProgressCallback

__all__ = [
    "MAX_LOST_PAGES",
    "RunOptions",
    "WaitOptions",
    "lost_prediction",
    "run_call",
    "run_flow",
    "run_method_flow",
    "stream_call",
    "stream_create_flow",
    "wait_flow",
]

#: Pages of recent predictions read to find the one an interrupted create made (100 each).
MAX_LOST_PAGES = 10


def run_call(
    ref: str | None,
    deployment: str | None,
    input: dict[str, Any] | None,
    wait: Wait,
    timeout: float | None,
    cancel_after: CancelAfter,
    webhook: str | None,
    webhook_events_filter: Iterable[str] | None,
    stream: bool | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> Call[Prediction]:
    """The create call of ``run()``: sync mode for ``wait``, shortened to fit ``timeout``."""
    if (ref is None) == (deployment is None):
        raise InvalidArgumentError("run() needs a model reference or deployment=, not both.")
    if timeout is not None:
        timeout = positive_seconds("timeout", timeout)
    hold: Wait = wait
    if timeout is not None and timeout < 1:
        hold = False  # the shortest sync window (1 s) would overrun the timeout: poll instead
    elif wait is True and timeout is not None:  # the server answers within the timeout
        hold = max(1, min(60, math.floor(timeout)))
    elif isinstance(wait, int) and not isinstance(wait, bool) and timeout is not None:
        hold = max(1, min(wait, math.floor(timeout)))
    kwargs: dict[str, Any] = {
        "input": input,
        "wait": hold,
        "cancel_after": cancel_after,
        "webhook": webhook,
        "webhook_events_filter": webhook_events_filter,
        "stream": stream,
        "extra_headers": extra_headers,
    }
    if deployment is not None:
        return create_call(deployment=deployment, **kwargs)
    if ref is not None and ":" not in ref and "/" not in ref:
        return create_call(version=ref, **kwargs)
    return create_call(model=ref, **kwargs)


def lost_prediction(call: Call[Any], candidates: Iterable[Any]) -> str | None:
    """The prediction an interrupted create made: the one unfinished match, or ``None``.

    A create interrupted while the server held it (sync mode) left no id behind. Among recent
    predictions, the match is the unfinished one with the same input (and model or version);
    when there is not exactly one, nothing is guessed.

    Example:
        >>> from types import SimpleNamespace
        >>> call = create_call(model="acme/hello", input={"name": "Ada"}, wait=True)
        >>> mine = SimpleNamespace(id="p1", status="processing", input_={"name": "Ada"}, model="acme/hello")
        >>> other = SimpleNamespace(id="p2", status="processing", input_={"name": "Bo"}, model="acme/hello")
        >>> lost_prediction(call, [other, mine])
        'p1'
    """
    sent = call.request.get("json") or {}
    version = sent.get("version")
    url = str(call.request["url"])
    parts = url.strip("/").split("/")
    model = f"{parts[1]}/{parts[2]}" if parts[0] == "models" and len(parts) >= 3 else None
    found = [
        p.id
        for p in candidates
        if not is_terminal(p)
        and getattr(p, "input_", None) == sent.get("input")
        and (version is None or getattr(p, "version", None) == version)
        and (model is None or getattr(p, "model", None) == model)
    ]
    return found[0] if len(found) == 1 else None


def _find_lost(call: Call[Any], since: dt.datetime) -> Flow[str | None]:
    """The prediction an interrupted create made, among those created since ``since``: every
    page of them (a busy account makes more than a page in two minutes), up to
    :data:`MAX_LOST_PAGES`."""
    page = yield predictions_list_call(created_after=since)
    candidates = list(page.results)
    for _ in range(MAX_LOST_PAGES - 1):
        cursor = page.next_cursor
        if cursor is None:
            break
        page = yield predictions_list_call(created_after=since, cursor=cursor)
        candidates += page.results
    return lost_prediction(call, candidates)


def _recently() -> dt.datetime:
    """A lower bound for the creation time of a prediction being created now (clock skew aside)."""
    return dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)


def run_flow(
    build: Callable[[dict[str, Any] | None], Call[Prediction]],
    input: dict[str, Any] | None,
    *,
    wait: Wait,
    timeout: float | None,
    cancel_on_interrupt: bool,
    file_encoding: FileEncoding,
    poll_interval: float | None,
    on_progress: ProgressCallback | None,
) -> Flow[Prediction]:
    """Create a prediction and, unless ``wait=False``, wait for it to finish; returns it."""
    started = time.monotonic()
    call = build(input)  # validates references, deadlines and filters before any upload
    encoded = yield from encode_input(input, file_encoding)
    if encoded is not input:
        call = build(encoded)
    since = _recently()
    try:
        prediction: Prediction = yield call
    except (Interrupted, KeyboardInterrupt):  # from the driver, or from on_progress
        if cancel_on_interrupt and call.hold:  # interrupted while the server held it
            with contextlib.suppress(ReplicateError):
                lost = yield from _find_lost(call, since)
                if lost:
                    yield cancel_call(lost)
        raise
    if wait is False:
        return prediction
    try:
        # Polling counts from the create: after a long sync-mode hold it starts backed off.
        finished: Prediction = yield from wait_flow(
            prediction, timeout, on_progress, started, poll_interval
        )
    except (Interrupted, KeyboardInterrupt):  # from the driver, or from on_progress
        if cancel_on_interrupt:
            with contextlib.suppress(ReplicateError):
                yield cancel_call(prediction.id)
        raise
    return finished


def _get(training: bool, prediction_id: str) -> Call[Any]:
    if training:
        return Call(trainings_get.build_request(prediction_id), trainings_get.parse_response)
    return get_call(prediction_id)


def _failed_waiting(exc: ReplicateError, poller: Poller, current: Any) -> ReplicateError:
    """The error to raise when a poll fails: a :class:`PredictionTimeoutError` when it ran out
    of time because the timeout passed; else the error, tagged with the prediction's id."""
    if isinstance(exc, APIConnectionError) and poller.expired():
        return poller.timed_out(current)
    return tag_error(exc, current.id)


def wait_flow(
    prediction: Prediction | Training | str,
    timeout: float | None,
    on_progress: ProgressCallback | None,
    started: float | None,
    poll_interval: float | None,
) -> Flow[Any]:
    """Poll a prediction (or training) until it finishes, and return it."""
    training = isinstance(prediction, Training)
    poller = Poller(timeout=timeout, fixed=poll_interval, on_progress=on_progress, started=started)
    current: Prediction | Training
    if isinstance(prediction, str):
        try:
            current = yield _get(False, prediction)
        except ReplicateError as exc:
            error = _failed_waiting(exc, poller, Prediction(id=prediction))
            if error is exc:
                raise
            raise error from exc
    else:
        current = prediction
    while not poller.observe(current):
        yield Sleep(poller.next_delay(current))
        try:
            current = yield _get(training, current.id)
        except ReplicateError as exc:
            error = _failed_waiting(exc, poller, current)
            if error is exc:
                raise
            raise error from exc
    return current


class RunOptions(TypedDict, total=False):
    """The keywords of ``run()`` besides ``ref``, ``input`` and ``wait`` (see :meth:`BaseClient.run`)."""

    deployment: str | None
    timeout: float | None
    cancel_after: CancelAfter
    webhook: str | None
    webhook_events_filter: Iterable[str] | None
    cancel_on_interrupt: bool
    file_encoding: FileEncoding
    use_file_output: bool
    on_progress: ProgressCallback | None
    extra_headers: Mapping[str, str] | None
    validate: bool


class WaitOptions(TypedDict, total=False):
    """The keywords of ``wait()``: ``timeout`` (seconds) and ``on_progress``."""

    timeout: float | None
    on_progress: ProgressCallback | None


def run_method_flow(
    client: BaseClient[Any],
    ref: str | None,
    input: dict[str, Any] | None,
    wait: Wait,
    options: RunOptions,
) -> Flow[Any]:
    """``client.run(...)``: create, wait, and return the output (or the prediction, ``wait=False``)."""
    timeout = options.get("timeout")
    if options.get("validate"):
        from .schema.lookup import cache_of, check_flow

        deployment = options.get("deployment")
        yield from check_flow(cache_of(client._http), input, ref=ref, deployment=deployment)

    def build(inp: dict[str, Any] | None) -> Call[Prediction]:
        return run_call(
            ref,
            options.get("deployment"),
            inp,
            wait,
            timeout,
            options.get("cancel_after"),
            options.get("webhook"),
            options.get("webhook_events_filter"),
            extra_headers=options.get("extra_headers"),
        )

    prediction = yield from run_flow(
        build,
        input,
        wait=wait,
        timeout=timeout,
        cancel_on_interrupt=options.get("cancel_on_interrupt", True),
        file_encoding=options.get("file_encoding", "url"),
        poll_interval=client._config.poll_interval,
        on_progress=options.get("on_progress"),
    )
    if wait is False:
        return prediction
    return client.output(prediction, use_file_output=options.get("use_file_output", True))


def stream_call(ref: str | None, params: StreamOptions) -> Call[Prediction]:
    """The create call of ``stream()``: a prediction that streams, not held."""
    return _stream_call(ref, params, params.get("input"))


def _stream_call(
    ref: str | None, params: StreamOptions, input: dict[str, Any] | None
) -> Call[Prediction]:
    return run_call(
        ref,
        params.get("deployment"),
        input,
        False,
        None,
        params.get("cancel_after"),
        params.get("webhook"),
        params.get("webhook_events_filter"),
        True,
    )


def stream_create_flow(ref: str | None, params: StreamOptions) -> Flow[Prediction]:
    """The create of ``stream()``: files in the input are uploaded first, as ``run()`` does
    (the arguments are checked before any upload)."""
    return create_flow(params.get("input"), "url", lambda inp: _stream_call(ref, params, inp))
