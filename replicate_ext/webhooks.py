"""Verify the webhooks Replicate sends you (Standard Webhooks signatures).

Replicate signs every delivery with your account's webhook secret
(``client.webhooks.default.secret.get()``, ``whsec_...``): the ``webhook-signature`` header
holds ``v1,<base64 HMAC-SHA256>`` of ``"{webhook-id}.{webhook-timestamp}.{raw body}"``.
:func:`validate` checks it; :func:`parse` checks it and returns the prediction JSON.

Pass the **raw** request body, exactly as received (``bytes``, or ``str`` decoded as UTF-8):
JSON that was parsed and serialised again can differ byte for byte, and then fails.

``webhook-id`` is the same on every retry of one delivery, so it is the idempotency key:
remember the ids you have handled (``seen=``) to drop duplicates and replays.

Example:
    >>> from replicate_ext import webhooks
    >>> secret = "whsec_c2VjcmV0LWtleS1mb3ItZG9jdGVzdHM="
    >>> headers = {"webhook-id": "msg_1", "webhook-timestamp": "1700000000",
    ...            "webhook-signature": "v1,9RfJVAjkHq/piL5Q/oXL0LUcn23pPrUuwltqqL+TThQ="}
    >>> webhooks.parse(headers, b'{"id": "p1"}', secret, now=1700000000).id
    'p1'
    >>> webhooks.validate(headers, b'{"id": "p2"}', secret, now=1700000000)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    replicate_ext.webhooks.WebhookSignatureError: no webhook-signature entry matches...
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import MutableSet
from typing import TYPE_CHECKING, Any, Protocol

from .errors import InvalidArgumentError, ReplicateError

if TYPE_CHECKING:
    from replicate_api.models import Prediction

__all__ = [
    "DEFAULT_TOLERANCE",
    "HeadersLike",
    "WebhookMissingHeaderError",
    "WebhookReplayError",
    "WebhookSecretError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerificationError",
    "parse",
    "validate",
]

DEFAULT_TOLERANCE = 300
"""Seconds a ``webhook-timestamp`` may differ from now, in either direction."""

_RAW_BODY = "pass the raw request body exactly as received, not JSON parsed and re-serialised"


class HeadersLike(Protocol):
    """Any headers object with ``get(name)``.

    Plain dicts (any key case), ``starlette``/``httpx``/``werkzeug`` headers,
    ``http.server`` headers and WSGI ``environ`` dicts all fit.
    """

    def get(self, key: str, /) -> Any:
        """The value of header ``key``, or ``None``."""


class WebhookVerificationError(ReplicateError):
    """A webhook failed verification: do not trust it, answer ``400``.

    Attributes:
        webhook_id: The delivery's ``webhook-id``, when it had one.
    """

    def __init__(self, message: str, *, webhook_id: str | None = None):
        super().__init__(message)
        self.webhook_id = webhook_id


class WebhookMissingHeaderError(WebhookVerificationError):
    """A ``webhook-id``, ``webhook-timestamp`` or ``webhook-signature`` header is missing."""


class WebhookTimestampError(WebhookVerificationError):
    """``webhook-timestamp`` is not a number, or too far from now (stale, replayed, skewed)."""


class WebhookSignatureError(WebhookVerificationError):
    """No signature matches: wrong secret, altered body or headers, or a forgery."""


class WebhookSecretError(WebhookVerificationError):
    """The secret given to verify with is malformed (not ``whsec_`` + base64)."""


class WebhookReplayError(WebhookVerificationError):
    """A genuine delivery whose ``webhook-id`` is already in ``seen``: a duplicate or replay."""


def _header(headers: HeadersLike, name: str) -> str:
    value = headers.get(name)
    if value is None:  # a dict with other key case, or a WSGI environ
        value = headers.get("HTTP_" + name.upper().replace("-", "_"))
    items = getattr(headers, "items", None)
    if value is None and callable(items):
        value = next((v for k, v in items() if isinstance(k, str) and k.lower() == name), None)
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not isinstance(value, str) or not value.strip():
        raise WebhookMissingHeaderError(
            f"the webhook has no {name} header; make sure your proxy or framework forwards "
            "webhook-id, webhook-timestamp and webhook-signature unchanged"
        )
    return value.strip()


def _key(secret: object) -> bytes:
    value = secret if isinstance(secret, str) else getattr(secret, "key", None)
    hint = "pass client.webhooks.default.secret.get() or its .key, 'whsec_' followed by base64"
    if not isinstance(value, str) or not value.strip():
        raise WebhookSecretError(f"the webhook secret is missing, empty or not a string; {hint}")
    value = value.strip()
    if value.startswith("r8_"):
        raise WebhookSecretError(f"this is an API token, not the webhook secret; {hint}")
    encoded = value.removeprefix("whsec_")
    try:
        key = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if not key:
        raise WebhookSecretError(f"the webhook secret is not valid base64; {hint}")
    return key


def validate(
    headers: HeadersLike,
    body: bytes | str,
    secret: object,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE,
    now: float | None = None,
    seen: MutableSet[str] | None = None,
) -> None:
    """Check that a webhook really comes from Replicate; raise if it does not.

    Args:
        headers: The request headers (any case; see :class:`HeadersLike`).
        body: The raw request body, ``bytes`` or ``str`` (UTF-8). Re-serialised JSON fails.
        secret: ``client.webhooks.default.secret.get()``, its ``.key`` (``whsec_...``),
            or the bare base64 key.
        tolerance: Seconds ``webhook-timestamp`` may be from ``now``, in either direction;
            ``None`` accepts any age (keep replay protection another way).
        now: The current Unix time (default ``time.time()``), for tests.
        seen: Ids already handled. A valid delivery whose ``webhook-id`` is in it raises
            :class:`WebhookReplayError`; otherwise its id is added. Retries of a delivery
            you answered with an error reuse its id, so on failure ``seen.discard(id)``.

    Raises:
        WebhookMissingHeaderError: A ``webhook-*`` header is missing.
        WebhookTimestampError: The timestamp is not an integer or is out of tolerance.
        WebhookSignatureError: No ``v1`` signature matches.
        WebhookSecretError: ``secret`` is malformed.
        WebhookReplayError: The ``webhook-id`` is in ``seen``.
        InvalidArgumentError: ``body`` is not ``bytes`` or ``str``.

    Example:
        >>> def handler(request_headers, raw_body):                   # doctest: +SKIP
        ...     try:
        ...         webhooks.validate(request_headers, raw_body, SECRET)
        ...     except webhooks.WebhookVerificationError:
        ...         return 400
        ...     return 204
    """
    if isinstance(body, str):
        body = body.encode()
    if not isinstance(body, bytes | bytearray):
        raise InvalidArgumentError(
            f"body must be bytes or str, not {type(body).__name__}; {_RAW_BODY}"
        )
    key = _key(secret)
    msg_id = _header(headers, "webhook-id")
    stamp = _header(headers, "webhook-timestamp")
    signatures = _header(headers, "webhook-signature")
    if not (stamp.isascii() and stamp.isdigit()):
        raise WebhookTimestampError(
            "webhook-timestamp is not an integer Unix time, so this is no Standard Webhooks delivery",
            webhook_id=msg_id,
        )
    digest = hmac.new(key, f"{msg_id}.{stamp}.".encode() + bytes(body), hashlib.sha256).digest()
    expected = base64.b64encode(digest)
    entries = [entry.rstrip(",").partition(",") for entry in signatures.split()]
    candidates = [sig.encode() for version, _, sig in entries if version == "v1"]
    # compare_digest against every entry, without stopping early, to leak no timing.
    if not sum(hmac.compare_digest(expected, sig) for sig in candidates):
        why = (
            "no webhook-signature entry matches"
            if candidates
            else "no v1 signature in webhook-signature"
        )
        raise WebhookSignatureError(
            f"{why}: check the secret is this account's webhook secret and {_RAW_BODY}",
            webhook_id=msg_id,
        )
    skew = (time.time() if now is None else now) - int(stamp)
    if tolerance is not None and abs(skew) > tolerance:
        when = f"{skew:.0f} s old" if skew > 0 else f"{-skew:.0f} s in the future"
        raise WebhookTimestampError(
            f"webhook-timestamp is {when}, beyond the {tolerance:g} s tolerance: a replay, "
            "or this machine's clock is wrong (sync it, or raise tolerance=)",
            webhook_id=msg_id,
        )
    if seen is not None:
        if msg_id in seen:
            raise WebhookReplayError(
                f"webhook {msg_id} was already handled (duplicate or replay); answer 2xx and skip it",
                webhook_id=msg_id,
            )
        seen.add(msg_id)


def parse(
    headers: HeadersLike,
    body: bytes | str,
    secret: object,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE,
    now: float | None = None,
    seen: MutableSet[str] | None = None,
) -> Prediction:
    """:func:`validate` a webhook, then return its payload as a ``Prediction``.

    A training's webhook parses the same way (a training has a prediction's fields; its
    extra ones land in ``additional_properties``): use ``Training.from_dict(p.to_dict())``
    for the ``Training`` type.

    Arguments and errors are those of :func:`validate`; a valid body that is not a prediction
    (not a JSON object with an ``id``) raises :class:`WebhookVerificationError`.

    Example:
        >>> prediction = webhooks.parse(request.headers, raw_body, SECRET)  # doctest: +SKIP
        >>> prediction.status                                               # doctest: +SKIP
        'succeeded'
    """
    from replicate_api.models import Prediction

    validate(headers, body, secret, tolerance=tolerance, now=now, seen=seen)
    try:
        payload = json.loads(body)
        return Prediction.from_dict(payload)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise WebhookVerificationError(
            "the webhook is signed but its body is not a JSON object with a prediction's id",
            webhook_id=_header(headers, "webhook-id"),
        ) from None
