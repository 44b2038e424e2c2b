"""Rationale text metrics: BLEU-1..4, BLEU, ROUGE-1/2/L F1 and BERTScore F1, all 0–100.

    >>> from polymed.evaluation.metrics import rationale_metrics
    >>> rationale_metrics(["心肌梗死"], ["急性心肌梗死"], "zh")["rouge1"]
    66.66666666666666

Two presets (``METRIC_PRESETS``): ``default`` (corpus BLEU, normalized tokens; fixes the
reference scorer's bugs) and ``paper`` (the authors' released scorer: sentence BLEU with
smoothing method 1 averaged over items, case-sensitive NLTK / jieba / Janome tokens).
docs/metrics.md gives the exact definitions.
"""

from __future__ import annotations

from collections.abc import Sequence

from ._bertscore import DEFAULT_BERTSCORE_MODEL, bertscore
from ._bleu import corpus_bleu, mean_sentence_bleu
from ._common import METRIC_PRESETS, check_pairs, check_preset
from ._rouge import mean_rouge
from ._tokenize import tokenize

__all__ = [
    "DEFAULT_BERTSCORE_MODEL",
    "METRIC_PRESETS",
    "bertscore",
    "bleu",
    "rationale_metrics",
    "rouge",
    "tokenize",
]


def _token_pairs(preds, refs, language: str, preset: str) -> list[tuple[list[str], list[str]]]:
    check_preset(preset)
    preds, refs = check_pairs(preds, refs)
    return [
        (tokenize(p, language, preset), tokenize(r, language, preset))
        for p, r in zip(preds, refs, strict=True)
    ]


def _bleu(pairs, preset: str) -> dict[str, float]:
    return corpus_bleu(pairs) if preset == "default" else mean_sentence_bleu(pairs)


def bleu(
    preds: Sequence[str], refs: Sequence[str], language: str, preset: str = "default"
) -> dict[str, float]:
    """``bleu1``..``bleu4`` (individual n-gram orders) and ``bleu`` (BLEU-4), 0–100."""
    return _bleu(_token_pairs(preds, refs, language, preset), preset)


def rouge(
    preds: Sequence[str], refs: Sequence[str], language: str, preset: str = "default"
) -> dict[str, float]:
    """``rouge1``, ``rouge2``, ``rougeL`` F1 averaged over items, 0–100."""
    return mean_rouge(_token_pairs(preds, refs, language, preset))


def rationale_metrics(
    preds: Sequence[str],
    refs: Sequence[str],
    language: str,
    preset: str = "default",
    bertscore_model: str | None = None,
) -> dict[str, float]:
    """All rationale metrics for one language: bleu1..bleu4, bleu, rouge1, rouge2, rougeL,
    and ``bertscore`` when ``bertscore_model`` (a local path or hub id) is given."""
    pairs = _token_pairs(preds, refs, language, preset)
    out = {**_bleu(pairs, preset), **mean_rouge(pairs)}
    if bertscore_model is not None:
        out.update(bertscore(preds, refs, bertscore_model))
    return out
