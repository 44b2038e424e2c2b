"""Assign each question one medical subject with an LLM (the paper's section 4.3.3).

The prompt is the paper's ("You're a {language} doctor, choose one subject out of
{subjects}, which is most relevant to the following question.") plus the question and
its options, and asks for the subject's name only.  A reply counts when it names
exactly one subject of the list (case, ``&``/``and`` and British spellings aside);
otherwise the model is asked again with a reminder, up to four tries in all, after
which the item's topic is ``"None"`` — the paper's rule.

Topics are stored as JSON lines ``{item_id, language, topic, tries, reply, model}``,
one per item, appended and fsynced as each finishes, so a re-run skips classified
items (items whose request failed are stored with ``error`` and retried).  The
default file sits beside the data: ``MMedBench.zip`` → ``MMedBench.topics.jsonl``;
for the bundled sample, ``runs/topics/<benchmark>-sample.topics.jsonl``.
:func:`load_topics` reads it back as ``{item_id: topic}``.

The paper announces 21 subjects but names 20; :data:`SUBJECTS` holds those 20.  Pass
your own list (``subjects=`` / ``--subjects FILE``) to use others.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from .._journal import Journal, read_journal
from ..errors import PolymedError
from ..languages import MMEDBENCH_NAMES
from ..models import Model
from ..records import GenerateRequest, Item

log = logging.getLogger(__name__)

#: the subjects named in the paper (section 2.1), in its order
SUBJECTS: tuple[str, ...] = (
    "Internal Medicine",
    "Biochemistry",
    "Pharmacology",
    "Psychiatry",
    "Microbiology",
    "Physiology",
    "Pathology",
    "Immunology",
    "Obstetrics and Gynecology",
    "Public Health",
    "Hematology",
    "Surgery",
    "Emergency Medicine",
    "Orthopedics",
    "Neurology",
    "Anatomy",
    "Medical Genetics",
    "Radiology",
    "Dermatology",
    "Endocrinology",
)
#: the topic of an item no try could classify (the paper's 'None')
NO_TOPIC = "None"
MAX_TRIES = 4

INSTRUCTION = (
    "You're a {language} doctor, choose one subject out of {subjects}, which is most "
    "relevant to the following question. Answer with the subject's name only, in English, "
    "exactly as written in the list."
)
REMINDER = (
    "Your previous reply ({reason}) was not usable. Reply with exactly one subject name "
    "from this list and nothing else: {subjects}."
)

_SPELLING = [
    (re.compile(r"&"), " and "),
    (re.compile(r"gynaecolog"), "gynecolog"),
    (re.compile(r"haematolog"), "hematolog"),
    (re.compile(r"orthopaedic"), "orthopedic"),
    (re.compile(r"[*_`#\"'.:;!?()\[\]]+"), " "),
    (re.compile(r"\s+"), " "),
]
_PREFIX = re.compile(r"^(?:subject|topic|answer|category)\s*(?:is)?\s*")


def _normalize(text: str) -> str:
    text = text.lower()
    for pattern, repl in _SPELLING:
        text = pattern.sub(repl, text)
    return text.strip()


def parse_topic(reply: str | None, subjects: Sequence[str] = SUBJECTS) -> tuple[str | None, str]:
    """``(subject, "")`` when the reply names exactly one subject, else ``(None, why)``."""
    if not reply or not reply.strip():
        return None, "empty reply"
    by_key = {_normalize(s): s for s in subjects}
    text = _normalize(reply)
    bare = _PREFIX.sub("", text).strip()
    if bare in by_key:
        return by_key[bare], ""
    found = [s for key, s in by_key.items() if re.search(rf"\b{re.escape(key)}\b", text)]
    if len(found) == 1:
        return found[0], ""
    if not found:
        return None, "it names no subject of the list"
    return None, "it names several subjects: " + ", ".join(found)


def topic_request(
    item: Item, subjects: Sequence[str] = SUBJECTS, failure: str | None = None
) -> GenerateRequest:
    listing = ", ".join(subjects)
    language = MMEDBENCH_NAMES.get(item.language, item.language)
    options = "\n".join(f"{label}. {text}" for label, text in item.options.items())
    prompt = f"Question: {item.question}\n{options}"
    if failure is not None:
        prompt += "\n\n" + REMINDER.format(reason=failure, subjects=listing)
    return GenerateRequest(
        prompt=prompt,
        max_new_tokens=32,
        system=INSTRUCTION.format(language=language, subjects=listing),
    )


def default_topics_path(data: str | Path | None, benchmark: str = "mmedbench") -> Path:
    """Beside the data (``X.zip``/``X/``/``X.jsonl`` → ``X.topics.jsonl``); for the
    bundled sample, under ``runs/topics/``."""
    if data is None:
        return Path("runs") / "topics" / f"{benchmark}-sample.topics.jsonl"
    p = Path(data)
    stem = p.name if p.is_dir() else p.stem
    return p.with_name(f"{stem}.topics.jsonl")


def classify_topics(
    items: Sequence[Item],
    model: Model | Callable[[], Model],
    out: str | Path,
    subjects: Sequence[str] = SUBJECTS,
    max_tries: int = MAX_TRIES,
    on_start: Callable[[int, int], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Classify the items not yet in ``out`` and return counts: ``items``, ``skipped``
    (already done), ``topics`` (per subject, ``None`` included) and ``errors``.

    ``model`` may be a factory, called only when there is work left.
    """
    if not subjects:
        raise PolymedError("the subject list is empty")
    done = read_journal(out, "item_id")
    pending = [it for it in items if not _finished(done.get(it.id))]
    total = len(items)
    if on_start:
        on_start(total, total - len(pending))
    if pending:
        backend = model if hasattr(model, "generate") else model()  # type: ignore[operator]
        count = total - len(pending)
        with Journal(out) as journal:
            for row in _classify(backend, pending, subjects, max_tries):
                journal.append(row)
                done[row["item_id"]] = row
                count += 1
                if on_progress:
                    on_progress(count, total)
    rows = [done[it.id] for it in items if it.id in done]
    return {
        "items": total,
        "skipped": total - len(pending),
        "topics": dict(Counter(r["topic"] for r in rows if r.get("topic") is not None)),
        "errors": sum(1 for r in rows if r.get("error")),
        "path": str(out),
    }


