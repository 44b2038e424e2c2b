"""MMedBench loader: ``MMedBench/{Train,Test}/<Language>.jsonl``, as a zip, a folder or one file.

One record per line::

    {"question": "...", "options": {"A": "...", ...}, "answer_idx": "A,C", "answer": "...",
     "rationale": "...", "human_checked": true, "human_check_passed": true,
     "meta_info": "...", "problem_id": "..."}

``answer_idx`` may also be a list (``["A", "C"]``); letters are split on commas or
white space and compared case-insensitively.  Options are usually ``A``..``E``; any
single letter is accepted so that sources with up to eight choices (IgakuQA) fit.
Item ids are ``mmedbench/<split>/<lang>/<problem_id>``, or ``.../<line>`` when a
record has no ``problem_id``.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import PolymedError
from ..languages import MMEDBENCH_NAMES, to_code
from ..records import Item
from .jsonl import InputFile, Part, collect, iter_items, sorted_parts

log = logging.getLogger(__name__)

#: builds the ``file:line`` error for the record being parsed
Fail = Callable[[str], PolymedError]

BENCHMARK = "mmedbench"
SAMPLE_PATH = Path(__file__).parent / "samples" / "mmedbench"
SPLITS = ("test", "train")
#: on-disk folder name of each split
SPLIT_DIRS = {"test": "Test", "train": "Train"}

_BY_NAME = {name.lower(): code for code, name in MMEDBENCH_NAMES.items()}
_LETTER = re.compile(r"^[A-Z]$")
_ANSWER_SEP = re.compile(r"[\s,;]+")


def normalize_split(split: str) -> str:
    s = split.strip().lower()
    if s not in SPLITS:
        raise PolymedError(f"unknown MMedBench split {split!r} (expected test or train)")
    return s


def language_from_name(file_name: str) -> str | None:
    """``English.jsonl`` -> ``en``; ``None`` when the name is not a known language."""
    stem = file_name.rsplit("/", 1)[-1].split(".", 1)[0].lower()
    return _BY_NAME.get(stem)


def parts(path: str | Path, splits: Iterable[str], default_split: str = "test") -> list[Part]:
    """The language files under ``path`` for ``splits``, in the order en zh ja fr ru es it.

    A single ``.jsonl`` file takes its language from its name and its split from its
    folder (``Test``/``Train``), else ``default_split``.  In a folder or zip only
    ``*.jsonl`` files inside a ``Test``/``Train`` folder are read.
    """
    wanted = {normalize_split(s) for s in splits}
    p = Path(path)
    if p.is_file() and not zipfile.is_zipfile(p):
        parent = p.parent.name.lower()
        split = parent if parent in SPLITS else normalize_split(default_split)
        return [_part(collect(p)[0], split)]

    def accept(name: str) -> bool:
        bits = name.split("/")
        return len(bits) >= 2 and bits[-2].lower() in wanted and bits[-1].endswith(".jsonl")

    found = [_part(f, f.parts[-2].lower()) for f in collect(p, accept)]
    return sorted_parts(found)


def _part(f: InputFile, split: str) -> Part:
    language = language_from_name(f.name)
    error = None
    if language is None:
        known = ", ".join(f"{name}.jsonl" for name in MMEDBENCH_NAMES.values())
        error = f"cannot tell the language from the file name (expected one of {known})"
    return Part(f, split, language, error)


def load(path: Path, split: str = "test", languages: list[str] | None = None) -> list[Item]:
    """Load one split of MMedBench from a zip, a folder or one language file."""
    split = normalize_split(split)
    wanted = [to_code(lang) for lang in languages] if languages else None
    found = [
        pt for pt in parts(path, [split], split) if wanted is None or pt.language in (*wanted, None)
    ]
    if not found:
        raise PolymedError(f"no MMedBench {SPLIT_DIRS[split]} files found", path)
    if wanted:
        missing = [lang for lang in wanted if lang not in {pt.language for pt in found}]
        if missing:
            names = ", ".join(f"{MMEDBENCH_NAMES.get(m, m)}.jsonl" for m in missing)
            raise PolymedError(f"no MMedBench {SPLIT_DIRS[split]} file for {names}", path)
    items = list(iter_items(found, parse_record))
    log.info("loaded %d MMedBench %s items from %s", len(items), split, path)
    return items


def parse_record(
    raw: dict[str, Any], *, split: str, language: str | None, file: str, line: int
) -> Item:
    """Turn one MMedBench record into an :class:`Item` or raise naming ``file:line``."""

    def fail(reason: str) -> PolymedError:
        return PolymedError(reason, file, line)

    if language is None:
        known = ", ".join(MMEDBENCH_NAMES.values())
        raise fail(f"cannot tell the language from the file name (expected one of {known})")
    for name in ("question", "options", "answer_idx"):
        if raw.get(name) in (None, ""):
            raise fail(f"missing field {name!r}")
    question = raw["question"]
    if not isinstance(question, str):
        raise fail("'question' is not a string")
    options = parse_options(raw["options"], fail)
    answers = parse_answer_idx(raw["answer_idx"], options, fail)
    answer = raw.get("answer")
    if answer is not None and not isinstance(answer, str):
        raise fail("'answer' is not a string")
    rationale = raw.get("rationale")
    if rationale is not None and not isinstance(rationale, str):
        raise fail("'rationale' is not a string")
    problem_id = raw.get("problem_id")
    key = str(problem_id).strip() if problem_id not in (None, "") else str(line)
    meta: dict[str, Any] = {}
    if answer is not None:
        meta["answer"] = answer
    for name in ("meta_info", "problem_id"):
        if raw.get(name) not in (None, ""):
            meta[name] = raw[name]
    return Item(
        id=f"{BENCHMARK}/{split}/{language}/{key}",
        language=language,
        question=question,
        options=options,
        answers=answers,
        benchmark=BENCHMARK,
        split=split,
        rationale=rationale or None,
        human_checked=_as_bool(raw.get("human_checked"), "human_checked", fail),
        human_check_passed=_as_bool(raw.get("human_check_passed"), "human_check_passed", fail),
        source=f"{file}:{line}",
        meta=meta,
    )


def parse_options(value: Any, fail: Fail) -> dict[str, str]:
    """Options as ``{"A": text, ...}``; labels upper-cased, empty or null options dropped."""
    if not isinstance(value, dict):
        raise fail("'options' is not an object of letter -> text")
    options: dict[str, str] = {}
    for label, text in value.items():
        key = str(label).strip().upper()
        if not _LETTER.match(key):
            raise fail(f"option label {label!r} is not a letter")
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        if not isinstance(text, str):
            raise fail(f"option {label!r} is not a string")
        options[key] = text
    if len(options) < 2:
        raise fail(f"needs at least two options, found {len(options)}")
    return options


def parse_answer_idx(value: Any, options: dict[str, str], fail: Fail) -> frozenset[str]:
    """``"A,C"``, ``"A, C"``, ``["A", "C"]`` -> ``{"A", "C"}``, each letter among ``options``."""
    if isinstance(value, str):
        tokens = _ANSWER_SEP.split(value)
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        tokens = [t for v in value for t in _ANSWER_SEP.split(v)]
    else:
        raise fail("'answer_idx' is neither a string nor a list of strings")
    letters = frozenset(t.upper() for t in tokens if t)
    if not letters:
        raise fail("'answer_idx' is empty")
    unknown = sorted(letters - set(options))
    if unknown:
        raise fail(f"answer {','.join(unknown)} is not among the options ({','.join(options)})")
    return letters


def answer_warnings(item: Item) -> list[str]:
    """Soft checks a validator reports without failing: does ``answer`` match ``answer_idx``?

    The answer text is accepted when it equals the gold option text, or (for several
    answers) when it mentions every gold option text; case, spacing and trailing
    punctuation are ignored.
    """
    answer = item.meta.get("answer")
    if answer is None:
        return ["no 'answer' text"]
    said = _norm(answer)
    golds = [_norm(item.options[label]) for label in sorted(item.answers)]
    matches = (said in golds) if len(golds) == 1 else all(g in said for g in golds)
    if matches:
        return []
    gold = ", ".join(sorted(item.answers))
    return [f"answer text {_short(answer)!r} does not match option(s) {gold}"]


def _norm(text: str) -> str:
    return " ".join(text.split()).strip(" .。．").casefold()


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_bool(value: Any, name: str, fail: Fail) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0", "yes", "no"):
        return value.strip().lower() in ("true", "1", "yes")
    raise fail(f"{name!r} is not a boolean")
