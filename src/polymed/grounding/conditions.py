"""MedExpQA's grounding conditions (see DESIGN.md, "MedExpQA format").

``gold`` gives the doctors' full explanation; ``gold-no-correct`` removes the
correct option's own explanation (the model must reason from why the others are
wrong); ``masked`` uses the explanation with mentions of the answer masked;
``rag-N`` gives the first N retrieved snippets (MedCorp RRF-2, or BM25 with the
``rag-bm25-N`` names) — MedExpQA reports N = 7 and N = 32.
"""

from __future__ import annotations

from ..errors import PolymedError
from ..records import Item

CONDITIONS = (
    "none",
    "gold",
    "gold-no-correct",
    "masked",
    "rag-7",
    "rag-32",
    "rag-bm25-7",
    "rag-bm25-32",
)


def _need(value: str | None, item: Item, what: str) -> str:
    if not value:
        raise PolymedError(f"item {item.id} has no {what}", item.source)
    return value


def context_for(item: Item, condition: str) -> str | None:
    """The grounding text for one item, or None for ``none``."""
    if condition == "none":
        return None
    if condition == "gold":
        return _need(item.full_answer, item, "gold explanation (full_answer)")
    if condition == "masked":
        return _need(item.full_answer_masked, item, "masked explanation (full_answer_no_ref)")
    if condition == "gold-no-correct":
        explanations = item.explanations or {}
        kept = [text for label, text in explanations.items() if label not in item.answers]
        return _need(" ".join(kept), item, "per-option explanations")
    if condition.startswith("rag-"):
        *source, count = condition.removeprefix("rag-").split("-")
        name = "BM25" if source == ["bm25"] else "RRF-2"
        snippets = (item.rag or {}).get(name) or []
        if not snippets:
            raise PolymedError(f"item {item.id} has no {name} snippets", item.source)
        return "\n".join(snippets[: int(count)])
    raise PolymedError(f"unknown grounding {condition!r} (choose from {', '.join(CONDITIONS)})")
