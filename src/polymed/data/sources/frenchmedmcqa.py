"""FrenchMedMCQA (Labrak et al.): French pharmacy exam questions, one or several answers.

Reads ``corpus/{train,dev,test}.json``: a JSON list of records with ``id``,
``question``, ``answers`` (letter -> text), ``correct_answers`` (letters),
``nbr_correct_answers``, ``subject_name`` and ``type`` (``simple``/``multiple``;
absent from test records, so it is not relied on).  Options are ordered by
letter, not by their order in the file (a few records list ``a, c, d, e, b``).
Nothing is skipped.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from ...errors import PolymedError
from ...records import Item
from ..jsonl import key_lines, read_json
from ..mmedbench import parse_answer_idx, parse_options
from ._common import failer, files, require, split_from_name

log = logging.getLogger(__name__)

NAME = "frenchmedmcqa"


def read(
    path: str | Path, *, skipped: Counter[str] | None = None, keep_images: bool = False
) -> Iterator[Item]:
    """Yield one item per record of every ``.json`` file under ``path``."""
    for f in files(path, ".json"):
        records = read_json(f)
        if not isinstance(records, list):
            raise PolymedError("expected a JSON list of questions", f.label)
        lines = key_lines(f.read_text(), "id")
        if len(lines) != len(records):
            lines = [None] * len(records)
        file_split = split_from_name(f.name)
        for index, (raw, line) in enumerate(zip(records, lines, strict=True)):
            where = f"{f.label}:{line}" if line else f"{f.label} record {index + 1}"
            fail = failer(f.label, line)
            if not isinstance(raw, dict):
                raise fail("expected a JSON object")
            require(raw, ("id", "question", "answers", "correct_answers"), f.label, line)
            if not isinstance(raw["answers"], dict):
                raise fail("'answers' is not an object of letter -> text")
            options = parse_options(dict(sorted(raw["answers"].items())), fail)
            answers = parse_answer_idx(raw["correct_answers"], options, fail)
            expected = raw.get("nbr_correct_answers")
            if isinstance(expected, int) and expected != len(answers):
                log.warning(
                    "%s: nbr_correct_answers is %s but %d listed", where, expected, len(answers)
                )
            meta = {"problem_id": str(raw["id"]), "file_split": file_split}
            if raw.get("subject_name"):
                meta["meta_info"] = raw["subject_name"]
            yield Item(
                id=f"{NAME}/fr/{raw['id']}",
                language="fr",
                question=str(raw["question"]),
                options=options,
                answers=answers,
                benchmark=NAME,
                split=file_split or "test",
                source=where,
                meta=meta,
            )
