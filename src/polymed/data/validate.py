"""Check a whole benchmark file, folder or zip without stopping at the first bad record.

Uses the loaders' own per-record parsers, so a file that validates is a file
that loads.  Errors (bad JSON, missing fields, fewer than two options, answers
not among the options, duplicate ids, no language) make the file invalid;
warnings (the ``answer`` text does not match ``answer_idx``) are reported only,
because the published MMedBench has a few such records and they do not affect
scoring, which uses ``answer_idx``.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PolymedError
from ..languages import LANGUAGES
from .jsonl import iter_items
from .registry import BENCHMARKS


@dataclass(frozen=True)
class Problem:
    where: str
    reason: str
    level: str = "error"

    def __str__(self) -> str:
        tag = "" if self.level == "error" else f"{self.level}: "
        return f"{self.where}: {tag}{self.reason}"


@dataclass
class ValidationReport:
    benchmark: str
    path: Path
    splits: tuple[str, ...]
    #: valid items per (language, split)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: bad records per language ("?" when the file names no language)
    bad: Counter[str] = field(default_factory=Counter)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def languages(self) -> list[str]:
        return sorted({lang for lang, _ in self.counts} | set(self.bad), key=_language_order)


def validate(path: str | Path, benchmark: str = "mmedbench") -> ValidationReport:
    """Read every record under ``path`` and collect counts, errors and warnings."""
    if benchmark not in BENCHMARKS:
        raise PolymedError(f"unknown benchmark {benchmark!r} (known: {', '.join(BENCHMARKS)})")
    loader = importlib.import_module(f".{BENCHMARKS[benchmark]}", __package__)
    parts = loader.parts(Path(path), loader.SPLITS)
    if not parts:
        raise PolymedError(f"no {benchmark} files found", path)
    report = ValidationReport(benchmark, Path(path), tuple(loader.SPLITS))
    language_of = {pt.file.label: pt.language or "?" for pt in parts}

    def on_error(exc: PolymedError) -> None:
        where = exc.file if exc.line is None else f"{exc.file}:{exc.line}"
        report.errors.append(Problem(where or str(path), exc.reason))
        report.bad[language_of.get(exc.file or "", "?")] += 1

    soft_checks = getattr(loader, "answer_warnings", None)
    for item in iter_items(parts, loader.parse_record, on_error=on_error):
        report.counts[(item.language, item.split)] += 1
        for reason in soft_checks(item) if soft_checks else []:
            report.warnings.append(Problem(item.source or item.id, reason, "warning"))
    return report


def _language_order(code: str) -> tuple[int, str]:
    return (LANGUAGES.index(code), code) if code in LANGUAGES else (len(LANGUAGES), code)
