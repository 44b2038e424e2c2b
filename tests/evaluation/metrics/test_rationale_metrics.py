"""rationale_metrics: keys, bounds, presets, empty and bad inputs."""

from __future__ import annotations

import math

import pytest

from polymed import PolymedError
from polymed.evaluation.metrics import METRIC_PRESETS, bleu, rationale_metrics, rouge

KEYS = ["bleu1", "bleu2", "bleu3", "bleu4", "bleu", "rouge1", "rouge2", "rougeL"]

# At least four tokens each, so every n-gram order up to 4 exists.
TEXTS = {
    "en": (
        "Aspirin irreversibly inhibits platelet cyclooxygenase.",
        "Insulin lowers blood glucose quickly",
    ),
    "zh": ("阿司匹林不可逆地抑制血小板环氧合酶。", "胰岛素迅速降低血糖水平"),
    "ja": ("アスピリンは血小板のシクロオキシゲナーゼを阻害する。", "インスリン注射で血糖値低下"),
    "fr": (
        "L'aspirine inhibe de façon irréversible la cyclo-oxygénase plaquettaire.",
        "Insuline diminue rapidement glycémie",
    ),
    "ru": (
        "Аспирин необратимо ингибирует циклооксигеназу тромбоцитов.",
        "Инсулин быстро снижает глюкозу крови",
    ),
    "es": (
        "La aspirina inhibe de forma irreversible la ciclooxigenasa plaquetaria.",
        "Insulina reduce rápidamente glucemia",
    ),
    "it": (
        "L'aspirina inibisce in modo irreversibile la ciclossigenasi piastrinica.",
        "Insulina abbassa rapidamente glicemia",
    ),
}


@pytest.mark.parametrize("preset", METRIC_PRESETS)
@pytest.mark.parametrize("language", sorted(TEXTS))
def test_identical_texts_score_100(language, preset):
    text, _ = TEXTS[language]
    got = rationale_metrics([text, text.upper()], [text, text.upper()], language, preset)
    assert list(got) == KEYS
    assert got == pytest.approx(dict.fromkeys(KEYS, 100.0))


@pytest.mark.parametrize("preset", METRIC_PRESETS)
@pytest.mark.parametrize("language", sorted(TEXTS))
def test_disjoint_texts_score_0(language, preset):
    first, second = TEXTS[language]
    got = rationale_metrics([second], [first], language, preset)
    assert got == dict.fromkeys(KEYS, 0.0)


def test_presets_differ_sentence_vs_corpus_bleu():
    preds = ["aspirin inhibits platelet aggregation", "heparin"]
    refs = ["aspirin inhibits platelet aggregation", "heparin prevents clot formation"]
    # default = corpus BLEU: c = 4 + 1 = 5 tokens, r = 4 + 4 = 8, BP = exp(1 - 8/5);
    # every prediction n-gram matches (p1 = 5/5, p2 = 3/3, p3 = 2/2, p4 = 1/1).
    corpus_bp = math.exp(-0.6)
    assert bleu(preds, refs, "en") == pytest.approx(
        dict.fromkeys(["bleu1", "bleu2", "bleu3", "bleu4", "bleu"], 100 * corpus_bp)
    )
    # paper = mean of sentence BLEU (smoothing method 1): item 1 scores 100 everywhere;
    # item 2 has c = 1, r = 4, BP = exp(1 - 4) = e^-3, p1 = 1/1 and no n-grams of order
    # 2..4, smoothed to 0.1/1 each.
    bp2 = math.exp(-3)
    expected = {
        "bleu1": (100 + 100 * bp2) / 2,
        "bleu2": (100 + 100 * bp2 * 0.1) / 2,
        "bleu3": (100 + 100 * bp2 * 0.1) / 2,
        "bleu4": (100 + 100 * bp2 * 0.1) / 2,
        "bleu": (100 + 100 * bp2 * (1 * 0.1 * 0.1 * 0.1) ** 0.25) / 2,
    }
    assert bleu(preds, refs, "en", preset="paper") == pytest.approx(expected)
    # ROUGE is averaged over items in both presets, and these tokens agree.
    assert rouge(preds, refs, "en") == pytest.approx(rouge(preds, refs, "en", preset="paper"))


def test_paper_preset_is_case_sensitive_default_is_not():
    pred, ref = "Heparin prevents clots", "heparin prevents clots"
    assert rouge([pred], [ref], "en")["rouge1"] == pytest.approx(100.0)
    assert rouge([pred], [ref], "en", preset="paper")["rouge1"] == pytest.approx(100 * 4 / 6)


@pytest.mark.parametrize("empty", ["", None, "</s>", "   "])
def test_empty_prediction_scores_0_for_that_item(empty):
    text = "aspirin inhibits platelet aggregation"
    assert rationale_metrics([empty], [text], "en") == dict.fromkeys(KEYS, 0.0)
    both = rationale_metrics([empty, text], [text, text], "en")
    # ROUGE averages (0 + 100) / 2; corpus BLEU: c = 4, r = 8 → BP = exp(1 - 2), p_n = 1.
    assert both["rouge1"] == both["rougeL"] == pytest.approx(50.0)
    assert both["bleu1"] == both["bleu"] == pytest.approx(100 * math.exp(-1))
    assert rationale_metrics([empty, text], [text, text], "en", "paper")["bleu"] == pytest.approx(
        50.0
    )


def test_end_tokens_do_not_count():
    ref = "Aspirin inhibits platelet aggregation."
    for preset in METRIC_PRESETS:
        assert rationale_metrics([ref + "</s>"], [ref], "en", preset) == pytest.approx(
            dict.fromkeys(KEYS, 100.0)
        )


@pytest.mark.parametrize(
    ("preds", "refs", "message"),
    [
        (["a", "b"], ["a"], "2 predictions but 1 references"),
        ([], [], "no .* pairs"),
        ("a b", "a b", "lists of strings"),
        ([3], ["a"], "prediction 0 is int"),
    ],
)
def test_bad_inputs_raise_polymed_error(preds, refs, message):
    with pytest.raises(PolymedError, match=message):
        rationale_metrics(preds, refs, "en")


def test_unknown_preset():
    with pytest.raises(PolymedError, match="preset"):
        rationale_metrics(["a"], ["a"], "en", preset="nltk")
