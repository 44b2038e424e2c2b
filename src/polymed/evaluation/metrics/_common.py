"""Inputs shared by every rationale metric: presets, languages, end tokens, pair checks."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from ...errors import PolymedError
from ...languages import to_code

#: ``default`` fixes the reference scorer's bugs; ``paper`` reproduces the authors' scorer.
METRIC_PRESETS: tuple[str, ...] = ("default", "paper")

# Special tokens a generation may end with: ChatML/Llama-3 style ``<|...|>``, tag style
# ``</s>`` ``<eos>`` ``<end_of_turn>`` ``<pad>``, bracket style ``[SEP]`` ``[PAD]`` ``[End]``.
# Any run of them (with whitespace) at the very end of the text is removed.
_END_TOKENS = re.compile(
    r"(?:\s*(?:<\|[^<>|\n]{1,64}\|>|</?[A-Za-z_][\w.-]{0,32}>|\[(?:sep|pad|cls|eos|end)\]))+\s*\Z",
    re.IGNORECASE,
)
_LANG_CODE = re.compile(r"[a-z]{2,3}")


def strip_end_tokens(text: str) -> str:
    """Remove trailing special end tokens (``</s>``, ``<|im_end|>``, ``<eos>``, ``[SEP]`` …)."""
    return _END_TOKENS.sub("", text)


def check_preset(preset: str) -> str:
    if preset not in METRIC_PRESETS:
        raise PolymedError(
            f"unknown metric preset {preset!r} (expected one of {', '.join(METRIC_PRESETS)})"
        )
    return preset


def language_key(language: str) -> str:
    """``zh``, ``Chinese``, ``zh-CN`` → ``zh``; any other plausible code passes through."""
    if not isinstance(language, str) or not language.strip():
        raise PolymedError(f"a language code is required for text metrics, got {language!r}")
    try:
        return to_code(language)
    except PolymedError:
        base = re.split(r"[-_]", language.strip().lower(), maxsplit=1)[0]
        if _LANG_CODE.fullmatch(base):
            return base
        raise


def check_pairs(preds: Sequence[str | None], refs: Sequence[str | None]) -> tuple[list, list]:
    """Validate two parallel lists; ``None`` counts as an empty text."""
    if isinstance(preds, str) or isinstance(refs, str):
        raise PolymedError("predictions and references must be lists of strings, not one string")
    preds, refs = list(preds), list(refs)
    if len(preds) != len(refs):
        raise PolymedError(
            f"{len(preds)} predictions but {len(refs)} references: the lists must be parallel"
        )
    if not preds:
        raise PolymedError("no (prediction, reference) pairs to score")
    for i, text in enumerate(preds + refs):
        if text is not None and not isinstance(text, str):
            side = "prediction" if i < len(preds) else "reference"
            raise PolymedError(f"{side} {i % len(preds)} is {type(text).__name__}, not a string")
    return [p or "" for p in preds], [r or "" for r in refs]


def ngram_counts(tokens: list[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))
