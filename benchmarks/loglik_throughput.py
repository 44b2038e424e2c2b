"""Log-likelihood throughput: polymed vs lm-evaluation-harness vs the floor.

All three score the same questions with the same local model copy (the
embedded default model, converted once) and the same (context, continuation)
pairs — each option's letter and its text, as polymed's loglik mode does:

* polymed:  ``HFModel.loglikelihood`` (prompt encoded once per question, KV cache
  shared by all its options, output-layer logits only where needed);
* lm-eval:  ``lm_eval.models.huggingface.HFLM.loglikelihood`` on the identical
  pairs (one sequence per pair, its own length-sorted batching);
* floor:    one plain forward pass per question over exactly the tokens it needs
  (prompt + every continuation token, packed in one sequence), batched like
  polymed — the cost of touching each needed token once with a full forward.

Prints questions/s for each and the ratios. Needs the ``bench`` extra:
``pip install -e ".[bench]"``.  Usage::

    python benchmarks/loglik_throughput.py --questions 48 --batch-size 8
"""

from __future__ import annotations

import argparse
import time

import torch


def _questions(n: int):
    from polymed.data import load_benchmark
    from polymed.prompts import get_preset

    items = load_benchmark("mmedbench")
    items = (items * (n // len(items) + 1))[:n]
    preset = get_preset("mmedbench-appendix")
    return [preset.loglik_request(it) for it in items]


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run_polymed(model, requests) -> float:
    return _time(lambda: list(model.loglikelihood(requests)))


def run_lm_eval(path: str, requests, batch_size: int) -> float:
    from lm_eval.api.instance import Instance
    from lm_eval.models.huggingface import HFLM

    lm = HFLM(pretrained=path, device="cpu", dtype="float32", batch_size=batch_size)
    instances = [
        Instance("loglikelihood", {}, (req.context, cont), idx=j, doc_id=i)
        for i, req in enumerate(requests)
        for j, cont in enumerate(req.continuations)
    ]
    return _time(lambda: lm.loglikelihood(instances, disable_tqdm=True))


@torch.inference_mode()
def run_floor(model, requests, batch_size: int) -> float:
    tok, lm = model.tokenizer, model.model
    seqs = []
    for req in requests:
        ctx, conts = model._split(req)
        seqs.append(ctx + [t for c in conts for t in c])
    seqs.sort(key=len, reverse=True)

    def forward_all():
        for start in range(0, len(seqs), batch_size):
            batch = seqs[start : start + batch_size]
            width = max(map(len, batch))
            ids = torch.full((len(batch), width), tok.pad_token_id)
            mask = torch.zeros_like(ids)
            for i, s in enumerate(batch):
                ids[i, : len(s)] = torch.tensor(s)
                mask[i, : len(s)] = 1
            lm(input_ids=ids, attention_mask=mask)

    return _time(forward_all)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=48)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--skip-lm-eval", action="store_true")
    args = parser.parse_args()
    torch.manual_seed(0)

    from polymed.models import load_model
    from polymed.models.convert import cached_conversion
    from polymed.models.default import gguf_path

    path = str(cached_conversion(gguf_path()))
    model = load_model("default", batch_size=args.batch_size)
    requests = _questions(args.questions)
    n = len(requests)
    pairs = sum(len(r.continuations) for r in requests)
    print(f"{n} questions, {pairs} (context, continuation) pairs, batch size {args.batch_size}")
    run_polymed(model, requests[: args.batch_size])  # warm-up

    t_floor = run_floor(model, requests, args.batch_size)
    t_ours = run_polymed(model, requests)
    print(f"floor    {n / t_floor:7.2f} questions/s  ({t_floor:.1f} s)")
    print(f"polymed  {n / t_ours:7.2f} questions/s  ({t_ours:.1f} s)")
    print(f"polymed / floor speed ratio: {t_floor / t_ours:.2f}x (>= 0.83 means within 1.2x)")
    if not args.skip_lm_eval:
        t_lm = run_lm_eval(path, requests, args.batch_size)
        print(f"lm-eval  {n / t_lm:7.2f} questions/s  ({t_lm:.1f} s)")
        print(f"polymed / lm-eval speed-up: {t_lm / t_ours:.2f}x")


if __name__ == "__main__":
    main()
