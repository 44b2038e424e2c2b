"""ROUGE-1, ROUGE-2 and ROUGE-L F1 over pre-tokenized texts, averaged over items (0–100).

Same definitions as Google's ``rouge_score`` (``rouge1``, ``rouge2``, sentence-level
``rougeL``, F-measure with beta 1), computed on our tokens instead of its ASCII-only
tokenizer. ROUGE-L's longest common subsequence uses a bit-parallel algorithm
(Hyyrö 2004), so long rationales cost one big-integer step per token, not a table.
An item with an empty prediction or reference scores 0.
"""

from __future__ import annotations

from ._common import ngram_counts


def _f1(overlap: int, hyp_count: int, ref_count: int) -> float:
    # 2PR / (P + R) with P = overlap / hyp_count and R = overlap / ref_count.
    return 2 * overlap / (hyp_count + ref_count) if overlap else 0.0


def _rouge_n(hyp: list[str], ref: list[str], n: int) -> float:
    overlap = sum((ngram_counts(hyp, n) & ngram_counts(ref, n)).values())
    return _f1(overlap, max(len(hyp) - n + 1, 0), max(len(ref) - n + 1, 0))


def lcs_length(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence of two token lists."""
    if not a or not b:
        return 0
    positions: dict[str, int] = {}
    for i, tok in enumerate(a):
        positions[tok] = positions.get(tok, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full  # a bit cleared at i means a[i] is used by the current LCS
    for tok in b:
        mask = positions.get(tok)
        if mask:
            u = v & mask
            v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def item_rouge(hyp: list[str], ref: list[str]) -> tuple[float, float, float]:
    """(ROUGE-1, ROUGE-2, ROUGE-L) F1 of one item, on a 0–1 scale."""
    if not hyp or not ref:
        return 0.0, 0.0, 0.0
    return (
        _rouge_n(hyp, ref, 1),
        _rouge_n(hyp, ref, 2),
        _f1(lcs_length(ref, hyp), len(hyp), len(ref)),
    )


def mean_rouge(pairs: list[tuple[list[str], list[str]]]) -> dict[str, float]:
    sums = [0.0, 0.0, 0.0]
    for hyp, ref in pairs:
        for i, value in enumerate(item_rouge(hyp, ref)):
            sums[i] += value
    r1, r2, rl = (100 * s / len(pairs) for s in sums)
    return {"rouge1": r1, "rouge2": r2, "rougeL": rl}
