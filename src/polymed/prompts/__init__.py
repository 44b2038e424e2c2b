"""Prompt presets: how an :class:`~polymed.records.Item` becomes a request.

Three named protocols (see ``docs/prompts.md``):

* ``mmedbench-appendix`` (default): the zero-shot instructions of the MMedBench
  paper's appendix A, rationale template ``Reason: ... [End] Answer: A, B``;
* ``mmedbench-code``: the authors' released fine-tuning/inference scripts (Alpaca
  template), which checkpoints fine-tuned with those scripts expect;
* ``plain``: ``Question:`` / options / ``Answer:``, for base models.
"""

from __future__ import annotations

from ..errors import PolymedError
from ._base import ANSWER_TOKENS, RATIONALE_TOKENS, Preset
from ._mmedbench import AppendixPreset, CodePreset
from ._plain import PlainPreset

PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        AppendixPreset(
            name="mmedbench-appendix",
            description=(
                "MMedBench paper, appendix A.0.1 zero-shot instructions "
                "(Qiu et al. 2024, 'Towards Building Multilingual Language Model for Medicine')"
            ),
            stop=("\nQuestion:",),
        ),
        CodePreset(
            name="mmedbench-code",
            description=(
                "MMedBench authors' released code (MAGIC-AI4Med/MMedLM finetune/inference "
                "scripts): Alpaca template, appendix A.0.2 instructions, "
                "'###Answer: OPTION A,C IS CORRECT.' targets"
            ),
            # not "\n###": the rationale target continues with "\n###Answer:"
            stop=("\n### ",),
            answer_prefix="###Answer: OPTION",
        ),
        PlainPreset(
            name="plain",
            description="minimal 'Question: / A. ... / Answer:' layout for base models (polymed)",
            stop=("\nQuestion:",),
        ),
    )
}
DEFAULT_PRESET = "mmedbench-appendix"


def get_preset(name: str) -> Preset:
    """The preset called ``name``; a :class:`PolymedError` lists the known names."""
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(sorted(PRESETS))
        raise PolymedError(f"unknown prompt preset {name!r} (known: {known})") from None


__all__ = [
    "ANSWER_TOKENS",
    "DEFAULT_PRESET",
    "PRESETS",
    "RATIONALE_TOKENS",
    "Preset",
    "get_preset",
]
