"""An append-only JSON-lines journal: one row per finished case, fsynced as it is written.

Used by the judge (one verdict per case) and the topic classifier (one topic per item)
so an interrupted run loses at most the requests in flight.  Rows are keyed; when a
key appears more than once the last row wins (a retried case supersedes its earlier
failure).  A line cut short by a crash is dropped when the journal is reopened.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from .errors import PolymedError

log = logging.getLogger(__name__)


def read_journal(path: str | Path, key: str) -> dict[str, dict[str, Any]]:
    """Rows by ``row[key]``, last one wins; a missing file is an empty journal.

    A malformed line is an error, except the very last one when it has no newline
    (a write interrupted by a crash), which is ignored.
    """
    path = Path(path)
    if not path.exists():
        return {}
    rows: dict[str, dict[str, Any]] = {}
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            rows[str(row[key])] = row
        except (ValueError, KeyError, TypeError) as exc:
            if number == len(lines):  # the unterminated tail of an interrupted write
                log.warning("%s:%d: ignoring an incomplete last line", path, number)
                continue
            raise PolymedError(f"not a journal row with {key!r} ({exc})", path, number) from exc
    return rows


class Journal:
    """Append rows to ``path`` (created with its folder), one fsync per row."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        _drop_partial_tail(self.path)
        self._fh = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 (closed in close())

    def append(self, row: dict[str, Any]) -> None:
        self._fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _drop_partial_tail(path: Path) -> None:
    """Cut an unterminated last line so the next row starts on a line of its own."""
    if not path.exists():
        return
    with open(path, "rb+") as fh:
        data = fh.read()
        if data and not data.endswith(b"\n"):
            fh.truncate(data.rfind(b"\n") + 1)
