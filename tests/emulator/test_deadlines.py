"""Cancel-After deadlines (canceled / aborted) and data retention, on dedicated emulators."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import AUTH, TOKEN, checked, wait_for, wait_terminal


@pytest.fixture(scope="module")
def fast() -> Iterator[Emulator]:
    """Emulated time ten times faster, one worker: deadlines of 5 s take 0.5 s."""
    with Emulator(token=TOKEN, speed=10, concurrency=1, retention=0.3) as emulator:
        yield emulator


@pytest.fixture
def client(fast: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast.base_url, headers=AUTH, timeout=10) as c:
        yield c


def _sleep(client: httpx.Client, seconds: float, cancel_after: str | None = None) -> httpx.Response:
    headers = {"Cancel-After": cancel_after} if cancel_after is not None else {}
    return checked(
        client.post(
            "/models/replicate-ext/sleep/predictions",
            json={"input": {"seconds": seconds}},
            headers=headers,
        )
    )


def test_deadline_while_running_cancels(client: httpx.Client) -> None:
    created = _sleep(client, 100, "5s").json()
    deadline = datetime.fromisoformat(created["deadline"])
    assert 0.4 < (deadline - datetime.fromisoformat(created["created_at"])).total_seconds() < 0.6
    done = wait_terminal(client, created)
    assert done["status"] == "canceled"
    assert "started_at" in done


def test_deadline_while_queued_aborts(client: httpx.Client) -> None:
    blocker = _sleep(client, 100).json()
    wait_for(lambda: client.get(blocker["urls"]["get"]).json()["status"] == "processing")
    queued = _sleep(client, 1, "5").json()
    done = wait_terminal(client, queued)
    assert done["status"] == "aborted"
    assert "started_at" not in done
    client.post(blocker["urls"]["cancel"])
    assert wait_terminal(client, blocker)["status"] == "canceled"


@pytest.mark.parametrize("value", ["4s", "abc", "1x", "", "-5s"])
def test_invalid_cancel_after_is_422(client: httpx.Client, value: str) -> None:
    assert _sleep(client, 0, value).status_code == 422


@pytest.mark.parametrize("value", ["5", "30s", "5m", "1h30m45s", "2h", "1m0.5s"])
def test_valid_cancel_after(client: httpx.Client, value: str) -> None:
    created = _sleep(client, 0, value)
    assert created.status_code == 201
    assert "deadline" in created.json()
    wait_terminal(client, created.json())


def test_data_is_removed_after_retention(client: httpx.Client) -> None:
    created = checked(
        client.post(
            "/models/replicate-ext/echo/predictions",
            json={"input": {"secret": 1}},
            headers={"Prefer": "wait"},
        )
    ).json()
    assert created["output"] == {"secret": 1}
    assert created["data_removed"] is False
    time.sleep(0.35)
    removed = checked(client.get(created["urls"]["get"])).json()
    assert removed["data_removed"] is True
    assert removed["output"] is None
    assert removed["input"] == {}
    assert removed["status"] == "succeeded"
