"""Deployments: CRUD plus creating predictions through a deployment."""

from __future__ import annotations

import re
from typing import Any

from ..core import Core
from ..records import Deployment, Model, Release, Version
from ..schema import InvalidField
from ..timeutil import now
from ..web import HTTPError, Req, Resp, empty, json_resp
from .common import check_fields, invalid, not_found
from .models import HARDWARE
from .predictions import create_prediction

__all__ = ["ROUTES"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_LIMITS = {"min_instances": (0, 5), "max_instances": (0, 20)}


def _validate(body: dict[str, Any]) -> None:
    problems: list[InvalidField] = []
    for key in ("name", "model", "version", "hardware"):
        if key in body and not isinstance(body[key], str):
            problems.append(InvalidField("invalid_type", key, f"{key} must be a string"))
    for key, (low, high) in _LIMITS.items():
        value = body.get(key)
        if key in body and (
            not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high
        ):
            desc = f"{key} must be an integer between {low} and {high}"
            problems.append(InvalidField("number_range", key, desc))
    if problems:
        raise invalid(problems, "Invalid request")
    smallest, largest = body.get("min_instances"), body.get("max_instances")
    if isinstance(smallest, int) and isinstance(largest, int) and smallest > largest:
        desc = "min_instances must not exceed max_instances"
        raise invalid([InvalidField("number_range", "min_instances", desc)], "Invalid request")


def _version(core: Core, model_name: str, version_id: str) -> tuple[Model, Version]:
    found = core.store.versions.get(version_id)
    if found is None or found[0].full_name != model_name:
        raise not_found(f"Version {version_id} of model {model_name} not found")
    return found


def _hardware(sku: str) -> None:
    if sku not in {h["sku"] for h in HARDWARE}:
        raise not_found(f"Hardware not found: {sku!r} (see GET /v1/hardware)")


def _find(core: Core, req: Req) -> Deployment:
    dep = core.store.deployments.get(f"{req.params['owner']}/{req.params['name']}")
    if dep is None:
        raise not_found("Deployment not found")
    return dep


async def deployments_list(core: Core, req: Req) -> Resp:
    """``GET /deployments`` (newest first)."""
    deps = core.store.snapshot(core.store.deployments)
    return core.page(req, deps, lambda d: d.as_json(core.config.username))


async def deployments_create(core: Core, req: Req) -> Resp:
    """``POST /deployments`` (answers ``200`` as the reference says)."""
    body = await req.json_object()
    required = {"name", "model", "version", "hardware", "min_instances", "max_instances"}
    check_fields(body, required, required)
    _validate(body)
    _version(core, body["model"], body["version"])
    _hardware(body["hardware"])
    if not _NAME.match(body["name"]):
        desc = "name must be lowercase letters, digits, dashes, underscores and dots"
        raise invalid([InvalidField("format", "name", desc)], "Invalid request")
    owner = core.config.username
    with core.store.lock:
        if f"{owner}/{body['name']}" in core.store.deployments:
            raise HTTPError(409, f"A deployment named {owner}/{body['name']} already exists")
        release = Release(
            1,
            body["model"],
            body["version"],
            now(),
            body["hardware"],
            body["min_instances"],
            body["max_instances"],
        )
        dep = Deployment(owner, body["name"], core.store.next_seq(), release)
        core.store.save_deployment(dep)
    return json_resp(dep.as_json(owner))


async def deployments_get(core: Core, req: Req) -> Resp:
    """``GET /deployments/{owner}/{name}``."""
    return json_resp(_find(core, req).as_json(core.config.username))


async def deployments_update(core: Core, req: Req) -> Resp:
    """``PATCH /deployments/{owner}/{name}``: a new release with the changed settings."""
    dep = _find(core, req)
    body = await req.json_object()
    check_fields(body, {"hardware", "min_instances", "max_instances", "version"}, set())
    merged = {
        "hardware": dep.release.hardware,
        "min_instances": dep.release.min_instances,
        "max_instances": dep.release.max_instances,
        "version": dep.release.version,
        **body,
    }
    _validate(merged)
    _version(core, dep.release.model, merged["version"])
    _hardware(merged["hardware"])
    with core.store.lock:
        dep.release = Release(
            dep.release.number + 1,
            dep.release.model,
            merged["version"],
            now(),
            merged["hardware"],
            merged["min_instances"],
            merged["max_instances"],
        )
        core.store.save_deployment(dep)
    return json_resp(dep.as_json(core.config.username))


async def deployments_delete(core: Core, req: Req) -> Resp:
    """``DELETE /deployments/{owner}/{name}``."""
    core.store.delete_deployment(_find(core, req))
    return empty(204)


async def deployments_predictions_create(core: Core, req: Req) -> Resp:
    """``POST /deployments/{owner}/{name}/predictions``."""
    dep = _find(core, req)
    body = await req.json_object()
    check_fields(
        body, {"input", "stream", "webhook", "webhook_events_filter"}, {"input"}, strict=True
    )
    found = core.store.versions.get(dep.release.version)
    if found is None:
        raise HTTPError(422, "The deployment's version no longer exists", "Invalid version")
    model, version = found
    return await create_prediction(core, req, model, version, body, deployment=dep.full_name)


_D = r"/v1/deployments/(?P<owner>[^/]+)/(?P<name>[^/]+)"
ROUTES = [
    ("GET", r"/v1/deployments", deployments_list),
    ("POST", r"/v1/deployments", deployments_create),
    ("GET", _D, deployments_get),
    ("PATCH", _D, deployments_update),
    ("DELETE", _D, deployments_delete),
    ("POST", _D + r"/predictions", deployments_predictions_create),
]
