"""`polymed judge`, `polymed compare` and `polymed data topics` end to end."""

from __future__ import annotations

import json
import re

import pytest

from fakes.openai_server import FakeOpenAIServer
from judging._helpers import record, sample_items, write_run
from polymed.cli import main

BLOCK = re.compile(r"\[Model (\d+)\]\n(.*?)\n\[End of Model \1\]", re.S)


def prefer_good(request) -> str:
    shown = BLOCK.findall(request.prompt)
    order = sorted(shown, key=lambda kv: "GOOD" not in kv[1])
    return "Ranking: " + ", ".join(f"Model {k}" for k, _ in order)


@pytest.fixture
def runs(tmp_path):
    items = sample_items(["en", "es"])
    good = write_run(
        tmp_path / "good", [record(it, "GOOD reason [End] Answer: A") for it in items], "fake:g"
    )
    bad = write_run(
        tmp_path / "bad",
        [record(it, "Answer: B", correct=i % 2 == 0) for i, it in enumerate(items)],
        "fake:b",
    )
    return good, bad


@pytest.fixture
def server(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with FakeOpenAIServer(reply=prefer_good) as fake:
        yield fake


def test_judge_then_human_agreement(runs, server, tmp_path, capsys):
    good, bad = runs
    out = tmp_path / "judged"
    spec = f"openai:judge@{server.url}"
    argv = ["judge", str(good), str(bad), "--judge", spec, "--sample", "2", "--out", str(out)]
    assert main(argv) == 0
    results = json.loads((out / "judge_results.json").read_text())
    assert results["overall"]["judged"] == 4
    assert results["overall"]["scores"] == {"good": 2.0, "bad": 1.0}
    shown = capsys.readouterr().out
    assert "judged" in shown and "2.00" in shown

    case_ids = [json.loads(line)["case_id"] for line in (out / "verdicts.jsonl").open()]
    csv = tmp_path / "human.csv"
    csv.write_text(
        "item_id,run,rank\n" + "".join(f"{cid},good,1\n{cid},bad,2\n" for cid in case_ids)
    )
    requests_before = server.count()
    # resumes (nothing to judge) and adds the agreement report
    assert main([*argv, "--human", str(csv)]) == 0
    assert server.count() == requests_before
    agreement = json.loads((out / "agreement.json").read_text())
    assert agreement["per_case"]["judge"] == {"tau": 1.0, "cases": 4, "undefined": 0}
    assert "Kendall" in capsys.readouterr().out


def test_judge_needs_a_judge_or_human_file(runs, capsys):
    assert main(["judge", str(runs[0]), str(runs[1])]) == 1
    assert "--judge" in capsys.readouterr().err


def test_compare_table_and_json(runs, capsys):
    good, bad = runs
    assert main(["compare", str(bad), str(good)]) == 0
    table = capsys.readouterr().out
    assert "macro avg" in table and "24 paired items" in table
    assert main(["compare", str(bad), str(good), "--json", "--test", "bootstrap"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["test"] == "bootstrap" and result["languages"]["en"]["b_only"] == 6
    assert result["overall"]["p"] == result["overall"]["p_bootstrap"]


def test_compare_refuses_different_benchmarks(runs, tmp_path, capsys):
    other = write_run(tmp_path / "other", [], benchmark="medexpqa")
    assert main(["compare", str(runs[0]), str(other)]) == 1
    assert "different benchmarks" in capsys.readouterr().err


def test_data_topics(server, tmp_path, capsys):
    server.reply = lambda request: "Internal Medicine"
    out = tmp_path / "topics.jsonl"
    argv = ["data", "topics", "--model", f"openai:m@{server.url}", "-l", "en", "--limit", "3"]
    assert main([*argv, "--out", str(out)]) == 0
    assert "Internal Medicine" in capsys.readouterr().out
    rows = [json.loads(line) for line in out.open()]
    assert [r["topic"] for r in rows] == ["Internal Medicine"] * 3
    assert main([*argv, "--out", str(out)]) == 0  # resumes: nothing asked again
    assert server.count() == 3
