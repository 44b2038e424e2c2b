"""The ``Preset`` base class and the small helpers every preset shares.

A preset turns an :class:`~polymed.records.Item` into a request for a backend.
Subclasses only say how the prompt reads (:meth:`Preset.render`); the base class
builds the requests, so every preset keeps the same continuation order and token
budgets.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..languages import MMEDBENCH_NAMES
from ..records import GenerateRequest, Item, LoglikRequest

#: token budgets: an answer-only reply is a label or two; a rationale is a paragraph
ANSWER_TOKENS = 32
RATIONALE_TOKENS = 512


@dataclass(frozen=True)
class Preset:
    """A named prompt protocol.

    ``stop`` ends generation early (backends cut the text at the first stop
    string); ``answer_prefix`` is appended to the answer-only prompt to make the
    log-likelihood context, so that the context ends right before the label.
    """

    name: str
    description: str
    stop: tuple[str, ...] = ()
    answer_prefix: str = ""

    def render(self, item: Item, rationale: bool = False, context: str | None = None) -> str:
        """The prompt text for ``item``; subclasses implement it."""
        raise NotImplementedError

    def generate_request(
        self, item: Item, rationale: bool = False, context: str | None = None
    ) -> GenerateRequest:
        """A generation request: answer-only, or rationale then answer.

        ``context`` (a gold explanation, retrieved snippets, ...) is shown in a
        delimited block before the question.
        """
        return GenerateRequest(
            prompt=self.render(item, rationale, context),
            max_new_tokens=RATIONALE_TOKENS if rationale else ANSWER_TOKENS,
            stop=self.stop,
        )

    def loglik_request(self, item: Item, context: str | None = None) -> LoglikRequest:
        """A scoring request whose context ends right before the answer.

        Continuations come in this fixed order, which the evaluation runner relies
        on: first one label variant per option (``" A"``, ``" B"``, ... or
        ``" 1"``, ``" 2"``, ... in ``item.options`` order), then one option-text
        variant per option (``" <option text>"``, same order).  So
        ``len(continuations) == 2 * len(item.options)``, and continuation ``i``
        and ``i + len(item.options)`` belong to the same option.
        """
        labels = tuple(f" {label}" for label in item.options)
        texts = tuple(f" {(text or '').strip()}" for text in item.options.values())
        prompt = self.render(item, rationale=False, context=context)
        return LoglikRequest(context=prompt + self.answer_prefix, continuations=labels + texts)


def language_name(item: Item) -> str:
    """The English name of the item's language ("French"), as the paper's prompts use."""
    return MMEDBENCH_NAMES.get(item.language, item.language)


def numeric_labels(item: Item) -> bool:
    """True for MedExpQA-style items whose options are numbered ``1``..``5``."""
    return bool(item.options) and all(label.isdigit() for label in item.options)


def option_lines(item: Item) -> list[str]:
    """``["A. text", "B. text", ...]`` in display order."""
    return [f"{label}. {(text or '').strip()}" for label, text in item.options.items()]


def context_block(context: str | None) -> str:
    """Grounding text in a delimited block followed by a blank line, or ``""``."""
    if context is None or not context.strip():
        return ""
    return f'Context:\n"""\n{context.strip()}\n"""\n\n'
