"""Demo models registered in every emulator (owner ``replicate-ext``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from .context import cooperative_sleep
from .core import Core
from .png import parse_color, solid_png
from .schema import cog_schema

__all__ = ["register_builtins"]

Log = Callable[[str], None]


def _prop(kind: str, order: int, description: str, **extra: Any) -> dict[str, Any]:
    title = extra.pop("title", None)
    return {"type": kind, "x-order": order, "description": description, **extra} | (
        {"title": title} if title else {}
    )


def hello(inp: dict[str, Any]) -> str:
    """``replicate-ext/hello``: say hello."""
    return f"hello {inp['name']}"


def echo(inp: dict[str, Any]) -> dict[str, Any]:
    """``replicate-ext/echo``: the output is the input."""
    return inp


def _choice(
    name: str, values: list[Any], order: int, description: str, default: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Cog-style choice input: ``allOf`` a ``$ref`` to an enum schema named ``name``.

    Returns ``(property, {name: enum schema})``.
    """
    kind = "integer" if all(isinstance(v, int) for v in values) else "string"
    enum = {"title": name, "description": "An enumeration.", "type": kind, "enum": values}
    prop = {
        "allOf": [{"$ref": f"#/components/schemas/{name}"}],
        "default": default,
        "description": description,
        "x-order": order,
    }
    return prop, {name: enum}


