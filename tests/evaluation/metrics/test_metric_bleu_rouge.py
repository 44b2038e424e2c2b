"""Hand-worked BLEU and ROUGE values in all seven languages (default preset, one item).

With one item, corpus BLEU-n = BP × p_n where p_n = clipped n-gram matches / prediction
n-grams and BP = exp(1 - r/c) when c <= r (c, r = prediction, reference token counts).
ROUGE-N F1 = 2·overlap / (pred n-grams + ref n-grams); ROUGE-L F1 = 2·LCS / (c + r).
"""

from __future__ import annotations

import math

import pytest

from polymed.evaluation.metrics import bleu, rouge, tokenize

# Each case: language, prediction, reference, expected tokens (pred, ref), expected scores.
HAND = [
    pytest.param(
        "en",
        "The patient has acute chest pain",
        "the patient reports acute chest pain today",
        # P: the patient has acute chest pain (6)   R: ... reports ... today (7)
        # unigrams 5/6 (all but "has"); bigrams 3/5 (the patient, acute chest, chest pain);
        # trigrams 1/4 (acute chest pain); 4-grams 0/3; BP = exp(1 - 7/6).
        # ROUGE-1 2·5/13; ROUGE-2 2·3/(5+6); LCS "the patient acute chest pain" = 5.
        {
            "bleu1": 100 * math.exp(-1 / 6) * 5 / 6,
            "bleu2": 100 * math.exp(-1 / 6) * 3 / 5,
            "bleu3": 100 * math.exp(-1 / 6) * 1 / 4,
            "bleu4": 0.0,
            "bleu": 0.0,  # corpus BLEU, unsmoothed: p4 = 0
            "rouge1": 100 * 10 / 13,
            "rouge2": 100 * 6 / 11,
            "rougeL": 100 * 10 / 13,
        },
        id="en",
    ),
    pytest.param(
        "zh",
        "患者出现急性心肌梗死",
        "急性心肌梗死患者出现胸痛",
        # P: 患者 出现 急性 心肌梗死 (4)   R: 急性 心肌梗死 患者 出现 胸痛 (5)
        # unigrams 4/4; bigrams 2/3 (患者出现, 急性心肌梗死); trigrams 0/2; BP = exp(1 - 5/4).
        # ROUGE-1 2·4/9; ROUGE-2 2·2/(3+4); LCS 2 (患者 出现) → 2·2/9.
        {
            "bleu1": 100 * math.exp(-1 / 4),
            "bleu2": 100 * math.exp(-1 / 4) * 2 / 3,
            "bleu3": 0.0,
            "bleu4": 0.0,
            "bleu": 0.0,
            "rouge1": 100 * 8 / 9,
            "rouge2": 100 * 4 / 7,
            "rougeL": 100 * 4 / 9,
        },
        id="zh",
    ),
    pytest.param(
        "ja",
        "患者は心筋梗塞です",
        "心筋梗塞の患者です",
        # P: 患者 は 心筋 梗塞 です (5)   R: 心筋 梗塞 の 患者 です (5); BP = 1 (c = r).
        # unigrams 4/5; bigrams 1/4 (心筋梗塞); ROUGE-1 8/10; ROUGE-2 2/8;
        # LCS 心筋 梗塞 です = 3 → 6/10.
        {
            "bleu1": 80.0,
            "bleu2": 25.0,
            "bleu3": 0.0,
            "bleu4": 0.0,
            "bleu": 0.0,
            "rouge1": 80.0,
            "rouge2": 25.0,
            "rougeL": 60.0,
        },
        id="ja",
    ),
    pytest.param(
        "fr",
        "L'artère coronaire est bouchée",
        "La coronaire droite : l’artère est bouchée",
        # P: l' artère coronaire est bouchée (5)
        # R: la coronaire droite : l' artère est bouchée (8)
        # unigrams 5/5; bigrams 2/4 (l' artère, est bouchée); trigrams 0/3; BP = exp(1 - 8/5).
        # ROUGE-1 2·5/13; ROUGE-2 2·2/(4+7); LCS l' artère est bouchée = 4 → 8/13.
        {
            "bleu1": 100 * math.exp(-0.6),
            "bleu2": 100 * math.exp(-0.6) / 2,
            "bleu3": 0.0,
            "bleu4": 0.0,
            "bleu": 0.0,
            "rouge1": 100 * 10 / 13,
            "rouge2": 100 * 4 / 11,
            "rougeL": 100 * 8 / 13,
        },
        id="fr",
    ),
    pytest.param(
        "ru",
        "Аспирин снижает риск инфаркта",
        "Риск инфаркта снижает аспирин",
        # Same four words reordered: unigrams 4/4, BP = 1; bigrams 1/3 (риск инфаркта);
        # ROUGE-2 2·1/6; LCS 2 → 4/8.
        {
            "bleu1": 100.0,
            "bleu2": 100 / 3,
            "bleu3": 0.0,
            "bleu4": 0.0,
            "bleu": 0.0,
            "rouge1": 100.0,
            "rouge2": 100 / 3,
            "rougeL": 50.0,
        },
        id="ru",
    ),
    pytest.param(
        "es",
        "El paciente tiene dolor torácico agudo",
        "El paciente presenta dolor torácico",
        # P (6) longer than R (5): BP = 1. unigrams 4/6; bigrams 2/5 (el paciente, dolor
        # torácico); ROUGE-1 2·4/11; ROUGE-2 2·2/(5+4); LCS 4 → 8/11.
        {
            "bleu1": 100 * 4 / 6,
            "bleu2": 40.0,
            "bleu3": 0.0,
            "bleu4": 0.0,
            "bleu": 0.0,
            "rouge1": 100 * 8 / 11,
            "rouge2": 100 * 4 / 9,
            "rougeL": 100 * 8 / 11,
        },
        id="es",
    ),
    pytest.param(
        "it",
        "L'aspirina riduce il rischio di infarto",
        "Il rischio di infarto si riduce con l'aspirina",
        # P: l' aspirina riduce il rischio di infarto (7)
        # R: il rischio di infarto si riduce con l' aspirina (9); BP = exp(1 - 9/7).
        # unigrams 7/7; bigrams 4/6 (l' aspirina, il rischio, rischio di, di infarto);
        # trigrams 2/5; 4-grams 1/4 (il rischio di infarto); BLEU = BP·(1·2/3·2/5·1/4)^¼.
        # ROUGE-1 14/16; ROUGE-2 2·4/(6+8); LCS il rischio di infarto = 4 → 8/16.
        {
            "bleu1": 100 * math.exp(-2 / 7),
            "bleu2": 100 * math.exp(-2 / 7) * 2 / 3,
            "bleu3": 100 * math.exp(-2 / 7) * 2 / 5,
            "bleu4": 100 * math.exp(-2 / 7) / 4,
            "bleu": 100 * math.exp(-2 / 7) * (1 / 15) ** 0.25,
            "rouge1": 100 * 14 / 16,
            "rouge2": 100 * 8 / 14,
            "rougeL": 50.0,
        },
        id="it",
    ),
]


