"""Soak test: many concurrent runs through injected faults, with no loss and no duplicate.

1,000 concurrent async runs plus 100 threads of sync runs against the emulator, while about 5 %
of reads fail (429, 503, connection resets). It checks and prints: every prediction completes,
every output matches its input, the server saw exactly one create per run, connections stayed
within the pool limit, and memory stayed flat.

    .venv/bin/python bench/soak.py                 # full size
    .venv/bin/python bench/soak.py --async-runs 50 --threads 10   # the size `make test` runs
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from replicate_ext import AsyncReplicate, Replicate
from replicate_ext._constants import MAX_HELD, MAX_IN_FLIGHT
from replicate_emulator import Emulator

CREATE_PATH = "/v1/models/replicate-ext/echo/predictions"
FAULTS: list[dict[str, Any]] = [
    {"kind": "status", "status": 429, "retry_after": 0},
    {"kind": "status", "status": 503, "retry_after": 0},
    {"kind": "reset"},
]


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


class FaultFeeder(threading.Thread):
    """Keeps one fault armed on prediction reads for about every ``1/rate`` requests."""

    def __init__(self, emu: Emulator, rate: float, seed: int = 7) -> None:
        super().__init__(daemon=True)
        self.emu, self.rate, self.random = emu, rate, random.Random(seed)
        self.stop = threading.Event()
        self.armed = 0

    def run(self) -> None:
        while not self.stop.wait(0.002):
            due = int(len(self.emu.requests) * self.rate)
            while self.armed < due:
                fault = dict(self.random.choice(FAULTS))
                kind = fault.pop("kind")
                self.emu.faults.add("GET", "^/predictions/[^/]+$", kind, times=1, **fault)
                self.armed += 1


def _pool_size(client: Replicate | AsyncReplicate) -> int:
    """Connections open in the client's pools (of the running loop, for the async client)."""
    http = client._http.pool.get() if isinstance(client, Replicate) else client._http.pools.get()
    pools = [getattr(getattr(c, "_transport", None), "_pool", None) for c in http.clients.opened()]
    return sum(len(getattr(pool, "connections", ())) for pool in pools)


async def soak(
    async_runs: int, threads: int, runs_per_thread: int, fault_rate: float
) -> dict[str, Any]:
    """Run the soak and return its figures (see the module docstring)."""
    with Emulator() as emu:
        feeder = FaultFeeder(emu, fault_rate)
        async_client = emu.async_client(poll_interval=0.05, max_retries=5)
        sync_client = emu.client(poll_interval=0.05, max_retries=5)
        peak_connections = 0
        rss_before = _rss_mb()
        started = time.monotonic()
        feeder.start()

        async def one(i: int) -> bool:
            nonlocal peak_connections
            payload = {"i": i, "kind": "async"}
            if i % 2:  # half in sync mode, half created and then polled
                out = await async_client.run("replicate-ext/echo", input=payload)
            else:
                created = await async_client.predictions.create(
                    model="replicate-ext/echo", input=payload
                )
                out = (await async_client.wait(created)).output
            peak_connections = max(peak_connections, _pool_size(async_client))
            return bool(out == payload)

        def sync_worker(t: int) -> int:
            good = 0
            for j in range(runs_per_thread):
                payload = {"t": t, "j": j, "kind": "sync"}
                if j % 2:
                    out = sync_client.run("replicate-ext/echo", input=payload)
                else:
                    created = sync_client.predictions.create(
                        model="replicate-ext/echo", input=payload
                    )
                    out = sync_client.wait(created).output
                good += out == payload
            return good

        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(max_workers=threads) as pool:
            sync_futures = [loop.run_in_executor(pool, sync_worker, t) for t in range(threads)]
            async_results = await asyncio.gather(
                *(one(i) for i in range(async_runs)), return_exceptions=True
            )
            sync_results = await asyncio.gather(*sync_futures, return_exceptions=True)
        elapsed = time.monotonic() - started
        feeder.stop.set()
        feeder.join()
        sync_peak = _pool_size(sync_client)
        await async_client.close()
        sync_client.close()
        runs = async_runs + threads * runs_per_thread
        errors = [repr(r) for r in [*async_results, *sync_results] if isinstance(r, BaseException)]
        matched = sum(r for r in async_results if isinstance(r, bool)) + sum(
            r for r in sync_results if isinstance(r, int)
        )
        reads = sum(1 for r in emu.requests if r.method == "GET")
        return {
            "runs": runs,
            "matched_outputs": matched,
            "errors": errors[:5],
            "error_count": len(errors),
            "creates_seen": emu.requests.count("POST", CREATE_PATH),
            "faults_injected": feeder.armed,
            "reads": reads,
            "peak_connections_async": peak_connections,
            "connections_sync": sync_peak,
            "pool_limit": MAX_IN_FLIGHT + MAX_HELD,  # one connection per slot at most
            "rss_growth_mb": round(_rss_mb() - rss_before, 1),
            "seconds": round(elapsed, 2),
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--async-runs", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--runs-per-thread", type=int, default=5)
    parser.add_argument("--fault-rate", type=float, default=0.05)
    args = parser.parse_args()
    figures = asyncio.run(
        soak(args.async_runs, args.threads, args.runs_per_thread, args.fault_rate)
    )
    print(json.dumps(figures, indent=2))
    ok = (
        figures["error_count"] == 0
        and figures["matched_outputs"] == figures["runs"] == figures["creates_seen"]
        and figures["peak_connections_async"] <= figures["pool_limit"]
    )
    print("soak: OK" if ok else "soak: FAILED")
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
