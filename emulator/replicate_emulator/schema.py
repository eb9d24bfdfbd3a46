"""Cog-style model schemas: building them and validating prediction input against them."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "InvalidField",
    "cog_schema",
    "input_schema",
    "is_streaming",
    "permissive_schema",
    "validate_input",
]

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_TYPE_NAMES = {
    str: "string",
    bool: "boolean",
    int: "integer",
    float: "number",
    list: "array",
    dict: "object",
    type(None): "null",
}


@dataclass(frozen=True)
class InvalidField:
    """One problem found in a prediction input, shaped like Replicate's ``invalid_fields``.

    Example:
        >>> InvalidField("required", "input.prompt", "prompt is required").as_json()["field"]
        'input.prompt'
    """

    type: str
    field: str
    description: str

    def as_json(self) -> dict[str, str]:
        """Return the JSON object sent in the 422 response."""
        return {"type": self.type, "field": self.field, "description": self.description}


def cog_schema(input_schema: dict[str, Any], output_schema: dict[str, Any]) -> dict[str, Any]:
    """Wrap Input and Output schemas into an openapi document shaped like Cog's.

    Example:
        >>> doc = cog_schema({"type": "object", "properties": {}}, {"type": "string"})
        >>> sorted(doc["components"]["schemas"])
        ['Input', 'Output']
    """
    inp = {"title": "Input", **input_schema}
    out = {"title": "Output", **output_schema}
    return {
        "openapi": "3.0.2",
        "info": {"title": "Cog", "version": "0.1.0"},
        "paths": {},
        "components": {"schemas": {"Input": inp, "Output": out}},
    }


def permissive_schema() -> dict[str, Any]:
    """Return a schema accepting any input and any output (used when a model gives none).

    Example:
        >>> permissive_schema()["components"]["schemas"]["Input"]["additionalProperties"]
        True
    """
    return cog_schema({"type": "object", "properties": {}, "additionalProperties": True}, {})


def input_schema(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the ``Input`` component of a Cog openapi document (permissive if missing).

    Example:
        >>> input_schema({})["additionalProperties"]
        True
    """
    schemas = doc.get("components", {}).get("schemas", {})
    found = schemas.get("Input")
    if isinstance(found, dict):
        return found
    return {"type": "object", "properties": {}, "additionalProperties": True}


def is_streaming(doc: dict[str, Any]) -> bool:
    """Tell whether the model's Output is an iterator (Cog's ``x-cog-array-type``).

    Example:
        >>> is_streaming(cog_schema({}, {"type": "array", "x-cog-array-type": "iterator"}))
        True
    """
    out = doc.get("components", {}).get("schemas", {}).get("Output", {})
    return isinstance(out, dict) and out.get("x-cog-array-type") == "iterator"


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Merge ``$ref`` and ``allOf`` parts (as Cog emits for enums) into one flat schema."""
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k not in ("$ref", "allOf")}
    parts: list[Any] = list(schema.get("allOf", []))
    if "$ref" in schema:
        parts.append({"$ref": schema["$ref"]})
    for part in parts:
        if not isinstance(part, dict):
            continue
        ref = part.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target: Any = doc
            for key in ref[2:].split("/"):
                target = target.get(key, {}) if isinstance(target, dict) else {}
            part = target if isinstance(target, dict) else {}
        for key, value in _resolve(doc, part).items():
            merged.setdefault(key, value)
    return merged


def _type_name(value: Any) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


def _check(
    doc: dict[str, Any], schema: dict[str, Any], value: Any, name: str
) -> list[InvalidField]:
    schema = _resolve(doc, schema)
    expected = schema.get("type")
    if isinstance(expected, str) and expected in _JSON_TYPES:
        ok = isinstance(value, _JSON_TYPES[expected])
        if expected in ("integer", "number") and isinstance(value, bool):
            ok = False
        if expected == "integer" and isinstance(value, float) and value.is_integer():
            ok = True
        if not ok:
            desc = f"Invalid type. Expected: {expected}, given: {_type_name(value)}"
            return [InvalidField("invalid_type", name, desc)]
    problems: list[InvalidField] = []
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        choices = ", ".join(repr(c) for c in enum)
        desc = f"{name} must be one of the following: {choices}"
        problems.append(InvalidField("enum", name, desc))
    pattern = schema.get("pattern")
    if isinstance(value, str) and isinstance(pattern, str) and not re.search(pattern, value):
        problems.append(InvalidField("pattern", name, f"Does not match pattern '{pattern}'"))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            desc = f"Must be greater than or equal to {schema['minimum']}"
            problems.append(InvalidField("number_gte", name, desc))
        if "maximum" in schema and value > schema["maximum"]:
            desc = f"Must be less than or equal to {schema['maximum']}"
            problems.append(InvalidField("number_lte", name, desc))
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            problems += _check(doc, schema["items"], item, f"{name}.{i}")
    return problems


def validate_input(doc: dict[str, Any], given: Any) -> tuple[dict[str, Any], list[InvalidField]]:
    """Validate a prediction input against a model's Cog schema and apply defaults.

    Returns the input with defaults filled in (what the model receives) and the list of
    problems; the input is acceptable when that list is empty.

    Example:
        >>> doc = cog_schema(
        ...     {"type": "object", "properties": {"n": {"type": "integer", "default": 1}}},
        ...     {"type": "integer"},
        ... )
        >>> validate_input(doc, {})
        ({'n': 1}, [])
        >>> [p.field for p in validate_input(doc, {"n": "x", "m": 2})[1]]
        ['input.m', 'input.n']
    """
    if not isinstance(given, dict):
        desc = f"Invalid type. Expected: object, given: {_type_name(given)}"
        return {}, [InvalidField("invalid_type", "input", desc)]
    schema = _resolve(doc, input_schema(doc))
    props: dict[str, Any] = schema.get("properties") or {}
    problems: list[InvalidField] = []
    if not schema.get("additionalProperties", False):
        for key in given:
            if key not in props:
                desc = f"Additional property {key} is not allowed"
                problems.append(
                    InvalidField("additional_property_not_allowed", f"input.{key}", desc)
                )
    for key in schema.get("required") or []:
        if given.get(key) is None:
            problems.append(InvalidField("required", f"input.{key}", f"{key} is required"))
    required = set(schema.get("required") or [])
    result: dict[str, Any] = {}
    for key, prop in props.items():
        if key in given:
            if given[key] is None and key not in required:
                continue
            if isinstance(prop, dict):
                problems += _check(doc, prop, given[key], f"input.{key}")
        elif isinstance(prop, dict) and _resolve(doc, prop).get("default") is not None:
            # a null default is left out, as the platform does: Cog's runtime refuses null
            result[key] = copy.deepcopy(_resolve(doc, prop)["default"])
    for key, value in given.items():
        result[key] = value
    problems.sort(key=lambda p: p.field)
    return result, problems
