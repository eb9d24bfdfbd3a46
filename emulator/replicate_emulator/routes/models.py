"""Models and their versions, examples and READMEs."""

from __future__ import annotations

import json
import re
from typing import Any

from ..core import Core
from ..records import Model
from ..schema import InvalidField
from ..timeutil import now
from ..web import HTTPError, Req, Resp, empty, json_resp
from .common import check_fields, find_model, invalid, not_found

__all__ = ["ROUTES", "rank_models"]

_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
_URL_FIELDS = ("github_url", "paper_url", "license_url", "cover_image_url", "weights_url")
_OFFICIAL_VERSIONS = (
    "{name} is an official model and does not expose versions. "
    "Run it with POST /v1/models/{name}/predictions instead."
)


def _strings(body: dict[str, Any], names: tuple[str, ...]) -> None:
    problems = [
        InvalidField("invalid_type", k, f"{k} must be a string")
        for k in names
        if k in body and not isinstance(body[k], str)
    ]
    if problems:
        raise invalid(problems, "Invalid request")


def _own(core: Core, model: Model) -> None:
    if model.owner != core.config.username:
        raise HTTPError(403, f"You do not have permission to modify {model.full_name}")


def rank_models(core: Core, query: str) -> list[tuple[float, Model]]:
    """Return the public models matching ``query``'s words, best first, with their scores.

    A model's score is how often the words occur in its name, description and tags (per
    word); an empty query matches every public model.
    """
    words = query.lower().split()
    found: list[tuple[float, Model]] = []
    with core.store.lock:
        for model in core.store.models.values():
            if model.visibility != "public":
                continue
            text = " ".join([model.full_name, model.description or "", *model.tags]).lower()
            score = sum(text.count(w) for w in words) / len(words) if words else 1.0
            if score:
                found.append((score, model))
    found.sort(key=lambda pair: (-pair[0], pair[1].full_name))
    return found


async def models_search(core: Core, req: Req) -> Resp:
    """``QUERY /models``: the search query is the body, as plain text; a page of models.

    The official clients encode the query as a JSON string (the 2.x Python client as
    ``application/json``, the JavaScript client as ``text/plain``): a body that is a JSON
    string is read as its text. Another JSON body, or no query, is a 400.
    """
    raw = await req.body()
    try:
        text = raw.decode()
    except UnicodeDecodeError as exc:
        raise HTTPError(400, "The search query must be UTF-8 text") from exc
    is_json = req.headers.get("content-type", "").startswith("application/json")
    if is_json or (text.startswith('"') and text.endswith('"') and len(text) > 1):
        try:
            text = json.loads(text)
        except ValueError as exc:
            raise HTTPError(400, "The request body is not valid JSON") from exc
        if not isinstance(text, str):
            raise HTTPError(400, "The search query must be text (or a JSON string)")
    if not text.strip():
        raise HTTPError(400, "The request body must be the search query, as plain text")
    models = [model for _, model in rank_models(core, text)]
    return core.page(req, models, lambda m: m.as_json(), by_seq=False)


async def models_list(core: Core, req: Req) -> Resp:
    """``GET /models`` (public models; ``sort_by`` and ``sort_direction``)."""
    sort_by = req.arg("sort_by")
    sort_by = "latest_version_created_at" if sort_by is None else sort_by
    direction = req.arg("sort_direction")
    direction = "desc" if direction is None else direction
    if sort_by not in ("model_created_at", "latest_version_created_at"):
        raise HTTPError(400, "sort_by must be model_created_at or latest_version_created_at")
    if direction not in ("asc", "desc"):
        raise HTTPError(400, "sort_direction must be asc or desc")

    def key(m: Model) -> tuple[float, int]:
        latest = m.latest_version
        if sort_by == "latest_version_created_at" and latest is not None:
            return latest.created_at, m.seq
        return m.created_at, m.seq

    with core.store.lock:
        models = [m for m in core.store.models.values() if m.visibility == "public"]
        models.sort(key=key, reverse=direction == "desc")
        return core.page(req, models, Model.as_json, by_seq=False)


async def models_create(core: Core, req: Req) -> Resp:
    """``POST /models``."""
    body = await req.json_object()
    fields = {"owner", "name", "visibility", "hardware", "description", *_URL_FIELDS}
    check_fields(body, fields, {"owner", "name", "visibility", "hardware"})
    _strings(body, tuple(fields))
    if body["visibility"] not in ("public", "private"):
        raise invalid([InvalidField("enum", "visibility", "visibility must be public or private")])
    if body["owner"] != core.config.username:
        raise HTTPError(403, f"You do not have permission to create models for {body['owner']}")
    if body["hardware"] not in {h["sku"] for h in HARDWARE}:
        raise not_found(f"Hardware not found: {body['hardware']!r} (see GET /v1/hardware)")
    if not _NAME.match(body["name"]):
        desc = "name must be lowercase letters, digits, dashes, underscores and dots"
        raise invalid([InvalidField("format", "name", desc)], "Invalid request")
    with core.store.lock:
        if core.store.get_model(body["owner"], body["name"]) is not None:
            raise HTTPError(409, f"A model named {body['owner']}/{body['name']} already exists")
        model = Model(
            owner=body["owner"],
            name=body["name"],
            created_at=now(),
            seq=core.store.next_seq(),
            visibility=body["visibility"],
            hardware=body["hardware"],
            description=body.get("description"),
            github_url=body.get("github_url"),
            paper_url=body.get("paper_url"),
            license_url=body.get("license_url"),
            cover_image_url=body.get("cover_image_url"),
            weights_url=body.get("weights_url"),
        )
        core.store.put_model(model)
    return json_resp(model.as_json(), 201)


