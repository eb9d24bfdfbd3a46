"""One ``paginate`` for every list operation, sync and async.

``client.paginate(fn, **filters)`` iterates pages; ``.items()`` iterates the results across
pages. Only the ``cursor`` of a ``next`` link is used, and only when the link points to the
API's own origin, so the token never follows a link elsewhere; a cursor seen twice stops
the loop with an error instead of paging forever.

Example:
    >>> for page in client.paginate(client.predictions.list):   # doctest: +SKIP
    ...     print(len(page.results))
    >>> ids = [p.id for p in client.paginate(client.predictions.list).items()]  # doctest: +SKIP
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl

import httpx

from .config import origin_of
from .errors import ResponseDecodeError

__all__ = ["AsyncPaginator", "Page", "Paginator", "next_cursor"]

ItemT = TypeVar("ItemT")


def _link(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclasses.dataclass(frozen=True, slots=True)
class Page(Generic[ItemT]):
    """One page of a list: ``results`` (generated models), and the ``next``/``previous`` links.

    Iterating a page iterates its results.

    Example:
        >>> page = Page(results=[1, 2], next=None)
        >>> list(page), len(page), page.next
        ([1, 2], 2, None)
    """

    results: list[ItemT]
    next: str | None = None
    previous: str | None = None

    @classmethod
    def of(cls, parsed: Any) -> Page[Any]:
        """Wrap a generated ``Paginated…`` model (whose links are named ``next_``/``previous``).

        Example:
            >>> from types import SimpleNamespace
            >>> Page.of(SimpleNamespace(results=None, next_="https://x/v1/p?cursor=c")).next
            'https://x/v1/p?cursor=c'
        """
        results = getattr(parsed, "results", None)
        return Page(
            results=results if isinstance(results, list) else [],
            next=_link(getattr(parsed, "next_", None)),
            previous=_link(getattr(parsed, "previous", None)),
        )

    @property
    def next_cursor(self) -> str | None:
        """The cursor of the next page (from the ``next`` link), or ``None`` on the last page.

        Example:
            >>> Page(results=[], next="https://api.replicate.com/v1/predictions?cursor=c2").next_cursor
            'c2'
        """
        if not self.next:
            return None
        return httpx.URL(self.next).params.get("cursor") or None

    def __iter__(self) -> Iterator[ItemT]:
        return iter(self.results)

    def __len__(self) -> int:
        return len(self.results)


#: What may follow the origin in a link on that same origin: its path, query or fragment, or nothing.
_AFTER_ORIGIN = frozenset({"/", "?", "#", ""})


def _query_value(query: str, name: str) -> str:
    """The first value of ``name`` in a URL's query (``""`` when absent), decoded as httpx does."""
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == name:
            return value
    return ""


def next_cursor(page: Any, origin: str, seen: set[str]) -> str | None:
    """The cursor of the page after ``page``, or ``None`` on the last page.

    Raises:
        ResponseDecodeError: The ``next`` link points to another origin, has no cursor,
            or repeats a cursor already followed.

    Example:
        >>> from types import SimpleNamespace
        >>> page = SimpleNamespace(next="https://api.replicate.com/v1/predictions?cursor=abc")
        >>> next_cursor(page, "https://api.replicate.com", set())
        'abc'
    """
    link = getattr(page, "next", None)
    if not isinstance(link, str) or not link:
        return None
    if link.startswith(origin) and link[len(origin) : len(origin) + 1] in _AFTER_ORIGIN:
        # The origin as written, then the path: the same origin, without parsing the URL.
        query = link.partition("#")[0].partition("?")[2]
    else:
        url = httpx.URL(link)
        if url.is_absolute_url and origin_of(url) != origin:
            raise ResponseDecodeError(
                f"The API's next-page link points to another host ({url.host}); not following it."
            )
        query = url.query.decode("ascii")
    cursor = _query_value(query, "cursor")
    if not cursor:
        raise ResponseDecodeError("The API's next-page link has no cursor; cannot page on.")
    if cursor in seen:
        raise ResponseDecodeError("The API's next-page link repeats an earlier page; stopping.")
    seen.add(cursor)
    return cursor


class Paginator(Generic[ItemT]):
    """Pages of a list operation; iterate it, or call :meth:`items`.

    Example:
        >>> pages = Paginator(client.predictions.list, {}, origin)  # doctest: +SKIP
    """

    def __init__(self, fn: Callable[..., Page[ItemT]], kwargs: dict[str, Any], origin: str) -> None:
        self._fn = fn
        self._kwargs = kwargs
        self._origin = origin

    def __iter__(self) -> Iterator[Page[ItemT]]:
        seen: set[str] = set()
        page = self._fn(**self._kwargs)
        while True:
            yield page
            cursor = next_cursor(page, self._origin, seen)
            if cursor is None:
                return
            del page  # gone before the next page is built: one page in memory, not two
            page = self._fn(**{**self._kwargs, "cursor": cursor})

    def items(self) -> Iterator[ItemT]:
        """Every result, across all pages, in order.

        Example:
            >>> sum(1 for _ in client.paginate(client.predictions.list).items())  # doctest: +SKIP
        """
        for page in self:
            results = page.results
            del page  # (see __iter__)
            yield from results
            del results


class AsyncPaginator(Generic[ItemT]):
    """Pages of an async list operation; ``async for`` over it, or over :meth:`items`.

    Example:
        >>> async for page in client.paginate(client.predictions.list): ...  # doctest: +SKIP
    """

    def __init__(
        self, fn: Callable[..., Awaitable[Page[ItemT]]], kwargs: dict[str, Any], origin: str
    ) -> None:
        self._fn = fn
        self._kwargs = kwargs
        self._origin = origin

    async def __aiter__(self) -> AsyncIterator[Page[ItemT]]:
        seen: set[str] = set()
        page = await self._fn(**self._kwargs)
        while True:
            yield page
            cursor = next_cursor(page, self._origin, seen)
            if cursor is None:
                return
            del page  # (see Paginator.__iter__)
            page = await self._fn(**{**self._kwargs, "cursor": cursor})

    async def items(self) -> AsyncIterator[ItemT]:
        """Every result across all pages. Example: ``async for p in pages.items(): ...``."""
        async for page in self:
            results = page.results
            del page  # (see Paginator.__iter__)
            for item in results:
                yield item
            del results
