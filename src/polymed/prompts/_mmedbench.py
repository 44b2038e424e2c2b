"""The two MMedBench protocols: the paper's appendix A and the authors' released code.

The instruction sentences below are the MMedBench authors' protocol text, quoted so
that published numbers can be reproduced (Qiu et al., "Towards Building Multilingual
Language Model for Medicine", appendix A; and the fine-tuning/inference scripts
released with it).  ``{language}`` is the English name of the question's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Item
from ._base import Preset, context_block, language_name, numeric_labels, option_lines

# Appendix A.0.1, zero-shot instructions (answer only / rationale then answer).
APPENDIX_ANSWER = (
    "You're a {language} doctor, make a choice based on the question and options. "
    "You need to answer the letter of the option instead of answering the entire option "
    "or anything else. Options may not be unique."
)
APPENDIX_RATIONALE = (
    "You're a {language} doctor, make a choice based on the question and options in "
    "{language}. You should solve this step-by-step. You must first give the reason in "
    "{language} for your choice ends with '[End]'. Then you must give the answer's letter "
    "directly again. The template is like 'Reason:... [End] Answer: {example}'"
)

# Appendix A.0.2, fine-tuning instructions, as the released scripts spell them.
CODE_ANSWER = (
    "You're a {language} doctor, kindly address the medical queries according to the "
    "patient's account. Answer with the best option directly."
)
CODE_RATIONALE = (
    "You're a {language} doctor, kindly address the medical queries according to the "
    "patient's account in {language}. Let\u2019s solve this step-by-step. You should first "
    "give the reason in {language} for your choice. Then you should give the right answer "
    "index of the question."
)
ALPACA_HEADER = (
    "Below is an instruction that describes a task, paired with an input that provides "
    "further context. Write a response that appropriately completes the request.\n\n"
)
BEST_TREATMENT = "Which of the following is the best treatment for this patient?"


@dataclass(frozen=True)
class AppendixPreset(Preset):
    """Appendix A.0.1: one English instruction naming the question's language.

    The paper gives no layout for question and options; we show the question, the
    options one per line, then ``Answer:`` (or ``Reason:`` for rationales).  For
    numbered options (MedExpQA) "letter" reads "number" and the template example
    uses the item's own labels.
    """

    def render(self, item: Item, rationale: bool = False, context: str | None = None) -> str:
        labels = list(item.options)
        template = APPENDIX_RATIONALE if rationale else APPENDIX_ANSWER
        text = template.format(language=language_name(item), example=", ".join(labels[:2]))
        if numeric_labels(item):
            text = text.replace("letter", "number")
        lines = "\n".join(option_lines(item))
        cue = "Reason:" if rationale else "Answer:"
        return f"{text}\n\n{context_block(context)}Question: {item.question.strip()}\n\n{lines}\n\n{cue}"


@dataclass(frozen=True)
class CodePreset(Preset):
    """The released scripts: Alpaca template, "best treatment" sentence, inline options.

    The model is trained to reply ``###Answer: OPTION A,C IS CORRECT.`` (after
    ``###Rationale: ...\\n`` in rationale mode) straight after ``### Response:``.
    """

    def render(self, item: Item, rationale: bool = False, context: str | None = None) -> str:
        template = CODE_RATIONALE if rationale else CODE_ANSWER
        instruction = template.format(language=language_name(item))
        options = "".join(f"{line} " for line in option_lines(item))
        grounding = f"###Context: {context.strip()} " if context and context.strip() else ""
        question = f"###Question: {item.question.strip()} {BEST_TREATMENT} ###Options: {options}"
        return (
            f"{ALPACA_HEADER}### Instruction:\n{instruction}\n\n"
            f"### Input:\n{grounding}{question}\n\n### Response:"
        )
