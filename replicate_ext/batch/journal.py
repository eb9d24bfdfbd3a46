"""The batch journal: an SQLite file (stdlib ``sqlite3``) that makes a batch resumable.

Per input index it records a hash of the input, when its create was sent, the prediction id
as soon as it is known, and the final status and output. Each change is committed before the
request it announces is sent (WAL mode: a killed process loses nothing committed), so after
``kill -9`` at any moment a re-run knows, for every input, whether it finished, which
prediction to re-attach to, or that a create was sent whose answer never came (then the
prediction is looked for, not created again).

Example:
    >>> journal = Journal(":memory:", "acme/echo", (0, 1))
    >>> journal.sending(0, "h0", 1.0)
    >>> journal.created(0, "p1")
    >>> journal.get(0)
    Entry(index=0, input_hash='h0', sent_at=1.0, prediction_id='p1', status=None, prediction=None)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from ..errors import InvalidArgumentError

__all__ = ["Entry", "Journal", "input_hash"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    idx INTEGER PRIMARY KEY,
    input_hash TEXT NOT NULL,
    sent_at REAL,
    prediction_id TEXT,
    status TEXT,
    prediction TEXT
);
CREATE INDEX IF NOT EXISTS items_prediction ON items (prediction_id);
"""


def input_hash(value: Any) -> str:
    """A stable hash of an input (keys sorted), to recognise it in a later run.

    Raises:
        TypeError: Not a dict, or a value JSON cannot hold (a file, a set...).

    Example:
        >>> input_hash({"a": 1, "b": 2}) == input_hash({"b": 2, "a": 1})
        True
    """
    if not isinstance(value, dict):
        raise TypeError(f"not a dict: {type(value).__name__}")
    text = json.dumps(value, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclasses.dataclass(frozen=True, slots=True)
class Entry:
    """One input's row: its hash, when its create was sent, its prediction and final state."""

    index: int
    input_hash: str
    sent_at: float | None
    prediction_id: str | None
    status: str | None
    prediction: dict[str, Any] | None


class Journal:
    """The journal of one batch (one model, one shard of one list of inputs).

    Args:
        path: The SQLite file (created if missing).
        ref: The model reference the batch runs; a journal of another one is refused.
        shard: ``(i, n)``; a journal of another shard is refused.

    Raises:
        InvalidArgumentError: The journal was made for another model or shard, or is not a
            batch journal.
    """

    def __init__(self, path: str | Path, ref: str, shard: tuple[int, int]) -> None:
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InvalidArgumentError(f"{self.path} is not a batch journal ({exc}).") from None
        meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        wanted = {"ref": ref, "shard": f"{shard[0]}/{shard[1]}"}
        for key, value in wanted.items():
            old = meta.get(key)
            if old is None:
                self.db.execute("INSERT INTO meta VALUES (?, ?)", (key, value))
            elif old != value:
                raise InvalidArgumentError(
                    f"The journal {self.path} was made for {key} {old!r}, not {value!r}: use "
                    "another journal file for this batch (or the same model and shard)."
                )

    def __repr__(self) -> str:
        return f"<Journal {self.path}>"

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def get(self, index: int) -> Entry | None:
        """The row of input ``index``, if any."""
        row = self.db.execute(
            "SELECT idx, input_hash, sent_at, prediction_id, status, prediction FROM items "
            "WHERE idx = ?",
            (index,),
        ).fetchone()
        if row is None:
            return None
        prediction = json.loads(row[5]) if row[5] else None
        return Entry(row[0], row[1], row[2], row[3], row[4], prediction)

    def check(self, index: int, digest: str) -> Entry | None:
        """The row of input ``index``, after checking that it was made for the same input.

        Raises:
            InvalidArgumentError: The journal holds another input at this index.
        """
        entry = self.get(index)
        if entry is not None and entry.input_hash != digest:
            raise InvalidArgumentError(
                f"The journal {self.path} was made for other inputs (input {index} differs): "
                "use another journal file for these inputs."
            )
        return entry

    def sending(self, index: int, digest: str, sent_at: float) -> None:
        """A create of input ``index`` is about to be sent (committed before it is)."""
        self.db.execute(
            "INSERT INTO items (idx, input_hash, sent_at) VALUES (?, ?, ?) "
            "ON CONFLICT (idx) DO UPDATE SET sent_at = excluded.sent_at",
            (index, digest, sent_at),
        )

    def unsent(self, index: int) -> None:
        """The create was refused before anything was made (e.g. a 429)."""
        self.db.execute("UPDATE items SET sent_at = NULL WHERE idx = ?", (index,))

    def created(self, index: int, prediction_id: str | None) -> None:
        """Input ``index`` has prediction ``prediction_id`` (``None``: it turned out not to)."""
        self.db.execute("UPDATE items SET prediction_id = ? WHERE idx = ?", (prediction_id, index))

    def finished(
        self, index: int, digest: str, status: str, prediction: dict[str, Any] | None
    ) -> None:
        """Input ``index`` is done: its final status and prediction (without logs)."""
        self.db.execute(
            "INSERT INTO items (idx, input_hash, status, prediction, prediction_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (idx) DO UPDATE SET status = excluded.status, "
            "prediction = excluded.prediction, "
            "prediction_id = coalesce(excluded.prediction_id, items.prediction_id)",
            (
                index,
                digest,
                status,
                json.dumps(prediction, default=str) if prediction is not None else None,
                (prediction or {}).get("id"),
            ),
        )

    def claimed(self, prediction_id: str) -> bool:
        """Whether the journal gives this prediction to an input (never matched to another)."""
        row = self.db.execute("SELECT 1 FROM items WHERE prediction_id = ?", (prediction_id,))
        return row.fetchone() is not None
