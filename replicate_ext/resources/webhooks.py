"""Webhooks: the account's default signing secret (``client.webhooks.default.secret.get()``).

Each method is written once for both clients (see ``replicate_ext._binding``).

Example:
    >>> client.webhooks.default.secret.get().key  # doctest: +SKIP
    'whsec_...'
"""

from __future__ import annotations

from functools import cached_property
from typing import Unpack

from replicate_api.api.webhooks import webhooks_default_secret_get
from replicate_api.models import WebhookSecret

from .._binding import S, api
from .._call import Call, CallOptions
from ._resource import Resource

__all__ = ["DefaultWebhooks", "WebhookSecrets", "Webhooks"]


class WebhookSecrets(Resource[S]):
    """``client.webhooks.default.secret``."""

    @api
    def get(self, **options: Unpack[CallOptions]) -> Call[WebhookSecret]:
        """The secret that signs webhooks sent to you (``key`` starts with ``whsec_``).

        Example:
            >>> client.webhooks.default.secret.get().key.startswith("whsec_")  # doctest: +SKIP
            True
        """
        request = webhooks_default_secret_get.build_request()
        return Call(request, webhooks_default_secret_get.parse_response).with_options(**options)


class DefaultWebhooks(Resource[S]):
    """``client.webhooks.default``."""

    @cached_property
    def secret(self) -> WebhookSecrets[S]:
        """``client.webhooks.default.secret``: the default signing secret."""
        return WebhookSecrets(self._http)


class Webhooks(Resource[S]):
    """``client.webhooks``."""

    @cached_property
    def default(self) -> DefaultWebhooks[S]:
        """``client.webhooks.default``: the account's default webhook settings."""
        return DefaultWebhooks(self._http)
