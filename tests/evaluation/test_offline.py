"""``polymed score`` on a leaderboard CSV and on records jsonl."""

from __future__ import annotations

import csv
import json

import pytest

from polymed.cli import main
from polymed.errors import PolymedError
from polymed.evaluation.offline import parse_options, score_file

PROMPT_EN = "Question: Antidote for opioid overdose?\nA. Naloxone\nB. Atropine\nC. Glucagon\nD. Flumazenil\nAnswer:"
PROMPT_ZH = "###Question: 首选降糖药？ ###Options: A. 二甲双胍 B. 胰岛素 C. 阿司匹林 D. 华法林 "


def _csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Language", "ModelInput", "ModelOutput", "GT_Answer"])
        w.writerows(rows)
    return path


def test_parse_options_lines_and_inline():
    assert parse_options(PROMPT_EN) == {
        "A": "Naloxone",
        "B": "Atropine",
        "C": "Glucagon",
        "D": "Flumazenil",
    }
    assert parse_options(PROMPT_ZH)["B"] == "胰岛素"


def test_leaderboard_csv(tmp_path):
    path = _csv(
        tmp_path / "lb.csv",
        [
            [
                "English",
                PROMPT_EN,
                "Reason: naloxone is an opioid antagonist [End] Answer: A",
                "Reason: naloxone reverses opioids [End] Answer: A",
            ],
            ["English", PROMPT_EN, "Answer: B", "Answer: A"],
            ["Chinese", PROMPT_ZH, "答案：A", "二甲双胍是一线药物 [End] Answer: A"],
            ["Chinese", PROMPT_ZH, "I am not sure", "Answer: A"],
        ],
    )
    res = score_file(path)
    en, zh = res["languages"]["en"], res["languages"]["zh"]
    assert (en["n"], en["accuracy"], en["invalid"]) == (2, 0.5, 0)
    assert (zh["n"], zh["accuracy"], zh["invalid"]) == (2, 0.5, 1)
    assert res["macro_accuracy"] == pytest.approx(0.5)
    assert en["rationale"]["n"] == 1 and 0 < en["rationale"]["rouge1"] < 100


def test_csv_errors_name_the_line(tmp_path):
    path = _csv(
        tmp_path / "bad.csv", [["English", PROMPT_EN, "A", "A"], ["Klingon", PROMPT_EN, "A", "A"]]
    )
    second_row = 2 + PROMPT_EN.count("\n") + 1  # header, then a row spanning several lines
    with pytest.raises(PolymedError, match=rf"bad\.csv:{second_row}: unknown language 'Klingon'"):
        score_file(path)


def test_records_jsonl_with_benchmark_lookup(tmp_path):
    from polymed.data import load_benchmark

    items = [it for it in load_benchmark("mmedbench") if it.language == "en"][:3]
    lines = [
        {
            "item_id": items[0].id,
            "language": "en",
            "output": "Answer: " + ",".join(sorted(items[0].answers)),
        },
        {"item_id": items[1].id, "language": "English", "predicted": ["Z"]},
        {"item_id": items[2].id, "language": "en", "output": "no idea"},
    ]
    path = tmp_path / "preds.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    out = tmp_path / "scored"
    assert main(["score", str(path), "--out", str(out), "--benchmark", "mmedbench"]) == 0
    res = json.loads((out / "results.json").read_text())
    assert res["languages"]["en"]["n"] == 3
    assert res["languages"]["en"]["accuracy"] == pytest.approx(1 / 3)
    assert res["languages"]["en"]["invalid"] == 1
