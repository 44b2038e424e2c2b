"""BERTScore F1 (0–100) with a configurable encoder, through the ``bert-score`` library.

As in the paper: greedy cosine matching of contextual token embeddings, F1, no idf
weighting and **no baseline rescaling**. The encoder is a user setting: the paper used
``bert-base-multilingual-cased`` (``DEFAULT_BERTSCORE_MODEL``), which is not available
offline; pass a local directory to use a copy on disk.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

from ...errors import PolymedError
from ._common import check_pairs, strip_end_tokens

#: The paper's encoder. A hub id: it needs a network connection or a local copy.
DEFAULT_BERTSCORE_MODEL = "bert-base-multilingual-cased"


def bertscore(
    preds: Sequence[str],
    refs: Sequence[str],
    model: str,
    batch_size: int = 16,
    device: str | None = None,
    *,
    num_layers: int | None = None,
) -> dict[str, float]:
    """Mean BERTScore F1 over items, ×100. An empty prediction or reference scores 0.

    ``model`` is a local path or a hub id. ``num_layers`` (which hidden layer to use)
    defaults to bert-score's tuned choice for known models (9 for multilingual BERT),
    else the encoder's last layer.
    """
    preds, refs = check_pairs(preds, refs)
    preds = [strip_end_tokens(p).strip() for p in preds]
    refs = [strip_end_tokens(r).strip() for r in refs]
    keep = [i for i, (p, r) in enumerate(zip(preds, refs, strict=True)) if p and r]
    total = 0.0
    if keep:
        scorer = _scorer(model, num_layers, batch_size, device)
        _, _, f1 = scorer.score([preds[i] for i in keep], [refs[i] for i in keep])
        total = float(f1.sum())
    return {"bertscore": 100 * total / len(preds)}


def _layers(model: str) -> int:
    from bert_score.utils import model2layers

    for key in (model, os.path.basename(os.path.normpath(model))):
        if key in model2layers:
            return model2layers[key]
    from transformers import AutoConfig

    return AutoConfig.from_pretrained(model).num_hidden_layers


@functools.lru_cache(maxsize=2)
def _scorer(model: str, num_layers: int | None, batch_size: int, device: str | None):
    try:
        from bert_score import BERTScorer
    except ImportError as exc:
        raise PolymedError(
            "BERTScore needs the bert-score package: pip install 'bert-score>=0.3.13'"
        ) from exc
    try:
        layers = num_layers if num_layers is not None else _layers(model)
        return BERTScorer(
            model_type=model,
            num_layers=layers,
            batch_size=batch_size,
            device=device,
            idf=False,
            rescale_with_baseline=False,
        )
    except OSError as exc:  # not on disk and no hub access
        raise PolymedError(
            f"cannot load the BERTScore encoder {model!r} ({exc.__class__.__name__}); "
            "pass a local model directory (no multilingual encoder ships offline)"
        ) from exc
