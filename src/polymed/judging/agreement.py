"""Agreement of automatic rankings with human rankings (the paper's Fig. 4b), by Kendall τ.

Human rankings come from a CSV file with one row per (case, run)::

    item_id,run,rank[,annotator]
    mmedbench/test/en/0,run-a,1
    mmedbench/test/en/0,run-b,2

``run`` is a run's label (its folder name), its path as given, or its model spec
(when unique); ``rank`` 1 is best; ties (equal ranks) are allowed.  With several
annotators, each (annotator, item) is one ranking and a run's human score for a case
is the mean of ``N + 1 - rank`` over annotators (N = number of runs).

τ is Kendall's τ-b (``scipy.stats.kendalltau``, which corrects for ties), between
the human scores and each other ranker's values (higher = better throughout):

* ``judge`` — the judge's per-case scores (``verdicts.jsonl``);
* ``accuracy`` — whether each run answered the case correctly (1/0);
* every numeric value a run's records carry in ``scores`` (e.g. ``bleu1``) or its
  ``results.json`` reports per language (``accuracy``, ``rationale.rouge1`` …).

Two levels are reported; the paper does not say which its Fig. 4b uses:

* ``per_case`` (the headline): τ over the runs within each case, averaged over the
  cases.  It matches the unit of the protocol — humans and the judge rank the runs
  per case — and stays informative with few runs.  Cases where either side has all
  runs tied (e.g. every run correct) have no τ and are counted as ``undefined``.
* ``system``: per language, τ over the runs between the human mean score and the
  ranker's per-run number for that language (judge: mean score on the same cases;
  metrics: ``results.json``), then averaged over languages.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from scipy.stats import kendalltau

from ..errors import PolymedError
from ..evaluation.compare import Run

#: numbers in ``results.json`` ``languages.<code>`` that count things, not quality
_NOT_METRICS = {"n", "invalid", "errors"}


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's τ-b of two equally long sequences; None when undefined (a constant side
    or fewer than two values)."""
    if len(x) != len(y):
        raise ValueError("kendall_tau_b needs sequences of equal length")
    if len(x) < 2:
        return None
    tau = kendalltau(x, y, variant="b").statistic
    return None if tau is None or math.isnan(tau) else float(tau)


def _aliases(runs: Sequence[Run], labels: Sequence[str]) -> dict[str, str]:
    """Names a CSV may use for a run -> its label (ambiguous names are left out)."""
    names: dict[str, set[str]] = defaultdict(set)
    for label, run in zip(labels, runs, strict=True):
        for name in (label, run.path.name, str(run.path), str(run.path.resolve()), run.model):
            names[name].add(label)
    return {name: next(iter(found)) for name, found in names.items() if len(found) == 1}


