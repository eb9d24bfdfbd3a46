"""Replicate's published OpenAPI description (the referee), loaded and patched in memory.

The file is test data of the repository, `tests/reference/replicate-openapi.yaml` (its README.md
says where it comes from and how to refresh it). It is always there, so nothing skips for lack of
it: a missing or unreadable copy fails the tests that need it.

It has two known defects that would fail correct servers and clients; `patched_reference()` fixes
them in a deep copy (the file on disk is never changed) and checks that each defect is still
there, so that the patch is dropped once the reference is corrected.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

Spec = dict[str, Any]

REFERENCE_PATH = Path(__file__).resolve().parents[1] / "reference" / "replicate-openapi.yaml"

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Defect (b): `Prefer: wait=N` allows N in 1..60, but the reference's pattern
# `[1-9]|[1-9][0-9]|60` also admits 61..99. The corrected pattern admits exactly 1..60.
_PREFER_PATTERN_AS_PUBLISHED = "^wait(=([1-9]|[1-9][0-9]|60))?$"
PREFER_PATTERN = "^wait(=([1-9]|[1-5][0-9]|60))?$"


def load_reference() -> Spec:
    """The reference as published; fails, saying why, when the in-repo copy is missing."""
    if not REFERENCE_PATH.is_file():
        raise FileNotFoundError(
            f"Replicate's reference OpenAPI description is missing: {REFERENCE_PATH} is test data "
            "of the repository (see tests/reference/README.md to restore or refresh it)"
        )
    spec: Spec = yaml.safe_load(REFERENCE_PATH.read_text(encoding="utf-8"))
    return spec


def patched_reference() -> Spec:
    """A deep copy of the reference with its two known defects fixed."""
    spec = copy.deepcopy(load_reference())
    schemas = spec["components"]["schemas"]

    # Defect (a): a prediction's `version` is `oneOf: [{type: string}, {enum: [hidden]}]`.
    # Official models send `"version": "hidden"`, which matches BOTH branches, so `oneOf`
    # ("exactly one") rejects the very value the second branch documents. `anyOf` is what is
    # meant: any string, "hidden" included.
    version = schemas["schemas_prediction_response"]["properties"]["version"]
    assert "oneOf" in version, "the reference fixed prediction.version: drop this patch"
    version["anyOf"] = version.pop("oneOf")

    # Defect (b): see PREFER_PATTERN above.
    prefer = spec["components"]["parameters"]["parameters_prefer_header"]["schema"]
    assert prefer["pattern"] == _PREFER_PATTERN_AS_PUBLISHED, (
        "the reference changed the Prefer header's pattern: review this patch"
    )
    prefer["pattern"] = PREFER_PATTERN
    return spec


def with_path_prefix(spec: Spec, prefix: str) -> Spec:
    """A copy of `spec` whose paths carry `prefix` (e.g. `/v1`), and no `servers`.

    Tools that match request paths against the document's paths alone (Stoplight Prism) drop the
    base path of `servers`; the prefix puts it back into every path.
    """
    prefixed = copy.deepcopy(spec)
    prefixed["paths"] = {prefix + path: item for path, item in prefixed["paths"].items()}
    prefixed.pop("servers", None)
    return prefixed


def operations(spec: Spec) -> dict[tuple[str, str], str]:
    """`(METHOD, path) -> operationId` for every operation of `spec`."""
    return {
        (method.upper(), path): item[method]["operationId"]
        for path, item in spec["paths"].items()
        for method in HTTP_METHODS
        if method in item
    }
