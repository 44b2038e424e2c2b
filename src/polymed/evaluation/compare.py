"""Paired comparison of two runs on the same benchmark: is B really better than A?

Items are paired by ``item_id``; items present in only one run are counted and left
out.  Per language, over all paired items (``overall``) and as a mean over languages
(``macro``, the paper's "Avg."), the result gives both accuracies, the difference
``B - A`` and:

* ``p_mcnemar`` — exact McNemar test: under H0 the discordant items (right in one run
  only) are equally likely to favour either run, so the count favouring B is
  Binomial(b + c, 1/2); two-sided ``scipy.stats.binomtest``.  1.0 when b + c = 0.
  Not defined for ``macro``.
* ``ci95`` and ``p_bootstrap`` — paired bootstrap, seeded, 10,000 resamples.  Each
  paired item contributes -1, 0 or +1 to the difference, so resampling n items is the
  same as drawing the three counts from a multinomial; that is how it is computed
  (exact in distribution, O(resamples) instead of O(resamples x n)).  ``ci95`` is the
  percentile interval; ``p_bootstrap`` is two-sided, from the resampled differences
  shifted to mean zero: ``(1 + #{|d* - d| >= |d|}) / (R + 1)``.  ``macro`` resamples
  within each language (stratified).

Items whose request failed count as wrong, as in ``results.json``.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.stats import binomtest

from ..errors import PolymedError
from ..languages import LANGUAGES
from ..records import Record

log = logging.getLogger(__name__)

TESTS = ("mcnemar", "bootstrap")
RESAMPLES = 10_000


@dataclass
class Run:
    """A finished run directory: its ``config.json``, ``results.json`` and records."""

    path: Path
    config: dict[str, Any]
    results: dict[str, Any]
    records: list[Record]

    def _fact(self, key: str, default: Any = None) -> Any:
        return self.config.get(key, self.results.get(key, default))

    @property
    def benchmark(self) -> str:
        return self._fact("benchmark", "mmedbench")

    @property
    def split(self) -> str:
        return self._fact("split", "test")

    @property
    def model(self) -> str:
        return str(self._fact("model", "?"))

    @property
    def mode(self) -> str | None:
        return self._fact("mode")

    def by_id(self) -> dict[str, Record]:
        return {r.item_id: r for r in self.records}


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise PolymedError(f"not valid JSON ({exc})", path) from exc
    if not isinstance(data, dict):
        raise PolymedError("expected a JSON object", path)
    return data


def read_records(path: str | Path) -> list[Record]:
    """Records from a run's ``records.jsonl`` (unknown keys are ignored)."""
    path = Path(path)
    records = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                records.append(Record.from_dict(data))
            except (ValueError, TypeError) as exc:
                raise PolymedError(f"not a record ({exc})", path, number) from exc
    return records


def load_run(path: str | Path) -> Run:
    """Read a run directory written by ``polymed eval``."""
    path = Path(path)
    if not path.is_dir():
        raise PolymedError("no such run directory", path)
    records_path = path / "records.jsonl"
    if not records_path.exists():
        raise PolymedError("not a finished run directory: no records.jsonl", path)
    return Run(
        path=path,
        config=_read_json(path / "config.json"),
        results=_read_json(path / "results.json"),
        records=read_records(records_path),
    )


def check_same_benchmark(runs: list[Run]) -> None:
    """Refuse runs on different benchmarks or splits: their items cannot be paired."""
    first = runs[0]
    for run in runs[1:]:
        if run.benchmark != first.benchmark:
            raise PolymedError(
                f"runs are on different benchmarks: {first.path} is {first.benchmark!r}, "
                f"{run.path} is {run.benchmark!r}"
            )
        if run.split != first.split:
            raise PolymedError(
                f"runs are on different splits: {first.path} is {first.split!r}, "
                f"{run.path} is {run.split!r}"
            )


def mcnemar_p(a_only: int, b_only: int) -> float:
    """Exact two-sided McNemar p-value from the two discordant counts."""
    if a_only + b_only == 0:
        return 1.0
    return float(binomtest(b_only, a_only + b_only, 0.5).pvalue)


