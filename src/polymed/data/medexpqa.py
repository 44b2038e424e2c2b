"""MedExpQA loader: ``{en,es,fr,it}/{train,dev,test}.<lang>.casimedicos.rag.jsonl``.

Accepts the folder, one file or a zip of it.  One record per line with ``id``,
``lang``, ``full_question``, ``options`` (``{"1": ..., "5": ...}``, null values
dropped), ``correct_option`` (int), ``explanations`` (``{opt: {text, char_ranges}}``),
``full_answer``, ``full_answer_no_ref`` and retrieved snippets under
``rag.clinical_case_options.MedCorp.{BM25,RRF-2}``.  Option labels stay ``1``..``5``.
"""

from __future__ import annotations

import logging
import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import PolymedError
from ..languages import LANGUAGES, to_code
from ..records import Item
from .jsonl import Part, collect, iter_items, sorted_parts

log = logging.getLogger(__name__)

BENCHMARK = "medexpqa"
SAMPLE_PATH = Path(__file__).parent / "samples" / "medexpqa"
SPLITS = ("test", "train", "dev")
LANGUAGES_MEDEXPQA = ("en", "es", "fr", "it")
_SPLIT_ALIASES = {"validation": "dev", "val": "dev", "valid": "dev"}
_FILE = re.compile(r"^(train|dev|test)\.([a-z]{2})\..*jsonl$", re.IGNORECASE)

Fail = Callable[[str], PolymedError]


def normalize_split(split: str) -> str:
    s = split.strip().lower()
    s = _SPLIT_ALIASES.get(s, s)
    if s not in SPLITS:
        raise PolymedError(f"unknown MedExpQA split {split!r} (expected train, dev or test)")
    return s


def parts(path: str | Path, splits: Iterable[str], default_split: str = "test") -> list[Part]:
    """The MedExpQA files under ``path`` for ``splits`` (split and language from file names).

    A single file whose name does not follow the pattern is read as ``default_split``,
    its language taken from its folder name (``en/``) or else from each record's ``lang``.
    """
    wanted = {normalize_split(s) for s in splits}
    p = Path(path)
    if p.is_file() and not zipfile.is_zipfile(p):
        m = _FILE.match(p.name)
        if m:
            split, lang = m.group(1).lower(), m.group(2).lower()
        else:
            split = normalize_split(default_split)
            lang = p.parent.name.lower() if p.parent.name.lower() in LANGUAGES else None
        return [Part(collect(p)[0], split, lang)]

    def accept(name: str) -> bool:
        m = _FILE.match(name.rsplit("/", 1)[-1])
        return bool(m) and m.group(1).lower() in wanted

    found = []
    for f in collect(p, accept):
        m = _FILE.match(f.parts[-1])
        assert m is not None
        found.append(Part(f, m.group(1).lower(), m.group(2).lower()))
    return sorted_parts(found)


def load(path: Path, split: str = "test", languages: list[str] | None = None) -> list[Item]:
    """Load one split of MedExpQA from a folder, one file or a zip."""
    split = normalize_split(split)
    wanted = [to_code(lang) for lang in languages] if languages else None
    found = parts(path, [split], split)
    if not found:
        raise PolymedError(f"no MedExpQA {split} files found", path)
    found = [pt for pt in found if wanted is None or pt.language in (*wanted, None)]
    items = [
        item
        for item in iter_items(found, parse_record)
        if wanted is None or item.language in wanted
    ]
    if wanted:
        missing = [lang for lang in wanted if lang not in {item.language for item in items}]
        if missing:
            raise PolymedError(f"no MedExpQA {split} items for {', '.join(missing)}", path)
    log.info("loaded %d MedExpQA %s items from %s", len(items), split, path)
    return items


