"""Fixtures: one client fixture that runs each test against the sync and the async client."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from replicate_emulator import Emulator

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both


async def resolve(value: Any) -> Any:
    """Await ``value`` if it is awaitable: lets one test body drive both clients."""
    if inspect.isawaitable(value):
        return await value
    return value


async def collect(iterable: Any) -> list[Any]:
    """All items of a sync or async iterable."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


@pytest.fixture(params=["sync", "async"])
async def client(
    request: pytest.FixtureRequest, replicate_emulator: Emulator
) -> AsyncIterator[Client]:
    """A client on the shared emulator, fast polling; each test runs once per flavour."""
    if request.param == "sync":
        sync = replicate_emulator.client(poll_interval=0.01)
        yield sync
        sync.close()
    else:
        async_client = replicate_emulator.async_client(poll_interval=0.01)
        yield async_client
        await async_client.close()


@pytest.fixture
def emulator(replicate_emulator: Emulator) -> Iterator[Emulator]:
    """The shared emulator with its faults cleared after the test."""
    yield replicate_emulator
    replicate_emulator.faults.clear()
