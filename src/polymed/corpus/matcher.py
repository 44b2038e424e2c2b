"""Multi-pattern keyword counting for the MMedC filter (Hyperscan or Aho-Corasick).

Policies (documented in docs/corpus.md):

* **Case** (space-delimited languages): ASCII letters match in any case; other letters
  must be all lower-case, all upper-case, or capitalized at the start of the keyword or
  of each of its words — ``épilepsie``, ``Épilepsie``, ``ÉPILEPSIE``, ``bLoOd`` count,
  ``бОлезнь`` does not. Text is never lower-cased (that alone costs as much as the
  matching). zh/ja compare text as is.
* **Words**: space-delimited languages count a keyword only as a whole word — the
  characters just before and just after the occurrence must not be word characters
  (letters, digits, combining marks, ``_``). So ``"ear"`` never counts inside
  ``"year"``, while ``"hôpital"`` counts in ``"l'hôpital"`` and ``"ray"`` in ``"x-ray"``.
  zh/ja count every substring occurrence.
* **Overlap**: ``"all"`` (default) counts each keyword independently, as the density
  formula D = Σ len(k)·occ(k, T) / len(T) reads: ``blood`` counts inside
  ``blood pressure``, ``血压`` inside ``高血压``, and a keyword's own overlapping
  occurrences all count. ``"longest"`` keeps leftmost-longest non-overlapping
  occurrences only (each character of the text is credited at most once).

Lengths are in characters: len(k) of the (lower-case) keyword, len(T) of the original text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from ..errors import PolymedError

OVERLAP_POLICIES = ("all", "longest")

_ASCII_WORD = bytes(
    1 if (chr(c).isalnum() or chr(c) == "_") else 0 for c in range(128)
)  # byte -> is an ASCII word character


@lru_cache(maxsize=65536)
def _is_word_char(ch: str) -> bool:
    return ch == "_" or ch.isalnum() or unicodedata.category(ch).startswith("M")


def _word_before(hay: bytes, start: int) -> bool:
    """Is the character ending just before byte ``start`` a word character?"""
    c = hay[start - 1]
    if c < 0x80:
        return bool(_ASCII_WORD[c])
    j = start - 1
    while j > 0 and 0x80 <= hay[j] < 0xC0:  # walk back over UTF-8 continuation bytes
        j -= 1
    return _is_word_char(hay[j:start].decode("utf-8", "replace")[-1])


def _word_after(hay: bytes, end: int) -> bool:
    """Is the character starting at byte ``end`` a word character?"""
    c = hay[end]
    if c < 0x80:
        return bool(_ASCII_WORD[c])
    width = 2 if c < 0xE0 else 3 if c < 0xF0 else 4
    return _is_word_char(hay[end : end + width].decode("utf-8", "replace")[0])


#: single-byte codecs for space-delimited languages written mostly outside ASCII (Cyrillic)
_SINGLE_BYTE_CODECS = ("cp1251",)


def choose_encoding(keywords: Sequence[str], word_boundaries: bool, casefold: bool) -> str:
    """Byte encoding the text is searched in (fewer bytes per character = faster).

    UTF-8 by default; UTF-16-LE for substring matching without case folding (CJK: 2
    bytes per character, and CPython encodes it with a copy); a single-byte codec for Cyrillic
    keyword lists (cp1251: Russian, Ukrainian, Belarusian, Serbian letters and common typographic
    punctuation). With a single-byte codec, characters it lacks are searched as ``?``
    (a non-word character) — they can never be part of a keyword.
    """
    if not (word_boundaries or casefold):
        return "utf-16-le"
    chars = "".join(keywords)
    if word_boundaries and sum(c >= "\x80" for c in chars) * 2 > len(chars):
        for codec in _SINGLE_BYTE_CODECS:
            try:
                "".join(k + k.upper() + k.title() for k in keywords).encode(codec)
            except UnicodeEncodeError:
                continue
            return codec
    return "utf-8"


@lru_cache(maxsize=8)
def _word_table(codec: str) -> bytes:
    """byte -> is a word character, for a single-byte codec."""
    return bytes(_is_word_char(bytes([b]).decode(codec, "replace")) for b in range(256))


def _leftmost_longest(matches: Iterable[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Greedy non-overlapping selection: earliest start first, longest on ties."""
    chosen: list[tuple[int, int, int]] = []
    last_end = -1
    for m in sorted(matches, key=lambda m: (m[1], -m[2])):
        if m[1] >= last_end:
            chosen.append(m)
            last_end = m[2]
    return chosen


