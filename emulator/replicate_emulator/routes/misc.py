"""Account, hardware, collections, search, the webhook secret and output file delivery."""

from __future__ import annotations

from typing import Any

from ..core import Core
from ..records import Model, account_json
from ..web import Req, Resp, json_resp
from .common import not_found
from .models import HARDWARE, rank_models

__all__ = ["COLLECTIONS", "ROUTES"]

COLLECTIONS: list[dict[str, Any]] = [
    {
        "slug": "emulator-demos",
        "name": "Emulator demos",
        "description": "Small models built into the replicate-ext emulator.",
        "full_description": "## Emulator demos\n\nTiny, fast models for trying the API offline.",
        "tags": ["replicate-ext"],
    },
    {
        "slug": "text-generation",
        "name": "Text generation",
        "description": "Models that generate text, token by token.",
        "full_description": None,
        "tags": ["text"],
    },
    {
        "slug": "text-to-image",
        "name": "Text to image",
        "description": "Models that generate images from text prompts.",
        "full_description": None,
        "tags": ["image"],
    },
]


def _members(core: Core, collection: dict[str, Any]) -> list[Model]:
    with core.store.lock:
        models = [
            m
            for m in core.store.models.values()
            if m.visibility == "public" and set(collection["tags"]) & set(m.tags)
        ]
    return sorted(models, key=lambda m: m.full_name)


def _item(collection: dict[str, Any]) -> dict[str, Any]:
    return {k: collection[k] for k in ("name", "slug", "description")}


async def account_get(core: Core, req: Req) -> Resp:
    """``GET /account``."""
    return json_resp(account_json(core.config.username))


async def hardware_list(core: Core, req: Req) -> Resp:
    """``GET /hardware``."""
    return json_resp(HARDWARE)


async def collections_list(core: Core, req: Req) -> Resp:
    """``GET /collections``."""
    return core.page(req, COLLECTIONS, _item, by_seq=False)


async def collections_get(core: Core, req: Req) -> Resp:
    """``GET /collections/{slug}`` with the full model objects."""
    for collection in COLLECTIONS:
        if collection["slug"] == req.params["slug"]:
            data = _item(collection)
            data["full_description"] = collection["full_description"]
            data["models"] = [m.as_json() for m in _members(core, collection)]
            return json_resp(data)
    raise not_found(f"Collection not found: {req.params['slug']}")


def _bad_search(detail: str) -> Resp:
    # The reference declares this 400 as application/json (not problem+json).
    return json_resp({"title": "Bad Request", "detail": detail, "status": 400}, 400)


async def search(core: Core, req: Req) -> Resp:
    """``GET /search?query=...&limit=...`` over model names, descriptions and tags."""
    query = req.arg("query")
    if query is None:
        return _bad_search('Query parameter "query" is required')
    raw_limit = req.arg("limit")
    raw_limit = "20" if raw_limit is None else raw_limit
    if not raw_limit.isdigit() or not 1 <= int(raw_limit) <= 50:
        return _bad_search('Query parameter "limit" must be an integer between 1 and 50')
    words = query.lower().split()
    found = rank_models(core, query)
    models = [
        {
            "model": m.as_json(),
            "metadata": {"generated_description": m.description, "score": s, "tags": m.tags},
        }
        for s, m in found[: int(raw_limit)]
    ]
    collections = [
        {**_item(c), "models": [m.full_name for m in _members(core, c)]}
        for c in COLLECTIONS
        if any(w in f"{c['name']} {c['description']}".lower() for w in words)
    ]
    pages = [{"name": "Emulator docs", "href": "/docs/emulator"}] if "emulator" in words else []
    return json_resp({"query": query, "models": models, "collections": collections, "pages": pages})


async def webhook_secret(core: Core, req: Req) -> Resp:
    """``GET /webhooks/default/secret``."""
    return json_resp({"key": core.store.webhook_secret})


async def delivery(core: Core, req: Req) -> Resp:
    """``GET /delivery/{key}``: a model output file (no authentication, like the CDN)."""
    asset = core.store.assets.get(req.params["key"])
    if asset is None:
        raise not_found("File not found")
    return Resp(200, [(b"content-type", asset.content_type.encode())], asset.content)


ROUTES = [
    ("GET", r"/v1/account", account_get),
    ("GET", r"/v1/hardware", hardware_list),
    ("GET", r"/v1/collections", collections_list),
    ("GET", r"/v1/collections/(?P<slug>[^/]+)", collections_get),
    ("GET", r"/v1/search", search),
    ("GET", r"/v1/webhooks/default/secret", webhook_secret),
]
PUBLIC_ROUTES = [("GET", r"/delivery/(?P<key>.+)", delivery)]
