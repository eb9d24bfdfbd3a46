"""Predictions: create (three ways), list, get and cancel."""

from __future__ import annotations

import re
from typing import Any

from ..core import Core
from ..jobs import Job
from ..records import Model, Version
from ..schema import validate_input
from ..timeutil import iso, new_id, normalize_iso, now, parse_duration
from ..web import HTTPError, Req, Resp
from .common import (
    check_fields,
    find_model,
    invalid,
    job_response,
    not_found,
    validate_webhook,
    wait_terminal,
)

__all__ = ["ROUTES", "create_prediction"]

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_WAIT = re.compile(r"^wait(?:=(\d+))?$")
_NO_VERSION = (
    "The specified version does not exist (or perhaps you don't have permission to use it?)"
)


def parse_prefer(value: str | None) -> float | None:
    """Return the ``Prefer: wait[=n]`` timeout in seconds (``None`` without the header).

    Example:
        >>> parse_prefer("wait"), parse_prefer("wait=5"), parse_prefer(None)
        (60.0, 5.0, None)
    """
    if value is None:
        return None
    match = _WAIT.match(value.strip())
    if match is None or not 1 <= int(match[1] or 60) <= 60:
        detail = "The Prefer header must be 'wait' or 'wait=n' with n between 1 and 60"
        raise HTTPError(422, detail, "Invalid Prefer header")
    return float(match[1] or 60)


def parse_cancel_after(value: str | None) -> float | None:
    """Return the ``Cancel-After`` duration in seconds, or raise a 422.

    Example:
        >>> parse_cancel_after("1h30m45s"), parse_cancel_after(None)
        (5445.0, None)
    """
    if value is None:
        return None
    seconds = parse_duration(value)
    if seconds is None:
        raise HTTPError(422, f"Invalid Cancel-After duration: {value!r}", "Invalid Cancel-After")
    if seconds < 5:
        detail = f"Cancel-After must be at least 5 seconds, got {value!r}"
        raise HTTPError(422, detail, "Invalid Cancel-After")
    return seconds


async def create_prediction(
    core: Core,
    req: Req,
    model: Model,
    version: Version,
    body: dict[str, Any],
    deployment: str | None = None,
) -> Resp:
    """Validate a create request, start the prediction and answer (honouring ``Prefer``)."""
    wait = parse_prefer(req.headers.get("prefer"))
    cancel_after = parse_cancel_after(req.headers.get("cancel-after"))
    webhook, events = validate_webhook(body)
    stream = body.get("stream")
    if stream is not None and not isinstance(stream, bool):
        raise HTTPError(422, "stream must be a boolean", "Invalid request")
    run_input, problems = validate_input(version.openapi_schema, body["input"])
    if problems:
        raise invalid(problems)
    created = now()
    job = Job(
        kind="prediction",
        id=new_id(),
        seq=core.store.next_seq(),
        model=model.full_name,
        version="hidden" if model.official else version.id,
        version_id=version.id,
        input=body["input"],
        created_at=created,
        deployment=deployment,
        webhook=webhook,
        webhook_events_filter=events,
        deadline=None if cancel_after is None else created + core.config.scaled(cancel_after),
    )
    with core.store.lock:
        model.run_count += 1
        core.store.save_model(model)
    core.engine.submit(job, run_input)
    if wait is None:
        return job_response(core, job, 201)
    await wait_terminal(core, job, wait)
    return job_response(core, job, 201 if job.terminal else 202)


def resolve_version(core: Core, ref: Any) -> tuple[Model, Version]:
    """Find the model and version named by a ``version`` field (three accepted formats)."""
    if not isinstance(ref, str) or not ref:
        raise HTTPError(422, "version must be a non-empty string", "Invalid version")
    name, _, version_id = ref.partition(":")
    if not version_id and _HEX64.match(name):
        found = core.store.versions.get(name)
        if found is None:
            raise not_found(_NO_VERSION)
        return found
    owner, _, model_name = name.partition("/")
    model = core.store.get_model(owner, model_name) if model_name else None
    if model is None:
        raise not_found(_NO_VERSION)
    if not version_id:
        latest = model.latest_version
        if not model.official or latest is None:
            detail = (
                f"{name} is not an official model: specify a version as "
                f"'{name}:<version id>' (see GET /v1/models/{name}/versions)"
            )
            raise HTTPError(422, detail, "Invalid version")
        return model, latest
    for version in model.versions:
        if version.id == version_id:
            return model, version
    raise not_found(_NO_VERSION)


async def predictions_create(core: Core, req: Req) -> Resp:
    """``POST /predictions``."""
    body = await req.json_object()
    check_fields(
        body,
        {"version", "input", "stream", "webhook", "webhook_events_filter"},
        {"version", "input"},
        strict=True,
    )
    model, version = resolve_version(core, body["version"])
    return await create_prediction(core, req, model, version, body)


async def models_predictions_create(core: Core, req: Req) -> Resp:
    """``POST /models/{owner}/{name}/predictions``."""
    model = find_model(core, req.params["owner"], req.params["name"])
    body = await req.json_object()
    check_fields(
        body, {"input", "stream", "webhook", "webhook_events_filter"}, {"input"}, strict=True
    )
    version = model.latest_version
    if version is None:
        raise HTTPError(422, f"{model.full_name} has no versions to run", "Invalid version")
    return await create_prediction(core, req, model, version, body)


async def predictions_list(core: Core, req: Req) -> Resp:
    """``GET /predictions`` (filters: ``created_after``, ``created_before``, ``source``)."""
    jobs: list[Job] = core.store.snapshot(core.store.predictions)
    for name in ("created_after", "created_before"):
        value = req.arg(name)
        if value is None:
            continue
        try:
            bound = normalize_iso(value)
        except ValueError as exc:
            raise HTTPError(400, f"{name} must be an ISO 8601 date-time") from exc
        after = name == "created_after"
        jobs = [j for j in jobs if (iso(j.created_at) >= bound) == after]
    source = req.arg("source")
    if source is not None:
        if source != "web":
            raise HTTPError(400, "source must be 'web'")
        jobs = []  # every emulated prediction comes from the API
    for job in jobs:
        core.store.expire(job)
    with core.store.lock:
        return core.page(req, jobs, lambda j: j.as_json(core.config.base_url))


def _find_job(core: Core, job_id: str) -> Job:
    """Return the prediction ``job_id`` or, like the real API, the training of that id."""
    job = core.store.get_prediction(job_id)
    if job is None:
        job = core.store.trainings.get(job_id)
    if job is None:
        raise not_found("Prediction not found")
    return job


async def predictions_get(core: Core, req: Req) -> Resp:
    """``GET /predictions/{id}`` (the hot path); a training id answers its training."""
    return job_response(core, _find_job(core, req.params["id"]))


async def predictions_cancel(core: Core, req: Req) -> Resp:
    """``POST /predictions/{id}/cancel``; a training id cancels its training."""
    job = _find_job(core, req.params["id"])
    core.engine.cancel(job)
    return job_response(core, job)


ROUTES = [
    ("POST", r"/v1/predictions", predictions_create),
    ("GET", r"/v1/predictions", predictions_list),
    ("GET", r"/v1/predictions/(?P<id>[^/]+)", predictions_get),
    ("POST", r"/v1/predictions/(?P<id>[^/]+)/cancel", predictions_cancel),
    ("POST", r"/v1/models/(?P<owner>[^/]+)/(?P<name>[^/]+)/predictions", models_predictions_create),
]
