"""Faults the emulator injects on demand, and what the client does about each, sync and async."""

from __future__ import annotations

import socket
import time
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    APIConnectionError,
    AsyncReplicate,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    Replicate,
    ResponseDecodeError,
)

from .conftest import resolve

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both
CREATE = "/v1/models/replicate-ext/hello/predictions"


def _posts(emu: Emulator) -> int:
    return emu.requests.count("POST", CREATE)


async def _prediction_id(client: Client) -> str:
    prediction = await resolve(
        client.models.predictions.create("replicate-ext/hello", input={}, wait=True)
    )
    assert isinstance(prediction.id, str)
    return prediction.id


async def test_429_on_get_is_retried(client: Client, emulator: Emulator) -> None:
    pid = await _prediction_id(client)
    path = f"/v1/predictions/{pid}"
    before = emulator.requests.count("GET", path)
    emulator.faults.add("GET", path, "status", times=2, status=429, retry_after=0)
    assert (await resolve(client.predictions.get(pid))).id == pid
    assert emulator.requests.count("GET", path) - before == 3


async def test_429_on_create_is_retried_once_created(client: Client, emulator: Emulator) -> None:
    before = _posts(emulator)
    emulator.faults.add("POST", CREATE, "status", times=1, status=429, retry_after=0)
    assert await resolve(client.run("replicate-ext/hello", input={"name": "R"})) == "hello R"
    assert _posts(emulator) - before == 2


async def test_absurd_retry_after_raises_instead_of_hanging(
    client: Client, emulator: Emulator
) -> None:
    emulator.faults.add("POST", CREATE, "status", times=1, status=429, retry_after=3600)
    started = time.monotonic()
    with pytest.raises(RateLimitError) as info:
        await resolve(client.run("replicate-ext/hello", input={}))
    assert time.monotonic() - started < 2
    assert info.value.retry_after == 3600 and "3600" in str(info.value)


async def test_503_on_create_is_not_retried(client: Client, emulator: Emulator) -> None:
    before = _posts(emulator)
    emulator.faults.add("POST", CREATE, "status", times=1, status=503, retry_after=0)
    with pytest.raises(InternalServerError) as info:
        await resolve(client.run("replicate-ext/hello", input={}))
    assert info.value.status == 503 and info.value.method == "POST"
    assert _posts(emulator) - before == 1


async def test_503_burst_on_get(client: Client, emulator: Emulator) -> None:
    pid = await _prediction_id(client)
    path = f"/v1/predictions/{pid}"
    emulator.faults.add("GET", path, "status", times=2, status=503, retry_after=0)
    assert (await resolve(client.predictions.get(pid))).id == pid
    before = emulator.requests.count("GET", path)
    emulator.faults.add("GET", path, "status", times=5, status=502, retry_after=0)
    with pytest.raises(InternalServerError) as info:
        await resolve(client.predictions.get(pid))
    assert info.value.status == 502
    assert emulator.requests.count("GET", path) - before == 3, "first try and max_retries=2"


@pytest.mark.parametrize("status", [499, 520])
async def test_non_iana_status(client: Client, emulator: Emulator, status: int) -> None:
    emulator.faults.add("GET", "/v1/account", "status", times=1, status=status, detail="odd")
    with pytest.raises(InternalServerError) as info:
        await resolve(client.account.get())
    assert info.value.status == status and info.value.detail == "odd"


async def test_reset_on_get_is_retried(client: Client, emulator: Emulator) -> None:
    pid = await _prediction_id(client)
    emulator.faults.add("GET", f"/v1/predictions/{pid}", "reset", times=1)
    assert (await resolve(client.predictions.get(pid))).id == pid


async def test_reset_after_create_is_not_resent(client: Client, emulator: Emulator) -> None:
    before = _posts(emulator)
    emulator.faults.add("POST", CREATE, "reset_after", times=1)
    with pytest.raises(APIConnectionError) as info:
        await resolve(client.run("replicate-ext/hello", input={"name": "lost"}))
    message = str(info.value)
    assert "outcome is unknown" in message and "created_after" in message
    assert _posts(emulator) - before == 1
    page = await resolve(client.predictions.list())
    assert any(p.input_ == {"name": "lost"} for p in page.results), "the prediction is findable"


