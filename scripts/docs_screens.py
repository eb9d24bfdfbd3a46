"""Screenshots of the built site into ``site/_screens/`` (``make docs`` runs this after the build).

Every page of the guide's nav and the HTTP API reference, opened in headless Chromium (the
same browser driver as ``tests/docs``), served from ``site/`` on 127.0.0.1. Without Chromium it
says so and exits 0: the site is built all the same (``scripts/docs.sh browser`` installs it).

Usage: .venv/bin/python scripts/docs_screens.py
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.docs.cdp import Browser, find_chromium  # noqa: E402
from tests.docs.test_site import PAGES, SCREENS, SITE, _slug  # noqa: E402


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def main() -> int:
    """Take the screenshots; return the exit status."""
    chromium = find_chromium()
    if chromium is None:
        print("docs: no screenshots: Chromium is not installed (scripts/docs.sh browser)")
        return 0
    SCREENS.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_Quiet, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with Browser(chromium) as browser, browser.tab() as tab:
            for url_path in PAGES:
                tab.goto(base + url_path)
                tab.wait_for("!!window.document$ && document.readyState === 'complete'")
                tab.screenshot(SCREENS / f"{_slug(url_path)}.png")
            tab.goto(base + "api/")
            tab.wait_for("document.querySelectorAll('a[href^=\"#/\"]').length > 0")
            tab.screenshot(SCREENS / "api.png")
    finally:
        server.shutdown()
        server.server_close()
    print(f"docs: {len(PAGES) + 1} screenshots in {SCREENS.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
