"""A minimal headless Chromium driver: the DevTools protocol over ``--remote-debugging-pipe``.

No Python or Node dependency: Chromium reads NUL-terminated JSON commands from fd 3 and writes
responses and events to fd 4. Each :class:`Tab` records what a person would see go wrong:
console errors, uncaught exceptions, failed loads, and every request that leaves this machine
(other hosts cannot even be resolved: ``--host-resolver-rules`` maps them to nothing).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: Flags for a closed network: no background requests, no first-run work, no sandbox (root).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-default-browser-check",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
)
LOCAL_SCHEMES = frozenset({"data", "blob", "about", "chrome", "devtools"})


class BrowserError(RuntimeError):
    """Chromium died, answered with an error, or did not answer in time."""


def find_chromium() -> str | None:
    """The Chromium executable on ``PATH`` (Debian's ``chromium``), or ``None``."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def is_local(url: str) -> bool:
    """Whether loading ``url`` stays on this machine."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in ("127.0.0.1", "localhost")


class Browser:
    """One headless Chromium process, with a fresh profile, driven over the DevTools pipe."""

    def __init__(self, executable: str, *, width: int = 1280, height: int = 900) -> None:
        self.width, self.height = width, height
        self._profile = tempfile.TemporaryDirectory(prefix="docs-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # fd 3 and 4 of the child are the pipe ends; bash moves them into place (dash cannot
        # name fds above 9, which the ends may be).
        script = f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}'
        command = [
            shutil.which("bash") or "/bin/bash",
            "-c",
            script,
            "bash",
            executable,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={self._profile.name}",
            f"--window-size={width},{height}",
            "--remote-debugging-pipe",
            "about:blank",
        ]
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by close()
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=self._log,
            pass_fds=(to_chrome_r, from_chrome_w),
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._next_id = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._tabs: dict[str, Tab] = {}
        self._closed = False
        self._reader = threading.Thread(target=self._read, name="cdp-reader", daemon=True)
        self._reader.start()
        try:
            self.version = self.send("Browser.getVersion")["product"]
        except BaseException:
            self.close()
            raise

    # -- protocol ----------------------------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_chrome, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                with self._changed:
                    self._closed = True
                    self._changed.notify_all()
                return
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            for raw in messages:
                self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:
            with self._changed:
                self._responses[message["id"]] = message
                self._changed.notify_all()
            return
        tab = self._tabs.get(message.get("sessionId", ""))
        if tab is not None:
            tab.on_event(message["method"], message.get("params", {}))

    def send(
        self,
        method: str,
        params: dict[str, Any] | None = None,
        *,
        session: str | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        """Send one command and return its result."""
        with self._lock:
            self._next_id += 1
            ident = self._next_id
            message: dict[str, Any] = {"id": ident, "method": method, "params": params or {}}
            if session is not None:
                message["sessionId"] = session
            try:
                os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
            except OSError as exc:
                raise BrowserError(f"{method}: Chromium is gone ({exc}){self.output()}") from exc
        deadline = time.monotonic() + timeout
        with self._changed:
            while ident not in self._responses:
                left = deadline - time.monotonic()
                if self._closed or left <= 0:
                    why = "exited" if self._closed else f"no answer in {timeout:g} s"
                    raise BrowserError(f"{method}: Chromium {why}{self.output()}")
                self._changed.wait(left)
            response = self._responses.pop(ident)
        if "error" in response:
            raise BrowserError(f"{method}: {response['error']}")
        result: dict[str, Any] = response.get("result", {})
        return result

    def output(self) -> str:
        """Chromium's own stdout and stderr so far, for error messages."""
        self._log.seek(0)
        text = self._log.read().decode(errors="replace").strip()
        return f"\nChromium said:\n{text[-3000:]}" if text else ""

    # -- tabs --------------------------------------------------------------------------------

    @contextmanager
    def tab(self) -> Iterator[Tab]:
        """A new tab (a fresh page target), closed afterwards."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        tab = Tab(self, session)
        self._tabs[session] = tab
        try:
            tab.setup()
            yield tab
        finally:
            self._tabs.pop(session, None)
            self.send("Target.closeTarget", {"targetId": target})

    def close(self) -> None:
        """Quit Chromium and release the pipes and the profile."""
        try:
            if self._process.poll() is None:
                with suppress(BrowserError):
                    self.send("Browser.close", timeout=5)
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        finally:
            os.close(self._to_chrome)
            self._reader.join(timeout=10)
            os.close(self._from_chrome)
            self._log.close()
            self._profile.cleanup()

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Tab:
    """One page: navigation, JavaScript, screenshots, and the problems seen while loading."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session
        self.errors: list[str] = []
        self.external: list[str] = []
        self.requests: list[str] = []
        self._loads = 0
        self._events = threading.Condition()

    def setup(self) -> None:
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.send(f"{domain}.enable")
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {
                "width": self.browser.width,
                "height": self.browser.height,
                "deviceScaleFactor": 1,
                "mobile": False,
            },
        )

    def send(self, method: str, params: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
        """Send a command to this tab's session."""
        return self.browser.send(method, params, session=self.session, **kw)

    def on_event(self, method: str, params: dict[str, Any]) -> None:
        """Record what matters of one DevTools event (called by the reader thread)."""
        if method == "Page.loadEventFired":
            with self._events:
                self._loads += 1
                self._events.notify_all()
        elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            text = " ".join(
                str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", [])
            )
            self.errors.append(f"console.{params['type']}: {text}")
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            description = details.get("exception", {}).get("description") or details.get("text")
            self.errors.append(f"uncaught exception: {description}")
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") == "error":
                self.errors.append(
                    f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}"
                )
        elif method == "Network.requestWillBeSent":
            url = params.get("request", {}).get("url", "")
            self.requests.append(url)
            if not is_local(url):
                self.external.append(url)
        elif method == "Network.loadingFailed" and not params.get("canceled"):
            self.errors.append(f"failed to load: {params.get('errorText')} ({params.get('type')})")

    def goto(self, url: str, *, timeout: float = 30.0) -> None:
        """Load ``url`` and wait for its ``load`` event."""
        with self._events:
            loads = self._loads
        result = self.send("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise BrowserError(f"cannot load {url}: {result['errorText']}")
        deadline = time.monotonic() + timeout
        with self._events:
            while self._loads == loads:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise BrowserError(f"{url} did not finish loading in {timeout:g} s")
                self._events.wait(left)

    def evaluate(self, expression: str) -> Any:
        """The value of a JavaScript expression (awaited if it is a promise)."""
        result = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, *, timeout: float = 20.0) -> Any:
        """Poll a JavaScript expression until it is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out after {timeout:g} s waiting for {expression!r}")
            time.sleep(0.1)

    def screenshot(self, path: Path) -> Path:
        """Save what the viewport shows as a PNG."""
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path
