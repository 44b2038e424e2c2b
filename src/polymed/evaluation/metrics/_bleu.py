"""BLEU over pre-tokenized texts, as the MMedBench paper reports it (0–100).

BLEU-n is the paper's *individual* order-n score: brevity penalty × modified n-gram
precision of order n alone (weights one-hot). ``bleu`` is standard BLEU-4: brevity
penalty × geometric mean of the order 1–4 precisions.

* ``default``: corpus-level (clipped matches and n-gram counts summed over all items,
  one brevity penalty from the summed lengths), no smoothing.
* ``paper``: sentence-level per item with NLTK's smoothing method 1 (a zero match count
  becomes 0.1 / n-gram count), averaged over items; an item with no unigram match is 0.
"""

from __future__ import annotations

import math
from collections import Counter

from ._common import ngram_counts

MAX_ORDER = 4
_EPSILON = 0.1  # NLTK SmoothingFunction().method1


def ngram_stats(hyp: list[str], ref: list[str]) -> tuple[list[int], list[int]]:
    """Clipped n-gram matches and hypothesis n-gram counts for orders 1..4."""
    matches, totals = [], []
    for n in range(1, MAX_ORDER + 1):
        matches.append(sum((ngram_counts(hyp, n) & ngram_counts(ref, n)).values()))
        totals.append(max(len(hyp) - n + 1, 0))
    return matches, totals


def brevity_penalty(hyp_len: int, ref_len: int) -> float:
    if hyp_len > ref_len:
        return 1.0
    if hyp_len == 0:
        return 0.0
    return math.exp(1 - ref_len / hyp_len)


def _scores(bp: float, precisions: list[float]) -> dict[str, float]:
    out = {f"bleu{n}": 100 * bp * p for n, p in enumerate(precisions, start=1)}
    if min(precisions) > 0:
        out["bleu"] = 100 * bp * math.exp(sum(math.log(p) for p in precisions) / MAX_ORDER)
    else:
        out["bleu"] = 0.0
    return out


def corpus_bleu(pairs: list[tuple[list[str], list[str]]]) -> dict[str, float]:
    """``default`` preset: one corpus-level score, unsmoothed."""
    matches, totals = [0] * MAX_ORDER, [0] * MAX_ORDER
    hyp_len = ref_len = 0
    for hyp, ref in pairs:
        m, t = ngram_stats(hyp, ref)
        matches = [a + b for a, b in zip(matches, m, strict=True)]
        totals = [a + b for a, b in zip(totals, t, strict=True)]
        hyp_len += len(hyp)
        ref_len += len(ref)
    precisions = [m / t if t else 0.0 for m, t in zip(matches, totals, strict=True)]
    return _scores(brevity_penalty(hyp_len, ref_len), precisions)


def sentence_bleu(hyp: list[str], ref: list[str]) -> dict[str, float]:
    """One item as NLTK ``sentence_bleu(..., smoothing_function=method1)`` scores it."""
    matches, totals = ngram_stats(hyp, ref)
    if matches[0] == 0:
        return {key: 0.0 for key in ("bleu1", "bleu2", "bleu3", "bleu4", "bleu")}
    precisions = [(m if m else _EPSILON) / max(t, 1) for m, t in zip(matches, totals, strict=True)]
    return _scores(brevity_penalty(len(hyp), len(ref)), precisions)


def mean_sentence_bleu(pairs: list[tuple[list[str], list[str]]]) -> dict[str, float]:
    """``paper`` preset: sentence-level scores averaged over items."""
    totals: Counter[str] = Counter()
    for hyp, ref in pairs:
        totals.update(sentence_bleu(hyp, ref))
    return {key: totals[key] / len(pairs) for key in ("bleu1", "bleu2", "bleu3", "bleu4", "bleu")}
