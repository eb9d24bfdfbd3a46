"""Webhooks: the account's default signing secret (``client.webhooks.default.secret.get()``).

Example:
    >>> client.webhooks.default.secret.get().key  # doctest: +SKIP
    'whsec_...'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._operations import Call
from ._resource import AsyncResource, SyncResource

if TYPE_CHECKING:
    from replicate_api.models import WebhookSecret

    from .._http import AsyncHTTP, SyncHTTP

__all__ = ["AsyncWebhooks", "Webhooks"]

_SECRET = Call("webhooks.webhooks_default_secret_get")


class WebhookSecrets(SyncResource):
    """``client.webhooks.default.secret``."""

    def get(self) -> WebhookSecret:
        """The secret that signs webhooks sent to you (``key`` starts with ``whsec_``).

        Example:
            >>> client.webhooks.default.secret.get().key.startswith("whsec_")  # doctest: +SKIP
            True
        """
        result: WebhookSecret = self._http.call(_SECRET)
        return result


class DefaultWebhooks:
    """``client.webhooks.default``."""

    def __init__(self, http: SyncHTTP) -> None:
        self.secret = WebhookSecrets(http)


class Webhooks:
    """``client.webhooks``."""

    def __init__(self, http: SyncHTTP) -> None:
        self.default = DefaultWebhooks(http)


class AsyncWebhookSecrets(AsyncResource):
    """``client.webhooks.default.secret`` of :class:`~replicate_ext.AsyncReplicate`."""

    async def get(self) -> WebhookSecret:
        """The webhook signing secret. Example: ``(await client.webhooks.default.secret.get()).key``."""
        result: WebhookSecret = await self._http.call(_SECRET)
        return result


class AsyncDefaultWebhooks:
    """``client.webhooks.default`` of :class:`~replicate_ext.AsyncReplicate`."""

    def __init__(self, http: AsyncHTTP) -> None:
        self.secret = AsyncWebhookSecrets(http)


class AsyncWebhooks:
    """``client.webhooks`` of :class:`~replicate_ext.AsyncReplicate`."""

    def __init__(self, http: AsyncHTTP) -> None:
        self.default = AsyncDefaultWebhooks(http)
