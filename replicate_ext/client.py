"""``Replicate`` and ``AsyncReplicate``: one client written once, bound to either sender.

Every method is defined once on :class:`BaseClient` (see ``_binding``): read from a
:class:`Replicate` it blocks and returns; read from an :class:`AsyncReplicate` it returns a
coroutine. ``run`` / ``wait`` live in ``running``; the resources in ``resources/``.

Example:
    >>> from replicate_ext import Replicate
    >>> with Replicate(auth="r8_...", base_url="http://127.0.0.1:8787/v1") as client:  # doctest: +SKIP
    ...     print(client.run("replicate-ext/hello", input={"name": "Ada"}))
    hello Ada
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ParamSpec, TypedDict, TypeVar, Unpack, overload

import httpx

from ._binding import Bound, S, api
from ._call import Call, CallOptions, Flow, Timeout
from ._http import AsyncHTTP, SyncHTTP, is_idempotent
from ._lazy import Lazy
from .config import ClientConfig, resolve_config
from .errors import InvalidArgumentError
from .pagination import AsyncPaginator, Page, Paginator
from .waiting import outcome

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Iterator

    from replicate_api.models import Prediction, SearchResults, Training

    from .file_input import FileEncoding
    from .resources.catalog import Accounts, Collections, HardwareList
    from .resources.deployments import Deployments
    from .resources.files import Files
    from .resources.models import Models
    from .resources.predictions import CancelAfter, Predictions, Wait
    from .resources.trainings import Trainings
    from .resources.webhooks import Webhooks
    from .streaming import ServerSentEvent
    from .waiting import ProgressCallback

__all__ = ["AsyncReplicate", "BaseClient", "Replicate"]

P = ParamSpec("P")
T = TypeVar("T")


class BaseClient(Bound[S]):
    """What both clients are: configuration, resources and methods, bound to a sender ``S``."""

    _config: ClientConfig

    predictions: Lazy[Predictions[S]] = Lazy(".resources.predictions", "Predictions")
    models: Lazy[Models[S]] = Lazy(".resources.models", "Models")
    deployments: Lazy[Deployments[S]] = Lazy(".resources.deployments", "Deployments")
    trainings: Lazy[Trainings[S]] = Lazy(".resources.trainings", "Trainings")
    files: Lazy[Files[S]] = Lazy(".resources.files", "Files")
    collections: Lazy[Collections[S]] = Lazy(".resources.catalog", "Collections")
    hardware: Lazy[HardwareList[S]] = Lazy(".resources.catalog", "HardwareList")
    account: Lazy[Accounts[S]] = Lazy(".resources.catalog", "Accounts")
    webhooks: Lazy[Webhooks[S]] = Lazy(".resources.webhooks", "Webhooks")

    def __init__(
        self,
        auth: str | None = None,
        *,
        base_url: str | None = None,
        user_agent: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        poll_interval: float | None = None,
        http_client: httpx.Client | httpx.AsyncClient | None = None,
    ) -> None:
        config = resolve_config(auth, base_url, user_agent, timeout, max_retries, poll_interval)
        self._config = config
        self._http = self._sender(self._config, http_client)

    def _sender(self, config: ClientConfig, http_client: Any) -> S:
        """The sender of this kind of client (blocking or async)."""
        raise NotImplementedError

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
        if not use_file_output:
            return result
        from .file_output import wrap_outputs

        if isinstance(self._http, SyncHTTP):
            return wrap_outputs(result, sync=self._http)
        return wrap_outputs(result, async_=self._http)

    @api
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
        extra_headers: Mapping[str, str] | None = None,
    ) -> Flow[Any]:
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
            cancel_on_interrupt: Cancel the prediction if Ctrl-C (or task cancellation)
                interrupts the wait.
            file_encoding: How files in ``input`` are sent: ``"url"`` (uploaded through the
                Files API) or ``"data-uri"`` (inlined).
            use_file_output: Wrap URL outputs in :class:`~replicate_ext.FileOutput`.
            on_progress: Called with ``(prediction, progress)`` whenever the status or the
                progress parsed from the logs changes while waiting.
            extra_headers: Headers to add to the create request.

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
        from .running import run_call, run_flow

        def build(inp: dict[str, Any] | None) -> Call[Prediction]:
            return run_call(
                ref,
                deployment,
                inp,
                wait,
                timeout,
                cancel_after,
                webhook,
                webhook_events_filter,
                extra_headers=extra_headers,
            )

        prediction = yield from run_flow(
            build,
            input,
            wait=wait,
            timeout=timeout,
            cancel_on_interrupt=cancel_on_interrupt,
            file_encoding=file_encoding,
            poll_interval=self._config.poll_interval,
            on_progress=on_progress,
        )
        if wait is False:
            return prediction
        return self.output(prediction, use_file_output=use_file_output)

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

        Args:
            ref: The model, as :meth:`run` takes it.
            **params: ``input``, ``deployment``, ``include_logs``, ``cancel_after``,
                ``webhook``, ``webhook_events_filter`` (see ``StreamOptions``).

        Raises:
            ModelError: The model failed.
            PredictionCanceledError: The prediction was canceled.
            StreamInterruptedError: The stream dropped and could not be resumed (with the id).

        Example:
            >>> for event in client.stream("replicate-ext/tokens", input={"prompt": "hi"}):  # doctest: +SKIP
            ...     print(event, end="")
        """
        from .running import run_call

        call = run_call(
            ref,
            params.get("deployment"),
            params.get("input"),
            False,
            None,
            params.get("cancel_after"),
            params.get("webhook"),
            params.get("webhook_events_filter"),
            True,
        )
        logs = params.get("include_logs", False)
        if isinstance(self._http, SyncHTTP):
            return _events(self, call, logs)
        return _aevents(self, call, logs)

    @api
    def wait(
        self,
        prediction: Prediction | Training | str,
        *,
        timeout: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Flow[Any]:
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
        from .running import wait_flow

        return wait_flow(prediction, timeout, on_progress, None, self._config.poll_interval)

    @api
    def search(
        self,
        query: str,
        *,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Call[SearchResults]:
        """Search models, collections and docs.

        Example:
            >>> [m.model.name for m in client.search("upscale", limit=5).models]  # doctest: +SKIP
        """
        from .resources.catalog import search_call

        return search_call(query, limit, **options)

    @api
    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        timeout: Timeout = None,
    ) -> Call[httpx.Response]:
        """Send any request to the API (the escape hatch); errors are still raised as ours.

        Example:
            >>> client.request("GET", "/predictions").json()["results"]  # doctest: +SKIP
        """
        request = {"method": method, "url": path, "params": params, "json": json}
        call = Call(request, _response, idempotent=is_idempotent(method))
        return call.with_options(timeout=timeout, extra_headers=headers)


def _response(response: httpx.Response) -> httpx.Response:
    return response


class StreamOptions(TypedDict, total=False):
    """The keywords of ``stream()``.

    Attributes:
        input: The model's inputs.
        deployment: ``owner/name`` of a deployment to run instead of ``ref``.
        include_logs: Also yield ``logs`` events.
        cancel_after: A server-side deadline such as ``"5m"``.
        webhook: A URL the API calls as the prediction progresses.
        webhook_events_filter: Which webhook events to send.
    """

    input: dict[str, Any] | None
    deployment: str | None
    include_logs: bool
    cancel_after: CancelAfter
    webhook: str | None
    webhook_events_filter: Iterable[str] | None


def _events(
    client: BaseClient[SyncHTTP], call: Call[Prediction], include_logs: bool
) -> Iterator[ServerSentEvent]:
    prediction = client._http.call(call)
    yield from client.predictions.stream(prediction, include_logs=include_logs)


async def _aevents(
    client: BaseClient[AsyncHTTP], call: Call[Prediction], include_logs: bool
) -> AsyncIterator[ServerSentEvent]:
    prediction = await client._http.call(call)
    async for event in client.predictions.stream(prediction, include_logs=include_logs):
        yield event


class Replicate(BaseClient[SyncHTTP]):
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
        InvalidArgumentError: ``http_client`` is not an ``httpx.Client``.

    Example:
        >>> client = Replicate(auth="r8_...", user_agent="my-app/1.2.3")  # doctest: +SKIP
        >>> client.run("replicate-ext/hello", input={"name": "Ada"})       # doctest: +SKIP
        'hello Ada'
    """

    def _sender(self, config: ClientConfig, http_client: Any) -> SyncHTTP:
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise InvalidArgumentError(
                f"Replicate(http_client=...) takes an httpx.Client, not {type(http_client).__name__}"
                " (an httpx.AsyncClient goes with AsyncReplicate)."
            )
        return SyncHTTP(config, http_client)

    def __enter__(self) -> Replicate:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool. Example: ``client.close()``."""
        self._http.close()

    def paginate(self, fn: Callable[P, Page[T]], *args: P.args, **kwargs: P.kwargs) -> Paginator[T]:
        """Iterate the pages of any list operation; ``.items()`` iterates the results.

        Example:
            >>> for p in client.paginate(client.predictions.list).items():  # doctest: +SKIP
            ...     print(p.id)
        """
        if args:
            raise InvalidArgumentError("paginate() passes filters by keyword only.")
        return Paginator(fn, dict(kwargs), self._config.origin)


class AsyncReplicate(BaseClient[AsyncHTTP]):
    """The async twin of :class:`Replicate`: the same surface, awaited; ``http_client`` is an
    ``httpx.AsyncClient``.

    Example:
        >>> async with AsyncReplicate() as client:                            # doctest: +SKIP
        ...     print(await client.run("replicate-ext/hello", input={"name": "Ada"}))
    """

    def _sender(self, config: ClientConfig, http_client: Any) -> AsyncHTTP:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise InvalidArgumentError(
                "AsyncReplicate(http_client=...) takes an httpx.AsyncClient, not "
                f"{type(http_client).__name__} (an httpx.Client goes with Replicate)."
            )
        return AsyncHTTP(config, http_client)

    async def __aenter__(self) -> AsyncReplicate:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the connection pool. Example: ``await client.close()``."""
        await self._http.close()

    def paginate(
        self, fn: Callable[P, Awaitable[Page[T]]], *args: P.args, **kwargs: P.kwargs
    ) -> AsyncPaginator[T]:
        """Iterate pages with ``async for``; ``.items()`` iterates the results.

        Example:
            >>> async for p in client.paginate(client.predictions.list).items(): ...  # doctest: +SKIP
        """
        if args:
            raise InvalidArgumentError("paginate() passes filters by keyword only.")
        return AsyncPaginator(fn, dict(kwargs), self._config.origin)
