"""Turn per-round results into table rows, check replicate-ext's targets, render markdown.

Ratios are computed per round (both clients measured in the same round) and the median of those
ratios is reported, which cancels most of the drift of a shared, noisy machine.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

Rounds = list[dict[str, Any]]
Results = dict[str, dict[str, Rounds]]
Row = dict[str, Any]
Metric = Callable[[dict[str, Any]], float]

LABELS = {
    "raw_httpx": "raw httpx",
    "ours": "replicate-ext",
    "replicate_v1": "replicate 1.0.7",
    "replicate_v2": "replicate 2.0.0b4",
}
POOL_LIMIT = 100  # replicate-ext's max_connections (replicate_ext/_constants.py)


def _ok(rounds: Rounds) -> bool:
    return bool(rounds) and all("error" not in r and "unsupported" not in r for r in rounds)


def values(res: Results, key: str, client: str, metric: Metric) -> list[float] | None:
    rounds = res.get(key, {}).get(client, [])
    return [metric(r) for r in rounds] if _ok(rounds) else None


def median(res: Results, key: str, client: str, metric: Metric) -> float | None:
    vals = values(res, key, client, metric)
    return statistics.median(vals) if vals else None


def ratio(res: Results, key: str, a: str, b: str, metric: Metric) -> float | None:
    """Median over rounds of ``metric(a) / metric(b)`` measured in the same round."""
    va, vb = values(res, key, a, metric), values(res, key, b, metric)
    if not va or not vb:
        return None
    pairs = [x / y for x, y in zip(va, vb, strict=False) if y]
    return statistics.median(pairs) if pairs else None


def cell(res: Results, key: str, client: str, show: Callable[[list[dict[str, Any]]], str]) -> str:
    rounds = res.get(key, {}).get(client)
    if not rounds:
        return "—"
    if any("unsupported" in r for r in rounds):
        return "n/a"
    errors = [r["error"] for r in rounds if "error" in r]
    if errors:
        return f"error: {errors[0][:60]}"
    return show(rounds)


def _med(rounds: Rounds, metric: Metric) -> float:
    return statistics.median(metric(r) for r in rounds)


def simple_row(
    res: Results,
    clients: list[str],
    key: str,
    label: str,
    metric: Metric,
    show: Callable[[Rounds], str],
    target: str,
    check: Callable[[float | None, Results], bool | None],
    base: str = "raw_httpx",
) -> Row:
    r = ratio(res, key, "ours", base, metric)
    return {
        "scenario": label,
        "key": key,
        "cells": {c: cell(res, key, c, show) for c in clients},
        "medians": {c: median(res, key, c, metric) for c in clients},
        "ratio": r,
        "ratio_text": "—" if r is None else f"{r:.2f}x",
        "cpu_ratio": None,
        "target": target,
        "ok": check(r, res),
    }


def with_cpu(row: Row, res: Results) -> Row:
    """Add the ratio of client CPU time (no server, less noise) after the wall-clock ratio."""
    cpu = ratio(res, row["key"], "ours", "raw_httpx", lambda r: r["cpu_us"])
    if cpu is not None:
        row["cpu_ratio"] = cpu
        row["ratio_text"] = row["ratio_text"].replace("x", f"x (CPU {cpu:.2f}x)", 1)
    return row


def _le(limit: float) -> Callable[[float | None, Results], bool | None]:
    return lambda r, _res: None if r is None else r <= limit


def latency_rows(res: Results, clients: list[str], key: str, sync: bool) -> list[Row]:
    rows: list[Row] = []
    seconds = sorted({float(t) for c in clients for r in res.get(key, {}).get(c, []) for t in r})
    for t in seconds:

        def lat(r: dict[str, Any], t: float = t) -> float:
            return statistics.median(x["s"] for x in r[_tkey(r, t)])

        def gets(r: dict[str, Any], t: float = t) -> float:
            return statistics.median(x["gets"] for x in r[_tkey(r, t)])

        def show(rounds: Rounds, lat: Metric = lat, gets: Metric = gets) -> str:
            return f"{_med(rounds, lat):.3f} s, {_med(rounds, gets):g} GET"

        ours, ours_gets = median(res, key, "ours", lat), median(res, key, "ours", gets)
        v1_gets = median(res, key, "replicate_v1", gets)
        if sync:
            target, limit = f"≤ T + 20 ms = {t + 0.02:.3f} s", t + 0.02
        else:
            limit = t * 1.1 + 0.05
            target = f"≤ {limit:.3f} s, GETs ≤ v1"
        ok = None if ours is None else ours <= limit
        if ok is not None and not sync and v1_gets is not None and ours_gets is not None:
            ok = ok and ours_gets <= v1_gets
        rows.append(
            {
                "scenario": f"run latency, {'sync mode' if sync else 'polling'}, T = {t:g} s",
                "key": key,
                "cells": {c: cell(res, key, c, show) for c in clients},
                "medians": {c: median(res, key, c, lat) for c in clients},
                "ratio": None,
                "ratio_text": "—" if ours is None else f"T + {(ours - t) * 1000:.0f} ms",
                "target": target,
                "ok": ok,
            }
        )
    return rows


def _tkey(r: dict[str, Any], t: float) -> str:
    return next(k for k in r if float(k) == t)


def conc_show(rounds: Rounds) -> str:
    r = rounds[0]
    head = (
        f"> {r['s']:.0f} s ({r['unfinished']} unfinished)" if r["unfinished"] else f"{r['s']:.2f} s"
    )
    return f"{head}, {_per_run(r):.2f} req/run, {r['errors']} err, {r['connections']} conn"


def _per_run(r: dict[str, Any]) -> float:
    """Requests the server saw per run (finished or not)."""
    return float(r["requests"]) / max(1, r.get("n", 1000))


def conc_row(res: Results, clients: list[str], key: str, label: str, per_run: float) -> Row:
    """Wall time; a client still busy at the cap counts as the cap (so its ratio is a bound)."""
    target = f"≤ 1.0x raw, ≤ {per_run:g} req/run, 0 errors, ≤ {POOL_LIMIT} conn opened"
    row = simple_row(res, clients, key, label, lambda r: r["s"], conc_show, target,
                     conc_check(key, per_run))  # fmt: skip
    ours, raw = res[key].get("ours", []), res[key].get("raw_httpx", [])
    if _ok(ours) and _ok(raw) and raw[0]["unfinished"] and not ours[0]["unfinished"]:
        row["ratio_text"] = f"< {row['ratio']:.2f}x (raw hit the cap)"
    elif _ok(ours) and ours[0]["unfinished"]:
        row["ratio_text"], row["ok"] = "ours hit the cap", False
    return row


def conc_check(key: str, per_run: float) -> Callable[[float | None, Results], bool | None]:
    def check(r: float | None, res: Results) -> bool | None:
        rounds = res.get(key, {}).get("ours", [])
        if not _ok(rounds):
            return None
        fine = all(
            x["errors"] == 0 and x["connections"] <= POOL_LIMIT and _per_run(x) <= per_run
            for x in rounds
        )
        return fine and r is not None and r <= 1.0

    return check


def rows(res: Results, clients: list[str]) -> list[Row]:
    out: list[Row] = []

    def add(key: str, *args: Any, **kwargs: Any) -> None:
        if key in res:
            out.append(simple_row(res, clients, key, *args, **kwargs))

    def us(r: dict[str, Any]) -> float:
        return float(r["us"])

    add("import", "cold import", lambda r: r["ms"], lambda x: f"{_med(x, lambda r: r['ms']):.0f} ms",
        "≤ 1.25x `import httpx`", _le(1.25))  # fmt: skip
    if "get" in res:
        row = simple_row(res, clients, "get", "get x2000", us,
                         lambda x: f"{_med(x, us):.0f} µs/call", "≤ 1.05x raw, ≤ 1.0x v1", _le(1.05))  # fmt: skip
        v1 = ratio(res, "get", "ours", "replicate_v1", us)
        if v1 is not None:
            row["ratio_text"] += f" ({v1:.2f}x v1)"
            row["ok"] = bool(row["ok"]) and v1 <= 1.0
        out.append(with_cpu(row, res))
    if "run_overhead" in res:
        out.append(with_cpu(simple_row(res, clients, "run_overhead", "run overhead (3rd poll)", us,
            lambda x: f"{_med(x, us):.0f} µs/run, {_med(x, lambda r: r['requests_per_call']):g} req",
            "≤ 1.2x raw", _le(1.2)), res))  # fmt: skip
    if "sync" in res:
        row = simple_row(res, clients, "sync", "sync mode", us,
                         lambda x: f"{_med(x, us):.0f} µs/run, {_med(x, lambda r: r['requests_per_call']):g} req",
                         "≤ 1.2x raw, 1 request/run", _le(1.2))  # fmt: skip
        one = values(res, "sync", "ours", lambda r: r["requests_per_call"])
        row["ok"] = row["ok"] and bool(one) and all(v == 1 for v in one or [])
        out.append(with_cpu(row, res))
    if "latency_poll" in res:
        out += latency_rows(res, clients, "latency_poll", sync=False)
    if "latency_sync" in res:
        out += latency_rows(res, clients, "latency_sync", sync=True)
    add("stream", "stream: token → iterator", lambda r: r["median_ms"],
        lambda x: f"{_med(x, lambda r: r['median_ms']):.2f} ms (p95 {_med(x, lambda r: r['p95_ms']):.2f})",
        "≤ 5 ms median", lambda _r, res: _abs(res, "stream", lambda r: r["median_ms"], 5.0))  # fmt: skip
    if "paginate" in res:
        row = simple_row(res, clients, "paginate", "paginate 200x100", lambda r: r["s"],
            lambda x: f"{_med(x, lambda r: r['s']):.2f} s, +{_med(x, lambda r: r['rss_growth_mb']):.1f} MB",
            "≤ 1.5x raw+json.loads, ≤ 5 MB",
            lambda r, res: None if r is None else r <= 1.5
            and bool(_abs(res, "paginate", lambda x: x["rss_growth_mb"], 5.0)))  # fmt: skip
        out.append(with_cpu(row, res) if all("cpu_us" in r for r in res["paginate"].get("ours", [])) else row)
    if "conc_sync" in res:
        out.append(conc_row(res, clients, "conc_sync", "1000 async run(), sync mode", 1.0))
    if "conc_poll" in res:
        out.append(
            conc_row(res, clients, "conc_poll", "1000 async run(), polling (interval 0)", 4.0)
        )
    add("download", "download 200 MB", lambda r: r["mb_s"],
        lambda x: f"{_med(x, lambda r: r['mb_s']):.0f} MB/s, +{_med(x, lambda r: r['peak_rss_growth_mb']):.1f} MB",
        "≥ 0.9x raw MB/s, ≤ 20 MB RSS",
        lambda r, res: None if r is None else r >= 0.9
        and bool(_abs(res, "download", lambda x: x["peak_rss_growth_mb"], 20.0)))  # fmt: skip
    return out


def _abs(res: Results, key: str, metric: Metric, limit: float) -> bool | None:
    m = median(res, key, "ours", metric)
    return None if m is None else m <= limit


def markdown(table: list[Row], clients: list[str], meta: dict[str, Any]) -> str:
    head = ["scenario", *(LABELS[c] for c in clients), "ours ÷ raw", "target", "holds"]
    lines = [
        f"# Client benchmark ({meta.get('date', '')})",
        "",
        f"replicate-ext at {meta.get('commit')}; "
        f"Python {meta.get('python')}, httpx {meta.get('httpx')}, {meta.get('cpus')} CPUs, "
        f"load average at the end {', '.join(f'{x:.1f}' for x in meta.get('load_average', ()))}; "
        f"{meta.get('seconds')} s in all{' (--quick)' if meta.get('quick') else ''}.",
        f"Bench server floor: {meta.get('server_floor_rps')} GET/s with a bare socket client; "
        f"emulator: {meta.get('emulator_get_rps')} GET /v1/predictions/{{id}} per second "
        "(target ≥ 1,500).",
        "",
        "| " + " | ".join(head) + " |",
        "|" + "---|" * len(head),
    ]
    for row in table:
        ok = {True: "yes", False: "**no**", None: "?"}[row["ok"]]
        cells = [row["scenario"], *(row["cells"][c] for c in clients)]
        lines.append("| " + " | ".join([*cells, row["ratio_text"], row["target"], ok]) + " |")
    return "\n".join(lines) + "\n"
