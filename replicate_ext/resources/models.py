"""Models and their versions, examples, readme and predictions (``client.models``).

Each method is written once for both clients (see ``replicate_ext._binding``).

Example:
    >>> model = client.models.get("replicate-ext/hello")                    # doctest: +SKIP
    >>> [v.id for v in client.models.versions.list("acme/echo").results]    # doctest: +SKIP
"""

from __future__ import annotations

import functools
from typing import Literal, Unpack

from replicate_api.api.models import (
    models_create,
    models_delete,
    models_examples_list,
    models_get,
    models_list,
    models_readme_get,
    models_update,
    models_versions_delete,
    models_versions_get,
    models_versions_list,
)
from replicate_api.models import (
    Model,
    ModelCreateRequest,
    ModelUpdateRequest,
    ModelVersion,
    Prediction,
)
from replicate_api.types import UNSET

from .._binding import S, api
from .._call import Call, CallOptions, Flow, page_of
from ..pagination import Page
from ..refs import parse_owner_name
from ._resource import Resource, present
from .model_search import model_search_call
from .predictions import PredictionOptions, create_prediction

__all__ = ["ModelExamples", "ModelPredictions", "ModelReadme", "ModelVersions", "Models"]

SortBy = Literal["model_created_at", "latest_version_created_at"]
Direction = Literal["asc", "desc"]


class ModelUpdate(CallOptions, total=False):
    """What ``models.update`` may change (``None`` leaves a field as it is)."""

    description: str | None
    readme: str | None
    github_url: str | None
    paper_url: str | None
    license_url: str | None
    weights_url: str | None


