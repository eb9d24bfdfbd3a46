"""One prediction on Cog's runtime: ``PUT /predictions/{id}`` read as server-sent events.

:func:`start_prediction` sends the prediction with ``Accept: text/event-stream``;
the runtime answers with its ``log``, ``output`` and ``completed`` events as they
happen, which :class:`Prediction` reads one at a time. ``POST
/predictions/{id}/cancel`` cancels it. Input the runtime rejects raises
:class:`CogInputError`, a canceled prediction :class:`CogCanceledError`, and a
failed one :class:`RuntimeError` with the model's error message.

Example:
    >>> prediction = start_prediction(runtime, {"name": "Alice"}, print, on_close=print)  # doctest: +SKIP
    >>> prediction.output()  # doctest: +SKIP
    greeting Alice
    'hello Alice'
    >>> prediction.close()  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Self

import httpx

from .cog_errors import CogCanceledError, CogInputError, error_message, format_validation
from .cog_launcher import CogRuntime

__all__ = [
    "OutputStream",
    "Prediction",
    "start_prediction",
]

#: Where coglet keeps per-prediction input/output files. Not configurable in
#: coglet 0.23.1, so we delete our own prediction's folder after each prediction.
_COGLET_PREDICTIONS_DIR = Path("/tmp/coglet/predictions")  # noqa: S108


def _parse_events(lines: Iterator[str]) -> Iterator[tuple[str, Any]]:
    event, data = "message", list[str]()
    for line in lines:
        if not line:
            if data:
                yield event, json.loads("\n".join(data))
            event, data = "message", []
        elif line.startswith(":"):
            continue
        else:
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                event = value
            elif field == "data":
                data.append(value)
    if data:
        yield event, json.loads("\n".join(data))


def _outcome(final: dict[str, Any]) -> Any:
    """The output of a completed prediction, or its error raised."""
    status = final.get("status")
    if status == "succeeded":
        return final.get("output")
    if status == "canceled":
        raise CogCanceledError(error_message(final) if final.get("error") else "canceled")
    raise RuntimeError(error_message(final))


class Prediction:
    """One in-flight prediction read as server-sent events.

    Its owner is busy from creation until :meth:`close`, which calls ``on_close``.

    Attributes:
        id: The prediction's id.
        final: The runtime's final payload, once the prediction has completed.
        closed: Whether :meth:`close` has been called.
    """

    def __init__(
        self,
        runtime: CogRuntime,
        prediction_id: str,
        response: httpx.Response,
        log: Callable[[str], None] | None,
        on_close: Callable[[Prediction], None],
    ) -> None:
        self.runtime = runtime
        self.id = prediction_id
        self.response = response
        self.log = log
        self.final: dict[str, Any] | None = None
        self.closed = False
        self._on_close = on_close
        self._close_lock = threading.Lock()
        self._events = _parse_events(response.iter_lines())

    def next_chunk(self) -> tuple[bool, Any]:
        """Advance to the next output chunk.

        Returns:
            ``(True, chunk)`` for an output chunk, ``(False, final_payload)`` once
            the prediction is complete.
        """
        try:
            for event, data in self._events:
                if event == "log":
                    if self.log is not None:
                        self.log(str(data.get("data", "")))
                elif event == "output":
                    return True, data.get("chunk")
                elif event == "completed":
                    self.final = data
                    return False, data
                elif event == "error":
                    raise RuntimeError(f"prediction stream error: {data}")
        except httpx.HTTPError as exc:
            raise self.runtime.died(f"lost connection to the Cog runtime: {exc}") from exc
        raise self.runtime.died("the Cog runtime closed the prediction stream early")

    def output(self) -> Any:
        """Read the prediction to its end.

        Returns:
            Its output (for iterator-output models, the chunks produced after the
            ones already read, as the runtime collects them).

        Raises:
            CogCanceledError: If it was canceled.
            RuntimeError: With the model's error message if it failed.
        """
        while True:
            more, value = self.next_chunk()
            if not more:
                return _outcome(value)

    def cancel(self) -> None:
        """Ask the runtime to cancel this prediction (ignored if unreachable)."""
        client = self.runtime.client
        if client is not None:
            with contextlib.suppress(httpx.HTTPError):
                client.post(f"/predictions/{self.id}/cancel", timeout=5)

    def close(self) -> None:
        """Finish with this prediction (cancelling it if still running); idempotent."""
        with self._close_lock:
            if self.closed:
                return
            self.closed = True
        try:
            if self.final is None:
                # Abandoned mid-way: cancel it and wait (boundedly) for the runtime
                # to report it canceled, so its slot is free for the next one.
                self.cancel()
                self.log = None
                give_up = threading.Timer(10.0, self.response.close)
                give_up.start()
                with contextlib.suppress(Exception):
                    while self.next_chunk()[0]:
                        pass
                give_up.cancel()
            self.response.close()
            shutil.rmtree(_COGLET_PREDICTIONS_DIR / self.id, ignore_errors=True)
        finally:
            self._on_close(self)


class OutputStream(Iterator[Any]):
    """Iterator over an iterator-output prediction's chunks, as they are produced.

    Consume it fully or :meth:`close` it (also a context manager): until then the
    predictor is busy. Closing it early cancels the prediction.
    """

    def __init__(self, prediction: Prediction) -> None:
        self._prediction = prediction

    def __iter__(self) -> Self:
        return self

    def __next__(self) -> Any:
        p = self._prediction
        if p.closed:
            raise StopIteration
        try:
            more, value = p.next_chunk()
            if more:
                return value
            _outcome(value)
        except BaseException:
            p.close()
            raise
        p.close()
        raise StopIteration

    def close(self) -> None:
        """Stop consuming; cancels the prediction if it is still running."""
        self._prediction.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.close()


def start_prediction(
    runtime: CogRuntime,
    input: dict[str, Any],
    log: Callable[[str], None] | None,
    on_close: Callable[[Prediction], None],
) -> Prediction:
    """Send one prediction to the runtime and return it, its events still to read.

    Args:
        runtime: The started runtime.
        input: The model's inputs.
        log: Called with each chunk of the model's output as it is read.
        on_close: Called with the prediction when it is closed.

    Returns:
        The prediction; :meth:`Prediction.close` it when done.

    Raises:
        CogInputError: If the runtime rejects the input.
        RuntimeError: If the runtime is not started, cannot be reached, or
            refuses the prediction.
    """
    client = runtime.http()
    prediction_id = uuid.uuid4().hex
    body = {"id": prediction_id, "input": input}
    deadline = time.monotonic() + 10
    while True:
        try:
            request = client.build_request(
                "PUT",
                f"/predictions/{prediction_id}",
                json=body,
                headers={"Accept": "text/event-stream"},
            )
            response = client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise runtime.died(f"cannot reach the Cog runtime: {exc}") from exc
        if response.status_code == 409 and time.monotonic() < deadline:
            # The previous prediction's slot is still being released.
            response.close()
            time.sleep(0.05)
            continue
        break
    if response.status_code != 200:
        try:
            response.read()
            payload = response.json()
        except (httpx.HTTPError, ValueError):
            payload = {"error": response.text}
        finally:
            response.close()
        if response.status_code == 422 and isinstance(payload.get("detail"), list):
            detail = payload["detail"]
            raise CogInputError(format_validation(detail), detail)
        raise RuntimeError(
            f"Cog runtime answered {response.status_code}: "
            + error_message(payload if isinstance(payload, dict) else {})
        )
    return Prediction(runtime, prediction_id, response, log, on_close)
