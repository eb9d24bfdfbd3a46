"""Shared plumbing of the resource classes (``client.predictions``, ``client.models``...)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .._http import AsyncHTTP, SyncHTTP


def model_class(name: str) -> Any:
    """A generated attrs model class by name, imported on first use.

    Example:
        >>> model_class("Prediction").__name__
        'Prediction'
    """
    return getattr(importlib.import_module("replicate_api.models"), name)


def body(name: str, fields: dict[str, Any]) -> Any:
    """A generated request model built from the fields that were given (``None`` means unset).

    Example:
        >>> body("ModelUpdateRequest", {"description": "A model", "readme": None}).to_dict()
        {'description': 'A model'}
    """
    return model_class(name).from_dict({k: v for k, v in fields.items() if v is not None})


class SyncResource:
    """Base of the blocking resource classes."""

    def __init__(self, http: SyncHTTP) -> None:
        self._http = http

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


class AsyncResource:
    """Base of the async resource classes."""

    def __init__(self, http: AsyncHTTP) -> None:
        self._http = http

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"
