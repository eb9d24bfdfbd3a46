"""Models and their versions, examples, readme and predictions (``client.models``), sync and async.

Example:
    >>> model = client.models.get("replicate-ext/hello")                    # doctest: +SKIP
    >>> [v.id for v in client.models.versions.list("acme/echo").results]    # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

from .._operations import Call, list_call
from ..file_input import FileEncoding, aprepare, prepare
from ..pagination import Page
from ..refs import parse_owner_name
from ._resource import AsyncResource, SyncResource, body
from .predictions import CancelAfter, Wait, create_call

if TYPE_CHECKING:
    from replicate_api.models import Model, ModelVersion, Prediction

    from .._http import AsyncHTTP, SyncHTTP

__all__ = ["AsyncModels", "Models"]

SortBy = Literal["model_created_at", "latest_version_created_at"]
Direction = Literal["asc", "desc"]


def _path(model: str) -> dict[str, Any]:
    owner, name = parse_owner_name(model)
    return {"model_owner": owner, "model_name": name}


def _list_call(
    sort_by: SortBy | None, sort_direction: Direction | None, cursor: str | None
) -> Call:
    kwargs = {"sort_by": sort_by, "sort_direction": sort_direction, "cursor": cursor}
    return list_call("models.models_list", **kwargs)


def _create_call(owner: str, name: str, fields: dict[str, Any]) -> Call:
    parse_owner_name(f"{owner}/{name}")
    return Call(
        "models.models_create",
        {"body": body("ModelCreateRequest", {"owner": owner, "name": name, **fields})},
        idempotent=False,
    )


def _update_call(model: str, fields: dict[str, Any]) -> Call:
    return Call(
        "models.models_update", {**_path(model), "body": body("ModelUpdateRequest", fields)}
    )


def _paged(op: str, model: str, cursor: str | None) -> Call:
    return list_call(op, cursor=cursor, **_path(model))


def _version_call(op: str, model: str, version_id: str) -> Call:
    return Call(op, {**_path(model), "version_id": version_id})


class ModelVersions(SyncResource):
    """``client.models.versions``."""

    def list(self, model: str, *, cursor: str | None = None) -> Page[ModelVersion]:
        """One page of a model's versions, newest first.

        Example:
            >>> client.models.versions.list("replicate-ext/echo").results[0].id  # doctest: +SKIP
        """
        result: Page[ModelVersion] = self._http.call(
            _paged("models.models_versions_list", model, cursor)
        )
        return result

    def get(self, model: str, version_id: str) -> ModelVersion:
        """One version of a model, with its ``openapi_schema``.

        Example:
            >>> client.models.versions.get("acme/echo", version_id).openapi_schema  # doctest: +SKIP
        """
        result: ModelVersion = self._http.call(
            _version_call("models.models_versions_get", model, version_id)
        )
        return result

    def delete(self, model: str, version_id: str) -> None:
        """Delete a version of one of your models.

        Example:
            >>> client.models.versions.delete("acme/echo", version_id)  # doctest: +SKIP
        """
        self._http.call(_version_call("models.models_versions_delete", model, version_id))


class ModelPredictions(SyncResource):
    """``client.models.predictions``."""

    def create(
        self,
        model: str,
        *,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        wait: Wait = False,
        cancel_after: CancelAfter = None,
        stream: bool | None = None,
        file_encoding: FileEncoding = "url",
    ) -> Prediction:
        """Create a prediction of an official model, or of a model's latest version.

        Example:
            >>> client.models.predictions.create("replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
        """
        call = prepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_call(
                model=model,
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


class ModelExamples(SyncResource):
    """``client.models.examples``."""

    def list(self, model: str, *, cursor: str | None = None) -> Page[Prediction]:
        """The example predictions the model's author picked.

        Example:
            >>> client.models.examples.list("replicate-ext/hello").results  # doctest: +SKIP
        """
        result: Page[Prediction] = self._http.call(
            _paged("models.models_examples_list", model, cursor)
        )
        return result


class ModelReadme(SyncResource):
    """``client.models.readme``."""

    def get(self, model: str) -> str:
        """The model's README, as Markdown.

        Example:
            >>> print(client.models.readme.get("replicate-ext/hello"))  # doctest: +SKIP
        """
        result: str = self._http.call(Call("models.models_readme_get", _path(model)))
        return result


class Models(SyncResource):
    """``client.models``: get, list, create, update and delete models; sub-resources below."""

    def __init__(self, http: SyncHTTP) -> None:
        super().__init__(http)
        self.versions = ModelVersions(http)
        self.predictions = ModelPredictions(http)
        self.examples = ModelExamples(http)
        self.readme = ModelReadme(http)

    def get(self, model: str) -> Model:
        """A model by ``owner/name``.

        Example:
            >>> client.models.get("replicate-ext/hello").latest_version  # doctest: +SKIP
        """
        result: Model = self._http.call(Call("models.models_get", _path(model)))
        return result

    def list(
        self,
        *,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        cursor: str | None = None,
    ) -> Page[Model]:
        """One page of public models.

        Example:
            >>> client.models.list(sort_by="model_created_at").results  # doctest: +SKIP
        """
        result: Page[Model] = self._http.call(_list_call(sort_by, sort_direction, cursor))
        return result

    def create(
        self,
        owner: str,
        name: str,
        *,
        visibility: Literal["public", "private"],
        hardware: str,
        description: str | None = None,
        github_url: str | None = None,
        paper_url: str | None = None,
        license_url: str | None = None,
        cover_image_url: str | None = None,
    ) -> Model:
        """Create a model.

        Example:
            >>> client.models.create("acme", "new", visibility="private", hardware="cpu")  # doctest: +SKIP
        """
        fields = {
            "visibility": visibility,
            "hardware": hardware,
            "description": description,
            "github_url": github_url,
            "paper_url": paper_url,
            "license_url": license_url,
            "cover_image_url": cover_image_url,
        }
        result: Model = self._http.call(_create_call(owner, name, fields))
        return result

    def update(self, model: str, **fields: str | None) -> Model:
        """Update a model's metadata: ``description``, ``readme``, ``github_url``, ``paper_url``,
        ``license_url``, ``weights_url``.

        Example:
            >>> client.models.update("acme/new", description="Better")  # doctest: +SKIP
        """
        result: Model = self._http.call(_update_call(model, fields))
        return result

    def delete(self, model: str) -> None:
        """Delete a private model that has no versions.

        Example:
            >>> client.models.delete("acme/new")  # doctest: +SKIP
        """
        self._http.call(Call("models.models_delete", _path(model)))


class AsyncModelVersions(AsyncResource):
    """``client.models.versions`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def list(self, model: str, *, cursor: str | None = None) -> Page[ModelVersion]:
        """One page of a model's versions. Example: ``await client.models.versions.list("a/b")``."""
        result: Page[ModelVersion] = await self._http.call(
            _paged("models.models_versions_list", model, cursor)
        )
        return result

    async def get(self, model: str, version_id: str) -> ModelVersion:
        """One version of a model. Example: ``await client.models.versions.get("a/b", vid)``."""
        result: ModelVersion = await self._http.call(
            _version_call("models.models_versions_get", model, version_id)
        )
        return result

    async def delete(self, model: str, version_id: str) -> None:
        """Delete a version. Example: ``await client.models.versions.delete("a/b", vid)``."""
        await self._http.call(_version_call("models.models_versions_delete", model, version_id))


class AsyncModelPredictions(AsyncResource):
    """``client.models.predictions`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def create(
        self,
        model: str,
        *,
        input: dict[str, Any] | None = None,
        webhook: str | None = None,
        webhook_events_filter: Iterable[str] | None = None,
        wait: Wait = False,
        cancel_after: CancelAfter = None,
        stream: bool | None = None,
        file_encoding: FileEncoding = "url",
    ) -> Prediction:
        """Create a prediction of a model. Example: ``await client.models.predictions.create("a/b", input={})``."""
        call = await aprepare(
            self._http,
            input,
            file_encoding,
            lambda inp: create_call(
                model=model,
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


class AsyncModelExamples(AsyncResource):
    """``client.models.examples`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def list(self, model: str, *, cursor: str | None = None) -> Page[Prediction]:
        """Example predictions. Example: ``await client.models.examples.list("a/b")``."""
        result: Page[Prediction] = await self._http.call(
            _paged("models.models_examples_list", model, cursor)
        )
        return result


class AsyncModelReadme(AsyncResource):
    """``client.models.readme`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def get(self, model: str) -> str:
        """The model's README. Example: ``await client.models.readme.get("a/b")``."""
        result: str = await self._http.call(Call("models.models_readme_get", _path(model)))
        return result


class AsyncModels(AsyncResource):
    """``client.models`` of :class:`~replicate_ext.AsyncReplicate`: the async twin of :class:`Models`."""

    def __init__(self, http: AsyncHTTP) -> None:
        super().__init__(http)
        self.versions = AsyncModelVersions(http)
        self.predictions = AsyncModelPredictions(http)
        self.examples = AsyncModelExamples(http)
        self.readme = AsyncModelReadme(http)

    async def get(self, model: str) -> Model:
        """A model by ``owner/name``. Example: ``await client.models.get("a/b")``."""
        result: Model = await self._http.call(Call("models.models_get", _path(model)))
        return result

    async def list(
        self,
        *,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        cursor: str | None = None,
    ) -> Page[Model]:
        """One page of public models. Example: ``await client.models.list()``."""
        result: Page[Model] = await self._http.call(_list_call(sort_by, sort_direction, cursor))
        return result

    async def create(
        self,
        owner: str,
        name: str,
        *,
        visibility: Literal["public", "private"],
        hardware: str,
        description: str | None = None,
        github_url: str | None = None,
        paper_url: str | None = None,
        license_url: str | None = None,
        cover_image_url: str | None = None,
    ) -> Model:
        """Create a model. Example: ``await client.models.create("a", "b", visibility="private", hardware="cpu")``."""
        fields = {
            "visibility": visibility,
            "hardware": hardware,
            "description": description,
            "github_url": github_url,
            "paper_url": paper_url,
            "license_url": license_url,
            "cover_image_url": cover_image_url,
        }
        result: Model = await self._http.call(_create_call(owner, name, fields))
        return result

    async def update(self, model: str, **fields: str | None) -> Model:
        """Update a model's metadata. Example: ``await client.models.update("a/b", description="x")``."""
        result: Model = await self._http.call(_update_call(model, fields))
        return result

    async def delete(self, model: str) -> None:
        """Delete a model. Example: ``await client.models.delete("a/b")``."""
        await self._http.call(Call("models.models_delete", _path(model)))
