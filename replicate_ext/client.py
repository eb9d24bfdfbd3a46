"""``Replicate`` and ``AsyncReplicate``: the clients, side by side; only their I/O differs.

Example:
    >>> from replicate_ext import Replicate
    >>> with Replicate(auth="r8_...", base_url="http://127.0.0.1:8787/v1") as client:  # doctest: +SKIP
    ...     print(client.run("replicate-ext/hello", input={"name": "Ada"}))
    hello Ada
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import httpx

from ._http import AsyncHTTP, SyncHTTP, is_idempotent
from ._lazy import Lazy
from ._operations import Call
from .config import ClientConfig, resolve_config
from .errors import InvalidArgumentError, ReplicateError
from .pagination import AsyncPaginator, Paginator
from .waiting import Poller, is_terminal, outcome, tag_error

if TYPE_CHECKING:
    from replicate_api.models import SearchResults

    from .file_input import FileEncoding
    from .resources.catalog import (
        Accounts,
        AsyncAccounts,
        AsyncCollections,
        AsyncHardwareList,
        Collections,
        HardwareList,
    )
    from .resources.deployments import AsyncDeployments, Deployments
    from .resources.files import AsyncFiles, Files
    from .resources.models import AsyncModels, Models
    from .resources.predictions import AsyncPredictions, CancelAfter, Predictions, Wait
    from .resources.trainings import AsyncTrainings, Trainings
    from .resources.webhooks import AsyncWebhooks, Webhooks
    from .streaming import ServerSentEvent
    from .waiting import ProgressCallback

__all__ = ["AsyncReplicate", "Replicate", "lost_prediction"]

P = ParamSpec("P")
T = TypeVar("T")


def _run_call(
    ref: str | None,
    deployment: str | None,
    input: dict[str, Any] | None,
    wait: Wait,
    timeout: float | None,
    cancel_after: CancelAfter,
    webhook: str | None,
    webhook_events_filter: Iterable[str] | None,
    stream: bool | None = None,
) -> Call:
    """The create call of ``run()``: sync mode for ``wait``, shortened to fit ``timeout``."""
    from .resources.predictions import create_call

    if (ref is None) == (deployment is None):
        raise InvalidArgumentError("run() needs a model reference or deployment=, not both.")
    if timeout is not None and timeout <= 0:
        raise InvalidArgumentError(f"timeout={timeout} must be positive.")
    hold: Wait = wait
    if timeout is not None and timeout < 1:
        hold = False  # the shortest sync window (1 s) would overrun the timeout: poll instead
    elif wait is True and timeout is not None:
        hold = max(1, min(60, math.ceil(timeout)))
    elif isinstance(wait, int) and not isinstance(wait, bool) and timeout is not None:
        hold = max(1, min(wait, math.ceil(timeout)))
    kwargs: dict[str, Any] = {
        "input": input,
        "wait": hold,
        "cancel_after": cancel_after,
        "webhook": webhook,
        "webhook_events_filter": webhook_events_filter,
        "stream": stream,
    }
    if deployment is not None:
        return create_call(deployment=deployment, **kwargs)
    if ref is not None and ":" not in ref and "/" not in ref:
        return create_call(version=ref, **kwargs)
    return create_call(model=ref, **kwargs)


def _is_training(obj: Any) -> bool:
    if type(obj).__name__ != "Training":
        return False
    from .resources._resource import model_class

    return isinstance(obj, model_class("Training"))


def lost_prediction(call: Call, candidates: Iterable[Any]) -> str | None:
    """The prediction an interrupted create made: the one unfinished match, or ``None``.

    A create interrupted while the server held it (sync mode) left no id behind. Among recent
    predictions, the match is the unfinished one with the same input (and model or version);
    when there is not exactly one, nothing is guessed.

    Example:
        >>> from types import SimpleNamespace
        >>> from replicate_ext.resources.predictions import create_call
        >>> call = create_call(model="acme/hello", input={"name": "Ada"}, wait=True)
        >>> mine = SimpleNamespace(id="p1", status="processing", input_={"name": "Ada"}, model="acme/hello")
        >>> other = SimpleNamespace(id="p2", status="processing", input_={"name": "Bo"}, model="acme/hello")
        >>> lost_prediction(call, [other, mine])
        'p1'
    """
    sent = call.kwargs["body"].to_dict()
    version = sent.get("version")
    owner, name = call.kwargs.get("model_owner"), call.kwargs.get("model_name")
    found = [
        p.id
        for p in candidates
        if not is_terminal(p)
        and getattr(p, "input_", None) == sent.get("input")
        and (version is None or getattr(p, "version", None) == version)
        and (owner is None or getattr(p, "model", None) == f"{owner}/{name}")
    ]
    return found[0] if len(found) == 1 else None


def _recently() -> dt.datetime:
    """A lower bound for the creation time of a prediction being created now (clock skew aside)."""
    return dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)


class _ClientBase:
    """What both clients share: configuration and representation (never the token)."""

    _config: ClientConfig

    def __repr__(self) -> str:
        return f"<{type(self).__name__} base_url={self._config.base_url!r}>"

    @property
    def base_url(self) -> str:
        """The API's base URL.

        Example:
            >>> Replicate(auth="r8_example", base_url="http://127.0.0.1:8787/v1").base_url
            'http://127.0.0.1:8787/v1'
        """
        return self._config.base_url

    def output(self, prediction: Any, *, use_file_output: bool = True) -> Any:
        """The output of a finished prediction, as ``run()`` returns it (no request is sent).

        Args:
            prediction: A finished prediction, e.g. from :meth:`wait`.
            use_file_output: Wrap URL strings in :class:`~replicate_ext.FileOutput`, which
                downloads with this client.

        Raises:
            ModelError: Status ``failed``.
            PredictionCanceledError: Status ``canceled`` or ``aborted``.

        Example:
            >>> client.output(client.wait(prediction)).save("out.png")  # doctest: +SKIP
        """
        result = outcome(prediction)
        return self._wrap_files(result) if use_file_output else result

    def _wrap_files(self, value: Any) -> Any:
        raise NotImplementedError


class Replicate(_ClientBase):
    """A blocking client for Replicate's HTTP API.

    Args:
        auth: The API token; else ``REPLICATE_API_TOKEN``.
        base_url: The API's base URL; else ``REPLICATE_BASE_URL``; else ``https://api.replicate.com/v1``.
        user_agent: Your application's ``name/version``, sent before ``replicate-ext/<version>``.
        timeout: Seconds or an ``httpx.Timeout`` (default connect 5 s, read 30 s).
        max_retries: Retries of retryable failures (default 2; ``REPLICATE_MAX_RETRIES``).
        poll_interval: Fixed polling interval; else ``REPLICATE_POLL_INTERVAL``; else adaptive.
        http_client: An ``httpx.Client`` to use (you close it); the base URL still comes from
            ``base_url``.

    Raises:
        AuthenticationError: No token was found (nothing is sent).

    Example:
        >>> client = Replicate(auth="r8_...", user_agent="my-app/1.2.3")  # doctest: +SKIP
        >>> client.run("replicate-ext/hello", input={"name": "Ada"})       # doctest: +SKIP
        'hello Ada'
    """

    predictions: Lazy[Predictions] = Lazy(".resources.predictions", "Predictions")
    models: Lazy[Models] = Lazy(".resources.models", "Models")
    deployments: Lazy[Deployments] = Lazy(".resources.deployments", "Deployments")
    trainings: Lazy[Trainings] = Lazy(".resources.trainings", "Trainings")
    files: Lazy[Files] = Lazy(".resources.files", "Files")
    collections: Lazy[Collections] = Lazy(".resources.catalog", "Collections")
    hardware: Lazy[HardwareList] = Lazy(".resources.catalog", "HardwareList")
    account: Lazy[Accounts] = Lazy(".resources.catalog", "Accounts")
    webhooks: Lazy[Webhooks] = Lazy(".resources.webhooks", "Webhooks")

    def __init__(
        self,
        auth: str | None = None,
        *,
        base_url: str | None = None,
        user_agent: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        poll_interval: float | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._config = resolve_config(
            auth,
            base_url=base_url,
            user_agent=user_agent,
            timeout=timeout,
            max_retries=max_retries,
            poll_interval=poll_interval,
        )
        self._http = SyncHTTP(self._config, http_client)

    def __enter__(self) -> Replicate:
        return self

    def _wrap_files(self, value: Any) -> Any:
        from .file_output import wrap_outputs

        return wrap_outputs(value, sync=self._http)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool. Example: ``client.close()``."""
        self._http.close()

    def run(
        self,
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        deployment: str | None = None,
        wait: Wait = True,
        timeout: float | None = None,
        cancel_after: CancelAfter = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        cancel_on_interrupt: bool = True,
        file_encoding: FileEncoding = "url",
        use_file_output: bool = True,
        on_progress: ProgressCallback | None = None,
    ) -> Any:
        """Run a model and return its output.

        Sync mode (``Prefer: wait``) is asked for; if the answer comes before the prediction
        finishes, polling takes over, so the output is never partial.

        Args:
            ref: ``owner/name`` (official model or latest version), ``owner/name:VERSION``,
                or a bare version id.
            input: The model's inputs.
            deployment: ``owner/name`` of a deployment to run instead of ``ref``.
            wait: ``True`` (hold up to 60 s, then poll), seconds to hold, or ``False`` to
                return the created prediction at once.
            timeout: Give up waiting after this many seconds (the prediction goes on).
            cancel_after: A server-side deadline such as ``"5m"`` (minimum 5 s).
            webhook: A URL the API calls as the prediction progresses.
            webhook_events_filter: Which webhook events to send.
            cancel_on_interrupt: Cancel the prediction if Ctrl-C interrupts the wait.
            file_encoding: How files in ``input`` are sent: ``"url"`` (uploaded through the
                Files API) or ``"data-uri"`` (inlined).
            use_file_output: Wrap URL outputs in :class:`~replicate_ext.FileOutput`.
            on_progress: Called with ``(prediction, progress)`` whenever the status or the
                progress parsed from the logs changes while waiting.

        Returns:
            The output; or the created ``Prediction`` when ``wait=False``.

        Raises:
            InvalidReferenceError: A malformed reference (before anything is sent).
            ModelError: The prediction failed.
            PredictionCanceledError: It was canceled or aborted.
            PredictionTimeoutError: ``timeout`` passed; the prediction goes on.

        Example:
            >>> client.run("replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
            'hello Ada'
        """
        started = time.monotonic()
        from .file_input import prepare

        call = prepare(
            self._http,
            input,
            file_encoding,
            lambda inp: _run_call(
                ref, deployment, inp, wait, timeout, cancel_after, webhook, webhook_events_filter
            ),
        )
        since = _recently()
        try:
            prediction = self._http.call(call)
        except KeyboardInterrupt:
            if cancel_on_interrupt and call.hold:  # interrupted while the server held it
                with contextlib.suppress(ReplicateError):
                    lost = lost_prediction(call, self.predictions.list(created_after=since))
                    if lost:
                        self.predictions.cancel(lost)
            raise
        if wait is False:
            return prediction
        try:
            # Polling counts from the create: after a long sync-mode hold it starts backed off.
            prediction = self._wait(prediction, timeout, on_progress, started)
        except KeyboardInterrupt:
            if cancel_on_interrupt:
                with contextlib.suppress(ReplicateError):
                    self.predictions.cancel(prediction.id)
            raise
        return self.output(prediction, use_file_output=use_file_output)

    def stream(
        self,
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        deployment: str | None = None,
        include_logs: bool = False,
        cancel_after: CancelAfter = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
    ) -> Iterator[ServerSentEvent]:
        """Run a model and iterate its events as they are produced (``str(event)`` is the text).

        The prediction is created when iteration starts. Arguments are checked at once.

        Raises:
            ModelError: The model failed.
            PredictionCanceledError: The prediction was canceled.
            StreamInterruptedError: The stream dropped and could not be resumed (with the id).

        Example:
            >>> for event in client.stream("replicate-ext/tokens", input={"prompt": "hi"}):  # doctest: +SKIP
            ...     print(event, end="")
        """
        call = _run_call(
            ref, deployment, input, False, None, cancel_after, webhook, webhook_events_filter, True
        )

        def events() -> Iterator[ServerSentEvent]:
            prediction = self._http.call(call)
            yield from self.predictions.stream(prediction, include_logs=include_logs)

        return events()

    def wait(
        self,
        prediction: Any,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Any:
        """Poll a prediction (or training) until it finishes, and return it.

        Args:
            prediction: A ``Prediction``, a ``Training``, or a prediction id.
            timeout: Seconds to wait at most; ``None`` waits as long as it takes.
            on_progress: Called with ``(prediction, progress)`` when either changes.

        Returns:
            The finished prediction or training, whatever its status.

        Raises:
            PredictionTimeoutError: ``timeout`` passed; it carries the prediction (and its id).
            ReplicateError: Polling failed; the error's ``prediction_id`` says which.

        Example:
            >>> client.wait(client.predictions.create(model="replicate-ext/hello")).status  # doctest: +SKIP
            'succeeded'
        """
        return self._wait(prediction, timeout, on_progress, None)

    def _wait(
        self,
        prediction: Any,
        timeout: float | None,
        on_progress: ProgressCallback | None,
        started: float | None,
    ) -> Any:
        get: Callable[[str], Any] = (
            self.trainings.get if _is_training(prediction) else self.predictions.get
        )
        if isinstance(prediction, str):
            try:
                prediction = get(prediction)
            except ReplicateError as exc:
                tag_error(exc, prediction)
                raise
        poller = Poller(
            timeout=timeout,
            fixed=self._config.poll_interval,
            on_progress=on_progress,
            started=started,
        )
        while not poller.observe(prediction):
            self._http.sleep(poller.next_delay(prediction))
            try:
                prediction = get(prediction.id)
            except ReplicateError as exc:
                tag_error(exc, prediction.id)
                raise
        return prediction

    def paginate(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Paginator[T]:
        """Iterate the pages of any list operation; ``.items()`` iterates the results.

        Example:
            >>> for p in client.paginate(client.predictions.list).items():  # doctest: +SKIP
            ...     print(p.id)
        """
        if args:
            raise InvalidArgumentError("paginate() passes filters by keyword only.")
        return Paginator(fn, dict(kwargs), self._config.origin)

    def search(self, query: str, *, limit: int | None = None) -> SearchResults:
        """Search models, collections and docs.

        Example:
            >>> [m.model.name for m in client.search("upscale", limit=5).models]  # doctest: +SKIP
        """
        from .resources.catalog import search_call

        result: SearchResults = self._http.call(search_call(query, limit))
        return result

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send any request to the API (the escape hatch); errors are still raised as ours.

        Example:
            >>> client.request("GET", "/predictions").json()["results"]  # doctest: +SKIP
        """
        request = self._http.raw_request(method, path, params=params, json=json, headers=headers)
        response = self._http.send(request, idempotent=is_idempotent(method))
        return response


class AsyncReplicate(_ClientBase):
    """The async twin of :class:`Replicate`: the same surface, awaited.

    Example:
        >>> async with AsyncReplicate() as client:                            # doctest: +SKIP
        ...     print(await client.run("replicate-ext/hello", input={"name": "Ada"}))
    """

    predictions: Lazy[AsyncPredictions] = Lazy(".resources.predictions", "AsyncPredictions")
    models: Lazy[AsyncModels] = Lazy(".resources.models", "AsyncModels")
    deployments: Lazy[AsyncDeployments] = Lazy(".resources.deployments", "AsyncDeployments")
    trainings: Lazy[AsyncTrainings] = Lazy(".resources.trainings", "AsyncTrainings")
    files: Lazy[AsyncFiles] = Lazy(".resources.files", "AsyncFiles")
    collections: Lazy[AsyncCollections] = Lazy(".resources.catalog", "AsyncCollections")
    hardware: Lazy[AsyncHardwareList] = Lazy(".resources.catalog", "AsyncHardwareList")
    account: Lazy[AsyncAccounts] = Lazy(".resources.catalog", "AsyncAccounts")
    webhooks: Lazy[AsyncWebhooks] = Lazy(".resources.webhooks", "AsyncWebhooks")

    def __init__(
        self,
        auth: str | None = None,
        *,
        base_url: str | None = None,
        user_agent: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        poll_interval: float | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._config = resolve_config(
            auth,
            base_url=base_url,
            user_agent=user_agent,
            timeout=timeout,
            max_retries=max_retries,
            poll_interval=poll_interval,
        )
        self._http = AsyncHTTP(self._config, http_client)

    async def __aenter__(self) -> AsyncReplicate:
        return self

    def _wrap_files(self, value: Any) -> Any:
        from .file_output import wrap_outputs

        return wrap_outputs(value, async_=self._http)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool. Example: ``await client.close()``."""
        await self._http.close()

    async def run(
        self,
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        deployment: str | None = None,
        wait: Wait = True,
        timeout: float | None = None,
        cancel_after: CancelAfter = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        cancel_on_interrupt: bool = True,
        file_encoding: FileEncoding = "url",
        use_file_output: bool = True,
        on_progress: ProgressCallback | None = None,
    ) -> Any:
        """Run a model and return its output; see :meth:`Replicate.run`. Task cancellation
        cancels the prediction unless ``cancel_on_interrupt=False``.

        Example:
            >>> await client.run("replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
            'hello Ada'
        """
        import asyncio  # already loaded: this runs in its event loop; kept out of import time

        started = time.monotonic()
        from .file_input import aprepare

        call = await aprepare(
            self._http,
            input,
            file_encoding,
            lambda inp: _run_call(
                ref, deployment, inp, wait, timeout, cancel_after, webhook, webhook_events_filter
            ),
        )
        since = _recently()
        try:
            prediction = await self._http.call(call)
        except asyncio.CancelledError:
            if cancel_on_interrupt and call.hold:  # cancelled while the server held it
                with contextlib.suppress(ReplicateError):
                    page = await asyncio.shield(self.predictions.list(created_after=since))
                    lost = lost_prediction(call, page)
                    if lost:
                        await asyncio.shield(self.predictions.cancel(lost))
            raise
        if wait is False:
            return prediction
        try:
            prediction = await self._wait(prediction, timeout, on_progress, started)
        except asyncio.CancelledError:
            if cancel_on_interrupt:
                with contextlib.suppress(ReplicateError):
                    await asyncio.shield(self.predictions.cancel(prediction.id))
            raise
        return self.output(prediction, use_file_output=use_file_output)

    def stream(
        self,
        ref: str | None = None,
        input: dict[str, Any] | None = None,
        *,
        deployment: str | None = None,
        include_logs: bool = False,
        cancel_after: CancelAfter = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
    ) -> AsyncIterator[ServerSentEvent]:
        """Run a model and iterate its events with ``async for``; see :meth:`Replicate.stream`.

        Example:
            >>> async for event in client.stream("replicate-ext/tokens", input={}):  # doctest: +SKIP
            ...     print(event, end="")
        """
        call = _run_call(
            ref, deployment, input, False, None, cancel_after, webhook, webhook_events_filter, True
        )

        async def events() -> AsyncIterator[ServerSentEvent]:
            prediction = await self._http.call(call)
            async for event in self.predictions.stream(prediction, include_logs=include_logs):
                yield event

        return events()

    async def wait(
        self,
        prediction: Any,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Any:
        """Poll a prediction (or training) until it finishes; see :meth:`Replicate.wait`.

        Example:
            >>> (await client.wait(prediction)).status  # doctest: +SKIP
        """
        return await self._wait(prediction, timeout, on_progress, None)

    async def _wait(
        self,
        prediction: Any,
        timeout: float | None,
        on_progress: ProgressCallback | None,
        started: float | None,
    ) -> Any:
        get: Callable[[str], Awaitable[Any]] = (
            self.trainings.get if _is_training(prediction) else self.predictions.get
        )
        if isinstance(prediction, str):
            try:
                prediction = await get(prediction)
            except ReplicateError as exc:
                tag_error(exc, prediction)
                raise
        poller = Poller(
            timeout=timeout,
            fixed=self._config.poll_interval,
            on_progress=on_progress,
            started=started,
        )
        while not poller.observe(prediction):
            await self._http.sleep(poller.next_delay(prediction))
            try:
                prediction = await get(prediction.id)
            except ReplicateError as exc:
                tag_error(exc, prediction.id)
                raise
        return prediction

    def paginate(
        self, fn: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs
    ) -> AsyncPaginator[T]:
        """Iterate pages with ``async for``; ``.items()`` iterates the results.

        Example:
            >>> async for p in client.paginate(client.predictions.list).items(): ...  # doctest: +SKIP
        """
        if args:
            raise InvalidArgumentError("paginate() passes filters by keyword only.")
        return AsyncPaginator(fn, dict(kwargs), self._config.origin)

    async def search(self, query: str, *, limit: int | None = None) -> SearchResults:
        """Search models, collections and docs. Example: ``await client.search("upscale")``."""
        from .resources.catalog import search_call

        result: SearchResults = await self._http.call(search_call(query, limit))
        return result

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        """Send any request to the API; errors are still raised as ours.

        Example:
            >>> (await client.request("GET", "/account")).json()  # doctest: +SKIP
        """
        request = self._http.raw_request(method, path, params=params, json=json, headers=headers)
        response = await self._http.send(request, idempotent=is_idempotent(method))
        return response
