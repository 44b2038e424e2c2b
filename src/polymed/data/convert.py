"""Convert a source dataset (MedQA, IgakuQA, ...) into MMedBench files.

``convert("igakuqa", Path("IgakuQA/data"), Path("out"), "test")`` writes
``out/Test/Japanese.jsonl`` with one MMedBench record per line::

    {"question": ..., "options": {"A": ..., ...}, "answer_idx": "A,C",
     "answer": "<text A>, <text C>", "rationale": "", "human_checked": false,
     "human_check_passed": false, "meta_info": ..., "problem_id": ...}

Each output file is written to a temporary file and moved into place, so a
failed run never leaves a half-written file.  When the input is a folder or zip
holding several splits (``train.json``, ``test.json``...), only the files named
for ``split`` are converted (see :func:`_only_split`); the others are counted
as skipped.
"""

from __future__ import annotations

import json
import logging
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._io import atomic_write_text
from ..errors import PolymedError
from ..languages import MMEDBENCH_NAMES
from ..records import Item
from .mmedbench import SPLIT_DIRS, normalize_split
from .sources import SOURCES

log = logging.getLogger(__name__)

SKIP_OTHER_SPLIT = "other split"
SKIP_DUPLICATE = "duplicate problem_id"


@dataclass
class ConvertReport:
    """What :func:`convert` did: items written per language, items skipped per reason."""

    source: str
    split: str
    written: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    @property
    def total_written(self) -> int:
        return sum(self.written.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())


def convert(
    source: str,
    input: Path,
    out: Path,
    split: str = "test",
    *,
    keep_images: bool = False,
) -> ConvertReport:
    """Read ``input`` with the ``source`` reader and write ``out/<Split>/<Language>.jsonl``."""
    if source not in SOURCES:
        raise PolymedError(f"unknown source {source!r} (known: {', '.join(SOURCES)})")
    split = normalize_split(split)
    skipped: Counter[str] = Counter()
    items = list(SOURCES[source].read(Path(input), skipped=skipped, keep_images=keep_images))
    if not Path(input).is_file() or zipfile.is_zipfile(input):
        items = _only_split(items, split, skipped)
    by_language: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[str, str]] = set()
    for item in items:
        pid = item.meta.get("problem_id")
        if pid is not None:
            if (item.language, str(pid)) in seen:
                skipped[SKIP_DUPLICATE] += 1
                continue
            seen.add((item.language, str(pid)))
        by_language.setdefault(item.language, []).append(to_record(item))
    report = ConvertReport(source, split, skipped=dict(skipped))
    if not by_language:
        reasons = ", ".join(f"{n} {r}" for r, n in skipped.most_common()) or "no records"
        raise PolymedError(f"nothing to convert for split {split} ({reasons})", input)
    for language, records in by_language.items():
        target = Path(out) / SPLIT_DIRS[split] / f"{MMEDBENCH_NAMES[language]}.jsonl"
        write_jsonl(target, records)
        report.written[language] = len(records)
        report.files.append(target)
        log.info("wrote %d %s items to %s", len(records), language, target)
    return report


def to_record(item: Item) -> dict[str, Any]:
    """One item as an MMedBench record (letters sorted, answer texts joined by ``, ``)."""
    letters = sorted(item.answers)
    record: dict[str, Any] = {
        "question": item.question,
        "options": dict(item.options),
        "answer_idx": ",".join(letters),
        "answer": ", ".join(item.options[letter] for letter in letters),
        "rationale": item.rationale or "",
        "human_checked": bool(item.human_checked),
        "human_check_passed": bool(item.human_check_passed),
    }
    for name in ("meta_info", "problem_id"):
        if item.meta.get(name) not in (None, ""):
            record[name] = item.meta[name]
    return record


def write_jsonl(target: Path, records: list[dict[str, Any]]) -> None:
    """Write ``records`` to ``target`` atomically (temporary file, then ``os.replace``)."""
    atomic_write_text(target, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def _only_split(items: list[Item], split: str, skipped: Counter[str]) -> list[Item]:
    """Pick, per language, the items of the files named for ``split``.

    A language with files named for ``split`` keeps only those (so ``HEAD.json``,
    which holds every split, is dropped next to ``test_HEAD.json``); a language
    without any keeps the files whose name names no split.  Everything else is
    counted as ``other split``.
    """
    named = {item.language for item in items if item.meta.get("file_split") == split}
    kept = []
    for item in items:
        file_split = item.meta.get("file_split")
        if file_split == split or (file_split is None and item.language not in named):
            kept.append(item)
        else:
            skipped[SKIP_OTHER_SPLIT] += 1
    return kept
