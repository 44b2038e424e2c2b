"""The one exception type users see.

Every user-facing failure (bad file, bad spec, mismatched run store) raises
``PolymedError``; the CLI prints its one-line message and exits non-zero, and
shows a traceback only with ``--debug``.
"""

from __future__ import annotations

from pathlib import Path


class PolymedError(Exception):
    """A failure caused by input or configuration, reported as ``file:line: reason``."""

    def __init__(self, reason: str, file: str | Path | None = None, line: int | None = None):
        self.reason = reason
        self.file = str(file) if file is not None else None
        self.line = line
        super().__init__(self.message)

    @property
    def message(self) -> str:
        if self.file is None:
            return self.reason
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.reason}"
