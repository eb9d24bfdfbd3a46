"""Pools follow the event loop and the process: successive asyncio.run() calls, and os.fork()."""

from __future__ import annotations

import asyncio
import gc
import os
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from replicate_emulator import Emulator

import replicate_ext
from replicate_ext import AsyncReplicate, ClientClosedError, Replicate, _default

from .conftest import PortServer


def _runs(client: AsyncReplicate, many: int) -> list[str | None]:
    """Concurrent calls in a fresh event loop: more than the in-flight slots, so they queue."""

    async def main() -> list[str | None]:
        accounts = await asyncio.gather(*(client.account.get() for _ in range(many)))
        return [account.username for account in accounts]

    return asyncio.run(main())


def _quietly(check: Callable[[], None]) -> list[str]:
    """Run ``check``, then collect garbage: return the ResourceWarnings (unclosed sockets)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check()
        gc.collect()
    return [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)]


def test_one_async_client_across_successive_event_loops(replicate_emulator: Emulator) -> None:
    client = replicate_emulator.async_client()

    def check() -> None:
        for _ in range(3):  # before: every other run failed, "Event loop is closed"
            assert len(set(_runs(client, 30))) == 1  # 30 > 20 slots: "bound to a different loop"
        asyncio.run(client.close())

    assert _quietly(check) == [], "each loop's connections are closed with it"
    with pytest.raises(ClientClosedError):
        _runs(client, 1)


def test_module_level_async_run_across_event_loops(
    replicate_emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", replicate_emulator.token)
    monkeypatch.setenv("REPLICATE_BASE_URL", replicate_emulator.base_url)
    monkeypatch.setattr(_default, "_async_client", None)

    def check() -> None:
        for name in ("Ada", "Bo", "Cy"):
            output = asyncio.run(
                replicate_ext.async_run("replicate-ext/hello", input={"name": name})
            )
            assert output == f"hello {name}"

    assert _quietly(check) == []


@pytest.fixture
def echo_server(port_server: PortServer) -> str:
    """A loopback server telling which connection carried each request."""
    return port_server.base_url


def _get(client: Replicate, name: str) -> dict[str, Any]:
    answer: dict[str, Any] = client.request("GET", f"/things/{name}").json()
    return answer


def _in_child(work: Callable[[], bool]) -> bool:
    """Run ``work`` in a forked child; its verdict, or ``False`` if it failed or hung."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        verdict = b"0"
        try:
            verdict = b"1" if work() else b"0"
        finally:
            os.write(write, verdict)
            os._exit(0)
    os.close(write)
    try:
        return os.read(read, 1) == b"1"
    finally:
        os.close(read)
        os.waitpid(pid, 0)


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_forked_child_gets_a_pool_of_its_own(echo_server: str) -> None:
    client = Replicate(auth="r8_fork", base_url=echo_server)
    port = _get(client, "warm-up")["port"]  # the parent's pooled connection

    def child() -> bool:
        answers = [_get(client, f"child-{i}") for i in range(20)]
        mine = all(a["path"] == f"/v1/things/child-{i}" for i, a in enumerate(answers))
        return mine and all(a["port"] != port for a in answers)  # before: the parent's socket

    assert _in_child(child)
    answers = [_get(client, f"parent-{i}") for i in range(20)]
    assert [a["path"] for a in answers] == [f"/v1/things/parent-{i}" for i in range(20)]
    assert {a["port"] for a in answers} == {port}, "the parent keeps its own connection"
    client.close()


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_children_and_parent_in_parallel_get_their_own_responses(
    replicate_emulator: Emulator,
) -> None:
    client = replicate_emulator.client()
    ids = [client.predictions.create(model="replicate-ext/hello", input={}).id for _ in range(3)]

    def fetch(prediction_id: str) -> bool:
        return all(client.predictions.get(prediction_id).id == prediction_id for _ in range(30))

    read, write = os.pipe()
    children = []
    for prediction_id in ids[1:]:
        pid = os.fork()
        if pid == 0:
            verdict = b"0"
            try:
                verdict = b"1" if fetch(prediction_id) else b"0"
            finally:
                os.write(write, verdict)
                os._exit(0)
        children.append(pid)
    os.close(write)
    assert fetch(ids[0])
    verdicts = b"".join(os.read(read, 1) for _ in children)
    os.close(read)
    for pid in children:
        os.waitpid(pid, 0)
    assert verdicts == b"1" * len(children)
    client.close()


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_an_async_client_after_fork(echo_server: str) -> None:
    client = AsyncReplicate(auth="r8_fork", base_url=echo_server)

    async def get(name: str) -> dict[str, Any]:
        answer: dict[str, Any] = (await client.request("GET", f"/things/{name}")).json()
        return answer

    asyncio.run(get("warm-up"))
    assert _in_child(lambda: asyncio.run(get("child"))["path"] == "/v1/things/child")
    assert asyncio.run(get("parent"))["path"] == "/v1/things/parent"


@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
def test_a_fork_while_the_default_client_lock_is_held(monkeypatch: pytest.MonkeyPatch) -> None:
    import select
    import signal

    monkeypatch.setenv("REPLICATE_API_TOKEN", "r8_fork")
    monkeypatch.setattr(_default, "_client", None)
    held = _default._lock
    held.acquire()  # as another thread might hold it at the moment of the fork
    try:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: before the fix, default_client() waited on the lock forever
            try:
                os.write(write, b"1" if _default.default_client() is not None else b"0")
            finally:
                os._exit(0)
        os.close(write)
        ready, _, _ = select.select([read], [], [], 10.0)
        verdict = os.read(read, 1) if ready else b""
        os.close(read)
        if not ready:
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert verdict == b"1", "the child could not build its default client"
    finally:
        held.release()
