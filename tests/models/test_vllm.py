"""The vLLM backend's request building and output parsing, with a fake engine (no GPU)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from polymed.models.vllm import VLLMModel
from polymed.records import GenerateRequest, LoglikRequest


class CharTokenizer:
    """One token per character: ids are code points."""

    def __call__(self, text, add_special_tokens=True):
        ids = ([1] if add_special_tokens else []) + [ord(c) for c in text]
        return SimpleNamespace(input_ids=ids)


@dataclass
class Logprob:
    logprob: float


class FakeLLM:
    def __init__(self):
        self.calls = []

    def get_tokenizer(self):
        return CharTokenizer()

    def generate(self, prompts, params, use_tqdm=False):
        self.calls.append((prompts, params))
        outs = []
        for p in prompts:
            if isinstance(p, dict):  # log-prob of token t at any position = -t/1000
                ids = p["prompt_token_ids"]
                plp = [None] + [{t: Logprob(-t / 1000)} for t in ids[1:]]
                outs.append(SimpleNamespace(prompt_logprobs=plp, outputs=[]))
            else:
                outs.append(SimpleNamespace(outputs=[SimpleNamespace(text=p.upper())]))
        return outs


class Model(VLLMModel):
    def _params(self, **kwargs):
        return kwargs


def test_loglik_sums_only_continuation_tokens():
    m = Model(FakeLLM(), "vllm:fake")
    got = dict(m.loglikelihood([LoglikRequest("Q:", (" A", " BC")), LoglikRequest("x", ("y",))]))
    assert got[0].logprobs == pytest.approx([-(32 + 65) / 1000, -(32 + 66 + 67) / 1000])
    assert got[0].lengths == [2, 3]
    assert got[1].logprobs == pytest.approx([-121 / 1000])
    prompts, params = m.llm.calls[0]
    assert prompts[0]["prompt_token_ids"] == [1, ord("Q"), ord(":"), 32, 65]
    assert params["prompt_logprobs"] == 0 and params["temperature"] == 0.0


def test_generate_passes_budget_and_stops():
    m = Model(FakeLLM(), "vllm:fake")
    got = dict(m.generate([GenerateRequest("answer: b", max_new_tokens=7, stop=("\n",))]))
    assert got[0].text == "ANSWER: B"
    _, params = m.llm.calls[0]
    assert params[0] == {"temperature": 0.0, "max_tokens": 7, "stop": ["\n"]}
    assert m.describe()["backend"] == "vllm"
