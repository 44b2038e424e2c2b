"""Record types shared by every pipeline stage, each defined once.

``Item`` is what a benchmark loader yields; ``LoglikRequest``/``GenerateRequest``
are what a prompt preset makes of an item; ``Response`` is what a backend returns;
``Record`` is one scored item as persisted in the run store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Item:
    """One multiple-choice question.

    ``options`` maps the label shown to the model (``A``..``E`` for MMedBench,
    ``1``..``5`` for MedExpQA) to the option text, in display order.  ``answers``
    holds the gold labels; a multi-answer item is correct only when the predicted
    set equals it.  ``source`` is ``file:line`` so errors and reports can point
    back to the input.
    """

    id: str
    language: str
    question: str
    options: dict[str, str]
    answers: frozenset[str]
    benchmark: str = "mmedbench"
    split: str = "test"
    rationale: str | None = None
    #: per-option explanations (MedExpQA), keyed like ``options``
    explanations: dict[str, str] | None = None
    #: the full gold explanation text (MedExpQA ``full_answer``)
    full_answer: str | None = None
    #: the same with answer mentions masked (MedExpQA ``full_answer_no_ref``)
    full_answer_masked: str | None = None
    #: retrieved snippets by name, e.g. ``{"BM25": [...], "RRF-2": [...]}``
    rag: dict[str, list[str]] | None = None
    topic: str | None = None
    human_checked: bool | None = None
    human_check_passed: bool | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def is_multi(self) -> bool:
        return len(self.answers) > 1

    @property
    def labels(self) -> list[str]:
        return list(self.options)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["answers"] = sorted(self.answers)
        return d


@dataclass(frozen=True)
class LoglikRequest:
    """Score each continuation given one shared context.

    Grouping all continuations of a question under one context lets a backend
    encode the context once and reuse its cache for every option.
    """

    context: str
    continuations: tuple[str, ...]


@dataclass(frozen=True)
class GenerateRequest:
    prompt: str
    max_new_tokens: int = 64
    #: sequences that end generation early (e.g. ``"\n\n###"``)
    stop: tuple[str, ...] = ()
    #: chat-style system message for backends that take messages
    system: str | None = None


@dataclass
class Response:
    """What a backend returns for one request.

    Exactly one of ``text`` (generation), ``logprobs`` (one summed log-probability
    per continuation, with ``lengths`` in tokens) or ``error`` (the final error
    after the retry budget) is set.
    """

    text: str | None = None
    logprobs: list[float] | None = None
    lengths: list[int] | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Record:
    """One scored item, as persisted in the run store and rendered in reports."""

    item_id: str
    language: str
    gold: list[str]
    predicted: list[str]
    correct: bool
    invalid: bool
    output: str | None = None
    rationale: str | None = None
    scores: dict[str, Any] | None = None
    error: str | None = None
    topic: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        """Unknown keys (written by a newer version or another tool) are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})
