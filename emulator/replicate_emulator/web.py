"""Minimal request/response types for the emulator's ASGI app (no framework on the hot path)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, Awaitable, Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

__all__ = [
    "HTTPError",
    "Req",
    "Resp",
    "Stream",
    "empty",
    "json_resp",
    "phrase",
    "problem",
]

Receive = Callable[[], Awaitable[dict[str, Any]]]
JSON = b"application/json"
PROBLEM = b"application/problem+json"
_EXTRA_PHRASES = {
    499: "Client Closed Request",
    520: "Web Server Returned an Unknown Error",
    521: "Web Server Is Down",
    522: "Connection Timed Out",
    524: "A Timeout Occurred",
}


def phrase(status: int) -> str:
    """Return the reason phrase of an HTTP status (including common non-standard ones).

    Example:
        >>> phrase(429), phrase(499)
        ('Too Many Requests', 'Client Closed Request')
    """
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _EXTRA_PHRASES.get(status, "Error")


class Resp:
    """A complete response: status, raw headers and body.

    Example:
        >>> Resp(204, [], b"").status
        204
    """

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def content_type(self) -> bytes:
        """Return the value of the ``content-type`` header (empty if none)."""
        for key, value in self.headers:
            if key == b"content-type":
                return value
        return b""


class Stream:
    """A streamed response (server-sent events).

    ``make(gone)`` returns the async generator of encoded chunks; ``gone`` is set when the
    client disconnects, so the generator can stop waiting.
    """

    __slots__ = ("headers", "make", "status")

    def __init__(
        self,
        status: int,
        headers: list[tuple[bytes, bytes]],
        make: Callable[[asyncio.Event], AsyncGenerator[bytes, None]],
    ) -> None:
        self.status = status
        self.headers = headers
        self.make = make


def json_resp(data: Any, status: int = 200, content_type: bytes = JSON) -> Resp:
    """Return a JSON response.

    Example:
        >>> json_resp({"a": 1}).body
        b'{"a":1}'
    """
    body = json.dumps(data, separators=(",", ":")).encode()
    return Resp(status, [(b"content-type", content_type)], body)


def problem(status: int, detail: str, title: str | None = None, **extra: Any) -> Resp:
    """Return an ``application/problem+json`` error with ``title``, ``detail`` and ``status``.

    Example:
        >>> problem(404, "Not here").body
        b'{"title":"Not Found","detail":"Not here","status":404}'
    """
    data = {"title": title or phrase(status), "detail": detail, "status": status, **extra}
    return json_resp(data, status, PROBLEM)


def empty(status: int) -> Resp:
    """Return a response without a body (``204``, ``202``)."""
    return Resp(status, [], b"")


class HTTPError(Exception):
    """Raised by handlers to answer with a problem+json error.

    Example:
        >>> HTTPError(404, "No such model").response.status
        404
    """

    def __init__(self, status: int, detail: str, title: str | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.response = problem(status, detail, title, **extra)


class Req:
    """An incoming request: method, path, path parameters, headers, query and body."""

    __slots__ = (
        "_body",
        "_query",
        "authorized",
        "headers",
        "method",
        "params",
        "path",
        "receive",
        "scope",
    )

    def __init__(
        self,
        scope: dict[str, Any],
        receive: Receive,
        headers: dict[str, str],
        params: dict[str, str],
    ) -> None:
        self.scope = scope
        self.receive = receive
        self.method: str = scope["method"]
        self.path: str = scope["path"]
        self.headers = headers
        self.params = params
        self.authorized = False
        self._query: dict[str, list[str]] | None = None
        self._body: bytes | None = None

    @property
    def query(self) -> dict[str, list[str]]:
        """All query parameters (values as lists)."""
        if self._query is None:
            raw = self.scope.get("query_string", b"").decode("latin-1")
            self._query = parse_qs(raw, keep_blank_values=True)
        return self._query

    def arg(self, name: str) -> str | None:
        """Return the first value of query parameter ``name``."""
        values = self.query.get(name)
        return values[0] if values else None

    async def body(self) -> bytes:
        """Read the whole request body."""
        if self._body is None:
            chunks = []
            while True:
                message = await self.receive()
                if message["type"] == "http.disconnect":
                    break
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            self._body = b"".join(chunks)
        return self._body

    async def json_object(self, required: bool = True) -> dict[str, Any]:
        """Parse the body as a JSON object.

        Raises:
            HTTPError: 400 if the body is not JSON, 422 if it is not an object.
        """
        raw = await self.body()
        if not raw.strip() and not required:
            return {}
        try:
            data = json.loads(raw)
        except ValueError as exc:
            raise HTTPError(400, f"The request body is not valid JSON: {exc}") from exc
        if not isinstance(data, dict):
            raise HTTPError(422, "The request body must be a JSON object", "Invalid request")
        return data
