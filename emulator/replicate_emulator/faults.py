"""Faults on demand: make chosen requests fail the ways real networks and gateways do.

A fault matches a method (``"*"`` for any) and a path pattern, and fires for its next
``times`` matching requests (``None``: until cleared). Patterns are tried against the
request path both with and without the ``/v1`` prefix (query string excluded):

- a compiled ``re.Pattern``, or a string starting with ``^``, is a regular expression
  matched at the start of the path (end it with ``$`` to anchor the end);
- any other string is a shell-style glob (``fnmatch``) that must match the whole path;
  ``*`` also matches ``/``.

Kinds and their parameters:

===============  ==============================================================
``status``       ``status`` (500), ``retry_after``, ``detail``, ``headers``:
                 a problem+json error response (429, 5xx, 499, 520, ...).
``delay``        ``seconds`` (1.0): wait, then answer normally (503 if the emulator stops).
``reset``        drop the TCP connection (RST) without any response.
``reset_after``  handle the request (side effects happen), then drop the connection.
``truncate``     handle the request, send its body cut to ``keep`` (0.5) of its length.
``html``         ``status`` (502), ``body``: an HTML error page like a proxy's.
``content_type`` handle the request, answer with ``content_type`` ("text/html").
``body``         ``status`` (200), ``body`` (bytes/str/JSON data), ``headers``,
                 ``content_type``: an arbitrary response.
===============  ==============================================================
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import re
import shlex
import socket
import struct
import threading
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "KINDS",
    "Fault",
    "Faults",
    "UnmatchedFaultWarning",
    "abort_connection",
    "parse_fault_spec",
]

KINDS: dict[str, frozenset[str]] = {
    "status": frozenset({"status", "retry_after", "detail", "headers", "title"}),
    "delay": frozenset({"seconds"}),
    "reset": frozenset(),
    "reset_after": frozenset(),
    "truncate": frozenset({"keep"}),
    "html": frozenset({"status", "body"}),
    "content_type": frozenset({"content_type"}),
    "body": frozenset({"status", "body", "headers", "content_type"}),
}


def parse_fault_spec(spec: str) -> dict[str, Any]:
    """Read a fault written on one line (``--fault``): the keywords of :meth:`Faults.add`.

    The line is ``METHOD PATH KIND [NAME=VALUE ...]`` (shell-quoted words); each value is
    read as JSON when it is JSON (``503``, ``0.5``, ``null``, ``{"x": "y"}``), else as text.
    ``times=null`` keeps the fault until cleared.

    Raises:
        ValueError: fewer than three words, a word after the kind without ``=``, or an
            unknown kind or parameter.

    Example:
        >>> parse_fault_spec("GET '/predictions/*' status status=503 times=2")
        {'method': 'GET', 'path_pattern': '/predictions/*', 'kind': 'status', 'status': 503, 'times': 2}
    """
    words = shlex.split(spec)
    if len(words) < 3:
        raise ValueError(f"a fault is 'METHOD PATH KIND [NAME=VALUE ...]', got {spec!r}")
    method, path, kind, *rest = words
    fields: dict[str, Any] = {"method": method, "path_pattern": path, "kind": kind}
    for word in rest:
        name, sep, text = word.partition("=")
        if not sep or not name:
            raise ValueError(f"fault parameter {word!r} is not NAME=VALUE")
        try:
            fields[name] = json.loads(text)
        except ValueError:
            fields[name] = text
    if kind not in KINDS:
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(KINDS)}")
    unknown = set(fields) - {"method", "path_pattern", "kind", "times"} - KINDS[kind]
    if unknown:
        raise ValueError(f"fault kind {kind!r} takes no parameter(s) {sorted(unknown)}")
    return fields


class UnmatchedFaultWarning(UserWarning):
    """A fault was registered but no request ever matched it (its pattern is likely wrong)."""


@dataclass
class Fault:
    """One registered fault; ``hits`` counts the requests it has affected.

    Example:
        >>> Fault("GET", "/predictions/*", "reset", times=1).matches("GET", "/v1/predictions/x")
        True
    """

    method: str
    pattern: str | re.Pattern[str]
    kind: str
    times: int | None
    params: dict[str, Any] = field(default_factory=dict)
    hits: int = 0

    def matches(self, method: str, path: str) -> bool:
        """Tell whether this fault applies to ``method path``."""
        if self.method != "*" and self.method.upper() != method:
            return False
        candidates = (path, path[3:]) if path.startswith("/v1/") else (path,)
        pattern = self.pattern
        if isinstance(pattern, str) and pattern.startswith("^"):
            pattern = re.compile(pattern)
        if isinstance(pattern, re.Pattern):
            return any(pattern.match(c) for c in candidates)
        return any(fnmatch.fnmatchcase(c, pattern) for c in candidates)

    def describe(self) -> str:
        """Return ``METHOD pattern kind``, as a fault reads in a report.

        Example:
            >>> Fault("POST", "/predictions", "status", times=1).describe()
            "POST '/predictions' status"
        """
        pattern = self.pattern.pattern if isinstance(self.pattern, re.Pattern) else self.pattern
        return f"{self.method} {pattern!r} {self.kind}"


class Faults:
    """The registry of active faults of one emulator (``emu.faults``).

    Example:
        >>> faults = Faults()
        >>> f = faults.add("GET", "/predictions/*", "status", status=503)
        >>> faults.take("GET", "/v1/predictions/abc") is f
        True
        >>> faults.take("GET", "/v1/predictions/abc") is None  # times=1: used up
        True
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(
        self,
        method: str,
        path_pattern: str | re.Pattern[str],
        kind: str,
        times: int | None = 1,
        **params: Any,
    ) -> Fault:
        """Register a fault for the next ``times`` requests matching ``method`` and the path.

        Raises:
            ValueError: for an unknown kind or a parameter the kind does not take.

        Example:
            >>> Faults().add("POST", "/predictions", "status", status=429, retry_after=2).kind
            'status'
        """
        if kind not in KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(KINDS)}")
        unknown = set(params) - KINDS[kind]
        if unknown:
            raise ValueError(f"fault kind {kind!r} takes no parameter(s) {sorted(unknown)}")
        fault = Fault(method or "*", path_pattern, kind, times, dict(params))
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every fault."""
        with self._lock:
            self._faults.clear()

    def unmatched(self) -> list[Fault]:
        """Return the registered faults that no request has matched yet, oldest first.

        A fault still here at the end of a test usually has a wrong method or pattern:
        ``run("owner/name")`` posts to ``/models/owner/name/predictions``, not ``/predictions``.

        Example:
            >>> faults = Faults()
            >>> f = faults.add("POST", "/predictions", "status", status=500)
            >>> faults.take("POST", "/v1/models/acme/upper/predictions") is None
            True
            >>> faults.unmatched() == [f]
            True
        """
        with self._lock:
            return [fault for fault in self._faults if fault.hits == 0]

    def take(self, method: str, path: str) -> Fault | None:
        """Return the first fault matching the request and count it as used."""
        if not self._faults:
            return None
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path):
                    fault.hits += 1
                    if fault.times is not None and fault.hits >= fault.times:
                        self._faults.remove(fault)
                    return fault
        return None

    def __len__(self) -> int:
        return len(self._faults)

    def __iter__(self) -> Any:
        with self._lock:
            return iter(list(self._faults))


async def abort_connection(scope: dict[str, Any], server_state: Any) -> bool:
    """Reset the TCP connection that carried ``scope``'s request (uvicorn only).

    uvicorn does not hand the transport to the application, but its ``ServerState``
    lists the live connection protocols; the one whose peer address is the request's
    client is ours. Setting ``SO_LINGER`` to zero before aborting makes the kernel send
    an RST, so the client sees a connection reset rather than a clean close. Returns
    ``False`` when the connection cannot be found (the caller then fails the request).
    """
    client = scope.get("client")
    if server_state is None or client is None:
        return False
    for protocol in list(getattr(server_state, "connections", ())):
        if getattr(protocol, "client", None) != tuple(client):
            continue
        transport = protocol.transport
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()
        for _ in range(3):  # let connection_lost() run so uvicorn sees the disconnect
            await asyncio.sleep(0)
        return True
    return False