async def test_html_error_page(client: Client, emulator: Emulator) -> None:
    emulator.faults.add(
        "GET",
        "/v1/account",
        "html",
        times=5,
        status=502,
        body="<html><h1>Bad Gateway</h1><p>nginx</p></html>",
    )
    with pytest.raises(InternalServerError) as info:
        await resolve(client.account.get())
    assert info.value.status == 502
    assert (
        info.value.detail is not None
        and "Bad Gateway" in info.value.detail
        and "<" not in info.value.detail
    )


async def test_truncated_json(client: Client, emulator: Emulator) -> None:
    emulator.faults.add("GET", "/v1/account", "truncate", times=1, keep=0.5)
    with pytest.raises(ResponseDecodeError) as info:
        await resolve(client.account.get())
    assert info.value.status == 200 and "not valid JSON" in str(info.value)


async def test_wrong_content_type_still_parsed(client: Client, emulator: Emulator) -> None:
    emulator.faults.add("GET", "/v1/account", "content_type", times=1, content_type="text/html")
    account = await resolve(client.account.get())
    assert account.username


async def test_liberal_parsing_of_odd_bodies(client: Client, emulator: Emulator) -> None:
    odd = {
        "id": "p-odd",
        "status": "teleporting",
        "created_at": None,
        "urls": None,
        "metrics": None,
        "brand_new_field": {"nested": [1, 2]},
    }
    emulator.faults.add("GET", "/v1/predictions/p-odd", "body", times=1, status=200, body=odd)
    prediction = await resolve(client.predictions.get("p-odd"))
    assert prediction.status == "teleporting" and prediction.created_at is None
    assert prediction.additional_properties["brand_new_field"] == {"nested": [1, 2]}


async def test_body_of_the_wrong_shape(client: Client, emulator: Emulator) -> None:
    emulator.faults.add(
        "GET", "/v1/predictions/p-list", "body", times=1, status=200, body=[1, 2, 3]
    )
    with pytest.raises(ResponseDecodeError) as info:
        await resolve(client.predictions.get("p-list"))
    assert "unexpected shape" in str(info.value)


async def test_errors_while_waiting_carry_the_prediction_id(
    client: Client, emulator: Emulator
) -> None:
    prediction = await resolve(
        client.run("replicate-ext/sleep", input={"seconds": 0.5}, wait=False)
    )
    emulator.faults.add("GET", f"/v1/predictions/{prediction.id}", "status", times=1, status=404)
    with pytest.raises(NotFoundError) as info:
        await resolve(client.wait(prediction))
    assert info.value.prediction_id == prediction.id and prediction.id in str(info.value)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.mark.parametrize("flavour", ["sync", "async"])
async def test_connection_refused(flavour: str) -> None:
    base = f"http://127.0.0.1:{_free_port()}/v1"
    client: Client = (Replicate if flavour == "sync" else AsyncReplicate)(
        auth="r8_test", base_url=base, max_retries=0
    )
    with pytest.raises(APIConnectionError) as info:
        await resolve(client.account.get())
    assert "Could not reach" in str(info.value)
    await resolve(client.close())


async def test_500_is_not_retried(client: Client, emulator: Emulator) -> None:
    before = emulator.requests.count("GET", "/v1/account")
    emulator.faults.add("GET", "/v1/account", "status", times=1, status=500, detail="boom")
    with pytest.raises(InternalServerError) as info:
        await resolve(client.account.get())
    assert info.value.status == 500 and info.value.detail == "boom"
    assert emulator.requests.count("GET", "/v1/account") - before == 1, "500 may mean work was done"


async def test_body_missing_the_id(client: Client, emulator: Emulator) -> None:
    emulator.faults.add(
        "GET", "/v1/predictions/p-noid", "body", times=1, status=200, body={"status": "succeeded"}
    )
    with pytest.raises(ResponseDecodeError) as info:
        await resolve(client.predictions.get("p-noid"))
    assert "KeyError" in str(info.value) and info.value.status == 200
