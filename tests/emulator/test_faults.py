"""Faults on demand: every kind, matching rules and counting."""

from __future__ import annotations

import json
import re
import time

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import checked


def test_status_429_with_retry_after(emu: Emulator, api: httpx.Client) -> None:
    fault = emu.faults.add("GET", "/account", "status", status=429, retry_after=3)
    response = checked(api.get("/account"))
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 429
    assert fault.hits == 1
    assert api.get("/account").status_code == 200  # times=1: used up


@pytest.mark.parametrize("status", [499, 500, 502, 503, 504, 520])
def test_status_codes(emu: Emulator, api: httpx.Client, status: int) -> None:
    emu.faults.add("*", "/hardware", "status", status=status)
    response = api.get("/hardware")
    assert response.status_code == status
    assert response.json()["status"] == status


def test_times_and_unlimited(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/hardware", "status", status=503, times=2)
    assert [api.get("/hardware").status_code for _ in range(3)] == [503, 503, 200]
    emu.faults.add("GET", "/hardware", "status", status=500, times=None)
    assert [api.get("/hardware").status_code for _ in range(3)] == [500, 500, 500]
    emu.faults.clear()
    assert api.get("/hardware").status_code == 200


def test_faults_apply_before_auth(emu: Emulator, anon: httpx.Client) -> None:
    emu.faults.add("GET", "/account", "status", status=503)
    assert anon.get("/account").status_code == 503


def test_matching_rules(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("POST", "/predictions", "status", status=500)
    assert api.get("/predictions").status_code == 200  # method must match
    emu.faults.clear()
    emu.faults.add("GET", "/v1/predictions/*", "status", status=500)  # full path glob
    assert api.get("/predictions/abc").status_code == 500
    emu.faults.add("GET", "/predictions/*/cancel", "status", status=501)  # glob without /v1
    assert api.get("/predictions/abc/cancel").status_code == 501
    emu.faults.add("GET", re.compile(r"/models/[^/]+/hello$"), "status", status=502)
    assert api.get("/models/replicate-ext/echo").status_code == 200
    assert api.get("/models/replicate-ext/hello").status_code == 502
    emu.faults.add("GET", r"^/models/replicate-ext/(echo|fail)$", "status", status=503)
    assert api.get("/models/replicate-ext/fail").status_code == 503


def test_unknown_kind_and_parameter() -> None:
    emu = Emulator()
    with pytest.raises(ValueError, match="unknown fault kind"):
        emu.faults.add("GET", "/x", "explode")
    with pytest.raises(ValueError, match="takes no parameter"):
        emu.faults.add("GET", "/x", "reset", status=500)


def test_delay(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/account", "delay", seconds=0.3)
    start = time.monotonic()
    assert api.get("/account").status_code == 200
    assert time.monotonic() - start >= 0.3


def test_reset_drops_the_connection(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/account", "reset")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.get("/account")
    assert api.get("/account").status_code == 200


def test_reset_after_processes_the_request(emu: Emulator, api: httpx.Client) -> None:
    before = len(emu.core.store.predictions)
    emu.faults.add("POST", "/models/*/predictions", "reset_after")
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        api.post("/models/replicate-ext/hello/predictions", json={"input": {"name": "lost"}})
    assert len(emu.core.store.predictions) == before + 1
    latest = api.get("/predictions").json()["results"][0]
    assert latest["input"] == {"name": "lost"}


def test_truncate(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/account", "truncate")
    response = api.get("/account")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)
    assert response.content and b'"username"'[:1] in response.content


def test_truncate_keeps_the_status(emu: Emulator, api: httpx.Client) -> None:
    # Before: every truncated answer said 200, a truncated create too (the API says 201).
    emu.faults.add("POST", "/models/replicate-ext/hello/predictions", "truncate")
    response = api.post("/models/replicate-ext/hello/predictions", json={"input": {}})
    assert response.status_code == 201
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


def test_html(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/account", "html", status=502)
    response = api.get("/account")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert b"502 Bad Gateway" in response.content


def test_content_type(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/account", "content_type", content_type="text/plain")
    response = api.get("/account")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain"
    assert response.json()["username"] == "emulator"


def test_body(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/account", "body", status=418, body={"x": 1}, headers={"X-Test": "1"})
    response = api.get("/account")
    assert response.status_code == 418
    assert response.json() == {"x": 1}
    assert response.headers["x-test"] == "1"
    emu.faults.add("GET", "/account", "body", body=b"raw", content_type="application/json")
    raw = api.get("/account")
    assert (raw.status_code, raw.content) == (200, b"raw")


def test_stream_content_type_fault(emu: Emulator, api: httpx.Client) -> None:
    created = api.post(
        "/models/replicate-ext/hello/predictions", json={"input": {}}, headers={"Prefer": "wait"}
    ).json()
    emu.faults.add("GET", "/predictions/*/stream", "content_type", content_type="application/json")
    response = api.get(created["urls"]["stream"])
    assert response.headers["content-type"] == "application/json"


def test_requests_are_counted(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("GET", "/hardware", "status", status=503, times=2)
    for _ in range(3):
        api.get("/hardware")
    assert sum(1 for r in emu.requests[-3:] if r.path == "/v1/hardware") == 3


STOP_DURING_A_DELAY = """
import threading, time
import httpx
from replicate_emulator import Emulator

with Emulator() as emu:
    emu.faults.add("GET", "/account", "delay", seconds=5)
    auth = {"authorization": f"Bearer {emu.token}"}
    answer = []
    call = threading.Thread(
        target=lambda: answer.append(httpx.get(emu.base_url + "/account", headers=auth).status_code)
    )
    call.start()
    time.sleep(0.3)
call.join()
print(answer)
"""


def test_stopping_during_a_delay_answers_it_quietly() -> None:
    # Before: the shutdown cancelled the delayed request after its grace period, and uvicorn
    # printed "Exception in ASGI application ... CancelledError" with a traceback.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", STOP_DURING_A_DELAY], capture_output=True, text=True, timeout=60
    )
    assert done.stdout.strip() == "[503]", done.stderr
    assert "Traceback" not in done.stderr
