"""Synthetic run directories and an in-process fake model for judging/compare tests."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

from polymed.data import load_benchmark
from polymed.evaluation.results import aggregate
from polymed.records import GenerateRequest, Item, Record, Response


def sample_items(languages: Sequence[str] | None = None) -> list[Item]:
    """The bundled MMedBench sample (12 test items per language)."""
    return load_benchmark("mmedbench", None, "test", list(languages) if languages else None)


def write_run(
    path: Path,
    records: Sequence[Record],
    model: str = "fake:model",
    benchmark: str = "mmedbench",
    mode: str = "rationale",
    split: str = "test",
) -> Path:
    """A run directory as `polymed eval` leaves it (config.json, records.jsonl, results.json)."""
    path.mkdir(parents=True, exist_ok=True)
    config = {"model": model, "benchmark": benchmark, "data": None, "split": split, "mode": mode}
    (path / "config.json").write_text(json.dumps(config))
    (path / "records.jsonl").write_text("".join(json.dumps(r.to_dict()) + "\n" for r in records))
    header = {"model": model, "benchmark": benchmark, "mode": mode, "split": split}
    (path / "results.json").write_text(json.dumps(aggregate(records, header)))
    return path


def record(item: Item, output: str = "", correct: bool = True, **fields) -> Record:
    gold = sorted(item.answers)
    return Record(
        item_id=item.id,
        language=item.language,
        gold=gold,
        predicted=gold if correct else ["Z"],
        correct=correct,
        invalid=False,
        output=output,
        **fields,
    )


class FakeModel:
    """Answers each request with ``reply(request)``, in reverse order (as a concurrent
    backend may); ``reply`` may return a Response to inject a failure."""

    def __init__(self, reply: Callable[[GenerateRequest], str | Response], name: str = "fake"):
        self.reply = reply
        self.name = name
        self.requests: list[GenerateRequest] = []

    def describe(self) -> dict:
        return {"backend": "fake", "name": self.name}

    def generate(self, requests):
        self.requests.extend(requests)
        for index in reversed(range(len(requests))):
            out = self.reply(requests[index])
            yield index, out if isinstance(out, Response) else Response(text=out)

    def loglikelihood(self, requests):  # pragma: no cover - not used
        raise NotImplementedError


class Unusable:
    """A model that must not be called (to prove a resume does no work)."""

    name = "unusable"

    def describe(self) -> dict:
        return {}

    def generate(self, requests):
        raise AssertionError(f"the model was asked {len(requests)} request(s)")
