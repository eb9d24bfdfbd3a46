"""MkDocs hook: the ``--help`` of ``replicate-ext`` commands, taken from the real parsers.

In a page, ``<!-- cli-help: ARGS -->`` becomes the output of ``replicate-ext ARGS --help``, and
``<!-- cli-help-all -->`` becomes one section per command (every leaf of the parser tree), so
the CLI page never drifts from ``replicate_ext.cli.parser`` and ``replicate_emulator``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
from typing import Any

from mkdocs.exceptions import PluginError

_MARKER = re.compile(r"^<!-- cli-help:(?P<args>[^>]*)-->[ \t]*$", re.MULTILINE)
_ALL = re.compile(r"^<!-- cli-help-all -->[ \t]*$", re.MULTILINE)
_WIDTH = "80"


def help_text(args: list[str]) -> str:
    """The ``--help`` output of ``replicate-ext ARGS`` at a fixed width."""
    saved = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = _WIDTH
    try:
        if args[:1] == ["emulator"]:
            from replicate_emulator.__main__ import parser as emulator_parser

            return emulator_parser().format_help()
        from replicate_ext.cli.parser import build_parser

        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
            build_parser().parse_args([*args, "--help"])
        return out.getvalue()
    finally:
        if saved is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = saved


def commands() -> list[list[str]]:
    """Every command of ``replicate-ext`` (its words after the program name), in order."""
    from replicate_ext.cli.parser import build_parser

    found: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found.append(words)
            return
        for name, child in subs[0].choices.items():
            walk(child, [*words, name])

    walk(build_parser(), [])
    return found


def block(args: list[str]) -> str:
    """A fenced block with ``$ replicate-ext ARGS --help`` and its output."""
    command = " ".join(["replicate-ext", *args, "--help"])
    try:
        text = help_text(args)
    except Exception as exc:  # an import error in the CLI must fail the build loudly
        raise PluginError(f"cannot render `{command}`: {exc}") from exc
    if not text.strip():
        raise PluginError(f"`{command}` printed nothing")
    return f"```text\n$ {command}\n{text.rstrip()}\n```"


def every_command() -> str:
    """One ``###`` section per command, with its help."""
    sections = [f"### `replicate-ext {' '.join(words)}`\n\n{block(words)}" for words in commands()]
    return "\n\n".join(sections)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    markdown = _ALL.sub(lambda _: every_command(), markdown)
    return _MARKER.sub(lambda m: block(m.group("args").split()), markdown)
