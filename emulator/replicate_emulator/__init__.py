"""A faithful local emulator of Replicate's HTTP API.

Serves every operation of Replicate's published OpenAPI description under ``/v1``, runs
predictions with Python functions (or Cog predictors), streams server-sent events,
delivers signed webhooks and injects faults on demand.

Example:
    >>> import httpx
    >>> from replicate_emulator import Emulator
    >>> with Emulator() as emu:
    ...     r = httpx.post(
    ...         emu.base_url + "/models/replicate-ext/hello/predictions",
    ...         headers={"Authorization": f"Bearer {emu.token}", "Prefer": "wait"},
    ...         json={"input": {"name": "Ada"}},
    ...     )
    >>> r.json()["output"]
    'hello Ada'

Requires the ``emulator`` extra (starlette, uvicorn, python-multipart) to serve.
"""

from __future__ import annotations

from .config import Config
from .context import PredictionCanceled, canceled, cooperative_sleep
from .core import RecordedRequest
from .faults import Fault, Faults, UnmatchedFaultWarning
from .server import Emulator
from .serving import serve_asgi
from .webhooks import sign as sign_webhook

__all__ = [
    "Config",
    "Emulator",
    "Fault",
    "Faults",
    "PredictionCanceled",
    "RecordedRequest",
    "UnmatchedFaultWarning",
    "canceled",
    "cooperative_sleep",
    "serve_asgi",
    "sign_webhook",
]
