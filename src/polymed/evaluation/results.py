"""Aggregate records into ``results.json`` (see DESIGN.md, "Run directory").

Accuracies are fractions in ``[0, 1]``; ``ci95`` is a seeded percentile
bootstrap; ``macro_accuracy`` is the unweighted mean over languages, like the
paper's "Avg." column.  Items whose request failed after all retries count as
wrong and as ``invalid``, and are also counted under ``errors``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..languages import LANGUAGES
from ..records import Record
from .stats import bootstrap_ci


def _accuracy_block(records: Sequence[Record]) -> dict[str, Any]:
    hits = [1.0 if r.correct else 0.0 for r in records]
    n = len(records)
    lo, hi = bootstrap_ci(hits)
    block: dict[str, Any] = {
        "n": n,
        "accuracy": sum(hits) / n if n else 0.0,
        "ci95": [lo, hi],
        "invalid": sum(r.invalid for r in records),
        "errors": sum(r.error is not None for r in records),
    }
    text_hits = [r.meta.get("text_correct") for r in records if "text_correct" in r.meta]
    if text_hits:
        block["accuracy_text"] = sum(map(bool, text_hits)) / len(text_hits)
    return block


def _language_order(code: str) -> tuple[int, str]:
    return (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES), code)


def aggregate(records: Sequence[Record], header: dict[str, Any]) -> dict[str, Any]:
    """``header`` carries ``model``, ``benchmark``, ``mode`` and other run facts."""
    by_lang: dict[str, list[Record]] = defaultdict(list)
    by_topic: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_lang[r.language].append(r)
        if r.topic:
            by_topic[r.topic].append(r)
    languages = {
        code: _accuracy_block(by_lang[code]) for code in sorted(by_lang, key=_language_order)
    }
    accs = [block["accuracy"] for block in languages.values()]
    results: dict[str, Any] = {
        **header,
        "n": len(records),
        "languages": languages,
        "macro_accuracy": sum(accs) / len(accs) if accs else 0.0,
        "micro_accuracy": sum(r.correct for r in records) / len(records) if records else 0.0,
    }
    if by_topic:
        results["topics"] = {t: _accuracy_block(rs) for t, rs in sorted(by_topic.items())}
    return results
