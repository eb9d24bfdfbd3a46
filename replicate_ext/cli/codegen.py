"""``replicate-ext codegen REF``: write a typed Python module for a model (see ``replicate_ext.codegen``).

Example:
    $ replicate-ext codegen replicate-ext/image -o image_model.py
    wrote image_model.py (replicate-ext/image: 5 inputs)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..codegen import render_module
from ..refs import parse_model_ref
from ..schema import ModelSchema
from .context import Context
from .errors import EXIT_OK, UsageError
from .inputs import fetch_schema

__all__ = ["cmd_codegen", "schema_from_file"]


def schema_from_file(path: str) -> dict[str, Any]:
    """The ``openapi_schema`` in a JSON file: the document itself, a version (its
    ``openapi_schema``) or a model (its ``latest_version.openapi_schema``).

    Raises:
        UsageError: The file cannot be read, or holds no OpenAPI schema.

    Example:
        >>> schema_from_file("schema.json")["components"]["schemas"]["Input"]  # doctest: +SKIP
    """
    try:
        data = json.loads(Path(path).read_bytes())
    except OSError as exc:
        raise UsageError(f"--schema-file {path}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise UsageError(f"--schema-file {path}: not valid JSON ({exc})") from None
    for key in ("latest_version", "openapi_schema"):
        if isinstance(data, dict) and isinstance(data.get(key), dict):
            data = data[key]
    if isinstance(data, dict) and isinstance(data.get("openapi_schema"), dict):
        data = data["openapi_schema"]
    if not isinstance(data, dict) or "components" not in data:
        raise UsageError(
            f"--schema-file {path}: no OpenAPI schema (components.schemas.Input) found",
            hint="pass a version's openapi_schema, a version or a model as JSON",
        )
    return data


def cmd_codegen(ctx: Context) -> int:
    """``codegen REF [--schema-file FILE] [-o OUT.py]``: print or write the module.

    Example:
        >>> main(["codegen", "replicate-ext/hello"])  # doctest: +SKIP
        0
    """
    args = ctx.args
    ref = parse_model_ref(args.ref)
    if ref.owner is None:
        raise UsageError(
            "codegen needs OWNER/NAME or OWNER/NAME:VERSION (a bare version id has no model name)"
        )
    model = f"{ref.owner}/{ref.name}"
    schema = schema_from_file(args.schema_file) if args.schema_file else None
    if schema is None:
        schema = fetch_schema(ctx.client, args.ref)
    if schema is None:
        raise UsageError(f"{args.ref} has no OpenAPI schema", hint="pass --schema-file FILE")
    module = Path(args.output).stem if args.output not in (None, "-") else None
    source = render_module(schema, model=model, version=ref.version, module=module)
    if args.output in (None, "-"):
        ctx.out.write(source)
        ctx.out.flush()
        return EXIT_OK
    Path(args.output).write_text(source, encoding="utf-8")
    count = len(ModelSchema(schema).inputs)
    ctx.note(f"wrote {args.output} ({model}: {count} input{'s' if count != 1 else ''})")
    return EXIT_OK
