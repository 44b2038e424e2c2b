"""``evaluate()``: items → requests → backend → records → results, resumably.

The run directory holds ``config.json``, ``records.sqlite`` (one row per
finished item), ``records.jsonl`` (a portable export), ``results.json`` and
``report.html``.  Re-running with the same directory skips finished items.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .._io import atomic_write_json, atomic_write_text
from ..data import load_benchmark
from ..errors import PolymedError
from ..grounding import context_for
from ..models import Model, load_model
from ..prompts import get_preset
from ..records import Item, Record
from .config import EvalConfig
from .rationale import attach_rationale, rationale_by_language
from .results import aggregate
from .scoring import score_response
from .store import RunStore

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]


def data_fingerprint(items: Sequence[Item]) -> str:
    """Content hash of the benchmark items, so the same data at another path still resumes."""
    h = hashlib.sha256()
    for it in items:
        h.update(json.dumps([it.id, it.question, it.options, sorted(it.answers)]).encode())
    return h.hexdigest()[:16]


def select_items(
    items: Sequence[Item], languages: Sequence[str] | None, limit: int | None
) -> list[Item]:
    """Keep the requested languages and at most ``limit`` items per language, in file order."""
    seen: dict[str, int] = {}
    chosen = []
    for it in items:
        if languages and it.language not in languages:
            continue
        if limit is not None and seen.get(it.language, 0) >= limit:
            continue
        seen[it.language] = seen.get(it.language, 0) + 1
        chosen.append(it)
    if languages:
        missing = [code for code in languages if code not in seen]
        if missing:
            raise PolymedError(f"no items for language(s) {', '.join(missing)} in this benchmark")
    return chosen


def _requests(items: Sequence[Item], config: EvalConfig) -> list:
    preset = get_preset(config.preset)
    contexts = [context_for(it, config.grounding) for it in items]
    if config.mode == "loglik":
        return [preset.loglik_request(it, ctx) for it, ctx in zip(items, contexts, strict=True)]
    reqs = [
        preset.generate_request(it, rationale=config.mode == "rationale", context=ctx)
        for it, ctx in zip(items, contexts, strict=True)
    ]
    if config.max_new_tokens:
        reqs = [replace(r, max_new_tokens=config.max_new_tokens) for r in reqs]
    return reqs


def evaluate(
    config: EvalConfig,
    out_dir: str | Path,
    model: Model | None = None,
    on_start: Callable[[int, int], None] | None = None,
    on_progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Run (or resume) one evaluation and return the ``results.json`` content.

    ``model`` may be passed to reuse an already loaded backend; otherwise it is
    loaded from ``config.model`` — only when there is work left to do.
    ``on_start(total, already_done)`` and ``on_progress(done, total)`` let the CLI
    draw a progress bar; the library itself never prints.
    """
    out = Path(out_dir)
    all_items = load_benchmark(config.benchmark, config.data, config.split)
    items = select_items(all_items, config.languages, config.limit)
    if not items:
        raise PolymedError("no items to evaluate")
    if config.topics:
        from ..data.topics import apply_topics, load_topics

        items = apply_topics(items, load_topics(config.topics))
    get_preset(config.preset)  # fail on a bad preset before touching the run directory

    store = RunStore(out / "records.sqlite", config.identity(data_fingerprint(all_items)))
    try:
        finished = store.finished_ids()
        pending = [it for it in items if it.id not in finished]
        total = len(items)
        if on_start:
            on_start(total, total - len(pending))
        if pending:
            if model is None:
                model = load_model(config.model, **config.backend)
            _write_config(out, config, model)
            _run_pending(store, model, pending, config, total - len(pending), total, on_progress)
        elif not (out / "config.json").exists():
            _write_config(out, config, model)
        records = store.records(ids={it.id for it in items})
    finally:
        store.close()
    return _finish(out, config, records, items)


def _run_pending(
    store: RunStore,
    model: Model,
    pending: list[Item],
    config: EvalConfig,
    done: int,
    total: int,
    on_progress: ProgressFn | None,
) -> None:
    requests = _requests(pending, config)
    method = model.loglikelihood if config.mode == "loglik" else model.generate
    for index, response in method(requests):
        record = score_response(pending[index], response, config.mode)
        if record.error:
            log.warning("item %s failed: %s", record.item_id, record.error)
        store.put(record)
        done += 1
        if on_progress:
            on_progress(done, total)


def _write_config(out: Path, config: EvalConfig, model: Model | None) -> None:
    data = config.to_dict()
    if model is not None:
        data["model_settings"] = model.describe()
    atomic_write_json(out / "config.json", data)


def _finish(
    out: Path, config: EvalConfig, records: list[Record], items: Sequence[Item]
) -> dict[str, Any]:
    from ..reporting import render_report

    order = {it.id: i for i, it in enumerate(items)}
    records.sort(key=lambda r: order.get(r.item_id, len(order)))
    by_id = {it.id: it for it in items}
    for r in records:  # topics may have been assigned after the items were scored
        r.topic = by_id[r.item_id].topic if r.item_id in by_id else r.topic
    header = {
        "model": config.model,
        "benchmark": config.benchmark,
        "mode": config.mode,
        "preset": config.preset,
        "split": config.split,
    }
    results = aggregate(records, header)
    if config.mode == "rationale":
        blocks = rationale_by_language(
            records,
            by_id,
            checked_only=config.rationale_checked_only,
            preset=config.metric_preset,
            bertscore_model=config.bertscore_model,
        )
        attach_rationale(results, blocks)
    atomic_write_json(out / "results.json", results)
    atomic_write_text(
        out / "records.jsonl",
        "".join(json.dumps(r.to_dict(), ensure_ascii=False) + "\n" for r in records),
    )
    atomic_write_text(out / "report.html", render_report(results, records, by_id))
    return results
