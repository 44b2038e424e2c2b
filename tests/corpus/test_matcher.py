"""MKC and density (Algorithm 1) on hand-computed documents in all six languages."""

from __future__ import annotations

import pickle
import random
import unicodedata

import pytest

from polymed.corpus._engines import available_engines
from polymed.corpus.keywords import load_keywords, word_boundaries
from polymed.corpus.matcher import KeywordMatcher

ENGINES = available_engines()

# (lang, keywords, text, len(text), expected occ(k) per keyword) — counted by hand
CASES = [
    # "ear" occurs inside "year" (not a whole word): only the standalone "ear" counts;
    # "blood" and "pressure" also count inside "blood pressure" (each keyword independently)
    (
        "en",
        ["ear", "blood", "blood pressure", "pressure"],
        "Every year my ear hurts; blood pressure is high.",
        48,
        {"ear": 1, "blood": 1, "blood pressure": 1, "pressure": 1},
    ),
    # apostrophe is a word boundary; "mal" inside "malade" does not count
    (
        "fr",
        ["hôpital", "patient", "mal"],
        "L'hôpital soigne le patient; le malade va mal.",
        46,
        {"hôpital": 1, "patient": 1, "mal": 1},
    ),
    # Capitalized / UPPER forms count; "dolor" inside "dolores" does not
    (
        "es",
        ["dolor", "fiebre", "médico"],
        "El Médico trató la fiebre y el DOLOR; los dolores bajaron.",
        58,
        {"médico": 1, "fiebre": 1, "dolor": 1},
    ),
    # "рак" (cancer) inside "раковина" (sink) does not count
    (
        "ru",
        ["рак", "врач", "лечение"],
        "Врач начал лечение. Рак отступил, а раковина цела.",
        50,
        {"врач": 1, "лечение": 1, "рак": 1},
    ),
    # substrings overlap: 血压 counts inside 高血压 and on its own
    (
        "zh",
        ["高血压", "血压", "糖尿病", "医生"],
        "医生说高血压和糖尿病都要控制血压。",
        17,
        {"医生": 1, "高血压": 1, "血压": 2, "糖尿病": 1},
    ),
    # 梗塞 counts inside both 脳梗塞 and 心筋梗塞: the density can exceed 1
    (
        "ja",
        ["心筋梗塞", "梗塞", "脳梗塞", "治療"],
        "脳梗塞と心筋梗塞の治療。",
        12,
        {"脳梗塞": 1, "梗塞": 2, "心筋梗塞": 1, "治療": 1},
    ),
]


def _matcher(lang, keywords, **kw):
    return KeywordMatcher(keywords, word_boundaries=word_boundaries(lang), **kw)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("lang", "keywords", "text", "length", "occ"), CASES, ids=[c[0] for c in CASES]
)
def test_hand_computed_mkc_and_density(engine, lang, keywords, text, length, occ):
    assert len(text) == length
    m = _matcher(lang, keywords, engine=engine)
    assert m.counts(text) == occ
    mkc, density = m.measure(text)
    assert mkc == len(occ)
    assert density == pytest.approx(sum(len(k) * n for k, n in occ.items()) / length)


@pytest.mark.parametrize(
    ("lang", "keywords", "text", "mkc", "matched"),
    [
        ("en", ["ear", "blood", "blood pressure", "pressure"],
         "Every year my ear hurts; blood pressure is high.", 2, 3 + 14),
        ("zh", ["高血压", "血压", "糖尿病", "医生"], "医生说高血压和糖尿病都要控制血压。", 4, 2 + 3 + 3 + 2),
        ("ja", ["心筋梗塞", "梗塞", "脳梗塞", "治療"], "脳梗塞と心筋梗塞の治療。", 3, 3 + 4 + 2),
    ],
)  # fmt: skip
def test_longest_policy_credits_each_character_once(lang, keywords, text, mkc, matched):
    assert _matcher(lang, keywords, overlap="longest").score(text) == (mkc, matched)


