"""Presenting results: JSON conversion, tables, and model outputs (files saved to disk).

Example:
    >>> print(table([["abc", "succeeded"]], ["ID", "STATUS"]))
    ID   STATUS
    abc  succeeded
"""

from __future__ import annotations

import datetime as dt
import json
import mimetypes
import urllib.parse
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from ..file_output import FileOutput
from ..pagination import Page

__all__ = [
    "as_dict",
    "collect_files",
    "file_name",
    "jsonable",
    "render_output",
    "replace_files",
    "save_files",
    "table",
]


def jsonable(value: Any) -> Any:
    """``value`` as plain JSON data: generated models, pages, paths and dates converted.

    Example:
        >>> jsonable({"page": Page(results=[1]), "path": Path("a.png")})
        {'page': {'results': [1], 'next': None, 'previous': None}, 'path': 'a.png'}
    """
    if isinstance(value, Page):
        return {
            "results": jsonable(value.results),
            "next": value.next,
            "previous": value.previous,
        }
    if isinstance(value, FileOutput):
        return value.url
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return jsonable(to_dict())
    return str(value)


def as_dict(value: Any) -> dict[str, Any]:
    """A generated model as a JSON dict (unset fields left out).

    Example:
        >>> as_dict({"id": "p1"})
        {'id': 'p1'}
    """
    data = jsonable(value)
    return data if isinstance(data, dict) else {}


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    """Rows aligned in columns under ``headers`` (``None`` shows as ``-``).

    Example:
        >>> print(table([["a", None]], ["X", "Y"]))
        X  Y
        a  -
    """
    cells = [list(headers)] + [["-" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


def collect_files(value: Any) -> list[FileOutput]:
    """Every :class:`FileOutput` in an output, in order, at any depth.

    Example:
        >>> collect_files({"a": [FileOutput("data:,x")], "b": "text"})
        [FileOutput('data:,x')]
    """
    if isinstance(value, FileOutput):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in collect_files(v)]
    if isinstance(value, list):
        return [f for v in value for f in collect_files(v)]
    return []


def file_name(url: str) -> str:
    """The name to save a file output under: the last segment of its URL path.

    ``data:`` URLs become ``output`` with an extension from their media type.

    Example:
        >>> file_name("https://x/delivery/abc/out%201.png?sig=1"), file_name("data:image/png;base64,AA")
        ('out 1.png', 'output.png')
    """
    if url.startswith("data:"):
        media = url[5:].split(",", 1)[0].split(";", 1)[0]
        return "output" + ((mimetypes.guess_extension(media) if media else None) or "")
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    name = PurePosixPath(path).name.replace("\\", "_").strip()
    return name if name and name not in (".", "..") else "output"


def _unique(directory: Path, name: str, taken: set[str]) -> Path:
    stem, suffix = (
        (name.rsplit(".", 1)[0], "." + name.rsplit(".", 1)[1])
        if "." in name
        else (
            name,
            "",
        )
    )
    candidate, n = name, 1
    while candidate in taken or (directory / candidate).exists():
        candidate = f"{stem}-{n}{suffix}"
        n += 1
    taken.add(candidate)
    return directory / candidate


def save_files(files: Sequence[FileOutput], directory: Path) -> list[Path]:
    """Save file outputs into ``directory`` (created if needed) under unique names.

    Existing files are never overwritten: ``out.png`` becomes ``out-1.png``, ``out-2.png``...

    Args:
        files: The outputs to save.
        directory: Where to put them.

    Returns:
        The saved paths, in the order of ``files``.

    Example:
        >>> save_files([FileOutput("data:text/plain,hi")], Path(tmp))  # doctest: +SKIP
        [PosixPath('.../output.txt')]
    """
    directory.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    return [f.save(_unique(directory, file_name(f.url), taken)) for f in files]


def replace_files(value: Any, saved: dict[int, Path]) -> Any:
    """The output with each saved :class:`FileOutput` replaced by its local path (as ``str``).

    Example:
        >>> out = FileOutput("data:,x")
        >>> replace_files([out], {id(out): Path("x.txt")})
        ['x.txt']
    """
    if isinstance(value, FileOutput):
        path = saved.get(id(value))
        return str(path) if path is not None else value.url
    if isinstance(value, dict):
        return {k: replace_files(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [replace_files(v, saved) for v in value]
    return value


def _concatenates(schema: dict[str, Any] | None) -> bool:
    components = (schema or {}).get("components", {})
    output = components.get("schemas", {}).get("Output", {}) if isinstance(components, dict) else {}
    return isinstance(output, dict) and output.get("x-cog-array-display") == "concatenate"


def render_output(value: Any, schema: dict[str, Any] | None = None) -> str | None:
    """An output as text: strings as they are, streamed text joined, anything else as JSON.

    Args:
        value: The output (file outputs already replaced by paths or URLs).
        schema: The model version's ``openapi_schema``, to know which lists are text.

    Returns:
        The text, or ``None`` for no output.

    Example:
        >>> render_output("hello"), render_output({"n": 1})
        ('hello', '{\\n  "n": 1\\n}')
    """
    if value is None:
        return None
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ("" if _concatenates(schema) else "\n").join(value)
    return json.dumps(jsonable(value), indent=2, ensure_ascii=False)
