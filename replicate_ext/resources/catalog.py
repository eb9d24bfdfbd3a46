"""Read-only catalog resources: collections, hardware, the account, and search; sync and async.

Example:
    >>> [c.slug for c in client.collections.list().results]  # doctest: +SKIP
    >>> client.account.get().username                         # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._operations import Call, list_call
from ..errors import InvalidArgumentError
from ..pagination import Page
from ._resource import AsyncResource, SyncResource

if TYPE_CHECKING:
    from replicate_api.models import Account, Collection, CollectionSummary, Hardware

__all__ = [
    "Accounts",
    "AsyncAccounts",
    "AsyncCollections",
    "AsyncHardwareList",
    "Collections",
    "HardwareList",
    "search_call",
]


def search_call(query: str, limit: int | None) -> Call:
    """The :class:`Call` of a search, validated.

    Example:
        >>> search_call("upscale", 5).kwargs
        {'query': 'upscale', 'limit': 5}
    """
    if not isinstance(query, str) or not query.strip():
        raise InvalidArgumentError("search needs a non-empty query string.")
    if limit is not None and not 1 <= limit <= 50:
        raise InvalidArgumentError(f"limit={limit} must be between 1 and 50.")
    kwargs: dict[str, object] = {"query": query}
    if limit is not None:
        kwargs["limit"] = limit
    return Call("search.search", kwargs)


def _collections_list(cursor: str | None) -> Call:
    return list_call("collections.collections_list", cursor=cursor)


class Collections(SyncResource):
    """``client.collections``."""

    def list(self, *, cursor: str | None = None) -> Page[CollectionSummary]:
        """One page of collections.

        Example:
            >>> client.collections.list().results[0].slug  # doctest: +SKIP
        """
        result: Page[CollectionSummary] = self._http.call(_collections_list(cursor))
        return result

    def get(self, slug: str) -> Collection:
        """A collection with its models.

        Example:
            >>> [m.name for m in client.collections.get("text-to-image").models]  # doctest: +SKIP
        """
        result: Collection = self._http.call(
            Call("collections.collections_get", {"collection_slug": slug})
        )
        return result


class HardwareList(SyncResource):
    """``client.hardware``."""

    def list(self) -> list[Hardware]:
        """The hardware models can run on (``sku`` and ``name``).

        Example:
            >>> [h.sku for h in client.hardware.list()]  # doctest: +SKIP
        """
        result: list[Hardware] = self._http.call(Call("hardware.hardware_list"))
        return result


class Accounts(SyncResource):
    """``client.account``."""

    def get(self) -> Account:
        """The account that owns the token.

        Example:
            >>> client.account.get().username  # doctest: +SKIP
        """
        result: Account = self._http.call(Call("account.account_get"))
        return result


class AsyncCollections(AsyncResource):
    """``client.collections`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def list(self, *, cursor: str | None = None) -> Page[CollectionSummary]:
        """One page of collections. Example: ``await client.collections.list()``."""
        result: Page[CollectionSummary] = await self._http.call(_collections_list(cursor))
        return result

    async def get(self, slug: str) -> Collection:
        """A collection. Example: ``await client.collections.get("text-to-image")``."""
        result: Collection = await self._http.call(
            Call("collections.collections_get", {"collection_slug": slug})
        )
        return result


class AsyncHardwareList(AsyncResource):
    """``client.hardware`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def list(self) -> list[Hardware]:
        """Available hardware. Example: ``await client.hardware.list()``."""
        result: list[Hardware] = await self._http.call(Call("hardware.hardware_list"))
        return result


class AsyncAccounts(AsyncResource):
    """``client.account`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def get(self) -> Account:
        """The token's account. Example: ``await client.account.get()``."""
        result: Account = await self._http.call(Call("account.account_get"))
        return result
