"""What a prediction's input may hold, checked whole before anything is sent.

An input is JSON, plus files. Every value is checked before the first request (an upload of a
file elsewhere in the same input included), and a value that cannot be sent raises
:class:`~replicate_ext.InvalidArgumentError` naming where it is, e.g. ``input["masks"][2]``.

==============================================  =============================================
Value                                           Sent as
==============================================  =============================================
``None``, ``bool``, ``int``, ``str``            JSON null, boolean, number, string
``float``                                       a JSON number; NaN and infinities are refused
``list``, ``tuple``                             a JSON array
``dict`` with ``str`` keys                      a JSON object; any other key is refused
``datetime``, ``date``, ``time``                an ISO 8601 string (``value.isoformat()``)
``Path``, ``bytes``, binary files               a file (see ``file_input``)
``Decimal``, ``set``, any other object          refused (convert it: ``float(d)``, ``list(s)``)
==============================================  =============================================

A path must name an existing regular file; a file object must be open and in binary mode.
Nesting deeper than ``MAX_INPUT_DEPTH`` (100) levels (or a container that holds itself) is
refused too.

Example:
    >>> import datetime as dt
    >>> check_input({"when": dt.date(2025, 1, 2), "n": [1, 2.5]})
    {'when': '2025-01-02', 'n': [1, 2.5]}
    >>> check_input({"masks": [1, 2, float("nan")]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    replicate_ext.errors.InvalidArgumentError: input["masks"][2] is nan: JSON has no NaN ...
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import InvalidArgumentError
from .file_input import is_file

__all__ = ["MAX_INPUT_DEPTH", "check_input"]

#: The deepest nesting of lists and dicts an input may have.
MAX_INPUT_DEPTH = 100

_SCALARS = (str, bool, int, type(None))


def check_input(value: Any, where: str = "input") -> Any:
    """Check that every value of an input can be sent, and convert dates to ISO 8601 strings.

    Args:
        value: The input (usually a ``dict``), possibly holding files.
        where: How the input is named in error messages.

    Returns:
        The input, itself when nothing was converted (no copy), else a converted copy.

    Raises:
        InvalidArgumentError: A value that cannot be sent; the message names where it is.

    Example:
        >>> check_input({1: "a"})
        Traceback (most recent call last):
        ...
        replicate_ext.errors.InvalidArgumentError: input has the key 1 (int): JSON object keys are strings; use '1'.
    """
    return _check(value, where, 0)


def _check(value: Any, where: str, depth: int) -> Any:
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidArgumentError(
                f"{where} is {value!r}: JSON has no NaN or infinities; "
                "send a finite number or None."
            )
        return value
    if depth >= MAX_INPUT_DEPTH:
        raise InvalidArgumentError(
            f"{where} is nested deeper than {MAX_INPUT_DEPTH} levels "
            "(or a list or dict contains itself)."
        )
    if isinstance(value, dict):
        return _check_dict(value, where, depth)
    if isinstance(value, list | tuple):
        items = [_check(item, f"{where}[{i}]", depth + 1) for i, item in enumerate(value)]
        changed = any(new is not old for new, old in zip(items, value, strict=True))
        return items if changed else value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if is_file(value):
        _check_file(value, where)
        return value
    raise InvalidArgumentError(f"{where} {_unsendable(value)}")


def _check_dict(value: dict[Any, Any], where: str, depth: int) -> Any:
    checked: dict[str, Any] = {}
    changed = False
    for key, item in value.items():
        if not isinstance(key, str):
            raise InvalidArgumentError(
                f"{where} has the key {key!r} ({type(key).__name__}): JSON object keys are "
                f"strings; use {str(key)!r}."
            )
        new = _check(item, f"{where}[{json.dumps(key)}]", depth + 1)
        changed = changed or new is not item
        checked[key] = new
    return checked if changed else value


def _unsendable(value: Any) -> str:
    kind = type(value).__name__
    if isinstance(value, Decimal):
        return (
            f"is a Decimal ({value}): it has no exact JSON form; send float(value) for a "
            "number, or str(value) for the exact digits."
        )
    if isinstance(value, set | frozenset):
        return f"is a {kind}: JSON has no sets; send a list (sorted(value) or list(value))."
    return (
        f"is of type {kind}, which cannot be sent as JSON: use str, int, float, bool, None, "
        "a list, a dict, or a file."
    )


def _check_file(value: Any, where: str) -> None:
    if isinstance(value, Path):
        if not value.exists():
            raise InvalidArgumentError(f"{where} is the path {str(value)!r}, which does not exist.")
        if not value.is_file():
            raise InvalidArgumentError(
                f"{where} is the path {str(value)!r}, which is not a file (a directory?)."
            )
        if not os.access(value, os.R_OK):
            raise InvalidArgumentError(
                f"{where} is the path {str(value)!r}, which is not readable."
            )
        return
    if isinstance(value, bytes | bytearray):
        return
    if getattr(value, "closed", False):
        raise InvalidArgumentError(f"{where} is a closed file; pass it open, or pass its Path.")
    mode = getattr(value, "mode", "b")
    if isinstance(value, io.TextIOBase) or (isinstance(mode, str) and "b" not in mode):
        raise InvalidArgumentError(
            f"{where} is a file opened in text mode; open it with 'rb', or pass its Path."
        )
