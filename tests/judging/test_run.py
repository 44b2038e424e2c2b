"""The judging protocol: sampling, per-case shuffle, retries, scores, resume."""

from __future__ import annotations

import json
import re

import pytest

from judging._helpers import FakeModel, Unusable, record, sample_items, write_run
from polymed.errors import PolymedError
from polymed.judging import JudgeSettings, judge_runs
from polymed.judging.run import VERDICTS, default_out_dir, shown_order
from polymed.records import Response

BLOCK = re.compile(r"\[Model (\d+)\]\n(.*?)\n\[End of Model \1\]", re.S)
QUALITY = re.compile(r"QUALITY=(\d+)")


def by_quality(request) -> str:
    """A judge that ranks by the QUALITY=k each output carries (higher first)."""
    shown = {
        int(k): int(QUALITY.search(text).group(1)) for k, text in BLOCK.findall(request.prompt)
    }
    order = sorted(shown, key=lambda k: -shown[k])
    return "Some reasoning about Model 1.\nRanking: " + ", ".join(f"Model {k}" for k in order)


@pytest.fixture
def three_runs(tmp_path):
    """Runs a, b, c with outputs of quality 1, 3, 2 on every sample item."""
    items = sample_items()
    dirs = []
    for name, quality in (("a", 1), ("b", 3), ("c", 2)):
        recs = [
            record(it, f"Reason: text {name} QUALITY={quality} [End] Answer: A") for it in items
        ]
        dirs.append(write_run(tmp_path / name, recs, model=f"fake:{name}"))
    return dirs


def settings(**kw) -> JudgeSettings:
    return JudgeSettings(**{"judge": "fake:judge", "sample": None, **kw})


def rows(out) -> list[dict]:
    return [json.loads(line) for line in (out / VERDICTS).read_text().splitlines()]


def test_scores_map_back_through_the_shuffle(three_runs, tmp_path):
    judge = FakeModel(by_quality)
    out = tmp_path / "judged"
    results = judge_runs(three_runs, out, settings(), model=judge)
    n_cases = 60  # the sample's items with a human-checked reference rationale (10 per language)
    assert results["overall"]["judged"] == n_cases and results["overall"]["failed"] == 0
    assert results["overall"]["scores"] == {"a": 1.0, "b": 3.0, "c": 2.0}
    for block in results["languages"].values():
        assert block["scores"] == {"a": 1.0, "b": 3.0, "c": 2.0}
    assert results["macro_scores"] == {"a": 1.0, "b": 3.0, "c": 2.0}
    written = rows(out)
    assert len(written) == n_cases
    # the order shown really varies across cases, and "b" sits at every position somewhere
    assert len({tuple(r["order"]) for r in written}) >= 4
    assert {r["order"].index("b") for r in written} == {0, 1, 2}
    for r in written:
        assert r["ranking"] == ["b", "c", "a"] and r["tries"] == 1 and r["status"] == "judged"
        assert r["scores"] == {"b": 3, "c": 2, "a": 1}
    # the prompt carries the protocol's pieces
    request = judge.requests[0]
    assert "impartial judge" in request.system and "three AI assistants" in request.system
    for part in ("[Question]", "[Options]", "[Correct answer]", "[Reference rationale]"):
        assert part in request.prompt
    saved = json.loads((out / "judge_results.json").read_text())
    assert saved["runs"][1] == {
        "label": "b",
        "path": str(three_runs[1]),
        "model": "fake:b",
        "mode": "rationale",
    }


def test_shuffle_is_seeded_per_case():
    assert shown_order(0, "x", 5) == shown_order(0, "x", 5)
    assert sorted(shown_order(0, "x", 5)) == [0, 1, 2, 3, 4]
    assert len({tuple(shown_order(s, "x", 5)) for s in range(20)}) > 5


def test_reference_only_by_default(three_runs, tmp_path):
    judge = FakeModel(by_quality)
    kept = judge_runs(three_runs, tmp_path / "j1", settings(languages=["en"]), model=judge)
    assert kept["overall"]["judged"] == 10  # 2 sample items failed the human check
    every = judge_runs(
        three_runs, tmp_path / "j2", settings(languages=["en"], reference_only=False), model=judge
    )
    assert every["overall"]["judged"] == 12


def test_sample_per_language_and_languages(three_runs, tmp_path):
    out = tmp_path / "judged"
    results = judge_runs(
        three_runs, out, settings(sample=3, languages=["en", "fr"]), model=FakeModel(by_quality)
    )
    assert list(results["languages"]) == ["en", "fr"]
    assert all(b["judged"] == 3 for b in results["languages"].values())


