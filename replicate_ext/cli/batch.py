"""``replicate-ext batch REF INPUTS``: run a model over a JSONL or CSV file of inputs.

Inputs are read lazily: JSONL is one input object per line; CSV has a header of input names
and values typed by the model's schema as ``run -i`` types them (an empty cell is left out).
A journal (``--journal``, by default next to ``INPUTS``) makes the batch resumable: the same
command again skips what finished, re-attaches to what is running and pays nothing twice.
``--out`` gets one JSON line per input (rewritten completely by each run, finished inputs
from the journal). Ctrl-C stops creating and says how to resume; predictions in flight go
on unless ``--cancel-on-interrupt``. Exit 0 when all succeeded, 1 when some failed, 130 on
interrupt.

Example:
    $ replicate-ext batch replicate-ext/delay rows.csv --out results.jsonl
    done 1000 / failed 0 / in flight 0 / 598 creates/min / ETA 0s
"""

from __future__ import annotations

import csv
import json
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ..batch import BatchProgress, BatchResult
from ..errors import ReplicateError
from .context import Context
from .display import format_elapsed
from .errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, UsageError
from .inputs import coerce, fetch_schema, input_properties
from .output import collect_files, jsonable, replace_files, save_files

__all__ = ["cmd_batch", "default_journal", "parse_shard", "read_inputs", "result_line"]


def parse_shard(text: str) -> tuple[int, int]:
    """``i/n`` as ``(i, n)``.

    Raises:
        UsageError: Not ``i/n`` with ``0 <= i < n``.

    Example:
        >>> parse_shard("1/4")
        (1, 4)
    """
    first, _, second = text.partition("/")
    try:
        i, n = int(first), int(second)
    except ValueError:
        i, n = -1, 0
    if not 0 <= i < n:
        raise UsageError(f"--shard {text!r}: expected i/n with 0 <= i < n", hint="e.g. --shard 0/4")
    return i, n


def default_journal(inputs: str, shard: tuple[int, int]) -> Path | None:
    """The journal used without ``--journal``: beside the inputs file (none for stdin).

    Example:
        >>> str(default_journal("data/rows.csv", (0, 1))), str(default_journal("rows.jsonl", (1, 4)))
        ('data/rows.csv.journal', 'rows.jsonl.shard-1-of-4.journal')
    """
    if inputs == "-":
        return None
    i, n = shard
    middle = f".shard-{i}-of-{n}" if n > 1 else ""
    return Path(f"{inputs}{middle}.journal")


def _open(path: str, stdin: IO[bytes] | None) -> IO[str]:
    # utf-8-sig: a byte-order mark (Excel's "CSV UTF-8") is not part of the first column's name
    if path == "-" and stdin is not None:
        return open(stdin.fileno(), encoding="utf-8-sig", closefd=False)
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None


def read_inputs(
    path: str, stdin: IO[bytes], props: dict[str, Any] | None
) -> Iterator[dict[str, Any]]:
    """The inputs in ``path`` (``-``: stdin), one at a time: CSV when it ends in ``.csv``
    (values typed by ``props``), else JSONL.

    Raises:
        UsageError: A line that is not a JSON object, or a CSV value of the wrong type.
    """
    with _open(path, stdin) as handle:
        if path.lower().endswith(".csv"):
            for number, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    yield {
                        key: coerce(key, raw, (props or {}).get(key))
                        for key, raw in row.items()
                        if key and raw not in ("", None)
                    }
                except UsageError as exc:
                    raise UsageError(f"{path}:{number}: {exc}") from None
            return
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError:
                value = None
            if not isinstance(value, dict):
                raise UsageError(
                    f"{path}:{number}: not a JSON object", hint="JSONL: one input object per line"
                )
            yield value


def _count(path: str) -> int | None:
    """Inputs in the file (for the ETA), or ``None`` for stdin."""
    if path == "-":
        return None
    with _open(path, None) as handle:
        if path.lower().endswith(".csv"):
            return max(0, sum(1 for _ in csv.reader(handle)) - 1)
        return sum(1 for line in handle if line.strip())


def result_line(result: BatchResult, download_dir: Path | None = None) -> str:
    """One line of ``--out``: index, prediction id, status, and output or error.

    Example:
        >>> result_line(BatchResult(3, {}, "p1", "succeeded", "hi"))
        '{"index": 3, "prediction_id": "p1", "status": "succeeded", "output": "hi"}'
    """
    data: dict[str, Any] = {
        "index": result.index,
        "prediction_id": result.prediction_id,
        "status": result.status,
    }
    if result.error is not None:
        data["error"] = str(result.error)
    else:
        output = result.output
        files = collect_files(output)
        if download_dir is not None and files:
            paths = save_files(files, download_dir / str(result.index))
            output = replace_files(output, {id(f): p for f, p in zip(files, paths, strict=False)})
        data["output"] = jsonable(output)
    return json.dumps(data, ensure_ascii=False, default=str)


