from __future__ import annotations

import pytest

from polymed.data import load_benchmark
from polymed.data.mmedbench import SAMPLE_PATH, answer_warnings, load, parse_record
from polymed.errors import PolymedError

from .conftest import mcq, write_lines, zip_folder


def _ids(items):
    return [i.id for i in items]


@pytest.mark.parametrize("where", ["mmedbench_dir", "parent_dir", "zip"])
def test_load_folder_parent_or_zip(mmedbench_tree, where):
    path = {
        "mmedbench_dir": mmedbench_tree,
        "parent_dir": mmedbench_tree.parent,
        "zip": zip_folder(mmedbench_tree, mmedbench_tree.parent / "MMedBench.zip"),
    }[where]
    items = load(path, "test", None)
    assert _ids(items) == [
        "mmedbench/test/en/1",
        "mmedbench/test/en/2",
        "mmedbench/test/en/3",
        "mmedbench/test/zh/1",
    ]
    first = items[0]
    assert first.options == {"A": "Heart", "B": "Kidney", "C": "Lung", "D": "Skin"}
    assert first.answers == {"B"} and not first.is_multi
    assert items[1].answers == {"A", "C"} and items[1].is_multi
    assert first.rationale == "Because the kidney filters blood."
    assert first.human_checked is True and first.human_check_passed is True
    assert first.benchmark == "mmedbench" and first.split == "test"
    assert first.source.endswith("Test/English.jsonl:1")
    if where == "zip":
        assert "MMedBench.zip!MMedBench/Test/English.jsonl:1" in first.source


def test_load_train_split_case_insensitive(mmedbench_tree):
    items = load(mmedbench_tree, "TRAIN", None)
    assert _ids(items) == ["mmedbench/train/en/1"]
    assert items[0].split == "train"


def test_load_single_file_takes_language_and_split_from_path(mmedbench_tree):
    items = load(mmedbench_tree / "Train" / "English.jsonl", "test", None)
    assert [(i.language, i.split) for i in items] == [("en", "train")]
    loose = write_lines(mmedbench_tree.parent / "Chinese.jsonl", [mcq()])
    assert [(i.language, i.split) for i in load(loose, "test", None)] == [("zh", "test")]


def test_load_single_file_with_unknown_name(tmp_path):
    path = write_lines(tmp_path / "questions.jsonl", [mcq()])
    with pytest.raises(PolymedError, match="cannot tell the language from the file name"):
        load(path, "test", None)


def test_languages_filter(mmedbench_tree):
    assert {i.language for i in load(mmedbench_tree, "test", ["zh"])} == {"zh"}
    assert {i.language for i in load(mmedbench_tree, "test", ["English"])} == {"en"}
    with pytest.raises(PolymedError, match="no MMedBench Test file for Japanese.jsonl"):
        load(mmedbench_tree, "test", ["en", "ja"])


def test_bad_split_and_empty_folder(tmp_path):
    with pytest.raises(PolymedError, match="unknown MMedBench split 'dev'"):
        load(tmp_path, "dev", None)
    with pytest.raises(PolymedError, match="no MMedBench Test files found"):
        load(tmp_path, "test", None)


@pytest.mark.parametrize(
    ("answer_idx", "expected"),
    [
        ("B", {"B"}),
        ("A,C", {"A", "C"}),
        (" a , c ", {"A", "C"}),
        ("A, C, D", {"A", "C", "D"}),
        ("A C", {"A", "C"}),
        (["A", "C"], {"A", "C"}),
        (["A, C"], {"A", "C"}),
    ],
)
def test_answer_idx_forms(answer_idx, expected):
    item = parse_record(mcq(answer_idx=answer_idx), split="test", language="en", file="f", line=1)
    assert item.answers == expected


def test_problem_id_makes_the_id_and_meta_is_kept():
    raw = mcq(problem_id="112A1", meta_info="step1")
    item = parse_record(raw, split="test", language="ja", file="f", line=9)
    assert item.id == "mmedbench/test/ja/112A1"
    assert item.meta == {"answer": "Kidney", "meta_info": "step1", "problem_id": "112A1"}


def test_null_or_empty_options_are_dropped_and_flags_accept_ints():
    raw = mcq(human_checked=1, human_check_passed=0)
    raw["options"] = {"A": "Heart", "B": "Kidney", "C": "", "D": None}
    item = parse_record(raw, split="test", language="en", file="f", line=1)
    assert item.labels == ["A", "B"]
    assert (item.human_checked, item.human_check_passed) == (True, False)


def _without(name):
    raw = mcq()
    del raw[name]
    return raw


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (_without("question"), "missing field 'question'"),
        (_without("options"), "missing field 'options'"),
        (_without("answer_idx"), "missing field 'answer_idx'"),
        (mcq(answer_idx="E"), "answer E is not among the options (A,B,C,D)"),
        (mcq(answer_idx="A,F"), "answer F is not among the options"),
        (mcq(answer_idx=" , "), "'answer_idx' is empty"),
        (mcq(answer_idx=1), "'answer_idx' is neither a string nor a list"),
        (mcq(options=["Heart", "Kidney"]), "'options' is not an object"),
        (mcq(options={"A": "Heart"}), "needs at least two options, found 1"),
        (mcq(options={"1": "x", "2": "y"}), "option label '1' is not a letter"),
        (mcq(question=3), "'question' is not a string"),
        (mcq(human_checked="maybe"), "'human_checked' is not a boolean"),
    ],
)
def test_bad_records_name_file_line_and_reason(raw, reason):
    with pytest.raises(PolymedError) as info:
        parse_record(raw, split="test", language="en", file="Test/English.jsonl", line=4)
    assert info.value.message.startswith("Test/English.jsonl:4: ")
    assert reason in info.value.reason


def test_bad_json_line_stops_load_with_file_and_line(mmedbench_tree):
    path = write_lines(mmedbench_tree / "Test" / "French.jsonl", [mcq(), mcq(), '{"question": '])
    with pytest.raises(PolymedError) as info:
        load(mmedbench_tree, "test", None)
    assert info.value.file == str(path) and info.value.line == 3
    assert "bad JSON" in info.value.reason


def test_duplicate_problem_id_is_an_error(tmp_path):
    path = write_lines(tmp_path / "English.jsonl", [mcq(problem_id="7"), mcq(problem_id="7")])
    with pytest.raises(PolymedError, match=r"English\.jsonl:2: duplicate id"):
        load(path, "test", None)


@pytest.mark.parametrize(
    ("answer_idx", "answer", "warns"),
    [
        ("B", "Kidney", False),
        ("B", " kidney. ", False),
        ("A,C", "Heart, Lung", False),
        ("A,C", "Heart; Lung", False),
        ("B", "Heart", True),
        ("A,C", "Heart", True),
    ],
)
def test_answer_warnings(answer_idx, answer, warns):
    raw = mcq(answer_idx=answer_idx, answer=answer)
    item = parse_record(raw, split="test", language="en", file="f", line=1)
    assert bool(answer_warnings(item)) is warns


def test_registry_loads_by_name(mmedbench_tree):
    assert len(load_benchmark("mmedbench", mmedbench_tree)) == 4
    assert SAMPLE_PATH.name == "mmedbench" and SAMPLE_PATH.parent.name == "samples"
