"""One progress bar for every long command: count, rate, elapsed time and ETA.

Long jobs report through two callbacks (``on_start(total, already_done)`` and
``on_progress(done, total)``); this turns them into a rich progress bar and a
"resuming" note when earlier work is found.
"""

from __future__ import annotations

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

    def __enter__(self) -> TaskProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.__exit__(*exc)

    def print(self, message: str) -> None:
        self.progress.console.print(message)

    def on_start(self, total: int, done: int) -> None:
        self.progress.update(self.task, total=total, completed=done)
        if done:
            self.print(f"resuming: {done}/{total} {self._finished_what}")

    def on_progress(self, done: int, total: int) -> None:
        self.progress.update(self.task, completed=done)
        speed = self.progress.tasks[self.task].speed
        self.progress.update(self.task, rate=f"{speed:.2f}/s" if speed else "")