@pytest.mark.parametrize(("language", "pred", "ref", "expected"), HAND)
def test_hand_worked_bleu_rouge(language, pred, ref, expected):
    got = {**bleu([pred], [ref], language), **rouge([pred], [ref], language)}
    assert got == pytest.approx(expected, abs=1e-9)


def test_tokens_behind_the_hand_values():
    # If a segmenter update changes these, the hand values above need redoing.
    assert tokenize("患者出现急性心肌梗死", "zh") == ["患者", "出现", "急性", "心肌梗死"]
    assert tokenize("急性心肌梗死患者出现胸痛", "zh") == [
        "急性",
        "心肌梗死",
        "患者",
        "出现",
        "胸痛",
    ]
    assert tokenize("患者は心筋梗塞です", "ja") == ["患者", "は", "心筋", "梗塞", "です"]
    assert tokenize("心筋梗塞の患者です", "ja") == ["心筋", "梗塞", "の", "患者", "です"]


CJK_PAIRS = [
    # (language, prediction, reference, our expected ROUGE-1 / ROUGE-L F1 ×100)
    ("zh", "患者出现急性心肌梗死", "急性心肌梗死患者出现胸痛", 100 * 8 / 9, 100 * 4 / 9),
    ("ja", "患者は心筋梗塞です", "心筋梗塞の患者です", 80.0, 60.0),
]


@pytest.mark.parametrize(("language", "pred", "ref", "r1", "rl"), CJK_PAIRS)
def test_rouge_score_default_tokenizer_drops_cjk_ours_does_not(language, pred, ref, r1, rl):
    from rouge_score import rouge_scorer

    stock = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"]).score(ref, pred)
    # The bug: its tokenizer keeps only [a-z0-9], so CJK text has no tokens → 0,
    # even for identical strings.
    assert all(s.fmeasure == 0.0 for s in stock.values())
    assert rouge_scorer.RougeScorer(["rouge1"]).score(ref, ref)["rouge1"].fmeasure == 0.0
    ours = rouge([pred], [ref], language)
    assert ours["rouge1"] > 0 and ours["rouge1"] == pytest.approx(r1)
    assert ours["rougeL"] == pytest.approx(rl)
    assert rouge([ref], [ref], language)["rouge1"] == pytest.approx(100.0)