def parse_record(
    raw: dict[str, Any], *, split: str, language: str | None, file: str, line: int
) -> Item:
    """Turn one MedExpQA record into an :class:`Item` or raise naming ``file:line``."""

    def fail(reason: str) -> PolymedError:
        return PolymedError(reason, file, line)

    for name in ("full_question", "options", "correct_option"):
        if raw.get(name) in (None, ""):
            raise fail(f"missing field {name!r}")
    language = _language(raw.get("lang"), language, fail)
    question = raw["full_question"]
    if not isinstance(question, str):
        raise fail("'full_question' is not a string")
    options = _options(raw["options"], fail)
    correct = raw["correct_option"]
    if isinstance(correct, bool) or not isinstance(correct, (int, str)):
        raise fail("'correct_option' is not an option number")
    label = str(correct).strip()
    if label not in options:
        raise fail(f"correct_option {label} is not among the options ({','.join(options)})")
    key = raw.get("id")
    key = str(key).strip() if key not in (None, "") else str(line)
    meta = {name: raw[name] for name in ("year", "type") if raw.get(name) not in (None, "")}
    return Item(
        id=f"{BENCHMARK}/{split}/{language}/{key}",
        language=language,
        question=question,
        options=options,
        answers=frozenset({label}),
        benchmark=BENCHMARK,
        split=split,
        explanations=_explanations(raw.get("explanations"), options, fail),
        full_answer=_text_or_none(raw.get("full_answer"), "full_answer", fail),
        full_answer_masked=_text_or_none(raw.get("full_answer_no_ref"), "full_answer_no_ref", fail),
        rag=_rag(raw.get("rag"), fail),
        source=f"{file}:{line}",
        meta=meta,
    )


def _language(from_record: Any, from_name: str | None, fail: Fail) -> str:
    if from_record in (None, ""):
        if from_name is None:
            raise fail("cannot tell the language: no 'lang' field and no language in the file name")
        return from_name
    try:
        code = to_code(str(from_record))
    except PolymedError as exc:
        raise fail(exc.reason) from None
    if from_name is not None and code != from_name:
        raise fail(f"'lang' is {code} but the file name says {from_name}")
    return code


def _options(value: Any, fail: Fail) -> dict[str, str]:
    if not isinstance(value, dict):
        raise fail("'options' is not an object of number -> text")
    options = {}
    for label, text in sorted(value.items(), key=lambda kv: _label_order(str(kv[0]))):
        if text is None or (isinstance(text, str) and not text.strip()):
            continue
        if not isinstance(text, str):
            raise fail(f"option {label!r} is not a string")
        options[str(label).strip()] = text
    if len(options) < 2:
        raise fail(f"needs at least two options, found {len(options)}")
    return options


def _label_order(label: str) -> tuple[int, str]:
    return (int(label), "") if label.strip().isdigit() else (1 << 30, label)


def _explanations(value: Any, options: dict[str, str], fail: Fail) -> dict[str, str] | None:
    if value in (None, {}):
        return None
    if not isinstance(value, dict):
        raise fail("'explanations' is not an object")
    out = {}
    for label, entry in value.items():
        text = entry.get("text") if isinstance(entry, dict) else entry
        if text is None:
            continue
        if not isinstance(text, str):
            raise fail(f"explanation {label!r} has no text")
        if str(label).strip() in options:
            out[str(label).strip()] = text
    return out or None


def _rag(value: Any, fail: Fail) -> dict[str, list[str]] | None:
    """``rag.clinical_case_options.<corpus>.<method>`` -> ``{method: [text, ...]}``.

    MedCorp methods keep their names (``BM25``, ``RRF-2``); other corpora are
    prefixed (``PubMed/BM25``).
    """
    if value in (None, {}):
        return None
    if not isinstance(value, dict):
        raise fail("'rag' is not an object")
    corpora = value.get("clinical_case_options") or {}
    if not isinstance(corpora, dict):
        raise fail("'rag.clinical_case_options' is not an object")
    out: dict[str, list[str]] = {}
    for corpus, methods in corpora.items():
        if not isinstance(methods, dict):
            raise fail(f"'rag.clinical_case_options.{corpus}' is not an object")
        for method, snippets in methods.items():
            name = method if corpus == "MedCorp" else f"{corpus}/{method}"
            if not isinstance(snippets, list):
                raise fail(f"RAG snippets {name!r} are not a list")
            out[name] = [_snippet_text(s, name, fail) for s in snippets]
    return out or None


def _snippet_text(snippet: Any, name: str, fail: Fail) -> str:
    if isinstance(snippet, str):
        return snippet
    if isinstance(snippet, dict):
        for key in ("contents", "text"):
            if isinstance(snippet.get(key), str):
                return snippet[key]
        title, content = snippet.get("title"), snippet.get("content")
        if isinstance(content, str):
            return f"{title}. {content}" if isinstance(title, str) and title else content
    raise fail(f"a RAG snippet in {name!r} has no text")


def _text_or_none(value: Any, name: str, fail: Fail) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise fail(f"{name!r} is not a string")
    return value
