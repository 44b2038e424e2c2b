"""``polymed eval`` end to end with the real default model on a handful of items."""

from __future__ import annotations

import json

import pytest

from polymed.cli import main

pytestmark = pytest.mark.slow


def test_eval_default_model_then_resume(tmp_path, capsys, monkeypatch):
    out = tmp_path / "run"
    args = ["eval", "--languages", "en,zh", "--limit", "2", "--out", str(out), "--batch-size", "2"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "macro avg" in printed and "en" in printed and "zh" in printed
    results = json.loads((out / "results.json").read_text())
    assert results["model"] == "default" and results["mode"] == "loglik"
    assert set(results["languages"]) == {"en", "zh"}
    for block in results["languages"].values():
        assert block["n"] == 2 and block["invalid"] == 0
        assert 0.0 <= block["accuracy"] <= 1.0
    config = json.loads((out / "config.json").read_text())
    assert config["model_settings"]["backend"] == "hf"

    # a second run finds everything finished and never loads the model
    def no_model(*_a, **_k):
        raise AssertionError("model loaded on a finished run")

    monkeypatch.setattr("polymed.evaluation.runner.load_model", no_model)
    assert main(args) == 0
    assert "already finished" in capsys.readouterr().out
    assert json.loads((out / "results.json").read_text())["languages"] == results["languages"]


def test_user_errors_are_one_line(tmp_path, capsys):
    bad = tmp_path / "English.jsonl"
    good = '{"question": "q", "options": {"A": "x", "B": "y"}, "answer_idx": "A", "answer": "x"}'
    bad.write_text(good + "\nnot json\n")
    code = main(["eval", "--data", str(bad), "--out", str(tmp_path / "r")])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert err.startswith("error: ") and f"{bad}:2:" in err
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err
