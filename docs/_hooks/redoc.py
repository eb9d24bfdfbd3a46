"""MkDocs hook: render the HTTP API reference (``openapi/replicate.yaml``) with Redoc.

Runs the pinned ``@redocly/cli`` of ``docs/package.json`` (``npm ci --prefix docs``) and adds
its output to the site as ``api/index.html``, so guide pages and the nav can link to it and
``mkdocs build --strict`` checks those links.

The page works offline: the Redoc bundle is inlined (``--inlineBundle``), the template
(``redoc.hbs``) links the guide's icon, and the one thing Redoc would still fetch from its CDN,
the Redocly logo of its "API docs by" footer, is replaced by an inline image.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "openapi" / "replicate.yaml"
REDOCLY = ROOT / "docs" / "node_modules" / ".bin" / "redocly"
TARGET = "api/index.html"
TEMPLATE = Path(__file__).with_name("redoc.hbs")
TITLE = "Replicate HTTP API reference · replicate-ext"
#: Images Redoc's footer loads from its CDN, and what replaces them (the same word, inline).
_LOGO = (
    "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='{w}' height='14'%3E"
    "%3Ctext x='0' y='11' font-family='sans-serif' font-size='11' font-weight='700' "
    "fill='%23888'%3ERedocly%3C/text%3E%3C/svg%3E"
)
CDN_IMAGES = {
    "https://cdn.redoc.ly/redoc/logo-mini-full.svg": _LOGO.format(w=46),
    "https://cdn.redoc.ly/redoc/logo-mini.svg": _LOGO.format(w=46),
}

_tmp: tempfile.TemporaryDirectory[str] | None = None


def build_reference(output: Path) -> None:
    """Write the Redoc page for ``SPEC`` to ``output`` (no network: telemetry and checks off)."""
    if not REDOCLY.exists():
        raise PluginError(
            f"{REDOCLY.relative_to(ROOT)} is missing: run `npm ci --prefix docs` (or `make docs`)."
        )
    env = {
        **os.environ,
        "REDOCLY_TELEMETRY": "off",
        "REDOCLY_SUPPRESS_NOTIFICATIONS": "true",
        "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true",
        "NO_COLOR": "1",
    }
    command = [
        str(REDOCLY),
        "build-docs",
        str(SPEC),
        "--output",
        str(output),
        "--title",
        TITLE,
        "--template",
        str(TEMPLATE),
        "--inlineBundle",
    ]
    result = subprocess.run(  # noqa: S603 - fixed arguments
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if result.returncode != 0 or not output.exists():
        raise PluginError(
            f"redocly build-docs failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )
    html = output.read_text(encoding="utf-8")
    for url, inline in CDN_IMAGES.items():
        html = html.replace(url, inline)
    # Anything else fetched at view time shows up in tests/docs (no request may leave the page).
    output.write_text(html, encoding="utf-8")


def on_files(files: Files, config: MkDocsConfig, **kwargs: Any) -> Files:
    global _tmp
    _tmp = tempfile.TemporaryDirectory(prefix="replicate-ext-redoc-")
    output = Path(_tmp.name) / "index.html"
    build_reference(output)
    files.append(File.generated(config, TARGET, abs_src_path=str(output)))
    return files


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    global _tmp
    if _tmp is not None:
        _tmp.cleanup()
        _tmp = None


def on_shutdown(**kwargs: Any) -> None:
    if _tmp is not None:
        shutil.rmtree(_tmp.name, ignore_errors=True)
