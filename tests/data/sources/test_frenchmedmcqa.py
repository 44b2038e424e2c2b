from __future__ import annotations

import json
from collections import Counter

import pytest

from polymed.data.sources import frenchmedmcqa
from polymed.errors import PolymedError


def test_read_real_corpus(realdata):
    items = list(frenchmedmcqa.read(realdata / "frenchmedmcqa" / "corpus"))
    assert Counter(i.split for i in items) == {"train": 13, "dev": 5, "test": 12}
    assert {i.language for i in items} == {"fr"}
    assert all(i.labels == list("ABCDE") for i in items)
    assert all(i.source and ".json:" in i.source for i in items)


def test_answers_dict_out_of_order_is_relettered_by_key(realdata):
    items = list(frenchmedmcqa.read(realdata / "frenchmedmcqa" / "corpus" / "train.json"))
    odd = next(i for i in items if i.meta["problem_id"].startswith("aa8f961d"))
    assert odd.labels == list("ABCDE")
    assert odd.options["B"] == "Aucune de ces réponses n'est exacte"
    assert odd.answers == {"A", "D"} and odd.is_multi


def test_test_records_without_type(realdata):
    items = list(frenchmedmcqa.read(realdata / "frenchmedmcqa" / "corpus" / "test.json"))
    assert len(items) == 12
    assert items[0].answers == {"C"} and items[0].meta["meta_info"] == "pharmacie"
    assert items[0].source.endswith("test.json:3")


def test_bad_record_points_at_its_line(tmp_path):
    records = [
        {"id": "1", "question": "q", "answers": {"a": "x", "b": "y"}, "correct_answers": ["a"]},
        {"id": "2", "question": "q", "answers": {"a": "x", "b": "y"}, "correct_answers": ["f"]},
    ]
    path = tmp_path / "dev.json"
    path.write_text(json.dumps(records, indent=4), encoding="utf-8")
    with pytest.raises(PolymedError) as info:
        list(frenchmedmcqa.read(path))
    assert info.value.line == records_line(path, '"id": "2"')
    assert "answer F is not among the options" in info.value.reason


def records_line(path, needle):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if needle in text)
