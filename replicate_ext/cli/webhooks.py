"""``webhooks``: print the signing secret; verify a delivery you received.

Example:
    $ replicate-ext webhooks verify --secret "$SECRET" --body-file body.json \\
        --header "webhook-id: msg_1" --header "webhook-timestamp: 1700000000" \\
        --header "webhook-signature: v1,..."
    valid: webhook msg_1
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .. import webhooks
from .context import Context
from .errors import EXIT_FAILURE, EXIT_OK, UsageError

__all__ = ["ENV_WEBHOOK_SECRET", "cmd_webhooks_secret", "cmd_webhooks_verify", "parse_headers"]

#: Where ``webhooks verify`` finds the secret when ``--secret`` is not given.
ENV_WEBHOOK_SECRET = "REPLICATE_WEBHOOK_SECRET"  # noqa: S105 (a variable name)


def parse_headers(values: Sequence[str]) -> dict[str, str]:
    """``name: value`` strings as a dict with lower-case names.

    Raises:
        UsageError: A value without ``:``.

    Example:
        >>> parse_headers(["Webhook-Id: msg_1", "webhook-timestamp:17"])
        {'webhook-id': 'msg_1', 'webhook-timestamp': '17'}
    """
    headers: dict[str, str] = {}
    for value in values:
        name, sep, rest = value.partition(":")
        if not sep or not name.strip():
            raise UsageError(
                f"--header {value!r}: expected NAME:VALUE", hint="e.g. --header 'webhook-id: msg_1'"
            )
        headers[name.strip().lower()] = rest.strip()
    return headers


def cmd_webhooks_secret(ctx: Context) -> int:
    """``webhooks secret``: the key that signs the webhooks sent to you (``whsec_...``).

    Example:
        >>> main(["webhooks", "secret"])  # doctest: +SKIP
        whsec_...
        0
    """
    secret = ctx.client.webhooks.default.secret.get()
    if ctx.json:
        ctx.emit_json(secret)
    else:
        ctx.print(str(secret.key))
    return EXIT_OK


def cmd_webhooks_verify(ctx: Context) -> int:
    """``webhooks verify --secret S [--body-file F] [--header NAME:VALUE ...]``: exit 0 if valid.

    The body is read raw from ``F`` (``-``, the default, is stdin). The secret defaults to
    ``REPLICATE_WEBHOOK_SECRET``. An invalid delivery exits with 1.

    Example:
        >>> main(["webhooks", "verify", "--secret", "whsec_...", "--body-file", "body.json",
        ...       "--header", "webhook-id: msg_1"])  # doctest: +SKIP
        1
    """
    args = ctx.args
    secret = args.secret or os.environ.get(ENV_WEBHOOK_SECRET)
    if not secret:
        raise UsageError(
            f"no webhook secret: pass --secret or set {ENV_WEBHOOK_SECRET}",
            hint="get it with `replicate-ext webhooks secret`",
        )
    headers = parse_headers(args.header or [])
    try:
        body = ctx.stdin.read() if args.body_file == "-" else Path(args.body_file).read_bytes()
    except OSError as exc:
        raise UsageError(f"--body-file {args.body_file}: {exc.strerror or exc}") from None
    tolerance = None if args.tolerance < 0 else args.tolerance
    try:
        webhooks.validate(headers, body, secret, tolerance=tolerance)
    except webhooks.WebhookSecretError:
        raise
    except webhooks.WebhookVerificationError as exc:
        if ctx.json:
            ctx.emit_json({"valid": False, "webhook_id": exc.webhook_id, "error": str(exc)})
        ctx.note(f"error: invalid webhook: {exc}")
        return EXIT_FAILURE
    webhook_id = headers.get("webhook-id")
    if ctx.json:
        ctx.emit_json({"valid": True, "webhook_id": webhook_id})
    else:
        ctx.print(f"valid: webhook {webhook_id}")
    return EXIT_OK
