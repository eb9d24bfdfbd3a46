"""Batches: run one model over many inputs at the account's rate limit, resumably.

``client.batch(ref, inputs)`` (``replicate_ext.BaseClient.batch``) yields a
:class:`BatchResult` per input in completion order; ``journal="run.sqlite"`` makes it
resumable after a crash without paying twice. The engine (``engine``, ``checks``) is plain
state written once; ``drivers`` runs it with threads or with tasks.

Example:
    >>> rows = ({"text": line} for line in open("lines.txt"))          # doctest: +SKIP
    >>> for result in client.batch("acme/upper", rows, journal="upper.sqlite"):  # doctest: +SKIP
    ...     print(result.index, result.status, result.output)
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from .._constants import (
    BATCH_CREATE_RATE,
    BATCH_MAX_IN_FLIGHT,
    BATCH_REQUEST_RATE,
    ENV_BATCH_CREATE_RATE,
    ENV_BATCH_REQUEST_RATE,
)
from ..config import positive_seconds
from ..errors import InvalidArgumentError
from .results import BatchProgress, BatchResult, ProgressCallback

if TYPE_CHECKING:
    from pathlib import Path

    from .._client_base import BaseClient
    from .engine import Engine

__all__ = ["BatchOptions", "BatchProgress", "BatchResult", "ProgressCallback", "make_engine"]


class BatchOptions(TypedDict, total=False):
    """The keywords of ``client.batch`` (see :meth:`replicate_ext.BaseClient.batch`)."""

    journal: str | Path | None
    max_in_flight: int | None
    create_rate: float | None
    request_rate: float | None
    timeout: float | None
    on_progress: ProgressCallback | None
    shard: tuple[int, int] | None


def _rate(name: str, value: float | None, env: str, default: float) -> float:
    if value is None:
        raw = os.environ.get(env)
        try:
            value = float(raw) if raw else default
        except ValueError:
            raise InvalidArgumentError(
                f"{env}={raw!r} is not a number of requests per minute."
            ) from None
    if not value > 0:
        raise InvalidArgumentError(f"{name}={value!r}: must be a positive number per minute.")
    return float(value)


def make_engine(
    client: BaseClient[Any], ref: str, inputs: Iterable[dict[str, Any]], options: BatchOptions
) -> Engine:
    """The engine of ``client.batch(ref, inputs, **options)``, options resolved (argument,
    then environment, then default) and the journal opened.

    Raises:
        InvalidArgumentError: A bad option, or a journal made for another batch.
        InvalidReferenceError: A malformed ``ref``.
    """
    shard = options.get("shard") or (0, 1)
    i, n = shard
    if not (isinstance(i, int) and isinstance(n, int) and 0 <= i < n):
        raise InvalidArgumentError(f"shard={shard!r}: expected (i, n) with 0 <= i < n.")
    max_in_flight = options.get("max_in_flight")
    if max_in_flight is None:
        max_in_flight = BATCH_MAX_IN_FLIGHT
    if max_in_flight < 1:
        raise InvalidArgumentError(f"max_in_flight={max_in_flight}: must be at least 1.")
    timeout = options.get("timeout")
    if timeout is not None:
        timeout = positive_seconds("timeout", timeout)
    create = _rate(
        "create_rate", options.get("create_rate"), ENV_BATCH_CREATE_RATE, BATCH_CREATE_RATE
    )
    other = _rate(
        "request_rate", options.get("request_rate"), ENV_BATCH_REQUEST_RATE, BATCH_REQUEST_RATE
    )
    if isinstance(inputs, dict | str | bytes):
        raise InvalidArgumentError(
            "inputs must be an iterable of input dicts (one per prediction)."
        )
    from ..refs import parse_model_ref
    from .engine import Engine
    from .journal import Journal

    parse_model_ref(ref)  # a malformed reference fails before the journal is opened
    path = options.get("journal")
    journal = Journal(path, ref, shard) if path is not None else None

    def wrap(output: Any) -> Any:
        return client.output(_Succeeded(output))

    return Engine(
        ref,
        inputs,
        journal=journal,
        max_in_flight=max_in_flight,
        create_rate=create / n,
        request_rate=other / n,
        timeout=timeout,
        shard=(i, n),
        wrap=wrap,
        on_progress=options.get("on_progress"),
    )


class _Succeeded:
    """A stand-in succeeded prediction, to reuse ``client.output``'s wrapping."""

    status = "succeeded"

    def __init__(self, output: Any) -> None:
        self.output = output
