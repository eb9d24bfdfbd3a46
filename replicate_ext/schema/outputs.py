"""What a model returns: an :class:`OutputSpec` read from ``components.schemas.Output``, and the
output shaped by it.

File URIs become :class:`~replicate_ext.FileOutput`; an iterator shown concatenated
(``x-cog-array-display: concatenate``) is joined into one ``str``; other iterators and lists
are lists; objects and scalars come as they are. Where the schema says nothing, URL strings
are wrapped as ``run()`` wraps them.

Example:
    >>> spec = read_output({"components": {"schemas": {"Output": {
    ...     "type": "array", "items": {"type": "string"},
    ...     "x-cog-array-type": "iterator", "x-cog-array-display": "concatenate"}}}})
    >>> spec.iterator, spec.concatenate, shape(spec, ["Hel", "lo"], FileOutput)
    (True, True, 'Hello')
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from typing import Any

from ..file_output import FileOutput
from .resolve import definitions_of, resolve

__all__ = ["OutputSpec", "decode_chunk", "read_output", "shape"]

Wrap = Callable[[str], FileOutput]


@dataclasses.dataclass(frozen=True, slots=True)
class OutputSpec:
    """The shape of a model's output.

    Attributes:
        type: The JSON type (``None`` when the schema does not say).
        file: A file URI (``format: uri``).
        iterator: Produced item by item (``x-cog-array-type: iterator``).
        concatenate: An iterator whose items are shown joined (streamed text).
        nullable: May be ``None``.
        items: The spec of a list's items.
        properties: The specs of an object's fields.
        schema: The output schema, flattened.
    """

    type: str | None = None
    file: bool = False
    iterator: bool = False
    concatenate: bool = False
    nullable: bool = False
    items: OutputSpec | None = None
    properties: Mapping[str, OutputSpec] | None = None
    schema: Mapping[str, Any] = dataclasses.field(default_factory=dict, repr=False)


def _spec(prop: Mapping[str, Any], definitions: Mapping[str, Any], depth: int = 0) -> OutputSpec:
    flat = resolve(prop, definitions)
    kind = flat.get("type") if isinstance(flat.get("type"), str) else None
    items = flat.get("items")
    props = flat.get("properties")
    deeper = depth < 8
    return OutputSpec(
        type=kind,
        file=kind == "string" and flat.get("format") == "uri",
        iterator=flat.get("x-cog-array-type") == "iterator",
        concatenate=flat.get("x-cog-array-display") == "concatenate",
        nullable=flat.get("nullable") is True,
        items=_spec(items, definitions, depth + 1)
        if isinstance(items, Mapping) and deeper
        else None,
        properties=(
            {
                str(k): _spec(v, definitions, depth + 1)
                for k, v in props.items()
                if isinstance(v, Mapping)
            }
            if isinstance(props, Mapping) and deeper
            else None
        ),
        schema=flat,
    )


def read_output(document: Mapping[str, Any] | None) -> OutputSpec:
    """The output spec of a Cog OpenAPI document (an unknown one when it has none).

    Example:
        >>> read_output({}).type is None
        True
    """
    definitions = definitions_of(document)
    found = definitions.get("Output")
    return _spec(found, definitions) if isinstance(found, Mapping) else OutputSpec()


def shape(spec: OutputSpec, value: Any, wrap: Wrap) -> Any:
    """``value`` shaped by ``spec``: files wrapped with ``wrap``, concatenated text joined.

    Args:
        spec: The output's spec.
        value: The output as the API returned it.
        wrap: Makes a :class:`~replicate_ext.FileOutput` of a URL (bound to a client).

    Returns:
        The shaped output (a value the spec does not describe is returned as it is, with URL
        strings wrapped).

    Example:
        >>> shape(OutputSpec("string", file=True), "https://x/a.png", FileOutput)
        FileOutput('https://x/a.png')
    """
    if value is None:
        return None
    if spec.type is None:
        return _wrap_any(value, wrap)
    if spec.file:
        return wrap(value) if isinstance(value, str) else value
    if spec.type == "array" and isinstance(value, list):
        items = spec.items or OutputSpec()
        if spec.concatenate and all(isinstance(item, str) for item in value):
            return "".join(value)
        return [shape(items, item, wrap) for item in value]
    if spec.type == "object" and isinstance(value, dict) and spec.properties is not None:
        fields = spec.properties
        return {
            key: shape(fields[key], item, wrap) if key in fields else item
            for key, item in value.items()
        }
    return value


def _wrap_any(value: Any, wrap: Wrap) -> Any:
    if isinstance(value, str):
        return wrap(value) if value.startswith(("https://", "http://", "data:")) else value
    if isinstance(value, list):
        return [_wrap_any(item, wrap) for item in value]
    if isinstance(value, dict):
        return {key: _wrap_any(item, wrap) for key, item in value.items()}
    return value


def decode_chunk(spec: OutputSpec, data: str, wrap: Wrap) -> Any:
    """One streamed item of an iterator output, from the data of an ``output`` event.

    Text items come as they are; other items are JSON (a file item is its URL).

    Example:
        >>> item = OutputSpec("string", file=True)
        >>> decode_chunk(OutputSpec("array", iterator=True, items=item), "https://x/1.png", FileOutput)
        FileOutput('https://x/1.png')
    """
    items = spec.items or OutputSpec()
    if items.type == "string" or (items.type is None and not data.lstrip().startswith(("{", "["))):
        return shape(items, data, wrap)
    try:
        value = json.loads(data)
    except ValueError:
        value = data
    return shape(items, value, wrap)
