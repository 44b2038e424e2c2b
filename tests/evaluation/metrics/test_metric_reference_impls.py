"""Our BLEU/ROUGE arithmetic against the reference libraries, on random token lists.

* default preset BLEU = sacrebleu corpus BLEU (tokenize="none", no smoothing);
* paper preset BLEU = NLTK ``sentence_bleu`` with ``SmoothingFunction().method1``;
* ROUGE = Google ``rouge_score`` fed our tokens.
"""

from __future__ import annotations

import random

import pytest

from polymed.evaluation.metrics._bleu import corpus_bleu, mean_sentence_bleu, sentence_bleu
from polymed.evaluation.metrics._rouge import item_rouge, lcs_length

VOCAB = ["a", "b", "c", "d", "e", "f"]  # small, so n-grams repeat and clipping matters


def _random_pairs(seed: int, n: int) -> list[tuple[list[str], list[str]]]:
    rng = random.Random(seed)
    return [
        (
            [rng.choice(VOCAB) for _ in range(rng.randint(0, 14))],
            [rng.choice(VOCAB) for _ in range(rng.randint(1, 14))],
        )
        for _ in range(n)
    ]


WEIGHTS = {
    "bleu1": (1, 0, 0, 0),
    "bleu2": (0, 1, 0, 0),
    "bleu3": (0, 0, 1, 0),
    "bleu4": (0, 0, 0, 1),
    "bleu": (0.25, 0.25, 0.25, 0.25),
}


def test_sentence_bleu_matches_nltk_method1():
    from nltk.translate.bleu_score import SmoothingFunction
    from nltk.translate.bleu_score import sentence_bleu as nltk_sentence_bleu

    smooth = SmoothingFunction().method1
    for hyp, ref in _random_pairs(seed=1, n=300):
        ours = sentence_bleu(hyp, ref)
        for key, weights in WEIGHTS.items():
            expected = nltk_sentence_bleu([ref], hyp, weights, smoothing_function=smooth)
            assert ours[key] == pytest.approx(100 * expected, abs=1e-9), (hyp, ref, key)


def test_paper_bleu_is_the_mean_of_sentence_scores():
    pairs = _random_pairs(seed=2, n=20)
    means = mean_sentence_bleu(pairs)
    for key in WEIGHTS:
        assert means[key] == pytest.approx(sum(sentence_bleu(h, r)[key] for h, r in pairs) / 20)


@pytest.mark.parametrize("seed", range(5))
def test_corpus_bleu_matches_sacrebleu(seed):
    import sacrebleu

    pairs = _random_pairs(seed=seed, n=40)
    ours = corpus_bleu(pairs)
    ref = sacrebleu.corpus_bleu(
        [" ".join(h) for h, _ in pairs],
        [[" ".join(r) for _, r in pairs]],
        tokenize="none",
        smooth_method="none",
        force=True,
    )
    assert ours["bleu"] == pytest.approx(ref.score, abs=1e-9)
    for n in range(1, 5):
        assert ours[f"bleu{n}"] == pytest.approx(ref.bp * ref.precisions[n - 1], abs=1e-9)


class _PassThrough:
    """A ``rouge_score`` tokenizer for text that is already space-joined tokens."""

    def tokenize(self, text):
        return text.split()


def test_rouge_matches_rouge_score_on_our_tokens():
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], tokenizer=_PassThrough())
    for hyp, ref in _random_pairs(seed=3, n=300):
        expected = scorer.score(" ".join(ref), " ".join(hyp))
        got = item_rouge(hyp, ref)
        assert got == pytest.approx(
            (expected["rouge1"].fmeasure, expected["rouge2"].fmeasure, expected["rougeL"].fmeasure),
            abs=1e-12,
        )


def test_bit_parallel_lcs_matches_dynamic_programming():
    from rouge_score.rouge_scorer import _lcs_table

    rng = random.Random(4)
    for _ in range(300):
        a = [rng.choice(VOCAB) for _ in range(rng.randint(0, 80))]
        b = [rng.choice(VOCAB) for _ in range(rng.randint(0, 80))]
        expected = _lcs_table(a, b)[-1][-1] if a and b else 0
        assert lcs_length(a, b) == expected == lcs_length(b, a)
