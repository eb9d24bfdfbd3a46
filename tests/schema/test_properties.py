"""Property tests: whatever a schema allows (in any of the forms the platform accepts) validates.

Schemas are drawn the way Cog writes them (types, bounds, choices as ``allOf``/``$ref`` enums,
``nullable``, ``x-order`` or none, unknown keywords), then inputs are drawn within them.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from replicate_ext import ModelSchema
from replicate_ext.schema import InputSpec

COG: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "cog_types_schemas.json").read_text()
)
NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,11}", fullmatch=True)
FILES = st.sampled_from(
    ["https://example.com/a.png", "http://x/y", "data:,hi", b"\x89PNG", bytearray(b"x")]
)


@st.composite
def properties(draw: st.DrawFn, name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """One Cog-style property and the component schemas it refers to."""
    kind = draw(st.sampled_from(["integer", "number", "boolean", "string", "file", "array"]))
    prop: dict[str, Any] = {"title": name.title(), "description": draw(st.text(max_size=10))}
    defs: dict[str, Any] = {}
    if draw(st.booleans()):
        prop["x-unknown-keyword"] = draw(st.integers())
    if kind in ("integer", "number"):
        low = draw(st.integers(-100, 100))
        prop.update(type=kind, minimum=float(low), maximum=float(low + draw(st.integers(0, 50))))
        if kind == "integer" and draw(st.booleans()):
            del prop["type"], prop["minimum"], prop["maximum"]
            enum = draw(st.lists(st.integers(-5, 500), min_size=1, max_size=4, unique=True))
            defs[name] = {"type": "integer", "enum": enum, "description": "An enumeration."}
            prop["allOf"] = [{"$ref": f"#/components/schemas/{name}"}]
    elif kind == "string":
        prop["type"] = "string"
        shape = draw(st.sampled_from(["plain", "choices", "pattern", "length", "secret"]))
        if shape == "choices":
            words = draw(
                st.lists(st.text(min_size=1, max_size=6), min_size=1, max_size=4, unique=True)
            )
            defs[name] = {"type": "string", "enum": words, "title": name}
            prop = {k: v for k, v in prop.items() if k != "type"}
            prop["allOf"] = [{"$ref": f"#/components/schemas/{name}"}]
        elif shape == "pattern":
            prop["pattern"] = "^[a-z0-9-]+$"
        elif shape == "length":
            prop.update(minLength=1, maxLength=8)
        elif shape == "secret":
            prop.update({"format": "password", "writeOnly": True, "x-cog-secret": True})
    elif kind == "file":
        prop.update(type="string", format="uri")
    elif kind == "array":
        item = draw(
            st.sampled_from(
                [{"type": "string"}, {"type": "integer"}, {"type": "string", "format": "uri"}]
            )
        )
        prop.update(type="array", items=item)
    else:
        prop["type"] = kind
    if draw(st.booleans()):
        prop["nullable"] = True
    return prop, defs


@st.composite
def schemas(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(st.lists(NAMES, min_size=1, max_size=8, unique=True))
    props: dict[str, Any] = {}
    defs: dict[str, Any] = {}
    ordered = draw(st.booleans())
    for index, name in enumerate(names):
        prop, more = draw(properties(name))
        if ordered:
            prop["x-order"] = index
        props[name] = prop
        defs.update(more)
    required = draw(st.lists(st.sampled_from(names), unique=True))
    inp = {"type": "object", "title": "Input", "properties": props, "required": required}
    return {"openapi": "3.0.2", "components": {"schemas": {"Input": inp, **defs}}}


def value_of(draw: st.DrawFn, spec: InputSpec) -> Any:
    """A value ``spec`` allows, in any form the platform accepts."""
    if spec.choices is not None:
        choice = draw(st.sampled_from(spec.choices))
        return str(choice) if isinstance(choice, int) and draw(st.booleans()) else choice
    if spec.file:
        return draw(FILES)
    if spec.type == "integer":
        low = math.ceil(spec.minimum) if spec.minimum is not None else -(10**6)
        high = math.floor(spec.maximum) if spec.maximum is not None else 10**6
        whole = draw(st.integers(low, high))
        return draw(st.sampled_from([whole, str(whole), float(whole), f" {whole} "]))
    if spec.type == "number":
        real = draw(st.floats(spec.minimum, spec.maximum, allow_nan=False, allow_infinity=False))
        return draw(st.sampled_from([real, repr(real)]))
    if spec.type == "boolean":
        return draw(st.sampled_from([True, False, "true", "False", "yes", "off", 1, 0]))
    if spec.type == "string":
        if spec.pattern is not None:
            return draw(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True))
        shortest, longest = spec.min_length or 0, spec.max_length
        return draw(st.text(min_size=shortest, max_size=longest if longest is not None else 20))
    if spec.type == "array" and spec.items is not None:
        return draw(st.lists(st.deferred(lambda: _values(spec.items)), max_size=3))
    return draw(st.none())


@st.composite
def _value(draw: st.DrawFn, spec: InputSpec) -> Any:
    return value_of(draw, spec)


def _values(spec: InputSpec | None) -> st.SearchStrategy[Any]:
    assert spec is not None
    return _value(spec)


@st.composite
def schema_and_input(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    document = draw(schemas())
    inputs: dict[str, Any] = {}
    for name, spec in ModelSchema(document).inputs.items():
        if spec.required or draw(st.booleans()):
            inputs[name] = value_of(draw, spec)
        elif spec.nullable and draw(st.booleans()):
            inputs[name] = None
    return document, inputs


@settings(max_examples=50, deadline=None, derandomize=True)
@given(schema_and_input())
def test_inputs_within_a_schema_validate(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    document, inputs = case
    ModelSchema(document).validate(inputs)


@settings(max_examples=25, deadline=None, derandomize=True)
@given(st.data())
def test_cog_predictor_inputs_validate(data: st.DataObject) -> None:
    schema = ModelSchema(COG["Predictor"])
    inputs = {"prompt": "a cat", "image": "https://example.com/cat.png"}
    for name, spec in schema.inputs.items():
        if data.draw(st.booleans()):
            inputs[name] = data.draw(_value(spec))
    schema.validate(inputs)


@settings(max_examples=30, deadline=None, derandomize=True)
@given(st.data())
def test_a_default_example_validates(data: st.DataObject) -> None:
    """A default example: a value for each required input, and defaults (as the schema gives
    them) for some of the others."""
    document = data.draw(schemas())
    inputs: dict[str, Any] = {}
    for name, spec in ModelSchema(document).inputs.items():
        if spec.required or data.draw(st.booleans()):
            default = data.draw(_value(spec))
            document["components"]["schemas"]["Input"]["properties"][name]["default"] = default
            inputs[name] = default
    schema = ModelSchema(document)
    schema.validate({n: s.default for n, s in schema.inputs.items() if s.has_default} | inputs)


def test_each_cog_schema_accepts_its_defaults() -> None:
    filled = {"prompt": "a cat", "image": "https://example.com/cat.png", "text": "a b"}
    for document in COG.values():
        schema = ModelSchema(document)
        example = {n: s.default for n, s in schema.inputs.items() if s.has_default}
        schema.validate(example | {n: filled[n] for n in schema.required})
