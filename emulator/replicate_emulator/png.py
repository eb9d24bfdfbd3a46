"""Generate small PNG images with the standard library only (zlib + struct)."""

from __future__ import annotations

import struct
import zlib

__all__ = ["parse_color", "solid_png"]


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def parse_color(value: str) -> tuple[int, int, int]:
    """Parse ``#rrggbb`` (or ``rrggbb``) into an RGB triple.

    Raises:
        ValueError: if ``value`` is not a 6-digit hex colour.

    Example:
        >>> parse_color("#ff8000")
        (255, 128, 0)
    """
    text = value.removeprefix("#")
    if len(text) != 6:
        raise ValueError(f"not a #rrggbb colour: {value!r}")
    return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)


def solid_png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """Return a valid PNG of ``width`` x ``height`` pixels with a vertical gradient of ``rgb``.

    Example:
        >>> solid_png(2, 2, (255, 0, 0))[:8]
        b'\\x89PNG\\r\\n\\x1a\\n'
    """
    rows = []
    for y in range(height):
        shade = 1.0 - 0.5 * y / max(1, height - 1)
        pixel = bytes(int(c * shade) for c in rgb)
        rows.append(b"\x00" + pixel * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )
