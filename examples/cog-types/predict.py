"""Cog predictors that use every Cog input and output type.

``cog``'s own schema generation describes them; the tests run them through ``use()``, input
validation and codegen on the emulator (no Docker needed)::

    from replicate_emulator import Emulator

    with Emulator() as emu:
        emu.add_cog_model("acme/types", "examples/cog-types/predict.py:Predictor")
        fn = emu.client().use("acme/types")
        print(fn(prompt="a cat", image=Path("cat.png")).caption)

- ``Predictor``: ``str``, ``int`` with ``ge``/``le``, ``float``, ``bool``, ``choices``
  (strings and integers), ``Path``, ``File``, ``Secret``, ``list[str]``, ``list[Path]``, an
  optional input and a ``regex``; its output is a ``BaseModel``.
- ``Tokens``: ``ConcatenateIterator[str]`` (streamed text).
- ``Words``: ``Iterator[str]``.
- ``Frames``: ``Iterator[Path]`` (files, one at a time).
- ``Images``: ``list[Path]``.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Iterator
from typing import Optional

from cog import BaseModel, BasePredictor, ConcatenateIterator, File, Input, Path, Secret


class Output(BaseModel):
    """What ``Predictor`` returns: a caption, a score, a file and the inputs it saw."""

    caption: str
    score: float
    image: Path
    tags: list[str]
    note: Optional[str]


def _png(width: int, height: int) -> bytes:
    """A tiny valid grey PNG (no image library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _write_png(name: str, size: int) -> Path:
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(_png(size, size))
    return path


class Predictor(BasePredictor):
    """Describes an image; takes every kind of Cog input."""

    def predict(
        self,
        prompt: str = Input(description="What to describe."),
        image: Path = Input(description="The image to describe."),
        steps: int = Input(description="Denoising steps.", default=20, ge=1, le=50),
        guidance: float = Input(description="Guidance scale.", default=7.5, ge=0, le=20),
        upscale: bool = Input(description="Upscale the result.", default=False),
        scheduler: str = Input(
            description="The sampler.", default="euler", choices=["euler", "ddim", "k_lms"]
        ),
        size: int = Input(description="Output size in pixels.", default=64, choices=[64, 128]),
        mask: Optional[File] = Input(
            description="An optional mask (the deprecated File type).", default=None
        ),
        api_key: Optional[Secret] = Input(
            description="A key for an upstream service.", default=None
        ),
        tags: Optional[list[str]] = Input(description="Tags to attach.", default=None),
        references: Optional[list[Path]] = Input(description="Reference images.", default=None),
        seed: Optional[int] = Input(description="Random seed; empty for random.", default=None),
        name: str = Input(
            description="A slug for the output file.",
            default="out",
            min_length=1,
            max_length=32,
            regex=r"^[a-z0-9-]+$",
        ),
    ) -> Output:
        """Return a caption built from the inputs and a small PNG."""
        with open(image, "rb") as handle:
            head = handle.read(8)
        kind = "png" if head.startswith(b"\x89PNG") else "file"
        secret = api_key.get_secret_value() if api_key is not None else None
        print(f"describing a {kind} in {steps} steps with {scheduler}")
        return Output(
            caption=f"{prompt} ({kind}, {steps} steps, {scheduler}, guidance {guidance})",
            score=round(guidance / 20, 3),
            image=_write_png(f"{name}.png", size // 16),
            tags=[*(tags or []), *(["upscaled"] if upscale else [])],
            note=(
                f"mask={mask is not None} key={'set' if secret else 'unset'} "
                f"refs={len(references or [])} seed={seed}"
            ),
        )


class Tokens(BasePredictor):
    """Streams text token by token (``ConcatenateIterator[str]``)."""

    def predict(
        self,
        prompt: str = Input(description="Words to stream back.", default="hello streaming world"),
        max_tokens: int = Input(description="Tokens to produce at most.", default=16, ge=1),
        delay: float = Input(description="Seconds between tokens.", default=0.0, ge=0, le=1),
    ) -> ConcatenateIterator[str]:
        """Yield the prompt's words, separated by spaces."""
        words = prompt.split() or ["token"]
        for index in range(min(max_tokens, len(words))):
            yield ("" if index == 0 else " ") + words[index]
            time.sleep(delay)


class Words(BasePredictor):
    """Yields words (``Iterator[str]``)."""

    def predict(self, text: str = Input(description="Text to split.")) -> Iterator[str]:
        """Yield each word of ``text``."""
        yield from text.split()


class Frames(BasePredictor):
    """Yields image files one at a time (``Iterator[Path]``)."""

    def predict(
        self, count: int = Input(description="How many frames.", default=2, ge=1, le=8)
    ) -> Iterator[Path]:
        """Yield ``count`` small PNG frames."""
        for index in range(count):
            yield _write_png(f"frame-{index}.png", 2)


class Images(BasePredictor):
    """Returns a list of image files (``list[Path]``)."""

    def predict(
        self, count: int = Input(description="How many images.", default=2, ge=1, le=4)
    ) -> list[Path]:
        """Return ``count`` small PNG images."""
        return [_write_png(f"image-{index}.png", 2) for index in range(count)]
