"""Run one scenario for one client, in that client's virtual environment; print JSON results.

``python bench/runner.py CLIENT SCENARIO ORIGIN TOKEN PARAMS_JSON [--profile OUT]``

Each call is a fresh process, so memory figures start clean and clients never share state.
``--profile`` wraps the scenario in pyinstrument (when installed) and writes a text report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from adapters import Unsupported, load

Result = dict[str, Any]
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    """Current resident set size of this process, in MB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE / 1e6


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6


def stats(origin: str, reset: bool = False) -> dict[str, int]:
    """The server's request and connection counters (its control requests are not counted)."""
    url = f"{origin}/_bench/stats"  # always http://127.0.0.1:PORT
    request = urllib.request.Request(url, method="POST" if reset else "GET")  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        data: dict[str, int] = json.loads(response.read())
        return data


def gets_of(output: Any) -> int:
    """How many GETs the server answered for a finished prediction (its output ``gets:N``)."""
    text = str(output)
    if not text.startswith("gets:"):
        raise RuntimeError(f"unexpected output {text[:80]!r}")
    return int(text[5:])


def s_import(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    code = f"import time;t=time.perf_counter();{a.IMPORT};print(time.perf_counter()-t)"
    times = []
    # An installed package has its bytecode compiled (pip does it); an editable one gets it on
    # the first import, unless PYTHONDONTWRITEBYTECODE forbids writing it: then every import
    # would compile our sources, and we would time the compiler, not the import.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for i in range(p["reps"] + 1):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, check=True, env=env)  # noqa: S603
        if i:  # the first one may compile .pyc files: not a cold import, a first install
            times.append(float(out.stdout) * 1000)
    return {"ms": statistics.median(times), "samples": times}


def _timed(c: Any, origin: str, n: int, warm: int, call: Callable[[], Any]) -> Result:
    for _ in range(warm):
        call()
    stats(origin, reset=True)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        call()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    counters = stats(origin)
    return {
        "us": elapsed / n * 1e6,
        "cpu_us": cpu / n * 1e6,  # this process only: no server, less noise from neighbours
        "requests_per_call": counters["requests"] / n,
        "connections": counters["connections"],
    }


def s_get(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    c = a.client(origin, token)
    try:
        return _timed(c, origin, p["n"], 50, lambda: a.get(c, "bench-static"))
    finally:
        a.close(c)


def s_run(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    """``run()`` of ``p["model"]`` with ``p["input"]`` (run overhead and sync mode)."""
    c = a.client(origin, token)
    try:
        result = _timed(c, origin, p["n"], 10, lambda: a.run(c, p["model"], p["input"]))
        result["output"] = str(a.run(c, p["model"], p["input"]))
        return result
    finally:
        a.close(c)


def s_latency(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    c = a.client(origin, token)
    a.run(c, p["model"], {"seconds": 0})  # warm up the connection and imports
    out: Result = {}
    try:
        for seconds, reps in p["plan"]:
            runs = []
            for _ in range(reps):
                started = time.perf_counter()
                output = a.run(c, p["model"], {"seconds": seconds})
                runs.append({"s": time.perf_counter() - started, "gets": gets_of(output)})
            out[str(seconds)] = runs
        return out
    finally:
        a.close(c)


def s_stream(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    c = a.client(origin, token)
    lags: list[float] = []
    inp = {"tokens": p["tokens"], "interval": p["interval"]}
    try:
        for _ in range(p["streams"]):
            for data in a.stream(c, "bench/tokens", inp):
                lags.append((time.monotonic_ns() - int(data)) / 1e6)
        if len(lags) != p["streams"] * p["tokens"]:
            raise RuntimeError(f"expected {p['streams'] * p['tokens']} tokens, got {len(lags)}")
        lags.sort()
        return {"median_ms": statistics.median(lags), "p95_ms": lags[int(len(lags) * 0.95)]}
    finally:
        a.close(c)


def s_paginate(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    c = a.client(origin, token)
    count, first_rss = 0, 0.0
    try:
        next(iter(a.items(c)))  # one page first: imports and connection, as in the other scenarios
        started, cpu = time.perf_counter(), time.process_time()
        for _item in a.items(c):
            count += 1
            if count == 1:
                first_rss = rss_mb()
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        if count != p["items"]:
            raise RuntimeError(f"expected {p['items']} items, got {count}")
        return {"s": elapsed, "cpu_us": cpu * 1e6, "rss_growth_mb": rss_mb() - first_rss, "items": count}
    finally:
        a.close(c)


def s_concurrency(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    """``p["n"]`` concurrent async ``run()``; unfinished after ``p["cap"]`` s count as errors."""

    async def main() -> Result:
        c = a.aclient(origin, token)
        stats(origin, reset=True)
        started = time.perf_counter()
        tasks = [asyncio.ensure_future(a.arun(c, p["model"], p["input"])) for _ in range(p["n"])]
        done, pending = await asyncio.wait(tasks, timeout=p["cap"])
        elapsed = time.perf_counter() - started
        counters = stats(origin)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        await a.aclose(c)
        errors = [t.exception() for t in done if t.exception() is not None]
        return {
            "s": elapsed,
            "errors": len(errors) + len(pending),
            "unfinished": len(pending),
            "first_error": repr(errors[0])[:200] if errors else None,
            "connections": counters["connections"],
            "peak_connections": counters["peak"],
            "requests": counters["requests"],
            "n": p["n"],
        }

    return asyncio.run(main())


def s_download(a: ModuleType, origin: str, token: str, p: Result) -> Result:
    c = a.client(origin, token)
    # tmpfs when there is one: measure the client, not the disk (tmpfs pages are not in RSS)
    where = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
    fd, path = tempfile.mkstemp(prefix="bench-download-", dir=where)
    os.close(fd)
    try:
        output = a.run(c, "bench/file", {"size": p["size"]})
        base = rss_mb()
        started = time.perf_counter()
        a.save(c, output, path)
        elapsed = time.perf_counter() - started
        if os.path.getsize(path) != p["size"]:
            raise RuntimeError(f"saved {os.path.getsize(path)} bytes, expected {p['size']}")
        return {"mb_s": p["size"] / 1e6 / elapsed, "peak_rss_growth_mb": peak_rss_mb() - base}
    finally:
        os.unlink(path)
        a.close(c)


SCENARIOS: dict[str, Callable[[ModuleType, str, str, Result], Result]] = {
    "import": s_import,
    "get": s_get,
    "run": s_run,
    "latency": s_latency,
    "stream": s_stream,
    "paginate": s_paginate,
    "concurrency": s_concurrency,
    "download": s_download,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("client")
    parser.add_argument("scenario", choices=sorted(SCENARIOS))
    parser.add_argument("origin")
    parser.add_argument("token")
    parser.add_argument("params", help="JSON object of the scenario's parameters")
    parser.add_argument("--profile", help="write a pyinstrument text report here")
    args = parser.parse_args()
    params = json.loads(args.params)
    for key, value in params.pop("env", {}).items():
        os.environ[key] = str(value)
    adapter = load(args.client)
    scenario = SCENARIOS[args.scenario]
    try:
        if args.profile:
            from pyinstrument import Profiler

            with Profiler(interval=0.0002) as profiler:
                result = scenario(adapter, args.origin, args.token, params)
            Path(args.profile).write_text(profiler.output_text(unicode=True, show_all=False))
        else:
            result = scenario(adapter, args.origin, args.token, params)
    except Unsupported as exc:
        result = {"unsupported": str(exc)}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
