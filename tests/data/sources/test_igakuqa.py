from __future__ import annotations

from collections import Counter

import pytest

from polymed.data.sources import igakuqa
from polymed.errors import PolymedError

from ..conftest import write_lines


def test_read_real_exams(realdata):
    skipped: Counter[str] = Counter()
    items = list(igakuqa.read(realdata / "igakuqa" / "data", skipped=skipped))
    by_pid = {i.meta["problem_id"]: i for i in items}
    assert len(items) == 21
    # 6 image questions in 112-A and 112-B, 3 calculation questions with no choices
    assert skipped == {"needs an image": 6, "numeric answer, no choices": 3}
    assert {i.language for i in items} == {"ja"}
    assert by_pid["112A1"].answers == {"E"}
    assert by_pid["112A1"].options["E"] == "オルニチントランスカルバミラーゼ欠損症"
    assert by_pid["112A15"].answers == {"A", "B", "E"}  # 3つ選べ
    assert by_pid["113C66"].labels == list("ABCDEF")
    assert by_pid["113F83"].labels == list("ABCDEFGH") and by_pid["113F83"].answers == {"G"}
    assert by_pid["112A1"].meta["meta_info"] == "小児科"  # from 112-A_metadata.jsonl
    assert "112A14" not in by_pid  # text_only: false
    assert by_pid["112A1"].source.endswith("2018/112-A.jsonl:1")


def test_keep_images_then_either_or_is_skipped(realdata):
    skipped: Counter[str] = Counter()
    items = list(igakuqa.read(realdata / "igakuqa" / "data", skipped=skipped, keep_images=True))
    assert len(items) == 26
    assert skipped == {"either-or answer": 1, "numeric answer, no choices": 3}


def test_single_file_finds_its_metadata(realdata):
    items = list(
        igakuqa.read(realdata / "igakuqa" / "data" / "2018" / "112-B.jsonl", keep_images=True)
    )
    assert items == []  # its one question is "a or d"
    skipped: Counter[str] = Counter()
    items = list(igakuqa.read(realdata / "igakuqa/data/2019/113-C.jsonl", skipped=skipped))
    assert [i.meta["meta_info"] for i in items] == ["産科"]


def test_answer_outside_choices_is_an_error(tmp_path):
    raw = {"problem_id": "1", "problem_text": "q", "choices": ["x", "y"], "answer": ["c"]}
    path = write_lines(tmp_path / "100-A.jsonl", [raw])
    with pytest.raises(PolymedError, match=r"100-A\.jsonl:1: answer \['c'\] is not among"):
        list(igakuqa.read(path))


def test_only_side_files(tmp_path):
    write_lines(tmp_path / "100-A_metadata.jsonl", [{"problem_id": "1"}])
    with pytest.raises(PolymedError, match="no IgakuQA exam files"):
        list(igakuqa.read(tmp_path))
