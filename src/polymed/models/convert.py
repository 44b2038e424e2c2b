"""One-time GGUF → transformers conversion, cached on disk.

transformers de-quantizes a GGUF file on every load (~45 s for the 270M default
model on 2 cores).  We do it once, save a plain safetensors copy under the cache
directory (written to a temporary folder, then renamed, so an interrupted
conversion never leaves a half copy), and later starts load that copy in seconds.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from pathlib import Path

from ..errors import PolymedError

log = logging.getLogger(__name__)


def cache_root() -> Path:
    """``$POLYMED_CACHE`` or ``~/.cache/polymed``."""
    env = os.environ.get("POLYMED_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "polymed"


def _fingerprint(path: Path) -> str:
    stat = path.stat()
    key = f"{path.resolve()}|{stat.st_size}|{int(stat.st_mtime)}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def cached_conversion(gguf: Path) -> Path:
    """Return a folder holding a transformers copy of ``gguf``, converting if needed."""
    if not gguf.is_file():
        raise PolymedError(f"GGUF file not found: {gguf}")
    target = cache_root() / "models" / f"{gguf.stem}-{_fingerprint(gguf)}"
    if (target / "config.json").is_file():
        return target
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    log.warning("converting %s once into %s (about a minute)", gguf.name, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".convert-", dir=target.parent))
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(
            gguf.parent, gguf_file=gguf.name, dtype=torch.float32
        )
        # a GGUF-loaded model refuses save_pretrained while it still looks quantized
        model.hf_quantizer = None
        if hasattr(model.config, "quantization_config"):
            del model.config.quantization_config
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        try:
            os.replace(tmp, target)
        except OSError:  # another process finished first
            if not (target / "config.json").is_file():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return target
