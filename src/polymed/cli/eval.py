"""``polymed eval``: score a model on a benchmark, per language, resumably."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from ._progress import TaskProgress

console = Console()


def default_out(benchmark: str, model: str, mode: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-")[:60] or "model"
    return Path("runs") / f"{benchmark}-{slug}-{mode}"


_RATIONALE_COLUMNS = ("bleu1", "bleu4", "rouge1", "rougeL", "bertscore")


def results_table(results: dict[str, Any]) -> Table:
    table = Table(title=f"{results['benchmark']} · {results['model']} · {results['mode']}")
    macro = results.get("rationale_macro", {})
    extra = [k for k in _RATIONALE_COLUMNS if k in macro]
    for col in ("language", "n", "accuracy %", "95% CI", "invalid", "errors", *extra):
        table.add_column(col, justify="left" if col == "language" else "right")
    for code, b in results["languages"].items():
        lo, hi = b["ci95"]
        rat = b.get("rationale", {})
        table.add_row(
            code,
            str(b["n"]),
            f"{100 * b['accuracy']:.1f}",
            f"{100 * lo:.1f}–{100 * hi:.1f}",
            str(b["invalid"]),
            str(b.get("errors", 0)),
            *(f"{rat[k]:.1f}" if k in rat else "" for k in extra),
        )
    table.add_section()
    table.add_row(
        "macro avg",
        str(results["n"]),
        f"{100 * results['macro_accuracy']:.1f}",
        "",
        "",
        "",
        *(f"{macro[k]:.1f}" for k in extra),
    )
    return table


def eval_command(
    model: str = typer.Option(
        "default",
        "--model",
        "-m",
        help="Model spec: default, hf:PATH, gguf:FILE, openai:MODEL@URL, vllm:PATH.",
    ),
    benchmark: str = typer.Option("mmedbench", "--benchmark", "-b", help="mmedbench or medexpqa."),
    data: str = typer.Option(
        None, "--data", "-d", help="Benchmark file, folder or .zip (default: bundled sample)."
    ),
    mode: str = typer.Option("loglik", "--mode", help="loglik, generate or rationale."),
    languages: str = typer.Option(
        None, "--languages", "-l", help="Comma-separated codes, e.g. en,zh."
    ),
    limit: int = typer.Option(None, "--limit", help="At most N items per language."),
    out: Path = typer.Option(None, "--out", "-o", help="Run directory (re-use it to resume)."),
    split: str = typer.Option("test", "--split", help="test or train (dev for MedExpQA)."),
    preset: str = typer.Option("mmedbench-appendix", "--preset", help="Prompt protocol preset."),
    batch_size: int = typer.Option(
        8, "--batch-size", help="Questions per forward batch (local backends)."
    ),
    dtype: str = typer.Option("auto", "--dtype", help="auto, float32, bfloat16, float16."),
    device: str = typer.Option("auto", "--device", help="auto, cpu, cuda, cuda:1 …"),
    concurrency: int = typer.Option(8, "--concurrency", help="Parallel requests (openai backend)."),
    max_new_tokens: int = typer.Option(
        None, "--max-new-tokens", help="Override the preset's generation budget."
    ),
    grounding: str = typer.Option(
        "none",
        "--grounding",
        help="MedExpQA context: none, gold, gold-no-correct, masked, rag-7, rag-32.",
    ),
    topics: str = typer.Option(
        None, "--topics", help="Topics file (polymed data topics): per-topic accuracy."
    ),
    all_rationales: bool = typer.Option(
        False, "--all-rationales", help="Rationale metrics on all items, not only checked ones."
    ),
    metric_preset: str = typer.Option(
        "default", "--metric-preset", help="Rationale metrics: default or paper."
    ),
    bertscore_model: str = typer.Option(
        None, "--bertscore-model", help="BERTScore encoder (path or hub id); omit to skip."
    ),
) -> None:
    """Evaluate a model (default: the embedded Gemma 3 270M on the bundled sample)."""
    from ..evaluation import EvalConfig, evaluate
    from ..languages import parse_languages
    from ..models.spec import parse_spec

    scheme = parse_spec(model).scheme
    backend: dict[str, Any] = {}
    if scheme == "openai":
        backend["concurrency"] = concurrency
    else:
        backend.update(batch_size=batch_size, dtype=dtype, device=device)
    config = EvalConfig(
        model=model,
        benchmark=benchmark,
        data=data,
        split=split,
        mode=mode,
        preset=preset,
        languages=parse_languages(languages),
        grounding=grounding,
        topics=topics,
        limit=limit,
        max_new_tokens=max_new_tokens,
        rationale_checked_only=not all_rationales,
        metric_preset=metric_preset,
        bertscore_model=bertscore_model,
        backend=backend,
    )
    out = out or default_out(benchmark, model, mode)
    with TaskProgress(console, "evaluating", "items already finished in " + str(out)) as bar:

        def on_start(total: int, done: int) -> None:
            bar.on_start(total, done)
            if done < total:
                bar.print(f"loading model {model} …")

        results = evaluate(config, out, on_start=on_start, on_progress=bar.on_progress)
    console.print(results_table(results))
    console.print(f"run directory: {out}  (results.json, report.html)")


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
