"""Webhook delivery: events, Standard Webhooks signatures, filters and retries."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import httpx
from replicate_emulator import Emulator

from .helpers import Delivery, WebhookReceiver, wait_for


def _verify(secret: str, delivery: Delivery) -> None:
    key = base64.b64decode(secret.removeprefix("whsec_"))
    msg_id = delivery.headers["webhook-id"]
    timestamp = delivery.headers["webhook-timestamp"]
    signed = f"{msg_id}.{timestamp}.".encode() + delivery.body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert delivery.headers["webhook-signature"] == f"v1,{expected}"
    assert abs(int(timestamp) - time.time()) < 60


def test_all_events_are_delivered_and_signed(api: httpx.Client, receiver: WebhookReceiver) -> None:
    secret = api.get("/webhooks/default/secret").json()["key"]
    created = api.post(
        "/models/replicate-ext/tokens/predictions",
        json={"input": {"prompt": "hi", "count": 2}, "webhook": receiver.url},
    ).json()
    final = wait_for(
        lambda: next((d for d in receiver.deliveries if d.json["status"] == "succeeded"), None)
    )
    assert final.json["id"] == created["id"]
    assert final.json["output"] == ["hi", " hi"]
    statuses = [d.json["status"] for d in receiver.deliveries]
    assert statuses[0] == "processing" and statuses[-1] == "succeeded"
    assert len({d.headers["webhook-id"] for d in receiver.deliveries}) == len(receiver.deliveries)
    for delivery in receiver.deliveries:
        _verify(secret, delivery)
        assert delivery.headers["content-type"] == "application/json"


def test_events_filter(api: httpx.Client, receiver: WebhookReceiver) -> None:
    api.post(
        "/models/replicate-ext/tokens/predictions",
        json={
            "input": {"count": 5},
            "webhook": receiver.url,
            "webhook_events_filter": ["completed"],
        },
        headers={"Prefer": "wait"},
    )
    wait_for(lambda: receiver.deliveries)
    time.sleep(0.05)
    assert [d.json["status"] for d in receiver.deliveries] == ["succeeded"]


def test_start_only(api: httpx.Client, receiver: WebhookReceiver) -> None:
    created = api.post(
        "/models/replicate-ext/sleep/predictions",
        json={
            "input": {"seconds": 30},
            "webhook": receiver.url,
            "webhook_events_filter": ["start"],
        },
    ).json()
    wait_for(lambda: receiver.deliveries)
    api.post(created["urls"]["cancel"])
    time.sleep(0.05)
    assert [d.json["status"] for d in receiver.deliveries] == ["processing"]


def test_failed_deliveries_are_retried_with_the_same_id(emu: Emulator, api: httpx.Client) -> None:
    receiver = WebhookReceiver(fail=2)
    try:
        api.post(
            "/models/replicate-ext/hello/predictions",
            json={"input": {}, "webhook": receiver.url, "webhook_events_filter": ["completed"]},
        )
        delivery = wait_for(lambda: receiver.deliveries and receiver.deliveries[0])
        assert receiver.attempts == 3
        assert delivery.json["status"] == "succeeded"
        _verify(emu.core.store.webhook_secret, delivery)
    finally:
        receiver.close()


def test_retry_keeps_webhook_id(api: httpx.Client) -> None:
    seen: list[str] = []
    receiver = WebhookReceiver(fail=1)
    original = receiver.server.RequestHandlerClass.do_POST  # type: ignore[attr-defined]

    def spy(handler: object) -> None:
        seen.append(handler.headers["webhook-id"])  # type: ignore[attr-defined]
        original(handler)

    receiver.server.RequestHandlerClass.do_POST = spy  # type: ignore[attr-defined]
    try:
        api.post(
            "/models/replicate-ext/hello/predictions",
            json={"input": {}, "webhook": receiver.url, "webhook_events_filter": ["completed"]},
        )
        wait_for(lambda: receiver.deliveries)
        assert len(seen) == 2 and seen[0] == seen[1]
    finally:
        receiver.close()


def test_non_local_webhooks_are_not_sent(emu: Emulator, api: httpx.Client) -> None:
    body = api.post(
        "/models/replicate-ext/hello/predictions",
        json={"input": {}, "webhook": "https://example.com/hook"},
        headers={"Prefer": "wait"},
    )
    assert body.status_code == 201


def test_serve_asgi_receives_real_deliveries(emu: Emulator, api: httpx.Client) -> None:
    """serve_asgi runs the app under test on loopback, where the emulator delivers webhooks."""
    import queue
    from collections.abc import AsyncIterator
    from contextlib import asynccontextmanager

    from replicate_emulator import serve_asgi
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    from replicate_ext.webhooks import validate

    secret = api.get("/webhooks/default/secret").json()["key"]
    received: queue.Queue[dict[str, object]] = queue.Queue()
    started: list[bool] = []

    async def hook(request: Request) -> Response:
        body = await request.body()
        validate(request.headers, body, secret)  # raises on a bad signature: a 500
        received.put(json.loads(body))
        return Response(status_code=204)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        started.append(True)  # the app's startup runs, as under a real server
        yield

    app = Starlette(
        routes=[Route("/webhooks/replicate", hook, methods=["POST"])], lifespan=lifespan
    )
    with serve_asgi(app) as app_url:
        assert app_url.startswith("http://127.0.0.1:") and started == [True]
        created = api.post(
            "/models/replicate-ext/hello/predictions",
            json={
                "input": {"name": "hook"},
                "webhook": f"{app_url}/webhooks/replicate",
                "webhook_events_filter": ["completed"],
            },
        ).json()
        delivered = received.get(timeout=10)
    assert delivered["id"] == created["id"] and delivered["output"] == "hello hook"
