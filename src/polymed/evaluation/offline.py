"""Score predictions made elsewhere (``polymed score``), without loading a model.

Two inputs are understood:

* **records jsonl** — our own ``records.jsonl``, or any jsonl whose lines carry
  ``item_id``, ``language``, ``gold`` (labels) and ``predicted`` (labels) or
  ``output`` (raw model text, re-extracted here); optional ``reference`` (a
  reference rationale).  With ``benchmark``/``data`` given, options and
  reference rationales are taken from the benchmark items.
* **MMedBench leaderboard CSV** — columns ``Language`` (English names as in
  MMedBench's file names), ``ModelInput``, ``ModelOutput``, ``GT_Answer``.
  Options are read from the prompt; the gold answer and, when present, a
  reference rationale from ``GT_Answer``.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from ..errors import PolymedError
from ..languages import to_code
from ..records import Item, Record, Response
from .extract import extract_answer, extract_rationale
from .rationale import attach_rationale, rationale_by_language
from .results import aggregate
from .scoring import score_generation

_OPTION = re.compile(r"(?:^|\s)([A-J])[.．:：)]\s*(.+?)(?=\s+[A-J][.．:：)]\s|\n|$)", re.M)
_DEFAULT_OPTIONS = {k: "" for k in "ABCDE"}


def parse_options(prompt: str) -> dict[str, str]:
    """Option letters and texts from a rendered prompt ("A. x" on lines or inline)."""
    found: dict[str, str] = {}
    for label, text in _OPTION.findall(prompt):
        found[label] = text.strip()  # later mentions win: the options follow the question
    return found or dict(_DEFAULT_OPTIONS)


def _score_text(item: Item, output: str, rationale: bool) -> Record:
    return score_generation(item, Response(text=output), rationale=rationale)


def read_leaderboard_csv(path: Path) -> tuple[list[Record], dict[str, Item]]:
    records: list[Record] = []
    items: dict[str, Item] = {}
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        need = {"Language", "ModelInput", "ModelOutput", "GT_Answer"}
        if not need <= set(reader.fieldnames or ()):
            raise PolymedError(f"CSV needs columns {', '.join(sorted(need))}", path, 1)
        end_of_previous = reader.line_num  # prompts span lines: a row starts after the last
        for row in reader:
            line, end_of_previous = end_of_previous + 1, reader.line_num
            try:
                lang = to_code(row["Language"])
            except PolymedError as exc:
                raise PolymedError(exc.reason, path, line) from None
            options = parse_options(row["ModelInput"])
            gold = extract_answer(row["GT_Answer"], options, lang)
            if not gold:
                raise PolymedError(
                    f"cannot read a gold answer from {row['GT_Answer']!r}", path, line
                )
            item = Item(
                id=f"{path.name}:{line}",
                language=lang,
                question=row["ModelInput"],
                options=options,
                answers=gold,
                rationale=extract_rationale(row["GT_Answer"]),
                source=f"{path}:{line}",
            )
            items[item.id] = item
            records.append(_score_text(item, row["ModelOutput"], rationale=True))
    return records, items


def read_records_jsonl(
    path: Path, benchmark_items: dict[str, Item] | None
) -> tuple[list[Record], dict[str, Item]]:
    records: list[Record] = []
    items: dict[str, Item] = {}
    with path.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                raw: dict[str, Any] = json.loads(line)
                item_id, lang = str(raw["item_id"]), to_code(raw["language"])
            except (json.JSONDecodeError, KeyError, PolymedError) as exc:
                raise PolymedError(f"bad record ({exc})", path, line_no) from None
            known = (benchmark_items or {}).get(item_id)
            gold = raw.get("gold") or (sorted(known.answers) if known else None)
            if not gold:
                raise PolymedError("record has no gold answer", path, line_no)
            item = Item(
                id=item_id,
                language=lang,
                question=known.question if known else "",
                options=known.options if known else dict(_DEFAULT_OPTIONS),
                answers=frozenset(gold),
                rationale=raw.get("reference") or (known.rationale if known else None),
                human_checked=known.human_checked if known else None,
                human_check_passed=known.human_check_passed if known else None,
            )
            items[item_id] = item
            if raw.get("output") is not None and "predicted" not in raw:
                records.append(_score_text(item, raw["output"], rationale=True))
            else:
                predicted = sorted(raw.get("predicted") or [])
                records.append(
                    Record(
                        item_id=item_id,
                        language=lang,
                        gold=sorted(gold),
                        predicted=predicted,
                        correct=bool(predicted) and predicted == sorted(gold),
                        invalid=bool(raw.get("invalid", not predicted)),
                        output=raw.get("output"),
                        rationale=raw.get("rationale"),
                        error=raw.get("error"),
                    )
                )
    return records, items


def score_file(
    path: str | Path,
    benchmark: str | None = None,
    data: str | None = None,
    split: str = "test",
    checked_only: bool | None = None,
    metric_preset: str = "default",
    bertscore_model: str | None = None,
) -> dict[str, Any]:
    """Results (the ``results.json`` shape) for a predictions file."""
    path = Path(path)
    if not path.is_file():
        raise PolymedError("no such file", path)
    if path.suffix.lower() == ".csv":
        records, items = read_leaderboard_csv(path)
        kind = "leaderboard-csv"
    else:
        bench_items = None
        if benchmark or data:
            from ..data import load_benchmark

            loaded = load_benchmark(benchmark or "mmedbench", data, split)
            bench_items = {it.id: it for it in loaded}
        records, items = read_records_jsonl(path, bench_items)
        kind = "records"
    if not records:
        raise PolymedError("no predictions in file", path)
    has_flags = any(it.human_checked is not None for it in items.values())
    checked = has_flags if checked_only is None else checked_only
    results = aggregate(
        records,
        {"model": str(path), "benchmark": benchmark or kind, "mode": "scored", "source": kind},
    )
    with_refs = [r for r in records if items[r.item_id].rationale and r.rationale is not None]
    if with_refs:
        blocks = rationale_by_language(
            with_refs,
            items,
            checked_only=checked,
            preset=metric_preset,
            bertscore_model=bertscore_model,
        )
        attach_rationale(results, blocks)
    return results
