"""API operations: what to call (:class:`Call`), and parsing answers with the generated code.

A :class:`Call` names the generated operation module (under ``replicate_api.api``) whose
``_get_kwargs`` builds the request and whose ``_parse_response`` reads a success. Modules are
imported on first use, which keeps ``import replicate_ext`` light.

Example:
    >>> Call("predictions.predictions_get", {"prediction_id": "abc"}).idempotent
    True
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from collections.abc import Mapping
from types import ModuleType
from typing import Any

import httpx

from .errors import ResponseDecodeError, snippet
from .pagination import Page

__all__ = ["Call", "finish", "list_call", "operation", "parse_response"]

_GENERATED = "replicate_api.api."
_modules: dict[str, ModuleType] = {}
_parse_client: Any = None


@dataclasses.dataclass(frozen=True, slots=True)
class Call:
    """One API operation to perform.

    Attributes:
        op: The generated module under ``replicate_api.api``, e.g. ``"predictions.predictions_get"``.
        kwargs: Arguments of the module's ``_get_kwargs``.
        idempotent: Whether re-sending cannot duplicate work (decides retries on 5xx/resets).
        hold: Seconds the server may hold the request (``Prefer: wait=N``); extends the read timeout.
        paged: The result is a list page, returned as a :class:`~replicate_ext.Page`.
    """

    op: str
    kwargs: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    idempotent: bool = True
    hold: float = 0.0
    paged: bool = False


def list_call(op: str, **kwargs: Any) -> Call:
    """The :class:`Call` of a list operation, with the filters that were given.

    Example:
        >>> list_call("files.files_list", cursor=None).kwargs
        {}
    """
    return Call(op, {k: v for k, v in kwargs.items() if v is not None}, paged=True)


def finish(call: Call, parsed: Any) -> Any:
    """The value a resource method returns for a parsed response."""
    return Page.of(parsed) if call.paged else parsed


def operation(name: str) -> ModuleType:
    """The generated module of an operation, imported on first use (keeps import time low)."""
    module = _modules.get(name)
    if module is None:
        module = _modules[name] = importlib.import_module(_GENERATED + name)
    return module


def _parser() -> Any:
    global _parse_client
    if _parse_client is None:
        from replicate_api.client import Client

        # Only read for `raise_on_unexpected_status`; it never sends anything.
        _parse_client = Client(base_url="", raise_on_unexpected_status=False)
    return _parse_client


def parse_response(module: ModuleType, response: httpx.Response) -> Any:
    """Parse a 2xx response with the operation's generated parser, liberally.

    A success status the spec does not list (the API grows) is parsed as the listed ones are.

    Raises:
        ResponseDecodeError: The body is not JSON, or not of the expected shape.
    """
    request = response.request
    try:
        parsed = module._parse_response(client=_parser(), response=response)
        if parsed is None and response.content:
            for status in (200, 201, 202):
                if status == response.status_code:
                    continue
                stand_in = httpx.Response(
                    status, content=response.content, headers=response.headers, request=request
                )
                parsed = module._parse_response(client=_parser(), response=stand_in)
                if parsed is not None:
                    break
        return parsed
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        kind = (
            "is not valid JSON"
            if isinstance(exc, json.JSONDecodeError)
            else "has an unexpected shape"
        )
        text = response.content[:400].decode("utf-8", "replace")
        raise ResponseDecodeError(
            f"The API's {response.status_code} response {kind} ({type(exc).__name__}): "
            f"{snippet(text)!r}",
            status=response.status_code,
            snippet=snippet(text),
            method=request.method,
            path=request.url.path,
        ) from None