def _resampled_differences(
    n: int, a_only: int, b_only: int, rng: np.random.Generator, resamples: int
) -> np.ndarray:
    """Paired-bootstrap draws of accuracy(B) - accuracy(A) for one block of n items."""
    probs = [a_only / n, b_only / n, max(0.0, 1.0 - (a_only + b_only) / n)]
    counts = rng.multinomial(n, probs, size=resamples)
    return (counts[:, 1] - counts[:, 0]) / n


def _bootstrap_summary(draws: np.ndarray, observed: float) -> dict[str, Any]:
    lo, hi = np.quantile(draws, [0.025, 0.975])
    extreme = np.abs(draws - draws.mean()) >= abs(observed) - 1e-12
    return {
        "ci95": [float(lo), float(hi)],
        "p_bootstrap": float((1 + extreme.sum()) / (len(draws) + 1)),
    }


def _block(pairs: list[tuple[bool, bool]]) -> dict[str, Any]:
    n = len(pairs)
    a_only = sum(1 for a, b in pairs if a and not b)
    b_only = sum(1 for a, b in pairs if b and not a)
    acc_a = sum(a for a, _ in pairs) / n
    acc_b = sum(b for _, b in pairs) / n
    return {
        "n": n,
        "accuracy_a": acc_a,
        "accuracy_b": acc_b,
        "difference": acc_b - acc_a,
        "a_only": a_only,
        "b_only": b_only,
        "p_mcnemar": mcnemar_p(a_only, b_only),
    }


def _language_order(code: str) -> tuple[int, str]:
    return (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES), code)


def compare_runs(
    run_a: Run, run_b: Run, test: str = "mcnemar", seed: int = 0, resamples: int = RESAMPLES
) -> dict[str, Any]:
    """The paired comparison of two loaded runs (see the module docstring); ``p`` in
    each block is the p-value of ``test``."""
    if test not in TESTS:
        raise PolymedError(f"unknown test {test!r} (choose from {', '.join(TESTS)})")
    check_same_benchmark([run_a, run_b])
    a, b = run_a.by_id(), run_b.by_id()
    paired_ids = [i for i in a if i in b]
    if not paired_ids:
        raise PolymedError(f"{run_a.path} and {run_b.path} have no items in common")
    if run_a.mode != run_b.mode:
        log.info("comparing a %s run with a %s run", run_a.mode, run_b.mode)

    by_lang: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for item_id in paired_ids:
        by_lang[a[item_id].language].append((bool(a[item_id].correct), bool(b[item_id].correct)))
    rng = np.random.default_rng(seed)
    languages: dict[str, dict[str, Any]] = {}
    lang_draws = []
    for code in sorted(by_lang, key=_language_order):
        block = _block(by_lang[code])
        draws = _resampled_differences(block["n"], block["a_only"], block["b_only"], rng, resamples)
        lang_draws.append(draws)
        languages[code] = {**block, **_bootstrap_summary(draws, block["difference"])}

    overall = _block([pair for pairs in by_lang.values() for pair in pairs])
    draws = _resampled_differences(
        overall["n"], overall["a_only"], overall["b_only"], rng, resamples
    )
    overall.update(_bootstrap_summary(draws, overall["difference"]))

    macro_a = float(np.mean([blk["accuracy_a"] for blk in languages.values()]))
    macro_b = float(np.mean([blk["accuracy_b"] for blk in languages.values()]))
    macro: dict[str, Any] = {
        "n": overall["n"],
        "accuracy_a": macro_a,
        "accuracy_b": macro_b,
        "difference": macro_b - macro_a,
        "p_mcnemar": None,
        **_bootstrap_summary(np.mean(lang_draws, axis=0), macro_b - macro_a),
    }
    for block in [*languages.values(), overall, macro]:
        block["p"] = block[f"p_{test}"]
    return {
        "run_a": {"path": str(run_a.path), "model": run_a.model, "mode": run_a.mode},
        "run_b": {"path": str(run_b.path), "model": run_b.model, "mode": run_b.mode},
        "benchmark": run_a.benchmark,
        "split": run_a.split,
        "test": test,
        "seed": seed,
        "resamples": resamples,
        "paired": len(paired_ids),
        "unpaired": {
            "only_a": sum(1 for i in a if i not in b),
            "only_b": sum(1 for i in b if i not in a),
        },
        "languages": languages,
        "overall": overall,
        "macro": macro,
    }
