"""vLLM backend (``vllm:<path-or-hub-id>``, GPU extra: ``pip install 'polymed[gpu]'``).

Log-likelihoods come from vLLM's prompt log-probabilities: each (context,
continuation) pair is one prompt, and vLLM's automatic prefix caching computes a
question's shared prompt once for all its options.  The engine object is passed
in, so everything except ``vllm.LLM`` itself is testable on a CPU with a fake.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..records import GenerateRequest, LoglikRequest, Response
from .spec import ModelSpec


class VLLMModel:
    def __init__(self, llm: Any, name: str, settings: dict[str, Any] | None = None):
        self.llm = llm
        self.name = name
        self.tokenizer = llm.get_tokenizer()
        self._settings = settings or {}

    def describe(self) -> dict[str, Any]:
        return {"backend": "vllm", "name": self.name, **self._settings}

    def _params(self, **kwargs: Any) -> Any:
        from vllm import SamplingParams

        return SamplingParams(**kwargs)

    def generate(self, requests: Sequence[GenerateRequest]) -> Iterator[tuple[int, Response]]:
        params = [
            self._params(temperature=0.0, max_tokens=r.max_new_tokens, stop=list(r.stop) or None)
            for r in requests
        ]
        outputs = self.llm.generate([r.prompt for r in requests], params, use_tqdm=False)
        for i, out in enumerate(outputs):
            yield i, Response(text=out.outputs[0].text)

    def loglikelihood(self, requests: Sequence[LoglikRequest]) -> Iterator[tuple[int, Response]]:
        tok = self.tokenizer
        prompts, spans = [], []
        for req in requests:
            ctx = tok(req.context, add_special_tokens=True).input_ids
            for cont in req.continuations:
                ids = tok(cont, add_special_tokens=False).input_ids
                prompts.append({"prompt_token_ids": ctx + ids})
                spans.append((len(ctx), ids))
        params = self._params(temperature=0.0, max_tokens=1, prompt_logprobs=0)
        outputs = self.llm.generate(prompts, params, use_tqdm=False)
        k = 0
        for i, req in enumerate(requests):
            values, lengths = [], []
            for _ in req.continuations:
                start, ids = spans[k]
                per_pos = outputs[k].prompt_logprobs
                values.append(sum(per_pos[start + j][tid].logprob for j, tid in enumerate(ids)))
                lengths.append(len(ids))
                k += 1
            yield i, Response(logprobs=values, lengths=lengths)


def load(spec: ModelSpec, dtype: str | None = None, **options: Any) -> VLLMModel:
    from vllm import LLM

    settings = {"dtype": dtype or "auto", "enable_prefix_caching": True}
    llm = LLM(model=spec.target, dtype=dtype or "auto", enable_prefix_caching=True)
    return VLLMModel(llm, name=str(spec), settings=settings)
