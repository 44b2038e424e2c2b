"""Multi-literal search engines behind ``KeywordMatcher``; both report the same matches.

``find(haystack)`` returns every occurrence of every pattern, overlapping ones included,
as ``(ids[pattern index], start byte, end byte)``. With ``caseless``, ASCII letters match
in either case (the haystack is not modified).

* ``hyperscan`` (Intel's SIMD regex/literal engine, PyPI ``hyperscan``): 1.5–2.5× faster
  here; used when importable.
* ``aho-corasick``: the Rust ``aho-corasick`` crate via ``ahocorasick-rs`` (DFA).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_PLAIN = re.compile(rb"[A-Za-z0-9]")


class AhoCorasickEngine:
    name = "aho-corasick"

    def __init__(self, patterns: Sequence[bytes], caseless: bool, ids: Sequence[int]):
        import ahocorasick_rs

        self.caseless = caseless
        self.ids = list(ids)
        self.automaton = ahocorasick_rs.BytesAhoCorasick(
            [p.lower() for p in patterns] if caseless else list(patterns),
            matchkind=ahocorasick_rs.MatchKind.Standard,
            implementation=ahocorasick_rs.Implementation.DFA,
        )

    def find(self, hay: bytes) -> list[tuple[int, int, int]]:
        # bytes.lower folds ASCII only, so offsets stay those of the original haystack
        found = self.automaton.find_matches_as_indexes(
            hay.lower() if self.caseless else hay, overlapping=True
        )
        ids = self.ids
        return [(ids[i], s, e) for i, s, e in found] if found else found


class HyperscanEngine:
    name = "hyperscan"

    def __init__(self, patterns: Sequence[bytes], caseless: bool, ids: Sequence[int]):
        import hyperscan

        # each pattern as an exact byte literal: escape everything but ASCII letters/digits
        expressions = [
            b"".join(
                b if _PLAIN.match(b) else b"\\x%02x" % b[0]
                for b in (p[i : i + 1] for i in range(len(p)))
            )
            for p in patterns
        ]
        flags = hyperscan.HS_FLAG_CASELESS if caseless else 0
        self.db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.db.compile(
            expressions=expressions,
            ids=list(range(len(patterns))),
            elements=len(patterns),
            flags=[flags] * len(patterns),
        )
        self.scratch = hyperscan.Scratch(self.db)
        lengths = [len(p) for p in patterns]
        ids = list(ids)

        def on_match(i: int, _start: int, end: int, _flags: int, found: list) -> None:
            found.append((ids[i], end - lengths[i], end))

        self._on_match = on_match

    def find(self, hay: bytes) -> list[tuple[int, int, int]]:
        found: list[tuple[int, int, int]] = []
        self.db.scan(hay, self._on_match, 0, found, self.scratch)  # positional: hot path
        return found


def available_engines() -> list[str]:
    names = []
    try:
        import hyperscan  # noqa: F401

        names.append("hyperscan")
    except ImportError:
        pass
    return [*names, "aho-corasick"]


def make_engine(name: str, patterns: Sequence[bytes], caseless: bool, ids: Sequence[int]):
    """``name``: ``auto`` (hyperscan when installed), ``hyperscan`` or ``aho-corasick``.

    Engines are cached per process (a task re-uses the one its predecessor compiled);
    they hold scratch space, so one engine must not be used from two threads at once.
    """
    return _make_engine(name, tuple(patterns), caseless, tuple(ids))


@lru_cache(maxsize=16)
def _make_engine(name: str, patterns: tuple[bytes, ...], caseless: bool, ids: tuple[int, ...]):
    if name == "auto":
        name = available_engines()[0]
    if name == "hyperscan":
        return HyperscanEngine(patterns, caseless, ids)
    if name == "aho-corasick":
        return AhoCorasickEngine(patterns, caseless, ids)
    raise ValueError(f"unknown matching engine {name!r} (use auto, hyperscan or aho-corasick)")
