"""Fidelity of failures: the ``error`` event is JSON, and logs show only the model's frames."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import replicate_emulator
from replicate_emulator import Emulator

from .helpers import parse_sse, version_of, wait_terminal

PACKAGE = str(Path(replicate_emulator.__file__).resolve().parent)


def _check_disk(inp: dict[str, Any]) -> None:
    raise OSError(f"disk {inp.get('disk', 'sda')} is full")


def _broken_model(inp: dict[str, Any]) -> None:
    _check_disk(inp)


def _failed(emu: Emulator, api: httpx.Client, name: str, fn: Any) -> dict[str, Any]:
    emu.add_model(name, fn)
    created = api.post(
        "/predictions", json={"version": version_of(emu, name), "input": {"disk": "sdb"}}
    ).json()
    prediction: dict[str, Any] = wait_terminal(api, created)
    assert prediction["status"] == "failed"
    return prediction


def test_error_event_is_json_with_the_message(emu: Emulator, api: httpx.Client) -> None:
    prediction = _failed(emu, api, "acme/full-disk", _broken_model)
    headers = {"Accept": "text/event-stream"}
    with api.stream("GET", prediction["urls"]["stream"], headers=headers) as response:
        events = list(parse_sse(response.iter_lines()))
    assert [e.event for e in events] == ["error", "done"]
    assert json.loads(events[0].data) == {"detail": "disk sdb is full"}
    assert json.loads(events[1].data) == {}


def test_failed_logs_show_the_models_frames_only(emu: Emulator, api: httpx.Client) -> None:
    logs = _failed(emu, api, "acme/full-disk-logs", _broken_model)["logs"]
    assert logs.startswith("Traceback (most recent call last):\n")
    assert logs.endswith("OSError: disk sdb is full\n")
    assert __file__ in logs, "the model's own file"
    assert "in _broken_model" in logs and "in _check_disk" in logs
    assert PACKAGE not in logs, "no frame of the emulator itself"


def _sse(client: httpx.Client, url: str, last_id: str | None = None) -> httpx.Response:
    headers = {"Accept": "text/event-stream"}
    if last_id is not None:
        headers["Last-Event-ID"] = last_id
    return client.get(url, headers=headers)


def test_stream_url_needs_no_token(api: httpx.Client, anon: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/tokens/predictions",
        json={"input": {"prompt": "x y z", "count": 3}},
        headers={"Prefer": "wait"},
    ).json()
    url = created["urls"]["stream"]
    response = _sse(anon, url)
    assert response.status_code == 200, "an EventSource sends no Authorization"
    everything = list(parse_sse(iter(response.text.splitlines())))
    assert [e.event for e in everything][-1] == "done"
    resumed = _sse(anon, url, last_id="3")
    assert list(parse_sse(iter(resumed.text.splitlines()))) == everything[3:]


def test_stream_capability_is_per_prediction(api: httpx.Client, anon: httpx.Client) -> None:
    first, second = (
        api.post("/models/replicate-ext/echo/predictions", json={"input": {"n": n}}).json()
        for n in (1, 2)
    )
    assert first["urls"]["stream"] != second["urls"]["stream"]
    stolen = second["urls"]["stream"].replace(second["id"], first["id"])
    assert _sse(anon, stolen).status_code == 404, "one prediction's capability opens no other"
    assert _sse(api, stolen).status_code == 404, "a wrong capability is wrong with a token too"
    bare = first["urls"]["stream"].split("?")[0]
    assert _sse(anon, bare).status_code == 401, "without the capability the token is needed"
    assert _sse(api, bare).status_code == 200
