"""What a model takes: one :class:`InputSpec` per input, read from ``components.schemas.Input``.

Example:
    >>> doc = {"components": {"schemas": {"Input": {
    ...     "required": ["prompt"],
    ...     "properties": {
    ...         "steps": {"type": "integer", "default": 20, "minimum": 1, "x-order": 1},
    ...         "prompt": {"type": "string", "x-order": 0},
    ...     }}}}}
    >>> [(s.name, s.type, s.required, s.default) for s in read_inputs(doc)[0].values()]
    [('prompt', 'string', True, None), ('steps', 'integer', False, 20)]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from typing import Any

from .resolve import definitions_of, resolve

__all__ = ["InputSpec", "read_inputs", "spec_of"]

_JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "array", "object"})


@dataclasses.dataclass(frozen=True, slots=True)
class InputSpec:
    """One input of a model, as its schema describes it.

    Attributes:
        name: The input's name (``list[1]`` style for an array's items).
        type: ``"string"``, ``"integer"``, ``"number"``, ``"boolean"``, ``"array"``,
            ``"object"``, or ``None`` when the schema does not say (anything goes).
        required: The model cannot run without it.
        default: The default the model uses when the input is left out (``None`` if none).
        has_default: Whether the schema gives a default (it may be ``None``).
        description: What the input is for.
        title: A short label.
        choices: The allowed values (``enum``), or ``None``.
        minimum: The least allowed number (``minimum``), or ``None``.
        maximum: The greatest allowed number (``maximum``), or ``None``.
        exclusive_minimum: Numbers must be greater than this, or ``None``.
        exclusive_maximum: Numbers must be less than this, or ``None``.
        min_length: The shortest allowed text, in characters.
        max_length: The longest allowed text, in characters.
        pattern: A regular expression the text must match (searched, as JSON Schema does).
        min_items: The fewest items of a list.
        max_items: The most items of a list.
        file: A file input (``format: uri``): a ``Path``, bytes, an open binary file, an
            ``http(s)`` URL or a data URI.
        secret: A secret (Cog's ``Secret``: ``format: password``); never shown.
        nullable: ``None`` is allowed.
        items: The spec of a list's items, or ``None``.
        variants: For ``anyOf``: the allowed alternatives, or ``None``.
        order: The position Cog gives it (``x-order``), or ``None``.
        deprecated: The schema marks it deprecated.
        schema: The input's schema, flattened (``$ref``/``allOf`` folded in).
    """

    name: str
    type: str | None = None
    required: bool = False
    default: Any = None
    has_default: bool = False
    description: str | None = None
    title: str | None = None
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None
    file: bool = False
    secret: bool = False
    nullable: bool = False
    items: InputSpec | None = None
    variants: tuple[InputSpec, ...] | None = None
    order: int | None = None
    deprecated: bool = False
    schema: Mapping[str, Any] = dataclasses.field(default_factory=dict, repr=False)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value if math.isfinite(value) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _exclusive(flat: Mapping[str, Any], key: str, bound: str) -> float | None:
    """``exclusiveMinimum``: a number (JSON Schema 2019+) or ``true`` beside ``minimum`` (3.0)."""
    value = flat.get(key)
    if value is True:
        return _number(flat.get(bound))
    return _number(value)


def spec_of(
    name: str,
    prop: Mapping[str, Any],
    definitions: Mapping[str, Any],
    *,
    required: bool = False,
) -> InputSpec:
    """The spec of one property (resolved against ``definitions``).

    Example:
        >>> spec_of("image", {"type": "string", "format": "uri"}, {}).file
        True
    """
    flat = resolve(prop, definitions)
    kind = flat.get("type")
    kind = kind if kind in _JSON_TYPES else None
    choices = flat.get("enum")
    items = flat.get("items")
    variants = flat.get("anyOf")
    fmt = flat.get("format")
    exclusive_min = _exclusive(flat, "exclusiveMinimum", "minimum")
    exclusive_max = _exclusive(flat, "exclusiveMaximum", "maximum")
    return InputSpec(
        name=name,
        type=kind,
        required=required,
        default=flat.get("default"),
        has_default="default" in flat,
        description=_text(flat.get("description")),
        title=_text(flat.get("title")),
        choices=tuple(choices) if isinstance(choices, list) and choices else None,
        minimum=None if flat.get("exclusiveMinimum") is True else _number(flat.get("minimum")),
        maximum=None if flat.get("exclusiveMaximum") is True else _number(flat.get("maximum")),
        exclusive_minimum=exclusive_min,
        exclusive_maximum=exclusive_max,
        min_length=_count(flat.get("minLength")),
        max_length=_count(flat.get("maxLength")),
        pattern=_text(flat.get("pattern")),
        min_items=_count(flat.get("minItems")),
        max_items=_count(flat.get("maxItems")),
        file=kind == "string" and fmt in ("uri", "binary"),
        secret=bool(flat.get("x-cog-secret")) or (kind == "string" and fmt == "password"),
        nullable=flat.get("nullable") is True,
        items=(
            spec_of(f"{name}[]", items, definitions)
            if kind == "array" and isinstance(items, Mapping)
            else None
        ),
        variants=(
            tuple(spec_of(name, v, definitions) for v in variants)
            if isinstance(variants, list) and kind is None
            else None
        ),
        order=_count(flat.get("x-order")),
        deprecated=flat.get("deprecated") is True,
        schema=flat,
    )


def read_inputs(document: Mapping[str, Any] | None) -> tuple[dict[str, InputSpec], bool]:
    """The inputs of a Cog OpenAPI document, in ``x-order`` order, and whether others are allowed.

    Inputs without ``x-order`` come after those with one, in the order the schema lists them.
    A document without an ``Input`` schema, or one that lists no properties, allows any input.

    Args:
        document: A version's ``openapi_schema``.

    Returns:
        ``(inputs, open)``: name -> :class:`InputSpec`, and whether names the schema does not
        list are accepted (``additionalProperties``, or nothing known).

    Example:
        >>> read_inputs({})
        ({}, True)
    """
    definitions = definitions_of(document)
    found = definitions.get("Input")
    if not isinstance(found, Mapping):
        return {}, True
    schema = resolve(found, definitions)
    props = schema.get("properties")
    if not isinstance(props, Mapping) or not props:
        return {}, True
    required = {n for n in schema.get("required") or () if isinstance(n, str)}
    specs = [
        spec_of(str(name), prop, definitions, required=name in required)
        for name, prop in props.items()
        if isinstance(prop, Mapping)
    ]
    ranked = sorted(
        enumerate(specs), key=lambda pair: (pair[1].order is None, pair[1].order or 0, pair[0])
    )
    extra = schema.get("additionalProperties")
    is_open = extra is True or isinstance(extra, Mapping)
    return {spec.name: spec for _, spec in ranked}, is_open
