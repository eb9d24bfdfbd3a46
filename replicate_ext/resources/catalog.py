"""Read-only catalog resources: collections, hardware, the account, and search.

Each method is written once for both clients (see ``replicate_ext._binding``).

Example:
    >>> [c.slug for c in client.collections.list().results]  # doctest: +SKIP
    >>> client.account.get().username                         # doctest: +SKIP
"""

from __future__ import annotations

from typing import Unpack

from replicate_api.api.account import account_get
from replicate_api.api.collections import collections_get, collections_list
from replicate_api.api.hardware import hardware_list
from replicate_api.api.search import search
from replicate_api.models import Account, Collection, CollectionSummary, Hardware, SearchResults
from replicate_api.types import UNSET

from .._binding import S, api
from .._call import Call, CallOptions, page_of
from ..errors import InvalidArgumentError
from ..pagination import Page
from ._resource import Resource

__all__ = ["Accounts", "Collections", "HardwareList", "search_call"]


def search_call(
    query: str, limit: int | None, **options: Unpack[CallOptions]
) -> Call[SearchResults]:
    """The :class:`Call` of a search, validated.

    Raises:
        InvalidArgumentError: An empty query, or a ``limit`` outside 1..50.

    Example:
        >>> search_call("upscale", 5).request["params"]
        {'query': 'upscale', 'limit': 5}
    """
    if not isinstance(query, str) or not query.strip():
        raise InvalidArgumentError("search needs a non-empty query string.")
    if limit is not None and not 1 <= limit <= 50:
        raise InvalidArgumentError(f"limit={limit} must be between 1 and 50.")
    request = search.build_request(query=query, limit=UNSET if limit is None else limit)
    return Call(request, search.parse_response).with_options(**options)


class Collections(Resource[S]):
    """``client.collections``."""

    @api
    def list(
        self, *, cursor: str | None = None, **options: Unpack[CallOptions]
    ) -> Call[Page[CollectionSummary]]:
        """One page of collections.

        Example:
            >>> client.collections.list().results[0].slug  # doctest: +SKIP
        """
        request = collections_list.build_request(cursor=cursor or UNSET)
        return Call(request, page_of(collections_list.parse_response)).with_options(**options)

    @api
    def get(self, slug: str, **options: Unpack[CallOptions]) -> Call[Collection]:
        """A collection with its models.

        Example:
            >>> [m.name for m in client.collections.get("text-to-image").models]  # doctest: +SKIP
        """
        request = collections_get.build_request(slug)
        return Call(request, collections_get.parse_response).with_options(**options)


class HardwareList(Resource[S]):
    """``client.hardware``."""

    @api
    def list(self, **options: Unpack[CallOptions]) -> Call[list[Hardware]]:
        """The hardware models can run on (``sku`` and ``name``).

        Example:
            >>> [h.sku for h in client.hardware.list()]  # doctest: +SKIP
        """
        request = hardware_list.build_request()
        return Call(request, hardware_list.parse_response).with_options(**options)


class Accounts(Resource[S]):
    """``client.account``."""

    @api
    def get(self, **options: Unpack[CallOptions]) -> Call[Account]:
        """The account that owns the token.

        Example:
            >>> client.account.get().username  # doctest: +SKIP
        """
        request = account_get.build_request()
        return Call(request, account_get.parse_response).with_options(**options)
