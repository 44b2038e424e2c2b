from __future__ import annotations

import pytest

from polymed.data.jsonl import (
    Part,
    collect,
    iter_items,
    key_lines,
    parse_json_line,
    read_json,
    read_jsonl,
)
from polymed.data.mmedbench import parse_record
from polymed.errors import PolymedError

from .conftest import mcq, write_lines, zip_folder


def test_collect_folder_zip_and_file(tmp_path):
    folder = tmp_path / "pack"
    write_lines(folder / "a" / "x.jsonl", [{"k": 1}])
    write_lines(folder / "b.txt", ["hello"])
    archive = zip_folder(folder, tmp_path / "pack.zip")

    in_folder = collect(folder, lambda name: name.endswith(".jsonl"))
    assert [f.name for f in in_folder] == ["a/x.jsonl"]
    in_zip = collect(archive, lambda name: name.endswith(".jsonl"))
    assert [f.name for f in in_zip] == ["pack/a/x.jsonl"]
    assert in_zip[0].label == f"{archive}!pack/a/x.jsonl"
    assert list(read_jsonl(in_zip[0])) == [(1, {"k": 1})]
    single = collect(folder / "b.txt", lambda name: False)  # one file is always returned
    assert [f.name for f in single] == ["b.txt"]


def test_collect_missing_path(tmp_path):
    with pytest.raises(PolymedError, match="no such file"):
        collect(tmp_path / "nope")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ('{"a": 1', "bad JSON"),
        ("[1, 2]", "expected a JSON object, got list"),
        ("nul", "bad JSON"),
    ],
)
def test_parse_json_line_errors_name_file_and_line(text, reason):
    with pytest.raises(PolymedError) as info:
        parse_json_line(text, "f.jsonl", 12)
    assert info.value.message.startswith("f.jsonl:12: ")
    assert reason in info.value.reason


def test_blank_lines_are_skipped_but_counted(tmp_path):
    f = collect(write_lines(tmp_path / "x.jsonl", [{"a": 1}, "", {"a": 2}]))[0]
    assert [line for line, _ in read_jsonl(f)] == [1, 3]


def test_read_json_error_has_line(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('[\n  {"a": 1},\n  {"a": }\n]\n', encoding="utf-8")
    with pytest.raises(PolymedError, match=r"x\.json:3: bad JSON"):
        read_json(collect(path)[0])


def test_key_lines_follow_document_order():
    text = '[\n {"id": 1,\n  "q": "say \\"id\\": no"},\n {"id": 2}\n]'
    assert key_lines(text, "id") == [2, 4]


def test_iter_items_reports_every_bad_record_when_asked(tmp_path):
    path = write_lines(
        tmp_path / "Test" / "English.jsonl",
        [mcq(), "{broken", mcq(answer_idx="Z"), mcq(problem_id="p1"), mcq(problem_id="p1")],
    )
    part = Part(collect(path)[0], "test", "en")
    errors: list[PolymedError] = []
    items = list(iter_items([part], parse_record, on_error=errors.append))
    assert [i.source for i in items] == [f"{path}:1", f"{path}:4"]
    assert [(e.line, e.reason.split(" (")[0]) for e in errors] == [
        (2, "bad JSON"),
        (3, "answer Z is not among the options"),
        (5, "duplicate id 'mmedbench/test/en/p1'"),
    ]
    with pytest.raises(PolymedError, match=r"English\.jsonl:2: bad JSON"):
        list(iter_items([part], parse_record))


def test_iter_items_reports_unusable_file_once(tmp_path):
    path = write_lines(tmp_path / "notes.jsonl", [mcq(), mcq()])
    part = Part(collect(path)[0], "test", None, error="cannot tell the language")
    errors: list[PolymedError] = []
    assert list(iter_items([part], parse_record, on_error=errors.append)) == []
    assert [e.message for e in errors] == [f"{path}: cannot tell the language"]


def test_line_separator_inside_a_string_is_not_a_line_break(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text('{"q": "a\u2028b"}\r\n{"q": "c"}\n', encoding="utf-8")
    assert [r["q"] for _, r in read_jsonl(collect(path)[0])] == ["a\u2028b", "c"]
