"""Progress of a running prediction, parsed from the tqdm-style bars in its logs.

Example:
    >>> parse_progress("loading\\n 45%|████▌     | 9/20 [00:01<00:02, 5.1it/s]\\n")
    Progress(percentage=0.45, current=9, total=20)
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

__all__ = ["Progress", "parse_progress", "prediction_progress"]

_BAR = re.compile(r"(\d{1,3})%\s*\|[^|\n]*\|\s*(\d+)/(\d+)")


@dataclasses.dataclass(frozen=True, slots=True)
class Progress:
    """How far a prediction has come: ``percentage`` (0 to 1), ``current`` and ``total`` steps.

    Example:
        >>> Progress(percentage=0.5, current=1, total=2).total
        2
    """

    percentage: float
    current: int
    total: int


def parse_progress(logs: str | None) -> Progress | None:
    """The last progress bar in ``logs``, or ``None`` if there is none.

    Example:
        >>> parse_progress("no bars here") is None
        True
    """
    if not logs:
        return None
    bars = list(_BAR.finditer(logs))
    if not bars:
        return None
    last = bars[-1]
    current, total = int(last.group(2)), int(last.group(3))
    percentage = current / total if total else int(last.group(1)) / 100
    return Progress(percentage=min(1.0, percentage), current=current, total=total)


def prediction_progress(prediction: Any) -> Progress | None:
    """The progress of a prediction, from its ``logs``.

    Example:
        >>> from types import SimpleNamespace
        >>> prediction_progress(SimpleNamespace(logs="100%|██| 4/4")).percentage
        1.0
    """
    logs = getattr(prediction, "logs", None)
    return parse_progress(logs if isinstance(logs, str) else None)
