"""``Replicate`` and ``AsyncReplicate``: the two clients, one :class:`BaseClient` bound to the
blocking or the async sender; only construction, closing and ``paginate`` differ.

Example:
    >>> from replicate_ext import Replicate
    >>> with Replicate(auth="r8_...", base_url="http://127.0.0.1:8787/v1") as client:  # doctest: +SKIP
    ...     print(client.run("replicate-ext/hello", input={"name": "Ada"}))
    hello Ada
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, TypeVar

import httpx

from ._client_base import BaseClient
from ._http import AsyncHTTP, SyncHTTP
from .config import ClientConfig
from .errors import InvalidArgumentError
from .pagination import AsyncPaginator, Page, Paginator

__all__ = ["AsyncReplicate", "BaseClient", "Replicate"]

P = ParamSpec("P")
T = TypeVar("T")


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
