"""Reliability: Retry-After forms, timeouts, trickles, redirects, sync-mode early answers, big bodies."""

from __future__ import annotations

import asyncio
import email.utils
import json
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    APITimeoutError,
    AsyncReplicate,
    InternalServerError,
    PredictionCanceledError,
    PredictionTimeoutError,
    RateLimitError,
    Replicate,
    _held,
    _pools,
)

from .conftest import creates_held_gets, resolve

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both


def _flavour(emu: Emulator, flavour: str, **kwargs: object) -> Client:
    return emu.client(**kwargs) if flavour == "sync" else emu.async_client(**kwargs)


FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])


@pytest.mark.parametrize(
    "headers",
    [
        {"retry-after-ms": "30"},
        {"retry-after": "0"},
        {"retry-after": "garbage"},
        {"retry-after": "-3"},
        {"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"},  # a date in the past: no wait
    ],
)
async def test_retry_after_forms_are_honoured(
    client: Client, emulator: Emulator, headers: dict[str, str]
) -> None:
    emulator.faults.add("GET", "/v1/account", "status", times=1, status=429, headers=headers)
    before = emulator.requests.count("GET", "/v1/account")
    started = time.monotonic()
    assert (await resolve(client.account.get())).username
    assert emulator.requests.count("GET", "/v1/account") - before == 2
    assert time.monotonic() - started < 2.0


async def test_retry_after_http_date_in_the_future(client: Client, emulator: Emulator) -> None:
    future = email.utils.formatdate(time.time() + 7200, usegmt=True)
    emulator.faults.add(
        "GET", "/v1/account", "status", times=1, status=429, headers={"retry-after": future}
    )
    with pytest.raises(RateLimitError) as info:
        await resolve(client.account.get())
    assert info.value.retry_after is not None and info.value.retry_after > 7000


