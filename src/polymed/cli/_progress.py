"""One progress bar for every long command: count, rate, elapsed time and ETA.

Long jobs report through two callbacks (``on_start(total, already_done)`` and
``on_progress(done, total)``); this turns them into a rich progress bar and a
"resuming" note when earlier work is found.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)


class TaskProgress:
    def __init__(self, console: Console, description: str, finished_what: str):
        self._finished_what = finished_what
        self.progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            console=console,
        )
        self.task = self.progress.add_task(description, total=None, rate="")
        self._t0, self._done0 = time.monotonic(), 0

    def __enter__(self) -> TaskProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def print(self, message: str) -> None:
        self.progress.console.print(message)

    def on_start(self, total: int, done: int) -> None:
        self._t0, self._done0 = time.monotonic(), done
        self.progress.update(self.task, total=total, completed=done)
        if done:
            self.print(f"resuming: {done}/{total} {self._finished_what}")

    def on_progress(self, done: int, total: int) -> None:
        # items per second over this session's work (backends finish in bursts, so a
        # short moving window would swing wildly); model loading time is included
        elapsed = time.monotonic() - self._t0
        rate = (done - self._done0) / elapsed if elapsed > 0 else 0.0
        self.progress.update(self.task, completed=done, rate=f"{rate:.2f} items/s")
