"""What a batch gives back: one :class:`BatchResult` per input, and :class:`BatchProgress`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ..errors import ReplicateError

__all__ = ["BatchProgress", "BatchResult", "ProgressCallback"]


@dataclasses.dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome of one input of a batch.

    Attributes:
        index: The input's position in ``inputs`` (0-based).
        input: The input.
        prediction_id: Its prediction's id (``None`` if none was made, e.g. a 422).
        status: ``succeeded``, ``failed``, ``canceled``, ``aborted``; or the last status seen
            when waiting stopped (``timeout``, or repeated errors).
        output: The output as ``run()`` returns it (URLs as ``FileOutput``), else ``None``.
        error: The ``ReplicateError`` when it did not succeed (``ModelError``,
            ``PredictionCanceledError``, ``PredictionTimeoutError``, an API error), else ``None``.

    Example:
        >>> BatchResult(0, {"text": "hi"}, "p1", "succeeded", "HI", None).ok
        True
    """

    index: int
    input: dict[str, Any]
    prediction_id: str | None
    status: str
    output: Any = None
    error: ReplicateError | None = None

    @property
    def ok(self) -> bool:
        """Whether the prediction succeeded."""
        return self.status == "succeeded" and self.error is None


@dataclasses.dataclass(frozen=True, slots=True)
class BatchProgress:
    """Where a batch stands (given to ``on_progress``).

    Attributes:
        done: Inputs finished (succeeded, failed or otherwise given back).
        failed: Of those, the ones that did not succeed.
        in_flight: Predictions created (or being created) and not finished.
        created: Creates sent by this run.
        creates_per_minute: Creates per minute over the last 10 s.
        throttled: 429s seen by this run (each slowed the pacing).
        requests: API requests this run sent (creates, status checks, lists, cancels).
        elapsed: Seconds since the batch started.

    Example:
        >>> BatchProgress(5, 1, 2, 7, 60.0, 0, 9, 7.0).done
        5
    """

    done: int
    failed: int
    in_flight: int
    created: int
    creates_per_minute: float
    throttled: int
    requests: int
    elapsed: float


#: ``on_progress(progress)``: called whenever the batch's counts change.
ProgressCallback = Callable[[BatchProgress], None]
