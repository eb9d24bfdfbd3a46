"""Cog predictors served by the emulator (skipped when Cog's runtime is not installed)."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import AUTH, TOKEN, checked, parse_sse, wait_for, wait_terminal

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("cog") is None or importlib.util.find_spec("coglet") is None,
    reason="Cog's runtime is not installed",
)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def cog_emu() -> Iterator[Emulator]:
    with Emulator(token=TOKEN) as emulator:
        emulator.add_cog_model(
            "acme/hello", "examples/cog-hello/predict.py:Predictor", cwd=str(ROOT)
        )
        emulator.add_cog_model(
            "acme/words", "examples/cog-hello/stream.py:Predictor", cwd=str(ROOT)
        )
        yield emulator


@pytest.fixture
def client(cog_emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=cog_emu.base_url, headers=AUTH, timeout=30) as c:
        yield c


def test_cog_schema_and_prediction(client: httpx.Client) -> None:
    model = checked(client.get("/models/acme/hello")).json()
    schema = model["latest_version"]["openapi_schema"]["components"]["schemas"]
    assert schema["Input"]["properties"]["name"]["default"] == "world"
    done = checked(
        client.post(
            "/models/acme/hello/predictions",
            json={"input": {"name": "Ada"}},
            headers={"Prefer": "wait"},
        )
    ).json()
    assert (done["status"], done["output"]) == ("succeeded", "hello Ada")
    assert "greeting Ada" in done["logs"]
    failed = client.post(
        "/models/acme/hello/predictions",
        json={"input": {"name": "fail"}},
        headers={"Prefer": "wait"},
    ).json()
    assert failed["status"] == "failed" and "refusing" in failed["error"]
    assert (
        checked(client.post("/models/acme/hello/predictions", json={"input": {"x": 1}})).status_code
        == 422
    )


def test_cog_streaming_and_cancel(client: httpx.Client) -> None:
    created = client.post(
        "/models/acme/words/predictions", json={"input": {"text": "a b c", "delay": 0}}
    ).json()
    with client.stream("GET", created["urls"]["stream"]) as response:
        events = list(parse_sse(response.iter_lines()))
    assert [e.data for e in events if e.event == "output"] == ["a ", "b ", "c "]
    slow = client.post(
        "/models/acme/words/predictions", json={"input": {"text": "x " * 100, "delay": 1}}
    ).json()
    wait_for(lambda: client.get(slow["urls"]["get"]).json()["output"], timeout=10)
    assert client.post(slow["urls"]["cancel"]).json()["status"] == "canceled"
    after = client.post(
        "/models/acme/words/predictions", json={"input": {"text": "done", "delay": 0}}
    ).json()
    assert wait_terminal(client, after, timeout=10)["output"] == ["done "]


def test_the_same_predictor_may_be_added_again(cog_emu: Emulator, client: httpx.Client) -> None:
    # As docs/emulator.md says (a fixture may register its model for every test); before, a
    # ValueError. Another predictor under the same name is still refused.
    cog_emu.add_cog_model("acme/hello", "examples/cog-hello/predict.py:Predictor", cwd=str(ROOT))
    done = checked(
        client.post(
            "/models/acme/hello/predictions",
            json={"input": {"name": "again"}},
            headers={"Prefer": "wait"},
        )
    ).json()
    assert done["output"] == "hello again"
    with pytest.raises(ValueError, match="already exists"):
        cog_emu.add_cog_model("acme/hello", "examples/cog-hello/stream.py:Predictor", cwd=str(ROOT))
