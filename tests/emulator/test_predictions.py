"""The prediction lifecycle, Prefer: wait, input validation and the create variants."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest
from replicate_emulator import Emulator, cooperative_sleep
from replicate_emulator.schema import cog_schema

from .helpers import checked, version_of, wait_for, wait_terminal


def _iso(value: str) -> datetime:
    assert value.endswith("Z")
    return datetime.fromisoformat(value)


def test_lifecycle_starting_processing_succeeded(emu: Emulator, api: httpx.Client) -> None:
    version = version_of(emu, "replicate-ext/tokens")
    created = checked(
        api.post(
            "/predictions",
            json={
                "version": f"replicate-ext/tokens:{version}",
                "input": {"prompt": "a b c", "count": 6, "delay": 0.1},
            },
        )
    )
    assert created.status_code == 201
    first = created.json()
    assert first["status"] == "starting"
    assert first["version"] == version
    assert first["output"] is None and first["error"] is None
    assert first["urls"]["get"] == f"{emu.base_url}/predictions/{first['id']}"
    assert first["urls"]["stream"].startswith(emu.base_url)
    assert "started_at" not in first
    seen = wait_for(
        lambda: (p := api.get(first["urls"]["get"]).json())["status"] == "processing" and p
    )
    assert "started_at" in seen and "completed_at" not in seen
    done = wait_terminal(api, first)
    assert done["status"] == "succeeded"
    assert done["output"] == ["a", " b", " c", " a", " b", " c"]
    assert done["logs"] == "Generating 6 tokens\nDone\n"
    created_at, started, completed = (
        _iso(done[k]) for k in ("created_at", "started_at", "completed_at")
    )
    assert created_at <= started <= completed
    assert done["metrics"]["predict_time"] > 0.1
    assert done["metrics"]["total_time"] >= done["metrics"]["predict_time"]


def test_prefer_wait_returns_the_final_prediction(api: httpx.Client) -> None:
    response = checked(
        api.post(
            "/models/replicate-ext/hello/predictions",
            json={"input": {"name": "Ada"}},
            headers={"Prefer": "wait"},
        )
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["output"], body["version"]) == ("succeeded", "hello Ada", "hidden")


def test_prefer_wait_times_out_with_202(api: httpx.Client) -> None:
    start = time.monotonic()
    response = checked(
        api.post(
            "/models/replicate-ext/sleep/predictions",
            json={"input": {"seconds": 30}},
            headers={"Prefer": "wait=1"},
        )
    )
    assert 0.9 < time.monotonic() - start < 3
    assert response.status_code == 202
    assert response.json()["status"] == "processing"
    api.post(response.json()["urls"]["cancel"])


@pytest.mark.parametrize("prefer", ["wait=0", "wait=61", "wait=abc", "respond-async"])
def test_invalid_prefer_is_rejected(api: httpx.Client, prefer: str) -> None:
    response = checked(
        api.post(
            "/models/replicate-ext/hello/predictions",
            json={"input": {}},
            headers={"Prefer": prefer},
        )
    )
    assert response.status_code == 422


def test_cancel_a_running_prediction(api: httpx.Client) -> None:
    created = checked(
        api.post("/models/replicate-ext/sleep/predictions", json={"input": {"seconds": 30}})
    ).json()
    wait_for(lambda: api.get(created["urls"]["get"]).json()["status"] == "processing")
    canceled = checked(api.post(created["urls"]["cancel"]))
    assert canceled.status_code == 200
    assert canceled.json()["status"] == "canceled"
    assert "completed_at" in canceled.json()
    again = checked(api.post(created["urls"]["cancel"])).json()
    assert again["status"] == "canceled"
    assert checked(api.post("/predictions/nope/cancel")).status_code == 404


def test_failed_prediction_has_error_and_logs(api: httpx.Client) -> None:
    body = checked(
        api.post(
            "/models/replicate-ext/fail/predictions",
            json={"input": {"message": "out of memory"}},
            headers={"Prefer": "wait=10"},
        )
    ).json()
    assert body["status"] == "failed"
    assert body["error"] == "out of memory"
    assert body["logs"].startswith("Loading weights\nRunning inference\n")
    assert "RuntimeError: out of memory" in body["logs"]


def test_echo_output_is_input(api: httpx.Client) -> None:
    payload = {"a": 1, "nested": {"b": [1, 2]}, "s": "x"}
    body = api.post(
        "/models/replicate-ext/echo/predictions",
        json={"input": payload},
        headers={"Prefer": "wait"},
    ).json()
    assert body["output"] == payload


def test_image_output_is_a_downloadable_png(api: httpx.Client, anon: httpx.Client) -> None:
    body = api.post(
        "/models/replicate-ext/image/predictions",
        json={"input": {"width": 4, "height": 3, "color": "#00ff00"}},
        headers={"Prefer": "wait"},
    ).json()
    assert body["status"] == "succeeded"
    image = anon.get(body["output"])
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/png"
    assert image.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_version_formats(emu: Emulator, api: httpx.Client) -> None:
    version = version_of(emu, "replicate-ext/echo")
    for ref in (version, f"replicate-ext/echo:{version}"):
        response = checked(api.post("/predictions", json={"version": ref, "input": {}}))
        assert response.status_code == 201, ref
    official = checked(
        api.post("/predictions", json={"version": "replicate-ext/hello", "input": {}})
    )
    assert official.status_code == 201
    assert official.json()["version"] == "hidden"
    not_official = checked(
        api.post("/predictions", json={"version": "replicate-ext/echo", "input": {}})
    )
    assert not_official.status_code == 422
    for ref in ("0" * 64, "replicate-ext/nope", f"replicate-ext/echo:{'0' * 64}"):
        assert (
            checked(api.post("/predictions", json={"version": ref, "input": {}})).status_code == 404
        )
    assert checked(api.post("/models/acme/nope/predictions", json={"input": {}})).status_code == 404


@pytest.fixture
def strict_model(emu: Emulator) -> str:
    schema = cog_schema(
        {
            "type": "object",
            "required": ["prompt"],
            "properties": {
                "prompt": {"type": "string"},
                "steps": {"type": "integer", "default": 4, "minimum": 1, "maximum": 50},
                "scale": {"type": "number", "default": 7.5},
                "mode": {"allOf": [{"$ref": "#/components/schemas/mode"}], "default": "fast"},
                "tags": {"type": "array", "items": {"type": "string"}, "default": []},
            },
        },
        {"type": "object"},
    )
    schema["components"]["schemas"]["mode"] = {"type": "string", "enum": ["fast", "slow"]}
    emu.add_model("acme/strict", lambda inp: inp, schema=schema)
    return "acme/strict"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"prompt": "x", "nope": 1}, "input.nope"),
        ({"prompt": 3}, "input.prompt"),
        ({}, "input.prompt"),
        ({"prompt": "x", "steps": "4"}, "input.steps"),
        ({"prompt": "x", "steps": 99}, "input.steps"),
        ({"prompt": "x", "mode": "medium"}, "input.mode"),
        ({"prompt": "x", "tags": [1]}, "input.tags.0"),
        ({"prompt": "x", "steps": True}, "input.steps"),
    ],
)
def test_invalid_input_is_422_naming_the_field(
    emu: Emulator, api: httpx.Client, strict_model: str, payload: dict[str, Any], field: str
) -> None:
    version = version_of(emu, strict_model)
    response = checked(api.post("/predictions", json={"version": version, "input": payload}))
    assert response.status_code == 422
    problem = response.json()
    assert problem["title"] == "Input validation failed"
    assert field in problem["detail"]
    assert field in [f["field"] for f in problem["invalid_fields"]]


def test_defaults_are_applied_but_input_is_kept(
    emu: Emulator, api: httpx.Client, strict_model: str
) -> None:
    version = version_of(emu, strict_model)
    body = api.post(
        "/predictions",
        json={"version": version, "input": {"prompt": "p", "scale": 2}},
        headers={"Prefer": "wait"},
    ).json()
    assert body["input"] == {"prompt": "p", "scale": 2}
    assert body["output"] == {"prompt": "p", "scale": 2, "steps": 4, "mode": "fast", "tags": []}


def test_request_shape_is_validated(emu: Emulator, api: httpx.Client) -> None:
    version = version_of(emu, "replicate-ext/echo")
    bodies: list[dict[str, Any]] = [
        {"input": {}},
        {"version": version},
        {"version": version, "input": {}, "x": 1},
    ]
    for body in bodies:
        assert checked(api.post("/predictions", json=body)).status_code == 422, body
    bad_hook = {"version": version, "input": {}, "webhook": "not a url"}
    assert checked(api.post("/predictions", json=bad_hook)).status_code == 422
    bad_filter = {"version": version, "input": {}, "webhook_events_filter": ["sometimes"]}
    assert checked(api.post("/predictions", json=bad_filter)).status_code == 422
    not_json = api.post("/predictions", content=b"{", headers={"content-type": "application/json"})
    assert checked(not_json).status_code == 400
    assert checked(api.post("/predictions", json=[1])).status_code == 422


def test_model_function_gets_log_and_can_stream(emu: Emulator, api: httpx.Client) -> None:
    def count(inp: dict[str, Any], log: Callable[[str], None]) -> Iterator[int]:
        for i in range(inp.get("n", 3)):
            log(f"step {i}")
            cooperative_sleep(0.001)
            yield i

    emu.add_model("acme/count", count)
    body = api.post(
        "/predictions",
        json={"version": version_of(emu, "acme/count"), "input": {"n": 3}},
        headers={"Prefer": "wait"},
    ).json()
    assert body["output"] == [0, 1, 2]
    assert body["logs"] == "step 0\nstep 1\nstep 2\n"


def test_get_unknown_prediction_is_404(api: httpx.Client) -> None:
    assert checked(api.get("/predictions/doesnotexist")).status_code == 404


def test_list_filters(api: httpx.Client) -> None:
    created = api.post("/models/replicate-ext/hello/predictions", json={"input": {}}).json()
    page = checked(api.get("/predictions")).json()
    assert page["results"][0]["id"] == created["id"]
    after = checked(api.get("/predictions", params={"created_after": created["created_at"]})).json()
    assert [p["id"] for p in after["results"]] == [created["id"]]
    before = checked(api.get("/predictions", params={"created_before": created["created_at"]}))
    assert created["id"] not in [p["id"] for p in before.json()["results"]]
    assert checked(api.get("/predictions", params={"source": "web"})).json()["results"] == []
    assert (
        checked(api.get("/predictions", params={"created_after": "yesterday"})).status_code == 400
    )
    assert checked(api.get("/predictions", params={"source": "api"})).status_code == 400


def test_models_with_a_cancel_hook_run_one_at_a_time(emu: Emulator, api: httpx.Client) -> None:
    release = threading.Event()
    calls: list[str] = []

    def blocking(inp: dict[str, Any]) -> str:
        calls.append(inp["n"])
        if not release.wait(10):
            raise RuntimeError("never released")
        if inp["n"] == "interrupted":
            raise RuntimeError("interrupted by cancel")
        return str(inp["n"])

    def interrupt() -> None:
        calls.append("cancel")
        release.set()

    emu.add_model("acme/blocking", blocking, cancel=interrupt)
    version = version_of(emu, "acme/blocking")
    first = api.post(
        "/predictions", json={"version": version, "input": {"n": "interrupted"}}
    ).json()
    second = api.post("/predictions", json={"version": version, "input": {"n": "second"}}).json()
    wait_for(lambda: api.get(first["urls"]["get"]).json()["status"] == "processing")
    time.sleep(0.1)
    assert api.get(second["urls"]["get"]).json()["status"] == "starting"
    assert checked(api.post(first["urls"]["cancel"])).json()["status"] == "canceled"
    done = wait_terminal(api, second)
    assert (done["status"], done["output"]) == ("succeeded", "second")
    assert calls == ["interrupted", "cancel", "second"]
    assert api.get(first["urls"]["get"]).json()["status"] == "canceled"
