"""Server-sent events: output chunks, logs, errors, done, and Last-Event-ID resumption."""

from __future__ import annotations

import json

import httpx
from replicate_emulator import Emulator

from .helpers import Event, parse_sse, version_of, wait_for, wait_terminal


def _events(api: httpx.Client, url: str, last_id: str | None = None) -> list[Event]:
    headers = {"Accept": "text/event-stream"}
    if last_id is not None:
        headers["Last-Event-ID"] = last_id
    with api.stream("GET", url, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        return list(parse_sse(response.iter_lines()))


def test_stream_follows_a_running_prediction(emu: Emulator, api: httpx.Client) -> None:
    created = api.post(
        "/predictions",
        json={
            "version": version_of(emu, "replicate-ext/tokens"),
            "input": {"prompt": "one two", "count": 4, "delay": 0.02},
            "stream": True,
        },
    ).json()
    events = _events(api, created["urls"]["stream"])
    assert [e.id for e in events] == [str(i) for i in range(1, len(events) + 1)]
    assert [e.event for e in events] == [
        "logs",
        "output",
        "output",
        "output",
        "output",
        "logs",
        "done",
    ]
    assert "".join(e.data for e in events if e.event == "output") == "one two one two"
    assert events[0].data == "Generating 4 tokens"
    assert json.loads(events[-1].data) == {}


def test_last_event_id_resumes(emu: Emulator, api: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/tokens/predictions",
        json={"input": {"prompt": "x y z", "count": 3}},
        headers={"Prefer": "wait"},
    ).json()
    everything = _events(api, created["urls"]["stream"])
    resumed = _events(api, created["urls"]["stream"], last_id="3")
    assert resumed == everything[3:]
    assert _events(api, created["urls"]["stream"], last_id=everything[-1].id) == []


def test_non_streaming_output_is_one_event(api: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/echo/predictions",
        json={"input": {"k": [1]}},
        headers={"Prefer": "wait"},
    ).json()
    events = _events(api, created["urls"]["stream"])
    assert [(e.event, e.data) for e in events] == [("output", '{"k": [1]}'), ("done", "{}")]


def test_failure_streams_error_then_done(api: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/fail/predictions", json={"input": {"message": "boom"}}
    ).json()
    events = _events(api, created["urls"]["stream"])
    assert [e.event for e in events][-2:] == ["error", "done"]
    assert json.loads(events[-2].data) == {"detail": "boom"}


def test_cancel_ends_the_stream_with_reason(api: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/sleep/predictions", json={"input": {"seconds": 30}}
    ).json()
    wait_for(lambda: api.get(created["urls"]["get"]).json()["status"] == "processing")
    with httpx.Client(headers=api.headers, timeout=10) as other:
        api.post(created["urls"]["cancel"])
        events = _events(other, created["urls"]["stream"])
    assert events[-1].event == "done"
    assert json.loads(events[-1].data) == {"reason": "canceled"}


def test_stream_multiline_chunks(emu: Emulator, api: httpx.Client) -> None:
    emu.add_model("acme/lines", lambda inp: iter(["a\nb", "c"]))
    created = api.post(
        "/predictions", json={"version": version_of(emu, "acme/lines"), "input": {}}
    ).json()
    wait_terminal(api, created)
    outputs = [e.data for e in _events(api, created["urls"]["stream"]) if e.event == "output"]
    assert outputs == ["a\nb", "c"]


def test_stream_unknown_prediction_is_404(api: httpx.Client) -> None:
    assert api.get("/predictions/nope/stream").status_code == 404
