"""`corpus chunk`: 2048-token windows with 512-token overlap, the last aligned to the end."""

from __future__ import annotations

import gzip
import json

import pyarrow.parquet as pq
import pytest

from polymed.corpus.chunk import chunk_corpus, windows
from polymed.corpus.tokenizer import load_tokenizer
from polymed.errors import PolymedError

from .conftest import write_jsonl


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, []),
        (1, [(0, 1)]),
        (2048, [(0, 2048)]),
        (2049, [(0, 2048), (1, 2049)]),
        (3584, [(0, 2048), (1536, 3584)]),
        (4000, [(0, 2048), (1536, 3584), (1952, 4000)]),
        (5120, [(0, 2048), (1536, 3584), (3072, 5120)]),
    ],
)
def test_windows_default_2048_512(n, expected):
    assert windows(n) == expected


def test_windows_options_and_errors():
    assert windows(10, 4, 1) == [(0, 4), (3, 7), (6, 10)]
    assert windows(10, 4, 0) == [(0, 4), (4, 8), (6, 10)]
    for length, overlap in ((0, 0), (4, 4), (4, -1)):
        with pytest.raises(PolymedError):
            windows(10, length, overlap)


def _chunks(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_chunks_are_exact_spans_with_ids(tmp_path, tiny_tokenizer_file):
    text = "the patient was high . the doctor , the blood sugar was low"  # 13 tokens
    write_jsonl(tmp_path / "in" / "a.jsonl", [{"text": text, "id": "d1", "lang": "en", "source": "textbook"},
                                              {"text": "short", "id": "d2"}])  # fmt: skip
    tok = load_tokenizer(str(tiny_tokenizer_file))
    summary = chunk_corpus(str(tmp_path / "in"), str(tmp_path / "out"), tok, length=6, overlap=2)
    assert (summary.files, summary.documents, summary.tokens, summary.chunks) == (1, 2, 14, 4)
    chunks = _chunks(tmp_path / "out" / "a.chunks.jsonl.gz")
    ids = tok.encode_batch([text])[0].ids
    assert [(c["start_token"], c["end_token"]) for c in chunks[:3]] == [(0, 6), (4, 10), (7, 13)]
    assert [c["input_ids"] for c in chunks[:3]] == [ids[0:6], ids[4:10], ids[7:13]]
    assert chunks[0]["text"] == "the patient was high . the"
    assert chunks[2]["text"] == ", the blood sugar was low"  # last window ends with the document
    assert chunks[0]["id"] == "d1#0" and chunks[2]["quality"] == "hq"
    assert chunks[3] == {"id": "d2#0", "doc_id": "d2", "chunk": 0, "start_token": 0, "end_token": 1,
                         "text": "short", "lang": "unknown", "source": "unknown",
                         "quality": "unverified", "input_ids": [0]}  # fmt: skip
    again = chunk_corpus(str(tmp_path / "in"), str(tmp_path / "out"), tok, length=6, overlap=2)
    assert again.skipped_files == 1 and again.chunks == 0  # resumable: finished files skipped


def test_parquet_output_and_default_tokenizer(tmp_path, default_tokenizer):
    text = " ".join(f"word{i}" for i in range(3000))
    write_jsonl(tmp_path / "in" / "long.jsonl", [{"text": text, "id": "long"}])
    summary = chunk_corpus(
        str(tmp_path / "in"), str(tmp_path / "out"), default_tokenizer, fmt="parquet"
    )
    n = default_tokenizer.count_batch([text])[0]
    assert n > 2048 and summary.chunks == len(windows(n))
    table = pq.read_table(tmp_path / "out" / "long.chunks.parquet").to_pylist()
    assert [len(r["input_ids"]) for r in table] == [2048] * len(table)
    assert table[-1]["end_token"] == n and table[-1]["text"].endswith("word2999")
    assert not list((tmp_path / "out").glob(".*"))  # written atomically
