"""Model inputs from the command line: ``-i key=value`` typed by the model's input schema.

With the schema known (``components.schemas.Input`` of the version's ``openapi_schema``),
``integer``, ``number`` and ``boolean`` values are converted, ``array`` and ``object`` values
are parsed as JSON, and enum values are checked. Without it, a value that is a JSON literal
(``3``, ``true``, ``[1, 2]``) is sent as such, anything else as a string. ``@path`` uploads
the file at ``path``; ``@@text`` sends the string ``@text``.

Example:
    >>> props = {"steps": {"type": "integer"}, "prompt": {"type": "string"}}
    >>> typed_input(["steps=30", "prompt=42"], props)
    {'steps': 30, 'prompt': '42'}
    >>> typed_input(["n=3", "tags=[\\"a\\"]", "who=Ada"], None)
    {'n': 3, 'tags': ['a'], 'who': 'Ada'}
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from ..client import Replicate
from ..refs import ModelRef, parse_model_ref
from ..schema.resolve import resolve as resolve_property
from .errors import UsageError

__all__ = [
    "coerce",
    "fetch_schema",
    "fetch_version",
    "input_properties",
    "load_input_json",
    "resolve_property",
    "split_assignment",
    "typed_input",
]

_INTEGER = re.compile(r"[+-]?\d+\Z")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def _json_literal(raw: str) -> Any:
    """``raw`` parsed as strict JSON (no NaN or Infinity); raises ``ValueError``."""
    return json.loads(raw, parse_constant=_reject_constant)


def split_assignment(text: str) -> tuple[str, str]:
    """Split ``key=value`` at the first ``=``.

    Raises:
        UsageError: No ``=`` or an empty key.

    Example:
        >>> split_assignment("prompt=a=b")
        ('prompt', 'a=b')
    """
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise UsageError(
            f"-i {text!r}: expected KEY=VALUE", hint="e.g. -i steps=30 -i image=@a.png"
        )
    return key.strip(), value


def fetch_version(client: Replicate, ref: ModelRef) -> Any:
    """The version ``ref`` (with an owner) names: ``:VERSION``, else the latest (or ``None``).

    Raises:
        NotFoundError: No such model or version.

    Example:
        >>> fetch_version(client, parse_model_ref("replicate-ext/echo")).id  # doctest: +SKIP
    """
    model = f"{ref.owner}/{ref.name}"
    if ref.version is not None:
        return client.models.versions.get(model, ref.version)
    return getattr(client.models.get(model), "latest_version", None)


def fetch_schema(client: Replicate, ref: str) -> dict[str, Any] | None:
    """The ``openapi_schema`` of the version ``ref`` runs, or ``None`` when it cannot be known.

    ``owner/name`` uses the model's latest (or official) version and ``owner/name:VERSION``
    that version; a bare version id has no lookup, so ``None``.

    Raises:
        InvalidReferenceError: A malformed reference.
        NotFoundError: No such model or version.

    Example:
        >>> fetch_schema(client, "replicate-ext/tokens")["components"]["schemas"]["Input"]  # doctest: +SKIP
    """
    parsed = parse_model_ref(ref)
    if parsed.owner is None:
        return None
    schema = getattr(fetch_version(client, parsed), "openapi_schema", None)
    if schema is not None and not isinstance(schema, dict) and hasattr(schema, "to_dict"):
        schema = schema.to_dict()
    return schema if isinstance(schema, dict) else None


def _schemas(schema: dict[str, Any] | None) -> dict[str, Any]:
    components = (schema or {}).get("components")
    found = components.get("schemas") if isinstance(components, dict) else None
    return found if isinstance(found, dict) else {}


def input_properties(schema: dict[str, Any] | None, name: str = "Input") -> dict[str, Any] | None:
    """The properties of ``components.schemas.<name>``, each resolved; ``None`` if unknown.

    A schema that lists no properties but accepts any (``additionalProperties``) is unknown too.

    Example:
        >>> input_properties({"components": {"schemas": {"Input": {"properties": {"n": {"type": "integer"}}}}}})
        {'n': {'type': 'integer'}}
    """
    definitions = _schemas(schema)
    found = definitions.get(name)
    props = found.get("properties") if isinstance(found, dict) else None
    if not isinstance(found, dict) or not isinstance(props, dict):
        return None
    if not props and found.get("additionalProperties"):
        return None  # unknown, or any input goes
    return {k: resolve_property(v, definitions) for k, v in props.items() if isinstance(v, dict)}


def _invalid(key: str, raw: str, expected: str) -> UsageError:
    return UsageError(f"-i {key}={raw!r}: expected {expected}")


def _number(key: str, raw: str) -> int | float:
    if _INTEGER.match(raw.strip()):
        return int(raw)
    try:
        value = float(raw)
    except ValueError:
        raise _invalid(key, raw, "a number") from None
    if not math.isfinite(value):
        raise _invalid(key, raw, "a finite number")
    return value


def _json_of(key: str, raw: str, kind: type, expected: str) -> Any:
    try:
        value = _json_literal(raw)
    except ValueError:
        raise _invalid(key, raw, expected) from None
    if not isinstance(value, kind):
        raise _invalid(key, raw, expected)
    return value


def _typed(key: str, raw: str, kind: Any) -> Any:
    if kind == "integer":
        if not _INTEGER.match(raw.strip()):
            raise _invalid(key, raw, "an integer")
        return int(raw)
    if kind == "number":
        return _number(key, raw)
    if kind == "boolean":
        if raw.strip().lower() in _TRUE:
            return True
        if raw.strip().lower() in _FALSE:
            return False
        raise _invalid(key, raw, "true or false")
    if kind == "array":
        return _json_of(key, raw, list, 'a JSON array such as ["a", "b"]')
    if kind == "object":
        return _json_of(key, raw, dict, 'a JSON object such as {"k": 1}')
    if kind == "string":
        return raw
    try:  # unknown type: best effort
        return _json_literal(raw)
    except ValueError:
        return raw


def coerce(key: str, raw: str, prop: dict[str, Any] | None, *, choices: bool = True) -> Any:
    """Convert one ``-i`` value by its property schema (``None``: best effort); ``choices``:
    refuse a value out of the enum (off when the whole input is validated afterwards).

    Raises:
        UsageError: The value does not fit the type or the enum, or an ``@file`` is missing.

    Example:
        >>> coerce("steps", "30", {"type": "integer"}), coerce("x", "hi", None)
        (30, 'hi')
        >>> coerce("image", "@@me", {"type": "string"})
        '@me'
    """
    if raw.startswith("@@"):
        return raw[1:]
    if raw.startswith("@"):
        path = Path(raw[1:]).expanduser()
        if not path.is_file():
            raise UsageError(
                f"-i {key}={raw}: no such file {str(path)!r}", hint="use @@ for a literal @"
            )
        return path
    value = _typed(key, raw, (prop or {}).get("type"))
    allowed = (prop or {}).get("enum")
    if choices and isinstance(allowed, list) and allowed and value not in allowed:
        raise _invalid(key, raw, "one of " + ", ".join(json.dumps(c) for c in allowed))
    return value


def load_input_json(path: str, stdin: IO[bytes]) -> dict[str, Any]:
    """The JSON object in file ``path`` (``-`` reads stdin).

    Raises:
        UsageError: The file cannot be read or is not a JSON object.

    Example:
        >>> load_input_json("input.json", sys.stdin.buffer)  # doctest: +SKIP
        {'prompt': 'a cat'}
    """
    try:
        data = stdin.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise UsageError(f"--input-json {path}: {exc.strerror or exc}") from None
    try:
        value = json.loads(data)
    except ValueError as exc:
        raise UsageError(f"--input-json {path}: not valid JSON ({exc})") from None
    if not isinstance(value, dict):
        raise UsageError(f"--input-json {path}: expected a JSON object of inputs")
    return value


def typed_input(
    assignments: Sequence[str],
    properties: dict[str, Any] | None,
    base: dict[str, Any] | None = None,
    *,
    warnings: list[str] | None = None,
    choices: bool = True,
) -> dict[str, Any]:
    """Build a model input from ``-i`` assignments, typed by ``properties`` when known.

    Args:
        assignments: ``key=value`` strings; later ones win, and they override ``base``.
        properties: The input schema's properties (:func:`input_properties`), or ``None``.
        base: Inputs loaded from ``--input-json``.
        warnings: Collects a note for each key the schema does not list.
        choices: Refuse values out of an enum at once (off when validated afterwards).

    Returns:
        The input dict (files as ``pathlib.Path``, which the client uploads).

    Example:
        >>> typed_input(["flag=yes"], {"flag": {"type": "boolean"}}, {"n": 1})
        {'n': 1, 'flag': True}
    """
    result = dict(base or {})
    for text in assignments:
        key, raw = split_assignment(text)
        prop = properties.get(key) if properties is not None else None
        if properties is not None and prop is None and warnings is not None:
            known = ", ".join(sorted(properties)) or "none"
            warnings.append(f"the model has no input {key!r} (its inputs: {known})")
        result[key] = coerce(key, raw, prop, choices=choices)
    return result
