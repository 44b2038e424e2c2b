"""The judge prompt: the paper's ranking instruction (appendix A.0.3) for N responses.

The instruction follows A.0.3 with "six" replaced by the number of runs and the
responses labelled ``Model 1``..``Model N`` (numbers, not the paper's letters, so they
cannot be confused with answer options A-E).  As in the paper's human protocol the
judge also sees the question, the options, the correct answer and the reference
rationale.  ``PROMPT_VERSION`` is part of a judging run's identity: change it when
the wording changes, so old verdicts are not mixed with new ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..records import GenerateRequest, Item

PROMPT_VERSION = "a03-v1"

_NUMBERS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}

INSTRUCTION = (
    "Please act as an impartial judge and evaluate the quality of the responses provided by "
    "{count} AI assistants to the user question displayed below. You should choose the "
    "assistant that follows the user's instructions and answers the user's questions better. "
    "Your evaluation should consider factors such as the helpfulness, relevance, accuracy, "
    "depth, creativity, and level of detail of their responses. Begin your evaluation by "
    "comparing the {count} responses. Avoid any position biases and ensure that the order in "
    "which the responses were presented does not influence your decision. Do not allow the "
    "length of the responses to influence your evaluation. Do not favor certain names of the "
    "assistants. Be as objective as possible. Your output is the ordering of these {count} "
    "models from high to low. Output your final verdict from high to low on the last line by "
    "strictly following this format: Ranking: {example}"
)

REMINDER = (
    "Your previous reply could not be read ({reason}). Reply again and end with exactly one "
    "line of the form 'Ranking: {example}' that lists each of the {n} models (Model 1 to "
    "Model {n}) exactly once, from best to worst, separated by commas."
)


def _example(n: int) -> str:
    return ", ".join(f"Model {k}" for k in range(1, n + 1))


def instruction(n: int) -> str:
    return INSTRUCTION.format(count=_NUMBERS.get(n, str(n)), example=_example(n))


def case_text(item: Item, responses: Sequence[str]) -> str:
    """The question block and the responses in the order shown (``Model 1`` first)."""
    options = "\n".join(f"{label}. {text}" for label, text in item.options.items())
    gold = "; ".join(f"{label}. {item.options.get(label, '')}" for label in sorted(item.answers))
    reference = item.rationale or item.full_answer or "(none)"
    parts = [
        f"[Question]\n{item.question}",
        f"[Options]\n{options}",
        f"[Correct answer]\n{gold}",
        f"[Reference rationale]\n{reference}",
    ]
    for k, response in enumerate(responses, 1):
        parts.append(f"[Model {k}]\n{response.strip() or '(empty response)'}\n[End of Model {k}]")
    return "\n\n".join(parts)


def judge_request(
    item: Item, responses: Sequence[str], max_new_tokens: int, failure: str | None = None
) -> GenerateRequest:
    """One request; ``failure`` (why the last reply was unreadable) adds the stricter
    reminder used on retries."""
    n = len(responses)
    prompt = case_text(item, responses)
    if failure is not None:
        prompt += "\n\n" + REMINDER.format(reason=failure, example=_example(n), n=n)
    return GenerateRequest(prompt=prompt, max_new_tokens=max_new_tokens, system=instruction(n))
