"""The ASGI application: request log, faults, authentication, routing and responses."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from .core import Core, RecordedRequest
from .faults import Fault, abort_connection
from .ratelimit import throttled
from .routes import ROUTES
from .web import HTTPError, Req, Resp, Stream, phrase, problem

__all__ = ["App"]

log = logging.getLogger("replicate_emulator")
Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]
_UNAUTHENTICATED = problem(401, "You did not pass a valid authentication token", "Unauthenticated")
_HTML = (
    "<html>\r\n<head><title>{code} {phrase}</title></head>\r\n<body>\r\n"
    "<center><h1>{code} {phrase}</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class App:
    """The emulator's ASGI application (one per :class:`Core`).

    Example:
        >>> from .config import Config
        >>> core = Core(Config(token="r8_x"))
        >>> app = App(core)
        >>> core.close()
    """

    def __init__(self, core: Core) -> None:
        self.core = core
        self.routes = [
            (method, re.compile(pattern), handler, public)
            for method, pattern, handler, public in ROUTES
        ]

    def _authorized(self, value: str | None) -> bool:
        if not value:
            return False
        scheme, _, token = value.partition(" ")
        if scheme.lower() not in ("bearer", "token"):
            return False
        return hmac.compare_digest(token.strip().encode(), self.core.config.token.encode())

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "lifespan":
                await self._lifespan(receive, send)
            return
        method: str = scope["method"]
        path: str = scope["path"]
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        auth = headers.pop("authorization", None)
        self.core.requests.append(RecordedRequest(method, path, headers))
        fault = self.core.faults.take(method, path) if len(self.core.faults) else None
        if fault is not None:
            early = await self._fault_before(fault, scope)
            if early is False:
                return
            if isinstance(early, Resp):
                await self._send(send, early)
                return
        if self.core.limits is not None and self._authorized(auth):
            wait = self.core.limits.check(method, path)
            if wait is not None:
                await self._send(send, throttled(wait, self.core.config.rate_limit_retry_after))
                return
        response = await self._dispatch(scope, receive, method, path, headers, auth)
        if fault is not None:
            if fault.kind == "reset_after":
                if await abort_connection(scope, self.core.server_state):
                    return
                raise RuntimeError("reset_after fault: connection not found")
            if isinstance(response, Resp):
                response = self._fault_after(fault, response)
            elif fault.kind == "content_type":
                ctype = str(fault.params.get("content_type", "text/html; charset=utf-8"))
                response.headers = _with_type(response.headers, ctype.encode())
        if isinstance(response, Stream):
            await self._stream(receive, send, response)
        else:
            await self._send(send, response)

    async def _dispatch(
        self,
        scope: dict[str, Any],
        receive: Receive,
        method: str,
        path: str,
        headers: dict[str, str],
        auth: str | None,
    ) -> Resp | Stream:
        allowed: list[str] = []
        for route_method, pattern, handler, public in self.routes:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            if route_method != method:
                allowed.append(route_method)
                continue
            req = Req(scope, receive, headers, match.groupdict())
            if not public and not self._authorized(auth):
                return _UNAUTHENTICATED
            req.authorized = public and self._authorized(auth)
            try:
                response: Resp | Stream = await handler(self.core, req)
                return response
            except HTTPError as exc:
                return exc.response
            except Exception:
                log.exception("emulator handler failed: %s %s", method, path)
                return problem(500, "The emulator failed to handle this request")
        if not self._authorized(auth) and path.startswith("/v1"):
            return _UNAUTHENTICATED
        if allowed:
            resp = problem(405, f"Method {method} is not allowed for {path}")
            resp.headers.append((b"allow", ", ".join(sorted(set(allowed))).encode()))
            return resp
        return problem(404, "The requested resource could not be found.", "Not found")

    async def _fault_before(self, fault: Fault, scope: dict[str, Any]) -> Resp | bool:
        """Apply a fault that acts before the handler; ``False``: connection dropped."""
        params = fault.params
        if fault.kind == "delay":
            loop = asyncio.get_running_loop()
            until = loop.time() + float(params.get("seconds", 1.0))
            while (left := until - loop.time()) > 0:
                if self.core.closing:  # answer now: the shutdown would cancel the wait, noisily
                    return problem(503, "The emulator is shutting down.")
                await asyncio.sleep(min(left, 0.05))
            return True
        if fault.kind == "reset":
            if await abort_connection(scope, self.core.server_state):
                return False
            raise RuntimeError("reset fault: connection not found")
        if fault.kind == "status":
            status = int(params.get("status", 500))
            default = "Request was throttled." if status == 429 else "Something went wrong."
            resp = problem(status, str(params.get("detail", default)), params.get("title"))
            if params.get("retry_after") is not None:
                resp.headers.append((b"retry-after", str(params["retry_after"]).encode()))
            for key, value in dict(params.get("headers") or {}).items():
                resp.headers.append((str(key).lower().encode(), str(value).encode()))
            return resp
        if fault.kind == "html":
            status = int(params.get("status", 502))
            body = params.get("body") or _HTML.format(code=status, phrase=phrase(status))
            return Resp(status, [(b"content-type", b"text/html; charset=utf-8")], _bytes(body))
        if fault.kind == "body":
            status = int(params.get("status", 200))
            body = params.get("body", b"")
            ctype = params.get("content_type")
            if ctype is None:
                ctype = "application/json" if isinstance(body, dict | list) else "text/plain"
            resp = Resp(status, [(b"content-type", str(ctype).encode())], _bytes(body))
            for key, value in dict(params.get("headers") or {}).items():
                resp.headers.append((str(key).lower().encode(), str(value).encode()))
            return resp
        return True

    def _fault_after(self, fault: Fault, response: Resp) -> Resp:
        if fault.kind == "truncate":
            keep = float(fault.params.get("keep", 0.5))
            cut = max(0, min(len(response.body) - 1, int(len(response.body) * keep)))
            return Resp(response.status, response.headers, response.body[:cut])
        if fault.kind == "content_type":
            ctype = str(fault.params.get("content_type", "text/html; charset=utf-8"))
            return Resp(
                response.status, _with_type(response.headers, ctype.encode()), response.body
            )
        return response

    @staticmethod
    async def _send(send: Send, response: Resp) -> None:
        headers = [*response.headers, (b"content-length", str(len(response.body)).encode())]
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    async def _stream(self, receive: Receive, send: Send, response: Stream) -> None:
        await send(
            {"type": "http.response.start", "status": response.status, "headers": response.headers}
        )
        gone = asyncio.Event()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.ensure_future(watch())
        chunks = response.make(gone)
        try:
            async for chunk in chunks:
                if gone.is_set():
                    break
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            if not gone.is_set():
                await send({"type": "http.response.body", "body": b""})
        finally:
            watcher.cancel()
            await chunks.aclose()

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def _bytes(body: Any) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    return json.dumps(body).encode()


def _with_type(headers: list[tuple[bytes, bytes]], ctype: bytes) -> list[tuple[bytes, bytes]]:
    return [(k, v) for k, v in headers if k != b"content-type"] + [(b"content-type", ctype)]
