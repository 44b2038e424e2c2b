"""Corpus runs: one config object, one pipeline, one output folder.

Output folder layout (``--out DIR``)::

    DIR/config.json          the run's settings; a re-run must match them (resume)
    DIR/data/<rank>.jsonl.gz documents kept, datatrove JSONL, written atomically
    DIR/reports/<rank>.json  bad-input counts per input file of each shard
    DIR/logs/                datatrove: completions/ (resume markers), stats/, logs/

One task (rank) per input file by default, so "finished shards" are finished files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import orjson
from datatrove.io import DataFolder, get_datafolder
from fsspec.core import url_to_fs

from ..errors import PolymedError
from ..languages import to_code
from .filter import MedicalKeywordFilter
from .keywords import load_keywords
from .readers import SOURCE_QUALITY, CorpusReader, list_files
from .sources import PdfReader, TextFolderReader
from .writers import AtomicJsonlWriter, atomic_write_bytes

KINDS = {"filter": CorpusReader, "corpus": CorpusReader, "text": TextFolderReader, "pdf": PdfReader}
DEFAULT_SOURCE = {
    "filter": "filtered",
    "corpus": "small_corpus",
    "text": "website",
    "pdf": "textbook",
}


@dataclass
class CorpusRun:
    """Everything that defines a run's output (written to ``config.json``)."""

    kind: str  # filter | corpus | text | pdf
    input: str
    lang: str
    source: str | None = None
    apply_filter: bool | None = None  # default: only kind "filter" filters
    keywords: str | None = None  # a keyword file; None = the shipped list
    min_keywords: int | None = None
    min_density: float | None = None
    inclusive: bool = False
    overlap: str = "all"
    annotate_only: bool = False
    text_key: str = "text"
    id_key: str = "id"
    glob: str | None = None
    limit: int = -1  # documents per task, for samples
    tasks: int | None = None  # default: one per input file
    pdf_skip_first: int = 0
    pdf_skip_last: int = 0
    ocr: bool = False
    compression: str | None = "gzip"
    files: list[str] = field(default_factory=list)  # resolved input files
    keywords_sha256: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise PolymedError(f"unknown input kind {self.kind!r} (use {', '.join(KINDS)})")
        self.lang = to_code(self.lang)
        self.source = self.source or DEFAULT_SOURCE[self.kind]
        if self.source not in SOURCE_QUALITY:
            raise PolymedError(f"unknown source {self.source!r} (use {', '.join(SOURCE_QUALITY)})")
        if self.kind == "filter" or self.apply_filter is None:
            self.apply_filter = self.kind == "filter"
        # local paths are stored absolute, so a re-run from another directory matches
        if "://" not in self.input:
            self.input = str(Path(self.input).expanduser().resolve())
        if self.keywords and "://" not in self.keywords:
            self.keywords = str(Path(self.keywords).expanduser().resolve())

    def resolve(self) -> CorpusRun:
        """List the input files and fingerprint the keyword list (driver side, once)."""
        fs, path = url_to_fs(self.input)
        if not fs.exists(path):
            raise PolymedError("input not found", self.input)
        reader = KINDS[self.kind]
        if fs.isfile(path):
            self.files = [Path(path).name]
        else:
            self.files = list_files(self.input, reader.accepts, self.glob)
        if not self.files:
            raise PolymedError("no input files found (JSONL, Parquet, text or PDF)", self.input)
        if self.apply_filter:
            terms = load_keywords(self.lang, self.keywords)
            self.keywords_sha256 = hashlib.sha256("\n".join(terms).encode()).hexdigest()
        if self.tasks is None:
            self.tasks = len(self.files)
        return self

    @property
    def input_folder(self) -> str:
        fs, path = url_to_fs(self.input)
        return fs.unstrip_protocol(fs._parent(path)) if fs.isfile(path) else self.input

    def to_json(self) -> dict:
        return {"polymed": "corpus", "run": asdict(self)}


def check_config(out: DataFolder, run: CorpusRun) -> None:
    """Write ``config.json``, or insist that an existing one matches (resume)."""
    new = run.to_json()
    if out.isfile("config.json"):
        with out.open("config.json", "rb") as f:
            old = json.load(f)
        if old != json.loads(json.dumps(new)):
            before, after = old.get("run", {}), new["run"]
            diff = [k for k in after if before.get(k) != after[k]]
            raise PolymedError(
                f"output was made with different settings ({', '.join(diff)}); "
                "use a new --out or delete this folder",
                out.resolve_paths("config.json"),
            )
        return
    atomic_write_bytes(out, "config.json", orjson.dumps(new, option=orjson.OPT_INDENT_2))


