"""MkDocs hook: the ``--help`` of ``replicate-ext`` commands, taken from the real parsers.

In a page, ``<!-- cli-help: ARGS -->`` is followed by the output of ``replicate-ext ARGS
--help``, and ``<!-- cli-help-all -->`` by one section per command (every leaf of the parser
tree), each up to a closing ``<!-- /cli-help -->``. The text between the markers is committed,
so the raw Markdown reads well too; the build fills it afresh, and ``tests/test_docs_text.py``
fails when the committed text is stale. Refresh it with::

    .venv/bin/python docs/_hooks/cli_help.py        # rewrites docs/*.md in place
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

_MARKER = re.compile(r"^<!-- cli-help:(?P<args>[^>]*)-->[ \t]*$")
_ALL = re.compile(r"^<!-- cli-help-all -->[ \t]*$")
_END = "<!-- /cli-help -->"
DOCS = Path(__file__).resolve().parents[1]
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


def render(markdown: str) -> str:
    """``markdown`` with the text after each marker regenerated, up to its closing marker
    (added when missing)."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        marker, every = _MARKER.match(line), _ALL.match(line)
        out.append(line)
        i += 1
        if not marker and not every:
            continue
        generated = block(marker.group("args").split()) if marker else every_command()
        out.extend(["", *generated.split("\n"), "", _END])
        # Skip the committed text, if this marker has it (up to its closing marker).
        end = next((j for j in range(i, len(lines)) if lines[j].strip() == _END), None)
        following = next(
            (j for j in range(i, len(lines)) if _MARKER.match(lines[j]) or _ALL.match(lines[j])),
            len(lines),
        )
        if end is not None and end < following:
            i = end + 1
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    return render(markdown)


def main(argv: list[str]) -> int:
    """Rewrite the help in docs/*.md (``--check``: only say which pages are stale)."""
    stale = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        fresh = render(text)
        if fresh != text:
            stale.append(path.name)
            if "--check" not in argv:
                path.write_text(fresh, encoding="utf-8")
    verb = "stale" if "--check" in argv else "rewritten"
    print(f"{verb}: {', '.join(stale)}" if stale else "the CLI help in docs/*.md is current")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
