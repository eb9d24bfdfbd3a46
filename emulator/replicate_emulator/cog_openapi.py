"""The OpenAPI schema ``cog build`` would bake into a Cog predictor's image.

``cog build`` writes the model's OpenAPI schema to ``.cog/openapi_schema.json`` in the
image; Cog's runtime (``coglet``) reads that file, relative to its working directory,
to serve ``/openapi.json`` and to validate inputs. Without Docker,
:func:`generate` produces the same document with the Cog SDK's own introspection,
in a short-lived subprocess started with the runtime's working directory and
environment, and :func:`bake` writes it where the runtime looks for it.

Neither ``cog`` nor ``coglet`` is imported by this module: only the subprocess
(``sys.executable``) needs them.

Example:
    >>> document = {"paths": {"/predictions": {"post": {"x-cog-streaming": True}}}}
    >>> served(document, streaming=False)
    {'paths': {'/predictions': {'post': {}}}}
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cog_openapi_script import SCRIPT

__all__ = ["PredictorSchema", "bake", "generate", "served"]


@dataclass(frozen=True)
class PredictorSchema:
    """A predictor's generated OpenAPI schema and what it says about its output.

    Attributes:
        document: The OpenAPI document, as ``cog build`` would produce it.
        streaming: Whether the model opted in to streaming with ``@cog.streaming``.
        iterator_output: Whether the output is an iterator (``Output`` has
            ``x-cog-array-type: iterator``): its chunks arrive as they are produced.
    """

    document: dict[str, Any]
    streaming: bool
    iterator_output: bool


def generate(
    ref: str,
    rel_file: str,
    name: str,
    *,
    run_dir: Path,
    env: dict[str, str],
    out: Path,
    deadline: float,
) -> PredictorSchema:
    """Generate a predictor's OpenAPI schema with the Cog SDK, in a subprocess.

    Args:
        ref: The predictor reference, as the user gave it (for error messages).
        rel_file: The predictor file, relative to ``run_dir``.
        name: The predictor class or function in that file.
        run_dir: The runtime's working directory (the model's project files).
        env: The runtime's environment.
        out: Where the subprocess writes its result (a scratch file).
        deadline: :func:`time.monotonic` value by which it must be done.

    Returns:
        The schema, and whether the model streams and has iterator output.

    Raises:
        RuntimeError: If the predictor cannot be loaded (with the subprocess's
            output), or not in time.
    """
    try:
        gen = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SCRIPT, rel_file, name, str(out)],
            cwd=run_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=max(1.0, deadline - time.monotonic()),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"timed out loading predictor {ref!r}") from exc
    if gen.returncode != 0:
        output = (gen.stderr or gen.stdout).decode("utf-8", "replace")[-4000:]
        raise RuntimeError(f"cannot load Cog predictor {ref!r}:\n{output}")
    result = json.loads(out.read_text(encoding="utf-8"))
    document: dict[str, Any] = result["schema"]
    output_schema = document["components"]["schemas"]["Output"]
    return PredictorSchema(
        document=document,
        streaming=bool(result["streaming"]),
        iterator_output=output_schema.get("x-cog-array-type") == "iterator",
    )


def bake(run_dir: Path, schema: PredictorSchema) -> None:
    """Write the schema where the runtime reads it (``.cog/openapi_schema.json``).

    The runtime's copy always has ``x-cog-streaming`` set, so that it streams
    events (SSE) and logs arrive live; :func:`served` removes it again for
    models that did not opt in.

    Args:
        run_dir: The runtime's working directory; ``.cog/`` must exist in it.
        schema: The generated schema (left unchanged).
    """
    document = copy.deepcopy(schema.document)
    document["paths"]["/predictions"]["post"]["x-cog-streaming"] = True
    (run_dir / ".cog" / "openapi_schema.json").write_text(json.dumps(document), encoding="utf-8")


def served(document: dict[str, Any], *, streaming: bool) -> dict[str, Any]:
    """The schema to show callers, from the one the runtime serves.

    Args:
        document: The runtime's ``/openapi.json`` (modified in place).
        streaming: Whether the model opted in with ``@cog.streaming``; if not,
            the ``x-cog-streaming`` flag :func:`bake` added is removed.

    Returns:
        ``document``.
    """
    if not streaming:
        post = document.get("paths", {}).get("/predictions", {}).get("post", {})
        post.pop("x-cog-streaming", None)
    return document
