from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.collection import Collection
from ...types import Response


def build_request(
    collection_slug: str,
) -> dict[str, Any]:
    """The request of this operation: ``method``, ``url`` (relative to the base URL) and, as
    needed, ``params``, ``json``, ``files``, ``data`` and ``headers``: ``httpx.Client.request``'s
    keyword arguments."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/collections/{collection_slug}".format(
            collection_slug=quote(str(collection_slug), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Collection | None:
    if response.status_code == 200:
        response_200 = Collection.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


_LENIENT = Client(base_url="", raise_on_unexpected_status=False)


def parse_response(response: httpx.Response) -> Collection | None:
    """Parse a response of this operation; an undocumented status gives ``None``."""
    return _parse_response(client=_LENIENT, response=response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Collection]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    collection_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Collection]:
    """Get a collection of models

     Returns a collection with the models in it. Errors with 404 if the slug is unknown.

    Args:
        collection_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Collection]
    """

    kwargs = build_request(
        collection_slug=collection_slug,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    collection_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Collection | None:
    """Get a collection of models

     Returns a collection with the models in it. Errors with 404 if the slug is unknown.

    Args:
        collection_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Collection
    """

    return sync_detailed(
        collection_slug=collection_slug,
        client=client,
    ).parsed


async def asyncio_detailed(
    collection_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Collection]:
    """Get a collection of models

     Returns a collection with the models in it. Errors with 404 if the slug is unknown.

    Args:
        collection_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Collection]
    """

    kwargs = build_request(
        collection_slug=collection_slug,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    collection_slug: str,
    *,
    client: AuthenticatedClient | Client,
) -> Collection | None:
    """Get a collection of models

     Returns a collection with the models in it. Errors with 404 if the slug is unknown.

    Args:
        collection_slug (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Collection
    """

    return (
        await asyncio_detailed(
            collection_slug=collection_slug,
            client=client,
        )
    ).parsed
