"""A small soak: concurrent sync and async runs through injected read faults (bench/soak.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def _soak_module() -> ModuleType:
    path = Path(__file__).resolve().parents[2] / "bench" / "soak.py"
    spec = importlib.util.spec_from_file_location("bench_soak", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_soak"] = module
    spec.loader.exec_module(module)
    return module


async def test_small_soak_loses_nothing_and_duplicates_nothing() -> None:
    figures = await _soak_module().soak(
        async_runs=60, threads=8, runs_per_thread=4, fault_rate=0.05
    )
    assert figures["error_count"] == 0, figures["errors"]
    assert figures["matched_outputs"] == figures["runs"] == 92
    assert figures["creates_seen"] == figures["runs"], "exactly one create per run"
    assert figures["faults_injected"] > 0
    assert figures["peak_connections_async"] <= figures["pool_limit"]
