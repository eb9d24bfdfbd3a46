"""Fixtures: an emulator that runs many predictions at once, and both clients."""

from __future__ import annotations

import collections
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import BatchResult

Client = Any  # a Replicate or an AsyncReplicate: one test body drives both


async def collect(iterable: Any) -> list[BatchResult]:
    """All results of a sync or async batch."""
    if hasattr(iterable, "__aiter__"):
        return [item async for item in iterable]
    return list(iterable)


@pytest.fixture(scope="package")
def batch_emulator() -> Iterator[Emulator]:
    """An emulator running up to 64 predictions at once."""
    with Emulator(concurrency=64) as emu:
        yield emu


@pytest.fixture
def emulator(batch_emulator: Emulator) -> Emulator:
    """The package's emulator, reset for each test."""
    batch_emulator.reset()
    return batch_emulator


@pytest.fixture(params=["sync", "async"])
async def client(request: pytest.FixtureRequest, emulator: Emulator) -> AsyncIterator[Client]:
    """A client of the emulator; each test runs once per flavour."""
    if request.param == "sync":
        sync = emulator.client()
        yield sync
        sync.close()
    else:
        async_client = emulator.async_client()
        yield async_client
        await async_client.close()


def creates(emu: Emulator) -> int:
    """Prediction creates the emulator received."""
    return sum(1 for r in emu.requests if r.method == "POST" and r.path.endswith("/predictions"))


def made(emu: Emulator) -> collections.Counter[str]:
    """Predictions the emulator made, per input ``value``: what a batch paid for.

    A create request cut short between its headers and its body (a killed process, a cancelled
    task) reaches the emulator's request log but makes nothing, so "paid once" counts these.
    """
    with emu.client() as client:
        predictions = client.paginate(client.predictions.list).items()
        return collections.Counter(str(p.input_["value"]) for p in predictions)


def rows(n: int, seconds: float = 0.0, **extra: Any) -> Iterator[dict[str, Any]]:
    """Inputs of ``replicate-ext/delay``: ``value`` is ``v<index>``."""
    return ({"seconds": seconds, "value": f"v{i}", **extra} for i in range(n))


@pytest.fixture
def sync_client(emulator: Emulator) -> Iterator[Client]:
    """A blocking client of the emulator (tests whose logic is the engine's, not a driver's)."""
    with emulator.client() as client:
        yield client


@pytest.fixture
async def async_client(emulator: Emulator) -> AsyncIterator[Client]:
    """An async client of the emulator."""
    async with emulator.async_client() as client:
        yield client
