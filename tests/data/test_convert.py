from __future__ import annotations

import json
from collections import Counter

import pytest

from polymed.data.convert import convert
from polymed.data.mmedbench import load
from polymed.errors import PolymedError

from .conftest import write_lines

# source, input under realdata, split, items written per language, skipped by reason
CASES = [
    ("medqa", "medqa", "test", {"en": 30, "zh": 30}, {}),
    (
        "igakuqa",
        "igakuqa/data",
        "test",
        {"ja": 21},
        {"needs an image": 6, "numeric answer, no choices": 3},
    ),
    ("frenchmedmcqa", "frenchmedmcqa/corpus", "test", {"fr": 12}, {"other split": 18}),
    ("frenchmedmcqa", "frenchmedmcqa/corpus", "train", {"fr": 13}, {"other split": 17}),
    ("rumeddanet", "rumedbench/data", "test", {"ru": 12}, {"no gold answer": 6, "other split": 12}),
    ("headqa", "head-qa/data/HEAD", "test", {"es": 5}, {"needs an image": 15, "other split": 5}),
]


@pytest.mark.parametrize(("source", "rel", "split", "written", "skipped"), CASES)
def test_convert_real_source_then_load_it(realdata, tmp_path, source, rel, split, written, skipped):
    report = convert(source, realdata / rel, tmp_path, split)
    assert report.written == written
    assert report.skipped == skipped
    items = load(tmp_path, split, None)
    assert Counter(i.language for i in items) == written
    for item in items:
        assert item.answers <= set(item.options)
        assert item.source.startswith(str(tmp_path))
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob(".*"))


def test_output_is_mmedbench_format(realdata, tmp_path):
    convert("frenchmedmcqa", realdata / "frenchmedmcqa/corpus/train.json", tmp_path, "train")
    path = tmp_path / "Train" / "French.jsonl"
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    multi = next(r for r in records if r["problem_id"].startswith("aa8f961d"))
    assert list(multi) == [
        "question",
        "options",
        "answer_idx",
        "answer",
        "rationale",
        "human_checked",
        "human_check_passed",
        "meta_info",
        "problem_id",
    ]
    assert multi["answer_idx"] == "A,D"
    assert list(multi["options"]) == list("ABCDE")
    assert multi["answer"] == (
        "L'équation de Michaelis Menten correspond graphiquement à une sigmoïde, "
        "La représentation d'Eadie-Hoftsee est une droite dont l'ordonnée à l'origine est "
        "égale à KM/Vmax"
    )
    assert multi["human_checked"] is False and multi["rationale"] == ""


def test_igakuqa_letters_beyond_e_round_trip(realdata, tmp_path):
    convert("igakuqa", realdata / "igakuqa/data/2019", tmp_path, "test")
    items = load(tmp_path / "Test" / "Japanese.jsonl", "test", None)
    eight = next(i for i in items if i.meta["problem_id"] == "113F83")
    assert eight.labels == list("ABCDEFGH") and eight.answers == {"G"}
    assert eight.id == "mmedbench/test/ja/113F83"


def test_headqa_full_file_next_to_split_files_is_not_duplicated(realdata, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    test_file = realdata / "head-qa/data/HEAD/test_HEAD.json"
    (inputs / "test_HEAD.json").write_bytes(test_file.read_bytes())
    (inputs / "HEAD.json").write_bytes(test_file.read_bytes())  # holds every split
    report = convert("headqa", inputs, tmp_path / "out", "test")
    assert report.written == {"es": 5}
    assert report.skipped == {"needs an image": 16, "other split": 5}


def test_reconvert_replaces_the_file(realdata, tmp_path):
    src = realdata / "medqa/vkola-lab+medpodgpt/benchmark/chinese_mcmle/MedQA-MCMLE.jsonl"
    convert("medqa", src, tmp_path, "test")
    convert("medqa", src, tmp_path, "test")
    assert len(load(tmp_path, "test", ["zh"])) == 30


def test_duplicate_problem_ids_are_skipped(tmp_path):
    record = {"context": "c", "question": "q", "answer": "да", "pairID": "same"}
    path = write_lines(tmp_path / "test_v1.jsonl", [record, record])
    report = convert("rumeddanet", path, tmp_path / "out", "test")
    assert report.written == {"ru": 1} and report.skipped == {"duplicate problem_id": 1}


def test_user_errors(tmp_path):
    with pytest.raises(PolymedError, match="unknown source 'pubmedqa'"):
        convert("pubmedqa", tmp_path, tmp_path / "out", "test")
    with pytest.raises(PolymedError, match="unknown MMedBench split"):
        convert("medqa", tmp_path, tmp_path / "out", "dev")
    path = write_lines(tmp_path / "test_v1.jsonl", [{"question": "q"}])
    with pytest.raises(
        PolymedError, match=r"nothing to convert for split test \(1 no gold answer\)"
    ):
        convert("rumeddanet", path, tmp_path / "out", "test")
    assert not (tmp_path / "out").exists()
