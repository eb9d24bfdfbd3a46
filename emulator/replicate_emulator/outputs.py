"""Turn what a model function returns into JSON, uploading files as delivery URLs."""

from __future__ import annotations

import itertools
import mimetypes
import os
from pathlib import Path
from typing import Any

from .config import Config
from .records import Asset
from .state import Store

__all__ = ["asset_url", "materialize", "sniff_extension"]

_counter = itertools.count(1)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF8", ".gif"),
    (b"RIFF", ".wav"),
    (b"%PDF", ".pdf"),
)


def sniff_extension(data: bytes) -> str:
    """Guess a file extension from content.

    Example:
        >>> sniff_extension(b"\\x89PNG\\r\\n\\x1a\\n...")
        '.png'
    """
    for magic, ext in _MAGIC:
        if data.startswith(magic):
            return ext
    if data[257:262] == b"ustar":
        return ".tar"
    return ".txt" if data.isascii() else ".bin"


def asset_url(config: Config, key: str) -> str:
    """Return the absolute URL of a stored output file.

    Example:
        >>> asset_url(Config(token="r8_x", base_url="http://h/v1"), "abc/out.png")
        'http://h/delivery/abc/out.png'
    """
    return f"{config.origin}/delivery/{key}"


def _store(store: Store, config: Config, job_id: str, name: str, data: bytes) -> str:
    key = f"{job_id}/{name}"
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    store.put_asset(Asset(key, content_type, data))
    return asset_url(config, key)


def materialize(store: Store, config: Config, job_id: str, value: Any) -> Any:
    """Return ``value`` as JSON data; ``bytes`` and existing paths become delivery URLs.

    Example:
        >>> store = Store(Config(token="r8_x", base_url="http://h/v1"))
        >>> materialize(store, store.config, "p1", {"n": 1, "t": (1, 2)})
        {'n': 1, 't': [1, 2]}
    """
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {str(k): materialize(store, config, job_id, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [materialize(store, config, job_id, v) for v in value]
    if isinstance(value, bytes | bytearray):
        data = bytes(value)
        return _store(
            store, config, job_id, f"output-{next(_counter)}{sniff_extension(data)}", data
        )
    if isinstance(value, os.PathLike):
        path = Path(value)
        if path.is_file():
            return _store(store, config, job_id, path.name, path.read_bytes())
    return str(value)
