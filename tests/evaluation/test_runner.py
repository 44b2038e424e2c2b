"""The evaluation runner: resume, refusal of foreign stores, error recording, outputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polymed.errors import PolymedError
from polymed.evaluation import EvalConfig, evaluate
from polymed.records import Response

QUESTIONS = {
    "English": [
        (
            "Antidote for paracetamol overdose?",
            {"A": "N-acetylcysteine", "B": "Naloxone", "C": "Flumazenil", "D": "Atropine"},
            "A",
        ),
        (
            "Vitamin deficient in Wernicke encephalopathy?",
            {"A": "B12", "B": "B1", "C": "C", "D": "D"},
            "B",
        ),
        (
            "Which are loop diuretics? Choose two.",
            {"A": "Furosemide", "B": "Spironolactone", "C": "Bumetanide", "D": "Amiloride"},
            "A,C",
        ),
    ],
    "Chinese": [
        (
            "<script>alert(1)</script> 糖尿病首选口服药？",
            {"A": "二甲双胍", "B": "胰岛素", "C": "阿司匹林", "D": "华法林"},
            "A",
        ),
        (
            "缺铁性贫血的典型表现？",
            {"A": "大细胞性", "B": "小细胞低色素性", "C": "正细胞性", "D": "溶血性"},
            "B",
        ),
    ],
}


@pytest.fixture()
def bench(tmp_path: Path) -> Path:
    root = tmp_path / "MMedBench" / "Test"
    root.mkdir(parents=True)
    for lang, qs in QUESTIONS.items():
        lines = []
        for q, opts, ans in qs:
            text = ", ".join(opts[a] for a in ans.split(","))
            rec = {
                "question": q,
                "options": opts,
                "answer_idx": ans,
                "answer": text,
                "rationale": "r",
                "human_checked": True,
                "human_check_passed": True,
            }
            lines.append(json.dumps(rec, ensure_ascii=False))
        (root / f"{lang}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path / "MMedBench"


class FakeModel:
    """Prefers option A (label variant); can fail or stop after N requests."""

    name = "fake"

    def __init__(self, stop_after: int | None = None, error_ids: tuple[int, ...] = ()):
        self.requested: list[str] = []
        self.stop_after = stop_after
        self.error_ids = error_ids

    def describe(self) -> dict:
        return {"backend": "fake"}

    def loglikelihood(self, requests):
        for i, req in enumerate(requests):
            if self.stop_after is not None and len(self.requested) >= self.stop_after:
                raise KeyboardInterrupt
            self.requested.append(req.context)
            if len(self.requested) in self.error_ids:
                yield i, Response(error="HTTP 500 after 5 attempts")
                continue
            n = len(req.continuations) // 2
            yield i, Response(logprobs=[-1.0 - j for j in range(n)] * 2, lengths=[1] * 2 * n)

    def generate(self, requests):
        for i, _ in enumerate(requests):
            yield i, Response(text="Answer: B")


def _cfg(bench: Path, **kw) -> EvalConfig:
    return EvalConfig(model="fake", data=str(bench), preset="plain", **kw)


def test_results_shape_and_values(bench, tmp_path):
    res = evaluate(_cfg(bench), tmp_path / "run", model=FakeModel())
    assert set(res["languages"]) == {"en", "zh"}
    en, zh = res["languages"]["en"], res["languages"]["zh"]
    # always picks A (top-2 = A,B for the two-answer item, gold A,C → wrong)
    assert (en["n"], en["accuracy"], en["invalid"]) == (3, pytest.approx(1 / 3), 0)
    assert zh["accuracy"] == pytest.approx(0.5)
    assert res["macro_accuracy"] == pytest.approx((1 / 3 + 0.5) / 2)
    assert 0.0 <= en["ci95"][0] <= en["accuracy"] <= en["ci95"][1] <= 1.0
    for name in ("config.json", "results.json", "report.html", "records.jsonl"):
        assert (tmp_path / "run" / name).is_file()
    on_disk = json.loads((tmp_path / "run" / "results.json").read_text())
    assert on_disk["model"] == "fake" and on_disk["mode"] == "loglik"


def test_resume_recomputes_nothing_finished(bench, tmp_path):
    out = tmp_path / "run"
    first = FakeModel(stop_after=3)
    with pytest.raises(KeyboardInterrupt):
        evaluate(_cfg(bench), out, model=first)
    second = FakeModel()
    resumed = evaluate(_cfg(bench), out, model=second)
    assert len(first.requested) == 3 and len(second.requested) == 2
    assert not set(first.requested) & set(second.requested)
    fresh = evaluate(_cfg(bench), tmp_path / "fresh", model=FakeModel())
    assert resumed["languages"] == fresh["languages"]
    third = FakeModel()
    evaluate(_cfg(bench), out, model=third)
    assert third.requested == []


def test_widening_limit_adds_only_new_items(bench, tmp_path):
    out = tmp_path / "run"
    evaluate(_cfg(bench, limit=1), out, model=FakeModel())
    more = FakeModel()
    res = evaluate(_cfg(bench), out, model=more)
    assert len(more.requested) == 3 and res["n"] == 5


def test_failed_requests_are_recorded_then_retried(bench, tmp_path):
    out = tmp_path / "run"
    res = evaluate(_cfg(bench), out, model=FakeModel(error_ids=(2,)))
    assert sum(b["errors"] for b in res["languages"].values()) == 1
    assert sum(b["invalid"] for b in res["languages"].values()) == 1
    records = [json.loads(line) for line in (out / "records.jsonl").read_text().splitlines()]
    assert [r["error"] for r in records if r["error"]] == ["HTTP 500 after 5 attempts"]
    retry = FakeModel()
    res = evaluate(_cfg(bench), out, model=retry)
    assert len(retry.requested) == 1
    assert sum(b["errors"] for b in res["languages"].values()) == 0


def test_store_of_another_run_is_refused(bench, tmp_path):
    out = tmp_path / "run"
    evaluate(_cfg(bench), out, model=FakeModel())
    other = EvalConfig(model="hf:other", data=str(bench), preset="plain")
    with pytest.raises(PolymedError, match="model: stored 'fake', requested 'hf:other'"):
        evaluate(other, out, model=FakeModel())


def test_corrupt_store_is_refused(bench, tmp_path):
    out = tmp_path / "run"
    out.mkdir()
    (out / "records.sqlite").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(PolymedError, match="records.sqlite: run store is corrupt"):
        evaluate(_cfg(bench), out, model=FakeModel())


def test_report_escapes_untrusted_text(bench, tmp_path):
    evaluate(_cfg(bench, mode="generate"), tmp_path / "run", model=FakeModel())
    html = (tmp_path / "run" / "report.html").read_text()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_unknown_language_and_mode_are_user_errors(bench, tmp_path):
    with pytest.raises(PolymedError, match="no items for language"):
        evaluate(_cfg(bench, languages=["ja"]), tmp_path / "r", model=FakeModel())
    with pytest.raises(PolymedError, match="unknown mode"):
        _cfg(bench, mode="guess")


def test_topics_file_adds_per_topic_breakdown_even_after_scoring(bench, tmp_path):
    out = tmp_path / "run"
    evaluate(_cfg(bench), out, model=FakeModel())
    from polymed.data import load_benchmark

    ids = [it.id for it in load_benchmark("mmedbench", str(bench))]
    topics = tmp_path / "t.topics.jsonl"
    topics.write_text(
        "".join(
            json.dumps({"item_id": i, "topic": "Pharmacology" if k < 3 else "Hematology"}) + "\n"
            for k, i in enumerate(ids)
        )
    )
    untouched = FakeModel()
    res = evaluate(_cfg(bench, topics=str(topics)), out, model=untouched)
    assert untouched.requested == []
    assert res["topics"]["Pharmacology"]["n"] == 3 and res["topics"]["Hematology"]["n"] == 2
