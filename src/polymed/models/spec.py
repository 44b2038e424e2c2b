"""Model spec strings (``default``, ``hf:…``, ``gguf:…``, ``openai:model@url``, ``vllm:…``).

Adding a backend = one module with a ``load(target, **options) -> Model`` function
and one line in ``_BACKENDS``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from ..errors import PolymedError
from .base import Model

#: scheme -> module (relative to polymed.models) providing ``load(target, **options)``
_BACKENDS: dict[str, str] = {
    "default": "default",
    "hf": "hf",
    "gguf": "hf",
    "openai": "openai",
    "vllm": "vllm",
}


@dataclass(frozen=True)
class ModelSpec:
    scheme: str
    target: str

    def __str__(self) -> str:
        return self.scheme if self.scheme == "default" else f"{self.scheme}:{self.target}"


def parse_spec(spec: str) -> ModelSpec:
    spec = spec.strip()
    if spec == "default":
        return ModelSpec("default", "")
    scheme, sep, target = spec.partition(":")
    if not sep or scheme not in _BACKENDS or not target:
        raise PolymedError(
            f"bad model spec {spec!r}: use default, hf:<path-or-id>, gguf:<file>, "
            "openai:<model>@<base_url> or vllm:<path-or-id>"
        )
    return ModelSpec(scheme, target)


def load_model(spec: str | ModelSpec, **options: Any) -> Model:
    """Instantiate the backend a spec names; ``options`` are backend settings
    (``batch_size``, ``dtype``, ``device``, ``concurrency`` …)."""
    parsed = parse_spec(spec) if isinstance(spec, str) else spec
    name = _BACKENDS[parsed.scheme]
    try:
        module = importlib.import_module(f".{name}", __package__)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.endswith(f"models.{name}"):
            raise PolymedError(f"backend {parsed.scheme!r} is not available in this build") from exc
        raise PolymedError(
            f"backend {parsed.scheme!r} needs the package {exc.name!r}; install its extra "
            f"(e.g. pip install 'polymed[gpu]' for vllm)"
        ) from exc
    return module.load(parsed, **options)
