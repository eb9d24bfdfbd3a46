"""The errors a Cog prediction raises, and their messages.

Example:
    >>> error_message({"error": "Prediction failed: out of memory"})
    'out of memory'
    >>> format_validation([{"loc": ["body", "input", "name"], "msg": "not a string"}])
    'name: not a string'
"""

from __future__ import annotations

from typing import Any

__all__ = ["CogCanceledError", "CogInputError", "error_message", "format_validation"]


class CogInputError(RuntimeError):
    """The runtime rejected a prediction's input (HTTP 422).

    Attributes:
        detail: The runtime's validation errors, each a dict with ``loc``,
            ``msg`` and ``type`` (FastAPI/pydantic style).
    """

    def __init__(self, message: str, detail: list[dict[str, Any]]) -> None:
        super().__init__(message)
        self.detail = detail


class CogCanceledError(RuntimeError):
    """The prediction was canceled (see :meth:`replicate_emulator.cog.CogPredictor.cancel`)."""


def error_message(payload: dict[str, Any]) -> str:
    """The model's error message from a runtime payload, without ``Prediction failed:`` prefixes.

    Args:
        payload: A prediction payload or error body from the runtime.

    Returns:
        Its ``error``, or ``"prediction failed"`` if it has none.
    """
    message = str(payload.get("error") or "prediction failed")
    prefix = "Prediction failed: "
    while message.startswith(prefix) and len(message) > len(prefix):
        message = message[len(prefix) :]
    return message


def format_validation(detail: list[dict[str, Any]]) -> str:
    """One line for the runtime's input validation errors.

    Args:
        detail: The ``detail`` list of an HTTP 422 answer.

    Returns:
        ``field: message`` for each error, joined with ``"; "``.
    """
    parts = []
    for item in detail:
        loc = [str(x) for x in item.get("loc", []) if x not in ("body", "input")]
        where = ".".join(loc)
        msg = str(item.get("msg", "invalid value"))
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts) or "invalid input"
