"""Shipped keyword lists, user lists and the paper's thresholds (Table 4)."""

from __future__ import annotations

import pytest

from polymed.corpus.keywords import (
    PAPER_THRESHOLDS,
    SHIPPED_LANGUAGES,
    Thresholds,
    load_keywords,
    resolve_thresholds,
    shipped_keywords_path,
)
from polymed.errors import PolymedError


@pytest.mark.parametrize("lang", SHIPPED_LANGUAGES)
def test_shipped_lists_have_at_least_200_distinct_terms(lang):
    terms = load_keywords(lang)
    assert len(terms) >= 200
    assert len(set(terms)) == len(terms)
    assert all(t == t.strip() and t for t in terms)
    if lang not in ("zh", "ja"):
        assert all(t == t.lower() for t in terms)
    raw = shipped_keywords_path(lang).read_text(encoding="utf-8").splitlines()
    assert len([line for line in raw if line.strip() and not line.startswith("#")]) == len(terms)


def test_table_4_defaults():
    assert PAPER_THRESHOLDS == {
        "en": (5, 0.04), "es": (4, 0.04), "fr": (4, 0.04),
        "ru": (4, 0.02), "zh": (5, 0.05), "ja": (5, 0.05),
    }  # fmt: skip
    assert resolve_thresholds("English") == Thresholds(5, 0.04)
    assert resolve_thresholds("ru", min_density=0.03) == Thresholds(4, 0.03)
    assert resolve_thresholds("it", 3, 0.01, inclusive=True) == Thresholds(3, 0.01, True)


def test_strict_and_inclusive_comparison():
    strict, inclusive = Thresholds(5, 0.04), Thresholds(5, 0.04, inclusive=True)
    assert not strict.keeps(5, 0.5) and strict.keeps(6, 0.5)
    assert not strict.keeps(6, 0.04) and strict.keeps(6, 0.0400001)
    assert inclusive.keeps(5, 0.04) and not inclusive.keeps(4, 0.5)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lang": "it"}, "no default thresholds"),
        ({"lang": "en", "min_density": 4.0}, "fraction"),
        ({"lang": "en", "min_keywords": -1}, ">= 0"),
        ({"lang": "xx"}, "unknown language"),
    ],
)
def test_threshold_errors(kwargs, message):
    with pytest.raises(PolymedError, match=message):
        resolve_thresholds(**kwargs)


def test_user_keyword_file(tmp_path):
    path = tmp_path / "kw.txt"
    path.write_text("# my list\nBlood\n\n  Sugar  \nblood\n", encoding="utf-8")
    assert load_keywords("en", path) == ["blood", "sugar"]  # lower-cased, trimmed, deduplicated
    path.write_text("高血压\n血压\n", encoding="utf-8")
    assert load_keywords("zh", path) == ["高血压", "血压"]


def test_bad_keyword_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(PolymedError, match="empty"):
        load_keywords("en", empty)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"blood\nsug\xffar\n")
    with pytest.raises(PolymedError, match=r"bad.txt:2: keyword file is not valid UTF-8"):
        load_keywords("en", bad)
    with pytest.raises(PolymedError, match="cannot read"):
        load_keywords("en", tmp_path / "missing.txt")
    with pytest.raises(PolymedError, match="no shipped keyword list"):
        load_keywords("it")
