"""The default ``train()`` of emulated models: a few logged steps and a weights file."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Callable
from typing import Any

from .context import cooperative_sleep

__all__ = ["default_trainer"]


def default_trainer(inp: dict[str, Any], log: Callable[[str], None]) -> dict[str, Any]:
    """Pretend to fine-tune: log progress for a few emulated steps and return weights.

    Input ``steps`` (default 3) sets the number of steps; ``fail`` (truthy) makes the
    training fail, to exercise error handling.

    Example:
        >>> out = default_trainer({"steps": 1}, lambda line: None)
        >>> sorted(out)
        ['weights']
    """
    steps = int(inp.get("steps", 3))
    log(f"Preparing training data ({len(json.dumps(inp))} bytes of input)")
    for step in range(1, steps + 1):
        cooperative_sleep(0.05)
        log(f"Training step {step}/{steps}: loss={1.0 / (step + 1):.4f}")
    if inp.get("fail"):
        raise RuntimeError("Training failed: the loss diverged")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        data = json.dumps({"input": inp, "steps": steps}).encode()
        info = tarfile.TarInfo("weights.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return {"weights": buffer.getvalue()}
