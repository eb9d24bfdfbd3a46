"""Trainings: create from a model version, list, get and cancel."""

from __future__ import annotations

from ..core import Core
from ..jobs import Job
from ..timeutil import new_id, now
from ..web import HTTPError, Req, Resp
from .common import check_fields, find_model, job_response, not_found, validate_webhook

__all__ = ["ROUTES"]


async def trainings_create(core: Core, req: Req) -> Resp:
    """``POST /models/{owner}/{name}/versions/{version}/trainings``."""
    model = find_model(core, req.params["owner"], req.params["name"])
    version = next((v for v in model.versions if v.id == req.params["version"]), None)
    if version is None:
        raise not_found(f"Version not found: {req.params['version']}")
    body = await req.json_object()
    check_fields(
        body, {"destination", "input", "webhook", "webhook_events_filter"}, {"destination", "input"}
    )
    webhook, events = validate_webhook(body)
    if not isinstance(body["input"], dict):
        raise HTTPError(422, "input must be a JSON object", "Invalid request")
    destination = body["destination"]
    owner, _, name = str(destination).partition("/")
    dest = core.store.get_model(owner, name) if name else None
    if dest is None:
        raise not_found(f"The specified training destination does not exist: {destination}")
    if dest.owner != core.config.username:
        raise HTTPError(403, f"You do not have permission to push to {dest.full_name}")
    job = Job(
        kind="training",
        id=new_id(),
        seq=core.store.next_seq(),
        model=model.full_name,
        version=version.id,
        version_id=version.id,
        input=body["input"],
        created_at=now(),
        webhook=webhook,
        webhook_events_filter=events,
        destination=dest.full_name,
    )
    core.engine.submit(job, dict(body["input"]))
    return job_response(core, job, 201)


async def trainings_list(core: Core, req: Req) -> Resp:
    """``GET /trainings`` (newest first)."""
    jobs = core.store.snapshot(core.store.trainings)
    with core.store.lock:
        return core.page(req, jobs, lambda j: j.as_json(core.config.base_url))


def _find(core: Core, req: Req) -> Job:
    job = core.store.trainings.get(req.params["id"])
    if job is None:
        raise not_found("Training not found")
    return job


async def trainings_get(core: Core, req: Req) -> Resp:
    """``GET /trainings/{id}``."""
    return job_response(core, _find(core, req))


async def trainings_cancel(core: Core, req: Req) -> Resp:
    """``POST /trainings/{id}/cancel``."""
    job = _find(core, req)
    core.engine.cancel(job)
    return job_response(core, job)


ROUTES = [
    (
        "POST",
        r"/v1/models/(?P<owner>[^/]+)/(?P<name>[^/]+)/versions/(?P<version>[^/]+)/trainings",
        trainings_create,
    ),
    ("GET", r"/v1/trainings", trainings_list),
    ("GET", r"/v1/trainings/(?P<id>[^/]+)", trainings_get),
    ("POST", r"/v1/trainings/(?P<id>[^/]+)/cancel", trainings_cancel),
]
