"""``polymed data``: validate benchmark files and convert source datasets into them."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

data_app = typer.Typer(
    help="Benchmark files: validate them, convert source datasets into MMedBench format.",
    no_args_is_help=True,
)
console = Console()


def register(app: typer.Typer) -> None:
    app.add_typer(data_app, name="data")


@data_app.command("validate")
def validate_command(
    path: Path = typer.Argument(..., help="A benchmark .jsonl file, folder or .zip."),
    benchmark: str = typer.Option(
        "mmedbench", "--benchmark", "-b", help="Format to check: mmedbench or medexpqa."
    ),
) -> None:
    """Check every record; print counts per language and split, then one line per problem.

    Exits 1 when any record is bad; warnings alone exit 0.
    """
    from ..data.validate import validate

    report = validate(path, benchmark)
    splits = [s for s in report.splits if any(split == s for _, split in report.counts)]
    console.print(f"{report.benchmark}: {escape(str(path))}", highlight=False, soft_wrap=True)
    table = Table()
    table.add_column("language")
    for split in splits:
        table.add_column(split, justify="right")
    table.add_column("bad", justify="right")
    for lang in report.languages:
        cells = [str(report.counts.get((lang, s), 0)) for s in splits]
        bad = report.bad.get(lang, 0)
        table.add_row(lang, *cells, f"[red]{bad}[/]" if bad else "0")
    table.add_row(
        "total",
        *[str(sum(n for (_, s), n in report.counts.items() if s == split)) for split in splits],
        str(sum(report.bad.values())),
        style="bold",
    )
    console.print(table)
    for problem in [*report.errors, *report.warnings]:
        console.print(escape(str(problem)), highlight=False, soft_wrap=True)
    summary = f"{len(report.errors)} bad record(s), {len(report.warnings)} warning(s)"
    console.print(f"[red]{summary}[/]" if report.errors else summary, highlight=False)
    raise typer.Exit(1 if report.errors else 0)


@data_app.command("convert")
def convert_command(
    source: str = typer.Argument(
        ..., help="Source dataset: medqa, igakuqa, frenchmedmcqa, rumeddanet or headqa."
    ),
    input: Path = typer.Argument(..., help="The source's file, folder or .zip."),
    out: Path = typer.Option(..., "--out", "-o", help="Output folder (gets <Split>/<Lang>.jsonl)."),
    split: str = typer.Option("test", "--split", help="test or train."),
    keep_images: bool = typer.Option(
        False, "--keep-images", help="Keep questions that refer to an image (text only)."
    ),
) -> None:
    """Convert a source dataset into MMedBench files."""
    from ..data.convert import convert

    report = convert(source, input, out, split, keep_images=keep_images)
    table = Table(title=f"{source} -> {out}")
    table.add_column("language")
    table.add_column("written", justify="right")
    table.add_column("file")
    for (lang, n), path in zip(report.written.items(), report.files, strict=True):
        table.add_row(lang, str(n), escape(str(path)))
    console.print(table)
    for reason, n in sorted(report.skipped.items()):
        console.print(f"skipped {n}: {escape(reason)}", highlight=False)
