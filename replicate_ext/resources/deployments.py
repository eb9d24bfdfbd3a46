"""Deployments (``client.deployments``).

Each method is written once for both clients (see ``replicate_ext._binding``).

Example:
    >>> client.deployments.get("acme/my-app").current_release          # doctest: +SKIP
    >>> client.deployments.predictions.create("acme/my-app", input={})  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from typing import Unpack

from replicate_api.api.deployments import (
    deployments_create,
    deployments_delete,
    deployments_get,
    deployments_list,
    deployments_update,
)
from replicate_api.models import (
    Deployment,
    DeploymentCreateRequest,
    DeploymentUpdateRequest,
    Prediction,
)
from replicate_api.types import UNSET

from .._binding import S, api
from .._call import Call, CallOptions, Flow, page_of
from ..pagination import Page
from ..refs import parse_owner_name
from ._resource import Resource, present
from .predictions import PredictionOptions, create_prediction

__all__ = ["DeploymentPredictions", "Deployments"]


def _owner_name(deployment: str) -> tuple[str, str]:
    return parse_owner_name(deployment, kind="deployment")


class DeploymentPredictions(Resource[S]):
    """``client.deployments.predictions``: predictions on a deployment."""

    @api
    def create(self, deployment: str, **params: Unpack[PredictionOptions]) -> Flow[Prediction]:
        """Create a prediction on a deployment (``deployment`` is ``owner/name``).

        ``**params`` are those of :meth:`Predictions.create <replicate_ext.resources.predictions.Predictions.create>`
        (:class:`~replicate_ext.resources.predictions.PredictionOptions`).

        Example:
            >>> client.deployments.predictions.create("acme/my-app", input={"name": "Ada"})  # doctest: +SKIP
        """
        flow = create_prediction(deployment=deployment, **params)
        if not params.get("validate"):
            return flow
        from ..schema.lookup import validated

        return validated(self._http, flow, params.get("input"), deployment=deployment)


class DeploymentUpdate(CallOptions, total=False):
    """What ``deployments.update`` may change (``None`` leaves a setting as it is)."""

    version: str | None
    hardware: str | None
    min_instances: int | None
    max_instances: int | None


class Deployments(Resource[S]):
    """``client.deployments``: list, get, create, update and delete deployments."""

    @functools.cached_property
    def predictions(self) -> DeploymentPredictions[S]:
        """``client.deployments.predictions``: predictions on a deployment."""
        return DeploymentPredictions(self._http)

    @api
    def list(
        self, *, cursor: str | None = None, **options: Unpack[CallOptions]
    ) -> Call[Page[Deployment]]:
        """One page of your deployments.

        Example:
            >>> [d.name for d in client.deployments.list().results]  # doctest: +SKIP
        """
        request = deployments_list.build_request(cursor=cursor or UNSET)
        return Call(request, page_of(deployments_list.parse_response)).with_options(**options)

    @api
    def get(self, deployment: str, **options: Unpack[CallOptions]) -> Call[Deployment]:
        """A deployment by ``owner/name``.

        Example:
            >>> client.deployments.get("acme/my-app").owner  # doctest: +SKIP
        """
        request = deployments_get.build_request(*_owner_name(deployment))
        return Call(request, deployments_get.parse_response).with_options(**options)

    @api
    def create(
        self,
        *,
        name: str,
        model: str,
        version: str,
        hardware: str,
        min_instances: int,
        max_instances: int,
        **options: Unpack[CallOptions],
    ) -> Call[Deployment]:
        """Create a deployment of a model version.

        Args:
            name: The deployment's name.
            model: The model to deploy, as ``owner/name``.
            version: The ID of the version to deploy.
            hardware: The hardware SKU (see ``client.hardware.list()``).
            min_instances: The minimum number of instances.
            max_instances: The maximum number of instances.
            **options: Per-call ``timeout=`` and ``extra_headers=`` (:class:`CallOptions`).

        Example:
            >>> client.deployments.create(name="my-app", model="acme/echo", version=vid,  # doctest: +SKIP
            ...                           hardware="cpu", min_instances=0, max_instances=1)
        """
        fields = {
            "name": name,
            "model": model,
            "version": version,
            "hardware": hardware,
            "min_instances": min_instances,
            "max_instances": max_instances,
        }
        body = DeploymentCreateRequest.from_dict(present(fields))
        request = deployments_create.build_request(body=body)
        return Call(request, deployments_create.parse_response, idempotent=False).with_options(
            **options
        )

    @api
    def update(self, deployment: str, **fields: Unpack[DeploymentUpdate]) -> Call[Deployment]:
        """Update ``version``, ``hardware``, ``min_instances`` or ``max_instances``.

        Args:
            deployment: ``owner/name``.
            **fields: The settings to change (``None`` leaves a setting as it is), and the
                per-call ``timeout=`` / ``extra_headers=``.

        Example:
            >>> client.deployments.update("acme/my-app", max_instances=3)  # doctest: +SKIP
        """
        owner, name = _owner_name(deployment)
        timeout, extra_headers = fields.pop("timeout", None), fields.pop("extra_headers", None)
        body = DeploymentUpdateRequest.from_dict(present(fields))
        request = deployments_update.build_request(owner, name, body=body)
        call = Call(request, deployments_update.parse_response)
        return call.with_options(timeout=timeout, extra_headers=extra_headers)

    @api
    def delete(self, deployment: str, **options: Unpack[CallOptions]) -> Call[None]:
        """Delete a deployment.

        Example:
            >>> client.deployments.delete("acme/my-app")  # doctest: +SKIP
        """
        request = deployments_delete.build_request(*_owner_name(deployment))
        return Call(request, deployments_delete.parse_response).with_options(**options)
