"""A real terminal session under tmux: the live status line, then Ctrl-C cancels the prediction.

Needs ``tmux`` (``apt-get install -y tmux``); skipped, saying so, where it is missing.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from replicate_emulator import Emulator

from replicate_ext import Replicate

from .conftest import wait_for

TMUX = shutil.which("tmux")
ROOT = Path(__file__).resolve().parents[2]
STATUS = re.compile(r"(starting|processing)\s+(\d+\.\d)s\s+(\w+)\s+\(Ctrl-C cancels\)")

pytestmark = pytest.mark.skipif(
    TMUX is None, reason="tmux is not installed (apt-get install -y tmux): no real-terminal test"
)


class Pane:
    """One tmux pane on a private server (its own socket), running one command."""

    def __init__(self, command: str, env: dict[str, str]) -> None:
        assert TMUX is not None
        self.base = [TMUX, "-L", f"replicate-cli-{uuid.uuid4().hex[:8]}", "-f", os.devnull]
        self.env = env
        self.tmux("new-session", "-d", "-s", "cli", "-x", "160", "-y", "24", command)

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            [*self.base, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return done.stdout

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "cli")

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 10.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            match = pattern.search(screen)
            if match:
                return match
            if time.monotonic() > deadline:
                pytest.fail(f"{pattern.pattern!r} never showed in the pane:\n{screen}")
            time.sleep(0.05)

    def close(self) -> None:
        subprocess.run([*self.base, "kill-server"], env=self.env, capture_output=True, timeout=10)


@pytest.fixture
def pane_env(cli_emulator: Emulator) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMUX", "REPLICATE_"))}
    env.update(
        REPLICATE_API_TOKEN=cli_emulator.token,
        REPLICATE_BASE_URL=cli_emulator.base_url,
        REPLICATE_POLL_INTERVAL="0.05",
    )
    return env


@pytest.fixture
def sleep_pane(pane_env: dict[str, str]) -> Iterator[Pane]:
    # Five seconds leave a wide margin to see the line and press Ctrl-C on a slow machine;
    # the test cancels after about one second either way.
    cli = f"{shlex.quote(sys.executable)} -m replicate_ext.cli run replicate-ext/sleep -i seconds=5"
    pane = Pane(f"{cli}; echo EXIT=$?; sleep 30", pane_env)
    try:
        yield pane
    finally:
        pane.close()


def test_status_line_then_ctrl_c_cancels(
    sleep_pane: Pane, api: Replicate, cli_emulator: Emulator
) -> None:
    first = sleep_pane.wait_for(STATUS)
    pid = first.group(3)
    later = sleep_pane.wait_for(
        re.compile(rf"(starting|processing)\s+(?!{re.escape(first.group(2))}s)\d+\.\ds\s+{pid}")
    )
    assert later.group(1) in ("starting", "processing")
    assert len(sleep_pane.screen().strip().splitlines()) == 1, "redrawn in place, on one line"
    sleep_pane.tmux("send-keys", "-t", "cli", "C-c")
    sleep_pane.wait_for(re.compile(rf"Canceled prediction {pid}\n+EXIT=130"))
    screen = sleep_pane.screen()
    assert "processing" not in screen and "starting" not in screen, "the status line is erased"
    assert "Traceback" not in screen and cli_emulator.token not in screen
    assert wait_for(lambda: api.predictions.get(pid).status == "canceled")