@pytest.mark.parametrize("engine", ENGINES)
def test_case_policy(engine):
    en = KeywordMatcher(["blood"], engine=engine)
    assert en.counts("Blood BLOOD bLoOd blood") == {"blood": 4}
    fr = KeywordMatcher(["épilepsie"], engine=engine)
    assert fr.counts("épilepsie Épilepsie ÉPILEPSIE") == {"épilepsie": 3}
    ru = KeywordMatcher(["болезнь"], engine=engine)
    assert ru.counts("болезнь Болезнь БОЛЕЗНЬ бОлезнь") == {"болезнь": 3}  # odd mixed case: no
    zh = KeywordMatcher(["B超"], word_boundaries=False, engine=engine)
    assert zh.counts("做B超，不是b超") == {"B超": 1}  # zh/ja compare as is


@pytest.mark.parametrize("engine", ENGINES)
def test_self_overlapping_occurrences_all_count(engine):
    m = KeywordMatcher(["哈哈"], word_boundaries=False, engine=engine)
    assert m.counts("哈哈哈") == {"哈哈": 2}


def test_empty_text_and_no_match():
    m = KeywordMatcher(["blood"])
    assert m.measure("") == (0, 0.0)
    assert m.measure("nothing here") == (0, 0.0)


def test_matcher_pickles_without_its_compiled_engine():
    m = KeywordMatcher(["blood", "sugar"])
    assert m.measure("blood sugar")[0] == 2
    clone = pickle.loads(pickle.dumps(m))
    assert clone._engine is None and clone.measure("blood sugar")[0] == 2


# --- cross-check: both engines against a brute-force reference on random texts ----------


def _ascii_lower(s: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in s)


def _is_word(c: str) -> bool:
    return c == "_" or c.isalnum() or unicodedata.category(c).startswith("M")


def reference_counts(keywords, text, boundaries):
    """Independent implementation: str.find over case forms, boundaries on characters."""
    hay = _ascii_lower(text) if boundaries else text
    out = {}
    for k in keywords:
        forms = {_ascii_lower(f) for f in (k, k[:1].upper() + k[1:], k.title(), k.upper())}
        starts = set()
        for f in forms if boundaries else {k}:
            i = hay.find(f)
            while i != -1:
                end = i + len(f)
                if not boundaries or (
                    (i == 0 or not _is_word(text[i - 1]))
                    and (end == len(text) or not _is_word(text[end]))
                ):
                    starts.add(i)
                i = hay.find(f, i + 1)
        if starts:
            out[k] = len(starts)
    return out


FILLER = {
    "en": "the of and year heart earth bloody clinic-al x pressure",
    "fr": "le la de l' malade hôpitaux très œuvre",
    "es": "el la de los dolores médicos año",
    "ru": "и в на раковина врачебный лечением при",
    "zh": "的 一 是 在 了 和 有 血 压 高",
    "ja": "の に は を た が 梗 塞 心",
}


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru", "zh", "ja"])
def test_engines_match_brute_force_reference(lang):
    rng = random.Random(lang)
    keywords = load_keywords(lang)
    boundaries = word_boundaries(lang)
    pieces = keywords[:60] + FILLER[lang].split()
    casings = [str, str.upper, str.capitalize, str.title, lambda s: s[:1] + s[1:].upper()]
    sep_choices = (
        [" ", " ", ", ", "-", "'", "", "\n", "«", "»"] if boundaries else ["", "", "。", " "]
    )
    matchers = [KeywordMatcher(keywords, word_boundaries=boundaries, engine=e) for e in ENGINES]
    for _ in range(150):
        words = [rng.choice(casings)(rng.choice(pieces)) for _ in range(rng.randint(0, 30))]
        text = "".join(w + rng.choice(sep_choices) for w in words)
        expected = reference_counts(matchers[0].keywords, text, boundaries)
        for m in matchers:
            assert m.counts(text) == expected, (m.engine_name, text)