@FLAVOURS
async def test_slow_answer_times_out(emulator: Emulator, flavour: str) -> None:
    client = _flavour(emulator, flavour, timeout=0.3, max_retries=1)
    emulator.faults.add("GET", "/v1/account", "delay", times=2, seconds=1.0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        await resolve(client.account.get())
    assert time.monotonic() - started < 2.0, "two tries of 0.3 s plus one backoff"
    emulator.faults.add(
        "POST", "/v1/models/replicate-ext/hello/predictions", "delay", times=1, seconds=1.0
    )
    try:
        with pytest.raises(APITimeoutError, match="outcome is unknown"):
            await resolve(client.run("replicate-ext/hello", input={}, wait=False))
    finally:
        await resolve(client.close())


@pytest.fixture
def trickle() -> Iterator[str]:
    """A server that sends a 200 header at once, then its JSON body one byte every 0.1 s."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            with conn:
                conn.recv(65536)
                body = json.dumps({"type": "user", "username": "slow" * 20}).encode()
                conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n")
                conn.sendall(b"content-length: %d\r\n\r\n" % len(body))
                for byte in body:
                    if stop.is_set():
                        return
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break
                    time.sleep(0.1)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/v1"
    stop.set()
    thread.join(timeout=5)
    server.close()


@FLAVOURS
async def test_slow_trickle_still_hits_the_deadline(trickle: str, flavour: str) -> None:
    cls = Replicate if flavour == "sync" else AsyncReplicate
    client = cls(auth="r8_test", base_url=trickle, timeout=0.5, max_retries=0)
    started = time.monotonic()
    with pytest.raises(APITimeoutError):
        await resolve(client.account.get())
    assert time.monotonic() - started < 2.0, "the overall deadline is connect + read, not per byte"
    await resolve(client.close())


async def test_redirect_is_not_followed(client: Client, emulator: Emulator) -> None:
    emulator.faults.add(
        "GET",
        "/v1/account",
        "body",
        times=1,
        status=302,
        body="",
        headers={"location": "http://127.0.0.2:9/steal"},
    )
    with pytest.raises(InternalServerError) as info:
        await resolve(client.account.get())
    assert info.value.status == 302
    assert "redirect" in str(info.value).lower()


async def test_sync_mode_answered_early_keeps_polling(client: Client) -> None:
    early = await resolve(
        client.predictions.create(model="replicate-ext/sleep", input={"seconds": 1.2}, wait=1)
    )
    assert early.status in {"starting", "processing"}, "the server answered before the end"
    await resolve(client.predictions.cancel(early.id))
    output = await resolve(client.run("replicate-ext/sleep", input={"seconds": 1.2}, wait=1))
    assert output == 1.2, "run() kept polling instead of returning the early, empty answer"
    started = time.monotonic()
    with pytest.raises(PredictionTimeoutError):
        await resolve(client.run("replicate-ext/sleep", input={"seconds": 5}, timeout=0.5))
    assert time.monotonic() - started < 1.0, "a timeout under 1 s skips sync mode"


async def test_large_outputs_parse(client: Client, emulator: Emulator) -> None:
    items = list(range(100_000))
    big = {"id": "p-big", "status": "succeeded", "output": items, "logs": "x" * 1_000_000}
    emulator.faults.add("GET", "/v1/predictions/p-big", "body", times=1, status=200, body=big)
    prediction = await resolve(client.predictions.get("p-big"))
    assert prediction.output == items and len(prediction.logs) == 1_000_000


async def test_stuck_prediction_with_timeout(client: Client) -> None:
    prediction = await resolve(client.run("replicate-ext/sleep", input={"seconds": 30}, wait=False))
    with pytest.raises(PredictionTimeoutError) as info:
        await resolve(client.wait(prediction, timeout=0.3))
    assert info.value.prediction_id == prediction.id
    await resolve(client.predictions.cancel(prediction.id))


@FLAVOURS
async def test_deadline_passed_in_the_queue_is_aborted(flavour: str) -> None:
    with Emulator(speed=20, concurrency=1) as emu:
        client = _flavour(emu, flavour, poll_interval=0.01)
        blocker = await resolve(
            client.predictions.create(model="replicate-ext/sleep", input={"seconds": 60})
        )
        try:
            with pytest.raises(PredictionCanceledError) as info:
                await resolve(
                    client.run("replicate-ext/sleep", input={"seconds": 1}, cancel_after="5s")
                )
            assert info.value.prediction.status == "aborted"
            assert "aborted" in str(info.value)
        finally:
            await resolve(client.predictions.cancel(blocker.id))
            await resolve(client.close())


def _runs_at_once(emu: Emulator, flavour: str, seconds: float, n: int) -> list[Any]:
    """``n`` concurrent ``run()`` calls of the sleep model: threads or tasks."""
    model = "replicate-ext/sleep"
    if flavour == "sync":
        with emu.client(poll_interval=0.05) as client, ThreadPoolExecutor(n) as pool:
            return list(pool.map(lambda _: client.run(model, input={"seconds": seconds}), range(n)))

    async def main() -> list[Any]:
        async with emu.async_client(poll_interval=0.05) as client:
            runs = (client.run(model, input={"seconds": seconds}) for _ in range(n))
            return list(await asyncio.gather(*runs))

    return asyncio.run(main())


@FLAVOURS
def test_quick_predictions_wait_briefly_for_a_sync_mode_slot(
    emulator: Emulator, flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pools, "MAX_HELD", 3)
    monkeypatch.setattr(_held, "HELD_SLOT_WAIT", 5.0)
    before = len(emulator.requests)
    assert _runs_at_once(emulator, flavour, 0.1, 8) == [0.1] * 8
    assert creates_held_gets(emulator, before) == (8, 8, 0), "one held request per run, no polling"


@FLAVOURS
def test_busy_sync_mode_slots_fall_back_to_polling(
    emulator: Emulator, flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pools, "MAX_HELD", 3)
    monkeypatch.setattr(_held, "HELD_SLOT_WAIT", 0.2)
    before = len(emulator.requests)
    assert _runs_at_once(emulator, flavour, 1.5, 5) == [1.5] * 5
    creates, held, gets = creates_held_gets(emulator, before)
    assert (creates, held) == (5, 3), "sync mode for as many as there are held slots"
    assert gets >= 2, "the rest poll"
    # The plain creates did not wait for a held slot to free: they were made while all the
    # held predictions were still running.
    with emulator.client() as client:
        predictions = [p for p in client.predictions.list().results][:5]
    started = sorted(p.created_at for p in predictions if p.created_at is not None)
    finished = sorted(p.completed_at for p in predictions if p.completed_at is not None)
    assert len(started) == len(finished) == 5
    assert started[-1] < finished[0]
