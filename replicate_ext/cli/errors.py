"""Exit codes, and every failure turned into one readable ``error:`` line plus a ``hint:``.

=====  ==========================================================================
code   meaning
=====  ==========================================================================
0      success
1      the model failed or was canceled; a webhook failed verification; local I/O
2      bad usage: arguments, input values, references (caught before sending)
3      the API or the connection failed (any other ``ReplicateError``)
130    interrupted by Ctrl-C (the running prediction is canceled)
=====  ==========================================================================

Example:
    >>> from replicate_ext.errors import NotFoundError
    >>> describe(NotFoundError("404 Not found", status=404))[0]
    3
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TextIO

from .._constants import DEFAULT_BASE_URL, ENV_BASE_URL, ENV_TOKEN
from ..errors import (
    APIConnectionError,
    AuthenticationError,
    InputValidationError,
    InvalidArgumentError,
    InvalidReferenceError,
    NotFoundError,
    PermissionDeniedError,
    PredictionError,
    RateLimitError,
    ReplicateError,
    UnprocessableEntityError,
)
from ..webhooks import WebhookSecretError, WebhookVerificationError

__all__ = [
    "EXIT_API",
    "EXIT_CLOSED",
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "CLIError",
    "UsageError",
    "describe",
    "redact",
    "report",
]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_API = 3
EXIT_INTERRUPTED = 130
#: The reader of our output went away (``| head``): what a shell shows for a SIGPIPE death.
EXIT_CLOSED = 141

TOKEN_URL = "https://replicate.com/account/api-tokens"  # noqa: S105 (a web page)


class CLIError(Exception):
    """A failure the command line reports as it is: a message, a hint and an exit code.

    Example:
        >>> CLIError("no such file", hint="check the path", code=1).code
        1
    """

    def __init__(self, message: str, *, hint: str | None = None, code: int = EXIT_FAILURE):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code


class UsageError(CLIError):
    """Bad usage (exit code 2): a malformed ``-i`` value, a missing file to read, ...

    Example:
        >>> UsageError("-i needs KEY=VALUE").code
        2
    """

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message, hint=hint, code=EXIT_USAGE)


def _api_error(exc: ReplicateError) -> tuple[int, str, str | None]:
    base_url = os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
    if isinstance(exc, AuthenticationError):
        if getattr(exc, "status", None) is None:
            return (
                EXIT_API,
                f"No API token: {ENV_TOKEN} is not set.",
                f"export {ENV_TOKEN}=r8_... (create one at {TOKEN_URL}; "
                "for a local emulator, use the token it prints)",
            )
        return EXIT_API, str(exc), f"check that {ENV_TOKEN} holds a valid token ({TOKEN_URL})"
    if isinstance(exc, NotFoundError):
        return EXIT_API, str(exc), "check the id or the model name (see `replicate-ext --help`)"
    if isinstance(exc, PermissionDeniedError):
        return EXIT_API, str(exc), "this token may not do that; check the owner and the token"
    if isinstance(exc, UnprocessableEntityError):
        return EXIT_API, str(exc), "check the inputs against `replicate-ext models get OWNER/NAME`"
    if isinstance(exc, RateLimitError):
        return EXIT_API, str(exc), "too many requests: wait a little and try again"
    if isinstance(exc, APIConnectionError):
        hint = f"is the API reachable at {base_url}? set {ENV_BASE_URL} to change it"
        return EXIT_API, str(exc), hint
    return EXIT_API, str(exc), None


def describe(exc: BaseException) -> tuple[int, str, str | None]:
    """The exit code, message and hint for a failure.

    Args:
        exc: What went wrong.

    Returns:
        ``(exit code, one-line message, hint or None)``.

    Example:
        >>> from replicate_ext.errors import InvalidReferenceError
        >>> describe(InvalidReferenceError("Invalid model reference 'x'"))[0]
        2
    """
    if isinstance(exc, CLIError):
        return exc.code, exc.message, exc.hint
    if isinstance(exc, InputValidationError):
        count = len(exc.problems)
        of = f" of {exc.model}" if exc.model else ""
        message = f"{count} problem{'s' if count != 1 else ''} with the input{of}:"
        fix = "see the inputs with `replicate-ext models get OWNER/NAME`; --no-validate sends them anyway"
        return EXIT_USAGE, message, fix
    if isinstance(exc, InvalidReferenceError | InvalidArgumentError):
        return EXIT_USAGE, str(exc), None
    if isinstance(exc, WebhookSecretError):
        return EXIT_USAGE, f"invalid webhook secret: {exc}", "pass --secret whsec_..."
    if isinstance(exc, WebhookVerificationError):
        return EXIT_FAILURE, f"invalid webhook: {exc}", None
    if isinstance(exc, PredictionError):
        pid = exc.prediction_id
        hint = f"see its logs: replicate-ext predictions get {pid}" if pid else None
        return EXIT_FAILURE, str(exc), hint
    if isinstance(exc, ReplicateError):
        return _api_error(exc)
    if isinstance(exc, OSError):
        where = f": {exc.filename}" if exc.filename else ""
        return EXIT_FAILURE, f"{exc.strerror or type(exc).__name__}{where}", None
    return (
        EXIT_FAILURE,
        f"unexpected {type(exc).__name__}: {exc}",
        "this is a bug; please report it",
    )


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """Hide every secret that occurs in ``text``.

    Example:
        >>> redact("token r8_abcdef rejected", ["r8_abcdef"])
        'token r8_*** rejected'
    """
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "r8_***")
    return text


def report(exc: BaseException, err: TextIO) -> int:
    """Write ``error: ...`` (and ``hint: ...``) for ``exc`` to ``err``; return the exit code.

    The API token never appears, even if a message should contain it.

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> report(UsageError("bad -i value", hint="use KEY=VALUE"), out)
        2
        >>> print(out.getvalue(), end="")
        error: bad -i value
        hint: use KEY=VALUE
    """
    code, message, hint = describe(exc)
    secrets = [os.environ.get(ENV_TOKEN)]
    one_line = " ".join(message.split())
    err.write(f"error: {redact(one_line, secrets)}\n")
    for problem in exc.problems if isinstance(exc, InputValidationError) else ():
        err.write(f"  - {redact(' '.join(str(problem).split()), secrets)}\n")
    if hint:
        err.write(f"hint: {redact(hint, secrets)}\n")
    err.flush()
    return code
