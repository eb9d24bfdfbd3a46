from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.model_sort_field import ModelSortField
from ...models.paginated_models import PaginatedModels
from ...models.sort_direction import SortDirection
from ...types import UNSET, Response, Unset


def build_request(
    *,
    sort_by: ModelSortField | Unset = UNSET,
    sort_direction: SortDirection | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> dict[str, Any]:
    """The request of this operation: ``method``, ``url`` (relative to the base URL) and, as
    needed, ``params``, ``json``, ``files``, ``data`` and ``headers``: ``httpx.Client.request``'s
    keyword arguments."""

    params: dict[str, Any] = {}

    json_sort_by: str | Unset = UNSET
    if not isinstance(sort_by, Unset):
        json_sort_by = sort_by

    params["sort_by"] = json_sort_by

    json_sort_direction: str | Unset = UNSET
    if not isinstance(sort_direction, Unset):
        json_sort_direction = sort_direction

    params["sort_direction"] = json_sort_direction

    params["cursor"] = cursor

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/models",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> PaginatedModels | None:
    if response.status_code == 200:
        response_200 = PaginatedModels.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


_LENIENT = Client(base_url="", raise_on_unexpected_status=False)


def parse_response(response: httpx.Response) -> PaginatedModels | None:
    """Parse a response of this operation; an undocumented status gives ``None``."""
    return _parse_response(client=_LENIENT, response=response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[PaginatedModels]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    sort_by: ModelSortField | Unset = UNSET,
    sort_direction: SortDirection | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PaginatedModels]:
    """List public models

     Returns a page of public models, by default most recently updated first.

    Args:
        sort_by (ModelSortField | Unset): A field to sort models by.
        sort_direction (SortDirection | Unset): A sort direction.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedModels]
    """

    kwargs = build_request(
        sort_by=sort_by,
        sort_direction=sort_direction,
        cursor=cursor,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    sort_by: ModelSortField | Unset = UNSET,
    sort_direction: SortDirection | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PaginatedModels | None:
    """List public models

     Returns a page of public models, by default most recently updated first.

    Args:
        sort_by (ModelSortField | Unset): A field to sort models by.
        sort_direction (SortDirection | Unset): A sort direction.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedModels
    """

    return sync_detailed(
        client=client,
        sort_by=sort_by,
        sort_direction=sort_direction,
        cursor=cursor,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    sort_by: ModelSortField | Unset = UNSET,
    sort_direction: SortDirection | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> Response[PaginatedModels]:
    """List public models

     Returns a page of public models, by default most recently updated first.

    Args:
        sort_by (ModelSortField | Unset): A field to sort models by.
        sort_direction (SortDirection | Unset): A sort direction.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[PaginatedModels]
    """

    kwargs = build_request(
        sort_by=sort_by,
        sort_direction=sort_direction,
        cursor=cursor,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    sort_by: ModelSortField | Unset = UNSET,
    sort_direction: SortDirection | Unset = UNSET,
    cursor: str | Unset = UNSET,
) -> PaginatedModels | None:
    """List public models

     Returns a page of public models, by default most recently updated first.

    Args:
        sort_by (ModelSortField | Unset): A field to sort models by.
        sort_direction (SortDirection | Unset): A sort direction.
        cursor (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        PaginatedModels
    """

    return (
        await asyncio_detailed(
            client=client,
            sort_by=sort_by,
            sort_direction=sort_direction,
            cursor=cursor,
        )
    ).parsed
