"""``BaseClient``: the methods that run models, for both clients, written once.

``run``, ``wait``, ``stream``, ``use`` and ``batch`` return the result with
:class:`~replicate_ext.Replicate` and a coroutine (or an async iterator) with
:class:`~replicate_ext.AsyncReplicate`; self-typed overloads make ``run(..., wait=False)`` typed
``Prediction`` and ``wait(training)`` ``Training``. The flows behind them live in ``running``,
``streaming``, ``functions`` and ``batch``; configuration and resources in ``_client_core``.
"""

from __future__ import annotations

from collections.abc import Coroutine, Iterable
from typing import TYPE_CHECKING, Any, Literal, Unpack, overload

from ._binding import S
from ._client_core import ClientCore
from ._http import AsyncHTTP, SyncHTTP
from .deadlines import deadline_for

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from replicate_api.models import Prediction, Training

    from .batch import BatchOptions, BatchResult
    from .functions import AsyncModelFunction, ModelFunction
    from .resources.predictions import Wait
    from .running import RunOptions, WaitOptions
    from .streaming import ServerSentEvent, StreamOptions

__all__ = ["BaseClient"]


class BaseClient(ClientCore[S]):
    """Both clients: :class:`~replicate_ext._client_core.ClientCore` plus running models."""

    @overload
    def run(
        self: BaseClient[SyncHTTP],
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        wait: Literal[False],
        **options: Unpack[RunOptions],
    ) -> Prediction: ...

    @overload
    def run(
        self: BaseClient[SyncHTTP],
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        wait: Wait = True,
        **options: Unpack[RunOptions],
    ) -> Any: ...

    @overload
    def run(
        self: BaseClient[AsyncHTTP],
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        wait: Literal[False],
        **options: Unpack[RunOptions],
    ) -> Coroutine[Any, Any, Prediction]: ...

    @overload
    def run(
        self: BaseClient[AsyncHTTP],
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        wait: Wait = True,
        **options: Unpack[RunOptions],
    ) -> Coroutine[Any, Any, Any]: ...

    def run(
        self,
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        wait: Wait = True,
        **options: Unpack[RunOptions],
    ) -> Any:
        """Run a model and return its output.

        Sync mode (``Prefer: wait``) is asked for; if the answer comes before the prediction
        finishes, polling takes over, so the output is never partial.

        Args:
            ref: ``owner/name`` (official model or latest version), ``owner/name:VERSION``,
                or a bare version id.
            input: The model's inputs.
            wait: ``True`` (hold up to 60 s, then poll), seconds to hold, or ``False`` to
                return the created prediction at once (typed ``Prediction``).
            **options: The other keywords (``RunOptions`` in ``replicate_ext.running``):
                ``deployment`` (``owner/name`` of a deployment to run instead of ``ref``);
                ``timeout`` (a deadline in seconds for the whole call: uploads, create and
                polls included, it returns or raises within ``timeout`` + 0.5 s; the
                prediction goes on); ``cancel_after`` (a server-side deadline such as ``"5m"``, minimum 5 s);
                ``webhook`` and ``webhook_events_filter``; ``cancel_on_interrupt`` (cancel
                the prediction if Ctrl-C or task cancellation interrupts the wait, default
                ``True``); ``file_encoding`` (files in ``input`` are uploaded through the
                Files API, ``"url"``, or inlined, ``"data-uri"``); ``use_file_output`` (wrap
                URL outputs in :class:`~replicate_ext.FileOutput`, default ``True``);
                ``on_progress`` (called with ``(prediction, progress)`` whenever the status
                or the progress parsed from the logs changes); ``extra_headers`` (added to
                the create request); ``validate`` (check ``input`` against the model's schema
                first, fetched once per model and client: raises
                :class:`~replicate_ext.InputValidationError` before any upload or create).

        Returns:
            The output; or the created ``Prediction`` when ``wait=False``.

        Raises:
            InvalidReferenceError: A malformed reference (before anything is sent).
            InputValidationError: ``validate=True`` and the input has problems (all listed).
            ModelError: The prediction failed.
            PredictionCanceledError: It was canceled or aborted.
            PredictionTimeoutError: ``timeout`` passed; the prediction goes on.
            APITimeoutError: ``timeout`` passed while the create was in flight: its outcome
                is unknown (``outcome_unknown``), see the message.

        Example:
            >>> client.run("replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
            'hello Ada'
        """
        deadline = deadline_for(options.get("timeout"))  # the clock starts before any import
        from .running import run_method_flow

        flow = run_method_flow(self, ref, input, wait, options)
        return self._http.drive(flow, deadline)

    @overload
    def use(self: BaseClient[SyncHTTP], ref: str, *, streaming: bool = False) -> ModelFunction: ...

    @overload
    def use(
        self: BaseClient[AsyncHTTP], ref: str, *, streaming: bool = False
    ) -> AsyncModelFunction: ...

    def use(self, ref: str, *, streaming: bool = False) -> ModelFunction | AsyncModelFunction:
        """A model as a Python function: call it with the model's inputs as keywords.

        The model's schema is fetched once (on first call, or first read of ``.schema``) and
        every call checks its inputs against it before anything is uploaded or sent; the output
        is shaped by the schema (files as :class:`~replicate_ext.FileOutput`, streamed text
        joined into a ``str``).

        Args:
            ref: Any reference :meth:`run` takes (``owner/name``, ``owner/name:VERSION``, or a
                bare version id, whose schema cannot be looked up: its inputs are not checked).
            streaming: Calls return an iterator of an iterator output's items as the model
                produces them (``async for`` with :class:`AsyncReplicate`).

        Returns:
            A :class:`~replicate_ext.ModelFunction` (an ``AsyncModelFunction``, awaited, with
            :class:`AsyncReplicate`).

        Raises:
            InvalidReferenceError: A malformed reference (nothing is sent).

        Example:
            >>> image = client.use("replicate-ext/image")  # doctest: +SKIP
            >>> image(width=64, height=32).save("out.png")  # doctest: +SKIP
        """
        from .functions import model_function

        return model_function(self, ref, streaming)

    @overload
    def stream(
        self: BaseClient[SyncHTTP], ref: str | None = None, **params: Unpack[StreamOptions]
    ) -> Iterator[ServerSentEvent]: ...

    @overload
    def stream(
        self: BaseClient[AsyncHTTP], ref: str | None = None, **params: Unpack[StreamOptions]
    ) -> AsyncIterator[ServerSentEvent]: ...

    def stream(
        self, ref: str | None = None, **params: Unpack[StreamOptions]
    ) -> Iterator[ServerSentEvent] | AsyncIterator[ServerSentEvent]:
        """Run a model and iterate its events as they are produced (``str(event)`` is the text):
        ``for`` with :class:`Replicate`, ``async for`` with :class:`AsyncReplicate`.

        The prediction is created when iteration starts. Arguments are checked at once.
        Leaving the iteration early (``break``), Ctrl-C or cancelling the task cancels the
        prediction (``cancel_on_interrupt=False`` lets it run on).

        Args:
            ref: The model, as :meth:`run` takes it.
            **params: ``input``, ``deployment``, ``include_logs``, ``cancel_after``,
                ``webhook``, ``webhook_events_filter``, ``validate``, ``cancel_on_interrupt``
                (see ``StreamOptions``).

        Raises:
            ModelError: The model failed.
            PredictionCanceledError: The prediction was canceled.
            StreamInterruptedError: The stream dropped and could not be resumed (with the id).

        Example:
            >>> for event in client.stream("replicate-ext/tokens", input={"prompt": "hi"}):  # doctest: +SKIP
            ...     print(event, end="")
        """
        from .running import stream_call, stream_create_flow
        from .streaming import astream_run, stream_run

        stream_call(ref, params)  # the arguments are checked at once, not on iteration
        create = stream_create_flow(ref, params)
        logs = params.get("include_logs", False)
        check = None
        if params.get("validate"):
            from .schema.lookup import cache_of, check_flow

            inputs, deployment = params.get("input"), params.get("deployment")
            check = check_flow(cache_of(self._http), inputs, ref=ref, deployment=deployment)
        cancel = params.get("cancel_on_interrupt", True)
        if isinstance(self._http, SyncHTTP):
            return stream_run(self, create, logs, check, cancel)
        return astream_run(self, create, logs, check, cancel)

    @overload
    def batch(
        self: BaseClient[SyncHTTP],
        ref: str,
        inputs: Iterable[dict[str, Any]],
        **options: Unpack[BatchOptions],
    ) -> Iterator[BatchResult]: ...

    @overload
    def batch(
        self: BaseClient[AsyncHTTP],
        ref: str,
        inputs: Iterable[dict[str, Any]],
        **options: Unpack[BatchOptions],
    ) -> AsyncIterator[BatchResult]: ...

    def batch(
        self, ref: str, inputs: Iterable[dict[str, Any]], **options: Unpack[BatchOptions]
    ) -> Iterator[BatchResult] | AsyncIterator[BatchResult]:
        """Run a model over many inputs at the account's rate limits; yield a result per
        input, in completion order: ``for`` with :class:`Replicate`, ``async for`` with
        :class:`AsyncReplicate`.

        Inputs are read lazily (a generator over a huge file runs in constant memory). Creates
        are paced to ``create_rate``, other requests to ``request_rate``; a 429 slows the
        pacing and is retried, never a failed input. Status checks use ``predictions.list``
        pages when that costs fewer requests than GETs. A failed or canceled prediction is a
        result (``status``, ``error``), not an exception.

        Args:
            ref: ``owner/name``, ``owner/name:VERSION`` or a version id.
            inputs: An iterable of input dicts.
            **options: ``journal`` (an SQLite file: a re-run skips finished inputs, re-attaches
                to predictions in flight and finds creates whose answer was lost, so nothing
                is paid twice; finished inputs are given back again from it, without
                requests); ``max_in_flight`` (predictions in flight at most, default 500);
                ``create_rate`` and ``request_rate`` (per minute; else
                ``REPLICATE_BATCH_CREATE_RATE`` / ``REPLICATE_BATCH_REQUEST_RATE``; else 600
                and 3,000); ``timeout`` (seconds a prediction may take before its input is
                given back with ``PredictionTimeoutError``; the prediction goes on);
                ``on_progress`` (called with a ``BatchProgress``); ``shard`` (``(i, n)``:
                inputs whose index is ``i`` mod ``n``, rates divided by ``n``).

        Returns:
            An iterator (async iterator) of :class:`~replicate_ext.BatchResult`.

        Raises:
            InvalidArgumentError: Bad options, or a journal made for another model or inputs.
            InvalidReferenceError: A malformed reference (before anything is sent).
            AuthenticationError: The token is refused (likewise ``PermissionDeniedError``,
                and ``NotFoundError`` for a model that does not exist): the batch stops.

        Example:
            >>> rows = ({"text": t} for t in ["a", "b"])
            >>> for r in client.batch("acme/upper", rows, journal="run.sqlite"):  # doctest: +SKIP
            ...     print(r.index, r.status, r.output)
        """
        from .batch import make_engine
        from .batch.drivers import run_async, run_sync

        engine = make_engine(self, ref, inputs, options)
        if isinstance(self._http, SyncHTTP):
            return run_sync(engine, self._http)
        return run_async(engine, self._http)

    @overload
    def wait(
        self: BaseClient[SyncHTTP], prediction: Training, **options: Unpack[WaitOptions]
    ) -> Training: ...

    @overload
    def wait(
        self: BaseClient[SyncHTTP], prediction: Prediction | str, **options: Unpack[WaitOptions]
    ) -> Prediction: ...

    @overload
    def wait(
        self: BaseClient[AsyncHTTP], prediction: Training, **options: Unpack[WaitOptions]
    ) -> Coroutine[Any, Any, Training]: ...

    @overload
    def wait(
        self: BaseClient[AsyncHTTP], prediction: Prediction | str, **options: Unpack[WaitOptions]
    ) -> Coroutine[Any, Any, Prediction]: ...

    def wait(self, prediction: Prediction | Training | str, **options: Unpack[WaitOptions]) -> Any:
        """Poll a prediction (or training) until it finishes, and return it.

        Args:
            prediction: A ``Prediction``, a ``Training``, or a prediction id.
            **options: ``timeout`` (seconds to wait at most, a deadline: every poll ends
                within ``timeout`` + 0.5 s, however slow the API; ``None`` waits as long as it
                takes) and ``on_progress`` (called with ``(prediction, progress)`` when either
                changes).

        Returns:
            The finished prediction (a ``Training`` for a training), whatever its status.

        Raises:
            PredictionTimeoutError: ``timeout`` passed; it carries the prediction (and its id).
            ReplicateError: Polling failed; the error's ``prediction_id`` says which.

        Example:
            >>> client.wait(client.predictions.create(model="replicate-ext/hello")).status  # doctest: +SKIP
            'succeeded'
        """
        timeout = options.get("timeout")
        deadline = deadline_for(timeout)  # the clock starts before any import
        from .running import wait_flow

        flow = wait_flow(
            prediction, timeout, options.get("on_progress"), None, self._config.poll_interval
        )
        return self._http.drive(flow, deadline)
