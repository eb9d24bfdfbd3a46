"""Optional on-disk persistence of emulator state in a SQLite database (stdlib ``sqlite3``)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

__all__ = ["Persistence"]


class Persistence:
    """Key/value storage of JSON records, grouped by kind; a no-op without a directory.

    Each record is written through immediately, so a restarted emulator that opens the
    same directory finds everything again.

    Example:
        >>> p = Persistence(None)
        >>> p.put("models", "a/b", {"x": 1})
        >>> p.load("models")
        []
    """

    def __init__(self, directory: Path | None) -> None:
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        if directory is None:
            return
        directory.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(
            directory / "emulator.sqlite3", check_same_thread=False, isolation_level=None
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS records (kind TEXT NOT NULL, id TEXT NOT NULL,"
            " data TEXT NOT NULL, PRIMARY KEY (kind, id))"
        )
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS blobs (id TEXT PRIMARY KEY, data BLOB NOT NULL)"
        )

    @property
    def enabled(self) -> bool:
        """Whether records are actually written to disk."""
        return self._db is not None

    def put(self, kind: str, key: str, record: dict[str, Any]) -> None:
        """Insert or replace one record."""
        if self._db is None:
            return
        data = json.dumps(record, separators=(",", ":"))
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO records (kind, id, data) VALUES (?, ?, ?)",
                (kind, key, data),
            )

    def delete(self, kind: str, key: str) -> None:
        """Remove one record if it exists."""
        if self._db is None:
            return
        with self._lock:
            self._db.execute("DELETE FROM records WHERE kind = ? AND id = ?", (kind, key))

    def load(self, kind: str) -> list[dict[str, Any]]:
        """Return every stored record of ``kind`` in insertion order."""
        if self._db is None:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT data FROM records WHERE kind = ? ORDER BY rowid", (kind,)
            ).fetchall()
        return [json.loads(row[0]) for row in rows]

    def put_blob(self, key: str, data: bytes) -> None:
        """Store binary content (uploaded files, generated outputs)."""
        if self._db is None:
            return
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO blobs (id, data) VALUES (?, ?)", (key, data))

    def get_blob(self, key: str) -> bytes | None:
        """Return binary content stored with :meth:`put_blob`, or ``None``."""
        if self._db is None:
            return None
        with self._lock:
            row = self._db.execute("SELECT data FROM blobs WHERE id = ?", (key,)).fetchone()
        return None if row is None else bytes(row[0])

    def delete_blob(self, key: str) -> None:
        """Remove binary content if it exists."""
        if self._db is None:
            return
        with self._lock:
            self._db.execute("DELETE FROM blobs WHERE id = ?", (key,))

    def close(self) -> None:
        """Close the database; later writes are ignored."""
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
