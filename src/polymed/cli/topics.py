"""``polymed data topics``: label each question with one of the paper's medical subjects."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ._progress import TaskProgress

console = Console()


def topics_command(
    model: str = typer.Option(
        ..., "--model", "-m", help="Classifier model spec, e.g. openai:gpt-4o@https://…/v1."
    ),
    benchmark: str = typer.Option("mmedbench", "--benchmark", "-b", help="mmedbench or medexpqa."),
    data: str = typer.Option(
        None, "--data", "-d", help="Benchmark file, folder or .zip (default: bundled sample)."
    ),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Topics file (default: <data>.topics.jsonl beside the data; "
        "runs/topics/<benchmark>-sample.topics.jsonl for the bundled sample).",
    ),
    split: str = typer.Option("test", "--split", help="test or train (dev for MedExpQA)."),
    languages: str = typer.Option(None, "--languages", "-l", help="Comma-separated codes."),
    limit: int = typer.Option(None, "--limit", help="At most N items per language."),
    subjects: Path = typer.Option(
        None, "--subjects", help="File with one subject per line (default: the paper's list)."
    ),
    concurrency: int = typer.Option(8, "--concurrency", help="Parallel requests (openai model)."),
) -> None:
    """Assign every question one medical subject (up to 4 tries, else "None"); resumable.

    Pass the file to an evaluation with `polymed eval --topics FILE`.
    """
    from ..data import load_benchmark
    from ..data.topics import SUBJECTS, classify_topics, default_topics_path
    from ..errors import PolymedError
    from ..evaluation.runner import select_items
    from ..languages import parse_languages
    from ..models import load_model
    from ..models.spec import parse_spec

    subject_list: list[str] = list(SUBJECTS)
    if subjects is not None:
        if not subjects.exists():
            raise PolymedError("no such file", subjects)
        subject_list = [s.strip() for s in subjects.read_text("utf-8").splitlines() if s.strip()]
    items = select_items(load_benchmark(benchmark, data, split), parse_languages(languages), limit)
    path = out or default_topics_path(data, benchmark)
    backend = {"concurrency": concurrency} if parse_spec(model).scheme == "openai" else {}
    with TaskProgress(console, "classifying", "items already have a topic") as bar:
        summary = classify_topics(
            items,
            lambda: load_model(model, **backend),
            path,
            subjects=subject_list,
            on_start=bar.on_start,
            on_progress=bar.on_progress,
        )
    table = Table(title=f"topics · {summary['items']} items")
    table.add_column("topic")
    table.add_column("items", justify="right")
    for topic, n in sorted(summary["topics"].items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(escape(topic), str(n))
    console.print(table)
    if summary["errors"]:
        console.print(f"{summary['errors']} item(s) failed; re-run the command to retry them")
    console.print(f"topics file: {escape(str(path))}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``topics`` to the ``data`` command group (once, however often it is called)."""
    from .data import data_app

    if not any(cmd.name == "topics" for cmd in data_app.registered_commands):
        data_app.command("topics")(topics_command)
