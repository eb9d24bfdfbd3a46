"""Checking one input value against its :class:`~.inputs.InputSpec`, as leniently as the platform.

Cog and the platform convert values the way pydantic's lax mode does, so these are accepted:
``"3"`` or ``3.0`` for an integer, ``"7.5"`` or ``True`` for a number, ``"true"``/``"no"``/``1``
for a boolean, ``"256"`` for an integer choice. A file input takes a ``Path``, bytes, an open
binary file, an ``http(s)`` URL or a data URI; a string input takes a file too (it is uploaded
and sent as its URL). ``None`` is left to the required-input check. Whatever the schema does not
describe is accepted: the server decides.

Example:
    >>> from .inputs import InputSpec
    >>> out: list[InputProblem] = []
    >>> check(InputSpec("steps", "integer", maximum=50), "60", "steps", out)
    >>> [str(p) for p in out]
    ['steps: 60 is above the maximum, 50']
"""

from __future__ import annotations

import io
import math
import re
import warnings
from pathlib import Path, PurePath
from typing import Any

from ..errors import InputProblem
from .inputs import InputSpec

__all__ = ["check", "closest", "describe"]

_BAD: Any = object()
_TRUE = frozenset({"true", "t", "yes", "y", "on", "1"})
_FALSE = frozenset({"false", "f", "no", "n", "off", "0"})
_URL_PREFIXES = ("http://", "https://", "data:")
_EXPECTED = {
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "string": "a string",
    "array": "a list",
    "object": "a dict",
}
_FILE = "a file: a pathlib.Path, bytes, an open binary file, an http(s) URL or a data URI"
_PATTERNS: dict[str, re.Pattern[str] | None] = {}


def describe(value: Any, secret: bool = False) -> str:
    """A short description of a value for a message (a secret's value is never shown).

    Example:
        >>> describe("a" * 50), describe(3), describe("hunter2", secret=True)
        ("str 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa…'", 'int 3', 'str (hidden)')
    """
    kind = type(value).__name__
    if secret:
        return f"{kind} (hidden)"
    if isinstance(value, str | int | float | bool | PurePath):
        text = repr(value if len(str(value)) <= 30 else f"{str(value)[:30]}…")
        return f"{kind} {text}"
    return kind


def closest(word: str, candidates: Any) -> str | None:
    """The candidate most like ``word`` (a typo's likely meaning), or ``None``.

    Example:
        >>> closest("promt", ["prompt", "steps"])
        'prompt'
    """
    import difflib  # only when there is a problem to explain

    found = difflib.get_close_matches(word, [str(c) for c in candidates], n=1, cutoff=0.6)
    return found[0] if found else None


def _integer(value: Any) -> Any:
    if type(value) is int:
        return value
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, float):
        return int(value) if value.is_integer() else _BAD
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
        try:
            number = float(value)
        except ValueError:
            return _BAD
        return int(number) if number.is_integer() else _BAD
    return _BAD


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else _BAD
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return _BAD
    return _BAD


