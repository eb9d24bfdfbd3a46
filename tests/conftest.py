"""Settings of the whole test session."""

from __future__ import annotations

import signal

import pytest


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C tests need SIGINT: a shell starts background jobs (``make test &``) with it ignored.

    Python then leaves it ignored, in this process and in the scripts the tests start, and the
    tests' interrupts would do nothing. Restoring Python's own handler makes them work anywhere.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
