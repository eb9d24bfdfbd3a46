"""The documentation site, as a reader sees it.

``scripts/docs.sh`` (``make docs``) builds ``site/``; the site is served on 127.0.0.1 and opened
in headless Chromium on a closed network (every other host is unresolvable). The HTTP API
reference must show every operation of ``openapi/replicate.yaml``, and every page of the guide
must load without a console error, an uncaught exception, a failed load or a request that leaves
the machine. Screenshots land in ``site/_screens/``.

Without Chromium (and no way to install it: ``scripts/docs.sh browser`` needs root and apt-get)
the browser tests are skipped, saying so; the build itself is still checked.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
import yaml

from .cdp import Browser, Tab, find_chromium

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "site"
SCREENS = SITE / "_screens"
SPEC = ROOT / "openapi" / "replicate.yaml"
BUILD = ["bash", str(ROOT / "scripts" / "docs.sh"), "build"]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Operation(NamedTuple):
    operation_id: str
    method: str
    path: str
    summary: str


def operations() -> list[Operation]:
    """Every operation of the OpenAPI description, in file order."""
    spec: dict[str, Any] = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found = []
    for path, item in spec["paths"].items():
        for method in METHODS:
            op = item.get(method)
            if op is not None:
                found.append(Operation(op["operationId"], method.upper(), path, op["summary"]))
    return found


def guide_pages() -> list[str]:
    """The URL path of every Markdown page in the nav of mkdocs.yml (``""`` is the home page)."""
    config: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    sources: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            sources.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config["nav"])
    urls = []
    for source in sources:
        if not source.endswith(".md"):
            continue  # the Redoc page, tested on its own
        stem = source.removesuffix(".md")
        if stem == "index" or stem.endswith("/index"):
            urls.append(stem.removesuffix("index"))  # "" or "reference/"
        else:
            urls.append(stem + "/")
    return urls


OPERATIONS = operations()
PAGES = guide_pages()


def _slug(url_path: str) -> str:
    return url_path.strip("/").replace("/", "-") or "home"


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site() -> Path:
    """A fresh build of the site (``scripts/docs.sh build``, as ``make docs`` runs it)."""
    # The mkdocs of the Python running pytest; no screenshots from the build (make docs takes
    # them with scripts/docs_screens.py): the browser tests below take their own.
    env = {**os.environ, "PYTHON": sys.executable, "DOCS_SCREENS": "0"}
    result = subprocess.run(
        BUILD, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if result.returncode != 0:
        pytest.fail(
            f"`scripts/docs.sh build` failed ({result.returncode}):\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
        )
    return SITE


@pytest.fixture(scope="module")
def chromium() -> str:
    """Chromium's executable, installed if possible (root and apt-get), else the tests skip."""
    found = find_chromium()
    if found is None:
        result = subprocess.run(
            ["bash", str(ROOT / "scripts" / "docs.sh"), "browser"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        found = find_chromium()
        if found is None:
            why = (result.stderr.strip().splitlines() or ["no reason given"])[-1]
            pytest.skip(f"Chromium is not installed and could not be installed ({why})")
    return found


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 (the search worker needs http, not file://)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="docs-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Browser]:
    """One headless Chromium for the module, with a fresh profile."""
    with Browser(chromium) as chrome:
        yield chrome


def assert_clean(tab: Tab, what: str) -> None:
    """No console error, exception or failed load, and nothing fetched from another host."""
    assert not tab.external, f"{what} made requests that leave this machine: {tab.external}"
    assert not tab.errors, f"{what} had errors in the browser: {tab.errors}"


# -- the build, with or without a browser --------------------------------------------------------


def test_site_is_built_with_both_references(site: Path) -> None:
    reference = (site / "api" / "index.html").read_text(encoding="utf-8")
    missing = [op.operation_id for op in OPERATIONS if op.operation_id not in reference]
    assert not missing, f"operations missing from site/api/index.html: {missing}"
    assert "cdn.redoc.ly/redoc/logo" not in reference, "Redoc's footer logo is loaded from a CDN"
    for url_path in PAGES:
        assert (site / url_path / "index.html").is_file(), f"no page for {url_path or 'home'}"
    client = (site / "reference" / "client" / "index.html").read_text(encoding="utf-8")
    assert 'id="replicate_ext.client.BaseClient.run"' in client, "mkdocstrings rendered no API"
    emulator = (site / "reference" / "emulator" / "index.html").read_text(encoding="utf-8")
    assert 'id="replicate_emulator.Emulator.add_model"' in emulator, "no emulator API reference"


def test_sources_describe_the_emulator_as_its_own_distribution() -> None:
    """No page still sends readers to the client's old `[emulator]` extra or module."""
    stale = re.compile(r"replicate-ext\[emulator\]|replicate_ext[./]emulator|`emulator` extra")
    sources = [*sorted((ROOT / "docs").glob("**/*.md")), ROOT / "mkdocs.yml"]
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sources
        if "node_modules" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if stale.search(line)
    ]
    assert not found, "\n".join(found)


# -- in the browser ------------------------------------------------------------------------------


def operation_links(tab: Tab) -> dict[str, str]:
    """Scroll the Redoc page top to bottom, as a reader would, opening each tag's "Show N more"
    list; return the operations it links (``#/tag/operationId``) by operation id."""
    links: dict[str, str] = {}
    for _ in range(500):
        tab.evaluate(
            "[...document.querySelectorAll('button')]"
            ".filter(b => /^Show \\d+ more/.test(b.innerText.trim())).forEach(b => b.click())"
        )
        hrefs: list[str] = tab.evaluate(
            "[...document.querySelectorAll('a[href^=\"#/\"]')].map(a => a.getAttribute('href'))"
        )
        links.update((href.rsplit("/", 1)[-1], href) for href in hrefs if href.count("/") >= 2)
        # Scroll half a screen, then let Redoc render what came into view (it renders lazily).
        at_end = tab.evaluate(
            "(async () => { const page = document.scrollingElement, top = page.scrollTop;"
            " page.scrollBy(0, innerHeight / 2);"
            " await new Promise(done => requestAnimationFrame(() => setTimeout(done, 50)));"
            " return page.scrollTop === top; })()"
        )
        if at_end:
            break
    tab.evaluate("document.scrollingElement.scrollTo(0, 0)")
    return links


def test_http_reference_shows_every_operation(base_url: str, browser: Browser) -> None:
    with browser.tab() as tab:
        tab.goto(base_url + "api/")
        tab.wait_for("document.querySelectorAll('a[href^=\"#/\"]').length > 0")
        tab.screenshot(SCREENS / "api.png")
        links = operation_links(tab)
        missing = [op.operation_id for op in OPERATIONS if op.operation_id not in links]
        assert not missing, f"operations not listed on the Redoc page: {missing}"
        not_shown = []
        for op in OPERATIONS:
            # Open the operation and wait for its section: its summary as a heading of the main
            # column, and its path in the request panel.
            tab.evaluate(f"location.hash = {json.dumps(links[op.operation_id])}")
            heading = (
                "[...document.querySelectorAll('h1, h2, h3')].some(h => "
                f"!h.closest('nav, aside') && h.innerText.trim() === {json.dumps(op.summary)})"
            )
            endpoint = f"document.body.innerText.includes({json.dumps(op.path)})"
            try:
                tab.wait_for(f"({heading}) && ({endpoint})", timeout=10)
            except RuntimeError:
                not_shown.append(f"{op.operation_id} ({op.method} {op.path}: {op.summary!r})")
            if op.operation_id == "predictions.create":
                tab.screenshot(SCREENS / "api-predictions-create.png")
        assert not not_shown, f"operations whose section never rendered: {not_shown}"
        assert_clean(tab, "the HTTP API reference")


@pytest.mark.parametrize("url_path", PAGES, ids=[_slug(p) for p in PAGES])
def test_guide_page_loads_cleanly(base_url: str, browser: Browser, url_path: str) -> None:
    with browser.tab() as tab:
        tab.goto(base_url + url_path)
        # Material's scripts have run (they define document$) and the search index has loaded.
        tab.wait_for("!!window.document$ && document.readyState === 'complete'")
        tab.wait_for(
            "performance.getEntriesByType('resource')"
            ".some(r => r.name.endsWith('/search/search_index.json'))"
        )
        title: str = tab.evaluate("document.title")
        article: str = tab.evaluate("document.querySelector('article')?.innerText ?? ''")
        heading: str = tab.evaluate("document.querySelector('article h1')?.innerText ?? ''")
        tab.screenshot(SCREENS / f"{_slug(url_path)}.png")
        assert title.endswith("replicate-ext"), title
        assert heading.strip(), f"{url_path or 'home'} has no heading"
        # Nothing left unrendered: mkdocstrings directives, Sphinx roles, CLI help markers.
        leftovers = re.findall(
            r"::: replicate_ext\S*|:(?:class|meth|func|attr|mod):`|cli-help", article
        )
        assert not leftovers, f"unrendered markup on {url_path or 'home'}: {leftovers}"
        if url_path.startswith("reference/") and url_path != "reference/":
            count = tab.evaluate("document.querySelectorAll('article .doc-object').length")
            assert count > 0, f"{url_path}: no API objects rendered from the docstrings"
        assert_clean(tab, url_path or "the home page")


def test_search_works_offline(base_url: str, browser: Browser) -> None:
    with browser.tab() as tab:
        tab.goto(base_url)
        tab.wait_for("!!document.querySelector('.md-search__input') && !!window.document$")
        tab.evaluate(
            "(() => { const input = document.querySelector('.md-search__input');"
            " input.focus(); input.value = 'pytest fixtures';"
            " input.dispatchEvent(new Event('input', {bubbles: true}));"
            " input.dispatchEvent(new KeyboardEvent('keyup', {key: 's', bubbles: true})); })()"
        )
        count = tab.wait_for("document.querySelectorAll('.md-search-result__item').length")
        tab.screenshot(SCREENS / "search.png")
        assert count > 0
        assert_clean(tab, "search")
