"""``polymed eval`` against an OpenAI-compatible server: secrets stay out of the run."""

from __future__ import annotations

import json

from fakes.openai_server import FakeOpenAIServer, Fault
from polymed.cli import main

SECRET = "sk-test-5ecret-never-written"


def test_generate_run_keeps_key_out_of_every_file(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    out = tmp_path / "run"
    with FakeOpenAIServer(reply=lambda req: "Reason: classic picture. [End] Answer: A") as srv:
        srv.script(Fault.http(429, retry_after=0.01), Fault.malformed())
        code = main(
            [
                "eval",
                "--model",
                f"openai:fake-model@{srv.url}",
                "--mode",
                "rationale",
                "--languages",
                "en,ja",
                "--limit",
                "3",
                "--out",
                str(out),
            ]
        )
        assert code == 0
        assert all(r.headers.get("authorization") == f"Bearer {SECRET}" for r in srv.requests)
        assert srv.count() == 6 + 2  # two faults retried
    for path in out.iterdir():
        assert SECRET.encode() not in path.read_bytes(), path.name
    results = json.loads((out / "results.json").read_text())
    assert {b["n"] for b in results["languages"].values()} == {3}
    assert sum(b["errors"] for b in results["languages"].values()) == 0
    for block in results["languages"].values():
        assert 1 <= block["rationale"]["n"] <= 3
        assert 0.0 <= block["rationale"]["rougeL"] <= 100.0
    assert set(results["rationale_macro"]) >= {"bleu1", "bleu4", "rouge1", "rouge2", "rougeL"}
    config = json.loads((out / "config.json").read_text())
    assert config["model_settings"]["api_key_env"] == "OPENAI_API_KEY"
    records = [json.loads(x) for x in (out / "records.jsonl").read_text().splitlines()]
    assert all(r["predicted"] == ["A"] and r["rationale"] == "classic picture." for r in records)
