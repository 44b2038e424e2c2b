from __future__ import annotations

import pytest

from polymed.cli import main
from polymed.data.validate import validate
from polymed.errors import PolymedError

from .conftest import mcq, medexpqa_record, write_lines, zip_folder


def _bad_tree(root):
    write_lines(
        root / "Test" / "English.jsonl",
        [
            mcq(),
            "{not json",
            mcq(answer_idx="E"),
            mcq(problem_id="x"),
            mcq(problem_id="x"),
            mcq(answer="Heart"),
        ],
    )
    write_lines(root / "Train" / "Russian.jsonl", [mcq(), {"options": {"A": "a", "B": "b"}}])
    write_lines(root / "Test" / "Klingon.jsonl", [mcq(), mcq()])
    return root


def test_validate_collects_everything(tmp_path):
    root = _bad_tree(tmp_path / "MMedBench")
    report = validate(root)
    assert not report.ok
    assert dict(report.counts) == {("en", "test"): 3, ("ru", "train"): 1}
    assert dict(report.bad) == {"en": 3, "ru": 1, "?": 1}
    english = root / "Test" / "English.jsonl"
    lines = [str(p) for p in report.errors]
    assert lines[:3] == [
        f"{english}:2: bad JSON (Expecting property name enclosed in double quotes at column 2)",
        f"{english}:3: answer E is not among the options (A,B,C,D)",
        f"{english}:5: duplicate id 'mmedbench/test/en/x' (first at {english}:4)",
    ]
    assert lines[3].startswith(f"{root / 'Test' / 'Klingon.jsonl'}: cannot tell the language")
    assert lines[4] == f"{root / 'Train' / 'Russian.jsonl'}:2: missing field 'question'"
    assert [str(w) for w in report.warnings] == [
        f"{english}:6: warning: answer text 'Heart' does not match option(s) B"
    ]


def test_validate_medexpqa_zip(tmp_path, medexpqa_tree):
    write_lines(
        medexpqa_tree / "it" / "dev.it.casimedicos.rag.jsonl",
        [medexpqa_record(lang="it"), medexpqa_record(lang="it", correct_option=5)],
    )
    report = validate(zip_folder(medexpqa_tree, tmp_path / "m.zip"), "medexpqa")
    assert dict(report.counts) == {
        ("en", "test"): 2,
        ("es", "test"): 1,
        ("en", "train"): 1,
        ("it", "dev"): 1,
    }
    assert [str(e) for e in report.errors] == [
        f"{tmp_path / 'm.zip'}!medexpqa/it/dev.it.casimedicos.rag.jsonl:2: "
        "correct_option 5 is not among the options (1,2,3,4)"
    ]


def test_validate_user_errors(tmp_path):
    with pytest.raises(PolymedError, match="unknown benchmark 'medqa'"):
        validate(tmp_path, "medqa")
    with pytest.raises(PolymedError, match="no mmedbench files found"):
        validate(tmp_path)


def test_cli_validate_bad_exits_1_with_one_line_per_problem(tmp_path, capsys):
    root = _bad_tree(tmp_path / "MMedBench")
    assert main(["data", "validate", str(root)]) == 1
    out = capsys.readouterr().out
    english = root / "Test" / "English.jsonl"
    assert f"{english}:3: answer E is not among the options (A,B,C,D)\n" in out
    assert f"{english}:6: warning: answer text 'Heart' does not match option(s) B\n" in out
    assert "5 bad record(s), 1 warning(s)" in out
    table = out.split("\n")
    assert any(line.split("│")[1:4] == [" en       ", "    3 ", "     0 "] for line in table)


def test_cli_validate_good_exits_0(mmedbench_tree, capsys):
    assert main(["data", "validate", str(mmedbench_tree), "--benchmark", "mmedbench"]) == 0
    out = capsys.readouterr().out
    assert "0 bad record(s), 0 warning(s)" in out
    assert "total" in out


def test_cli_validate_missing_path_is_one_line_error(tmp_path, capsys):
    assert main(["data", "validate", str(tmp_path / "nope")]) == 1
    err = " ".join(capsys.readouterr().err.split())  # the root CLI may wrap long lines
    assert "nope: no such file or folder" in err and "Traceback" not in err


def test_cli_convert(realdata, tmp_path, capsys):
    src = realdata / "igakuqa" / "data"
    assert main(["data", "convert", "igakuqa", str(src), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "skipped 6: needs an image" in out and "skipped 3: numeric answer, no choices" in out
    assert (tmp_path / "Test" / "Japanese.jsonl").is_file()
    assert main(["data", "validate", str(tmp_path)]) == 0
    args = ["data", "convert", "igakuqa", str(src), "--out", str(tmp_path), "--keep-images"]
    assert main([*args, "--split", "train"]) == 0
    assert (tmp_path / "Train" / "Japanese.jsonl").read_text(encoding="utf-8").count("\n") == 26
