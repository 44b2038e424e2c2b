"""Prefix-shared scoring must equal scoring each (context, continuation) pair alone."""

from __future__ import annotations

import pytest

from polymed.models._scoring import score_batch, score_naive
from polymed.records import LoglikRequest

pytestmark = pytest.mark.slow

CASES = [
    LoglikRequest(
        "Question: Which drug is first-line for anaphylaxis?\nA. Epinephrine\nB. Atropine\nAnswer:",
        (" A", " B", " Epinephrine", " Atropine"),
    ),
    LoglikRequest(
        "问题：急性心肌梗死最早出现异常的检查是？\nA. 心电图\nB. 胸片\nC. 血常规\n答案：",
        (" A", " B", " C", " 心电图", " 胸片", " 血常规"),
    ),
    LoglikRequest("Ответ:", (" да", " нет")),
]


def test_batched_prefix_sharing_matches_naive(default_model):
    tok = default_model.tokenizer
    contexts, conts = zip(*(default_model._split(r) for r in CASES), strict=True)
    batched = score_batch(default_model.model, list(contexts), list(conts), tok.pad_token_id)
    for ctx, cs, got in zip(contexts, conts, batched, strict=True):
        for cont, value in zip(cs, got, strict=True):
            assert value == pytest.approx(score_naive(default_model.model, ctx, cont), abs=2e-3)


def test_backend_yields_every_request_once_in_any_batch_size(default_model):
    default_model.batch_size = 2
    try:
        got = dict(default_model.loglikelihood(CASES))
    finally:
        default_model.batch_size = 4
    assert sorted(got) == [0, 1, 2]
    for i, req in enumerate(CASES):
        assert len(got[i].logprobs) == len(req.continuations)
        assert all(lp < 0 for lp in got[i].logprobs)
        assert all(n >= 1 for n in got[i].lengths)


def test_generate_respects_budget_and_stop(default_model):
    from polymed.records import GenerateRequest

    reqs = [
        GenerateRequest("The capital of France is", max_new_tokens=5),
        GenerateRequest("1, 2, 3, 4,", max_new_tokens=12, stop=(",",)),
    ]
    got = dict(default_model.generate(reqs))
    assert set(got) == {0, 1}
    assert "," not in got[1].text
    assert len(default_model.tokenizer(got[0].text, add_special_tokens=False).input_ids) <= 6
