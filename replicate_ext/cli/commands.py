"""``predictions``, ``models`` and ``trainings``: look things up, cancel them, start trainings.

Each command prints a short human summary, or with ``--json`` the API object as JSON.

Example:
    $ replicate-ext predictions list --limit 2
    ID                          STATUS     MODEL                 CREATED
    gm3qorzdhgbfurvjtvhg6dckhu  succeeded  replicate-ext/hello   2025-01-01T00:00:00+00:00
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from typing import Any

from ..pagination import Paginator
from ..refs import parse_model_ref, parse_owner_name
from .context import Context
from .errors import EXIT_OK, UsageError
from .inputs import fetch_version, input_properties
from .output import as_dict, render_output, table
from .run import build_input, show_created

__all__ = [
    "cmd_models_get",
    "cmd_models_versions",
    "cmd_predictions_cancel",
    "cmd_predictions_get",
    "cmd_predictions_list",
    "cmd_trainings_cancel",
    "cmd_trainings_create",
    "cmd_trainings_get",
    "describe_inputs",
    "show_fields",
    "show_items",
]


def show_fields(ctx: Context, obj: Any, keys: list[str]) -> None:
    """Print ``key: value`` lines for the fields of ``obj`` that are set, then its output.

    Example:
        >>> show_fields(ctx, prediction, ["id", "status"])  # doctest: +SKIP
        id: gm3qorzdhgbfurvjtvhg6dckhu
        status: succeeded
    """
    data = as_dict(obj)
    for key in keys:
        value = data.get(key)
        if value is None or value == "" or value == {}:
            continue
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        ctx.print(f"{key}: {shown}")
    if data.get("output") is not None:
        ctx.print("output:")
        ctx.print(render_output(data["output"]) or "")


def show_items(
    ctx: Context, pages: Paginator[Any], headers: Sequence[str], row: Callable[[Any], list[Any]]
) -> int:
    """Print the first ``--limit`` items of ``pages``: as JSON, or a table of ``row(item)``.

    Example:
        >>> show_items(ctx, ctx.client.paginate(ctx.client.files.list), ["ID"], lambda f: [f.id])  # doctest: +SKIP
        ID
        hrs3z5bobb52lt6p46amjz3t5i
        0
    """
    items = list(itertools.islice(pages.items(), ctx.args.limit))
    if ctx.json:
        ctx.emit_json(items)
    else:
        ctx.print(table([row(item) for item in items], headers))
    return EXIT_OK


def _get(ctx: Context, get: Callable[[str], Any], keys: list[str], *, logs: bool = False) -> int:
    """Fetch the ``ID`` and print it: as JSON, or its ``keys`` (and its ``logs`` if asked)."""
    obj = get(ctx.args.id)
    if ctx.json:
        ctx.emit_json(obj)
        return EXIT_OK
    show_fields(ctx, obj, keys)
    text = getattr(obj, "logs", None) if logs else None
    if isinstance(text, str) and text.strip():
        ctx.print("logs:")
        ctx.print(text.rstrip("\n"))
    return EXIT_OK


def _cancel(ctx: Context, cancel: Callable[[str], Any], kind: str) -> int:
    """Cancel the ``kind`` (``prediction``, ``training``) ``ID`` and say where it stands."""
    obj = cancel(ctx.args.id)
    status = getattr(obj, "status", None)
    if ctx.json:
        ctx.emit_json(obj)
    elif status in ("canceled", "aborted"):
        ctx.print(f"Canceled {kind} {obj.id}")
    elif status in ("succeeded", "failed"):
        ctx.print(f"{kind.capitalize()} {obj.id} had already finished (status: {status})")
    else:
        ctx.print(f"Cancel requested for {kind} {obj.id} (status: {status})")
    return EXIT_OK


_PREDICTION_FIELDS = ["id", "model", "version", "status", "created_at", "started_at"]
_PREDICTION_FIELDS += ["completed_at", "error", "metrics", "input"]
_TRAINING_FIELDS = ["id", "model", "version", "status", "created_at", "error"]


def cmd_predictions_list(ctx: Context) -> int:
    """``predictions list [--limit N]``: the newest predictions.

    Example:
        >>> main(["predictions", "list", "--json"])  # doctest: +SKIP
        0
    """
    return show_items(
        ctx,
        ctx.client.paginate(ctx.client.predictions.list),
        ["ID", "STATUS", "MODEL", "CREATED"],
        lambda p: [p.id, p.status, getattr(p, "model", None), as_dict(p).get("created_at")],
    )


def cmd_predictions_get(ctx: Context) -> int:
    """``predictions get ID``.

    Example:
        >>> main(["predictions", "get", "gm3qorzdhgbfurvjtvhg6dckhu"])  # doctest: +SKIP
        0
    """
    return _get(ctx, ctx.client.predictions.get, _PREDICTION_FIELDS, logs=True)


def cmd_predictions_cancel(ctx: Context) -> int:
    """``predictions cancel ID``.

    Example:
        >>> main(["predictions", "cancel", "gm3qorzdhgbfurvjtvhg6dckhu"])  # doctest: +SKIP
        0
    """
    return _cancel(ctx, ctx.client.predictions.cancel, "prediction")


def describe_inputs(schema: dict[str, Any] | None) -> list[str]:
    """One line per input of a version schema: name, type, default and description.

    Example:
        >>> s = {"components": {"schemas": {"Input": {"properties": {
        ...     "n": {"type": "integer", "default": 8, "description": "Count"}}}}}}
        >>> describe_inputs(s)
        ['  n (integer, default 8): Count']
    """
    props = input_properties(schema) or {}
    ordered = sorted(props.items(), key=lambda kv: (kv[1].get("x-order", 1 << 30), kv[0]))
    lines = []
    for name, prop in ordered:
        kind = prop.get("format") if prop.get("format") == "uri" else prop.get("type", "any")
        extra = f", default {json.dumps(prop['default'])}" if "default" in prop else ""
        if isinstance(prop.get("enum"), list):
            extra += ", one of " + "|".join(str(c) for c in prop["enum"])
        description = f": {prop['description']}" if prop.get("description") else ""
        lines.append(f"  {name} ({kind}{extra}){description}")
    return lines


def cmd_models_get(ctx: Context) -> int:
    """``models get OWNER/NAME``: description, latest version and its inputs.

    Example:
        >>> main(["models", "get", "replicate-ext/tokens"])  # doctest: +SKIP
        0
    """
    model = ctx.client.models.get(ctx.args.ref)
    if ctx.json:
        ctx.emit_json(model)
        return EXIT_OK
    data = as_dict(model)
    ctx.print(f"{data.get('owner')}/{data.get('name')}: {data.get('description') or ''}".rstrip())
    latest = data.get("latest_version") or {}
    if latest.get("id"):
        ctx.print(f"latest version: {latest['id']}")
    inputs = describe_inputs(latest.get("openapi_schema"))
    if inputs:
        ctx.print("inputs:")
        for line in inputs:
            ctx.print(line)
    return EXIT_OK


def cmd_models_versions(ctx: Context) -> int:
    """``models versions OWNER/NAME [--limit N]``: the model's versions, newest first.

    Example:
        >>> main(["models", "versions", "replicate-ext/echo"])  # doctest: +SKIP
        0
    """
    parse_owner_name(ctx.args.ref)
    return show_items(
        ctx,
        ctx.client.paginate(ctx.client.models.versions.list, model=ctx.args.ref),
        ["ID", "CREATED", "COG"],
        lambda v: [v.id, as_dict(v).get("created_at"), as_dict(v).get("cog_version")],
    )


def cmd_trainings_create(ctx: Context) -> int:
    """``trainings create OWNER/NAME[:VERSION] --destination OWNER/NAME [-i k=v ...]``.

    Without a version, the model's latest version is trained.

    Example:
        >>> main(["trainings", "create", "replicate-ext/echo", "--destination", "me/tuned"])  # doctest: +SKIP
        0
    """
    client = ctx.client
    ref = parse_model_ref(ctx.args.ref)
    if ref.owner is None:
        raise UsageError("trainings need OWNER/NAME or OWNER/NAME:VERSION, not a bare version id")
    model = f"{ref.owner}/{ref.name}"
    version = fetch_version(client, ref)
    version_id = getattr(version, "id", None)
    if not isinstance(version_id, str):
        raise UsageError(f"{model} has no version to train", hint="pass OWNER/NAME:VERSION")
    schema = getattr(version, "openapi_schema", None)
    inp = build_input(ctx, schema if isinstance(schema, dict) else None, "TrainingInput")
    training = client.trainings.create(
        f"{model}:{version_id}", destination=ctx.args.destination, input=inp
    )
    show_created(ctx, "Started", "training", training)
    return EXIT_OK


def cmd_trainings_get(ctx: Context) -> int:
    """``trainings get ID``.

    Example:
        >>> main(["trainings", "get", "tid"])  # doctest: +SKIP
        0
    """
    return _get(ctx, ctx.client.trainings.get, _TRAINING_FIELDS)


def cmd_trainings_cancel(ctx: Context) -> int:
    """``trainings cancel ID``.

    Example:
        >>> main(["trainings", "cancel", "tid"])  # doctest: +SKIP
        0
    """
    return _cancel(ctx, ctx.client.trainings.cancel, "training")
