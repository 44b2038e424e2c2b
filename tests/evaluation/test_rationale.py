"""Rationale metrics per language: the human-checked filter and missing rationales."""

from __future__ import annotations

import pytest

from polymed.evaluation.rationale import attach_rationale, rationale_by_language
from polymed.records import Item, Record


def _item(i: str, lang: str, ref: str, checked: bool, passed: bool) -> Item:
    return Item(
        id=i,
        language=lang,
        question="q",
        options={"A": "a", "B": "b"},
        answers=frozenset("A"),
        rationale=ref,
        human_checked=checked,
        human_check_passed=passed,
    )


def _rec(i: str, lang: str, rationale: str | None) -> Record:
    return Record(
        item_id=i,
        language=lang,
        gold=["A"],
        predicted=["A"],
        correct=True,
        invalid=False,
        rationale=rationale,
    )


ITEMS = {
    "1": _item("1", "en", "insulin lowers glucose", True, True),
    "2": _item("2", "en", "totally different words here", True, False),
    "3": _item("3", "zh", "胰岛素降低血糖", True, True),
    "4": _item("4", "zh", "胰岛素降低血糖", False, False),
}
RECORDS = [
    _rec("1", "en", "insulin lowers glucose"),
    _rec("2", "en", "nothing alike"),
    _rec("3", "zh", "胰岛素降低血糖"),
    _rec("4", "zh", None),
]


def test_checked_only_counts_checked_and_passed():
    blocks = rationale_by_language(RECORDS, ITEMS)
    assert blocks["en"]["n"] == 1 and blocks["zh"]["n"] == 1
    assert blocks["en"]["rouge1"] == pytest.approx(100.0)
    assert blocks["zh"]["rougeL"] == pytest.approx(100.0)


def test_all_items_and_missing_rationale_scores_zero():
    blocks = rationale_by_language(RECORDS, ITEMS, checked_only=False)
    assert blocks["en"]["n"] == 2 and blocks["zh"]["n"] == 2
    # one perfect and one empty prediction: ROUGE averaged over items
    assert blocks["zh"]["rouge1"] == pytest.approx(50.0)
    results = {"languages": {"en": {}, "zh": {}}}
    attach_rationale(results, blocks)
    assert results["languages"]["zh"]["rationale"]["n"] == 2
    assert results["rationale_macro"]["rouge1"] == pytest.approx(
        (blocks["en"]["rouge1"] + blocks["zh"]["rouge1"]) / 2
    )
