"""Slots and lanes: requests in flight are bounded, spread over clients of a few connections
each (httpcore's pool costs time quadratic in its connections), and connections are reused;
sync-mode creates wait for a held slot while holds turn over quickly."""

from __future__ import annotations

import asyncio
import contextlib
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from replicate_emulator import Emulator

from replicate_ext import (
    APITimeoutError,
    AsyncReplicate,
    ClientClosedError,
    Replicate,
    _held,
    _lanes,
    _pools,
)
from replicate_ext.config import ClientConfig

from .conftest import PortServer, creates_held_gets

FLAVOURS = pytest.mark.parametrize("flavour", ["sync", "async"])


def _ports(port_server: PortServer, flavour: str, n: int, hold: float) -> list[int]:
    """``n`` concurrent GETs (threads or tasks); the port each answer came from."""
    base_url = port_server.base_url
    path = f"/things?hold={hold}"
    if flavour == "sync":
        with Replicate(auth="r8_test", base_url=base_url) as client, ThreadPoolExecutor(n) as ex:
            answers = list(ex.map(lambda _: client.request("GET", path).json(), range(n)))
            return [a["port"] for a in answers]

    async def main() -> list[int]:
        async with AsyncReplicate(auth="r8_test", base_url=base_url) as client:
            answers = await asyncio.gather(*(client.request("GET", path) for _ in range(n)))
            return [a.json()["port"] for a in answers]

    return asyncio.run(main())


@FLAVOURS
def test_requests_in_flight_are_bounded_and_spread_over_lanes(
    port_server: PortServer, flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pools, "MAX_IN_FLIGHT", 5)
    ports = _ports(port_server, flavour, 15, hold=0.2)
    assert len(ports) == 15
    assert port_server.peak == 5, "as many in flight as there are slots, across all the lanes"
    assert len(set(ports)) == 5, "one connection per slot, reused"


@FLAVOURS
def test_one_request_at_a_time_uses_one_connection(port_server: PortServer, flavour: str) -> None:
    base_url = port_server.base_url
    pool = _pools.SyncPool(_lanes.new_client, None, "Replicate", ClientConfig("r8_test", base_url))
    state = pool.get()
    slots = []
    for _ in range(3):
        slots.append(slot := state.acquire())
        state.release(slot)
    assert len(state.clients.opened()) == 1, "only the first lane was opened"
    assert len({slot.client for slot in slots}) == 1
    pool.close()
    assert (
        len(set(_ports(port_server, flavour, 1, hold=0) + _ports(port_server, flavour, 1, hold=0)))
        == 2
    )
    assert port_server.peak == 1


