"""Kendall τ agreement with human rankings, on hand-computed cases."""

from __future__ import annotations

import json
import math

import pytest

from judging._helpers import record, sample_items, write_run
from polymed.errors import PolymedError
from polymed.evaluation.compare import load_run
from polymed.judging import agreement, kendall_tau_b, load_human

TAU_ONE_TIE = 2 / math.sqrt(6)  # 3 runs, 2 concordant pairs, 1 pair tied on one side


def test_kendall_tau_b_by_hand():
    # pairs (1,2),(1,3) concordant, (2,3) discordant: (2 - 1) / 3
    assert kendall_tau_b([1, 2, 3], [1, 3, 2]) == pytest.approx(1 / 3)
    assert kendall_tau_b([1, 2, 3], [3, 2, 1]) == pytest.approx(-1)
    # τ-b with a tie in y: (2 - 0) / sqrt(3 * 2)
    assert kendall_tau_b([3, 2, 1], [1, 1, 0]) == pytest.approx(TAU_ONE_TIE)
    assert kendall_tau_b([1, 2, 3], [1, 1, 1]) is None
    assert kendall_tau_b([1], [1]) is None


@pytest.fixture
def runs(tmp_path):
    """Runs a, b, c on two English cases; their results.json accuracies are 0.9, 0.5, 0.7."""
    one, two = sample_items(["en"])[:2]
    specs = {
        "a": ([record(one, "x", True, scores={"bleu1": 10.0}), record(two, "x", True)], 0.9),
        "b": ([record(one, "x", True, scores={"bleu1": 30.0}), record(two, "x", True)], 0.5),
        "c": ([record(one, "x", False, scores={"bleu1": 20.0}), record(two, "x", True)], 0.7),
    }
    loaded = []
    for name, (recs, accuracy) in specs.items():
        path = write_run(tmp_path / name, recs, model=f"fake:{name}")
        results = json.loads((path / "results.json").read_text())
        results["languages"]["en"]["accuracy"] = accuracy
        results["languages"]["en"]["rationale"] = {
            "n": 2,
            "rouge1": {"a": 5.0, "b": 7.0, "c": 6.0}[name],
        }
        (path / "results.json").write_text(json.dumps(results))
        loaded.append(load_run(path))
    return loaded, ["a", "b", "c"], one.id, two.id


def write_csv(path, rows, header="item_id,run,rank"):
    path.write_text(header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


def test_agreement_by_hand(runs, tmp_path):
    loaded, labels, one, two = runs
    csv = write_csv(
        tmp_path / "human.csv",
        [(one, "a", 1), (one, "b", 2), (one, "c", 3), (two, "a", 1), (two, "b", 2), (two, "c", 3)],
    )
    human = load_human(csv, loaded, labels)
    assert human[one] == {"a": 3, "b": 2, "c": 1}
    verdicts = {
        one: {"case_id": one, "status": "judged", "scores": {"a": 3, "c": 2, "b": 1}},
        two: {"case_id": two, "status": "judged", "scores": {"a": 3, "b": 2, "c": 1}},
    }
    result = agreement(loaded, labels, human, verdicts)
    per_case, system = result["per_case"], result["system"]
    # judge: case one τ([3,2,1],[3,1,2]) = 1/3, case two τ = 1 -> mean 2/3
    assert per_case["judge"] == {"tau": pytest.approx(2 / 3), "cases": 2, "undefined": 0}
    # accuracy: case one [1,1,0] -> 2/sqrt(6); case two all correct -> no τ
    assert per_case["accuracy"] == {"tau": pytest.approx(TAU_ONE_TIE), "cases": 1, "undefined": 1}
    # bleu1 on case one only: a<c<b against a>b>c -> (1 - 2) / 3
    assert per_case["bleu1"] == {"tau": pytest.approx(-1 / 3), "cases": 1, "undefined": 0}
    # per run: human a=3 b=2 c=1; accuracy a=.9 b=.5 c=.7 -> 1/3; rouge1 5,7,6 -> -1/3
    assert system["accuracy"]["tau"] == pytest.approx(1 / 3)
    assert system["rouge1"]["languages"] == {"en": pytest.approx(-1 / 3)}
    # judge means a=3, b=1.5, c=1.5 -> one tie -> 2/sqrt(6)
    assert system["judge"]["tau"] == pytest.approx(TAU_ONE_TIE)
    assert "n" not in system and "invalid" not in system and "ci95" not in system
    assert result["cases"] == 2 and result["human_scores"]["en"] == {"a": 3, "b": 2, "c": 1}


def test_annotators_are_averaged_and_runs_named_by_model(runs, tmp_path):
    loaded, labels, one, _ = runs
    csv = write_csv(
        tmp_path / "human.csv",
        [
            (one, "fake:a", 1, "ann1"),
            (one, "fake:b", 2, "ann1"),
            (one, "fake:c", 3, "ann1"),
            (one, "a", 1, "ann2"),
            (one, "c", 2, "ann2"),
            (one, "b", 3, "ann2"),
        ],
        header="item_id,run,rank,annotator",
    )
    assert load_human(csv, loaded, labels) == {one: {"a": 3.0, "b": 1.5, "c": 1.5}}


@pytest.mark.parametrize(
    ("rows", "header", "message"),
    [
        ([("x", "nope", 1)], "item_id,run,rank", "2: run 'nope' is none of the runs"),
        ([("x", "a", 4)], "item_id,run,rank", "2: rank 4 is outside 1..3"),
        ([("x", "a", "first")], "item_id,run,rank", "2: rank 'first' is not a whole number"),
        ([("x", "a", 1), ("x", "a", 2)], "item_id,run,rank", "3: a is ranked twice"),
        ([("x", "a")], "item_id,run", "1: missing column(s) rank"),
    ],
)
def test_bad_human_files_point_at_the_line(runs, tmp_path, rows, header, message):
    loaded, labels, _, _ = runs
    csv = write_csv(tmp_path / "human.csv", rows, header)
    with pytest.raises(PolymedError) as info:
        load_human(csv, loaded, labels)
    assert f"human.csv:{message}" in info.value.message


def test_human_cases_must_be_in_the_runs(runs, tmp_path):
    loaded, labels, _, _ = runs
    csv = write_csv(tmp_path / "human.csv", [("elsewhere", "a", 1), ("elsewhere", "b", 2)])
    with pytest.raises(PolymedError, match="none of the human-ranked items"):
        agreement(loaded, labels, load_human(csv, loaded, labels))
