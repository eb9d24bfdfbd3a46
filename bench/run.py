"""``make bench``: every scenario, every client, one run; a markdown table and ``results/latest.*``.

Clients alternate inside each round (the order rotates every round) and rounds repeat, so each
figure is compared with the others measured at the same time: ratios are per round, then the
median. The run-latency scenarios are sleep-bound, so all their processes run at once instead.

    python bench/run.py [--quick] [--only get,stream] [--clients ours,raw_httpx] [--profile]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import report
import venvs

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
CLIENTS = ("raw_httpx", "ours", "replicate_v1", "replicate_v2")
FAST_POLL = {"REPLICATE_POLL_INTERVAL": 0}
LATENCY = [[0.2, 10], [1, 5], [5, 3], [30, 1]]
LATENCY_QUICK = [[0.2, 3], [1, 2], [5, 1]]


@dataclass
class Scenario:
    key: str
    runner: str
    params: dict[str, Any]
    rounds: int
    parallel: bool = False
    timeout: float = 300.0
    quick: dict[str, Any] = field(default_factory=dict)


PLAN = [
    Scenario("import", "import", {"reps": 4}, 5),
    Scenario("get", "get", {"n": 2000}, 5, quick={"n": 500}),
    Scenario(
        "run_overhead",
        "run",
        {"n": 300, "model": "bench/poll", "input": {"polls": 3}, "env": FAST_POLL},
        5,
        quick={"n": 100},
    ),
    Scenario("sync", "run", {"n": 1000, "model": "bench/sync", "input": {}}, 5, quick={"n": 200}),
    Scenario(
        "latency_poll",
        "latency",
        {"model": "bench/poll", "plan": LATENCY},
        1,
        parallel=True,
        quick={"plan": LATENCY_QUICK},
    ),
    Scenario(
        "latency_sync",
        "latency",
        {"model": "bench/sync", "plan": LATENCY},
        1,
        parallel=True,
        quick={"plan": LATENCY_QUICK},
    ),
    Scenario("stream", "stream", {"streams": 5, "tokens": 40, "interval": 0.01}, 3),
    Scenario("paginate", "paginate", {"items": 20000}, 7),
    Scenario(
        "conc_sync",
        "concurrency",
        {"n": 1000, "model": "bench/sync", "input": {"seconds": 0.05}, "cap": 30},
        1,
        timeout=120,
        quick={"n": 200, "cap": 15},
    ),
    Scenario(
        "conc_poll",
        "concurrency",
        {"n": 1000, "model": "bench/poll", "input": {"polls": 3}, "env": FAST_POLL, "cap": 30},
        1,
        timeout=120,
        quick={"n": 200, "cap": 15},
    ),
    Scenario("download", "download", {"size": 200_000_000}, 5, quick={"size": 50_000_000}),
]


def command(client: str, scenario: Scenario, origin: str, token: str, profile: bool) -> list[str]:
    cmd = [str(venvs.python(venvs.CLIENT_ENV[client])), str(BENCH / "runner.py"), client]
    cmd += [scenario.runner, origin, token, json.dumps(scenario.params)]
    if profile:
        out = RESULTS / "profiles" / f"{scenario.key}-{client}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        cmd += ["--profile", str(out)]
    return cmd


def collect(proc: subprocess.Popen[str], timeout: float) -> dict[str, Any]:
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return {"error": f"no answer within {timeout:g} s"}
    if proc.returncode:
        return {"error": (err.strip().splitlines() or ["failed"])[-1][:300]}
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def launch(cmd: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603


def start_server(token: str) -> tuple[subprocess.Popen[str], str]:
    cmd = [sys.executable, str(BENCH / "server.py"), "--token", token]
    server = subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True)  # noqa: S603
    assert server.stdout is not None
    line = server.stdout.readline().strip()
    if not line.startswith("READY "):
        server.kill()
        raise RuntimeError(f"bench server failed to start: {line!r}")
    return server, line.split()[1]


def commit() -> str:
    """The project's commit, with ``+dirty`` when replicate_ext/ has uncommitted changes."""
    git = ["git", "-C", str(BENCH.parent)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)  # noqa: S603
    dirty = subprocess.run([*git, "status", "--porcelain", "replicate_ext", "generated"],  # noqa: S603
                           capture_output=True, text=True)  # fmt: skip
    return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def floor(origin: str, token: str) -> float:
    """Requests/s of the bench server for ``GET /v1/predictions/{id}`` with a bare socket client."""
    from emulator_bench import measure

    return measure(f"{origin}/v1/predictions/bench-static", token, seconds=2.0)


