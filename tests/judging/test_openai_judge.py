"""The judge behind an OpenAI-compatible server (the scripted fake): prompts, faults,
unreadable verdicts retried, then recorded failed."""

from __future__ import annotations

import json
import re

import pytest

from fakes.openai_server import FakeOpenAIServer, Fault
from judging._helpers import record, sample_items, write_run
from polymed.judging import JudgeSettings, judge_runs
from polymed.judging.run import VERDICTS
from polymed.models import load_model

FAST = {"backoff_base": 0.001, "backoff_cap": 0.005, "retry_after_cap": 0.05, "timeout": 5.0}
BLOCK = re.compile(r"\[Model (\d+)\]\n(.*?)\n\[End of Model \1\]", re.S)


def prefer_good(request) -> str:
    """Rank the response containing GOOD first, the others in shown order."""
    shown = BLOCK.findall(request.prompt)
    good = [k for k, text in shown if "GOOD" in text]
    rest = [k for k, _ in shown if k not in good]
    return "Model " + good[0] + " is best.\n\nRanking: " + " > ".join([*good, *rest])


@pytest.fixture
def runs(tmp_path):
    items = sample_items(["en", "zh"])
    return [
        write_run(tmp_path / name, [record(it, text) for it in items], model=f"fake:{name}")
        for name, text in (("base", "Reason: meh [End] Answer: A"), ("tuned", "GOOD reason"))
    ]


def test_judge_over_http_with_faults_and_bad_verdicts(runs, tmp_path, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    bad_case = "mmedbench/test/zh/1"

    bad_question = {it.id: it for it in sample_items(["zh"])}[bad_case].question

    def reply(request) -> str:
        if bad_question in request.prompt:
            return "Both are fine, I cannot choose."
        english = re.search(r"\[Question\]\n[A-Za-z]", request.prompt)
        if english and "could not be read" not in request.prompt:
            return "Model 1 > "  # every English case is unreadable once
        return prefer_good(request)

    with FakeOpenAIServer(reply=reply) as server:
        server.script(Fault.http(500), Fault.malformed(), Fault.http(429, retry_after=0.01))
        judge = load_model(f"openai:judge@{server.url}", concurrency=4, **FAST)
        settings = JudgeSettings(judge=f"openai:judge@{server.url}", sample=None)
        results = judge_runs(runs, tmp_path / "j", settings, model=judge)
        chats = [r for r in server.requests if r.path == "/v1/chat/completions"]

    # 10 + 10 cases; English ones needed a second try; the bad Chinese case failed 3 times
    assert results["overall"]["judged"] == 19 and results["overall"]["failed"] == 1
    assert results["overall"]["scores"] == {"base": 1.0, "tuned": 2.0}
    rows = {
        r["case_id"]: r
        for r in map(json.loads, (tmp_path / "j" / VERDICTS).read_text().splitlines())
    }
    assert len(rows) == 20
    assert rows[bad_case]["status"] == "unparseable" and rows[bad_case]["tries"] == 3
    assert rows[bad_case]["verdict"] == "Both are fine, I cannot choose."
    assert all(r["tries"] == 2 for cid, r in rows.items() if "/en/" in cid)
    assert all(r["tries"] == 1 for cid, r in rows.items() if "/zh/" in cid and cid != bad_case)
    # 3 faults retried by the backend + 20 first tries + 10 English second tries + 2 more
    assert len(chats) == 3 + 20 + 10 + 2
    assert "impartial judge" in chats[-1].system and "two AI assistants" in chats[-1].system
    assert chats[-1].body["temperature"] == 0.0