def load_human(
    path: str | Path, runs: Sequence[Run], labels: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Human scores by case id then run label (mean of ``N + 1 - rank`` over annotators)."""
    path = Path(path)
    if not path.exists():
        raise PolymedError("no such file", path)
    aliases = _aliases(runs, labels)
    n = len(labels)
    rankings: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        columns = {c.strip().lower(): c for c in reader.fieldnames or []}
        missing = [c for c in ("item_id", "run", "rank") if c not in columns]
        if missing:
            raise PolymedError(
                f"missing column(s) {', '.join(missing)} (need item_id, run, rank)", path, 1
            )
        for row in reader:
            line = reader.line_num
            item_id = (row[columns["item_id"]] or "").strip()
            name = (row[columns["run"]] or "").strip()
            annotator = (row.get(columns.get("annotator", ""), "") or "").strip()
            if not item_id and not name:
                continue
            if name not in aliases:
                raise PolymedError(
                    f"run {name!r} is none of the runs given ({', '.join(labels)})", path, line
                )
            try:
                rank = int((row[columns["rank"]] or "").strip())
            except ValueError:
                raise PolymedError(
                    f"rank {row[columns['rank']]!r} is not a whole number", path, line
                ) from None
            if not 1 <= rank <= n:
                raise PolymedError(f"rank {rank} is outside 1..{n}", path, line)
            ranking = rankings[(annotator, item_id)]
            label = aliases[name]
            if label in ranking:
                raise PolymedError(f"{label} is ranked twice for {item_id}", path, line)
            ranking[label] = rank
    if not rankings:
        raise PolymedError("no rankings in the file", path)
    sums: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for (_, item_id), ranking in rankings.items():
        for label, rank in ranking.items():
            sums[item_id][label].append(n + 1 - rank)
    return {
        item_id: {lab: sum(v) / len(v) for lab, v in by_label.items()}
        for item_id, by_label in sums.items()
    }


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def case_values(
    runs: Sequence[Run], labels: Sequence[str], verdicts: Mapping[str, dict[str, Any]] | None
) -> dict[str, dict[str, dict[str, float]]]:
    """Per ranker, per case id, per run label: the values that rank the runs on that case."""
    values: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for row in (verdicts or {}).values():
        if row.get("status") == "judged" and row.get("scores"):
            values["judge"][row["case_id"]] = {k: float(v) for k, v in row["scores"].items()}
    for label, run in zip(labels, runs, strict=True):
        for record in run.records:
            values["accuracy"][record.item_id][label] = 1.0 if record.correct else 0.0
            for key, value in (record.scores or {}).items():
                if _number(value) and key not in ("accuracy", "judge"):
                    values[key][record.item_id][label] = float(value)
    return values


def system_values(
    runs: Sequence[Run], labels: Sequence[str]
) -> dict[str, dict[str, dict[str, float]]]:
    """Per metric, per language, per run label: the numbers ``results.json`` reports."""
    values: dict[str, dict[str, dict[str, float]]] = defaultdict(lambda: defaultdict(dict))
    for label, run in zip(labels, runs, strict=True):
        for code, block in (run.results.get("languages") or {}).items():
            flat = {**block, **(block.get("rationale") or {})}  # rationale's own n included
            for key, value in flat.items():
                if key not in _NOT_METRICS and _number(value) and key != "judge":
                    values[key][code][label] = float(value)
    return values


def _case_languages(runs: Sequence[Run]) -> dict[str, str]:
    out: dict[str, str] = {}
    for run in runs:
        for record in run.records:
            out.setdefault(record.item_id, record.language)
    return out


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _tau_over(human: Mapping[str, float], other: Mapping[str, float]) -> float | None:
    common = [lab for lab in human if lab in other]
    return kendall_tau_b([human[lab] for lab in common], [other[lab] for lab in common])


def agreement(
    runs: Sequence[Run],
    labels: Sequence[str],
    human: Mapping[str, Mapping[str, float]],
    verdicts: Mapping[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Kendall τ-b of every ranker against the human scores (see the module docstring)."""
    per_case_values = case_values(runs, labels, verdicts)
    languages = _case_languages(runs)
    unknown = [case for case in human if case not in languages]
    if len(unknown) == len(human):
        raise PolymedError("none of the human-ranked items is in the runs' records")

    per_case: dict[str, dict[str, Any]] = {}
    for ranker, by_case in sorted(per_case_values.items(), key=lambda kv: kv[0] != "judge"):
        taus, undefined = [], 0
        for case, scores in human.items():
            if case not in by_case:
                continue
            tau = _tau_over(scores, by_case[case])
            if tau is None:
                undefined += 1
            else:
                taus.append(tau)
        if taus or undefined:
            per_case[ranker] = {"tau": _mean(taus), "cases": len(taus), "undefined": undefined}

    # human (and judge) mean score per language and run, over the human-ranked cases
    human_by_lang: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    judge_by_lang: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    judge = per_case_values.get("judge", {})
    for case, scores in human.items():
        if case not in languages:
            continue
        code = languages[case]
        for lab, value in scores.items():
            human_by_lang[code][lab].append(value)
        for lab, value in judge.get(case, {}).items():
            judge_by_lang[code][lab].append(value)
    human_means = {
        code: {lab: sum(v) / len(v) for lab, v in by_lab.items()}
        for code, by_lab in human_by_lang.items()
    }
    system_inputs = dict(system_values(runs, labels))
    if judge_by_lang:
        system_inputs = {
            "judge": {
                code: {lab: sum(v) / len(v) for lab, v in by_lab.items()}
                for code, by_lab in judge_by_lang.items()
            },
            **system_inputs,
        }
    system: dict[str, dict[str, Any]] = {}
    for ranker, by_lang in system_inputs.items():
        per_lang = {
            code: _tau_over(human_means[code], by_lang[code])
            for code in human_means
            if code in by_lang
        }
        if per_lang:
            defined = [t for t in per_lang.values() if t is not None]
            system[ranker] = {"tau": _mean(defined), "languages": per_lang}

    return {
        "tau": "kendall tau-b (scipy.stats.kendalltau)",
        "runs": list(labels),
        "cases": len(human) - len(unknown),
        "unknown_cases": len(unknown),
        "human_scores": human_means,
        "per_case": per_case,
        "system": system,
    }
