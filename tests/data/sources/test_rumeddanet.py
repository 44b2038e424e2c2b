from __future__ import annotations

from collections import Counter

import pytest

from polymed.data.sources import rumeddanet
from polymed.errors import PolymedError

from ..conftest import write_lines


def test_read_real_files(realdata):
    skipped: Counter[str] = Counter()
    items = list(rumeddanet.read(realdata / "rumedbench" / "data", skipped=skipped))
    assert Counter(i.split for i in items) == {"train": 12, "test": 12}
    assert skipped == {"no gold answer": 6}  # RuMedTest private_test_v1.jsonl in the same folder
    for item in items:
        assert item.options == {"A": "да", "B": "нет"}
        assert len(item.answers) == 1
    first = next(i for i in items if i.split == "test")
    assert first.answers == {"A"}
    assert first.question.startswith("Противокашлевое неопиоидное средство")
    assert first.question.endswith("воздействием на кашлевой центр в мозге?")
    assert first.id == "rumeddanet/ru/53f9b303802507807bc96f95ba2a5230"


def test_without_context(realdata):
    path = realdata / "rumedbench" / "data" / "RuMedDaNet" / "test_v1.jsonl"
    first = next(rumeddanet.read(path, with_context=False))
    assert first.question == (
        "Противокашлевое действие бутамирата цитрата обусловлено главным образом "
        "воздействием на кашлевой центр в мозге?"
    )
    assert first.meta["context"].startswith("Противокашлевое неопиоидное")


def test_answer_must_be_yes_or_no(tmp_path):
    path = write_lines(
        tmp_path / "dev_v1.jsonl", [{"context": "c", "question": "q", "answer": "да "}]
    )
    assert [i.answers for i in rumeddanet.read(path)] == [{"A"}]
    write_lines(path, [{"context": "c", "question": "q", "answer": "может быть"}])
    with pytest.raises(PolymedError, match=r"dev_v1\.jsonl:1: answer 'может быть' is neither"):
        list(rumeddanet.read(path))
