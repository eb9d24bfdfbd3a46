"""Settings of one emulator instance."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Config", "new_token"]


def new_token() -> str:
    """Return a random API token shaped like Replicate's (``r8_`` + 37 characters).

    Example:
        >>> new_token().startswith("r8_")
        True
    """
    return "r8_" + secrets.token_urlsafe(28)[:37]


@dataclass
class Config:
    """Tunable behaviour of an emulator; every field has a realistic default.

    Attributes:
        token: The only API token the emulator accepts.
        username: The account that owns the token (``account.get``, deployments, owned models).
        data_dir: Directory for persistent state, or ``None`` to keep everything in memory.
        page_size: Items per page of every paginated list.
        retention: Seconds after completion before a prediction's input and output are removed.
        speed: Emulated time runs this many times faster than real time (boot time,
            ``Cancel-After`` deadlines, demo model sleeps, webhook retry backoff).
        concurrency: Number of predictions and trainings that run at the same time.
        boot_time: Emulated seconds a prediction stays ``starting`` before it runs.
        webhook_attempts: Delivery attempts per webhook event before giving up.
        webhook_backoff: Emulated seconds before the first webhook retry (doubles each time).
        file_expiry: Seconds until an uploaded file expires.
        max_file_size: Largest accepted upload in bytes (bigger ones get ``413``).
        base_url: Absolute API base URL used in ``urls`` and pagination links (set on start).
        rate_limits: Requests per minute per kind, ``{"create": 600, "other": 3000}`` like the
            real API (``None``: unlimited); see :mod:`replicate_emulator.ratelimit`.
        rate_limit_burst: The burst each limit allows, in seconds of its rate.
        rate_limit_retry_after: Also send ``Retry-After`` with a 429 (the real API documents
            only the reset time in the body's ``detail``).

    Example:
        >>> Config(token="r8_x", page_size=2).page_size
        2
    """

    token: str = field(default_factory=new_token)
    username: str = "emulator"
    data_dir: Path | None = None
    page_size: int = 100
    retention: float = 3600.0
    speed: float = 1.0
    concurrency: int = 4
    boot_time: float = 0.05
    webhook_attempts: int = 5
    webhook_backoff: float = 0.5
    file_expiry: float = 24 * 3600.0
    max_file_size: int = 100 * 1024 * 1024
    base_url: str = "http://127.0.0.1/v1"
    rate_limits: dict[str, float] | None = None
    rate_limit_burst: float = 5.0
    rate_limit_retry_after: bool = False

    def __post_init__(self) -> None:
        """Refuse settings the emulator could only misbehave with (a division by zero, no
        prediction ever running, pages that never end).

        Raises:
            ValueError: ``speed`` not positive, ``concurrency`` or ``page_size`` under 1.
        """
        if not self.speed > 0:
            raise ValueError(f"speed={self.speed!r} must be positive (1.0 is real time)")
        for name in ("concurrency", "page_size"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name}={getattr(self, name)!r} must be 1 or more")

    @property
    def origin(self) -> str:
        """``base_url`` without its ``/v1`` path (where ``/delivery/`` files are served)."""
        return self.base_url.removesuffix("/v1")

    def scaled(self, seconds: float) -> float:
        """Convert emulated seconds into real seconds according to ``speed``.

        Example:
            >>> Config(speed=10).scaled(5)
            0.5
        """
        return seconds / self.speed if self.speed > 0 else seconds
