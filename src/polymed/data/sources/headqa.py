"""HEAD-QA (Vilares & Gómez-Rodríguez): Spanish healthcare specialisation exams (MIR, EIR, ...).

Reads the JSON release (``HEAD.json``, ``{train,dev,test}_HEAD.json``, or the
English ``*_HEAD_EN.json``): ``{"language", "exams": {name: {"category", "year",
"data": [{"qid", "qtext", "ra", "answers": [{"aid", "atext"}], "image"}]}}}``.
Answers are ordered by ``aid`` and lettered ``A``..; ``ra`` (the right ``aid``)
becomes the gold letter.  ``.gold`` files are not needed (``ra`` holds the same).

Questions with an ``image`` (a few medicine questions) are skipped as
``needs an image`` unless ``keep_images=True``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ...errors import PolymedError
from ...languages import to_code
from ...records import Item
from ..jsonl import InputFile, key_lines, read_json
from ._common import SKIP_IMAGE, files, lettered, skip, split_from_name

NAME = "headqa"


def read(
    path: str | Path, *, skipped: Counter[str] | None = None, keep_images: bool = False
) -> Iterator[Item]:
    """Yield one item per question of every exam in every ``.json`` file under ``path``."""
    for f in files(path, ".json"):
        doc = read_json(f)
        if not isinstance(doc, dict) or not isinstance(doc.get("exams"), dict):
            raise PolymedError("expected a HEAD-QA object with 'exams'", f.label)
        try:
            language = to_code(str(doc.get("language") or "es"))
        except PolymedError as exc:
            raise PolymedError(exc.reason, f.label) from None
        questions = [
            (exam_name, exam, q)
            for exam_name, exam in doc["exams"].items()
            for q in (exam.get("data") or [])
        ]
        lines = key_lines(f.read_text(), "qid")
        if len(lines) != len(questions):
            lines = [None] * len(questions)
        for (exam_name, exam, q), line in zip(questions, lines, strict=True):
            item = _item(q, exam_name, exam, language, f, line, skipped, keep_images)
            if item is not None:
                yield item


def _item(
    q: dict[str, Any],
    exam_name: str,
    exam: dict[str, Any],
    language: str,
    f: InputFile,
    line: int | None,
    skipped: Counter[str] | None,
    keep_images: bool,
) -> Item | None:
    qid = q.get("qid") if isinstance(q, dict) else None
    where = f"{f.label}:{line}" if line else f"{f.label} ({exam_name} question {qid})"

    def fail(reason: str) -> PolymedError:
        return PolymedError(f"{exam_name} question {qid}: {reason}", f.label, line)

    if not isinstance(q, dict):
        raise fail("expected a question object")
    for name in ("qid", "qtext", "ra", "answers"):
        if q.get(name) is None:
            raise fail(f"missing field {name!r}")
    if q.get("image") and not keep_images:
        skip(skipped, SKIP_IMAGE, where)
        return None
    answers = q["answers"]
    if not isinstance(answers, list) or not all(isinstance(a, dict) for a in answers):
        raise fail("'answers' is not a list of {aid, atext}")
    try:
        ordered = sorted(answers, key=lambda a: int(a["aid"]))
    except (KeyError, TypeError, ValueError):
        raise fail("an answer has no numeric 'aid'") from None
    aids = [str(a.get("aid")) for a in ordered]
    options = lettered([str(a.get("atext", "")) for a in ordered])
    right = str(q["ra"]).strip()
    if right not in aids:
        raise fail(f"right answer {right} is not among the answer ids ({','.join(aids)})")
    letter = list(options)[aids.index(right)]
    file_split = split_from_name(f.name)
    meta: dict[str, Any] = {
        "problem_id": f"{exam_name}-{qid}",
        "exam": exam_name,
        "file_split": file_split,
    }
    for name in ("category", "year"):
        if exam.get(name):
            meta[name] = exam[name]
    if exam.get("category"):
        meta["meta_info"] = exam["category"]
    if q.get("image"):
        meta["image"] = q["image"]
    return Item(
        id=f"{NAME}/{language}/{exam_name}/{qid}",
        language=language,
        question=str(q["qtext"]),
        options=options,
        answers=frozenset({letter}),
        benchmark=NAME,
        split=file_split or "test",
        source=where,
        meta=meta,
    )
