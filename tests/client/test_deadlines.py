"""``timeout=`` is a deadline: against a slow API, run() and wait() end within T + 1 s.

The emulator's ``delay`` fault makes the API answer after 3 s; the calls are given 0.5 s (or
1.5 s, so that ``run()`` holds the create in sync mode). Before, each request waited for its own
read timeout, then for retries: a call took the API's time, not the caller's.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import APITimeoutError, InternalServerError, PredictionTimeoutError

from .conftest import Client, resolve

SLOW = 3.0
POLL = "^/predictions/[^/]+$"
CREATE = "/models/replicate-ext/sleep/predictions"


@pytest.fixture
def running(replicate_emulator: Emulator) -> Iterator[str]:
    """A prediction that runs for a minute (canceled afterwards)."""
    client = replicate_emulator.client()
    prediction = client.predictions.create(model="replicate-ext/sleep", input={"seconds": 60})
    yield prediction.id
    replicate_emulator.faults.clear()
    client.predictions.cancel(prediction.id)
    client.close()


async def _timed(call: Callable[[], Any]) -> tuple[float, Exception | None]:
    """How long ``call()`` (awaited, for the async client) took, and what it raised."""
    started = time.monotonic()
    try:
        await resolve(call())
    except Exception as exc:
        return time.monotonic() - started, exc
    return time.monotonic() - started, None


async def test_wait_against_a_slow_api(client: Client, emulator: Emulator, running: str) -> None:
    for target in (running, await resolve(client.predictions.get(running))):  # an id, an object
        emulator.faults.add("GET", POLL, "delay", times=None, seconds=SLOW)
        elapsed, error = await _timed(lambda: client.wait(target, timeout=0.5))  # noqa: B023
        emulator.faults.clear()
        assert isinstance(error, PredictionTimeoutError), error
        assert error.prediction_id == running
        assert elapsed < 0.5 + 1, f"wait(timeout=0.5) took {elapsed:.1f} s"


async def test_run_whose_polls_are_slow(client: Client, emulator: Emulator) -> None:
    emulator.faults.add("GET", POLL, "delay", times=None, seconds=SLOW)
    elapsed, error = await _timed(
        lambda: client.run("replicate-ext/sleep", input={"seconds": 60}, timeout=0.5)
    )
    assert isinstance(error, PredictionTimeoutError) and error.prediction_id, error
    assert elapsed < 0.5 + 1, f"run(timeout=0.5) took {elapsed:.1f} s"
    emulator.faults.clear()
    await resolve(client.predictions.cancel(error.prediction_id))


async def test_run_whose_create_is_slow(client: Client, emulator: Emulator) -> None:
    emulator.faults.add("POST", CREATE, "delay", times=1, seconds=SLOW)
    elapsed, error = await _timed(
        lambda: client.run("replicate-ext/sleep", input={"seconds": 0.01}, timeout=0.5)
    )
    assert isinstance(error, APITimeoutError), error
    assert error.outcome_unknown and "outcome is unknown" in str(error)
    assert elapsed < 0.5 + 1, f"run(timeout=0.5) took {elapsed:.1f} s"


async def test_run_in_sync_mode_holds_no_longer_than_the_timeout(emulator: Emulator) -> None:
    client = emulator.client(poll_interval=0.01)  # one flavour: the flow is the same for both
    emulator.faults.add("GET", POLL, "delay", times=None, seconds=SLOW)
    elapsed, error = await _timed(  # the server holds the create 1 s (not 2), then polls are slow
        lambda: client.run("replicate-ext/sleep", input={"seconds": 60}, timeout=1.5)
    )
    assert isinstance(error, PredictionTimeoutError) and error.prediction_id, error
    assert elapsed < 1.5 + 1, f"run(timeout=1.5) took {elapsed:.1f} s"
    emulator.faults.clear()
    client.predictions.cancel(error.prediction_id)
    client.close()


async def test_retries_do_not_wait_past_the_deadline(
    client: Client, emulator: Emulator, running: str
) -> None:
    emulator.faults.add("GET", POLL, "status", times=None, status=503, retry_after=3)
    elapsed, error = await _timed(lambda: client.wait(running, timeout=0.5))
    assert isinstance(error, InternalServerError), error
    assert error.prediction_id == running
    assert elapsed < 0.5 + 1, f"{elapsed:.1f} s: {error!r}"


SLOW_FIRST_CALL = """
import importlib.abc, sys, time
from replicate_emulator import Emulator

class SlowImport(importlib.abc.MetaPathFinder):  # a cold start: the first call's imports take 1 s
    def find_spec(self, name, path, target=None):
        if name == "replicate_ext.running":
            time.sleep(1.0)
        return None

with Emulator() as emu:
    emu.faults.add("POST", "/models/replicate-ext/sleep/predictions", "delay", seconds=3)
    client = emu.client()
    assert "replicate_ext.running" not in sys.modules
    sys.meta_path.insert(0, SlowImport())
    started = time.monotonic()
    try:
        client.run("replicate-ext/sleep", input={"seconds": 0}, timeout=0.5)
    except Exception as exc:
        print(type(exc).__name__, round(time.monotonic() - started, 2))
    client.close()
"""


def test_the_deadline_counts_from_the_call_not_from_after_its_imports() -> None:
    # Before: the deadline was taken after the first call's lazy imports (170 ms on this
    # machine), so a cold run(timeout=1) ended at 1.67 s, past the promised T + 0.5 s.
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", SLOW_FIRST_CALL], capture_output=True, text=True, timeout=60
    )
    kind, elapsed = done.stdout.split()
    assert kind == "APITimeoutError", done.stderr
    # Now about 1.1 s (the 1 s import used the whole deadline, nothing was sent); before, 2.1 s.
    assert float(elapsed) < 1.6, f"run(timeout=0.5) took {elapsed} s after a 1 s import"