def test_unreadable_verdict_is_retried_with_a_reminder(three_runs, tmp_path):
    def first_garbage(request):
        if "could not be read" in request.prompt:
            return by_quality(request)
        return "Ranking: Model 1 > Model 2"  # incomplete

    judge = FakeModel(first_garbage)
    results = judge_runs(three_runs, tmp_path / "j", settings(languages=["en"]), model=judge)
    assert results["overall"]["judged"] == 10 and results["overall"]["failed"] == 0
    assert all(r["tries"] == 2 for r in rows(tmp_path / "j"))
    assert len(judge.requests) == 20
    assert "lists 2 of the 3 models" in judge.requests[-1].prompt


def test_never_readable_is_recorded_failed_not_dropped(three_runs, tmp_path):
    judge = FakeModel(lambda request: "All three are equally good.")
    results = judge_runs(three_runs, tmp_path / "j", settings(languages=["ja"]), model=judge)
    assert results["languages"]["ja"] == {
        "cases": 10,
        "judged": 0,
        "failed": 10,
        "scores": {"a": None, "b": None, "c": None},
    }
    written = rows(tmp_path / "j")
    assert len(written) == 10 and len(judge.requests) == 30
    for r in written:
        assert r["status"] == "unparseable" and r["tries"] == 3 and r["ranking"] is None
        assert r["error"] == "no ranking found" and r["verdict"] == "All three are equally good."


def test_resume_skips_judged_cases(three_runs, tmp_path):
    out = tmp_path / "j"
    first = judge_runs(three_runs, out, settings(sample=2), model=FakeModel(by_quality))
    # nothing left: the judge is not called (nor loaded)
    again = judge_runs(three_runs, out, settings(sample=2), model=Unusable())
    assert again["overall"] == first["overall"]
    # a larger sample keeps the earlier cases and judges only the new ones
    judge = FakeModel(by_quality)
    more = judge_runs(three_runs, out, settings(sample=3), model=judge)
    assert more["overall"]["judged"] == 18 and len(judge.requests) == 6
    assert len(rows(out)) == 18


def test_resume_after_a_torn_write_and_backend_errors(three_runs, tmp_path):
    out = tmp_path / "j"
    flaky = FakeModel(lambda r: Response(error="HTTP 503 after 5 retries"))
    results = judge_runs(three_runs, out, settings(languages=["ru"]), model=flaky)
    assert results["overall"]["failed"] == 10
    assert {r["status"] for r in rows(out)} == {"backend_error"}
    with open(out / VERDICTS, "a") as fh:
        fh.write('{"case_id": "cut sho')  # a crash in the middle of a write
    results = judge_runs(three_runs, out, settings(languages=["ru"]), model=FakeModel(by_quality))
    assert results["overall"]["judged"] == 10
    assert len(rows(out)) == 20  # the errors stay in the journal; the last row wins


def test_a_different_judging_run_is_refused(three_runs, tmp_path):
    out = tmp_path / "j"
    judge_runs(three_runs, out, settings(sample=1), model=FakeModel(by_quality))
    with pytest.raises(PolymedError, match="seed"):
        judge_runs(three_runs, out, settings(sample=1, seed=1), model=FakeModel(by_quality))


def test_runs_must_share_a_benchmark(tmp_path):
    items = sample_items(["en"])
    a = write_run(tmp_path / "a", [record(it, "x") for it in items])
    b = write_run(tmp_path / "b", [record(it, "x") for it in items], benchmark="medexpqa")
    with pytest.raises(PolymedError, match="different benchmarks"):
        judge_runs([a, b], tmp_path / "j", settings(), model=Unusable())
    with pytest.raises(PolymedError, match="at least two"):
        judge_runs([a], tmp_path / "j", settings(), model=Unusable())


def test_only_items_every_run_answered(tmp_path):
    items = sample_items(["en"])
    a = write_run(tmp_path / "a", [record(it, "QUALITY=1") for it in items])
    b = write_run(tmp_path / "b", [record(it, "QUALITY=2") for it in items[:5]])
    results = judge_runs(
        [a, b], tmp_path / "j", settings(reference_only=False), model=FakeModel(by_quality)
    )
    assert results["overall"]["judged"] == 5
    assert results["overall"]["scores"] == {"a": 1.0, "b": 2.0}


def test_default_out_dir_is_stable(tmp_path):
    first = default_out_dir([tmp_path / "a", tmp_path / "b"], "openai:gpt-4o@https://x/v1")
    assert first == default_out_dir([tmp_path / "a", tmp_path / "b"], "openai:gpt-4o@https://x/v1")
    assert first.parent.name == "runs" and first.name.startswith("judge-openai-gpt-4o")
    assert first != default_out_dir([tmp_path / "b", tmp_path / "a"], "openai:gpt-4o@https://x/v1")
