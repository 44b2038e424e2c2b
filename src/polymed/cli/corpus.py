"""``polymed corpus``: filter web text for medical content, add other sources, count, chunk."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

corpus_app = typer.Typer(
    help="Build a medical corpus (MMedC recipe): filter, add sources, stats, chunk.",
    no_args_is_help=True,
)
console = Console()

_RUN = "Run"
_ENGINE = "Engine"


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")


def _verbose() -> bool:
    return logging.getLogger().getEffectiveLevel() <= logging.INFO


def _human(n: float) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= size:
            return f"{n / size:.2f}{unit}"
    return str(int(n))


def _print_summary(summary, out: str) -> None:
    rate = f" ({100 * summary.kept / summary.read:.2f}%)" if summary.read else ""
    console.print(
        f"[bold]{summary.completed}/{summary.tasks}[/] tasks complete · "
        f"{summary.read} documents read · {summary.kept} kept{rate} → {escape(out)}/data"
    )
    if summary.problems:
        table = Table(title="bad input (skipped, counted per shard)")
        for col in ("shard", "file", "malformed JSON", "invalid UTF-8", "empty text", "stream"):
            table.add_column(col, justify="left" if col in ("file", "stream") else "right")
        for shard in summary.shards:
            for f in shard["files"]:
                stream = "truncated" if f["truncated"] else ("unreadable" if f["error"] else "")
                table.add_row(
                    str(shard["rank"]),
                    escape(f["path"]),
                    str(f["malformed_json"]),
                    str(f["invalid_utf8"]),
                    str(f["empty_text"]),
                    stream,
                )
        console.print(table)
    if summary.completed < summary.tasks:
        console.print("[yellow]some tasks did not finish; re-run the same command to resume[/]")


def _run(run, out: str, executor: str, **engine) -> None:
    from polymed.corpus.pipeline import run_corpus

    quiet = not _verbose()
    if executor == "slurm":
        summary = run_corpus(run, out, "slurm", quiet=quiet, **engine)
        if summary.job_id:
            console.print(f"submitted Slurm job array {summary.job_id} ({escape(summary.script)})")
        elif summary.script:
            console.print(f"Slurm submission written: {escape(summary.script)}")
            console.print(f"submit it with:  sbatch {escape(summary.script)}")
        else:
            console.print("all tasks already complete; nothing to submit")
        return
    with console.status(f"running {run.kind} on {executor} …", spinner="dots"):
        summary = run_corpus(run, out, executor, quiet=quiet, **engine)
    _print_summary(summary, out)


def _engine_options(
    workers, cpus_per_task, mem_per_cpu_gb, ray_address, partition, slurm_time, venv, sbatch, submit
) -> dict:
    slurm = {"partition": partition, "time": slurm_time}
    if venv:
        slurm["venv_path"] = venv
    if sbatch:
        slurm["sbatch_args"] = dict(a.split("=", 1) if "=" in a else (a, "") for a in sbatch)
    return dict(
        workers=workers,
        cpus_per_task=cpus_per_task,
        mem_per_cpu_gb=mem_per_cpu_gb,
        ray_address=ray_address,
        slurm=slurm,
        submit=submit,
    )


def _engine(default, flag: str, help: str = ""):
    return typer.Option(default, flag, help=help, rich_help_panel=_ENGINE)


# options shared by `filter` and `add`
_EXECUTOR = _engine("local", "--executor", "local, ray or slurm.")
_WORKERS = _engine(None, "--workers", "Concurrent tasks (local: CPU count).")
_TASKS = _engine(None, "--tasks", "Tasks (shards); default one per input file.")
_CPUS = _engine(1, "--cpus-per-task", "Ray/Slurm CPUs per task.")
_MEM = _engine(2.0, "--mem-per-cpu-gb", "Ray/Slurm memory per CPU.")
_RAY = _engine(None, "--ray-address", "Existing cluster (auto, ray://…); default: start one.")
_PARTITION = _engine(None, "--slurm-partition")
_STIME = _engine("24:00:00", "--slurm-time")
_VENV = _engine(None, "--slurm-venv", "activate script for the jobs (default: this venv's).")
_SBATCH = _engine(None, "--sbatch", "Extra #SBATCH directive KEY=VALUE (repeatable).")
_SUBMIT = _engine(False, "--submit", "Call sbatch now (default: write the script).")
_LIMIT = typer.Option(
    -1, "--limit", help="At most N documents per task (samples).", rich_help_panel=_RUN
)
_KEYWORDS = typer.Option(None, "--keywords", help="Keyword file, one term per line.")
_MIN_KW = typer.Option(None, "--min-keywords", help="T_C: keep when MKC > N (Table 4 default).")
_MIN_D = typer.Option(None, "--min-density", help="T_D as a fraction, e.g. 0.04 (Table 4 default).")
_INCL = typer.Option(False, "--inclusive", help="Use >= like the released script (paper: >).")
_OVERLAP = typer.Option("all", "--overlap", help="all: count each keyword; longest: no overlaps.")
_ANNOTATE = typer.Option(False, "--annotate-only", help="Keep all, add mkc/density/medical.")


@corpus_app.command("filter")
def filter_cmd(
    input: str = typer.Argument(
        ..., help="JSONL/JSONL.gz/Parquet file or folder (e.g. CulturaX/en)."
    ),
    lang: str = typer.Option(..., "--lang", help="Language code (en zh ja fr ru es …)."),
    out: str = typer.Option(..., "--out", help="Run folder (re-run to resume)."),
    keywords: Path = _KEYWORDS,
    min_keywords: int = _MIN_KW,
    min_density: float = _MIN_D,
    inclusive: bool = _INCL,
    overlap: str = _OVERLAP,
    annotate_only: bool = _ANNOTATE,
    text_key: str = typer.Option("text", "--text-key", rich_help_panel=_RUN),
    id_key: str = typer.Option("id", "--id-key", rich_help_panel=_RUN),
    glob: str = typer.Option(
        None, "--glob", help="Only files matching this pattern.", rich_help_panel=_RUN
    ),
    limit: int = _LIMIT,
    executor: str = _EXECUTOR,
    workers: int = _WORKERS,
    tasks: int = _TASKS,
    cpus_per_task: int = _CPUS,
    mem_per_cpu_gb: float = _MEM,
    ray_address: str = _RAY,
    slurm_partition: str = _PARTITION,
    slurm_time: str = _STIME,
    slurm_venv: str = _VENV,
    sbatch: list[str] = _SBATCH,
    submit: bool = _SUBMIT,
) -> None:
    """Keep medical documents (paper's Algorithm 1): MKC > T_C and density > T_D."""
    from polymed.corpus.pipeline import CorpusRun

    run = CorpusRun(
        kind="filter",
        input=input,
        lang=lang,
        keywords=str(keywords) if keywords else None,
        min_keywords=min_keywords,
        min_density=min_density,
        inclusive=inclusive,
        overlap=overlap,
        annotate_only=annotate_only,
        text_key=text_key,
        id_key=id_key,
        glob=glob,
        limit=limit,
        tasks=tasks,
    )
    options = _engine_options(
        workers,
        cpus_per_task,
        mem_per_cpu_gb,
        ray_address,
        slurm_partition,
        slurm_time,
        slurm_venv,
        sbatch,
        submit,
    )
    _run(run, out, executor, **options)


@corpus_app.command("add")
def add_cmd(
    input: str = typer.Argument(..., help="Folder (or file) of .txt/.md, .pdf, or JSONL/Parquet."),
    kind: str = typer.Option(..., "--kind", help="text, pdf or corpus (an existing small corpus)."),
    lang: str = typer.Option(..., "--lang", help="Language code."),
    out: str = typer.Option(..., "--out", help="Run folder (re-run to resume)."),
    source: str = typer.Option(
        None, "--source", help="textbook, website, small_corpus or filtered (default by kind)."
    ),
    apply_filter: bool = typer.Option(
        False, "--filter", help="Also apply the keyword filter (as the paper did for Wikipedia)."
    ),
    keywords: Path = _KEYWORDS,
    min_keywords: int = _MIN_KW,
    min_density: float = _MIN_D,
    inclusive: bool = _INCL,
    overlap: str = _OVERLAP,
    skip_first: int = typer.Option(
        0, "--pdf-skip-first", help="Drop N first pages (covers, contents)."
    ),
    skip_last: int = typer.Option(
        0, "--pdf-skip-last", help="Drop N last pages (epilogue, index)."
    ),
    ocr: bool = typer.Option(
        False, "--ocr", help="OCR pages without a text layer (optional extra)."
    ),
    text_key: str = typer.Option("text", "--text-key", rich_help_panel=_RUN),
    id_key: str = typer.Option("id", "--id-key", rich_help_panel=_RUN),
    glob: str = typer.Option(None, "--glob", rich_help_panel=_RUN),
    limit: int = _LIMIT,
    executor: str = _EXECUTOR,
    workers: int = _WORKERS,
    tasks: int = _TASKS,
    cpus_per_task: int = _CPUS,
    mem_per_cpu_gb: float = _MEM,
    ray_address: str = _RAY,
    slurm_partition: str = _PARTITION,
    slurm_time: str = _STIME,
    slurm_venv: str = _VENV,
    sbatch: list[str] = _SBATCH,
    submit: bool = _SUBMIT,
) -> None:
    """Add textbooks (PDF), websites (text/Markdown) or a small corpus, tagged by source."""
    from polymed.corpus.pipeline import KINDS, CorpusRun
    from polymed.errors import PolymedError

    if kind not in KINDS or kind == "filter":
        raise PolymedError(f"unknown --kind {kind!r} (use text, pdf or corpus)")
    run = CorpusRun(
        kind=kind,
        input=input,
        lang=lang,
        source=source,
        apply_filter=apply_filter,
        keywords=str(keywords) if keywords else None,
        min_keywords=min_keywords,
        min_density=min_density,
        inclusive=inclusive,
        overlap=overlap,
        text_key=text_key,
        id_key=id_key,
        glob=glob,
        limit=limit,
        tasks=tasks,
        pdf_skip_first=skip_first,
        pdf_skip_last=skip_last,
        ocr=ocr,
    )
    options = _engine_options(
        workers,
        cpus_per_task,
        mem_per_cpu_gb,
        ray_address,
        slurm_partition,
        slurm_time,
        slurm_venv,
        sbatch,
        submit,
    )
    _run(run, out, executor, **options)


def stats_table(stats: dict, unit: str = "tokens") -> Table:
    labels = {
        "filtered": "Filtered",
        "textbook": "Textbooks",
        "website": "Websites",
        "small_corpus": "Small corpora",
    }
    title = f"corpus {unit}" + (f" (tokenizer: {stats['tokenizer']})" if unit == "tokens" else "")
    table = Table(title=title)
    table.add_column("language")
    for source in stats["sources"]:
        table.add_column(labels.get(source, source), justify="right")
    for col in ("HQ", "Unverified", "Total"):
        table.add_column(col, justify="right")
    for lang, entry in stats["languages"].items():
        cells = [entry["sources"].get(s, {}).get(unit, 0) for s in stats["sources"]]
        cells += [entry["hq"][unit], entry["unverified"][unit], entry["total"][unit]]
        table.add_row(lang, *(_human(c) for c in cells))
    table.add_section()
    table.add_row("all", *([""] * (len(stats["sources"]) + 2)), _human(stats["total"][unit]))
    return table


@corpus_app.command("stats")
def stats_cmd(
    path: str = typer.Argument(..., help="A run folder, a folder of runs, or corpus files."),
    tokenizer: str = typer.Option(
        "default",
        "--tokenizer",
        help="default, whitespace, a tokenizer.json/folder/.gguf, or none.",
    ),
    languages: str = typer.Option(None, "--languages", help="Comma-separated codes."),
    json_out: Path = typer.Option(None, "--json", help="Also write the statistics here."),
) -> None:
    """Documents and tokens per language × source, HQ vs unverified (paper's Table 5)."""
    from rich.progress import Progress

    from polymed.corpus.stats import corpus_stats
    from polymed.corpus.tokenizer import load_tokenizer
    from polymed.languages import parse_languages

    tok = None if tokenizer == "none" else load_tokenizer(tokenizer)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("counting documents", total=None)
        stats = corpus_stats(
            path, tok, parse_languages(languages), progress=lambda n: progress.advance(task, n)
        )
    console.print(stats_table(stats, "tokens" if tok else "documents"))
    if tok:
        console.print(stats_table(stats, "documents"))
    if stats["input_problems"]:
        console.print(f"[yellow]bad input skipped:[/] {stats['input_problems']}")
    if json_out:
        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(
            json.dumps(stats, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        console.print(f"statistics written to {escape(str(json_out))}")


@corpus_app.command("chunk")
def chunk_cmd(
    path: str = typer.Argument(..., help="A run folder, a folder of runs, or corpus files."),
    out: str = typer.Option(..., "--out", help="Folder for the chunk files (re-run to resume)."),
    tokenizer: str = typer.Option(
        "default", "--tokenizer", help="default, whitespace, path, hub id."
    ),
    length: int = typer.Option(2048, "--length", help="Tokens per chunk."),
    overlap: int = typer.Option(512, "--overlap", help="Tokens shared by consecutive chunks."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (gzipped) or parquet."),
    languages: str = typer.Option(None, "--languages", help="Comma-separated codes."),
) -> None:
    """Cut documents into overlapping token windows for continued pre-training."""
    from rich.progress import Progress

    from polymed.corpus.chunk import chunk_corpus
    from polymed.corpus.tokenizer import load_tokenizer
    from polymed.languages import parse_languages

    tok = load_tokenizer(tokenizer)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("chunking documents", total=None)
        summary = chunk_corpus(
            path,
            out,
            tok,
            length,
            overlap,
            fmt,
            parse_languages(languages),
            progress=lambda n: progress.advance(task, n),
        )
    skipped = f" ({summary.skipped_files} already done)" if summary.skipped_files else ""
    console.print(
        f"{summary.documents} documents · {summary.tokens} tokens → {summary.chunks} chunks of "
        f"≤{length} tokens (overlap {overlap}) in {summary.files} files{skipped} → {escape(out)}"
    )


@corpus_app.command("keywords")
def keywords_cmd(
    lang: str = typer.Option(None, "--lang", help="Show one language's list."),
) -> None:
    """The shipped keyword lists and the paper's thresholds (Table 4)."""
    from polymed.corpus.keywords import (
        PAPER_THRESHOLDS,
        SHIPPED_LANGUAGES,
        load_keywords,
        shipped_keywords_path,
    )
    from polymed.languages import to_code

    if lang:
        for term in load_keywords(to_code(lang)):
            console.print(escape(term), highlight=False)
        return
    table = Table(title="MMedC keyword lists (Algorithm 1; thresholds from the paper's Table 4)")
    for col in ("language", "terms", "T_C (MKC >)", "T_D (density >)", "file"):
        table.add_column(col, justify="left" if col in ("language", "file") else "right")
    for code in SHIPPED_LANGUAGES:
        t_c, t_d = PAPER_THRESHOLDS[code]
        path = shipped_keywords_path(code)
        table.add_row(
            code, str(len(load_keywords(code))), str(t_c), f"{t_d:.0%}", escape(str(path))
        )
    console.print(table)
