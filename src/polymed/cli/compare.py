"""``polymed compare``: paired significance test of two runs on the same benchmark."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()


def _p(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2g}" if value < 0.001 else f"{value:.3f}"


def compare_table(result: dict[str, Any]) -> Table:
    a, b = result["run_a"], result["run_b"]
    table = Table(
        title=f"{result['benchmark']} · A = {a['model']} · B = {b['model']} · p: {result['test']}"
    )
    columns = ("language", "n", "A %", "B %", "B − A", "95% CI", "A only", "B only", "p")
    for col in columns:
        table.add_column(col, justify="left" if col == "language" else "right")

    def row(name: str, blk: dict[str, Any]) -> list[str]:
        lo, hi = blk["ci95"]
        return [
            name,
            str(blk["n"]),
            f"{100 * blk['accuracy_a']:.1f}",
            f"{100 * blk['accuracy_b']:.1f}",
            f"{100 * blk['difference']:+.1f}",
            f"{100 * lo:+.1f} … {100 * hi:+.1f}",
            str(blk.get("a_only", "")),
            str(blk.get("b_only", "")),
            _p(blk["p"]),
        ]

    for code, blk in result["languages"].items():
        table.add_row(*row(code, blk))
    table.add_section()
    table.add_row(*row("all items", result["overall"]))
    table.add_row(*row("macro avg", result["macro"]))
    return table


def compare_command(
    run_a: Path = typer.Argument(..., help="Run directory A (the baseline)."),
    run_b: Path = typer.Argument(..., help="Run directory B."),
    test: str = typer.Option("mcnemar", "--test", help="p-value from: mcnemar or bootstrap."),
    seed: int = typer.Option(0, "--seed", help="Bootstrap seed."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Is run B more accurate than run A? Paired test per language on shared items.

    Accuracy of B minus A on the items both runs answered, with an exact
    McNemar or a paired-bootstrap p-value, and a bootstrap 95% CI.
    """
    from ..evaluation.compare import compare_runs, load_run

    result = compare_runs(load_run(run_a), load_run(run_b), test=test, seed=seed)
    if as_json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    console.print(compare_table(result))
    unpaired = result["unpaired"]
    console.print(
        f"{result['paired']} paired items; unpaired: {unpaired['only_a']} only in A, "
        f"{unpaired['only_b']} only in B. CI: paired bootstrap, {result['resamples']} resamples.",
        highlight=False,
    )
    if result["run_a"]["mode"] != result["run_b"]["mode"]:
        console.print(
            f"note: A is a {escape(str(result['run_a']['mode']))} run, "
            f"B a {escape(str(result['run_b']['mode']))} run"
        )


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)