class KeywordMatcher:
    """Counts keyword occurrences in texts (Algorithm 1's MKC and density).

    ``keywords`` are taken as given apart from NFC normalization, trimming and (with
    ``casefold``) lower-casing; duplicates are merged. ``engine``: ``auto`` (Hyperscan
    when installed, else Aho-Corasick), ``hyperscan`` or ``aho-corasick`` — same results.
    The engine is built lazily, so the matcher pickles small and rebuilds in each worker.

    Texts are searched as bytes in ``encoding`` (see ``choose_encoding``).
    """

    def __init__(
        self,
        keywords: Sequence[str],
        *,
        word_boundaries: bool = True,
        casefold: bool | None = None,
        overlap: str = "all",
        engine: str = "auto",
    ):
        if overlap not in OVERLAP_POLICIES:
            raise PolymedError(f"unknown overlap policy {overlap!r} (use all or longest)")
        self.word_boundaries = word_boundaries
        self.casefold = word_boundaries if casefold is None else casefold
        self.overlap = overlap
        self.engine_name = engine
        normalized: dict[str, None] = {}
        for k in keywords:
            k = unicodedata.normalize("NFC", k.strip())
            if k:
                normalized.setdefault(k.lower() if self.casefold else k, None)
        if not normalized:
            raise PolymedError("keyword list is empty")
        self.keywords: list[str] = list(normalized)
        self._lengths: list[int] = [len(k) for k in self.keywords]
        self.encoding = choose_encoding(self.keywords, word_boundaries, self.casefold)
        single_byte = self.encoding not in ("utf-8", "utf-16-le")
        self._errors = "replace" if single_byte else "surrogatepass"
        self._table = _word_table(self.encoding) if single_byte else None
        self._engine = None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_engine"] = None  # compiled engines do not pickle; rebuilt on demand
        return state

    def _patterns(self) -> tuple[list[bytes], list[int]]:
        """Byte patterns for the engine and, for each, the keyword it stands for."""
        patterns: dict[bytes, int] = {}
        for i, k in enumerate(self.keywords):
            forms = (k, k[:1].upper() + k[1:], k.title(), k.upper()) if self.casefold else (k,)
            for form in forms:
                raw = form.encode(self.encoding)
                patterns.setdefault(raw.lower() if self.casefold else raw, i)
        return list(patterns), list(patterns.values())

    @property
    def engine(self):
        if self._engine is None:
            from ._engines import make_engine

            patterns, ids = self._patterns()
            try:
                self._engine = make_engine(self.engine_name, patterns, self.casefold, ids)
            except ValueError as exc:
                raise PolymedError(str(exc)) from exc
        return self._engine

    def _haystack(self, text: str) -> bytes:
        return text.encode(self.encoding, self._errors)

    def _accept(
        self, hay: bytes, matches: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, int]]:
        """Drop candidates that are not whole words / not code-unit aligned; apply overlap."""
        n = len(hay)
        if self._table is not None:
            table = self._table
            matches = [
                m
                for m in matches
                if not (m[1] and table[hay[m[1] - 1]]) and not (m[2] < n and table[hay[m[2]]])
            ]
        elif self.word_boundaries:
            matches = [
                m
                for m in matches
                if not (m[1] and _word_before(hay, m[1]))
                and not (m[2] < n and _word_after(hay, m[2]))
            ]
        elif self.encoding == "utf-16-le":
            matches = [m for m in matches if not m[1] & 1]
        if self.overlap == "longest":
            matches = _leftmost_longest(matches)
        return matches

    def find(self, text: str) -> list[tuple[str, int, int]]:
        """Counted occurrences as (keyword, start, end): byte offsets in ``encoding``."""
        hay = self._haystack(text)
        return [(self.keywords[i], s, e) for i, s, e in self._accept(hay, self.engine.find(hay))]

    def counts(self, text: str) -> dict[str, int]:
        """occ(k, T) for every keyword present."""
        out: dict[str, int] = {}
        for k, _, _ in self.find(text):
            out[k] = out.get(k, 0) + 1
        return out

    def score(self, text: str, need: int = 0) -> tuple[int, int]:
        """(MKC, Σ len(k)·occ(k)) for ``text``.

        Shortcut: when fewer than ``need`` distinct keywords occur even before the
        word-boundary check, returns that (upper-bound) distinct count and 0 without
        verifying — the document cannot pass a threshold of ``need`` anyway.
        """
        hay = text.encode(self.encoding, self._errors)
        matches = (self._engine or self.engine).find(hay)
        if not matches:
            return 0, 0
        if need > 1:
            distinct = len({m[0] for m in matches})
            if distinct < need:
                return distinct, 0
        matches = self._accept(hay, matches)
        lengths = self._lengths
        return len({m[0] for m in matches}), sum(lengths[m[0]] for m in matches)

    def measure(self, text: str) -> tuple[int, float]:
        """(MKC, density) exactly as Algorithm 1 defines them; density 0 for empty text."""
        mkc, matched = self.score(text)
        return mkc, (matched / len(text) if text else 0.0)
