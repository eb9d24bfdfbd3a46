"""The words of a generated module: values as source, and the docstring of each input.

Example:
    >>> show("a"), show(1.0), show(None), show([1])
    ('"a"', '1', 'None', '[1]')
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from ..schema.inputs import InputSpec

__all__ = ["WIDTH", "doc_text", "facts", "py_str", "show", "wrapped"]

#: The width generated lines are wrapped at.
WIDTH = 96

#: Characters linters flag as look-alikes of ASCII (ruff's RUF002), as their ASCII twins.
_LOOKALIKES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
    | {"\u00d7": "x", "\u00a0": " ", "\u2009": " ", "\u2212": "-", "\u2026": "..."}
)


def doc_text(text: str) -> str:
    """Text safe inside a triple-quoted docstring (look-alike characters made ASCII).

    Example:
        >>> doc_text("it\u2019s 3\u00d74")
        "it's 3x4"
    """
    text = "".join(c if c.isprintable() or c in "\n\t" else " " for c in text)
    text = text.translate(_LOOKALIKES)
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()


def py_str(value: str) -> str:
    r"""A double-quoted, ASCII-only Python string literal of ``value`` (any character escaped as
    Python reads it back, astral ones and lone surrogates included).

    Example:
        >>> print(py_str('say "h\u00e9"\n'))
        "say \"h\xe9\"\n"
    """
    out = []
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 32 <= code < 127:
            out.append(char)
        elif char == "\n":
            out.append("\\n")
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def show(value: Any) -> str:
    """A value as Python source: strings in double quotes, ``None``/``True``, whole floats short."""
    if isinstance(value, str):
        return py_str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, bool | int | float) or value is None:
        return repr(value)
    return json.dumps(value)


def facts(spec: InputSpec) -> str:
    """What the docstring says of an input: description, default, bounds, choices.

    Example:
        >>> facts(InputSpec("n", "integer", default=2, has_default=True, minimum=1))
        'n. Default: 2. At least 1.'
    """
    parts = [doc_text(spec.description or spec.title or spec.name)]
    parts[0] = parts[0] if parts[0].endswith((".", "?", "!")) else parts[0] + "."
    if spec.required:
        parts.append("Required.")
    elif spec.has_default:
        parts.append(f"Default: {doc_text(show(spec.default))}.")
    bounds = [
        f"at least {show(spec.minimum)}" if spec.minimum is not None else "",
        f"more than {show(spec.exclusive_minimum)}" if spec.exclusive_minimum is not None else "",
        f"at most {show(spec.maximum)}" if spec.maximum is not None else "",
        f"less than {show(spec.exclusive_maximum)}" if spec.exclusive_maximum is not None else "",
        f"at least {spec.min_length} characters" if spec.min_length is not None else "",
        f"at most {spec.max_length} characters" if spec.max_length is not None else "",
        f"matching {doc_text(repr(spec.pattern))}" if spec.pattern is not None else "",
    ]
    listed = ", ".join(b for b in bounds if b)
    if listed:
        parts.append(listed[0].upper() + listed[1:] + ".")
    if spec.choices is not None:
        parts.append(f"One of {', '.join(doc_text(show(c)) for c in spec.choices)}.")
    if spec.deprecated:
        parts.append("Deprecated.")
    return " ".join(parts)


def wrapped(text: str, indent: str) -> str:
    """``text`` wrapped to fit :data:`WIDTH` after ``indent``.

    Example:
        >>> wrapped("a b", "    ")
        'a b'
    """
    return "\n".join(textwrap.wrap(text, WIDTH - len(indent), break_long_words=False)) or "-"
