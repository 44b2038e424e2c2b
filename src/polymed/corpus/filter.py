"""The MMedC medical-text filter as a datatrove step (paper, Algorithm 1).

Keep a document when MKC > T_C and density > T_D (``inclusive=True``: ``>=``, as the
authors' released script). Kept documents carry ``mkc`` and ``density`` in their
metadata, so a user can audit and re-threshold without scanning the text again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.filters.base_filter import BaseFilter

from ..languages import to_code
from .keywords import Thresholds, load_keywords, resolve_thresholds, word_boundaries
from .matcher import KeywordMatcher

log = logging.getLogger(__name__)


class MedicalKeywordFilter(BaseFilter):
    """Algorithm 1 over a stream of datatrove documents.

    Args:
        lang: ISO code; chooses the shipped keyword list, the matching policy and the
            paper's Table 4 thresholds.
        keywords: a list of terms or a path to a keyword file (default: shipped list).
        min_keywords / min_density: override T_C / T_D (density as a fraction).
        inclusive: compare with ``>=`` instead of the paper's strict ``>``.
        overlap: ``"all"`` (each keyword counted independently) or ``"longest"``.
        annotate_only: keep every document, adding ``mkc``, ``density`` and ``medical``.
        engine: ``auto``, ``hyperscan`` or ``aho-corasick`` (same results, speed differs).
    """

    name = "🩺 MMedC keywords"

    def __init__(
        self,
        lang: str,
        keywords: Sequence[str] | str | Path | None = None,
        min_keywords: int | None = None,
        min_density: float | None = None,
        inclusive: bool = False,
        overlap: str = "all",
        annotate_only: bool = False,
        engine: str = "auto",
    ):
        super().__init__()
        self.lang = to_code(lang)
        if keywords is None or isinstance(keywords, (str, Path)):
            keywords = load_keywords(self.lang, keywords)
        self.thresholds: Thresholds = resolve_thresholds(
            self.lang, min_keywords, min_density, inclusive
        )
        self.matcher = KeywordMatcher(
            keywords, word_boundaries=word_boundaries(self.lang), overlap=overlap, engine=engine
        )
        self.annotate_only = annotate_only
        # fewer distinct candidates than this can never pass: skip verifying them
        self._need = 0 if annotate_only else self.thresholds.min_keywords + (not inclusive)

    def score(self, text: str) -> tuple[int, float, bool]:
        """(MKC, density, keep) for one text."""
        mkc, matched = self.matcher.score(text, self._need)
        density = matched / len(text) if text else 0.0
        return mkc, density, self.thresholds.keeps(mkc, density)

    def filter(self, doc) -> bool | tuple[bool, str]:
        mkc, density, keep = self.score(doc.text)
        if keep or self.annotate_only:
            doc.metadata["mkc"] = mkc
            doc.metadata["density"] = density
            if self.annotate_only:
                doc.metadata["medical"] = keep
            return True
        return False, ("keywords" if not self.thresholds.keeps(mkc, 1.0) else "density")

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        # BaseFilter.run updates several stats per document; at web scale that overhead is
        # comparable to the matching itself, so counts are kept locally and added once.
        total = kept = low_keywords = low_density = chars = 0
        keeps, score, need = self.thresholds.keeps, self.matcher.score, self._need
        try:
            for doc in data:
                total += 1
                text = doc.text
                mkc, matched = score(text, need)
                density = matched / len(text) if text else 0.0
                keep = keeps(mkc, density)
                if keep or self.annotate_only:
                    doc.metadata["mkc"] = mkc
                    doc.metadata["density"] = density
                    if self.annotate_only:
                        doc.metadata["medical"] = keep
                    kept += 1
                    chars += len(text)
                    yield doc
                elif not keeps(mkc, 1.0):
                    low_keywords += 1
                else:
                    low_density += 1
        finally:
            self.stat_update("total", value=total)
            self.stat_update("forwarded", value=kept)
            self.stat_update("dropped", value=total - kept)
            self.stat_update("dropped_keywords", value=low_keywords)
            self.stat_update("dropped_density", value=low_density)
            self.stat_update("kept_chars", value=chars)
            log.info(
                "rank %d: kept %d of %d documents (%d below T_C, %d below T_D)",
                rank,
                kept,
                total,
                low_keywords,
                low_density,
            )
