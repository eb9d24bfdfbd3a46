"""No raw exception escapes: broken encodings (API, streams, downloads), closed clients; and the
retry docs name the methods the code retries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    ClientClosedError,
    InternalServerError,
    Replicate,
    ResponseDecodeError,
)
from replicate_ext._http import _IDEMPOTENT_METHODS

from .conftest import Client, collect, resolve

BROKEN: dict[str, Any] = {"body": b"this is not gzip", "headers": {"content-encoding": "gzip"}}
CREATE = "/models/replicate-ext/hello/predictions"
ROOT = Path(__file__).resolve().parents[2]


async def test_broken_content_encoding_on_a_success(client: Client, emulator: Emulator) -> None:
    emulator.faults.add("GET", "/account", "body", status=200, **BROKEN)
    with pytest.raises(ResponseDecodeError) as info:
        await resolve(client.account.get())
    assert info.value.status == 200 and "gzip" in str(info.value)
    assert info.value.method == "GET" and info.value.path == "/v1/account"


async def test_broken_content_encoding_on_a_503_is_a_503(
    client: Client, emulator: Emulator
) -> None:
    emulator.faults.add("GET", "/account", "body", status=503, **BROKEN)
    before = emulator.requests.count("GET", "/v1/account")
    assert (await resolve(client.account.get())).username, "retried like any 503"
    assert emulator.requests.count("GET", "/v1/account") - before == 2
    emulator.faults.add("POST", CREATE, "body", status=503, **BROKEN)
    with pytest.raises(InternalServerError) as info:
        await resolve(client.predictions.create(model="replicate-ext/hello", input={}))
    assert info.value.status == 503, "a create is not re-sent"


async def test_a_closed_client_says_so(client: Client) -> None:
    await resolve(client.account.get())
    await resolve(client.close())
    with pytest.raises(ClientClosedError, match="closed"):
        await resolve(client.account.get())
    with pytest.raises(RuntimeError):  # also what httpx raised before, for code catching that
        await resolve(client.predictions.get("p1"))


async def test_a_closed_http_client_of_the_caller_says_so(emulator: Emulator) -> None:
    import httpx

    with httpx.Client() as http:
        client = emulator.client(http_client=http)
    with pytest.raises(ClientClosedError):
        client.account.get()


def test_retry_docs_name_the_methods_the_code_retries() -> None:
    methods = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"}
    for text in (
        (ROOT / "docs" / "errors-and-retries.md").read_text(),
        (ROOT / "replicate_ext" / "retry.py").read_text(),
    ):
        found = re.search(r"cannot duplicate work[^:]*: ([^.;]*)", text)
        assert found, "the docs say which methods are retried"
        named = {word for word in re.findall(r"[A-Z]+", found.group(1)) if word in methods}
        assert named == set(_IDEMPOTENT_METHODS)


async def test_a_stream_with_a_broken_encoding_resumes(client: Client, emulator: Emulator) -> None:
    headers = {"content-encoding": "gzip", "content-type": "text/event-stream"}
    emulator.faults.add("GET", "/predictions/*/stream", "body", body=b"garbage", headers=headers)
    events = await collect(
        client.stream("replicate-ext/tokens", input={"prompt": "a b", "count": 2})
    )
    assert [str(event) for event in events] == ["a", " b"]


async def test_a_download_with_a_broken_encoding(client: Client, emulator: Emulator) -> None:
    output = await resolve(client.run("replicate-ext/image", input={"width": 4}))
    emulator.faults.add("GET", "/delivery/*", "body", **BROKEN)
    with pytest.raises(ResponseDecodeError, match="could not be decoded"):
        await resolve(output.read() if isinstance(client, Replicate) else output.aread())
