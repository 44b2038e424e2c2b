"""Relative ranking of N runs by an LLM judge (the paper's appendix A.0.3 protocol).

For each sampled case (an item answered by every run) the judge sees the question,
options, correct answer, reference rationale and the N runs' outputs in an order
shuffled per case (seeded by ``seed`` and the case id), labelled ``Model 1..N``, and
ranks them best to worst.  Ranks are mapped back through the shuffle to runs; rank r
scores ``N + 1 - r`` (N for the best, 1 for the worst), as in the paper.

Output folder:

* ``judge_config.json`` — the runs, judge, seed and prompt version; a re-run with the
  same folder must match it (``--sample`` and ``--languages`` may change: they only
  select cases, and a case's shuffle depends on the seed and its id alone).
* ``verdicts.jsonl`` — one row per case, appended and fsynced as each case finishes:
  ``case_id, language, order`` (run labels in the order shown), ``verdict`` (the raw
  reply), ``ranking`` (run labels, best first), ``scores``, ``tries``, ``status``
  (``judged``, ``unparseable`` after ``max_tries`` unreadable replies, or
  ``backend_error``) and ``error``.  A re-run skips judged and unparseable cases and
  retries backend errors; the last row of a case wins.
* ``judge_results.json`` — mean score per run, per language and overall, with the
  numbers of cases judged and failed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .._io import atomic_write_json
from .._journal import Journal, read_journal
from ..data import load_benchmark
from ..errors import PolymedError
from ..evaluation.compare import Run, check_same_benchmark, load_run
from ..languages import LANGUAGES
from ..models import Model, load_model
from ..records import Item, Record
from .prompt import PROMPT_VERSION, judge_request
from .verdict import VerdictError, parse_ranking

log = logging.getLogger(__name__)

VERDICTS = "verdicts.jsonl"
CONFIG = "judge_config.json"
RESULTS = "judge_results.json"
#: statuses a re-run does not redo
FINAL = ("judged", "unparseable")


@dataclass
class JudgeSettings:
    #: model spec of the judge (e.g. ``openai:gpt-4o@https://api.openai.com/v1``)
    judge: str
    #: at most this many cases per language (the paper: 50); None = every eligible case
    sample: int | None = 50
    seed: int = 0
    languages: list[str] | None = None
    #: only items with a reference rationale that did not fail the human check
    reference_only: bool = True
    #: replies per case before it is recorded as ``unparseable``
    max_tries: int = 3
    max_new_tokens: int = 1024
    #: benchmark file/folder/zip; None = what the first run's config.json names
    data: str | None = None
    #: backend settings for the judge (``concurrency`` …): not part of the identity
    backend: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.sample is not None and self.sample < 1:
            raise PolymedError("--sample must be at least 1")
        if self.max_tries < 1:
            raise PolymedError("max_tries must be at least 1")


@dataclass
class Case:
    item: Item
    #: what each run answered, in the order the runs were given
    responses: list[str]

    @property
    def id(self) -> str:
        return self.item.id


def run_labels(paths: Sequence[str | Path]) -> list[str]:
    """Folder names when they are unique, else the paths as given."""
    names = [Path(p).name or str(p) for p in paths]
    if len(set(names)) == len(names):
        return names
    full = [str(p) for p in paths]
    if len(set(full)) != len(full):
        raise PolymedError("the same run directory is given twice")
    return full


def default_out_dir(paths: Sequence[str | Path], judge: str | None) -> Path:
    """``runs/judge-<judge model>-<hash of the run folders>``: the same command, the same
    folder (the judge's server URL is left out of the name)."""
    digest = hashlib.sha256(
        json.dumps([str(Path(p).resolve()) for p in paths]).encode()
    ).hexdigest()[:8]
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", (judge or "").split("@", 1)[0]).strip("-")[:40]
    return Path("runs") / ("-".join(filter(None, ["judge", slug, digest])))


def shown_order(seed: int, case_id: str, n: int) -> list[int]:
    """Run indices in the order shown to the judge (position 0 is ``Model 1``)."""
    order = list(range(n))
    random.Random(f"{seed}:{case_id}").shuffle(order)
    return order


def response_text(record: Record) -> str:
    """What the judge sees of a run's answer: its full output (rationale and answer);
    for a run without generated text (loglik), its chosen option letters."""
    if record.output and record.output.strip():
        return record.output
    if record.rationale and record.rationale.strip():
        return record.rationale
    if record.error is not None:
        return "(no response)"
    return f"Answer: {', '.join(record.predicted) or '(none)'}"


def _has_reference(item: Item) -> bool:
    return bool(item.rationale or item.full_answer) and item.human_check_passed is not False


def _language_order(code: str) -> tuple[int, str]:
    return (LANGUAGES.index(code) if code in LANGUAGES else len(LANGUAGES), code)


def select_cases(runs: Sequence[Run], items: Sequence[Item], settings: JudgeSettings) -> list[Case]:
    """Items answered by every run (and with a reference when ``reference_only``), at
    most ``sample`` per language, drawn by a seeded shuffle of the sorted ids — so a
    larger ``sample`` keeps every case of a smaller one."""
    by_run = [run.by_id() for run in runs]
    common = set(by_run[0]).intersection(*by_run[1:])
    by_lang: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        if item.id not in common:
            continue
        if settings.languages and item.language not in settings.languages:
            continue
        if settings.reference_only and not _has_reference(item):
            continue
        by_lang[item.language].append(item)
    missing = common - {it.id for it in items}
    if missing:
        log.warning("%d item(s) of the runs are not in the benchmark data: skipped", len(missing))
    cases = []
    for code in sorted(by_lang, key=_language_order):
        chosen = sorted(by_lang[code], key=lambda it: it.id)
        random.Random(f"{settings.seed}:{code}").shuffle(chosen)
        if settings.sample is not None:
            chosen = chosen[: settings.sample]
        for item in chosen:
            cases.append(Case(item, [response_text(r[item.id]) for r in by_run]))
    return cases


def _identity(runs: Sequence[Run], labels: Sequence[str], settings: JudgeSettings) -> dict:
    return {
        "runs": [{"label": lab, "model": run.model} for lab, run in zip(labels, runs, strict=True)],
        "judge": settings.judge,
        "seed": settings.seed,
        "prompt": PROMPT_VERSION,
        "benchmark": runs[0].benchmark,
        "split": runs[0].split,
    }


def _check_identity(out: Path, identity: dict[str, Any]) -> None:
    path = out / CONFIG
    if not path.exists():
        return
    stored = json.loads(path.read_text(encoding="utf-8")).get("identity")
    if stored != identity:
        keys = sorted(k for k in identity if (stored or {}).get(k) != identity[k])
        raise PolymedError(
            "this folder holds verdicts of a different judging run (differs in "
            + ", ".join(keys)
            + "); choose another --out",
            path,
        )


def load_runs(run_dirs: Sequence[str | Path]) -> tuple[list[Run], list[str]]:
    """The runs, checked to be on one benchmark, and their labels."""
    if len(run_dirs) < 2:
        raise PolymedError("give at least two run directories to rank")
    runs = [load_run(p) for p in run_dirs]
    check_same_benchmark(runs)
    return runs, run_labels(run_dirs)


def benchmark_items(runs: Sequence[Run], data: str | None) -> list[Item]:
    """The benchmark items the runs answered (their questions and references)."""
    sources = {run.config.get("data") for run in runs}
    if data is None and len(sources) > 1:
        log.warning("the runs name different data paths; using the first run's")
    path = data if data is not None else runs[0].config.get("data")
    try:
        return load_benchmark(runs[0].benchmark, path, runs[0].split)
    except PolymedError as exc:
        raise PolymedError(
            f"{exc.message} (reading the runs' benchmark; pass --data to point at it)"
        ) from exc


def judge_runs(
    run_dirs: Sequence[str | Path],
    out_dir: str | Path,
    settings: JudgeSettings,
    model: Model | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Judge (or resume judging) the runs and return the ``judge_results.json`` content.

    ``model`` may be passed instead of loading ``settings.judge``; it is loaded only
    when cases are left to judge.
    """
    out = Path(out_dir)
    runs, labels = load_runs(run_dirs)
    cases = select_cases(runs, benchmark_items(runs, settings.data), settings)
    if not cases:
        raise PolymedError(
            "no case to judge: no item is answered by every run"
            + (
                " and has a reference rationale (try --all-items)"
                if settings.reference_only
                else ""
            )
        )
    identity = _identity(runs, labels, settings)
    _check_identity(out, identity)
    rows = read_journal(out / VERDICTS, "case_id")
    pending = [c for c in cases if rows.get(c.id, {}).get("status") not in FINAL]
    total = len(cases)
    if on_start:
        on_start(total, total - len(pending))
    describe = None
    if pending:
        if model is None:
            model = load_model(settings.judge, **(settings.backend or {}))
        describe = model.describe()
        atomic_write_json(
            out / CONFIG,
            {"identity": identity, "settings": asdict(settings), "judge_settings": describe},
        )
        with Journal(out / VERDICTS) as journal:
            done = total - len(pending)
            for row in _judge(model, pending, labels, settings):
                journal.append(row)
                rows[row["case_id"]] = row
                done += 1
                if on_progress:
                    on_progress(done, total)
    results = summarize([rows[c.id] for c in cases if c.id in rows], labels)
    results = {
        "judge": settings.judge,
        "benchmark": runs[0].benchmark,
        "split": runs[0].split,
        "seed": settings.seed,
        "sample": settings.sample,
        "prompt": PROMPT_VERSION,
        "runs": [
            {"label": lab, "path": str(run.path), "model": run.model, "mode": run.mode}
            for lab, run in zip(labels, runs, strict=True)
        ],
        **results,
    }
    atomic_write_json(out / RESULTS, results)
    return results


def _row(case: Case, labels: Sequence[str], order: list[int], **fields: Any) -> dict[str, Any]:
    return {
        "case_id": case.id,
        "language": case.item.language,
        "order": [labels[i] for i in order],
        "verdict": None,
        "ranking": None,
        "scores": None,
        "tries": 0,
        "status": "judged",
        "error": None,
        **fields,
    }


def _judge(model: Model, cases: list[Case], labels: Sequence[str], settings: JudgeSettings) -> Any:
    """Yield one finished row per case; unreadable verdicts are asked again with a
    stricter reminder, up to ``settings.max_tries`` replies per case."""
    n = len(labels)
    orders = {c.id: shown_order(settings.seed, c.id, n) for c in cases}
    failures: dict[str, str] = {}
    todo = cases
    for attempt in range(1, settings.max_tries + 1):
        if not todo:
            return
        requests = [
            judge_request(
                c.item,
                [c.responses[i] for i in orders[c.id]],
                settings.max_new_tokens,
                failure=failures.get(c.id),
            )
            for c in todo
        ]
        again = []
        for index, response in model.generate(requests):
            case = todo[index]
            order = orders[case.id]
            if response.error is not None:
                log.warning("case %s: judge request failed: %s", case.id, response.error)
                yield _row(
                    case, labels, order, tries=attempt, status="backend_error", error=response.error
                )
                continue
            try:
                shown = parse_ranking(response.text, n)
            except VerdictError as exc:
                if attempt < settings.max_tries:
                    failures[case.id] = exc.reason
                    again.append(case)
                    continue
                log.warning("case %s: no readable ranking after %d tries", case.id, attempt)
                yield _row(
                    case,
                    labels,
                    order,
                    verdict=response.text,
                    tries=attempt,
                    status="unparseable",
                    error=exc.reason,
                )
                continue
            ranking = [labels[order[k - 1]] for k in shown]
            yield _row(
                case,
                labels,
                order,
                verdict=response.text,
                ranking=ranking,
                scores={lab: n - r for r, lab in enumerate(ranking)},
                tries=attempt,
            )
        todo = again


def _means(rows: Sequence[dict[str, Any]], labels: Sequence[str]) -> dict[str, Any]:
    judged = [r for r in rows if r["status"] == "judged"]
    scores = {
        lab: (sum(r["scores"][lab] for r in judged) / len(judged) if judged else None)
        for lab in labels
    }
    return {
        "cases": len(rows),
        "judged": len(judged),
        "failed": len(rows) - len(judged),
        "scores": scores,
    }


def summarize(rows: Sequence[dict[str, Any]], labels: Sequence[str]) -> dict[str, Any]:
    """Mean score (N best .. 1 worst) per run: per language, over all judged cases
    (``overall``) and as the mean of the language means (``macro_scores``)."""
    by_lang: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_lang[row["language"]].append(row)
    languages = {
        code: _means(by_lang[code], labels) for code in sorted(by_lang, key=_language_order)
    }
    judged_langs = [blk for blk in languages.values() if blk["judged"]]
    macro = {
        lab: (
            sum(blk["scores"][lab] for blk in judged_langs) / len(judged_langs)
            if judged_langs
            else None
        )
        for lab in labels
    }
    return {"languages": languages, "overall": _means(rows, labels), "macro_scores": macro}
