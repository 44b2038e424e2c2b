"""Rationale quality per language (MMedBench's second half).

By default only items whose reference rationale was human-checked *and* passed
count — the paper's 1,136 test items; the authors' released scorer skipped this
filter, so ``checked_only=False`` reproduces it.  A prediction with no rationale
scores 0 for its item (it is not dropped).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from ..records import Item, Record

METRIC_KEYS = ("bleu1", "bleu2", "bleu3", "bleu4", "bleu", "rouge1", "rouge2", "rougeL")


def _counts(item: Item, checked_only: bool) -> bool:
    if not item.rationale:
        return False
    return not checked_only or bool(item.human_checked and item.human_check_passed)


def rationale_by_language(
    records: Sequence[Record],
    items: Mapping[str, Item],
    checked_only: bool = True,
    preset: str = "default",
    bertscore_model: str | None = None,
) -> dict[str, dict[str, Any]]:
    """``{language: {n, bleu1..bleu4, bleu, rouge1, rouge2, rougeL[, bertscore]}}`` on 0–100."""
    from .metrics import rationale_metrics

    pairs: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for rec in records:
        item = items.get(rec.item_id)
        if item is not None and _counts(item, checked_only):
            pairs[rec.language].append((rec.rationale or "", item.rationale or ""))
    out: dict[str, dict[str, Any]] = {}
    for lang, ps in pairs.items():
        preds, refs = zip(*ps, strict=True)
        scores = rationale_metrics(list(preds), list(refs), lang, preset, bertscore_model)
        out[lang] = {"n": len(ps), **scores}
    return out


def attach_rationale(results: dict[str, Any], blocks: Mapping[str, dict[str, Any]]) -> None:
    """Put each language's block under ``languages.{code}.rationale`` and add the macro mean."""
    for lang, block in blocks.items():
        if lang in results["languages"]:
            results["languages"][lang]["rationale"] = block
    if blocks:
        keys = [k for k in next(iter(blocks.values())) if k != "n"]
        results["rationale_macro"] = {
            k: sum(b[k] for b in blocks.values()) / len(blocks) for k in keys
        }
