"""Keyword lists and thresholds for the MMedC filter (paper, Algorithm 1 and Table 4).

A keyword file is plain UTF-8 text, one term per line; blank lines and lines starting
with ``#`` are ignored. polymed ships its own lists for en zh ja fr ru es in
``polymed/corpus/keywords/`` (see the README there for how they were made).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import PolymedError
from ..languages import to_code

#: languages written without spaces between words: keywords match as substrings
SUBSTRING_LANGUAGES: frozenset[str] = frozenset({"zh", "ja"})

#: (T_C, T_D) from the paper's Table 4: keep when MKC > T_C and density > T_D
PAPER_THRESHOLDS: dict[str, tuple[int, float]] = {
    "en": (5, 0.04),
    "es": (4, 0.04),
    "fr": (4, 0.04),
    "ru": (4, 0.02),
    "zh": (5, 0.05),
    "ja": (5, 0.05),
}

#: languages with a shipped keyword list
SHIPPED_LANGUAGES: tuple[str, ...] = ("en", "zh", "ja", "fr", "ru", "es")


@dataclass(frozen=True)
class Thresholds:
    """T_C (minimum distinct keywords) and T_D (minimum density, a fraction)."""

    min_keywords: int
    min_density: float
    inclusive: bool = False  # True: the released script's ``>=`` instead of the paper's ``>``

    def keeps(self, mkc: int, density: float) -> bool:
        if self.inclusive:
            return mkc >= self.min_keywords and density >= self.min_density
        return mkc > self.min_keywords and density > self.min_density


def resolve_thresholds(
    lang: str,
    min_keywords: int | None = None,
    min_density: float | None = None,
    inclusive: bool = False,
) -> Thresholds:
    """Paper defaults for ``lang``, each overridable; languages without defaults need both."""
    lang = to_code(lang)
    default = PAPER_THRESHOLDS.get(lang)
    if default is None and (min_keywords is None or min_density is None):
        raise PolymedError(
            f"no default thresholds for language {lang!r}: pass --min-keywords and --min-density"
        )
    t_c = default[0] if min_keywords is None else min_keywords
    t_d = default[1] if min_density is None else min_density
    if t_c < 0:
        raise PolymedError(f"--min-keywords must be >= 0, got {t_c}")
    if not 0.0 <= t_d < 1.0:
        raise PolymedError(f"--min-density is a fraction in [0, 1) (e.g. 0.04), got {t_d}")
    return Thresholds(int(t_c), float(t_d), inclusive)


def word_boundaries(lang: str) -> bool:
    """Space-delimited languages match whole words; zh/ja match substrings."""
    return to_code(lang) not in SUBSTRING_LANGUAGES


def normalize_keyword(term: str, casefold: bool) -> str:
    """NFC-normalize, trim, and lower-case when the language matches case-insensitively."""
    term = unicodedata.normalize("NFC", term.strip())
    return term.lower() if casefold else term


def parse_keywords(text: str, casefold: bool, source: str = "<keywords>") -> list[str]:
    """Parse keyword file content; duplicates (after normalization) are dropped, order kept."""
    seen: dict[str, None] = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        term = normalize_keyword(line, casefold)
        seen.setdefault(term, None)
    if not seen:
        raise PolymedError("keyword list is empty", source)
    return list(seen)


def shipped_keywords_path(lang: str) -> Path:
    lang = to_code(lang)
    if lang not in SHIPPED_LANGUAGES:
        raise PolymedError(
            f"no shipped keyword list for {lang!r} (shipped: {', '.join(SHIPPED_LANGUAGES)}); "
            "pass --keywords FILE"
        )
    return Path(str(resources.files(__package__).joinpath("keywords", f"{lang}.txt")))


def load_keywords(lang: str, path: str | Path | None = None) -> list[str]:
    """The keyword list for ``lang``: the shipped one, or the user's file at ``path``."""
    lang = to_code(lang)
    file = Path(path) if path is not None else shipped_keywords_path(lang)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise PolymedError(f"cannot read keyword file: {exc.strerror or exc}", file) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolymedError("keyword file is not valid UTF-8", file, line) from exc
    return parse_keywords(text, casefold=word_boundaries(lang), source=str(file))
