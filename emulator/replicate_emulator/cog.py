"""Run real Cog predictors locally through Replicate's own runtime, without Docker.

:class:`CogPredictor` starts Cog's prediction server (``coglet``, the Rust HTTP
server shipped on PyPI as ``coglet`` and driven by the ``cog`` Python SDK) as a
subprocess bound to ``127.0.0.1`` on a free port, and talks to it over HTTP:

* ``GET /health-check`` until the model's ``setup()`` has finished,
* ``GET /openapi.json`` for the model's Cog OpenAPI schema,
* ``PUT /predictions/{id}`` with ``Accept: text/event-stream`` to run one
  prediction and receive its ``log``, ``output`` and ``completed`` events live,
* ``POST /predictions/{id}/cancel`` to cancel it.

``cog build`` normally bakes the model's OpenAPI schema into the image as
``.cog/openapi_schema.json``; the runtime reads that file (relative to its working
directory) to serve ``/openapi.json`` and to validate inputs. Without Docker we
generate the same document with the Cog SDK's own introspection (in a short-lived
subprocess) and give the runtime a private working directory that contains it,
plus symlinks to every top-level entry of the model's project directory, so that
``import helper`` and relative file paths in ``predict.py`` behave as in a
container.

Neither ``cog`` nor ``coglet`` is imported by this module: they are only needed
in the interpreter that runs the subprocesses (``sys.executable``).

The parts live in modules of their own: the schema generation in
:mod:`.cog_openapi` (and the program it runs, :mod:`.cog_openapi_script`), the
runtime process in :mod:`.cog_launcher`, and one prediction's protocol in
:mod:`.cog_protocol`.

Example:
    >>> from replicate_emulator.cog import CogPredictor
    >>> with CogPredictor("examples/cog-hello/predict.py:Predictor") as model:  # doctest: +SKIP
    ...     print(model.openapi_schema()["components"]["schemas"]["Input"]["properties"])
    ...     print(model.predict({"name": "Alice"}, log=lambda line: print("log:", line, end="")))
    {'name': {'default': 'world', 'description': 'Who to greet.', 'title': 'Name', ...}}
    log: greeting Alice
    hello Alice
"""

from __future__ import annotations

import contextlib
import copy
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from . import cog_openapi
from .cog_errors import CogCanceledError, CogInputError
from .cog_launcher import CogRuntime
from .cog_project import resolve_ref
from .cog_protocol import OutputStream, Prediction, start_prediction

__all__ = ["CogCanceledError", "CogInputError", "CogPredictor"]


