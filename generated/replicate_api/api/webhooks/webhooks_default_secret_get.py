from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.webhook_secret import WebhookSecret
from ...types import Response


def build_request() -> dict[str, Any]:
    """The request of this operation: ``method``, ``url`` (relative to the base URL) and, as
    needed, ``params``, ``json``, ``files``, ``data`` and ``headers``: ``httpx.Client.request``'s
    keyword arguments."""

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/webhooks/default/secret",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> WebhookSecret | None:
    if response.status_code == 200:
        response_200 = WebhookSecret.from_dict(response.json())

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


_LENIENT = Client(base_url="", raise_on_unexpected_status=False)


def parse_response(response: httpx.Response) -> WebhookSecret | None:
    """Parse a response of this operation; an undocumented status gives ``None``."""
    return _parse_response(client=_LENIENT, response=response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[WebhookSecret]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[WebhookSecret]:
    """Get the signing secret for the default webhook

     Returns the secret used to sign webhook requests, for verifying them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[WebhookSecret]
    """

    kwargs = build_request()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
) -> WebhookSecret | None:
    """Get the signing secret for the default webhook

     Returns the secret used to sign webhook requests, for verifying them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        WebhookSecret
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
) -> Response[WebhookSecret]:
    """Get the signing secret for the default webhook

     Returns the secret used to sign webhook requests, for verifying them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[WebhookSecret]
    """

    kwargs = build_request()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
) -> WebhookSecret | None:
    """Get the signing secret for the default webhook

     Returns the secret used to sign webhook requests, for verifying them.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        WebhookSecret
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
