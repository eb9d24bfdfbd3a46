"""Replicate's published OpenAPI description (the referee), loaded and patched in memory.

The file lives outside the repository, in the sibling `shared/reference/` folder (see its
README.md); it is never copied into the repository. Tests load it from there and skip, saying so,
when it is absent.

It has two known defects that would fail correct servers and clients; `patched_reference()` fixes
them in a deep copy (the file on disk is never changed) and checks that each defect is still
there, so that the patch is dropped once the reference is corrected.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

Spec = dict[str, Any]

REFERENCE_PATH = (
    Path(__file__).resolve().parents[2].parent / "shared" / "reference" / "replicate-openapi.yaml"
)
SKIP_REASON = (
    f"Replicate's reference OpenAPI description is not at {REFERENCE_PATH} "
    "(the repository's sibling shared/reference/ folder), so conformance to it cannot be checked"
)

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Defect (b): `Prefer: wait=N` allows N in 1..60, but the reference's pattern
# `[1-9]|[1-9][0-9]|60` also admits 61..99. The corrected pattern admits exactly 1..60.
_PREFER_PATTERN_AS_PUBLISHED = "^wait(=([1-9]|[1-9][0-9]|60))?$"
PREFER_PATTERN = "^wait(=([1-9]|[1-5][0-9]|60))?$"


def require_reference() -> Path:
    """The reference's path, or skip the calling test (or module) when it is absent."""
    if not REFERENCE_PATH.is_file():
        pytest.skip(SKIP_REASON, allow_module_level=True)
    return REFERENCE_PATH


def load_reference() -> Spec:
    """The reference as published (skips when it is absent)."""
    spec: Spec = yaml.safe_load(require_reference().read_text(encoding="utf-8"))
    return spec


def patched_reference() -> Spec:
    """A deep copy of the reference with its two known defects fixed (skips when it is absent)."""
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
