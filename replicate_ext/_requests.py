"""Building requests, in one place: headers, User-Agent, the token guard and timeouts.

API calls (from a :class:`~replicate_ext._call.Call`), uploads, downloads, event streams and
``request()`` all come through :meth:`RequestBuilder.build`; the token is added only for the
API's own origin (scheme, host and port), whatever the URL.

Example:
    >>> from replicate_ext.config import resolve_config
    >>> builder = RequestBuilder(resolve_config("r8_x", base_url="https://api.example/v1"), None)
    >>> request = builder.build("GET", "https://files.example/a.png")
    >>> "Authorization" in request.headers, request.headers["User-Agent"].startswith("replicate-ext/")
    (False, True)
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import httpx

from ._call import Call, Timeout
from ._constants import SYNC_MODE_READ_MARGIN
from .config import ClientConfig
from .errors import APITimeoutError

__all__ = ["RequestBuilder"]

_JSON = "application/json"


class RequestBuilder:
    """Builds every request a client sends.

    Args:
        config: The client's configuration (base URL, token, User-Agent, timeouts).
        client: The caller's own ``httpx`` client, whose defaults (headers, cookies) are merged
            in; ``None`` when we own the pool: it has no defaults to merge, so requests are
            built directly, skipping httpx's merging (a measurable share of a call's cost).
    """

    def __init__(self, config: ClientConfig, client: httpx.Client | httpx.AsyncClient | None):
        self.config = config
        self.client = client
        base = httpx.URL(config.base_url)
        self._home = (base.scheme, base.host, base.port)
        self._authorization = f"Bearer {config.token}"
        self._timeout = config.timeout.as_dict()

    def __repr__(self) -> str:
        return f"<RequestBuilder {self.config.base_url}>"

    def url(self, path: str) -> str:
        """Absolute URL for an API path (``/predictions``) or an absolute URL as given.

        Example:
            >>> from replicate_ext.config import resolve_config
            >>> RequestBuilder(resolve_config("r8_x", base_url="https://a/v1"), None).url("/account")
            'https://a/v1/account'
        """
        if path.startswith(("http://", "https://")):
            return path
        return self.config.base_url + (path if path.startswith("/") else "/" + path)

    def is_home(self, url: httpx.URL) -> bool:
        """Whether a URL is on the API's own origin (the only one that gets the token)."""
        return (url.scheme, url.host, url.port) == self._home

    def timeout(self, hold: float = 0.0, override: Timeout = None) -> dict[str, float | None]:
        """The request timeout: the configured one (or ``override``), with a read timeout
        covering a sync-mode ``hold``."""
        if override is None and hold <= 0:
            return self._timeout
        timeout = self.config.timeout if override is None else httpx.Timeout(override)
        read = timeout.read
        if hold > 0 and read is not None:
            read = max(read, hold + SYNC_MODE_READ_MARGIN)
        return httpx.Timeout(
            connect=timeout.connect, read=read, write=timeout.write, pool=timeout.pool
        ).as_dict()

    def build(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
        files: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        extra_headers: Mapping[str, str] | None = None,
        accept_json: bool = True,
        hold: float = 0.0,
        timeout: Timeout = None,
    ) -> httpx.Request:
        """The one way a request is made: our headers, then the operation's, then the caller's
        ``extra_headers``; the token only for the API's origin."""
        merged = {"User-Agent": self.config.user_agent}
        if accept_json:
            merged["Accept"] = _JSON
        if headers:
            merged.update(headers)
        if extra_headers:
            merged.update(extra_headers)
        extensions = {"timeout": self.timeout(hold, timeout)}
        target = self.url(url)
        body = {"params": params, "json": json, "content": content, "files": files, "data": data}
        if self.client is None:
            if params and "?" not in target and all(type(v) is str for v in params.values()):
                # Written into the URL as httpx would (urlencode): the URL is parsed once, not
                # parsed and then merged with the parameters (a list page's cursor, say).
                target, body["params"] = f"{target}?{urlencode(params)}", None
            request = httpx.Request(
                method.upper(), target, headers=merged, extensions=extensions, **body
            )
        else:
            request = self.client.build_request(
                method.upper(),
                target,
                headers=merged,
                timeout=httpx.Timeout(**extensions["timeout"]),
                **body,
            )
        return self.authorize(request)

    def authorize(self, request: httpx.Request) -> httpx.Request:
        """Add the token, only when the request goes to the API's own origin."""
        if self.is_home(request.url):
            request.headers["Authorization"] = self._authorization
        else:
            request.headers.pop("Authorization", None)
        return request

    def for_call(self, call: Call[Any]) -> httpx.Request:
        """The request of a :class:`~replicate_ext._call.Call`."""
        kw = call.request
        return self.build(
            kw["method"],
            kw["url"],
            params=kw.get("params"),
            json=kw.get("json"),
            content=kw.get("content"),
            files=kw.get("files"),
            data=kw.get("data"),
            headers=kw.get("headers"),
            extra_headers=call.extra_headers,
            hold=call.hold,
            timeout=call.timeout,
        )

    @staticmethod
    def within(request: httpx.Request, deadline: float) -> None:
        """Cut a request's timeouts to the time left before ``deadline`` (``time.monotonic()``).

        Raises:
            APITimeoutError: No time is left; the request is not sent.

        Example:
            >>> request = httpx.Request("GET", "https://a/v1/account", extensions={"timeout": {"read": 30.0}})
            >>> RequestBuilder.within(request, time.monotonic() + 2); request.extensions["timeout"]["read"] <= 2
            True
        """
        left = deadline - time.monotonic()
        if left <= 0:
            raise APITimeoutError(
                "The call's timeout passed before this request could be sent; it was not sent.",
                method=request.method,
                path=request.url.path,
            )
        timeout = request.extensions.get("timeout") or {}
        request.extensions["timeout"] = {
            key: left if timeout.get(key) is None else min(timeout[key], left)
            for key in ("connect", "read", "write", "pool")
        }

    @staticmethod
    def unhold(request: httpx.Request, timeout: dict[str, float | None]) -> None:
        """Turn a sync-mode request into a plain one: no ``Prefer: wait``, and ``timeout``
        (its own, without the sync-mode read margin)."""
        request.headers.pop("Prefer", None)
        request.extensions["timeout"] = timeout
