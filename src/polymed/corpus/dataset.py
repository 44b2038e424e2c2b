"""Reading a built corpus back: one run folder, a folder of runs, or plain JSONL/Parquet files.

A *run folder* has polymed's ``config.json`` and its documents in ``data/``. Pointing at
a parent folder (e.g. ``mmedc/`` holding ``en-filtered/``, ``en-books/`` …) reads every
run below it; a folder without run folders is read as plain corpus files.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from datatrove.io import get_datafolder

from ..errors import PolymedError
from .readers import SOURCE_QUALITY, FileReport, iter_records, list_files


@dataclass
class CorpusDoc:
    id: str
    text: str
    lang: str
    source: str
    quality: str
    file: str  # relative to the folder given by the user
    metadata: dict = field(default_factory=dict)


def _is_run(folder, name: str) -> bool:
    try:
        with folder.open(name, "rb") as f:
            return json.load(f).get("polymed") == "corpus"
    except (OSError, ValueError, AttributeError):
        return False


def corpus_files(path: str) -> list[str]:
    """Corpus files to read under ``path`` (relative to it), run folders' ``data/`` first."""
    folder = get_datafolder(path)
    if not folder.exists(""):
        raise PolymedError("corpus folder not found", path)
    if folder.isfile(""):
        raise PolymedError("expected a folder (a run folder or a folder of runs)", path)
    configs = [
        c
        for c in folder.list_files()
        if c.rpartition("/")[2] == "config.json" and _is_run(folder, c)
    ]
    if configs:
        runs = sorted(c.rpartition("/")[0] for c in configs)
        files = []
        for run in runs:
            data = f"{run}/data" if run else "data"
            if folder.isdir(data):
                files += [f"{data}/{f}" for f in list_files(get_datafolder(f"{path}/{data}"))]
        return files
    return list_files(folder)


def iter_corpus(
    path: str,
    reports: list[FileReport] | None = None,
    languages: list[str] | None = None,
    files: list[str] | None = None,
) -> Iterator[CorpusDoc]:
    """Documents under ``path``; bad lines are skipped and counted into ``reports``."""
    folder = get_datafolder(path)
    for name in files if files is not None else corpus_files(path):
        report = FileReport(name)
        if reports is not None:
            reports.append(report)
        for pos, text, record in iter_records(folder, name, report):
            meta = record.pop("metadata", None)
            if isinstance(meta, dict):
                record = meta | record
            lang = str(record.get("lang") or "unknown")
            if languages and lang not in languages:
                continue
            source = str(record.get("source") or "unknown")
            quality = str(record.get("quality") or SOURCE_QUALITY.get(source, "unverified"))
            doc_id = record.get("id")
            yield CorpusDoc(
                id=str(doc_id) if doc_id is not None else f"{name}:{pos}",
                text=text,
                lang=lang,
                source=source,
                quality=quality,
                file=name,
                metadata=record,
            )
