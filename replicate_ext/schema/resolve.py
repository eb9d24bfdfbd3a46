"""Flatten a property of a Cog schema: ``$ref`` chains and ``allOf`` folded in, ``anyOf`` kept.

Cog describes choices as ``allOf: [{"$ref": "#/components/schemas/<name>"}]`` and optional
inputs with ``nullable: true``; other generators use ``anyOf: [X, {"type": "null"}]`` or a
``type`` list. :func:`resolve` turns each of these into one flat schema, so the rest of the
package reads ``type``, ``enum``, ``nullable`` and the bounds in one place.

Example:
    >>> defs = {"scheduler": {"type": "string", "enum": ["ddim", "euler"], "description": "An enumeration."}}
    >>> resolve({"allOf": [{"$ref": "#/components/schemas/scheduler"}], "description": "Sampler"}, defs)
    {'type': 'string', 'enum': ['ddim', 'euler'], 'description': 'Sampler'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["definitions_of", "resolve"]

#: Deeper ``$ref`` chains than this are taken as cycles: the property is left untyped.
MAX_DEPTH = 16
_COMBINERS = ("$ref", "allOf", "anyOf", "oneOf")


def definitions_of(document: Mapping[str, Any] | None) -> dict[str, Any]:
    """The ``components.schemas`` of an OpenAPI document (``{}`` when it has none).

    Example:
        >>> definitions_of({"components": {"schemas": {"Input": {}}}})
        {'Input': {}}
    """
    components = (document or {}).get("components")
    found = components.get("schemas") if isinstance(components, Mapping) else None
    return dict(found) if isinstance(found, Mapping) else {}


def _target(ref: str, definitions: Mapping[str, Any]) -> Any:
    return definitions.get(ref.rsplit("/", 1)[-1])


def resolve(
    prop: Mapping[str, Any], definitions: Mapping[str, Any], depth: int = 0
) -> dict[str, Any]:
    """One flat schema for ``prop``: its own keywords win over those it refers to.

    ``$ref`` and ``allOf`` parts are merged in; a ``null`` option of ``anyOf``/``oneOf`` or of a
    ``type`` list becomes ``nullable: true``; a single other option is merged in, several are
    kept (resolved) under ``anyOf``. Unknown keywords are kept as they are.

    Args:
        prop: A property schema.
        definitions: ``components.schemas``, where ``$ref`` points.
        depth: How deep in a ``$ref`` chain this is (a cycle stops at :data:`MAX_DEPTH`).

    Returns:
        The flat schema (a new dict; ``prop`` is not changed).

    Example:
        >>> resolve({"anyOf": [{"type": "integer"}, {"type": "null"}], "default": None}, {})
        {'type': 'integer', 'default': None, 'nullable': True}
    """
    if depth > MAX_DEPTH:
        return {}
    merged = {k: v for k, v in prop.items() if k not in _COMBINERS}
    ref = prop.get("$ref")
    if isinstance(ref, str):
        target = _target(ref, definitions)
        if isinstance(target, Mapping):
            merged = {**resolve(target, definitions, depth + 1), **merged}
    for part in prop.get("allOf") or ():
        if isinstance(part, Mapping):
            merged = {**resolve(part, definitions, depth + 1), **merged}
    kinds = merged.get("type")
    if isinstance(kinds, list):
        named = [k for k in kinds if k != "null"]
        if len(named) != len(kinds):
            merged["nullable"] = True
        if len(named) == 1:
            merged["type"] = named[0]
        else:
            del merged["type"]  # several types: any of them goes
    for key in ("anyOf", "oneOf"):
        options = [
            resolve(option, definitions, depth + 1)
            for option in prop.get(key) or ()
            if isinstance(option, Mapping)
        ]
        if not options:
            continue
        named = [option for option in options if option.get("type") != "null"]
        if len(named) != len(options):
            merged["nullable"] = True
        if len(named) == 1:
            merged = {**named[0], **merged}
        elif named:
            merged["anyOf"] = named
    return merged
