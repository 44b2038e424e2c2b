"""Prefix-shared log-likelihood scoring for transformers causal LMs.

A multiple-choice question asks for the log-probability of ~10 short
continuations (option letters and option texts) after one long shared prompt.
Scoring each ``prompt + continuation`` pair separately (as most harnesses do)
re-encodes the prompt ~10 times and computes full-vocabulary logits at every
prompt position.  Here, per batch of questions:

1. the prompts are encoded once (left-padded) through the decoder body only,
   keeping the KV cache and the last hidden state;
2. the cache rows are repeated for every continuation (an index select, no
   recomputation) and all continuations are encoded in one pass on top of it;
3. output-layer logits are computed only at the positions that predict a
   continuation token — for a 262k-token vocabulary the output layer costs
   more than the decoder body per token, so this matters.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch


def _lm_parts(model: torch.nn.Module) -> tuple[torch.nn.Module, torch.nn.Module, float | None]:
    decoder = model.get_decoder()
    head = model.get_output_embeddings()
    softcap = getattr(model.config, "final_logit_softcapping", None)
    return decoder, head, softcap


def _token_logprobs(
    head: torch.nn.Module,
    hidden: torch.Tensor,
    targets: torch.Tensor,
    softcap: float | None,
    chunk: int = 512,
) -> torch.Tensor:
    """log p(target | hidden) for flat ``hidden [T, H]``, chunked to bound memory."""
    out = []
    for start in range(0, hidden.shape[0], chunk):
        logits = head(hidden[start : start + chunk]).float()
        if softcap:
            logits = torch.tanh(logits / softcap) * softcap
        logp = torch.log_softmax(logits, dim=-1)
        out.append(logp.gather(1, targets[start : start + chunk, None]).squeeze(1))
    return torch.cat(out) if out else hidden.new_zeros(0)


@torch.inference_mode()
def score_batch(
    model: torch.nn.Module,
    contexts: Sequence[list[int]],
    continuations: Sequence[Sequence[list[int]]],
    pad_id: int,
) -> list[list[float]]:
    """Summed log-probabilities of ``continuations[i][j]`` given ``contexts[i]``.

    Token ids in, floats out; every context must be non-empty (it starts with
    BOS) and every continuation at least one token.
    """
    device = next(model.parameters()).device
    decoder, head, softcap = _lm_parts(model)

    # 1. contexts, left-padded so that every prompt ends at the same column
    ctx_len = max(len(c) for c in contexts)
    ctx_ids = torch.full((len(contexts), ctx_len), pad_id, dtype=torch.long)
    ctx_mask = torch.zeros((len(contexts), ctx_len), dtype=torch.long)
    for i, ids in enumerate(contexts):
        ctx_ids[i, ctx_len - len(ids) :] = torch.tensor(ids)
        ctx_mask[i, ctx_len - len(ids) :] = 1
    ctx_ids, ctx_mask = ctx_ids.to(device), ctx_mask.to(device)
    positions = (ctx_mask.cumsum(1) - 1).clamp(min=0)
    out = decoder(
        input_ids=ctx_ids, attention_mask=ctx_mask, position_ids=positions, use_cache=True
    )
    cache, last_hidden = out.past_key_values, out.last_hidden_state[:, -1]

    # 2. every continuation as one row on top of its question's cached prompt
    owner = [i for i, conts in enumerate(continuations) for _ in conts]
    rows = [c for conts in continuations for c in conts]
    cont_len = max(len(r) for r in rows)
    cont_ids = torch.full((len(rows), cont_len), pad_id, dtype=torch.long)
    cont_mask = torch.zeros((len(rows), cont_len), dtype=torch.long)
    for r, ids in enumerate(rows):
        cont_ids[r, : len(ids)] = torch.tensor(ids)
        cont_mask[r, : len(ids)] = 1
    owner_t = torch.tensor(owner, device=device)
    cache.reorder_cache(owner_t)
    cont_ids, cont_mask = cont_ids.to(device), cont_mask.to(device)
    full_mask = torch.cat([ctx_mask[owner_t], cont_mask], dim=1)
    start = ctx_mask.sum(1)[owner_t]
    cont_positions = start[:, None] + torch.arange(cont_len, device=device)[None, :]
    hidden = decoder(
        input_ids=cont_ids,
        attention_mask=full_mask,
        position_ids=cont_positions,
        past_key_values=cache,
        use_cache=True,
    ).last_hidden_state

    # 3. logits only where a continuation token is predicted: token 0 from the
    #    prompt's last state, token k from the continuation's state k-1
    predictors = torch.cat([last_hidden[owner_t][:, None], hidden[:, :-1]], dim=1)
    keep = cont_mask.bool()
    logps = _token_logprobs(head, predictors[keep], cont_ids[keep], softcap)
    per_row = torch.zeros(len(rows), dtype=torch.float32, device=logps.device)
    row_index = torch.arange(len(rows), device=device)[:, None].expand_as(keep)[keep]
    per_row.index_add_(0, row_index.to(logps.device), logps)

    result: list[list[float]] = []
    values = per_row.tolist()
    k = 0
    for conts in continuations:
        result.append(values[k : k + len(conts)])
        k += len(conts)
    return result


@torch.inference_mode()
def score_naive(model: torch.nn.Module, context: list[int], continuation: list[int]) -> float:
    """Reference implementation: one full forward pass over context + continuation."""
    device = next(model.parameters()).device
    ids = torch.tensor([context + continuation], device=device)
    logits = model(input_ids=ids).logits[0].float()
    logp = torch.log_softmax(logits[len(context) - 1 : -1], dim=-1)
    return float(logp.gather(1, torch.tensor(continuation, device=device)[:, None]).sum())
