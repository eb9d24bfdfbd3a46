"""Shared plumbing of the resource classes (``client.predictions``, ``client.models``...).

Example:
    >>> present({"description": "A model", "readme": None})
    {'description': 'A model'}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._binding import Bound

__all__ = ["Resource", "present"]

#: Base of every resource: bound to the blocking or the async sender.
Resource = Bound


def present(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields that were given (``None`` means not given): what a request body sends."""
    return {key: value for key, value in fields.items() if value is not None}