@FLAVOURS
def test_a_burst_of_quick_predictions_is_held_past_the_first_wait(
    replicate_emulator: Emulator, flavour: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 2 held slots, 0.1 s holds, 12 runs: the last wait at least 0.5 s, past the first 0.4 s
    # wait; holds turn over within it, so they go on waiting and every run costs one request.
    monkeypatch.setattr(_pools, "MAX_HELD", 2)
    monkeypatch.setattr(_held, "HELD_SLOT_WAIT", 0.4)
    before = len(replicate_emulator.requests)
    model, inputs, n = "replicate-ext/sleep", {"seconds": 0.1}, 12
    if flavour == "sync":
        with replicate_emulator.client(poll_interval=0.05) as client, ThreadPoolExecutor(n) as ex:
            outputs = list(ex.map(lambda _: client.run(model, input=inputs), range(n)))
    else:

        async def main() -> list[Any]:
            async with replicate_emulator.async_client(poll_interval=0.05) as client:
                return list(
                    await asyncio.gather(*(client.run(model, input=inputs) for _ in range(n)))
                )

        outputs = asyncio.run(main())
    assert outputs == [0.1] * n
    assert creates_held_gets(replicate_emulator, before) == (n, n, 0), "one held request per run"


def test_a_create_sent_plain_keeps_its_own_timeout(
    replicate_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The only held slot is taken by a long hold; the next held create falls back to a plain
    # one after 0.1 s, and the server answers it late: its own timeout (0.5 s) must cut it,
    # not the client's default read timeout (30 s).
    monkeypatch.setattr(_pools, "MAX_HELD", 1)
    monkeypatch.setattr(_held, "HELD_SLOT_WAIT", 0.1)
    model = "replicate-ext/sleep"
    with replicate_emulator.client() as client, ThreadPoolExecutor(1) as ex:
        before = len(replicate_emulator.requests)
        first = ex.submit(client.predictions.create, model=model, input={"seconds": 2}, wait=5)
        while not any(r.method == "POST" for r in replicate_emulator.requests[before:]):
            time.sleep(0.01)
        replicate_emulator.faults.add("POST", "*/predictions", "delay", seconds=3, times=1)
        try:
            with pytest.raises(APITimeoutError):
                client.predictions.create(model=model, input={"seconds": 0}, wait=5, timeout=0.5)
        finally:
            replicate_emulator.faults.clear()
        assert first.result().status == "succeeded"


def test_requests_cancelled_at_any_point_leave_the_lanes_usable(
    port_server: PortServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # httpcore leaves a pool a connection it never reclaims when a request is cancelled while
    # that connection is being opened (encode/httpcore#1093): on a lane of one connection,
    # every later request would then wait for the pool until it timed out.
    monkeypatch.setattr(_pools, "MAX_IN_FLIGHT", 1)  # one lane: every request goes through it
    base_url = port_server.base_url

    async def main() -> None:
        async with AsyncReplicate(auth="r8_test", base_url=base_url, timeout=2) as client:
            for steps in range(40):
                task = asyncio.ensure_future(client.request("GET", "/things?hold=0.05"))
                for _ in range(steps):
                    await asyncio.sleep(0)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                answer = await client.request("GET", "/things?hold=0")
                assert answer.status_code == 200

    asyncio.run(main())


def test_a_lane_whose_request_was_cancelled_gets_a_fresh_client(
    port_server: PortServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_pools, "MAX_IN_FLIGHT", 1)
    base_url = port_server.base_url

    async def main() -> None:
        async with AsyncReplicate(auth="r8_test", base_url=base_url) as client:
            await client.request("GET", "/things?hold=0")
            lanes = client._http.pools.get().clients
            (first,) = lanes.opened()
            task = asyncio.ensure_future(client.request("GET", "/things?hold=0.5"))
            await asyncio.sleep(0.1)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            answer = await client.request("GET", "/things?hold=0")
            assert answer.status_code == 200
            (second,) = lanes.opened()
            assert second is not first, "the cut lane's client was replaced"
            for _ in range(200):  # closed in the background, soon
                if first.is_closed:
                    break
                await asyncio.sleep(0.01)
            assert first.is_closed

    asyncio.run(main())


def test_one_ssl_context_serves_every_client_and_event_loop(
    replicate_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Loading the CA bundle takes 25-100 ms: before, once per client and per event loop (the
    # first request of each new loop blocked it that long).
    made: list[object] = []
    real = httpx.create_ssl_context

    def counted() -> Any:
        made.append(real())
        return made[-1]

    monkeypatch.setattr(httpx, "create_ssl_context", counted)
    _lanes.shared_ssl_context.cache_clear()
    with replicate_emulator.client() as one, replicate_emulator.client() as two:
        one.account.get()
        two.account.get()

    async def main() -> None:
        async with replicate_emulator.async_client() as client:
            await client.account.get()

    asyncio.run(main())
    asyncio.run(main())
    assert len(made) == 1


def test_closing_during_a_held_create_lets_it_finish(replicate_emulator: Emulator) -> None:
    # Before: close() shut the connection under the held create: APIConnectionError, outcome
    # unknown, no prediction id, and the prediction went on unseen.
    client = replicate_emulator.client()
    with ThreadPoolExecutor(1) as pool:
        running = pool.submit(client.run, "replicate-ext/sleep", input={"seconds": 1})
        time.sleep(0.4)  # the server holds the create (sync mode)
        client.close()
        assert running.result(timeout=10) == 1.0
    with pytest.raises(ClientClosedError):
        client.account.get()


CLOSE_WHILE_STARTING = """
import asyncio
from replicate_emulator import Emulator

async def main(emu):
    client = emu.async_client()
    task = asyncio.create_task(client.run("replicate-ext/hello", input={}))
    await asyncio.sleep(0)  # the call has started
    await client.close()
    print(await task)

with Emulator() as emu:
    asyncio.run(main(emu))
"""


def test_a_call_starting_when_its_client_closes_leaves_no_socket_open() -> None:
    # Before: the lane the call took was closed under it, the call still opened a connection
    # and succeeded, and the socket was never closed (ResourceWarning at exit).
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-c", CLOSE_WHILE_STARTING],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == "hello world", done.stderr
    assert "ResourceWarning" not in done.stderr, done.stderr
