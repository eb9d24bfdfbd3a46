import datetime
from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.paginated_predictions import PaginatedPredictions
from ...models.prediction_source_filter import (
    PredictionSourceFilter,
)
from ...types import UNSET, Response, Unset


def build_request(
    *,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionSourceFilter | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:
    """The request of this operation: ``method``, ``url`` (relative to the base URL) and, as
    needed, ``params``, ``json``, ``files``, ``data`` and ``headers``: ``httpx.Client.request``'s
    keyword arguments."""

    params: dict[str, Any] = {}

    json_created_after: str | Unset = UNSET
    if not isinstance(created_after, Unset):
        json_created_after = created_after.isoformat()
    params["created_after"] = json_created_after

    json_created_before: str | Unset = UNSET
    if not isinstance(created_before, Unset):
        json_created_before = created_before.isoformat()
    params["created_before"] = json_created_before

    json_source: str | Unset = UNSET
    if not isinstance(source, Unset):
        json_source = source

    params["source"] = json_source

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/predictions",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedPredictions | None:
    if response.status_code == 200:
        response_200 = PaginatedPredictions.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


_LENIENT = Client(base_url="", raise_on_unexpected_status=False)


def parse_response(response: httpx.Response) -> PaginatedPredictions | None:
    """Parse a response of this operation; an undocumented status gives ``None``."""
    return _parse_response(client=_LENIENT, response=response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaginatedPredictions]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionSourceFilter | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PaginatedPredictions]:
    """List predictions

     Returns a page of the account's predictions, most recent first, optionally filtered by creation time
    and source.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        source (PredictionSourceFilter | Unset): A source to filter predictions by.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPredictions]
    """

    kwargs = build_request(
        created_after=created_after,
        created_before=created_before,
        source=source,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionSourceFilter | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PaginatedPredictions | None:
    """List predictions

     Returns a page of the account's predictions, most recent first, optionally filtered by creation time
    and source.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        source (PredictionSourceFilter | Unset): A source to filter predictions by.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPredictions
    """

    return sync_detailed(
        client=client,
        created_after=created_after,
        created_before=created_before,
        source=source,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionSourceFilter | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PaginatedPredictions]:
    """List predictions

     Returns a page of the account's predictions, most recent first, optionally filtered by creation time
    and source.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        source (PredictionSourceFilter | Unset): A source to filter predictions by.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedPredictions]
    """

    kwargs = build_request(
        created_after=created_after,
        created_before=created_before,
        source=source,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    created_after: datetime.datetime | Unset = UNSET,
    created_before: datetime.datetime | Unset = UNSET,
    source: PredictionSourceFilter | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PaginatedPredictions | None:
    """List predictions

     Returns a page of the account's predictions, most recent first, optionally filtered by creation time
    and source.

    Args:
        created_after (datetime.datetime | Unset):
        created_before (datetime.datetime | Unset):
        source (PredictionSourceFilter | Unset): A source to filter predictions by.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedPredictions
    """

    return (
        await asyncio_detailed(
            client=client,
            created_after=created_after,
            created_before=created_before,
            source=source,
            cursor=cursor,
        )
    ).parsed
