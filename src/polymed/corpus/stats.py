"""Corpus statistics in the shape of the paper's Table 5.

Documents, characters and tokens per language × source (``filtered``, ``textbook``,
``website``, ``small_corpus``), with the high-quality (human-verified sources) versus
unverified (keyword-filtered web text) split and per-language totals.
"""

from __future__ import annotations

from datatrove.utils.batching import batched

from .dataset import iter_corpus
from .readers import SOURCE_QUALITY, FileReport

#: column order of Table 5; other sources found in the data follow
SOURCE_ORDER = tuple(SOURCE_QUALITY)
_FIELDS = ("documents", "characters", "tokens")


def _cell() -> dict[str, int]:
    return dict.fromkeys(_FIELDS, 0)


def _add(cell: dict[str, int], docs: int, chars: int, tokens: int) -> None:
    cell["documents"] += docs
    cell["characters"] += chars
    cell["tokens"] += tokens


def corpus_stats(
    path: str,
    tokenizer=None,
    languages: list[str] | None = None,
    batch_size: int = 256,
    progress=None,
) -> dict:
    """Statistics of the corpus under ``path`` (see ``dataset.corpus_files``).

    ``tokenizer``: from ``tokenizer.load_tokenizer`` (None: tokens are not counted).
    ``progress(n_docs)``: optional callback after each batch.

    Returns ``{"tokenizer", "sources", "languages": {lang: {"sources": {src: cell},
    "hq": cell, "unverified": cell, "total": cell}}, "total": cell, "input_problems"}``
    where a cell is ``{"documents", "characters", "tokens"}``.
    """
    reports: list[FileReport] = []
    langs: dict[str, dict] = {}
    total = _cell()
    for batch in batched(iter_corpus(path, reports, languages), batch_size):
        counts = tokenizer.count_batch([d.text for d in batch]) if tokenizer else [0] * len(batch)
        for doc, tokens in zip(batch, counts, strict=True):
            entry = langs.setdefault(
                doc.lang, {"sources": {}, "hq": _cell(), "unverified": _cell(), "total": _cell()}
            )
            chars = len(doc.text)
            _add(entry["sources"].setdefault(doc.source, _cell()), 1, chars, tokens)
            _add(entry["hq" if doc.quality == "hq" else "unverified"], 1, chars, tokens)
            _add(entry["total"], 1, chars, tokens)
            _add(total, 1, chars, tokens)
        if progress:
            progress(len(batch))
    found = {s for entry in langs.values() for s in entry["sources"]}
    sources = [s for s in SOURCE_ORDER if s in found] + sorted(found - set(SOURCE_ORDER))
    for entry in langs.values():
        entry["sources"] = {s: entry["sources"][s] for s in sources if s in entry["sources"]}
    problems: dict[str, int] = {}
    for r in reports:
        for key in ("malformed_json", "invalid_utf8", "empty_text"):
            problems[key] = problems.get(key, 0) + getattr(r, key)
        problems["truncated_files"] = problems.get("truncated_files", 0) + int(r.truncated)
    return {
        "tokenizer": getattr(tokenizer, "name", None),
        "files": len(reports),
        "sources": sources,
        "languages": dict(sorted(langs.items())),
        "total": total,
        "input_problems": {k: v for k, v in problems.items() if v},
    }