def emulator_rate() -> float:
    """The emulator's own ``GET /v1/predictions/{id}`` throughput (its own benchmark)."""
    cmd = [sys.executable, str(Path(__file__).with_name("emulator_bench.py")), "--seconds", "3"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)  # noqa: S603
    rate: float = json.loads(out.stdout.strip().splitlines()[-1])["get_prediction_per_second"]
    return rate


def run_plan(
    plan: list[Scenario], clients: list[str], origin: str, token: str, profile: bool
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    results: dict[str, dict[str, list[dict[str, Any]]]] = {s.key: {} for s in plan}
    batch = [s for s in plan if s.parallel]
    if batch:  # sleep-bound: all clients and variants at once, measured together
        started = time.monotonic()
        procs = [
            (s, c, launch(command(c, s, origin, token, profile))) for s in batch for c in clients
        ]
        for s, c, proc in procs:
            results[s.key][c] = [collect(proc, s.timeout)]
        print(f"  {', '.join(s.key for s in batch)}: {time.monotonic() - started:.0f} s")
    for s in (s for s in plan if not s.parallel):
        started = time.monotonic()
        for r in range(s.rounds):
            for c in clients[r % len(clients) :] + clients[: r % len(clients)]:
                result = collect(launch(command(c, s, origin, token, profile)), s.timeout)
                results[s.key].setdefault(c, []).append(result)
        print(f"  {s.key}: {s.rounds} round(s), {time.monotonic() - started:.0f} s", flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller sizes")
    parser.add_argument("--only", help="comma-separated scenario keys")
    parser.add_argument("--clients", default=",".join(CLIENTS))
    parser.add_argument("--profile", action="store_true", help="pyinstrument reports per run")
    parser.add_argument("--no-setup", action="store_true", help="use the environments as they are")
    args = parser.parse_args()
    clients = [c for c in args.clients.split(",") if c]
    plan = [s for s in PLAN if not args.only or s.key in args.only.split(",")]
    if args.quick:
        for s in plan:
            s.params.update(s.quick)
            s.rounds = min(s.rounds, 2)
    started = time.monotonic()
    if not args.no_setup:
        print("virtual environments (bench/.venvs):", flush=True)
        venvs.ensure_all({venvs.CLIENT_ENV[c] for c in clients})
    token = f"r8_bench_{secrets.token_hex(8)}"
    server, origin = start_server(token)
    try:
        print(f"bench server {origin}", flush=True)
        meta: dict[str, Any] = {"server_floor_rps": round(floor(origin, token))}
        meta["emulator_get_rps"] = round(emulator_rate())
        print(f"  server floor {meta['server_floor_rps']}/s; emulator {meta['emulator_get_rps']}/s")
        results = run_plan(plan, clients, origin, token, args.profile)
    finally:
        server.terminate()
        server.wait(10)
    meta.update(
        date=datetime.now(UTC).isoformat(timespec="seconds"),
        commit=commit(),
        python=platform.python_version(),
        httpx=version("httpx"),
        cpus=os.cpu_count(),
        load_average=os.getloadavg(),
        quick=args.quick,
        seconds=round(time.monotonic() - started),
        rounds={s.key: s.rounds for s in plan},
        params={s.key: s.params for s in plan},
    )
    rows = report.rows(results, clients)
    table = report.markdown(rows, clients, meta)
    print(table)
    RESULTS.mkdir(exist_ok=True)
    for name, text in (
        ("latest.json", json.dumps({"meta": meta, "rows": rows, "raw": results}, indent=1)),
        ("latest.md", table),
    ):
        tmp = RESULTS / f"{name}.tmp"
        tmp.write_text(text)
        tmp.replace(RESULTS / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
