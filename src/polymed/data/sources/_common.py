"""Small helpers the source readers share: lettering, split names, skip counting."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from ...errors import PolymedError
from ..jsonl import InputFile, collect

log = logging.getLogger(__name__)

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

#: reasons an item is skipped (the keys of the ``skipped`` counters)
SKIP_IMAGE = "needs an image"
SKIP_NUMERIC = "numeric answer, no choices"
SKIP_EITHER_OR = "either-or answer"
SKIP_NO_ANSWER = "no gold answer"

_SPLIT_IN_NAME = re.compile(r"(?:^|[_\-.])(train|dev|valid|validation|test)(?:[_\-.]|$)")
_SPLIT_ALIASES = {"valid": "dev", "validation": "dev"}


def split_from_name(name: str) -> str | None:
    """``phrases_no_exclude_test.jsonl`` -> ``test``; ``None`` when the name says nothing."""
    stem = name.rsplit("/", 1)[-1].lower()
    m = _SPLIT_IN_NAME.search(stem)
    return _SPLIT_ALIASES.get(m.group(1), m.group(1)) if m else None


def lettered(texts: list[str]) -> dict[str, str]:
    """``["x", "y"]`` -> ``{"A": "x", "B": "y"}``."""
    if len(texts) > len(LETTERS):
        raise ValueError("too many options")
    return {LETTERS[i]: text for i, text in enumerate(texts)}


def files(path: str | Path, suffix: str) -> list[InputFile]:
    """Files ending in ``suffix`` under a folder or zip, or the one file given."""
    found = collect(path, lambda name: name.lower().endswith(suffix))
    if not found:
        raise PolymedError(f"no {suffix} files found", path)
    return found


def skip(skipped: Counter[str] | None, reason: str, where: str) -> None:
    log.debug("%s: skipped (%s)", where, reason)
    if skipped is not None:
        skipped[reason] += 1


def failer(file: str, line: int | None) -> Callable[[str], PolymedError]:
    """An error builder for one record: ``failer(f, 3)("bad")`` -> ``f:3: bad``."""
    return lambda reason: PolymedError(reason, file, line)


def require(raw: dict, names: tuple[str, ...], file: str, line: int | None) -> None:
    for name in names:
        if name not in raw or raw[name] is None:
            raise PolymedError(f"missing field {name!r}", file, line)
