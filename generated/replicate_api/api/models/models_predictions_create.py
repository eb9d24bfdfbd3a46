from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.model_prediction_request import ModelPredictionRequest
from ...models.prediction import Prediction
from ...types import UNSET, Response, Unset


def build_request(
    model_owner: str,
    model_name: str,
    *,
    body: ModelPredictionRequest,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> dict[str, Any]:
    """The request of this operation: ``method``, ``url`` (relative to the base URL) and, as
    needed, ``params``, ``json``, ``files``, ``data`` and ``headers``: ``httpx.Client.request``'s
    keyword arguments."""
    headers: dict[str, Any] = {}
    if not isinstance(prefer, Unset):
        headers["Prefer"] = prefer

    if not isinstance(cancel_after, Unset):
        headers["Cancel-After"] = cancel_after

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/models/{model_owner}/{model_name}/predictions".format(
            model_owner=quote(str(model_owner), safe=""),
            model_name=quote(str(model_name), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Prediction | None:
    if response.status_code == 200:
        response_200 = Prediction.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Prediction.from_dict(response.json())

        return response_201

    if response.status_code == 202:
        response_202 = Prediction.from_dict(response.json())

        return response_202

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


_LENIENT = Client(base_url="", raise_on_unexpected_status=False)


def parse_response(response: httpx.Response) -> Prediction | None:
    """Parse a response of this operation; an undocumented status gives ``None``."""
    return _parse_response(client=_LENIENT, response=response)


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Prediction]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    model_owner: str,
    model_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelPredictionRequest,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> Response[Prediction]:
    """Create a prediction using an official model

     Starts a prediction on an official model, which has no public versions. Send `Prefer` to wait for
    the result.

    Args:
        model_owner (str):
        model_name (str):
        prefer (str | Unset):
        cancel_after (str | Unset):
        body (ModelPredictionRequest): A prediction of an official model or a deployment, which
            fix the version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Prediction]
    """

    kwargs = build_request(
        model_owner=model_owner,
        model_name=model_name,
        body=body,
        prefer=prefer,
        cancel_after=cancel_after,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    model_owner: str,
    model_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelPredictionRequest,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> Prediction | None:
    """Create a prediction using an official model

     Starts a prediction on an official model, which has no public versions. Send `Prefer` to wait for
    the result.

    Args:
        model_owner (str):
        model_name (str):
        prefer (str | Unset):
        cancel_after (str | Unset):
        body (ModelPredictionRequest): A prediction of an official model or a deployment, which
            fix the version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Prediction
    """

    return sync_detailed(
        model_owner=model_owner,
        model_name=model_name,
        client=client,
        body=body,
        prefer=prefer,
        cancel_after=cancel_after,
    ).parsed


async def asyncio_detailed(
    model_owner: str,
    model_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelPredictionRequest,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> Response[Prediction]:
    """Create a prediction using an official model

     Starts a prediction on an official model, which has no public versions. Send `Prefer` to wait for
    the result.

    Args:
        model_owner (str):
        model_name (str):
        prefer (str | Unset):
        cancel_after (str | Unset):
        body (ModelPredictionRequest): A prediction of an official model or a deployment, which
            fix the version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Prediction]
    """

    kwargs = build_request(
        model_owner=model_owner,
        model_name=model_name,
        body=body,
        prefer=prefer,
        cancel_after=cancel_after,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    model_owner: str,
    model_name: str,
    *,
    client: AuthenticatedClient | Client,
    body: ModelPredictionRequest,
    prefer: str | Unset = UNSET,
    cancel_after: str | Unset = UNSET,
) -> Prediction | None:
    """Create a prediction using an official model

     Starts a prediction on an official model, which has no public versions. Send `Prefer` to wait for
    the result.

    Args:
        model_owner (str):
        model_name (str):
        prefer (str | Unset):
        cancel_after (str | Unset):
        body (ModelPredictionRequest): A prediction of an official model or a deployment, which
            fix the version.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Prediction
    """

    return (
        await asyncio_detailed(
            model_owner=model_owner,
            model_name=model_name,
            client=client,
            body=body,
            prefer=prefer,
            cancel_after=cancel_after,
        )
    ).parsed
