"""The raw Markdown of README.md and docs/ says what the code does (no build needed)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from replicate_ext import _constants

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_cli_help_committed_in_the_docs_is_current() -> None:
    """docs/*.md carry the --help text between their cli-help markers, as the parsers print it."""
    spec = importlib.util.spec_from_file_location("cli_help", ROOT / "docs/_hooks/cli_help.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    stale = [
        p.name
        for p in PAGES
        if hook.render(p.read_text(encoding="utf-8")) != p.read_text(encoding="utf-8")
    ]
    assert not stale, f"stale CLI help in {stale}: run .venv/bin/python docs/_hooks/cli_help.py"


def test_polling_back_off_is_described_with_the_real_numbers() -> None:
    low, high = _constants.POLL_INTERVAL_MIN, _constants.POLL_INTERVAL_MAX
    claims = 0
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for found in re.findall(r"backing off to (\d+(?:\.\d+)?) s", text):
            assert float(found) == high, f"{page.name}: backing off to {found} s, code: {high:g} s"
            claims += 1
        for a, b in re.findall(
            r"adaptive[^|\n]*?(\d+(?:\.\d+)?)\s*[\u2013-]\s*(\d+(?:\.\d+)?) s", text
        ):
            assert (float(a), float(b)) == (low, high), f"{page.name}: {a} to {b} s"
            claims += 1
    assert claims >= 3