def _with_defs(doc: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    doc["components"]["schemas"].update(defs)
    return doc


_STYLES: dict[str, Callable[[str], str]] = {"plain": str, "upper": str.upper, "title": str.title}


def tokens(inp: dict[str, Any], log: Log) -> Iterator[str]:
    """``replicate-ext/tokens``: stream ``count`` tokens built from the prompt."""
    style = _STYLES.get(inp.get("style") or "plain", str)
    words = [style(word) for word in inp["prompt"].split()] or ["token"]
    log(f"Generating {inp['count']} tokens")
    for i in range(inp["count"]):
        if inp["delay"]:
            cooperative_sleep(inp["delay"])
        yield ("" if i == 0 else " ") + words[i % len(words)]
    log("Done")


def image(inp: dict[str, Any], log: Log) -> bytes:
    """``replicate-ext/image``: a small PNG served by the emulator."""
    scale = inp.get("scale") or 1
    if inp.get("init_image"):
        log("Using the size of the init image is not supported: using width and height")
    log(f"Rendering {inp['width'] * scale}x{inp['height'] * scale} image")
    return solid_png(inp["width"] * scale, inp["height"] * scale, parse_color(inp["color"]))


def fail(inp: dict[str, Any], log: Log) -> None:
    """``replicate-ext/fail``: log a little, then fail with ``message``."""
    log("Loading weights")
    log("Running inference")
    raise RuntimeError(inp["message"])


def sleep(inp: dict[str, Any], log: Log) -> float:
    """``replicate-ext/sleep``: sleep ``seconds`` (cooperatively, so cancel works)."""
    log(f"Sleeping for {inp['seconds']} seconds")
    cooperative_sleep(inp["seconds"])
    log("Awake")
    return float(inp["seconds"])


def register_builtins(core: Core) -> None:
    """Register the demo models on ``core``.

    Example:
        >>> from .config import Config
        >>> core = Core(Config(token="r8_x"))
        >>> register_builtins(core)
        >>> core.store.get_model("replicate-ext", "hello").official
        True
        >>> core.close()
    """
    demo = ["replicate-ext"]
    name = _prop("string", 0, "Who to greet", default="world", title="Name")
    core.add_model(
        "replicate-ext/hello",
        hello,
        official=True,
        schema=cog_schema({"type": "object", "properties": {"name": name}}, {"type": "string"}),
        description="Says hello (an official model: no versions exposed)",
        example={"name": "Ada"},
        readme="# hello\n\nReturns `hello {name}`.\n",
        tags=demo,
    )
    core.add_model(
        "replicate-ext/echo",
        echo,
        schema=cog_schema({"type": "object", "additionalProperties": True, "properties": {}}, {}),
        description="Returns its input unchanged",
        tags=demo,
    )
    streamed = {
        "type": "array",
        "items": {"type": "string"},
        "x-cog-array-type": "iterator",
        "x-cog-array-display": "concatenate",
    }
    token_props = {
        "prompt": _prop("string", 0, "Text whose words are streamed back", default="hello world"),
        "count": _prop("integer", 1, "Number of tokens", default=8, minimum=1, maximum=10000),
        "delay": _prop("number", 2, "Seconds between tokens", default=0.0, minimum=0, maximum=10),
    }
    token_props["style"], style_defs = _choice(
        "style", list(_STYLES), 3, "How to case the words", "plain"
    )
    core.add_model(
        "replicate-ext/tokens",
        tokens,
        schema=_with_defs(
            cog_schema({"type": "object", "properties": token_props}, streamed), style_defs
        ),
        description="Streams text tokens, like a language model",
        example={"prompt": "the quick brown fox", "count": 4},
        tags=[*demo, "text"],
    )
    image_props = {
        "width": _prop("integer", 0, "Width in pixels", default=8, minimum=1, maximum=512),
        "height": _prop("integer", 1, "Height in pixels", default=8, minimum=1, maximum=512),
        "color": _prop(
            "string", 2, "Colour as #rrggbb", default="#ff6600", pattern="^#?[0-9a-fA-F]{6}$"
        ),
        "init_image": _prop(
            "string", 4, "An optional starting image", format="uri", nullable=True, default=None
        ),
    }
    image_props["scale"], scale_defs = _choice("scale", [1, 2, 4], 3, "Size multiplier", 1)
    core.add_model(
        "replicate-ext/image",
        image,
        schema=_with_defs(
            cog_schema(
                {"type": "object", "properties": image_props}, {"type": "string", "format": "uri"}
            ),
            scale_defs,
        ),
        description="Generates a small PNG image",
        example={"width": 64, "height": 64, "color": "#3366ff"},
        tags=[*demo, "image"],
    )
    message = _prop("string", 0, "The error message", default="Something went wrong")
    core.add_model(
        "replicate-ext/fail",
        fail,
        schema=cog_schema(
            {"type": "object", "properties": {"message": message}}, {"type": "string"}
        ),
        description="Always fails, with logs and an error message",
        tags=demo,
    )
    seconds = _prop("number", 0, "How long to sleep", default=1.0, minimum=0, maximum=3600)
    core.add_model(
        "replicate-ext/sleep",
        sleep,
        schema=cog_schema(
            {"type": "object", "properties": {"seconds": seconds}}, {"type": "number"}
        ),
        description="Sleeps, then returns the number of seconds slept",
        example={"seconds": 1},
        tags=demo,
    )
    register_delay(core)


def delay(inp: dict[str, Any]) -> Any:
    """``replicate-ext/delay``: take ``seconds`` (the run time is an input), then return
    ``value``, or fail with ``value`` as the error when ``fail`` is true. For batches and
    benchmarks."""
    cooperative_sleep(inp["seconds"])
    if inp["fail"]:
        raise RuntimeError(str(inp["value"]))
    return inp["value"]


def register_delay(core: Core) -> None:
    """Register ``replicate-ext/delay`` on ``core`` (see :func:`delay`).

    Example:
        >>> from .config import Config
        >>> core = Core(Config(token="r8_x"))
        >>> register_builtins(core)
        >>> core.store.get_model("replicate-ext", "delay").official
        True
        >>> core.close()
    """
    props = {
        "seconds": _prop("number", 0, "Run time in seconds", default=1.0, minimum=0, maximum=3600),
        "value": _prop("string", 1, "The output (or the error message)", default=""),
        "fail": _prop("boolean", 2, "Fail instead of succeeding", default=False),
    }
    core.add_model(
        "replicate-ext/delay",
        delay,
        official=True,
        schema=cog_schema({"type": "object", "properties": props}, {"type": "string"}),
        description="Runs for `seconds`, then returns `value` (or fails with it)",
        tags=["replicate-ext"],
    )
