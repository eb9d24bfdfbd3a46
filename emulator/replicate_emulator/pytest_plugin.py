"""Pytest fixtures for testing code against the emulator (registered as ``replicate_ext``).

Fixtures:

- ``replicate_emulator``: a session-wide running :class:`~replicate_emulator.Emulator`
  (faults are cleared after every test that uses a client fixture);
- ``replicate_client``: a ``replicate_ext.Replicate`` client talking to it;
- ``async_replicate_client``: a ``replicate_ext.AsyncReplicate`` client talking to it.

Example:
    >>> def test_hello(replicate_client):  # doctest: +SKIP
    ...     assert replicate_client.run("replicate-ext/hello", input={}) == "hello world"

The emulator's server dependencies are imported only when a fixture is used, so this
plugin loads fine without the ``emulator`` extra.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from replicate_ext import AsyncReplicate, Replicate

    from .server import Emulator

__all__ = ["async_replicate_client", "replicate_client", "replicate_emulator"]


@pytest.fixture(scope="session")
def replicate_emulator() -> Iterator[Emulator]:
    """A running emulator shared by the whole test session."""
    from .server import Emulator

    with Emulator() as emu:
        yield emu


@pytest.fixture
def replicate_client(replicate_emulator: Emulator) -> Iterator[Replicate]:
    """A synchronous ``replicate_ext.Replicate`` client for the session emulator."""
    client = replicate_emulator.client()
    try:
        yield client
    finally:
        replicate_emulator.faults.clear()
        client.close()


@pytest.fixture
async def async_replicate_client(replicate_emulator: Emulator) -> AsyncIterator[AsyncReplicate]:
    """An asynchronous ``replicate_ext.AsyncReplicate`` client for the session emulator."""
    client = replicate_emulator.async_client()
    try:
        yield client
    finally:
        replicate_emulator.faults.clear()
        await client.close()
