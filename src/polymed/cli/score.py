"""``polymed score``: results for predictions made elsewhere, without a model."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

console = Console()


def score_command(
    file: Path = typer.Argument(..., help="records .jsonl or MMedBench leaderboard .csv"),
    out: Path = typer.Option(..., "--out", "-o", help="Directory for results.json."),
    benchmark: str = typer.Option(None, "--benchmark", "-b", help="Look up options/references."),
    data: str = typer.Option(None, "--data", "-d", help="Benchmark file/folder/.zip."),
    split: str = typer.Option("test", "--split"),
    all_rationales: bool = typer.Option(
        False, "--all-rationales", help="Score rationales of unchecked items too."
    ),
    metric_preset: str = typer.Option("default", "--metric-preset", help="default or paper."),
    bertscore_model: str = typer.Option(None, "--bertscore-model", help="BERTScore encoder."),
) -> None:
    """Score a predictions file (records jsonl or leaderboard CSV) into DIR/results.json."""
    from .._io import atomic_write_json
    from ..evaluation.offline import score_file
    from .eval import results_table

    results = score_file(
        file,
        benchmark=benchmark,
        data=data,
        split=split,
        checked_only=False if all_rationales else None,
        metric_preset=metric_preset,
        bertscore_model=bertscore_model,
    )
    atomic_write_json(out / "results.json", results)
    console.print(results_table(results))
    console.print(f"wrote {out / 'results.json'}")


def register(app: typer.Typer) -> None:
    app.command("score")(score_command)
