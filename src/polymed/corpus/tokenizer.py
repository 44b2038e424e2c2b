"""Tokenizers for corpus statistics and chunking, named by a spec string.

* ``default`` — the embedded default model's tokenizer (Gemma 3, from the packaged
  GGUF file); converted once to ``tokenizer.json`` in polymed's cache
  (``$POLYMED_CACHE`` or ``~/.cache/polymed``), then loads in about two seconds.
* a local ``tokenizer.json``, a folder holding one (or a ``transformers`` tokenizer), a
  ``.gguf`` file, or a hub id (needs network or a warm Hugging Face cache).
* ``whitespace`` — built-in fallback without ids: runs of non-space characters, and
  each CJK character (Han, kana, Hangul) as one token.

Counts never include special tokens (BOS/EOS).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolymedError
from ..models.convert import cache_root


@dataclass
class Encoded:
    ids: list[int] | None  # None for tokenizers without a vocabulary
    offsets: list[tuple[int, int]]  # character spans in the text


class HFTokenizer:
    """A Hugging Face fast tokenizer (``tokenizers.Tokenizer``)."""

    def __init__(self, tokenizer, name: str):
        self.tokenizer = tokenizer
        self.name = name

    def encode_batch(self, texts: list[str]) -> list[Encoded]:
        encodings = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        return [Encoded(e.ids, e.offsets) for e in encodings]

    def count_batch(self, texts: list[str]) -> list[int]:
        return [len(e.ids) for e in self.tokenizer.encode_batch(texts, add_special_tokens=False)]


_WHITESPACE_TOKEN = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]"
    r"|[^\s\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+"
)


class WhitespaceTokenizer:
    name = "whitespace"

    def encode_batch(self, texts: list[str]) -> list[Encoded]:
        return [Encoded(None, [m.span() for m in _WHITESPACE_TOKEN.finditer(t)]) for t in texts]

    def count_batch(self, texts: list[str]) -> list[int]:
        return [sum(1 for _ in _WHITESPACE_TOKEN.finditer(t)) for t in texts]


def _from_gguf(path: Path):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(str(path.parent), gguf_file=path.name)
    if not getattr(tok, "is_fast", False):
        raise PolymedError("the GGUF file's tokenizer has no fast (Rust) version", path)
    return tok.backend_tokenizer


def default_tokenizer_file() -> Path:
    """tokenizer.json of the embedded default model, converted once and cached."""
    from ..models.default import gguf_path

    gguf = Path(str(gguf_path()))
    target = cache_root() / "tokenizers" / gguf.stem / "tokenizer.json"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".tokenizer.json.{os.getpid()}.tmp")
        _from_gguf(gguf).save(str(tmp))
        os.replace(tmp, target)
    return target


def load_tokenizer(spec: str = "default"):
    """A tokenizer with ``name``, ``encode_batch(texts)`` and ``count_batch(texts)``."""
    from tokenizers import Tokenizer

    spec = spec.strip()
    if spec == "whitespace":
        return WhitespaceTokenizer()
    if spec == "default":
        return HFTokenizer(Tokenizer.from_file(str(default_tokenizer_file())), "default")
    path = Path(spec).expanduser()
    try:
        if path.is_file() and path.suffix == ".json":
            return HFTokenizer(Tokenizer.from_file(str(path)), spec)
        if path.is_file() and path.suffix == ".gguf":
            return HFTokenizer(_from_gguf(path), spec)
        if path.is_dir() and (path / "tokenizer.json").is_file():
            return HFTokenizer(Tokenizer.from_file(str(path / "tokenizer.json")), spec)
        from transformers import AutoTokenizer

        tok = AutoTokenizer.from_pretrained(spec)
    except PolymedError:
        raise
    except Exception as exc:
        raise PolymedError(
            f"cannot load tokenizer {spec!r} ({type(exc).__name__}: {exc}); "
            "use default, whitespace, a tokenizer.json, a folder or a .gguf file"
        ) from exc
    if not getattr(tok, "is_fast", False):
        raise PolymedError(f"tokenizer {spec!r} has no fast (Rust) version; offsets are needed")
    return HFTokenizer(tok.backend_tokenizer, spec)
