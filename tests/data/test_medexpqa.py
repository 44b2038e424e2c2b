from __future__ import annotations

import pytest

from polymed.data import load_benchmark
from polymed.data.medexpqa import load, parse_record
from polymed.errors import PolymedError

from .conftest import medexpqa_record, write_lines, zip_folder


def _parse(raw, language="en"):
    return parse_record(raw, split="test", language=language, file="t.jsonl", line=3)


def test_record_fields_map_onto_item():
    item = _parse(medexpqa_record())
    assert item.id == "medexpqa/test/en/7"
    assert item.benchmark == "medexpqa" and item.language == "en"
    assert item.options == {"1": "Angina", "2": "Pericarditis", "3": "Reflux", "4": "Myocarditis"}
    assert item.answers == {"2"}
    assert item.explanations == {
        "1": "Not angina.",
        "2": "Pericarditis fits.",
        "3": "No reflux.",
        "4": "Unlikely.",
    }
    assert item.full_answer.startswith("Pericarditis fits")
    assert item.full_answer_masked.startswith("<masked>")
    assert item.rag == {"BM25": ["Pericarditis. Chest pain."], "RRF-2": ["Plain snippet text."]}
    assert item.source == "t.jsonl:3"


@pytest.mark.parametrize(
    ("snippet", "text"),
    [
        ("just text", "just text"),
        ({"contents": "Title. Body"}, "Title. Body"),
        ({"text": "t"}, "t"),
        ({"content": "Body"}, "Body"),
        ({"title": "T", "content": "Body"}, "T. Body"),
    ],
)
def test_snippet_shapes(snippet, text):
    rag = {"clinical_case_options": {"MedCorp": {"BM25": [snippet]}}}
    assert _parse(medexpqa_record(rag=rag)).rag == {"BM25": [text]}


def test_options_are_sorted_numerically_and_rag_is_optional():
    raw = medexpqa_record(options={"2": "b", "1": "a", "10": "j"}, correct_option=10, rag=None)
    raw.pop("explanations")
    item = _parse(raw)
    assert item.labels == ["1", "2", "10"]
    assert item.rag is None and item.explanations is None


def test_language_from_record_when_file_name_has_none():
    assert _parse(medexpqa_record(lang="it"), language=None).language == "it"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (medexpqa_record(correct_option=5), "correct_option 5 is not among the options (1,2,3,4)"),
        (medexpqa_record(correct_option=None), "missing field 'correct_option'"),
        (medexpqa_record(full_question=""), "missing field 'full_question'"),
        (medexpqa_record(options={"1": "only"}), "needs at least two options"),
        (medexpqa_record(lang="es"), "'lang' is es but the file name says en"),
        (medexpqa_record(lang="xx"), "unknown language 'xx'"),
        (medexpqa_record(rag={"clinical_case_options": {"MedCorp": {"BM25": [3]}}}), "no text"),
        (medexpqa_record(correct_option=True), "'correct_option' is not an option number"),
    ],
)
def test_bad_records(raw, reason):
    with pytest.raises(PolymedError) as info:
        _parse(raw)
    assert info.value.message.startswith("t.jsonl:3: ")
    assert reason in info.value.reason


@pytest.mark.parametrize("where", ["folder", "zip", "file"])
def test_load_folder_zip_or_file(medexpqa_tree, where):
    path = {
        "folder": medexpqa_tree,
        "zip": zip_folder(medexpqa_tree, medexpqa_tree.parent / "medexpqa.zip"),
        "file": medexpqa_tree / "en" / "test.en.casimedicos.rag.jsonl",
    }[where]
    items = load(path, "test", None)
    expected = ["medexpqa/test/en/7", "medexpqa/test/en/8"]
    if where != "file":
        expected.append("medexpqa/test/es/7")
    assert [i.id for i in items] == expected
    assert items[1].answers == {"1"}  # correct_option given as the string "1"


def test_load_split_and_languages(medexpqa_tree):
    assert [i.id for i in load(medexpqa_tree, "train", None)] == ["medexpqa/train/en/1"]
    assert {i.language for i in load(medexpqa_tree, "test", ["es"])} == {"es"}
    with pytest.raises(PolymedError, match="no MedExpQA test items for it"):
        load(medexpqa_tree, "test", ["it"])
    with pytest.raises(PolymedError, match="no MedExpQA dev files found"):
        load(medexpqa_tree, "validation", None)
    with pytest.raises(PolymedError, match="unknown MedExpQA split"):
        load(medexpqa_tree, "holdout", None)


def test_bad_json_line_names_file_and_line(medexpqa_tree):
    path = medexpqa_tree / "es" / "test.es.casimedicos.rag.jsonl"
    write_lines(path, [medexpqa_record(lang="es"), "not json"])
    with pytest.raises(PolymedError) as info:
        load(medexpqa_tree, "test", None)
    assert (info.value.file, info.value.line) == (str(path), 2)


def test_registry_loads_by_name(medexpqa_tree):
    assert len(load_benchmark("medexpqa", medexpqa_tree, "test", ["en"])) == 2
