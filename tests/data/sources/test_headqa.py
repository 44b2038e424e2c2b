from __future__ import annotations

import json
from collections import Counter

import pytest

from polymed.data.sources import headqa
from polymed.errors import PolymedError


def test_read_real_test_file(realdata):
    skipped: Counter[str] = Counter()
    items = list(headqa.read(realdata / "head-qa/data/HEAD/test_HEAD.json", skipped=skipped))
    # Cuaderno_2016_1_M: 8 image questions (skipped); Cuaderno_2016_1_E: 5 text questions
    assert skipped == {"needs an image": 8}
    assert [i.id for i in items] == [f"headqa/es/Cuaderno_2016_1_E/{q}" for q in (1, 2, 3, 5, 6)]
    assert [sorted(i.answers)[0] for i in items][:3] == ["B", "C", "D"]  # ra 2, 3, 4
    assert all(i.labels == list("ABCD") for i in items)
    assert items[0].meta["category"] == "nursery" and items[0].split == "test"


def test_keep_images_matches_the_gold_file(realdata):
    items = list(headqa.read(realdata / "head-qa/data/HEAD/test_HEAD.json", keep_images=True))
    medicine = [i for i in items if i.meta["exam"] == "Cuaderno_2016_1_M"]
    gold_lines = (realdata / "head-qa/data/HEAD/Cuaderno_2016_1_M.gold").read_text().split("\n")
    gold = dict(line.split("\t") for line in gold_lines if line.strip())
    assert len(medicine) == 8
    for item in medicine:
        qid = item.meta["problem_id"].rsplit("-", 1)[1]
        assert sorted(item.answers) == ["ABCDE"[int(gold[qid]) - 1]]
        assert item.meta["image"].endswith(".png")


def test_english_translation_and_folder(realdata):
    skipped: Counter[str] = Counter()
    items = list(headqa.read(realdata / "head-qa", skipped=skipped, keep_images=True))
    assert Counter((i.language, i.split) for i in items) == {
        ("es", "test"): 13,
        ("es", "train"): 12,
        ("en", "test"): 8,
    }


def test_bad_right_answer(tmp_path):
    doc = {
        "language": "es",
        "exams": {
            "X": {
                "category": "biology",
                "data": [
                    {"qid": "4", "qtext": "q", "ra": "9", "answers": [{"aid": 1, "atext": "a"}]}
                ],
            }
        },
    }
    path = tmp_path / "dev_HEAD.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(PolymedError, match=r"dev_HEAD\.json:1: X question 4: right answer 9"):
        list(headqa.read(path))
