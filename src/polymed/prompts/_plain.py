"""A minimal question/options/answer layout, suited to base (non-instruction) models."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Item
from ._base import Preset, context_block, numeric_labels, option_lines

RATIONALE_INSTRUCTION = (
    'Explain your reasoning, then give the final answer on its own line as "Answer: {example}".'
)


@dataclass(frozen=True)
class PlainPreset(Preset):
    """``Question: ...`` / ``A. ...`` / ``Answer:`` with no instruction at all.

    Rationale mode adds one instruction line and ends with ``Reasoning:``.
    """

    def render(self, item: Item, rationale: bool = False, context: str | None = None) -> str:
        lines = "\n".join(option_lines(item))
        head = f"{context_block(context)}Question: {item.question.strip()}\n{lines}\n"
        if not rationale:
            return f"{head}Answer:"
        example = "<number>" if numeric_labels(item) else "<letter>"
        return f"{head}{RATIONALE_INSTRUCTION.format(example=example)}\nReasoning:"
