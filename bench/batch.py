"""Batch scenario of ``make bench``: ``client.batch`` against the emulator's rate limits.

N inputs of a model taking T seconds (``replicate-ext/delay``), the emulator limiting creates
and other requests like the real API scaled x10 (6,000 and 30,000 per minute). Targets: wall
time <= 1.1 x (N / create rate + T), no failed input, <= 1.5 requests per input, RSS flat with
N. Compared in the same run with the approach the official docs suggest: ``asyncio.gather``
of ``async_run`` under a semaphore of 100 (with this client). Each run gets a fresh emulator
process (full buckets) and a fresh client process (its own RSS).

    .venv/bin/python bench/batch.py                # N = 2,000 (and 500 for the RSS check)
    .venv/bin/python bench/batch.py --n 300 --small 100
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

CREATE_PER_MIN = 6000
OTHER_PER_MIN = 30000
MODEL = "replicate-ext/delay"
RESULTS = Path(__file__).with_name("results")


def _inputs(n: int, seconds: float) -> Any:
    return ({"seconds": seconds, "value": f"v{i}"} for i in range(n))


def _counting() -> tuple[dict[str, int], list[Any]]:
    counts = {"requests": 0, "throttled": 0}

    def request(_: httpx.Request) -> None:
        counts["requests"] += 1

    def response(r: httpx.Response) -> None:
        counts["throttled"] += r.status_code == 429

    return counts, [request, response]


def client_batch(base_url: str, token: str, n: int, seconds: float) -> dict[str, Any]:
    """Our batch, in this process."""
    from replicate_ext import Replicate

    counts, (on_request, on_response) = _counting()
    http = httpx.Client(
        timeout=httpx.Timeout(90, connect=5),
        limits=httpx.Limits(max_connections=100, max_keepalive_connections=100),
        event_hooks={"request": [on_request], "response": [on_response]},
    )
    started = time.monotonic()
    with Replicate(auth=token, base_url=base_url, http_client=http) as client:
        done = failed = 0  # counted, not kept: the RSS is the batch's own
        for result in client.batch(
            MODEL, _inputs(n, seconds), create_rate=CREATE_PER_MIN, request_rate=OTHER_PER_MIN
        ):
            done += 1
            failed += not result.ok
    http.close()
    return {"wall": time.monotonic() - started, "done": done, "failed": failed, **counts}


def client_gather(base_url: str, token: str, n: int, seconds: float) -> dict[str, Any]:
    """``asyncio.gather`` of ``run()`` under ``Semaphore(100)``, in this process."""
    from replicate_ext import AsyncReplicate

    counts, (on_request, on_response) = _counting()

    async def hook_request(r: httpx.Request) -> None:
        on_request(r)

    async def hook_response(r: httpx.Response) -> None:
        on_response(r)

    async def main() -> list[Any]:
        http = httpx.AsyncClient(
            timeout=httpx.Timeout(90, connect=5),
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=100),
            event_hooks={"request": [hook_request], "response": [hook_response]},
        )
        semaphore = asyncio.Semaphore(100)
        async with AsyncReplicate(auth=token, base_url=base_url, http_client=http) as client:

            async def one(inp: dict[str, Any]) -> Any:
                async with semaphore:
                    return await client.run(MODEL, input=inp)

            out = await asyncio.gather(*(one(i) for i in _inputs(n, seconds)), return_exceptions=True)
        await http.aclose()
        return out

    started = time.monotonic()
    out = asyncio.run(main())
    return {
        "wall": time.monotonic() - started,
        "done": len(out),
        "failed": sum(isinstance(o, BaseException) for o in out),
        **counts,
    }


def _emulator() -> tuple[subprocess.Popen[str], str, str]:
    token = "r8_bench_batch"
    cmd = [
        sys.executable, "-m", "replicate_emulator", "--port", "0", "--token", token,
        "--concurrency", "400", "--rate-limit", f"create={CREATE_PER_MIN}",
        "--rate-limit", f"other={OTHER_PER_MIN}",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert proc.stdout is not None
    line = proc.stdout.readline()
    base_url = line.split(" at ", 1)[1].split(" ", 1)[0]
    return proc, base_url, token


def measure(kind: str, n: int, seconds: float) -> dict[str, Any]:
    """One run in a fresh client process against a fresh emulator."""
    emu, base_url, token = _emulator()
    try:
        cmd = [sys.executable, __file__, "--child", kind, base_url, token, str(n), str(seconds)]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=True)  # noqa: S603
        return dict(json.loads(out.stdout.strip().splitlines()[-1]))
    finally:
        emu.terminate()
        emu.wait(10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--small", type=int, default=500, help="N of the RSS comparison")
    parser.add_argument("--seconds", type=float, default=1.0, help="model run time")
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, base_url, token, n, seconds = args.child
        run = client_batch if kind == "batch" else client_gather
        result = run(base_url, token, int(n), float(seconds))
        result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(result))
        return 0
    n, t = args.n, args.seconds
    target = 1.1 * (n / (CREATE_PER_MIN / 60) + t)
    rows = []
    for kind, size in (("batch", n), ("batch", args.small), ("gather", n)):
        r = measure(kind, size, t)
        rows.append((kind, size, r))
        print(f"  {kind} N={size}: {r['wall']:.1f} s, {r['failed']} failed", flush=True)
    lines = [
        f"Batch: N = {n}, model {t:g} s, emulator limits {CREATE_PER_MIN} creates/min and "
        f"{OTHER_PER_MIN} other/min; target wall <= 1.1 x (N / create rate + T) = {target:.1f} s, "
        "0 failed, <= 1.5 requests/input, RSS flat with N.",
        "",
        "| approach | N | wall | failed | requests/input | 429s | peak RSS | holds |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for kind, size, r in rows:
        per_input = r["requests"] / size
        name = "client.batch" if kind == "batch" else "gather(run) + Semaphore(100)"
        if kind == "batch" and size == n:
            holds = r["wall"] <= target and r["failed"] == 0 and per_input <= 1.5
        else:
            holds = None
        flag = "" if holds is None else ("yes" if holds else "**no**")
        lines.append(
            f"| {name} | {size} | {r['wall']:.1f} s | {r['failed']} | {per_input:.2f} | "
            f"{r['throttled']} | {r['rss_mb']:.0f} MB | {flag} |"
        )
    table = "\n".join(lines)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "batch.md").write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