def build_pipeline(run: CorpusRun, out: str) -> list:
    """reader → (MMedC filter) → atomic writer, as datatrove steps."""
    common = dict(
        files=run.files,
        lang=run.lang,
        source=run.source,
        limit=run.limit,
        report_folder=_join(out, "reports"),
    )
    if run.kind == "pdf":
        reader = PdfReader(
            run.input_folder,
            skip_first=run.pdf_skip_first,
            skip_last=run.pdf_skip_last,
            ocr=run.ocr,
            **common,
        )
    else:
        reader = KINDS[run.kind](
            run.input_folder, text_key=run.text_key, id_key=run.id_key, **common
        )
    steps = [reader]
    if run.apply_filter:
        steps.append(
            MedicalKeywordFilter(
                run.lang,
                keywords=run.keywords,
                min_keywords=run.min_keywords,
                min_density=run.min_density,
                inclusive=run.inclusive,
                overlap=run.overlap,
                annotate_only=run.annotate_only,
            )
        )
    steps.append(AtomicJsonlWriter(_join(out, "data"), compression=run.compression))
    return steps


def _join(base: str, name: str) -> str:
    return f"{str(base).rstrip('/')}/{name}"


def _total(value) -> float:
    return value.get("total", 0) if isinstance(value, dict) else (value or 0)


@dataclass
class RunSummary:
    tasks: int
    completed: int
    read: int = 0  # documents read
    kept: int = 0  # documents written
    problems: dict[str, int] = field(default_factory=dict)
    shards: list[dict] = field(default_factory=list)  # shard reports with problems
    script: str | None = None  # slurm: the generated submission script
    job_id: str | None = None  # slurm: the submitted job array


def summarize(out: str, tasks: int) -> RunSummary:
    """Totals from datatrove's per-task stats and polymed's shard reports."""
    folder = get_datafolder(out)
    done = set(folder.list_files("logs/completions")) if folder.isdir("logs/completions") else set()
    summary = RunSummary(tasks=tasks, completed=len(done))
    for name in folder.list_files("logs/stats") if folder.isdir("logs/stats") else []:
        with folder.open(name, "rb") as f:
            for step in json.load(f):
                stats = step.get("stats", {})
                if "written" in stats:
                    summary.kept += int(_total(stats["written"]))
    for name in folder.list_files("reports") if folder.isdir("reports") else []:
        if not name.endswith(".json"):
            continue
        with folder.open(name, "rb") as f:
            report = json.load(f)
        for key, value in report["totals"].items():
            if key == "documents":
                summary.read += value
            elif value:
                summary.problems[key] = summary.problems.get(key, 0) + value
        bad = [f for f in report["files"] if any(f[k] for k in f if k not in ("path", "documents"))]
        if bad:
            summary.shards.append({"rank": report["rank"], "files": bad})
    return summary


def run_corpus(
    run: CorpusRun,
    out: str,
    executor: str = "local",
    *,
    workers: int | None = None,
    quiet: bool = False,
    ray_address: str | None = None,
    cpus_per_task: int = 1,
    mem_per_cpu_gb: float = 2,
    slurm: dict | None = None,
    submit: bool = False,
) -> RunSummary:
    """Resolve inputs, check/write ``config.json``, run (or, for Slurm, prepare) the pipeline.

    Re-running with the same ``out`` skips the tasks datatrove marked complete.
    """
    from .executors import check_executor, ensure_ray, make_executor, quiet_datatrove_logs

    check_executor(executor, slurm)
    if quiet:
        quiet_datatrove_logs()
    run.resolve()
    out_folder = get_datafolder(out)
    check_config(out_folder, run)
    pipeline = build_pipeline(run, out)
    engine = make_executor(
        pipeline,
        executor,
        tasks=run.tasks,
        logging_dir=_join(out, "logs"),
        workers=workers,
        quiet=quiet,
        cpus_per_task=cpus_per_task,
        mem_per_cpu_gb=mem_per_cpu_gb,
        slurm=slurm,
    )
    if executor == "slurm":
        summary = summarize(out, run.tasks)
        if submit:
            summary.job_id = engine.submit()
            summary.script = engine.script_path
        else:
            summary.script = engine.prepare()
        return summary
    if executor == "ray":
        ensure_ray(ray_address, workers, verbose=not quiet)
    engine.run()
    return summarize(out, run.tasks)
