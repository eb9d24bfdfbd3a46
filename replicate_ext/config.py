"""Client configuration, resolved in one order: argument, then ``REPLICATE_*`` environment, then default.

Example:
    >>> cfg = resolve_config(auth="r8_example", base_url="http://127.0.0.1:8787/v1", env={})
    >>> cfg.base_url, cfg.max_retries
    ('http://127.0.0.1:8787/v1', 2)
    >>> "r8_example" in repr(cfg)
    False
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Mapping

import httpx

from ._constants import (
    DEFAULT_BASE_URL,
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RETRIES,
    DEFAULT_READ_TIMEOUT,
    ENV_BASE_URL,
    ENV_MAX_RETRIES,
    ENV_POLL_INTERVAL,
    ENV_TIMEOUT,
    ENV_TOKEN,
)
from ._version import __version__
from .errors import AuthenticationError, InvalidArgumentError

__all__ = ["ClientConfig", "check_timeout", "positive_seconds", "resolve_config"]


@dataclasses.dataclass(frozen=True, slots=True)
class ClientConfig:
    """Resolved settings of one client. The token is kept out of ``repr``.

    Example:
        >>> ClientConfig(token="r8_x", base_url="https://api.replicate.com/v1").origin
        'https://api.replicate.com'
    """

    token: str = dataclasses.field(repr=False)
    base_url: str
    user_agent: str = f"replicate-ext/{__version__}"
    timeout: httpx.Timeout = dataclasses.field(
        default_factory=lambda: httpx.Timeout(DEFAULT_READ_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
    )
    max_retries: int = DEFAULT_MAX_RETRIES
    poll_interval: float | None = None

    @property
    def origin(self) -> str:
        """Scheme, host and port of the API: the only place the token is ever sent.

        Example:
            >>> ClientConfig(token="r8_x", base_url="http://127.0.0.1:8787/v1").origin
            'http://127.0.0.1:8787'
        """
        return origin_of(httpx.URL(self.base_url))


def origin_of(url: httpx.URL) -> str:
    """The origin (scheme://host[:port]) of a URL, with default ports left out.

    Example:
        >>> origin_of(httpx.URL("https://API.replicate.com:443/v1/x"))
        'https://api.replicate.com'
    """
    netloc = url.netloc.decode("ascii").lower()
    default_port = ":443" if url.scheme == "https" else ":80"
    return f"{url.scheme}://{netloc.removesuffix(default_port)}"


def _number(name: str, raw: str, kind: type[int] | type[float]) -> float:
    try:
        value = kind(raw)
    except ValueError:
        raise InvalidArgumentError(f"{name}={raw!r} is not a valid number.") from None
    if value < 0 or value != value:
        raise InvalidArgumentError(f"{name}={raw!r} must not be negative.")
    return value


def positive_seconds(name: str, value: object) -> float:
    """``value`` as a number of seconds, refused unless positive and finite.

    Raises:
        InvalidArgumentError: Zero, negative, NaN, infinite, or not a number.

    Example:
        >>> positive_seconds("timeout", 2)
        2.0
        >>> positive_seconds("timeout", -1)
        Traceback (most recent call last):
        ...
        replicate_ext.errors.InvalidArgumentError: timeout=-1 must be a positive number of seconds.
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value < math.inf:
        return float(value)
    raise InvalidArgumentError(f"{name}={value!r} must be a positive number of seconds.")


def check_timeout(value: float | httpx.Timeout | None, name: str = "timeout") -> None:
    """Refuse a request timeout that httpx would only fail on once a request is sent.

    ``None`` leaves the client's; an ``httpx.Timeout`` may set a phase to ``None`` (no limit).

    Raises:
        InvalidArgumentError: A number or a phase that is not positive and finite.

    Example:
        >>> check_timeout(2.5), check_timeout(httpx.Timeout(5, read=None)), check_timeout(None)
        (None, None, None)
        >>> check_timeout(httpx.Timeout(5, read=0))
        Traceback (most recent call last):
        ...
        replicate_ext.errors.InvalidArgumentError: timeout (read)=0 must be a positive number of seconds.
    """
    if isinstance(value, httpx.Timeout):
        for phase, seconds in value.as_dict().items():
            if seconds is not None:
                positive_seconds(f"{name} ({phase})", seconds)
    elif value is not None:
        positive_seconds(name, value)


def resolve_config(
    auth: str | None = None,
    base_url: str | None = None,
    user_agent: str | None = None,
    timeout: float | httpx.Timeout | None = None,
    max_retries: int | None = None,
    poll_interval: float | None = None,
    env: Mapping[str, str] | None = None,
) -> ClientConfig:
    """Resolve every setting: argument, then environment, then the default.

    Args:
        auth: The API token; else ``REPLICATE_API_TOKEN``.
        base_url: The API's base URL; else ``REPLICATE_BASE_URL``; else the public API.
        user_agent: Your application's name and version, sent before ``replicate-ext/<version>``.
        timeout: Seconds, or an ``httpx.Timeout``; else ``REPLICATE_TIMEOUT``; else
            connect 5 s, read 30 s.
        max_retries: Retries of retryable failures; else ``REPLICATE_MAX_RETRIES``; else 2.
        poll_interval: A fixed polling interval in seconds; else ``REPLICATE_POLL_INTERVAL``;
            else adaptive polling.
        env: The environment to read (``os.environ`` by default).

    Returns:
        The resolved :class:`ClientConfig`.

    Raises:
        AuthenticationError: No token (or a blank one) was given; nothing is sent.
        InvalidArgumentError: A setting is malformed.

    Example:
        >>> resolve_config(env={"REPLICATE_API_TOKEN": "r8_x", "REPLICATE_MAX_RETRIES": "5"}).max_retries
        5
    """
    environ: Mapping[str, str] = os.environ if env is None else env
    token = auth if auth is not None else environ.get(ENV_TOKEN)
    if token is None or not token.strip():
        raise AuthenticationError(
            f"No API token: set the {ENV_TOKEN} environment variable or pass "
            "auth='r8_...' to the client. Tokens are at https://replicate.com/account/api-tokens."
        )
    if token != token.strip() or any(c in token for c in "\r\n"):
        raise AuthenticationError("The API token has surrounding whitespace or line breaks.")
    url = (base_url or environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL).rstrip("/")
    parsed = httpx.URL(url)
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InvalidArgumentError(f"base_url {url!r} must be an absolute http(s) URL.")
    agent = f"replicate-ext/{__version__}"
    if user_agent:
        agent = f"{user_agent} {agent}"
    if timeout is None and environ.get(ENV_TIMEOUT):
        timeout = positive_seconds(ENV_TIMEOUT, _number(ENV_TIMEOUT, environ[ENV_TIMEOUT], float))
    check_timeout(timeout)
    if timeout is None:
        resolved_timeout = httpx.Timeout(DEFAULT_READ_TIMEOUT, connect=DEFAULT_CONNECT_TIMEOUT)
    elif isinstance(timeout, httpx.Timeout):
        resolved_timeout = timeout
    else:
        resolved_timeout = httpx.Timeout(
            timeout, connect=min(float(timeout), DEFAULT_CONNECT_TIMEOUT)
        )
    if max_retries is None:
        raw = environ.get(ENV_MAX_RETRIES)
        max_retries = int(_number(ENV_MAX_RETRIES, raw, int)) if raw else DEFAULT_MAX_RETRIES
    if not isinstance(max_retries, int) or isinstance(max_retries, bool) or max_retries < 0:
        raise InvalidArgumentError(
            f"max_retries={max_retries!r} must be a whole number, 0 or more."
        )
    if poll_interval is None and environ.get(ENV_POLL_INTERVAL):
        poll_interval = _number(ENV_POLL_INTERVAL, environ[ENV_POLL_INTERVAL], float)
    if poll_interval is not None and not (
        isinstance(poll_interval, int | float)
        and not isinstance(poll_interval, bool)
        and 0 <= poll_interval < math.inf
    ):
        raise InvalidArgumentError(
            f"poll_interval={poll_interval!r} must be a number of seconds, 0 or more."
        )
    return ClientConfig(
        token=token,
        base_url=url,
        user_agent=agent,
        timeout=resolved_timeout,
        max_retries=max_retries,
        poll_interval=poll_interval,
    )
