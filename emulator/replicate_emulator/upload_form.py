"""The fields of a ``POST /v1/files`` multipart form, read the way each client sends them.

The reference documents four fields: ``content`` (required), ``filename``, ``type`` and
``metadata`` ("must be valid JSON", defaults to ``{}``). Clients send ``metadata`` in three forms,
all accepted:

- a plain form field holding JSON text (curl's ``-F 'metadata={...};type=application/json'``,
  the 1.x Python client, replicate-ext);
- a file part holding JSON text (the JavaScript client appends a ``Blob`` of type
  ``application/json``, which multipart sends with a filename);
- bracketed form fields, ``metadata[key]=value``, ``metadata[a][b]=value`` and
  ``metadata[list][]=item`` (the 2.x Python client flattens a dict this way). A form field is
  text, so each value is a string: ``metadata[n]=123`` stores ``{"n": "123"}``.

Anything else is refused with a 422 that says why, never dropped: a field the API does not
read, metadata that is not a JSON object, a malformed bracketed key, ``metadata`` sent both
ways, or two values for one key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .web import HTTPError

__all__ = ["FIELDS", "UploadForm", "parse_metadata"]

FIELDS = ("content", "filename", "type", "metadata")
"""The fields a file upload reads."""

_BRACKETED = re.compile(r"^metadata((?:\[[^\[\]]*\])+)$")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def _invalid(detail: str) -> HTTPError:
    return HTTPError(422, detail, "Invalid request")


@dataclass
class UploadForm:
    """The text of an upload form's fields other than ``content`` (file parts read as text)."""

    fields: dict[str, str] = field(default_factory=dict)
    """``filename``, ``type`` and ``metadata`` as sent, when sent."""
    bracketed: list[tuple[str, str]] = field(default_factory=list)
    """The ``metadata[...]`` fields, in the order sent."""

    def add(self, name: str, value: str) -> None:
        """Record one field, refusing names the API does not read and repeated fields.

        Raises:
            HTTPError: 422 for an unknown field or a second value of a single-valued one.

        Example:
            >>> form = UploadForm()
            >>> form.add("metadata[a]", "1")
            >>> form.bracketed
            [('metadata[a]', '1')]
        """
        if name.startswith("metadata["):
            self.bracketed.append((name, value))
        elif name in FIELDS[1:]:
            if name in self.fields:
                raise _invalid(f"The {name} field is sent twice: send it once")
            self.fields[name] = value
        else:
            known = ", ".join(FIELDS)
            raise _invalid(f"Unknown field {name!r}: a file upload reads {known}")

    def metadata(self) -> dict[str, Any]:
        """Return the metadata object, ``{}`` when none was sent.

        Raises:
            HTTPError: 422 when the metadata cannot be read (see the module docstring).
        """
        text = self.fields.get("metadata")
        if text is not None and self.bracketed:
            raise _invalid(
                "metadata is sent both as a JSON field and as metadata[...] fields: "
                "send one of the two"
            )
        if self.bracketed:
            return parse_metadata(self.bracketed)
        try:
            value = json.loads(text or "{}")
        except ValueError as exc:
            raise _invalid("metadata must be valid JSON") from exc
        if not isinstance(value, dict):
            raise _invalid("metadata must be a JSON object")
        return value


def parse_metadata(items: list[tuple[str, str]]) -> dict[str, Any]:
    """Build the metadata object from bracketed fields (``metadata[a][b]``, ``metadata[l][]``).

    Args:
        items: ``(name, value)`` pairs whose names start with ``metadata[``.

    Returns:
        The nested object; values stay strings, an empty last segment appends to a list.

    Raises:
        HTTPError: 422 for a malformed name or a key given two shapes or two values.

    Example:
        >>> parse_metadata([("metadata[a][b]", "1"), ("metadata[t][]", "x"), ("metadata[t][]", "y")])
        {'a': {'b': '1'}, 't': ['x', 'y']}
    """
    result: dict[str, Any] = {}
    for name, value in items:
        match = _BRACKETED.match(name)
        keys = _SEGMENT.findall(match.group(1)) if match else []
        if not keys or any(k == "" for k in keys[:-1]) or keys[0] == "":
            raise _invalid(
                f"Cannot read the field {name!r}: metadata fields look like metadata[key], "
                "metadata[key][sub] or metadata[list][]"
            )
        _put(result, keys, value, name)
    return result


def _put(target: dict[str, Any], keys: list[str], value: str, name: str) -> None:
    *parents, last = keys
    node = target
    for key in parents[:-1] if last == "" else parents:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise _invalid(f"The field {name!r} conflicts with another metadata field")
        node = child
    if last == "":
        items = node.setdefault(parents[-1], [])
        if not isinstance(items, list):
            raise _invalid(f"The field {name!r} conflicts with another metadata field")
        items.append(value)
    elif last in node:
        raise _invalid(f"The field {name!r} is sent twice or conflicts with another field")
    else:
        node[last] = value
