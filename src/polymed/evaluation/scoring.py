"""Turn one backend response into one scored :class:`Record`.

Multi-answer policy: an item is correct only when the predicted label set equals
the gold set.  In ``loglik`` mode a model cannot "say" how many options it
picks, so it is given the number of gold answers (as the source exams state it,
e.g. IgakuQA's "2つ選べ") and its ``k`` most likely options are its answer.
"""

from __future__ import annotations

from ..records import Item, Record, Response
from .extract import extract_answer, extract_rationale

MODES = ("loglik", "generate", "rationale")


def _top_k(scores: dict[str, float], k: int) -> list[str]:
    return sorted(sorted(scores, key=lambda lab: -scores[lab])[:k])


def score_loglik(item: Item, response: Response) -> Record:
    """Letter variant decides; the option-text variant (log-prob per character,
    so long options are not penalised for their length) is kept alongside."""
    labels = item.labels
    n = len(labels)
    values = response.logprobs or []
    label_scores = dict(zip(labels, values[:n], strict=True))
    texts = [item.options[lab] for lab in labels]
    text_scores = {
        lab: lp / max(1, len(text) + 1)
        for lab, lp, text in zip(labels, values[n : 2 * n], texts, strict=True)
    }
    k = max(1, len(item.answers))
    gold = sorted(item.answers)
    predicted = _top_k(label_scores, k)
    by_text = _top_k(text_scores, k)
    return Record(
        item_id=item.id,
        language=item.language,
        gold=gold,
        predicted=predicted,
        correct=predicted == gold,
        invalid=False,
        scores={"label": label_scores, "text": text_scores},
        topic=item.topic,
        meta={"text_predicted": by_text, "text_correct": by_text == gold},
    )


def score_generation(item: Item, response: Response, rationale: bool) -> Record:
    text = response.text or ""
    answer = extract_answer(text, item.options, item.language)
    gold = sorted(item.answers)
    predicted = sorted(answer) if answer else []
    return Record(
        item_id=item.id,
        language=item.language,
        gold=gold,
        predicted=predicted,
        correct=answer is not None and predicted == gold,
        invalid=answer is None,
        output=text,
        rationale=extract_rationale(text) if rationale else None,
        topic=item.topic,
    )


def score_response(item: Item, response: Response, mode: str) -> Record:
    if response.error is not None:
        return Record(
            item_id=item.id,
            language=item.language,
            gold=sorted(item.answers),
            predicted=[],
            correct=False,
            invalid=True,
            error=response.error,
            topic=item.topic,
        )
    if mode == "loglik":
        return score_loglik(item, response)
    return score_generation(item, response, rationale=mode == "rationale")
