"""The MMedC filter step: thresholds at the boundary, metadata, annotate-only mode."""

from __future__ import annotations

import pytest
from datatrove.data import Document

from polymed.corpus.filter import MedicalKeywordFilter

# six distinct shipped English keywords, 33 characters in all
SIX = ["fever", "ulcer", "virus", "nausea", "asthma", "hernia"]
FIVE = SIX[:5]


def _doc(words: list[str], length: int) -> Document:
    text = " ".join(words) + " "
    text += ("zz " * length)[: length - len(text)]  # filler without keywords
    assert len(text) == length
    return Document(text=text, id=str(length))


def _kept(filt, docs):
    return [d.id for d in filt.run(iter(docs))]


def test_density_exactly_at_threshold_is_dropped_by_default():
    assert 33 / 825 == 0.04  # density exactly T_D for English
    docs = [_doc(SIX, 824), _doc(SIX, 825), _doc(SIX, 826)]
    assert _kept(MedicalKeywordFilter("en"), docs) == ["824"]  # strict >
    assert _kept(MedicalKeywordFilter("en", inclusive=True), docs) == ["824", "825"]  # >=


def test_keyword_count_exactly_at_threshold_is_dropped_by_default():
    five, six = _doc(FIVE, 100), _doc(SIX, 100)
    assert _kept(MedicalKeywordFilter("en"), [five, six]) == ["100"] and six.metadata["mkc"] == 6
    kept = list(MedicalKeywordFilter("en", inclusive=True).run(iter([_doc(FIVE, 101)])))
    assert [d.metadata["mkc"] for d in kept] == [5]


def test_overrides_and_user_keywords(tmp_path):
    kw = tmp_path / "kw.txt"
    kw.write_text("zz\n", encoding="utf-8")
    filt = MedicalKeywordFilter("en", keywords=kw, min_keywords=0, min_density=0.5)
    doc = _doc([], 30)
    assert _kept(filt, [doc]) == ["30"]
    assert doc.metadata == {"mkc": 1, "density": 20 / 30}


def test_kept_documents_carry_their_scores_and_stats_count_reasons():
    filt = MedicalKeywordFilter("en")
    docs = [_doc(SIX, 300), _doc(FIVE, 300), _doc(SIX, 2000), Document(text="zz", id="plain")]
    kept = list(filt.run(iter(docs)))
    assert [d.id for d in kept] == ["300"]
    assert kept[0].metadata == {"mkc": 6, "density": pytest.approx(33 / 300)}
    stats = filt.stats.stats
    assert stats["total"].total == 4 and stats["forwarded"].total == 1
    assert stats["dropped_keywords"].total == 2 and stats["dropped_density"].total == 1


def test_annotate_only_keeps_everything():
    filt = MedicalKeywordFilter("en", annotate_only=True)
    docs = list(filt.run(iter([_doc(SIX, 300), Document(text="zz", id="plain")])))
    assert [(d.metadata["mkc"], d.metadata["medical"]) for d in docs] == [(6, True), (0, False)]


@pytest.mark.parametrize(
    ("lang", "text", "keep"),
    [
        ("zh", "患者因糖尿病和高血压住院，医生开了胰岛素并监测血糖。", True),
        ("zh", "今天天气很好，我们去公园散步。", False),
        ("ja", "患者は糖尿病と高血圧で入院し、医師がインスリンを処方して血糖を測定した。", True),
        (
            "fr",
            "Le patient diabétique est hospitalisé; le médecin prescrit insuline et antibiotique.",
            True,
        ),
        (
            "es",
            "El paciente con diabetes fue hospitalizado; el médico recetó insulina y antibióticos.",
            True,
        ),
        (
            "ru",
            "Пациент с диабетом госпитализирован; врач назначил инсулин, антибиотики и лечение.",
            True,
        ),
        ("ru", "Мы гуляли в парке и говорили о новой библиотеке.", False),
    ],
)
def test_shipped_lists_on_small_documents(lang, text, keep):
    filt = MedicalKeywordFilter(lang)
    assert bool(_kept(filt, [Document(text=text, id="x")])) is keep
