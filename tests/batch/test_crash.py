"""kill -9 a batch at random moments, resume it: every input has exactly one prediction."""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from replicate_emulator import Emulator

from .conftest import creates, made

N = 300
KILLS = 4


def test_sigkill_and_resume_pays_nothing_twice(emulator: Emulator, tmp_path: Path) -> None:
    rng = random.Random(12)
    inputs = tmp_path / "rows.jsonl"
    with inputs.open("w") as handle:
        for i in range(N):
            handle.write(json.dumps({"seconds": rng.choice([0.1, 0.2, 0.3]), "value": f"v{i}"}))
            handle.write("\n")
    out = tmp_path / "results.jsonl"
    command = [
        sys.executable,
        "-m",
        "replicate_ext.cli",
        "batch",
        "replicate-ext/delay",
        str(inputs),
        "--out",
        str(out),
        "--max-in-flight",
        "50",
    ]
    env = {
        **os.environ,
        "REPLICATE_API_TOKEN": emulator.token,
        "REPLICATE_BASE_URL": emulator.base_url,
        "REPLICATE_BATCH_CREATE_RATE": "60000",
        "REPLICATE_BATCH_REQUEST_RATE": "60000",
    }
    killed = 0
    for _ in range(KILLS):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        time.sleep(rng.uniform(0.5, 1.2))  # past the imports, somewhere in the batch
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.communicate(timeout=30)
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert final.returncode == 0, final.stderr
    assert killed >= 2  # the batch was really cut short, more than once

    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(line["index"] for line in lines) == list(range(N))
    assert all(line["status"] == "succeeded" for line in lines)
    assert {line["output"] for line in lines} == {f"v{i}" for i in range(N)}

    # Exactly one prediction per input. The request log may hold a create or two more: a process
    # killed between a create's headers and its body makes nothing and costs nothing.
    assert made(emulator) == collections.Counter({f"v{i}": 1 for i in range(N)})
    assert N <= creates(emulator) <= N + KILLS
