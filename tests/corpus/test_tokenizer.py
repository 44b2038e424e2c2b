"""Tokenizer specs: default (embedded model), a local tokenizer.json/folder, whitespace."""

from __future__ import annotations

import pytest

from polymed.corpus.tokenizer import load_tokenizer
from polymed.errors import PolymedError


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Hello, world", ["Hello,", "world"]),
        ("医生说高血压", ["医", "生", "说", "高", "血", "压"]),
        ("CT检查 ok", ["CT", "检", "查", "ok"]),
        ("カルテ 記録", ["カ", "ル", "テ", "記", "録"]),
        ("", []),
    ],
)
def test_whitespace_fallback(text, tokens):
    tok = load_tokenizer("whitespace")
    (enc,) = tok.encode_batch([text])
    assert enc.ids is None and [text[a:b] for a, b in enc.offsets] == tokens
    assert tok.count_batch([text]) == [len(tokens)]


def test_local_tokenizer_file_and_folder(tiny_tokenizer_file):
    for spec in (str(tiny_tokenizer_file), str(tiny_tokenizer_file.parent)):
        tok = load_tokenizer(spec)
        (enc,) = tok.encode_batch(["the patient , blood sugar"])
        assert enc.ids == [1, 5, 10, 7, 8] and enc.offsets[1] == (4, 11)


def test_default_tokenizer_is_the_embedded_models(default_tokenizer):
    assert default_tokenizer.name == "default"
    (enc,) = default_tokenizer.encode_batch(["Hello world, 糖尿病の治療"])
    assert enc.ids[:2] == [9259, 1902]  # Gemma 3 vocabulary, no BOS added
    assert enc.offsets[-1][1] == len("Hello world, 糖尿病の治療")


def test_bad_specs(tmp_path):
    with pytest.raises(PolymedError, match="cannot load tokenizer"):
        load_tokenizer(str(tmp_path))  # a folder without a tokenizer
