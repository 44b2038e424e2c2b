"""IgakuQA (Kasai et al.): Japanese national medical licensing exams 2018-2022.

Reads ``data/<year>/<exam>.jsonl`` (``problem_id``, ``problem_text``, ``choices``,
``answer`` as letters ``a``..``h``, ``text_only``, ``points``) and, when present,
the matching ``<exam>_metadata.jsonl`` (``category``, ``kinki`` = contraindicated
choices, ``human_accuracy``).  ``_translate`` files (machine translations) are ignored.

Choices become options ``A``.. (up to eight); several answer letters make a
multi-answer item.  Skipped, and counted by reason:

* ``numeric answer, no choices``: calculation questions answered with a number;
* ``needs an image``: ``text_only`` is false (the question refers to a figure),
  unless ``keep_images=True``;
* ``either-or answer``: the official answer accepts alternatives (``"a or d"``),
  which a single gold set cannot express.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import PolymedError
from ...records import Item
from ..jsonl import InputFile, read_jsonl
from ._common import (
    SKIP_EITHER_OR,
    SKIP_IMAGE,
    SKIP_NUMERIC,
    files,
    lettered,
    require,
    skip,
    split_from_name,
)

NAME = "igakuqa"
_SIDE_FILES = ("_metadata.jsonl", "_translate.jsonl")


def read(
    path: str | Path, *, skipped: Counter[str] | None = None, keep_images: bool = False
) -> Iterator[Item]:
    """Yield the multiple-choice items of every exam file under ``path``."""
    found = files(path, ".jsonl")
    by_name = {f.name: f for f in found}
    exams = [f for f in found if not f.name.endswith(_SIDE_FILES)]
    if not exams:
        raise PolymedError("no IgakuQA exam files (only _metadata/_translate files)", path)
    for f in exams:
        meta_file = by_name.get(f.name.removesuffix(".jsonl") + "_metadata.jsonl")
        if meta_file is None and len(found) == 1:
            meta_file = _sibling(Path(f.label), "_metadata.jsonl")
        extra = _metadata(meta_file) if meta_file else {}
        for line, raw in read_jsonl(f):
            item = _item(raw, f, line, extra, skipped, keep_images)
            if item is not None:
                yield item


def _item(
    raw: dict[str, Any],
    f: InputFile,
    line: int,
    extra: dict[str, dict[str, Any]],
    skipped: Counter[str] | None,
    keep_images: bool,
) -> Item | None:
    require(raw, ("problem_id", "problem_text", "choices", "answer"), f.label, line)
    where = f"{f.label}:{line}"
    pid = str(raw["problem_id"])
    choices, answer = raw["choices"], raw["answer"]
    if not isinstance(choices, list) or not isinstance(answer, list):
        raise PolymedError("'choices' and 'answer' must be lists", f.label, line)
    if not choices:
        skip(skipped, SKIP_NUMERIC, where)
        return None
    if raw.get("text_only") is False and not keep_images:
        skip(skipped, SKIP_IMAGE, where)
        return None
    letters = [unicodedata.normalize("NFKC", str(a)).strip().upper() for a in answer]
    if any(" OR " in a for a in letters):
        skip(skipped, SKIP_EITHER_OR, where)
        return None
    options = lettered([str(c) for c in choices])
    bad = [a for a in letters if a not in options]
    if bad or not letters:
        raise PolymedError(
            f"answer {answer!r} is not among the {len(options)} choices", f.label, line
        )
    meta: dict[str, Any] = {"problem_id": pid, "file_split": split_from_name(f.name)}
    if raw.get("points") is not None:
        meta["points"] = raw["points"]
    info = extra.get(pid, {})
    if info.get("category"):
        meta["meta_info"] = info["category"]
    if info.get("kinki"):
        meta["contraindicated"] = [unicodedata.normalize("NFKC", k).upper() for k in info["kinki"]]
    if info.get("human_accuracy") not in (None, ""):
        meta["human_accuracy"] = info["human_accuracy"]
    return Item(
        id=f"{NAME}/ja/{pid}",
        language="ja",
        question=str(raw["problem_text"]),
        options=options,
        answers=frozenset(letters),
        benchmark=NAME,
        split="test",
        source=where,
        meta=meta,
    )


def _sibling(path: Path, suffix: str) -> InputFile | None:
    candidate = path.with_name(path.name.removesuffix(".jsonl") + suffix)
    if not candidate.is_file():
        return None
    return InputFile(str(candidate), candidate.name, lambda: open(candidate, "rb"))


def _metadata(f: InputFile) -> dict[str, dict[str, Any]]:
    return {str(raw.get("problem_id")): raw for _, raw in read_jsonl(f)}
