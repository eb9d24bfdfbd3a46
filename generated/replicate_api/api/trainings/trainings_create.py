from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.training import Training
from ...models.training_request import TrainingRequest
from ...types import Response


def build_request(
    model_owner: str,
    model_name: str,
    version_id: str,
    *,
    body: TrainingRequest,
) -> dict[str, Any]:
    """The request of this operation: ``method``, ``url`` (relative to the base URL) and, as
    needed, ``params``, ``json``, ``files``, ``data`` and ``headers``: ``httpx.Client.request``'s
    keyword arguments."""
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/models/{model_owner}/{model_name}/versions/{version_id}/trainings".format(
            model_owner=quote(str(model_owner), safe=""),
            model_name=quote(str(model_name), safe=""),
            version_id=quote(str(version_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Training | None:
    if response.status_code == 201:
        response_201 = Training.from_dict(response.json())

        return response_201

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


_LENIENT = Client(base_url="", raise_on_unexpected_status=False)


def parse_response(response: httpx.Response) -> Training | None:
    """Parse a response of this operation; an undocumented status gives ``None``."""
    return _parse_response(client=_LENIENT, response=response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Training]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_owner: str,
    model_name: str,
    version_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TrainingRequest,
) -> Response[Training]:
    """Create a training

     Starts fine-tuning this version; on success a new version is pushed to `destination`.

    Args:
        model_owner (str):
        model_name (str):
        version_id (str):
        body (TrainingRequest): A training of a model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Training]
    """

    kwargs = build_request(
        model_owner=model_owner,
        model_name=model_name,
        version_id=version_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_owner: str,
    model_name: str,
    version_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TrainingRequest,
) -> Training | None:
    """Create a training

     Starts fine-tuning this version; on success a new version is pushed to `destination`.

    Args:
        model_owner (str):
        model_name (str):
        version_id (str):
        body (TrainingRequest): A training of a model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Training
    """

    return sync_detailed(
        model_owner=model_owner,
        model_name=model_name,
        version_id=version_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    model_owner: str,
    model_name: str,
    version_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TrainingRequest,
) -> Response[Training]:
    """Create a training

     Starts fine-tuning this version; on success a new version is pushed to `destination`.

    Args:
        model_owner (str):
        model_name (str):
        version_id (str):
        body (TrainingRequest): A training of a model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Training]
    """

    kwargs = build_request(
        model_owner=model_owner,
        model_name=model_name,
        version_id=version_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_owner: str,
    model_name: str,
    version_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TrainingRequest,
) -> Training | None:
    """Create a training

     Starts fine-tuning this version; on success a new version is pushed to `destination`.

    Args:
        model_owner (str):
        model_name (str):
        version_id (str):
        body (TrainingRequest): A training of a model version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Training
    """

    return (
        await asyncio_detailed(
            model_owner=model_owner,
            model_name=model_name,
            version_id=version_id,
            client=client,
            body=body,
        )
    ).parsed
