"""Benchmark registry: adding a benchmark = one loader module + one line here.

A loader module provides ``load(path, split, languages) -> list[Item]`` and
``SAMPLE_PATH`` (the bundled sample used when no ``--data`` is given).
"""

from __future__ import annotations

import importlib
from pathlib import Path

from ..errors import PolymedError
from ..records import Item

BENCHMARKS: dict[str, str] = {
    "mmedbench": "mmedbench",
    "medexpqa": "medexpqa",
}


def load_benchmark(
    name: str = "mmedbench",
    path: str | Path | None = None,
    split: str = "test",
    languages: list[str] | None = None,
) -> list[Item]:
    """Load a benchmark's items; ``path`` defaults to the bundled sample."""
    if name not in BENCHMARKS:
        raise PolymedError(f"unknown benchmark {name!r} (known: {', '.join(BENCHMARKS)})")
    module = importlib.import_module(f".{BENCHMARKS[name]}", __package__)
    return module.load(Path(path) if path is not None else module.SAMPLE_PATH, split, languages)