def _finished(row: Mapping[str, Any] | None) -> bool:
    return row is not None and row.get("topic") is not None


def _classify(
    model: Model, items: list[Item], subjects: Sequence[str], max_tries: int
) -> Iterator[dict[str, Any]]:
    name = getattr(model, "name", None)
    failures: dict[str, str] = {}
    todo = items
    for attempt in range(1, max_tries + 1):
        if not todo:
            return
        requests = [topic_request(it, subjects, failures.get(it.id)) for it in todo]
        again = []
        for index, response in model.generate(requests):
            item = todo[index]
            row = {"item_id": item.id, "language": item.language, "tries": attempt, "model": name}
            if response.error is not None:
                log.warning("item %s: topic request failed: %s", item.id, response.error)
                yield {**row, "topic": None, "reply": None, "error": response.error}
                continue
            topic, why = parse_topic(response.text, subjects)
            if topic is None and attempt < max_tries:
                failures[item.id] = why
                again.append(item)
                continue
            yield {**row, "topic": topic or NO_TOPIC, "reply": response.text, "error": None}
        todo = again


def load_topics(path: str | Path) -> dict[str, str]:
    """``{item_id: topic}`` from a topics file (items whose request failed are left out).

    Give it to an evaluation with :func:`apply_topics` (``polymed eval --topics FILE``)
    and ``results.json`` gains a per-topic accuracy breakdown.
    """
    path = Path(path)
    if not path.exists():
        raise PolymedError("no such topics file", path)
    return {
        item_id: str(row["topic"])
        for item_id, row in read_journal(path, "item_id").items()
        if row.get("topic") is not None
    }


def apply_topics(items: Sequence[Item], topics: Mapping[str, str]) -> list[Item]:
    """The items with ``topic`` set from ``topics`` (items not in it are unchanged)."""
    missing = sum(1 for it in items if it.id not in topics)
    if missing:
        log.warning("%d of %d items have no topic in the topics file", missing, len(items))
    return [replace(it, topic=topics[it.id]) if it.id in topics else it for it in items]
