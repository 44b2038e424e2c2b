"""The one object that defines an evaluation run (written to ``config.json``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import PolymedError
from .scoring import MODES


@dataclass
class EvalConfig:
    model: str = "default"
    benchmark: str = "mmedbench"
    #: file, folder or .zip; None = the bundled sample
    data: str | None = None
    split: str = "test"
    mode: str = "loglik"
    preset: str = "mmedbench-appendix"
    languages: list[str] | None = None
    #: grounding condition (MedExpQA): none, gold, gold-no-correct, masked, rag-7, rag-32 …
    grounding: str = "none"
    #: at most this many items per language (first N in file order)
    limit: int | None = None
    max_new_tokens: int | None = None
    #: topics file from ``polymed data topics``: adds a per-topic breakdown to results
    topics: str | None = None
    #: rationale mode: score only human-checked-and-passed references (the paper's 1,136)
    rationale_checked_only: bool = True
    #: rationale metric preset: "default" or "paper" (see docs/metrics.md)
    metric_preset: str = "default"
    #: BERTScore encoder (local path or hub id); None skips BERTScore
    bertscore_model: str | None = None
    #: backend settings (batch_size, dtype, device, concurrency …): not part of the identity
    backend: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise PolymedError(f"unknown mode {self.mode!r} (choose from {', '.join(MODES)})")
        if self.metric_preset not in ("default", "paper"):
            raise PolymedError(f"unknown metric preset {self.metric_preset!r} (default, paper)")
        from ..grounding import CONDITIONS

        if self.grounding not in CONDITIONS:
            raise PolymedError(
                f"unknown grounding {self.grounding!r} (choose from {', '.join(CONDITIONS)})"
            )
        if self.limit is not None and self.limit < 1:
            raise PolymedError("--limit must be at least 1")

    def identity(self, data_fingerprint: str) -> dict[str, Any]:
        """What a resumed run must share with the stored one.

        Languages and limit only select items, so widening them adds work to the
        same store instead of being refused.
        """
        return {
            "model": self.model,
            "benchmark": self.benchmark,
            "data": data_fingerprint,
            "split": self.split,
            "mode": self.mode,
            "preset": self.preset,
            "grounding": self.grounding,
            "max_new_tokens": self.max_new_tokens,
        }

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