class CogPredictor:
    """A real Cog predictor served by Cog's own runtime in a local subprocess.

    The runtime is ``coglet`` (``pip install cog==0.23.1``), started with the
    same interpreter as the caller (``sys.executable``). Predictions run one at a
    time; calls from several threads are serialized.

    Args:
        ref: ``path/to/predict.py:Predictor`` (path relative to ``cwd`` or
            absolute), or a directory / ``cog.yaml`` whose ``predict:`` entry
            names the predictor. The model's project directory is the nearest
            directory at or above the file holding a ``cog.yaml``, else the
            file's own directory.
        cwd: Directory that a relative ``ref`` is resolved against (defaults to
            the current working directory).

    Attributes:
        last_prediction: The runtime's final payload (``id``, ``status``,
            ``output``, ``error``, ``logs``, ``metrics``) of the most recently
            completed prediction, or ``None``.

    Example:
        >>> with CogPredictor("examples/cog-hello/predict.py:Predictor") as model:  # doctest: +SKIP
        ...     model.predict({"name": "Alice"})
        'hello Alice'
    """

    def __init__(self, ref: str, *, cwd: str | None = None) -> None:
        self.ref = ref
        self.cwd = Path(cwd) if cwd is not None else Path.cwd()
        self.last_prediction: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._state_lock = threading.RLock()
        self._runtime = CogRuntime(ref)
        self._schema: dict[str, Any] | None = None
        self._current: Prediction | None = None

    # -- lifecycle -----------------------------------------------------------

    def start(self, timeout: float = 300.0) -> None:
        """Start the runtime and wait until the model's ``setup()`` has finished.

        Args:
            timeout: Seconds to wait for schema generation plus setup.

        Raises:
            RuntimeError: If the predictor cannot be loaded, setup fails, or the
                runtime is not ready in time; the message includes the relevant
                part of the runtime's output.
            FileNotFoundError: If the predictor file does not exist.
        """
        with self._state_lock:
            if self._runtime.proc is not None:
                return
            project, rel_file, name = resolve_ref(self.ref, self.cwd)
            try:
                self._runtime.start(project, rel_file, name, time.monotonic() + timeout)
            except BaseException:
                self.stop()
                raise

    def stop(self) -> None:
        """Stop the runtime (and its worker) and delete its working files.

        Idempotent; safe to call even if :meth:`start` was never called or failed.
        """
        with self._state_lock:
            current = self._current
            if current is not None:
                # Unblock whoever is reading it, then release the predictor.
                with contextlib.suppress(Exception):
                    current.response.close()
                with contextlib.suppress(Exception):
                    current.close()
            self._runtime.stop()
            self._schema = None

    @property
    def pid(self) -> int | None:
        """Process id of the runtime (also its process group id), if started."""
        proc = self._runtime.proc
        return proc.pid if proc is not None else None

    @property
    def running(self) -> bool:
        """Whether the runtime subprocess is alive."""
        proc = self._runtime.proc
        return proc is not None and proc.poll() is None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):
            self.stop()

    # -- API -----------------------------------------------------------------

    def openapi_schema(self) -> dict[str, Any]:
        """Return the model's Cog OpenAPI schema, as served by the runtime.

        Returns:
            The OpenAPI document; ``components.schemas.Input`` and ``Output``
            describe the model's inputs and output. ``x-cog-streaming`` is set on
            ``POST /predictions`` only if the model opted in with
            ``@cog.streaming``.

        Example:
            >>> schema = model.openapi_schema()  # doctest: +SKIP
            >>> schema["components"]["schemas"]["Input"]["properties"]["name"]["default"]  # doctest: +SKIP
            'world'
        """
        if self._schema is None:
            response = self._runtime.http().get("/openapi.json")
            response.raise_for_status()
            self._schema = cog_openapi.served(response.json(), streaming=self._runtime.streaming)
        return copy.deepcopy(self._schema)

    def predict(
        self, input: dict[str, Any], log: Callable[[str], None] | None = None
    ) -> Any | Iterator[Any]:
        """Run one prediction.

        Args:
            input: The model's inputs (files as ``data:`` or ``http(s)://`` URLs).
            log: Called with each chunk of the model's stdout/stderr as it is
                written (usually one line, including its trailing newline).

        Returns:
            The output (file outputs are ``data:`` URLs). For iterator-output
            models, an iterator yielding each chunk as the model produces it;
            consume it fully or ``close()`` it, as the predictor stays busy until
            then (closing early cancels the prediction).

        Raises:
            CogInputError: If the runtime rejects the input.
            CogCanceledError: If the prediction was canceled.
            RuntimeError: With the model's error message if the prediction fails.

        Example:
            >>> model.predict({"name": "Alice"}, log=print)  # doctest: +SKIP
            greeting Alice
            'hello Alice'
        """
        self._lock.acquire()
        try:
            prediction = start_prediction(self._runtime, input, log, on_close=self._finish)
        except BaseException:
            self._lock.release()
            raise
        self._current = prediction
        if self._runtime.iterator_output:
            return OutputStream(prediction)
        try:
            return prediction.output()
        finally:
            prediction.close()

    def cancel(self) -> bool:
        """Cancel the running prediction, if any.

        Returns:
            Whether a prediction was running. Its :meth:`predict` call (or output
            iterator) then raises :class:`CogCanceledError`.
        """
        current = self._current
        if current is None or current.closed:
            return False
        current.cancel()
        return True

    def _finish(self, prediction: Prediction) -> None:
        if prediction.final is not None:
            self.last_prediction = prediction.final
        if self._current is prediction:
            self._current = None
        self._lock.release()
