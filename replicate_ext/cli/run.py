"""``replicate-ext run``: run a model, show its progress, print or save its output.

The prediction is created first and then waited on (or streamed), so its id is known before
the wait starts: Ctrl-C at any point after that cancels it, says ``Canceled prediction <id>``
and exits with 130.

Example:
    $ replicate-ext run replicate-ext/image -i width=64 --output-dir out/
    out/output-1.png
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import InvalidArgumentError, PredictionError, ReplicateError
from ..schema import ModelSchema
from .context import Context
from .display import StatusLine
from .errors import EXIT_CLOSED, EXIT_INTERRUPTED, EXIT_OK, UsageError
from .inputs import fetch_schema, input_properties, load_input_json, typed_input
from .output import as_dict, collect_files, render_output, replace_files, save_files

__all__ = ["build_input", "cmd_run", "show_created", "target"]


def target(ref: str) -> tuple[str | None, str | None]:
    """``(version, model)`` for ``predictions.create``: what ``ref`` runs.

    Example:
        >>> target("acme/echo"), target("a" * 64) == ("a" * 64, None)
        ((None, 'acme/echo'), True)
    """
    if "/" not in ref and ":" not in ref:
        return ref, None
    return None, ref


def build_input(
    ctx: Context, schema: dict[str, Any] | None, schema_name: str = "Input"
) -> dict[str, Any]:
    """The input of a run or training from ``--input-json`` and ``-i``, typed by ``schema``.

    Example:
        >>> build_input(ctx, fetch_schema(ctx.client, "replicate-ext/tokens"))  # doctest: +SKIP
        {'count': 3}
    """
    args = ctx.args
    base = load_input_json(args.input_json, ctx.stdin) if args.input_json else None
    warnings: list[str] = []
    checked = getattr(args, "validate", False) and schema is not None  # unknown names: errors
    inp = typed_input(
        args.inputs or [],
        input_properties(schema, schema_name),
        base,
        warnings=None if checked else warnings,
        choices=not checked,
    )
    for warning in warnings:
        ctx.note(f"warning: {warning}")
    return inp


def show_created(ctx: Context, verb: str, kind: str, obj: Any) -> None:
    """Print a created prediction or training: as JSON, or one line and how to follow it.

    Example:
        >>> show_created(ctx, "Started", "training", training)  # doctest: +SKIP
        Started training tid (status: starting)
        hint: replicate-ext trainings get tid
    """
    if ctx.json:
        ctx.emit_json(obj)
    else:
        ctx.print(f"{verb} {kind} {obj.id} (status: {obj.status})")
        ctx.note(f"hint: replicate-ext {kind}s get {obj.id}")


def _interrupted(ctx: Context, prediction: Any, closed: bool = False) -> int:
    """Cancel the prediction after Ctrl-C (or once our output was closed) and say so."""
    code, what = (
        (EXIT_CLOSED, "The output was closed") if closed else (EXIT_INTERRUPTED, "Interrupted")
    )
    pid = getattr(prediction, "id", None)
    if not isinstance(pid, str):
        ctx.note(f"{what} before the prediction was created.")
        ctx.note("hint: it may exist anyway: see `replicate-ext predictions list`")
        return code
    try:
        ctx.client.predictions.cancel(pid)
    except ReplicateError as exc:
        ctx.note(f"{what}, but canceling prediction {pid} failed: {exc}")
        ctx.note(f"hint: replicate-ext predictions cancel {pid}")
        return code
    ctx.note(f"{what}: canceled prediction {pid}" if closed else f"Canceled prediction {pid}")
    return code


def _schema_of(ctx: Context, prediction: Any) -> dict[str, Any] | None:
    """The schema of the version a prediction ran, best effort (for a bare version id run)."""
    model, version = getattr(prediction, "model", None), getattr(prediction, "version", None)
    if not isinstance(model, str) or not isinstance(version, str) or "/" not in model:
        return None
    try:
        return fetch_schema(ctx.client, f"{model}:{version}")
    except (ReplicateError, ValueError):
        return None


def _finish(ctx: Context, prediction: Any, schema: dict[str, Any] | None, streamed: bool) -> int:
    """Report a finished prediction: its output (files saved) or its failure."""
    if getattr(prediction, "status", None) != "succeeded" and ctx.json:
        ctx.emit_json(prediction)
    output = ctx.client.output(prediction)  # raises ModelError / PredictionCanceledError
    files = collect_files(output)
    out_dir: Path | None = ctx.args.output_dir
    paths = save_files(files, out_dir) if out_dir is not None and files else []
    if ctx.json:
        data = as_dict(prediction)
        if out_dir is not None:
            data["saved_files"] = [str(p) for p in paths]
        ctx.emit_json(data)
    elif streamed:
        for path in paths:
            ctx.print(str(path))
    else:
        saved = {id(f): p for f, p in zip(files, paths, strict=False)}
        if schema is None and isinstance(output, list):
            schema = _schema_of(ctx, prediction)
        text = render_output(replace_files(output, saved), schema)
        if text is not None:
            ctx.print(text)
    return EXIT_OK


def _wait(ctx: Context, inp: dict[str, Any], schema: dict[str, Any] | None) -> int:
    client = ctx.client
    prediction: Any = None
    try:
        with StatusLine(ctx.err, enabled=ctx.interactive) as status:
            prediction = client.run(ctx.args.ref, inp, wait=False)
            status.update(prediction, None)
            prediction = client.wait(prediction, on_progress=status.update)
    except KeyboardInterrupt:
        return _interrupted(ctx, prediction)
    return _finish(ctx, prediction, schema, streamed=False)


def _stream(ctx: Context, inp: dict[str, Any], schema: dict[str, Any] | None) -> int:
    client = ctx.client
    prediction: Any = None
    ended = True  # whether stdout is at the start of a line
    streamed = True
    try:
        with StatusLine(ctx.err, enabled=ctx.interactive) as status:
            version, model = target(ctx.args.ref)
            prediction = client.predictions.create(
                version=version, model=model, input=inp, stream=True
            )
            status.update(prediction, None)
            try:
                for event in client.predictions.stream(prediction):
                    status.stop()
                    if not ctx.json:
                        text = str(event)
                        ctx.out.write(text)
                        ctx.out.flush()
                        ended = ended if not text else text.endswith("\n")
            except PredictionError:
                pass  # reported below, from the finished prediction
            except InvalidArgumentError:  # no stream URL: wait for the output instead
                streamed = False
                ctx.note("note: this model does not stream its output; waiting for it")
            finally:
                if not ended:
                    ctx.print()
            prediction = client.wait(prediction, on_progress=status.update)
    except KeyboardInterrupt:
        return _interrupted(ctx, prediction)
    except BrokenPipeError:  # ``| head`` has what it wanted: stop paying for the rest
        return _interrupted(ctx, prediction, closed=True)
    return _finish(ctx, prediction, schema, streamed=streamed)


def cmd_run(ctx: Context) -> int:
    """``run REF [-i k=v ...] [--input-json F] [--no-wait] [--stream] [--output-dir D] [--json]
    [--no-validate]``: the inputs are checked against the model's schema first (exit 2 with
    every problem listed, unless ``--no-validate``).

    Example:
        >>> main(["run", "replicate-ext/hello", "-i", "name=Ada"])  # doctest: +SKIP
        hello Ada
        0
    """
    args = ctx.args
    if args.stream and not args.wait:
        raise UsageError("--stream and --no-wait do not go together", hint="drop one of them")
    if args.output_dir is not None and not args.wait:
        raise UsageError("--output-dir needs to wait for the output", hint="drop --no-wait")
    schema = fetch_schema(ctx.client, args.ref)
    inp = build_input(ctx, schema)
    if args.validate and schema is not None:
        ModelSchema(schema).validate(inp, model=args.ref)  # InputValidationError: exit 2
    if not args.wait:
        show_created(ctx, "Created", "prediction", ctx.client.run(args.ref, inp, wait=False))
        return EXIT_OK
    if args.stream:
        return _stream(ctx, inp, schema)
    return _wait(ctx, inp, schema)
