"""Files in: ``pathlib.Path``, open binary files, ``bytes`` and ``io.BytesIO`` anywhere in an input.

By default each file is uploaded through the Files API and replaced by its ``urls.get``;
``file_encoding="data-uri"`` inlines it as a ``data:`` URL instead. Inputs without files are
passed through untouched (no copy).

Example:
    >>> encode_with({"image": b"hi", "n": [1]}, lambda f: "URL")
    {'image': 'URL', 'n': [1]}
"""

from __future__ import annotations

import base64
import io
import mimetypes
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from ._call import Flow
from .errors import InvalidArgumentError, ResponseDecodeError

#: The Files API refuses uploads larger than this (100 MB).
MAX_FILE_SIZE = 100 * 1000 * 1000

__all__ = ["FileEncoding", "data_uri", "encode_input", "encode_with", "is_file"]

FileEncoding = Literal["url", "data-uri"]


def is_file(value: Any) -> bool:
    """Whether an input value is a file to upload.

    Example:
        >>> is_file(b"x"), is_file(Path("a.png")), is_file(io.BytesIO()), is_file("a.png")
        (True, True, True, False)
    """
    return isinstance(value, bytes | bytearray | Path | io.IOBase) or (
        hasattr(value, "read") and not isinstance(value, str)
    )


def _has_file(value: Any) -> bool:
    if is_file(value):
        return True
    if isinstance(value, dict):
        return any(_has_file(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_file(v) for v in value)
    return False


def _substitute(value: Any, convert: Callable[[Any], Any]) -> Any:
    if is_file(value):
        return convert(value)
    if isinstance(value, dict):
        return {k: _substitute(v, convert) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_substitute(v, convert) for v in value]
    return value


def _files(value: Any, found: list[Any]) -> list[Any]:
    if is_file(value):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _files(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _files(item, found)
    return found


def data_uri(file: Any) -> str:
    """A ``data:`` URL holding the file, with a content type guessed from its name.

    Raises:
        InvalidArgumentError: Over the 100 MB limit.

    Example:
        >>> data_uri(b"hi")
        'data:application/octet-stream;base64,aGk='
    """
    name: str | None = None
    if isinstance(file, Path):
        data, name = file.read_bytes(), file.name
    elif isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        data = file.read()
        name = getattr(file, "name", None) if isinstance(getattr(file, "name", None), str) else None
    if len(data) > MAX_FILE_SIZE:
        raise InvalidArgumentError(
            f"The file is {len(data):,} bytes, over the {MAX_FILE_SIZE:,}-byte limit."
        )
    content_type = (mimetypes.guess_type(name)[0] if name else None) or "application/octet-stream"
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def encode_with(value: Any, convert: Callable[[Any], str]) -> Any:
    """Replace every file in ``value`` by ``convert(file)``; untouched when there is none.

    Example:
        >>> inp = {"text": "x"}
        >>> encode_with(inp, str) is inp
        True
    """
    if not _has_file(value):
        return value
    return _substitute(value, convert)


def _upload_url(obj: Any) -> str:
    url = getattr(getattr(obj, "urls", None), "get", None)
    if not isinstance(url, str):
        raise ResponseDecodeError("The Files API answered an upload without a URL (urls.get).")
    return url


def _check(encoding: str) -> None:
    if encoding not in ("url", "data-uri"):
        raise InvalidArgumentError(f"file_encoding={encoding!r}: use 'url' or 'data-uri'.")


def encode_input(value: Any, encoding: FileEncoding) -> Flow[Any]:
    """Upload (or inline) the files in an input; see the module docstring.

    A flow (see ``replicate_ext._binding``): each upload is a call it yields. The input is
    returned as it is when it holds no file.

    Example:
        >>> flow = encode_input({"n": 1}, "url")
        >>> next(flow)
        Traceback (most recent call last):
        StopIteration: {'n': 1}
    """
    _check(encoding)
    if encoding == "data-uri" or not _has_file(value):
        return encode_with(value, data_uri)
    from .resources.files import upload_flow

    urls: dict[int, str] = {}
    for file in _files(value, []):
        uploaded = yield from upload_flow(file)
        urls[id(file)] = _upload_url(uploaded)
    return _substitute(value, lambda f: urls[id(f)])
