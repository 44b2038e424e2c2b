"""Tokenization per language and preset (polymed/evaluation/metrics/_tokenize.py)."""

from __future__ import annotations

import pytest

from polymed import PolymedError
from polymed.evaluation.metrics import tokenize

CASES = [
    # (language, preset, text, tokens)
    # zh: jieba words, never dropped characters; paper preset is the same segmenter.
    (
        "zh",
        "default",
        "急性心肌梗死患者应给予阿司匹林",
        ["急性", "心肌梗死", "患者", "应", "给予", "阿司匹林"],
    ),
    (
        "zh",
        "paper",
        "急性心肌梗死患者应给予阿司匹林",
        ["急性", "心肌梗死", "患者", "应", "给予", "阿司匹林"],
    ),
    ("zh", "default", "ACE抑制剂 2.5mg", ["ace", "抑制剂", "2.5", "mg"]),  # NFKC + lower, no spaces
    ("zh", "paper", "ACE抑制剂 2.5mg", ["ACE", "抑制剂", "2.5", "mg"]),
    # ja: MeCab/UniDic short units (default) vs Janome/IPADIC (paper, as the authors).
    ("ja", "default", "心筋梗塞の患者です。", ["心筋", "梗塞", "の", "患者", "です", "。"]),
    ("ja", "paper", "心筋梗塞の患者です。", ["心筋梗塞", "の", "患者", "です", "。"]),
    ("ja", "default", "アスピリンを投与する ＡＢＣ", ["アスピリン", "を", "投与", "する", "abc"]),
    # fr/it elision: the elided word keeps its apostrophe and stands alone (typographic ’ too).
    ("fr", "default", "L'artère coronaire", ["l'", "artère", "coronaire"]),
    ("fr", "default", "L\u2019artère d’un patient", ["l'", "artère", "d'", "un", "patient"]),
    ("fr", "default", "aujourd'hui", ["aujourd'hui"]),
    ("fr", "paper", "L'artère coronaire.", ["L'artère", "coronaire", "."]),  # NLTK keeps it whole
    ("it", "default", "L'aspirina dell'adulto", ["l'", "aspirina", "dell'", "adulto"]),
    # ru: Cyrillic words kept, lower-cased; punctuation separate.
    (
        "ru",
        "default",
        "Инфаркт миокарда — это некроз.",
        ["инфаркт", "миокарда", "—", "это", "некроз", "."],
    ),
    (
        "ru",
        "paper",
        "Инфаркт миокарда — это некроз.",
        ["Инфаркт", "миокарда", "—", "это", "некроз", "."],
    ),
    ("es", "default", "¿Qué es la aspirina?", ["¿", "qué", "es", "la", "aspirina", "?"]),
    ("es", "paper", "¿Qué es la aspirina?", ["¿Qué", "es", "la", "aspirina", "?"]),
    # en: Treebank-style clitics in both presets; the paper preset splits sentences first.
    (
        "en",
        "default",
        "The patient's pain isn't cardiac.",
        ["the", "patient", "'s", "pain", "is", "n't", "cardiac", "."],
    ),
    (
        "en",
        "paper",
        "The patient's pain isn't cardiac.",
        ["The", "patient", "'s", "pain", "is", "n't", "cardiac", "."],
    ),
    ("en", "paper", "Give aspirin. Then rest.", ["Give", "aspirin", ".", "Then", "rest", "."]),
    ("en", "paper", "Use e.g. STEMI care.", ["Use", "e.g.", "STEMI", "care", "."]),  # no split
    ("en", "default", "2.5 mg, 1,000 IU", ["2.5", "mg", ",", "1,000", "iu"]),
    ("en", "default", "beta-blocker", ["beta", "-", "blocker"]),
    (
        "en",
        "default",
        "dose 心肌 ok",
        ["dose", "心", "肌", "ok"],
    ),  # CJK in other text: per character
    ("de", "default", "Herzinfarkt-Patienten", ["herzinfarkt", "-", "patienten"]),  # any code works
    # Trailing special end tokens are removed (the paper's scorer hard-coded "</s>").
    ("en", "default", "Give aspirin.</s>", ["give", "aspirin", "."]),
    ("en", "paper", "Give aspirin <|im_end|><|endoftext|>\n", ["Give", "aspirin"]),
    ("zh", "default", "给予阿司匹林<eos><pad><pad>", ["给予", "阿司匹林"]),
    ("en", "default", "x < y", ["x", "<", "y"]),  # not a special token
    ("en", "default", "", []),
    ("ja", "paper", "  \n ", []),
]


@pytest.mark.parametrize(("language", "preset", "text", "tokens"), CASES)
def test_tokenize_table(language, preset, text, tokens):
    assert tokenize(text, language, preset) == tokens


@pytest.mark.parametrize("language", ["zh", "ja"])
def test_cjk_characters_are_never_dropped(language):
    text = "急性心肌梗死の患者にアスピリンを投与する"
    for preset in ("default", "paper"):
        assert "".join(tokenize(text, language, preset)) == text


@pytest.mark.parametrize("name", ["Chinese", "ZH", "zh-CN", "zh_Hans"])
def test_language_names_and_regions(name):
    assert tokenize("心肌梗死患者", name) == ["心肌梗死", "患者"]


@pytest.mark.parametrize("language", ["", "  ", "x1!", None])
def test_bad_language(language):
    with pytest.raises(PolymedError):
        tokenize("text", language)


def test_bad_preset():
    with pytest.raises(PolymedError, match="preset"):
        tokenize("text", "en", preset="nltk")