class _Progress:
    """The live progress line: done / failed / in flight / creates per minute / ETA."""

    def __init__(self, ctx: Context, total: int | None) -> None:
        self.ctx = ctx
        self.total = total
        self.last: BatchProgress | None = None
        self.lock = threading.Lock()

    def __call__(self, progress: BatchProgress) -> None:
        with self.lock:
            self.last = progress
            if self.ctx.interactive:
                self.ctx.err.write("\r\x1b[2K" + self.text(progress))
                self.ctx.err.flush()

    def text(self, p: BatchProgress) -> str:
        eta = "?"
        if self.total is not None and p.done and p.elapsed > 0:
            left = max(0, self.total - p.done)
            eta = format_elapsed(left * p.elapsed / p.done)
        return (
            f"done {p.done} / failed {p.failed} / in flight {p.in_flight} / "
            f"{p.creates_per_minute:.0f} creates/min / ETA {eta}"
        )

    def end(self) -> None:
        if self.ctx.interactive and self.last is not None:
            self.ctx.err.write("\n")
            self.ctx.err.flush()


def _cancel_in_flight(ctx: Context, journal: Path) -> None:
    """Cancel the predictions the journal has in flight: by id, and for creates whose answer
    had not come yet, the unfinished predictions made since with the same input."""
    import datetime as dt
    import sqlite3

    from ..batch.journal import input_hash
    from ..waiting import is_terminal

    db = sqlite3.connect(journal)
    try:
        rows = db.execute(
            "SELECT prediction_id, input_hash, sent_at FROM items WHERE status IS NULL "
            "AND (prediction_id IS NOT NULL OR sent_at IS NOT NULL)"
        ).fetchall()
    finally:
        db.close()
    ids = [pid for pid, _, _ in rows if pid]
    lost = {digest for pid, digest, _ in rows if not pid}
    client = ctx.client
    found: list[Any] = []
    if lost:
        since = min(sent for pid, _, sent in rows if not pid)
        after = dt.datetime.fromtimestamp(since, dt.UTC) - dt.timedelta(seconds=60)
        for attempt in range(3):  # a create sent just before Ctrl-C may still be on its way
            if attempt:
                time.sleep(0.5)
            try:
                pages = client.paginate(client.predictions.list, created_after=after)
                found = [p for p in pages.items() if input_hash(p.input_) in lost]
            except ReplicateError as exc:
                ctx.note(f"looking for the predictions being created failed: {exc}")
                break
            if len({input_hash(p.input_) for p in found}) == len(lost):
                break
        ids.extend(p.id for p in found if not is_terminal(p))
    canceled = 0
    for pid in ids:
        try:
            client.predictions.cancel(pid)
            canceled += 1
        except ReplicateError as exc:
            ctx.note(f"canceling prediction {pid} failed: {exc}")
    ctx.note(f"Canceled {canceled} prediction(s) in flight.")


def cmd_batch(ctx: Context) -> int:
    """``batch REF INPUTS [--out F] [--journal F] [--download-dir D] [--max-in-flight N]
    [--shard i/n] [--cancel-on-interrupt]``.

    Example:
        >>> main(["batch", "replicate-ext/delay", "rows.jsonl", "--out", "r.jsonl"])  # doctest: +SKIP
        0
    """
    args = ctx.args
    shard = parse_shard(args.shard) if args.shard else (0, 1)
    journal = Path(args.journal) if args.journal else default_journal(args.inputs, shard)
    props = None
    if args.inputs.lower().endswith(".csv"):
        props = input_properties(fetch_schema(ctx.client, args.ref))
    total = _count(args.inputs)
    if total is not None and shard[1] > 1:
        total = len(range(shard[0], total, shard[1]))
    progress = _Progress(ctx, total)
    out = open(args.out, "w", encoding="utf-8") if args.out else None  # noqa: SIM115
    failed = done = 0
    try:
        results = ctx.client.batch(
            args.ref,
            read_inputs(args.inputs, ctx.stdin, props),
            journal=journal,
            max_in_flight=args.max_in_flight,
            shard=shard,
            on_progress=progress,
        )
        for result in results:
            done += 1
            failed += not result.ok
            if out is not None:
                out.write(result_line(result, args.download_dir) + "\n")
                out.flush()
            elif not ctx.interactive:
                ctx.print(result_line(result, args.download_dir))
    except KeyboardInterrupt:
        progress.end()
        ctx.note(f"Interrupted after {done} result(s); creating stopped.")
        if journal is not None and args.cancel_on_interrupt:
            _cancel_in_flight(ctx, journal)
        elif journal is not None:
            ctx.note("Predictions in flight go on; the journal keeps track of them.")
        if journal is not None:
            again = " ".join(_quote(a) for a in sys.argv[1:]) if sys.argv[1:2] == ["batch"] else ""
            ctx.note(
                f"hint: resume with the same command (journal {journal}): "
                f"replicate-ext {again or f'batch {args.ref} {args.inputs}'}"
            )
        return EXIT_INTERRUPTED
    finally:
        if out is not None:
            out.close()
    progress.end()
    if progress.last is not None and not ctx.json:
        ctx.note(progress.text(progress.last).rsplit(" / ETA", 1)[0])
    return EXIT_FAILURE if failed else EXIT_OK


def _quote(arg: str) -> str:
    import shlex

    return shlex.quote(arg)