def _boolean(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return _BAD


def _is_file(value: Any) -> bool:
    if isinstance(value, bytes | bytearray | memoryview | PurePath):
        return True
    return hasattr(value, "read") and not isinstance(value, str | io.TextIOBase)


def _string(value: Any) -> Any:
    return value if isinstance(value, str) or _is_file(value) else _BAD


def _array(value: Any) -> Any:
    return value if isinstance(value, list | tuple) else _BAD


def _object(value: Any) -> Any:
    return value if isinstance(value, dict) else _BAD


_COERCE = {
    "integer": _integer,
    "number": _number,
    "boolean": _boolean,
    "string": _string,
    "array": _array,
    "object": _object,
}


def _file_problem(value: Any) -> str | None:
    if isinstance(value, str):
        if value[:8].lower().startswith(_URL_PREFIXES):
            return None
        hint = f" (to upload a local file, pass Path({value!r}))" if value else ""
        return f"expected {_FILE}; got {describe(value)}{hint}"
    if isinstance(value, io.TextIOBase):
        return "an open text file: open it in binary mode ('rb')"
    if isinstance(value, Path) and not value.is_file():
        return f"no such file: {str(value)!r}"
    if _is_file(value):
        return None
    return f"expected {_FILE}; got {describe(value)}"


def _pattern(pattern: str) -> re.Pattern[str] | None:
    if pattern not in _PATTERNS:
        with warnings.catch_warnings():  # e.g. a POSIX class: "Possible nested set"
            warnings.simplefilter("ignore")
            try:
                _PATTERNS[pattern] = re.compile(pattern)
            except (re.error, RecursionError, OverflowError):
                _PATTERNS[pattern] = None  # not a Python regex: the server decides
    return _PATTERNS[pattern]


def _show(number: float) -> str:
    return str(int(number)) if isinstance(number, float) and number.is_integer() else str(number)


def _bounds(spec: InputSpec, number: Any) -> str | None:
    if spec.minimum is not None and number < spec.minimum:
        return f"{_show(number)} is below the minimum, {_show(spec.minimum)}"
    if spec.maximum is not None and number > spec.maximum:
        return f"{_show(number)} is above the maximum, {_show(spec.maximum)}"
    if spec.exclusive_minimum is not None and number <= spec.exclusive_minimum:
        return f"{_show(number)} must be greater than {_show(spec.exclusive_minimum)}"
    if spec.exclusive_maximum is not None and number >= spec.exclusive_maximum:
        return f"{_show(number)} must be less than {_show(spec.exclusive_maximum)}"
    return None


def _text(spec: InputSpec, text: str) -> str | None:
    shown = "the value" if spec.secret else repr(text if len(text) <= 30 else text[:30] + "…")
    if spec.min_length is not None and len(text) < spec.min_length:
        return f"{shown} is {len(text)} characters long, shorter than {spec.min_length}"
    if spec.max_length is not None and len(text) > spec.max_length:
        return f"{shown} is {len(text)} characters long, longer than {spec.max_length}"
    if spec.pattern is not None:
        compiled = _pattern(spec.pattern)
        if compiled is not None and compiled.search(text) is None:
            return f"{shown} does not match the pattern {spec.pattern!r}"
    return None


def _choice(spec: InputSpec, coerced: Any, value: Any, choices: tuple[Any, ...]) -> str | None:
    try:
        if coerced in choices:
            return None
    except TypeError:  # an unhashable or odd value: compare one by one
        if any(coerced == choice for choice in choices):
            return None
    listed = ", ".join(repr(choice) for choice in choices)
    message = f"{describe(value, spec.secret)} is not one of the choices: {listed}"
    if isinstance(value, str) and not spec.secret:
        near = closest(value, choices)
        if near is not None:
            message += f"; did you mean {near!r}?"
    return message


def _variants(spec: InputSpec, value: Any, name: str, out: list[InputProblem]) -> None:
    variants = spec.variants or ()
    tried: list[InputProblem] = []
    for variant in variants:
        mark = len(tried)
        check(variant, value, name, tried)
        if len(tried) == mark:
            return
    kinds = sorted(
        {"a file" if v.file else _EXPECTED.get(v.type or "", "anything") for v in variants}
    )
    out.append(
        InputProblem(name, f"expected {' or '.join(kinds)}; got {describe(value, spec.secret)}")
    )


def check(spec: InputSpec, value: Any, name: str, out: list[InputProblem]) -> None:
    """Append to ``out`` what is wrong with ``value`` for the input ``spec`` (nothing if fine).

    Args:
        spec: The input's spec.
        value: The value given for it.
        name: The name to report (``tags[1]`` for an item of a list).
        out: Where problems are appended.

    Example:
        >>> out: list[InputProblem] = []
        >>> check(InputSpec("n", "integer", choices=(256, 512)), "256", "n", out)
        >>> out
        []
    """
    if value is None:
        if spec.name.endswith("[]") and not spec.nullable and spec.type is not None:
            out.append(InputProblem(name, f"expected {_EXPECTED[spec.type]}; got None"))
        return
    kind = spec.type
    if kind is None:
        if spec.variants:
            _variants(spec, value, name, out)
        return
    if spec.file:
        trouble = _file_problem(value)
        if trouble is not None:
            out.append(InputProblem(name, trouble))
        return
    coerced = _COERCE[kind](value)
    if coerced is _BAD:
        got = describe(value, spec.secret)
        if kind == "integer" and isinstance(value, float | str) and _number(value) is not _BAD:
            got += " (not a whole number)"
        out.append(InputProblem(name, f"expected {_EXPECTED[kind]}; got {got}"))
        return
    message: str | None = None
    if spec.choices is not None:
        message = _choice(spec, coerced, value, spec.choices)
    elif kind in ("integer", "number"):
        message = _bounds(spec, coerced)
    elif kind == "string" and isinstance(coerced, str):
        message = _text(spec, coerced)
    elif kind == "array":
        message = _items(spec, coerced, name, out)
    if message is not None:
        out.append(InputProblem(name, message))


def _items(spec: InputSpec, items: Any, name: str, out: list[InputProblem]) -> str | None:
    if spec.items is not None:
        for index, item in enumerate(items):
            check(spec.items, item, f"{name}[{index}]", out)
    if spec.min_items is not None and len(items) < spec.min_items:
        return f"{len(items)} items, fewer than {spec.min_items}"
    if spec.max_items is not None and len(items) > spec.max_items:
        return f"{len(items)} items, more than {spec.max_items}"
    return None
