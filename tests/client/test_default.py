"""Module-level shortcuts on the default client, configured from the environment on first use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from replicate_emulator import Emulator

import replicate_ext
from replicate_ext import _default


@pytest.fixture
def fresh_default(emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("REPLICATE_API_TOKEN", emulator.token)
    monkeypatch.setenv("REPLICATE_BASE_URL", emulator.base_url)
    monkeypatch.setenv("REPLICATE_POLL_INTERVAL", "0.01")
    monkeypatch.setattr(_default, "_client", None)
    monkeypatch.setattr(_default, "_async_client", None)
    yield
    if _default._client is not None:
        _default._client.close()


def test_run_and_resources_on_default_client(fresh_default: None, emulator: Emulator) -> None:
    assert replicate_ext.run("replicate-ext/hello", input={"name": "Mo"}) == "hello Mo"
    client = replicate_ext.default_client()
    assert client is replicate_ext.default_client(), "built once"
    assert client.base_url == emulator.base_url
    prediction = replicate_ext.predictions.create(model="replicate-ext/hello", input={})
    assert replicate_ext.wait(prediction.id).output == "hello world"
    ids = [p.id for p in replicate_ext.paginate(replicate_ext.predictions.list).items()]
    assert prediction.id in ids


async def test_async_run_on_default_client(fresh_default: None) -> None:
    assert await replicate_ext.async_run("replicate-ext/hello", input={"name": "Al"}) == "hello Al"
    await replicate_ext.default_async_client().close()
