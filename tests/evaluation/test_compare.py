"""Paired comparison of two runs: McNemar and bootstrap on known answers."""

from __future__ import annotations

import json

import numpy as np
import pytest

from polymed.errors import PolymedError
from polymed.evaluation.compare import compare_runs, load_run, mcnemar_p
from polymed.evaluation.results import aggregate
from polymed.records import Record


def rec(item_id: str, correct: bool, language: str = "en") -> Record:
    return Record(item_id, language, ["A"], ["A" if correct else "B"], correct, False)


def write(path, records, benchmark="mmedbench", split="test", model="m"):
    path.mkdir(parents=True)
    config = {"model": model, "benchmark": benchmark, "split": split, "mode": "generate"}
    (path / "config.json").write_text(json.dumps(config))
    (path / "records.jsonl").write_text("".join(json.dumps(r.to_dict()) + "\n" for r in records))
    (path / "results.json").write_text(json.dumps(aggregate(records, config)))
    return load_run(path)


@pytest.fixture
def fixes_ten(tmp_path):
    """30 items: A right on 10; B right on those 10 and fixes 10 more; breaks none."""
    a = [rec(f"q{i}", i < 10) for i in range(30)]
    b = [rec(f"q{i}", i < 20) for i in range(30)]
    return write(tmp_path / "a", a), write(tmp_path / "b", b)


def test_mcnemar_known_answer(fixes_ten):
    result = compare_runs(*fixes_ten)
    en = result["languages"]["en"]
    assert en["n"] == 30 and en["a_only"] == 0 and en["b_only"] == 10
    assert en["accuracy_a"] == pytest.approx(1 / 3) and en["accuracy_b"] == pytest.approx(2 / 3)
    assert en["difference"] == pytest.approx(1 / 3)
    assert en["p_mcnemar"] == pytest.approx(2 * 0.5**10)  # 0.001953125
    assert en["p"] == en["p_mcnemar"]
    assert result["overall"]["p_mcnemar"] == pytest.approx(0.001953125)
    assert result["paired"] == 30 and result["unpaired"] == {"only_a": 0, "only_b": 0}


def test_mcnemar_counts_only_discordant_pairs():
    assert mcnemar_p(0, 0) == 1.0
    assert mcnemar_p(5, 5) == pytest.approx(1.0)
    assert mcnemar_p(1, 0) == pytest.approx(1.0)
    assert mcnemar_p(3, 0) == pytest.approx(0.25)


def test_bootstrap_known_answer_and_seeded(fixes_ten):
    result = compare_runs(*fixes_ten, test="bootstrap")
    en = result["languages"]["en"]
    lo, hi = en["ci95"]
    assert 0 < lo < 1 / 3 < hi
    assert en["p"] == en["p_bootstrap"] and en["p_bootstrap"] < 0.01
    assert compare_runs(*fixes_ten, test="bootstrap") == result
    assert result["seed"] == 0 and result["resamples"] == 10_000


def test_multinomial_bootstrap_matches_resampling_items(fixes_ten):
    """The multinomial shortcut has the distribution of resampling items with replacement."""
    lo, hi = compare_runs(*fixes_ten)["languages"]["en"]["ci95"]
    diffs = np.array([1.0] * 10 + [0.0] * 20)  # B - A per item
    rng = np.random.default_rng(123)
    naive = diffs[rng.integers(0, 30, size=(10_000, 30))].mean(axis=1)
    n_lo, n_hi = np.quantile(naive, [0.025, 0.975])
    assert lo == pytest.approx(n_lo, abs=0.04) and hi == pytest.approx(n_hi, abs=0.04)


def test_no_difference_gives_p_one(tmp_path):
    records = [rec(f"q{i}", i % 2 == 0) for i in range(20)]
    result = compare_runs(write(tmp_path / "a", records), write(tmp_path / "b", records))
    en = result["languages"]["en"]
    assert en["difference"] == 0 and en["p_mcnemar"] == 1.0 and en["ci95"] == [0.0, 0.0]
    assert compare_runs(
        write(tmp_path / "c", records), write(tmp_path / "d", records), test="bootstrap"
    )["overall"]["p"] == pytest.approx(1.0)


def test_languages_unpaired_items_and_macro(tmp_path):
    a = [rec("e1", True), rec("e2", False), rec("z1", False, "zh"), rec("z2", False, "zh")]
    a.append(rec("only-a", True))
    b = [rec("e1", True), rec("e2", True), rec("z1", True, "zh"), rec("z2", False, "zh")]
    b += [rec("only-b1", True), rec("only-b2", False, "zh")]
    result = compare_runs(write(tmp_path / "a", a), write(tmp_path / "b", b))
    assert result["unpaired"] == {"only_a": 1, "only_b": 2} and result["paired"] == 4
    assert list(result["languages"]) == ["en", "zh"]
    assert result["languages"]["zh"]["difference"] == pytest.approx(0.5)
    assert result["overall"]["accuracy_a"] == pytest.approx(0.25)
    assert result["macro"]["accuracy_a"] == pytest.approx(0.25)  # (0.5 + 0) / 2
    assert result["macro"]["accuracy_b"] == pytest.approx(0.75)  # (1 + 0.5) / 2
    assert result["macro"]["p_mcnemar"] is None and len(result["macro"]["ci95"]) == 2


def test_refuses_other_benchmarks_and_disjoint_runs(tmp_path):
    a = write(tmp_path / "a", [rec("q1", True)])
    with pytest.raises(PolymedError, match="different benchmarks"):
        compare_runs(a, write(tmp_path / "b", [rec("q1", True)], benchmark="medexpqa"))
    with pytest.raises(PolymedError, match="different splits"):
        compare_runs(a, write(tmp_path / "c", [rec("q1", True)], split="train"))
    with pytest.raises(PolymedError, match="no items in common"):
        compare_runs(a, write(tmp_path / "d", [rec("q2", True)]))
    with pytest.raises(PolymedError, match="unknown test"):
        compare_runs(a, a, test="t-test")


def test_load_run_errors(tmp_path):
    with pytest.raises(PolymedError, match="no such run directory"):
        load_run(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(PolymedError, match="no records.jsonl"):
        load_run(tmp_path / "empty")
    (tmp_path / "empty" / "records.jsonl").write_text('{"item_id": "q1"}\n{oops\n')
    with pytest.raises(PolymedError) as info:
        load_run(tmp_path / "empty")
    assert info.value.line == 1
