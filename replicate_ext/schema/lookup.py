"""Finding a model's schema: flows that fetch it once per reference, cached per client.

``owner/name`` reads the model (its latest version's schema, and its default example);
``owner/name:VERSION`` reads that version; a bare version id cannot be looked up (the API has
no such endpoint), so nothing is known about it and every input is accepted. A deployment is
looked up by its current release. The cache belongs to the client's sender, so each client
fetches each schema once.

Example:
    >>> cache: Cache = {}
    >>> try:  # a bare version id: nothing to fetch
    ...     next(model_flow(cache, "a" * 64))
    ... except StopIteration as done:
    ...     print(done.value.version == "a" * 64, done.value.schema.inputs)
    True {}
"""

from __future__ import annotations

import dataclasses
import weakref
from typing import Any, TypeVar

from replicate_api.api.deployments import deployments_get
from replicate_api.api.models import models_get, models_versions_get

from .._call import Call, Flow
from ..refs import parse_model_ref, parse_owner_name
from .model import ModelSchema

__all__ = [
    "Cache",
    "ModelInfo",
    "cache_of",
    "check_flow",
    "deployment_flow",
    "example_flow",
    "model_flow",
    "validated",
]

T = TypeVar("T")

#: Known models of one client: reference (or ``deployment:owner/name``) -> what was found.
Cache = dict[str, "ModelInfo"]
_CACHES: weakref.WeakKeyDictionary[Any, Cache] = weakref.WeakKeyDictionary()
_UNKNOWN: Any = object()


@dataclasses.dataclass(frozen=True, slots=True)
class ModelInfo:
    """What was learnt about a model reference.

    Attributes:
        ref: The reference, as given.
        version: The version id the schema belongs to (``None`` for an official model that
            exposes none).
        schema: Its :class:`ModelSchema` (an empty one when nothing could be known).
        default_example: The input of the model's default example, ``None`` when it has none;
            not yet known for a reference fetched by version (see :func:`example_flow`).
    """

    ref: str
    version: str | None
    schema: ModelSchema = dataclasses.field(default_factory=ModelSchema, repr=False)
    default_example: Any = dataclasses.field(default=_UNKNOWN, repr=False)

    @property
    def example_known(self) -> bool:
        """Whether :attr:`default_example` has been looked up."""
        return self.default_example is not _UNKNOWN


def cache_of(sender: object) -> Cache:
    """The cache of the client whose sender this is (made on first use).

    Example:
        >>> class Sender: ...
        >>> sender = Sender()
        >>> cache_of(sender) is cache_of(sender)
        True
    """
    found = _CACHES.get(sender)
    if found is None:
        found = _CACHES.setdefault(sender, {})
    return found


def _example(model: Any) -> Any:
    example = getattr(model, "default_example", None)
    inputs = getattr(example, "input_", None)
    return dict(inputs) if isinstance(inputs, dict) else None


def model_flow(cache: Cache, ref: str) -> Flow[ModelInfo]:
    """What ``ref`` runs: fetched (one request) unless the cache knows it.

    Raises:
        InvalidReferenceError: A malformed reference (before anything is sent).
        NotFoundError: No such model or version.

    Example:
        >>> info = client._http.drive(model_flow({}, "replicate-ext/hello"))  # doctest: +SKIP
    """
    found = cache.get(ref)
    if found is not None:
        return found
    parsed = parse_model_ref(ref)
    if parsed.owner is None or parsed.name is None:
        info = ModelInfo(ref, parsed.version)
    elif parsed.version is not None:
        request = models_versions_get.build_request(parsed.owner, parsed.name, parsed.version)
        version = yield Call(request, models_versions_get.parse_response)
        info = ModelInfo(ref, version.id, ModelSchema(version.openapi_schema))
    else:
        model = yield Call(
            models_get.build_request(parsed.owner, parsed.name), models_get.parse_response
        )
        latest = getattr(model, "latest_version", None)
        schema = ModelSchema(getattr(latest, "openapi_schema", None))
        info = ModelInfo(ref, getattr(latest, "id", None), schema, _example(model))
    cache[ref] = info
    return info


def example_flow(cache: Cache, ref: str) -> Flow[Any]:
    """The input of the model's default example (``None`` when it has none).

    Example:
        >>> client._http.drive(example_flow({}, "replicate-ext/hello"))  # doctest: +SKIP
        {'name': 'world'}
    """
    info = yield from model_flow(cache, ref)
    if info.example_known:
        return info.default_example
    parsed = parse_model_ref(ref)
    example = None
    if parsed.owner is not None and parsed.name is not None:
        model = yield Call(
            models_get.build_request(parsed.owner, parsed.name), models_get.parse_response
        )
        example = _example(model)
    cache[ref] = dataclasses.replace(info, default_example=example)
    return example


def deployment_flow(cache: Cache, deployment: str) -> Flow[ModelInfo]:
    """What a deployment runs: its current release's version (cached like a model).

    Example:
        >>> client._http.drive(deployment_flow({}, "acme/prod")).version  # doctest: +SKIP
    """
    key = f"deployment:{deployment}"
    found = cache.get(key)
    if found is not None:
        return found
    owner, name = parse_owner_name(deployment, kind="deployment")
    got = yield Call(deployments_get.build_request(owner, name), deployments_get.parse_response)
    release = getattr(got, "current_release", None)
    model, version = getattr(release, "model", None), getattr(release, "version", None)
    if isinstance(model, str) and isinstance(version, str) and "/" in model:
        info = yield from model_flow(cache, f"{model}:{version}")
    else:
        info = ModelInfo(key, None)
    cache[key] = info
    return info


def check_flow(
    cache: Cache,
    inputs: dict[str, Any] | None,
    *,
    ref: str | None = None,
    deployment: str | None = None,
) -> Flow[ModelInfo | None]:
    """Validate ``inputs`` against the schema of ``ref`` (or of ``deployment``; neither: no check).

    Raises:
        InputValidationError: The inputs have problems (every one is listed).

    Example:
        >>> client._http.drive(check_flow({}, {"nme": "Ada"}, ref="replicate-ext/hello"))  # doctest: +SKIP
        Traceback (most recent call last):
        InputValidationError: 1 problem with the input of replicate-ext/hello: ...
    """
    if deployment is not None:
        info = yield from deployment_flow(cache, deployment)
    elif ref is not None:
        info = yield from model_flow(cache, ref)
    else:
        return None  # nothing to run: the caller says so
    info.schema.validate(inputs or {}, model=deployment or ref)
    return info


def validated(
    sender: object,
    flow: Flow[T],
    inputs: dict[str, Any] | None,
    *,
    ref: str | None = None,
    deployment: str | None = None,
) -> Flow[T]:
    """``flow``, after the inputs were checked (``validate=True`` of the create methods).

    Example:
        >>> client._http.drive(validated(client._http, flow, {"n": 1}, ref="acme/x"))  # doctest: +SKIP
    """
    if ref is not None or deployment is not None:
        yield from check_flow(cache_of(sender), inputs, ref=ref, deployment=deployment)
    return (yield from flow)
