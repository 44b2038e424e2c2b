"""The bundled samples load through the registry with enough valid items per language."""

from __future__ import annotations

from collections import Counter

import pytest

from polymed.data import load_benchmark


@pytest.mark.parametrize(
    ("benchmark", "languages", "minimum"),
    [
        ("mmedbench", ("en", "zh", "ja", "fr", "ru", "es"), 10),
        ("medexpqa", ("en", "es", "fr", "it"), 8),
    ],
)
def test_bundled_sample(benchmark, languages, minimum):
    items = load_benchmark(benchmark)
    counts = Counter(item.language for item in items)
    for lang in languages:
        assert counts[lang] >= minimum, f"{benchmark} sample has {counts[lang]} {lang} items"
    for item in items:
        assert item.benchmark == benchmark
        assert item.answers and item.answers <= set(item.options), item.id
        assert len(item.options) >= 2, item.id
    assert len({item.id for item in items}) == len(items)
