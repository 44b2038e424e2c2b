"""Read a judge's ranking out of free text.

The judge is asked to end with ``Ranking: Model 3, Model 1, Model 2`` (best first), but
replies vary, so several shapes are accepted, tried in this order:

1. the **last** line with a ranking keyword (``ranking``, ``verdict``, ``order``):
   ``Ranking: 3 > 1 > 2``, ``**Final verdict:** Model 2, Model 3, and Model 1``;
2. the last bracketed list with at least two entries: ``[2, 3, 1]``;
3. a numbered list: ``1. Model 3`` / ``2) Model 1`` / ``3rd: Model 2``;
4. the last non-empty line naming models: ``Model C, Model A, Model B``.

``Model A``.. (the paper's letters) are read as ``Model 1``..  The first shape that
gives every model exactly once wins; when none does, :class:`VerdictError` says why
(from the highest-priority shape found), so the caller can ask again.  Ties are not
accepted: the protocol asks for a strict order.
"""

from __future__ import annotations

import re

_KEYWORD = re.compile(r"(?i)\b(?:final\s+)?(?:ranking|ranked|verdict|order(?:ing)?)\b")
#: ``Model 3``, ``model #3``, ``Assistant C`` (letters are upper case only)
_REF = re.compile(r"(?i:\b(?:model|assistant))\s*#?\s*([0-9]+\b|[A-Z]\b)")
_INT = re.compile(r"\b[0-9]+\b")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_NUMBERED = re.compile(
    r"^\s*(?:(?i:rank)\s*)?#?([0-9]+)(?:st|nd|rd|th)?\s*[.):\-]\s*"
    r"(?i:model|assistant)\s*#?\s*([0-9]+\b|[A-Z]\b)"
)
_MARKUP = re.compile(r"[*_`]+")
_PAREN = re.compile(r"\([^()]*\)")


class VerdictError(ValueError):
    """A reply that holds no complete ranking; ``reason`` is short enough to show the judge."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _label(token: str) -> int:
    return ord(token) - ord("A") + 1 if token.isalpha() else int(token)


def _refs(text: str, bare_numbers: bool) -> list[int]:
    """Model labels named in ``text``; bare integers count only where no ``Model k`` is."""
    named = [_label(m) for m in _REF.findall(text)]
    if named or not bare_numbers:
        return named
    return [int(m) for m in _INT.findall(text)]


def _ranking_line(lines: list[str]) -> list[int] | None:
    for line in reversed(lines):
        matches = list(_KEYWORD.finditer(line))
        if not matches:
            continue
        match = matches[-1]
        tail = _PAREN.sub(" ", line[match.end() :])
        if ":" in tail:
            tail = tail.rsplit(":", 1)[1]
        refs = _refs(tail, bare_numbers=True)
        if refs:
            return refs
    return None


def _bracket(text: str) -> list[int] | None:
    for content in reversed(_BRACKET.findall(text)):
        refs = _refs(content, bare_numbers=True)
        if len(refs) >= 2:
            return refs
    return None


def _numbered(lines: list[str]) -> list[int] | None:
    by_position: dict[int, int] = {}
    for line in lines:
        m = _NUMBERED.match(line)
        if m:
            by_position[int(m.group(1))] = _label(m.group(2))  # a later list overrides
    if not by_position:
        return None
    positions = sorted(by_position)
    if positions != list(range(1, len(positions) + 1)):
        return None  # gaps in the numbering: not a ranking list
    return [by_position[p] for p in positions]


def _last_line(lines: list[str]) -> list[int] | None:
    for line in reversed(lines):
        if line.strip():
            refs = _refs(line, bare_numbers=False)
            return refs if len(refs) >= 2 else None
    return None


def _problem(labels: list[int], n: int) -> str | None:
    """Why ``labels`` is not a ranking of models 1..n (None when it is one)."""
    for label in labels:
        if not 1 <= label <= n:
            return f"the ranking names a model outside Model 1..Model {n}"
    seen: set[int] = set()
    for label in labels:
        if label in seen:
            return f"Model {label} is listed more than once"
        seen.add(label)
    if len(labels) != n:
        return f"the ranking lists {len(labels)} of the {n} models"
    return None


def parse_ranking(text: str | None, n: int) -> list[int]:
    """Model labels (1-based, as shown to the judge) from best to worst.

    >>> parse_ranking("Model 2 is vaguer.\\nRanking: Model 3 > Model 1 > Model 2", 3)
    [3, 1, 2]
    >>> parse_ranking("[2, 3, 1]", 3)
    [2, 3, 1]
    """
    if not text or not text.strip():
        raise VerdictError("the reply is empty")
    clean = _MARKUP.sub("", text)
    lines = clean.splitlines()
    candidates = [
        found
        for found in (_ranking_line(lines), _bracket(clean), _numbered(lines), _last_line(lines))
        if found is not None
    ]
    for labels in candidates:
        if _problem(labels, n) is None:
            return labels
    if not candidates:
        raise VerdictError("no ranking found")
    raise VerdictError(_problem(candidates[0], n) or "no ranking found")
