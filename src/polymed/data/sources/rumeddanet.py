"""RuMedDaNet (RuMedBench, Blinov et al.): Russian yes/no questions about a context passage.

Reads ``RuMedDaNet/{train,dev,test}_v1.jsonl`` (``pairID``, ``context``,
``question``, ``answer`` = ``да``/``нет``).  Each record becomes a two-option
item ``A: да``, ``B: нет``; the question shown is the context passage followed by
the question on a new line (``with_context=False`` keeps the question alone, as
the published MMedBench Russian items appear to do).  Records without an answer
(hidden test sets, or other RuMedBench files found in the same folder) are
skipped as ``no gold answer``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ...errors import PolymedError
from ...records import Item
from ..jsonl import read_jsonl
from ._common import SKIP_NO_ANSWER, files, require, skip, split_from_name

NAME = "rumeddanet"
OPTIONS = {"A": "да", "B": "нет"}
_LABEL = {"да": "A", "нет": "B"}


def read(
    path: str | Path,
    *,
    skipped: Counter[str] | None = None,
    keep_images: bool = False,
    with_context: bool = True,
) -> Iterator[Item]:
    """Yield one two-option item per answered record of every ``.jsonl`` file under ``path``."""
    for f in files(path, ".jsonl"):
        file_split = split_from_name(f.name)
        stem = f.name.rsplit("/", 1)[-1].removesuffix(".jsonl")
        for line, raw in read_jsonl(f):
            where = f"{f.label}:{line}"
            if raw.get("answer") in (None, ""):
                skip(skipped, SKIP_NO_ANSWER, where)
                continue
            require(raw, ("question",), f.label, line)
            answer = str(raw["answer"]).strip().lower()
            if answer not in _LABEL:
                raise PolymedError(f"answer {raw['answer']!r} is neither да nor нет", f.label, line)
            question = str(raw["question"]).strip()
            context = str(raw.get("context") or "").strip()
            if with_context and context:
                question = f"{context}\n{question}"
            key = raw.get("pairID") or f"{stem}/{line}"
            meta = {"problem_id": str(key), "file_split": file_split}
            if context:
                meta["context"] = context
            yield Item(
                id=f"{NAME}/ru/{key}",
                language="ru",
                question=question,
                options=dict(OPTIONS),
                answers=frozenset({_LABEL[answer]}),
                benchmark=NAME,
                split=file_split or "test",
                source=where,
                meta=meta,
            )
