"""Python types for a model's inputs and output, as source text (for :mod:`replicate_ext.codegen`).

Example:
    >>> from replicate_ext.schema import InputSpec
    >>> input_type(InputSpec("mode", "string", choices=("fast", "slow")))
    'Literal["fast", "slow"]'
    >>> output_type(OutputSpec("array", iterator=True, items=OutputSpec("string", file=True)))
    'list[FileOutput]'
"""

from __future__ import annotations

import keyword
import re
from typing import Any

from ..schema.checks import check
from ..schema.inputs import InputSpec
from ..schema.outputs import OutputSpec
from .text import show

__all__ = ["default_of", "defaults_of", "input_type", "kinds_of", "output_type", "safe_names"]

_SCALARS = {"integer": "int", "number": "float", "boolean": "bool", "string": "str"}
_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")


def _literal_ok(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def input_type(spec: InputSpec) -> str:
    """The annotation of an input (without ``| None``; see :func:`default_of`).

    Example:
        >>> input_type(InputSpec("image", "string", file=True))
        'File'
    """
    if spec.choices is not None and all(_literal_ok(c) for c in spec.choices):
        return f"Literal[{', '.join(show(c) for c in spec.choices)}]"
    if spec.file:
        return "File"
    if spec.type in _SCALARS:
        return _SCALARS[spec.type]
    if spec.type == "array":
        return f"list[{input_type(spec.items) if spec.items is not None else 'Any'}]"
    if spec.type == "object":
        return "dict[str, Any]"
    if spec.variants:
        kinds = dict.fromkeys(input_type(v) for v in spec.variants)
        return " | ".join(kinds) if "Any" not in kinds else "Any"
    return "Any"


def default_of(spec: InputSpec) -> tuple[bool, Any]:
    """``(usable, value)``: whether the schema's default can be the parameter's default.

    It cannot when there is none, when it is ``None`` or mutable (a list or dict: ``None``
    stands for it, and the model applies it), or when it does not fit the input's own type.

    Example:
        >>> default_of(InputSpec("n", "integer", default=3, has_default=True))
        (True, 3)
        >>> default_of(InputSpec("tags", "array", default=["a"], has_default=True))
        (False, None)
    """
    value = spec.default
    if not spec.has_default or value is None or isinstance(value, list | dict):
        return False, None
    if spec.type == "number" and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if spec.file or not isinstance(value, str | int | float | bool):
        return False, None
    problems: list[Any] = []
    check(spec, value, spec.name, problems)
    strict = {"integer": int, "number": float, "boolean": bool, "string": str}.get(spec.type or "")
    if problems or (strict is not None and type(value) is not strict):
        return False, None
    return True, value


def output_type(spec: OutputSpec) -> str:
    """The annotation of an output.

    Example:
        >>> output_type(OutputSpec("array", iterator=True, concatenate=True, items=OutputSpec("string")))
        'str'
    """
    if spec.file:
        text = "FileOutput"
    elif spec.type in _SCALARS:
        text = _SCALARS[spec.type]
    elif spec.type == "array":
        items = spec.items or OutputSpec()
        if spec.concatenate and items.type == "string" and not items.file:
            text = "str"
        else:
            text = f"list[{output_type(items)}]"
    elif spec.type == "object":
        text = "dict[str, Any]"
    else:
        return "Any"
    return f"{text} | None" if spec.nullable else text


def safe_names(names: list[str], taken: set[str]) -> dict[str, str]:
    """A Python parameter name for each input name: keywords get a ``_``, characters other than
    ASCII letters, digits and ``_`` become ``_``, clashes get a number.

    Example:
        >>> safe_names(["class", "my-input", "2x", "client", "ok"], {"client"})
        {'class': 'class_', 'my-input': 'my_input', '2x': '_2x', 'client': 'client_', 'ok': 'ok'}
    """
    used = set(taken)
    found: dict[str, str] = {}
    for name in names:
        base = _NOT_WORD.sub("_", name) or "_"
        if base[0].isdigit():
            base = f"_{base}"
        if keyword.iskeyword(base) or keyword.issoftkeyword(base) or base in taken:
            base = f"{base}_"
        candidate, count = base, 2
        while candidate in used:
            candidate, count = f"{base}{count}", count + 1
        used.add(candidate)
        found[name] = candidate
    return found


#: Literal types longer than this get a named alias (one value a line), so lines stay short.
_LONG_TYPE = 50
#: String defaults longer than this become a module constant split over lines.
_LONG_DEFAULT = 40


def kinds_of(specs: list[InputSpec], names: dict[str, str]) -> tuple[dict[str, str], str]:
    """Each input's type, long ``Literal``s replaced by named aliases; and the aliases' source.

    Example:
        >>> spec = InputSpec("aspect_ratio", "string", choices=tuple("abcdefghijklmnop"))
        >>> kinds_of([spec], {"aspect_ratio": "aspect_ratio"})[0]
        {'aspect_ratio': 'AspectRatioChoice'}
    """
    kinds: dict[str, str] = {}
    source: list[str] = []
    taken: set[str] = set()
    for spec in specs:
        kind = input_type(spec)
        if kind.startswith("Literal[") and len(kind) > _LONG_TYPE and spec.choices is not None:
            base = "".join(p[:1].upper() + p[1:] for p in names[spec.name].split("_") if p)
            alias = f"{base if base[:1].isalpha() else 'Input' + base}Choice"
            while alias in taken:
                alias += "_"
            taken.add(alias)
            values = "".join(f"    {show(c)},\n" for c in spec.choices)
            source.append(
                f"#: The choices of ``{spec.name}``.\n{alias}: TypeAlias = Literal[\n{values}]\n"
            )
            kind = alias
        kinds[spec.name] = kind
    return kinds, "\n".join(source)


def defaults_of(specs: list[InputSpec], names: dict[str, str]) -> tuple[dict[str, str], str]:
    """Each usable default as source (long strings as named constants); and the constants.

    Example:
        >>> defaults_of([InputSpec("n", "number", default=1, has_default=True)], {"n": "n"})
        ({'n': '1.0'}, '')
    """
    found: dict[str, str] = {}
    source: list[str] = []
    for spec in specs:
        usable, value = default_of(spec)
        if not usable or spec.required:
            continue
        if isinstance(value, str) and len(value) > _LONG_DEFAULT:
            const = f"_DEFAULT_{names[spec.name]}"
            pieces = "".join(f"    {show(value[i : i + 60])}\n" for i in range(0, len(value), 60))
            source.append(f"{const} = (\n{pieces})\n")
            found[spec.name] = const
        else:
            found[spec.name] = repr(value) if isinstance(value, float) else show(value)
    return found, "".join(source)
