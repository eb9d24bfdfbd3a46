"""Pytest fixtures for testing code against the emulator (registered as ``replicate_emulator``).

Fixtures:

- ``replicate_emulator``: a session-wide running :class:`~replicate_emulator.Emulator`;
- ``fresh_replicate_emulator``: the same emulator for one test; when the test ends it warns
  (:class:`~replicate_emulator.faults.UnmatchedFaultWarning`) about faults no request matched,
  then :meth:`~replicate_emulator.Emulator.reset` forgets the test's predictions, trainings,
  files, requests and faults (models stay);
- ``replicate_client``: a ``replicate_ext.Replicate`` client talking to it (uses
  ``fresh_replicate_emulator``);
- ``async_replicate_client``: a ``replicate_ext.AsyncReplicate`` client talking to it (uses
  ``fresh_replicate_emulator``). It is a plain synchronous fixture, so it works with
  pytest-asyncio in strict or auto mode and with anyio's plugin alike; the test that awaits
  the client still needs its async plugin (``@pytest.mark.asyncio`` in strict mode).

Example:
    >>> def test_hello(replicate_client):  # doctest: +SKIP
    ...     assert replicate_client.run("replicate-ext/hello", input={}) == "hello world"

The emulator's server dependencies are imported only when a fixture is used, so this
plugin loads fine without the ``emulator`` extra.
"""

from __future__ import annotations

import asyncio
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from .faults import UnmatchedFaultWarning

if TYPE_CHECKING:
    from replicate_ext import AsyncReplicate, Replicate

    from .server import Emulator

__all__ = [
    "async_replicate_client",
    "fresh_replicate_emulator",
    "replicate_client",
    "replicate_emulator",
]


@pytest.fixture(scope="session")
def replicate_emulator() -> Iterator[Emulator]:
    """A running emulator shared by the whole test session."""
    from .server import Emulator

    with Emulator() as emu:
        yield emu


@pytest.fixture
def fresh_replicate_emulator(replicate_emulator: Emulator) -> Iterator[Emulator]:
    """The session emulator, reset when the test ends (after warning about unmatched faults)."""
    try:
        yield replicate_emulator
    finally:
        unmatched = replicate_emulator.faults.unmatched()
        replicate_emulator.reset()
        if unmatched:
            listed = "; ".join(fault.describe() for fault in unmatched)
            warnings.warn(
                f"{len(unmatched)} emulator fault(s) matched no request: {listed} "
                "(patterns match the path without /v1; run('owner/name') posts to "
                "/models/owner/name/predictions)",
                UnmatchedFaultWarning,
                stacklevel=1,
            )


@pytest.fixture
def replicate_client(fresh_replicate_emulator: Emulator) -> Iterator[Replicate]:
    """A synchronous ``replicate_ext.Replicate`` client for the session emulator."""
    with fresh_replicate_emulator.client() as client:
        yield client


@pytest.fixture
def async_replicate_client(fresh_replicate_emulator: Emulator) -> Iterator[AsyncReplicate]:
    """An asynchronous ``replicate_ext.AsyncReplicate`` client for the session emulator.

    A synchronous fixture, so no async plugin has to set it up. Its connections are not
    kept alive between requests: each closes in the test's own event loop, and nothing is
    left bound to that loop when the fixture closes the client (on a loop of its own).
    """
    import httpx

    limits = httpx.Limits(max_connections=None, max_keepalive_connections=0)
    verify = fresh_replicate_emulator.ssl_context() or True  # its CA in TLS mode
    http = httpx.AsyncClient(limits=limits, follow_redirects=False, verify=verify)
    client = fresh_replicate_emulator.async_client(http_client=http)
    try:
        yield client
    finally:
        asyncio.run(http.aclose())
