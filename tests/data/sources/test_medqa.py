from __future__ import annotations

from collections import Counter

import pytest

from polymed.data.sources import medqa
from polymed.errors import PolymedError

from ..conftest import write_lines

US4 = "medqa/Taewhoo+BioRAG/phrases_no_exclude_test.jsonl"
US5 = "medqa/JacobChangUCL+Final_Project/data/MedQA/questions/US/test.jsonl"
MCMLE = "medqa/vkola-lab+medpodgpt/benchmark/chinese_mcmle/MedQA-MCMLE.jsonl"


@pytest.mark.parametrize(
    ("path", "n", "language", "n_options", "split"),
    [(US4, 20, "en", 4, "test"), (US5, 10, "en", 5, "test"), (MCMLE, 30, "zh", 4, None)],
)
def test_read_real_files(realdata, path, n, language, n_options, split):
    skipped: Counter[str] = Counter()
    items = list(medqa.read(realdata / path, skipped=skipped))
    assert len(items) == n and not skipped
    assert {i.language for i in items} == {language}
    assert {len(i.options) for i in items} == {n_options}
    assert {i.meta["file_split"] for i in items} == {split}
    for item in items:
        assert len(item.answers) == 1
        (letter,) = item.answers
        assert item.options[letter] == item.meta["answer"]
    assert len({i.id for i in items}) == n


def test_first_us_question(realdata):
    first = next(medqa.read(realdata / US5))
    assert first.answers == {"C"}
    assert first.options["C"] == "Tell the attending that he cannot fail to disclose this mistake"
    assert first.meta["meta_info"] == "step1"
    assert first.source.endswith("US/test.jsonl:1")


def test_folder_reads_all_files(realdata):
    items = list(medqa.read(realdata / "medqa"))
    assert Counter(i.language for i in items) == {"en": 30, "zh": 30}


def test_bad_answer_names_file_and_line(tmp_path):
    path = write_lines(
        tmp_path / "test.jsonl",
        [{"question": "q", "options": {"A": "x", "B": "y"}, "answer_idx": "C", "answer": "z"}],
    )
    with pytest.raises(PolymedError, match=r"test\.jsonl:1: answer C is not among"):
        list(medqa.read(path))