async def models_get(core: Core, req: Req) -> Resp:
    """``GET /models/{owner}/{name}``."""
    return json_resp(find_model(core, req.params["owner"], req.params["name"]).as_json())


async def models_update(core: Core, req: Req) -> Resp:
    """``PATCH /models/{owner}/{name}``."""
    model = find_model(core, req.params["owner"], req.params["name"])
    body = await req.json_object()
    fields = ("description", "readme", "github_url", "paper_url", "weights_url", "license_url")
    check_fields(body, set(fields), set())
    _strings(body, fields)
    _own(core, model)
    with core.store.lock:
        for key, value in body.items():
            setattr(model, key, value)
        core.store.save_model(model)
    return json_resp(model.as_json())


async def models_delete(core: Core, req: Req) -> Resp:
    """``DELETE /models/{owner}/{name}`` (own, private, version-less models only)."""
    model = find_model(core, req.params["owner"], req.params["name"])
    _own(core, model)
    if model.visibility != "private":
        raise HTTPError(400, "Only private models can be deleted")
    if model.versions:
        raise HTTPError(400, "Delete the model's versions before deleting the model")
    core.store.delete_model(model)
    return empty(204)


async def models_examples(core: Core, req: Req) -> Resp:
    """``GET /models/{owner}/{name}/examples``: none of the emulated models has examples."""
    find_model(core, req.params["owner"], req.params["name"])
    return core.page(req, [], lambda j: j)


async def models_readme(core: Core, req: Req) -> Resp:
    """``GET /models/{owner}/{name}/readme`` as Markdown text."""
    model = find_model(core, req.params["owner"], req.params["name"])
    if not model.readme:
        raise not_found(f"{model.full_name} has no README")
    return Resp(200, [(b"content-type", b"text/plain; charset=utf-8")], model.readme.encode())


def _versioned(core: Core, req: Req) -> Model:
    model = find_model(core, req.params["owner"], req.params["name"])
    if model.official:
        raise not_found(_OFFICIAL_VERSIONS.format(name=model.full_name))
    return model


async def versions_list(core: Core, req: Req) -> Resp:
    """``GET /models/{owner}/{name}/versions`` (newest first)."""
    model = _versioned(core, req)
    with core.store.lock:
        versions = list(reversed(model.versions))
    return core.page(req, versions, lambda v: v.as_json(), by_seq=False)


async def versions_get(core: Core, req: Req) -> Resp:
    """``GET /models/{owner}/{name}/versions/{version}``."""
    model = _versioned(core, req)
    for version in model.versions:
        if version.id == req.params["version"]:
            return json_resp(version.as_json())
    raise not_found(f"Version not found: {req.params['version']}")


async def versions_delete(core: Core, req: Req) -> Resp:
    """``DELETE /models/{owner}/{name}/versions/{version}`` (``202``, own models only)."""
    model = _versioned(core, req)
    _own(core, model)
    with core.store.lock:
        kept = [v for v in model.versions if v.id != req.params["version"]]
        if len(kept) == len(model.versions):
            raise not_found(f"Version not found: {req.params['version']}")
        core.store.versions.pop(req.params["version"], None)
        model.versions = kept
        core.store.save_model(model)
    return empty(202)


HARDWARE = [
    {"name": "CPU", "sku": "cpu"},
    {"name": "Nvidia T4 GPU", "sku": "gpu-t4"},
    {"name": "Nvidia L40S GPU", "sku": "gpu-l40s"},
    {"name": "2x Nvidia L40S GPU", "sku": "gpu-l40s-2x"},
    {"name": "Nvidia A100 (80GB) GPU", "sku": "gpu-a100-large"},
    {"name": "2x Nvidia A100 (80GB) GPU", "sku": "gpu-a100-large-2x"},
    {"name": "Nvidia H100 GPU", "sku": "gpu-h100"},
]

_M = r"/v1/models/(?P<owner>[^/]+)/(?P<name>[^/]+)"
ROUTES = [
    ("GET", r"/v1/models", models_list),
    ("POST", r"/v1/models", models_create),
    ("QUERY", r"/v1/models", models_search),
    ("GET", _M, models_get),
    ("PATCH", _M, models_update),
    ("DELETE", _M, models_delete),
    ("GET", _M + r"/examples", models_examples),
    ("GET", _M + r"/readme", models_readme),
    ("GET", _M + r"/versions", versions_list),
    ("GET", _M + r"/versions/(?P<version>[^/]+)", versions_get),
    ("DELETE", _M + r"/versions/(?P<version>[^/]+)", versions_delete),
]
