"""Fixtures of the emulator tests: a shared emulator and plain httpx clients."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from replicate_emulator import Emulator

from .helpers import AUTH, TOKEN, WebhookReceiver


@pytest.fixture(scope="session")
def emu() -> Iterator[Emulator]:
    """One emulator for the tests that need no special configuration."""
    with Emulator(token=TOKEN, webhook_backoff=0.02) as emulator:
        yield emulator


@pytest.fixture
def api(emu: Emulator) -> Iterator[httpx.Client]:
    """An authenticated client for the shared emulator (faults are cleared afterwards)."""
    with httpx.Client(base_url=emu.base_url, headers=AUTH, timeout=10) as client:
        yield client
    emu.faults.clear()


@pytest.fixture
def anon(emu: Emulator) -> Iterator[httpx.Client]:
    """A client without credentials."""
    with httpx.Client(base_url=emu.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    """A local webhook endpoint."""
    hook = WebhookReceiver()
    yield hook
    hook.close()
