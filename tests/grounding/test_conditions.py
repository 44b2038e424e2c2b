"""MedExpQA grounding conditions on the bundled MedExpQA sample."""

from __future__ import annotations

import pytest

from polymed.data import load_benchmark
from polymed.errors import PolymedError
from polymed.grounding import CONDITIONS, context_for


@pytest.fixture(scope="module")
def item():
    return load_benchmark("medexpqa", languages=["en"])[0]


def test_gold_and_masked(item):
    assert context_for(item, "none") is None
    assert context_for(item, "gold") == item.full_answer
    assert context_for(item, "masked") == item.full_answer_masked
    assert "[MASK]" in context_for(item, "masked")


def test_gold_without_correct_option_explanation(item):
    ctx = context_for(item, "gold-no-correct")
    (correct,) = item.answers
    assert item.explanations[correct] not in ctx
    for label, text in item.explanations.items():
        if label != correct:
            assert text in ctx


def test_rag_counts(item):
    assert context_for(item, "rag-7").split("\n") == item.rag["RRF-2"][:7]
    assert context_for(item, "rag-bm25-32").split("\n") == item.rag["BM25"][:32]


def test_missing_context_is_a_user_error():
    mmed = load_benchmark("mmedbench", languages=["en"])[0]
    with pytest.raises(PolymedError, match="no gold explanation"):
        context_for(mmed, "gold")
    with pytest.raises(PolymedError, match="unknown grounding"):
        context_for(mmed, "oracle")
    assert "rag-32" in CONDITIONS
