"""The per-item run store: SQLite in WAL mode, one row per finished item.

Every record is committed as soon as it is scored, so ``kill -9`` loses at most
the requests in flight.  The store remembers the identity of the run that
created it (model, benchmark, data, mode …) and refuses to be reused by a
different one, so results are never silently mixed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import PolymedError
from ..records import Record

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    item_id TEXT PRIMARY KEY,
    ok INTEGER NOT NULL,
    data TEXT NOT NULL
);
"""


class RunStore:
    def __init__(self, path: Path, identity: dict[str, Any]):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            row = self._db.execute("SELECT value FROM meta WHERE key='identity'").fetchone()
        except sqlite3.DatabaseError as exc:
            raise PolymedError(
                f"run store is corrupt or not a polymed store ({exc})", path
            ) from exc
        wanted = json.dumps(identity, sort_keys=True)
        if row is None:
            with self._db:
                self._db.execute("INSERT INTO meta VALUES ('identity', ?)", (wanted,))
        elif row[0] != wanted:
            raise PolymedError(
                "this run directory belongs to a different run ("
                + _describe_difference(json.loads(row[0]), identity)
                + "); choose another --out or delete it",
                path,
            )

    def finished_ids(self) -> set[str]:
        """Items scored without a backend error (errored items are retried on resume)."""
        return {r[0] for r in self._db.execute("SELECT item_id FROM records WHERE ok=1")}

    def put(self, record: Record) -> None:
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
                (record.item_id, int(record.error is None), json.dumps(record.to_dict())),
            )

    def records(self, ids: Iterable[str] | None = None) -> list[Record]:
        rows = self._db.execute("SELECT item_id, data FROM records").fetchall()
        wanted = set(ids) if ids is not None else None
        return [
            Record.from_dict(json.loads(data))
            for item_id, data in rows
            if wanted is None or item_id in wanted
        ]

    def close(self) -> None:
        self._db.close()


def _describe_difference(old: dict[str, Any], new: dict[str, Any]) -> str:
    keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return ", ".join(f"{k}: stored {old.get(k)!r}, requested {new.get(k)!r}" for k in keys)
