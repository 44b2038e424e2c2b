"""Language codes used everywhere (ISO 639-1) and the names MMedBench uses in file names."""

from __future__ import annotations

from .errors import PolymedError

LANGUAGES: tuple[str, ...] = ("en", "zh", "ja", "fr", "ru", "es", "it")

#: MMedBench names its files (and the leaderboard CSV its rows) by English language name.
MMEDBENCH_NAMES: dict[str, str] = {
    "en": "English",
    "zh": "Chinese",
    "ja": "Japanese",
    "fr": "French",
    "ru": "Russian",
    "es": "Spanish",
    "it": "Italian",
}
_BY_NAME = {name.lower(): code for code, name in MMEDBENCH_NAMES.items()}


def to_code(value: str) -> str:
    """Accept ``en`` or ``English`` (any case) and return the ISO code."""
    v = value.strip().lower()
    if v in LANGUAGES:
        return v
    if v in _BY_NAME:
        return _BY_NAME[v]
    raise PolymedError(f"unknown language {value!r} (expected one of {', '.join(LANGUAGES)})")


def parse_languages(value: str | None) -> list[str] | None:
    """Parse a comma-separated ``--languages`` value; ``None`` means all."""
    if not value:
        return None
    return [to_code(v) for v in value.split(",") if v.strip()]
