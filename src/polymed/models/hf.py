"""transformers backend (``hf:<path-or-hub-id>`` and ``gguf:<file>``).

Requests are sorted by length and batched so padding stays small; log-likelihood
requests go through :func:`polymed.models._scoring.score_batch`, which encodes
each prompt once for all its options.  PEFT adapter folders are detected and
merged into their base model for inference.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import PolymedError
from ..records import GenerateRequest, LoglikRequest, Response
from ._scoring import score_batch
from .base import cut_at_stop
from .spec import ModelSpec

log = logging.getLogger(__name__)

_DTYPES = ("auto", "float32", "bfloat16", "float16")


def _resolve_device(device: str | None) -> str:
    import torch

    if device in (None, "auto"):
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


def _resolve_dtype(dtype: str | None, device: str):
    import torch

    dtype = dtype or "auto"
    if dtype not in _DTYPES:
        raise PolymedError(f"unknown dtype {dtype!r} (choose from {', '.join(_DTYPES)})")
    if dtype == "auto":
        # fp32 on CPU (bf16 matmuls are slow there); bf16 on GPU
        return torch.float32 if device == "cpu" else torch.bfloat16
    return getattr(torch, dtype)


class HFModel:
    """A transformers causal LM behind the :class:`~polymed.models.base.Model` protocol."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        name: str,
        batch_size: int = 8,
        max_length: int | None = None,
        settings: dict[str, Any] | None = None,
    ):
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.name = name
        self.batch_size = max(1, int(batch_size))
        limit = getattr(model.config, "max_position_embeddings", None) or 4096
        self.max_length = int(max_length or min(limit, 8192))
        self._settings = settings or {}
        if tokenizer.pad_token_id is None:
            tokenizer.pad_token = tokenizer.eos_token
        self.pad_id = tokenizer.pad_token_id

    def describe(self) -> dict[str, Any]:
        return {"backend": "hf", "name": self.name, **self._settings}

    # -- tokenization -------------------------------------------------------
    def _encode_context(self, text: str) -> list[int]:
        ids = self.tokenizer(text, add_special_tokens=True).input_ids
        return ids[-self.max_length :]

    def _encode_continuation(self, text: str) -> list[int]:
        return self.tokenizer(text, add_special_tokens=False).input_ids

    def _split(self, request: LoglikRequest) -> tuple[list[int], list[list[int]]]:
        # Trailing whitespace belongs to the continuation, as the model would see it.
        context = request.context
        stripped = context.rstrip(" ")
        moved = context[len(stripped) :]
        conts = [self._encode_continuation(moved + c) for c in request.continuations]
        ctx = self._encode_context(stripped)
        longest = max((len(c) for c in conts), default=0)
        if len(ctx) + longest > self.max_length:
            ctx = [ctx[0], *ctx[-(self.max_length - longest - 1) :]]
        return ctx, conts

    # -- protocol -----------------------------------------------------------
    def loglikelihood(self, requests: Sequence[LoglikRequest]) -> Iterator[tuple[int, Response]]:
        encoded = [self._split(r) for r in requests]
        for i, (_, conts) in enumerate(encoded):
            if not conts or any(not c for c in conts):
                raise PolymedError(f"request {i}: every continuation must be non-empty")
        order = sorted(range(len(requests)), key=lambda i: -len(encoded[i][0]))
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            scores = score_batch(
                self.model,
                [encoded[i][0] for i in batch],
                [encoded[i][1] for i in batch],
                self.pad_id,
            )
            for i, values in zip(batch, scores, strict=True):
                yield i, Response(logprobs=values, lengths=[len(c) for c in encoded[i][1]])

    def generate(self, requests: Sequence[GenerateRequest]) -> Iterator[tuple[int, Response]]:
        import torch

        tok = self.tokenizer
        tok.padding_side = "left"
        order = sorted(range(len(requests)), key=lambda i: -len(requests[i].prompt))
        device = next(self.model.parameters()).device
        for start in range(0, len(order), self.batch_size):
            batch = order[start : start + self.batch_size]
            reqs = [requests[i] for i in batch]
            enc = tok([r.prompt for r in reqs], return_tensors="pt", padding=True).to(device)
            stops = sorted({s for r in reqs for s in r.stop})
            with torch.inference_mode():
                out = self.model.generate(
                    **enc,
                    do_sample=False,
                    max_new_tokens=max(r.max_new_tokens for r in reqs),
                    pad_token_id=self.pad_id,
                    stop_strings=stops or None,
                    tokenizer=tok if stops else None,
                )
            new = out[:, enc.input_ids.shape[1] :]
            for i, req, ids in zip(batch, reqs, new, strict=True):
                text = tok.decode(ids[: req.max_new_tokens], skip_special_tokens=True)
                yield i, Response(text=cut_at_stop(text, req.stop))


def _load_tokenizer_and_model(path: str, gguf_file: str | None, dtype, device: str):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    kwargs: dict[str, Any] = {"gguf_file": gguf_file} if gguf_file else {}
    try:
        tokenizer = AutoTokenizer.from_pretrained(path, **kwargs)
        model = AutoModelForCausalLM.from_pretrained(path, dtype=dtype, **kwargs)
    except OSError as exc:
        raise PolymedError(f"cannot load model {path!r}: {str(exc).splitlines()[0]}") from exc
    return tokenizer, model.to(device)


def load_path(
    path: str | Path,
    name: str | None = None,
    gguf_file: str | None = None,
    batch_size: int = 8,
    dtype: str | None = None,
    device: str | None = None,
    max_length: int | None = None,
    **_: Any,
) -> HFModel:
    """Load a local folder or hub id; a PEFT adapter folder is merged into its base."""
    device = _resolve_device(device)
    torch_dtype = _resolve_dtype(dtype, device)
    path = str(path)
    adapter_cfg = Path(path) / "adapter_config.json"
    settings: dict[str, Any] = {"dtype": str(torch_dtype).removeprefix("torch."), "device": device}
    if adapter_cfg.is_file():
        from peft import PeftModel

        base = json.loads(adapter_cfg.read_text())["base_model_name_or_path"]
        log.info("PEFT adapter detected; base model %s", base)
        tokenizer, model = _load_tokenizer_and_model(base, None, torch_dtype, device)
        model = PeftModel.from_pretrained(model, path).merge_and_unload()
        settings["adapter"] = path
        settings["base_model"] = base
    else:
        tokenizer, model = _load_tokenizer_and_model(path, gguf_file, torch_dtype, device)
    return HFModel(
        model,
        tokenizer,
        name=name or f"hf:{path}",
        batch_size=batch_size,
        max_length=max_length,
        settings=settings,
    )


def load(spec: ModelSpec, **options: Any) -> HFModel:
    if spec.scheme == "gguf":
        from .convert import cached_conversion

        local = cached_conversion(Path(spec.target))
        return load_path(local, name=str(spec), **options)
    return load_path(spec.target, name=str(spec), **options)
