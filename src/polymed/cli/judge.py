"""``polymed judge``: an LLM ranks N runs per case; optional agreement with human rankings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ._progress import TaskProgress

console = Console()


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _tau(value: float | None) -> str:
    return "—" if value is None else f"{value:+.3f}"


def judge_table(results: dict[str, Any]) -> Table:
    n = len(results["runs"])
    table = Table(title=f"judge: {results['judge']}\nmean score, {n} = best … 1 = worst")
    table.add_column("run")
    table.add_column("model")
    codes = list(results["languages"])
    for code in [*codes, "overall"]:
        table.add_column(code, justify="right")
    for run in results["runs"]:
        lab = run["label"]
        cells = [_score(results["languages"][c]["scores"][lab]) for c in codes]
        table.add_row(
            escape(lab),
            escape(run["model"]),
            *cells,
            _score(results["overall"]["scores"][lab]),
        )
    table.add_section()
    blocks = [results["languages"][c] for c in codes] + [results["overall"]]
    table.add_row("judged", "", *[str(b["judged"]) for b in blocks])
    table.add_row("failed", "", *[str(b["failed"]) for b in blocks])
    return table


def agreement_table(result: dict[str, Any]) -> Table:
    table = Table(title=f"agreement with human rankings · Kendall τ-b · {result['cases']} cases")
    for col in ("ranker", "τ per case (mean)", "cases", "undefined", "τ per run (mean over langs)"):
        table.add_column(col, justify="left" if col == "ranker" else "right")
    rankers = list(result["per_case"]) + [
        r for r in result["system"] if r not in result["per_case"]
    ]
    for ranker in rankers:
        case = result["per_case"].get(ranker, {})
        system = result["system"].get(ranker, {})
        table.add_row(
            escape(ranker),
            _tau(case.get("tau")),
            str(case.get("cases", "")),
            str(case.get("undefined", "")),
            _tau(system.get("tau")),
        )
    return table


def judge_command(
    runs: list[Path] = typer.Argument(..., help="Run directories of `polymed eval` (two or more)."),
    judge: str = typer.Option(
        None,
        "--judge",
        "-j",
        help="Judge model spec, e.g. openai:gpt-4o@https://api.openai.com/v1.",
    ),
    sample: int = typer.Option(
        50, "--sample", help="At most N cases per language (paper: 50); 0 = every case."
    ),
    seed: int = typer.Option(0, "--seed", help="Seeds the case sample and the per-case shuffle."),
    languages: str = typer.Option(None, "--languages", "-l", help="Comma-separated codes."),
    out: Path = typer.Option(
        None, "--out", "-o", help="Output folder (default runs/judge-<judge>-<hash of the runs>)."
    ),
    human: Path = typer.Option(
        None, "--human", help="CSV of human rankings (item_id,run,rank[,annotator]): report τ."
    ),
    all_items: bool = typer.Option(
        False, "--all-items", help="Also judge items without a (human-checked) reference rationale."
    ),
    data: str = typer.Option(
        None, "--data", "-d", help="Benchmark data, if not where the runs' config.json says."
    ),
    concurrency: int = typer.Option(8, "--concurrency", help="Parallel requests (openai judge)."),
    max_new_tokens: int = typer.Option(1024, "--max-new-tokens", help="Judge reply budget."),
) -> None:
    """Rank the runs' answers per case with an LLM judge (paper, appendix A.0.3).

    With --human, also report Kendall τ-b of the judge and each metric
    against the human rankings.

    Re-run the same command to resume.
    """
    from .._io import atomic_write_json
    from .._journal import read_journal
    from ..errors import PolymedError
    from ..judging import JudgeSettings, agreement, default_out_dir, judge_runs, load_human
    from ..judging.run import VERDICTS, load_runs
    from ..languages import parse_languages
    from ..models.spec import parse_spec

    if not judge and human is None:
        raise PolymedError("give --judge SPEC to rank the runs, --human FILE.csv, or both")
    out = out or default_out_dir(runs, judge)
    if judge:
        backend = {"concurrency": concurrency} if parse_spec(judge).scheme == "openai" else {}
        settings = JudgeSettings(
            judge=judge,
            sample=sample or None,
            seed=seed,
            languages=parse_languages(languages),
            reference_only=not all_items,
            max_new_tokens=max_new_tokens,
            data=data,
            backend=backend,
        )
        with TaskProgress(console, "judging", "cases already judged") as bar:
            results = judge_runs(
                runs, out, settings, on_start=bar.on_start, on_progress=bar.on_progress
            )
        console.print(judge_table(results))
    if human is not None:
        loaded, labels = load_runs(runs)
        verdicts = read_journal(out / VERDICTS, "case_id")
        result = agreement(loaded, labels, load_human(human, loaded, labels), verdicts)
        result["human_file"] = str(human)
        atomic_write_json(out / "agreement.json", result)
        console.print(agreement_table(result))
        if result["unknown_cases"]:
            console.print(f"{result['unknown_cases']} human-ranked item(s) are not in the runs")
    files = (["judge_results.json", "verdicts.jsonl"] if judge else []) + (
        ["agreement.json"] if human is not None else []
    )
    console.print(f"output: {escape(str(out))}  ({', '.join(files)})", highlight=False)


def register(app: typer.Typer) -> None:
    app.command("judge")(judge_command)
