"""MedQA (Jin et al.): USMLE questions in English, MCMLE questions in Simplified Chinese.

Reads the published ``.jsonl`` files as they are: the 4-option
``phrases_no_exclude_*.jsonl`` (with ``metamap_phrases``), the 5-option
``questions/US/*.jsonl`` and the Chinese ``questions/Mainland/*.jsonl`` (or
``MedQA-MCMLE.jsonl``).  Each line has ``question``, ``options`` (letter -> text),
``answer_idx``, ``answer`` and ``meta_info``.  The language is Chinese when the
question contains CJK ideographs, English otherwise.  Nothing is skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ...records import Item
from ..jsonl import read_jsonl
from ..mmedbench import parse_answer_idx, parse_options
from ._common import failer, files, require, split_from_name

NAME = "medqa"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read(
    path: str | Path, *, skipped: Counter[str] | None = None, keep_images: bool = False
) -> Iterator[Item]:
    """Yield one item per line of every ``.jsonl`` file under ``path``."""
    for f in files(path, ".jsonl"):
        file_split = split_from_name(f.name)
        stem = f.name.rsplit("/", 1)[-1].removesuffix(".jsonl")
        for line, raw in read_jsonl(f):
            fail = failer(f.label, line)
            require(raw, ("question", "options", "answer_idx"), f.label, line)
            question = str(raw["question"])
            options = parse_options(raw["options"], fail)
            answers = parse_answer_idx(raw["answer_idx"], options, fail)
            language = "zh" if _CJK.search(question) else "en"
            meta = {"file_split": file_split}
            for name in ("answer", "meta_info"):
                if raw.get(name) not in (None, ""):
                    meta[name] = raw[name]
            yield Item(
                id=f"{NAME}/{language}/{stem}/{line}",
                language=language,
                question=question,
                options=options,
                answers=answers,
                benchmark=NAME,
                split=file_split or "test",
                source=f"{f.label}:{line}",
                meta=meta,
            )
