"""Deployments (``client.deployments``), sync and async.

Example:
    >>> client.deployments.get("acme/my-app").current_release          # doctest: +SKIP
    >>> client.deployments.predictions.create("acme/my-app", input={})  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .._operations import Call, list_call
from ..file_input import FileEncoding, aprepare, prepare
from ..pagination import Page
from ..refs import parse_owner_name
from ._resource import AsyncResource, SyncResource, body
from .predictions import CancelAfter, Wait, create_call

if TYPE_CHECKING:
    from replicate_api.models import Deployment, Prediction

    from .._http import AsyncHTTP, SyncHTTP

__all__ = ["AsyncDeployments", "Deployments"]


def _path(deployment: str) -> dict[str, Any]:
    owner, name = parse_owner_name(deployment, kind="deployment")
    return {"deployment_owner": owner, "deployment_name": name}


def _list_call(cursor: str | None) -> Call:
    return list_call("deployments.deployments_list", cursor=cursor)


def _create_call(fields: dict[str, Any]) -> Call:
    return Call(
        "deployments.deployments_create",
        {"body": body("DeploymentCreateRequest", fields)},
        idempotent=False,
    )


def _update_call(deployment: str, fields: dict[str, Any]) -> Call:
    return Call(
        "deployments.deployments_update",
        {**_path(deployment), "body": body("DeploymentUpdateRequest", fields)},
    )


class DeploymentPredictions(SyncResource):
    """``client.deployments.predictions``."""

    def create(
        self,
        deployment: str,
        *,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        wait: Wait = False,
        cancel_after: CancelAfter = None,
        stream: bool | None = None,
        file_encoding: FileEncoding = "url",
    ) -> Prediction:
        """Create a prediction on a deployment (``owner/name``).

        Example:
            >>> client.deployments.predictions.create("acme/my-app", input={"name": "Ada"})  # doctest: +SKIP
        """
        call = prepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_call(
                deployment=deployment,
                input=inp,
                webhook=webhook,
                webhook_events_filter=webhook_events_filter,
                wait=wait,
                cancel_after=cancel_after,
                stream=stream,
            ),
        )
        result: Prediction = self._http.call(call)
        return result


class Deployments(SyncResource):
    """``client.deployments``: list, get, create, update and delete deployments."""

    def __init__(self, http: SyncHTTP) -> None:
        super().__init__(http)
        self.predictions = DeploymentPredictions(http)

    def list(self, *, cursor: str | None = None) -> Page[Deployment]:
        """One page of your deployments.

        Example:
            >>> [d.name for d in client.deployments.list().results]  # doctest: +SKIP
        """
        result: Page[Deployment] = self._http.call(_list_call(cursor))
        return result

    def get(self, deployment: str) -> Deployment:
        """A deployment by ``owner/name``.

        Example:
            >>> client.deployments.get("acme/my-app").owner  # doctest: +SKIP
        """
        result: Deployment = self._http.call(Call("deployments.deployments_get", _path(deployment)))
        return result

    def create(
        self,
        *,
        name: str,
        model: str,
        version: str,
        hardware: str,
        min_instances: int,
        max_instances: int,
    ) -> Deployment:
        """Create a deployment of a model version.

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
        result: Deployment = self._http.call(_create_call(fields))
        return result

    def update(self, deployment: str, **fields: Any) -> Deployment:
        """Update ``version``, ``hardware``, ``min_instances`` or ``max_instances``.

        Example:
            >>> client.deployments.update("acme/my-app", max_instances=3)  # doctest: +SKIP
        """
        result: Deployment = self._http.call(_update_call(deployment, fields))
        return result

    def delete(self, deployment: str) -> None:
        """Delete a deployment.

        Example:
            >>> client.deployments.delete("acme/my-app")  # doctest: +SKIP
        """
        self._http.call(Call("deployments.deployments_delete", _path(deployment)))


class AsyncDeploymentPredictions(AsyncResource):
    """``client.deployments.predictions`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def create(
        self,
        deployment: str,
        *,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        wait: Wait = False,
        cancel_after: CancelAfter = None,
        stream: bool | None = None,
        file_encoding: FileEncoding = "url",
    ) -> Prediction:
        """Create a prediction on a deployment.

        Example:
            >>> await client.deployments.predictions.create("a/b", input={})  # doctest: +SKIP
        """
        call = await aprepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_call(
                deployment=deployment,
                input=inp,
                webhook=webhook,
                webhook_events_filter=webhook_events_filter,
                wait=wait,
                cancel_after=cancel_after,
                stream=stream,
            ),
        )
        result: Prediction = await self._http.call(call)
        return result


class AsyncDeployments(AsyncResource):
    """``client.deployments`` of :class:`~replicate_ext.AsyncReplicate`."""

    def __init__(self, http: AsyncHTTP) -> None:
        super().__init__(http)
        self.predictions = AsyncDeploymentPredictions(http)

    async def list(self, *, cursor: str | None = None) -> Page[Deployment]:
        """One page of deployments. Example: ``await client.deployments.list()``."""
        result: Page[Deployment] = await self._http.call(_list_call(cursor))
        return result

    async def get(self, deployment: str) -> Deployment:
        """A deployment. Example: ``await client.deployments.get("a/b")``."""
        result: Deployment = await self._http.call(
            Call("deployments.deployments_get", _path(deployment))
        )
        return result

    async def create(
        self,
        *,
        name: str,
        model: str,
        version: str,
        hardware: str,
        min_instances: int,
        max_instances: int,
    ) -> Deployment:
        """Create a deployment. Example: ``await client.deployments.create(name="x", ...)``."""
        fields = {
            "name": name,
            "model": model,
            "version": version,
            "hardware": hardware,
            "min_instances": min_instances,
            "max_instances": max_instances,
        }
        result: Deployment = await self._http.call(_create_call(fields))
        return result

    async def update(self, deployment: str, **fields: Any) -> Deployment:
        """Update a deployment. Example: ``await client.deployments.update("a/b", max_instances=2)``."""
        result: Deployment = await self._http.call(_update_call(deployment, fields))
        return result

    async def delete(self, deployment: str) -> None:
        """Delete a deployment. Example: ``await client.deployments.delete("a/b")``."""
        await self._http.call(Call("deployments.deployments_delete", _path(deployment)))