class ModelVersions(Resource[S]):
    """``client.models.versions``: list, get and delete a model's versions."""

    @api
    def list(
        self, model: str, *, cursor: str | None = None, **options: Unpack[CallOptions]
    ) -> Call[Page[ModelVersion]]:
        """One page of a model's versions, newest first.

        Args:
            model: ``owner/name``.
            cursor: The cursor of the page to fetch (from a previous page).
            **options: Per-call ``timeout=`` and ``extra_headers=`` (:class:`CallOptions`).

        Raises:
            InvalidReferenceError: ``model`` is not ``owner/name``.

        Example:
            >>> client.models.versions.list("replicate-ext/echo").results[0].id  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        request = models_versions_list.build_request(owner, name, cursor=cursor or UNSET)
        return Call(request, page_of(models_versions_list.parse_response)).with_options(**options)

    @api
    def get(
        self, model: str, version_id: str, **options: Unpack[CallOptions]
    ) -> Call[ModelVersion]:
        """One version of a model, with its ``openapi_schema``.

        Example:
            >>> client.models.versions.get("acme/echo", version_id).openapi_schema  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        request = models_versions_get.build_request(owner, name, version_id)
        return Call(request, models_versions_get.parse_response).with_options(**options)

    @api
    def delete(self, model: str, version_id: str, **options: Unpack[CallOptions]) -> Call[None]:
        """Delete a version of one of your models.

        Example:
            >>> client.models.versions.delete("acme/echo", version_id)  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        request = models_versions_delete.build_request(owner, name, version_id)
        return Call(request, models_versions_delete.parse_response).with_options(**options)


class ModelPredictions(Resource[S]):
    """``client.models.predictions``: predictions of a model (official, or its latest version)."""

    @api
    def create(self, model: str, **params: Unpack[PredictionOptions]) -> Flow[Prediction]:
        """Create a prediction of an official model, or of a model's latest version (``model`` is ``owner/name``).

        ``**params`` are those of :meth:`Predictions.create <replicate_ext.resources.predictions.Predictions.create>`
        (:class:`~replicate_ext.resources.predictions.PredictionOptions`).

        Example:
            >>> client.models.predictions.create("replicate-ext/hello", input={"name": "Ada"})  # doctest: +SKIP
        """
        flow = create_prediction(model=model, **params)
        if not params.get("validate"):
            return flow
        from ..schema.lookup import validated

        return validated(self._http, flow, params.get("input"), ref=model)


class ModelExamples(Resource[S]):
    """``client.models.examples``: the example predictions a model's author picked."""

    @api
    def list(
        self, model: str, *, cursor: str | None = None, **options: Unpack[CallOptions]
    ) -> Call[Page[Prediction]]:
        """The example predictions the model's author picked.

        Example:
            >>> client.models.examples.list("replicate-ext/hello").results  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        request = models_examples_list.build_request(owner, name, cursor=cursor or UNSET)
        return Call(request, page_of(models_examples_list.parse_response)).with_options(**options)


class ModelReadme(Resource[S]):
    """``client.models.readme``: a model's README."""

    @api
    def get(self, model: str, **options: Unpack[CallOptions]) -> Call[str]:
        """The model's README, as Markdown.

        Example:
            >>> print(client.models.readme.get("replicate-ext/hello"))  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        request = models_readme_get.build_request(owner, name)
        return Call(request, models_readme_get.parse_response).with_options(**options)


class Models(Resource[S]):
    """``client.models``: get, list, create, update and delete models; sub-resources below."""

    @functools.cached_property
    def versions(self) -> ModelVersions[S]:
        """``client.models.versions``: a model's versions."""
        return ModelVersions(self._http)

    @functools.cached_property
    def predictions(self) -> ModelPredictions[S]:
        """``client.models.predictions``: predictions of a model."""
        return ModelPredictions(self._http)

    @functools.cached_property
    def examples(self) -> ModelExamples[S]:
        """``client.models.examples``: a model's example predictions."""
        return ModelExamples(self._http)

    @functools.cached_property
    def readme(self) -> ModelReadme[S]:
        """``client.models.readme``: a model's README."""
        return ModelReadme(self._http)

    @api
    def get(self, model: str, **options: Unpack[CallOptions]) -> Call[Model]:
        """A model by ``owner/name``.

        Example:
            >>> client.models.get("replicate-ext/hello").latest_version  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        request = models_get.build_request(owner, name)
        return Call(request, models_get.parse_response).with_options(**options)

    @api
    def list(
        self,
        *,
        sort_by: SortBy | None = None,
        sort_direction: Direction | None = None,
        cursor: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Call[Page[Model]]:
        """One page of public models.

        Args:
            sort_by: ``model_created_at`` or ``latest_version_created_at``.
            sort_direction: ``asc`` or ``desc``.
            cursor: The cursor of the page to fetch (from a previous page).
            **options: Per-call ``timeout=`` and ``extra_headers=`` (:class:`CallOptions`).

        Example:
            >>> client.models.list(sort_by="model_created_at").results  # doctest: +SKIP
        """
        request = models_list.build_request(
            sort_by=sort_by or UNSET,
            sort_direction=sort_direction or UNSET,
            cursor=cursor or UNSET,
        )
        return Call(request, page_of(models_list.parse_response)).with_options(**options)

    @api
    def search(
        self, query: str, *, cursor: str | None = None, **options: Unpack[CallOptions]
    ) -> Call[Page[Model]]:
        """One page of the public models that match ``query`` (``QUERY /v1/models``).

        The API's model search takes the query as a plain-text body of an HTTP ``QUERY``
        request, which OpenAPI 3.0 cannot describe: it is the one call built outside the
        generated layer (see :mod:`replicate_ext.resources.model_search`). ``client.search()``
        is the older search of models, collections and docs (``GET /v1/search``).

        Args:
            query: The search text.
            cursor: The cursor of the page to fetch (from a previous page).
            **options: Per-call ``timeout=`` and ``extra_headers=`` (:class:`CallOptions`).

        Returns:
            One page of models, best match first; ``client.paginate(client.models.search,
            query=...)`` walks every page.

        Raises:
            InvalidArgumentError: An empty query.

        Example:
            >>> [m.name for m in client.models.search("upscale images")]  # doctest: +SKIP
        """
        return model_search_call(query, cursor, **options)

    @api
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
        **options: Unpack[CallOptions],
    ) -> Call[Model]:
        """Create a model.

        Args:
            owner: The account that will own the model (the token's account).
            name: The model's name.
            visibility: ``"public"`` or ``"private"``.
            hardware: The hardware SKU to run on (see ``client.hardware.list()``).
            description: A short description.
            github_url: The source code's URL.
            paper_url: The paper's URL.
            license_url: The license's URL.
            cover_image_url: The cover image's URL.
            **options: Per-call ``timeout=`` and ``extra_headers=`` (:class:`CallOptions`).

        Raises:
            InvalidReferenceError: ``owner`` or ``name`` is malformed.

        Example:
            >>> client.models.create("acme", "new", visibility="private", hardware="cpu")  # doctest: +SKIP
        """
        parse_owner_name(f"{owner}/{name}")
        fields = {
            "owner": owner,
            "name": name,
            "visibility": visibility,
            "hardware": hardware,
            "description": description,
            "github_url": github_url,
            "paper_url": paper_url,
            "license_url": license_url,
            "cover_image_url": cover_image_url,
        }
        request = models_create.build_request(body=ModelCreateRequest.from_dict(present(fields)))
        return Call(request, models_create.parse_response, idempotent=False).with_options(**options)

    @api
    def update(self, model: str, **fields: Unpack[ModelUpdate]) -> Call[Model]:
        """Update a model's metadata: ``description``, ``readme``, ``github_url``, ``paper_url``,
        ``license_url``, ``weights_url``.

        Args:
            model: ``owner/name``.
            **fields: The fields to change (``None`` leaves a field as it is), and the
                per-call ``timeout=`` / ``extra_headers=``.

        Example:
            >>> client.models.update("acme/new", description="Better")  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        timeout, extra_headers = fields.pop("timeout", None), fields.pop("extra_headers", None)
        body = ModelUpdateRequest.from_dict(present(fields))
        request = models_update.build_request(owner, name, body=body)
        call = Call(request, models_update.parse_response)
        return call.with_options(timeout=timeout, extra_headers=extra_headers)

    @api
    def delete(self, model: str, **options: Unpack[CallOptions]) -> Call[None]:
        """Delete a private model that has no versions.

        Example:
            >>> client.models.delete("acme/new")  # doctest: +SKIP
        """
        owner, name = parse_owner_name(model)
        request = models_delete.build_request(owner, name)
        return Call(request, models_delete.parse_response).with_options(**options)
