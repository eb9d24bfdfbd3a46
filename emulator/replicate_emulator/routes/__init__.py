"""Route table of the emulator: ``(method, path regex, handler, public)`` tuples.

Handlers are ``async def handler(core, req) -> Resp | Stream``; ``public`` routes skip
token authentication (signed file downloads, model output files, prediction streams:
their handlers check a signature or capability, or ``req.authorized``, themselves).
"""

from __future__ import annotations

from typing import Any

from . import deployments, files, misc, models, predictions, stream, trainings

__all__ = ["ROUTES"]

# The prediction "get" route comes first: it is the hot path.
_PRIVATE: list[tuple[str, str, Any]] = [
    predictions.ROUTES[2],
    *predictions.ROUTES,
    *models.ROUTES,
    *trainings.ROUTES,
    *deployments.ROUTES,
    *files.ROUTES,
    *misc.ROUTES,
]
ROUTES: list[tuple[str, str, Any, bool]] = [
    *[(m, p + "/?", h, False) for m, p, h in _PRIVATE],
    *[(m, p + "/?", h, True) for m, p, h in stream.PUBLIC_ROUTES],
    *[(m, p, h, True) for m, p, h in (*files.PUBLIC_ROUTES, *misc.PUBLIC_ROUTES)],
]
