"""Property-based tests: the parsing layer returns a model or raises a ReplicateError, never else."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replicate_ext import InvalidReferenceError, ReplicateError
from replicate_ext._call import Call, parse
from replicate_ext.refs import ModelRef, parse_model_ref

SPEC = yaml.safe_load(
    (Path(__file__).resolve().parents[1] / "openapi" / "replicate.yaml").read_text()
)
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
DATES = st.sampled_from(
    ["2025-01-01T00:00:00Z", "2025-01-01T00:00:00.123456+00:00", "not a date", "", "2025-13-45"]
)


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(schema["allOf"][0])
    return schema


def strategy(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values shaped like ``schema`` most of the time, and anything JSON some of the time."""
    schema = _resolve(schema)
    if depth > 3:
        return JSON
    kind = schema.get("type")
    shaped: st.SearchStrategy[Any]
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        shaped = st.fixed_dictionaries(
            {}, optional={name: strategy(sub, depth + 1) for name, sub in props.items()}
        ) | st.dictionaries(st.text(max_size=10), JSON, max_size=3)
    elif kind == "array":
        shaped = st.lists(strategy(schema.get("items", {}), depth + 1), max_size=3)
    elif kind == "string" and schema.get("format") == "date-time":
        shaped = DATES
    elif kind == "string":
        shaped = st.text(max_size=20)
    elif kind == "integer":
        shaped = st.integers()
    elif kind == "number":
        shaped = st.floats(allow_nan=False)
    elif kind == "boolean":
        shaped = st.booleans()
    else:
        shaped = JSON
    return st.one_of(shaped, shaped, shaped, st.none(), JSON)


def _json_operations() -> list[tuple[str, int, dict[str, Any]]]:
    found = []
    for item in SPEC["paths"].values():
        for op in item.values():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            for code, response in op["responses"].items():
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if str(code).startswith("2") and schema is not None:
                    module = f"{op['tags'][0]}.{op['operationId'].replace('.', '_')}"
                    found.append((module, int(code), schema))
    return found


OPERATIONS = _json_operations()


def test_every_json_operation_is_covered() -> None:
    assert len({module for module, _, _ in OPERATIONS}) >= 25


@pytest.mark.parametrize(
    ("module", "status", "schema"), OPERATIONS, ids=[f"{m}-{c}" for m, c, _ in OPERATIONS]
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_parsing_returns_a_model_or_a_replicate_error(
    module: str, status: int, schema: dict[str, Any], data: st.DataObject
) -> None:
    body = data.draw(strategy(schema))
    request = httpx.Request("GET", "https://api.replicate.com/v1/x")
    response = httpx.Response(status, content=json.dumps(body).encode(), request=request)
    try:
        generated = importlib.import_module(f"replicate_api.api.{module}")
        parsed = parse(Call({}, generated.parse_response), response)
    except ReplicateError:
        return
    assert (
        parsed is not None
        or body is None
        or body == {}
        or isinstance(body, list | str | int | float | bool)
    )


@given(st.text(max_size=80))
def test_any_text_is_a_reference_or_a_clear_error(text: str) -> None:
    try:
        ref = parse_model_ref(text)
    except InvalidReferenceError as exc:
        message = str(exc)
        ref = None
    if ref is None:
        assert "owner/name" in message
        return
    assert isinstance(ref, ModelRef)
    assert (
        str(ref) == text.lower()
        if ref.owner is None
        else str(ref).split(":")[0] == text.split(":")[0]
    )


SEGMENT = st.from_regex(r"[A-Za-z0-9](?:[A-Za-z0-9_.-]{0,20}[A-Za-z0-9_])?", fullmatch=True)
VERSION = st.from_regex(r"[0-9a-f]{64}", fullmatch=True)


@given(SEGMENT, SEGMENT, st.none() | VERSION)
def test_valid_references_round_trip(owner: str, name: str, version: str | None) -> None:
    text = f"{owner}/{name}" + (f":{version}" if version else "")
    ref = parse_model_ref(text)
    assert (ref.owner, ref.name, ref.version) == (owner, name, version)
    assert str(ref) == text
