"""Fixtures for the corpus tests: small JSONL shards, tokenizers, the `ray` marker."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

MED_EN = (
    "The patient was diagnosed with diabetes and hypertension. The physician prescribed "
    "insulin and metformin; blood glucose and cholesterol were checked at the hospital."
)
PLAIN_EN = "We walked along the river on a sunny afternoon and talked about the new library."


def write_jsonl(path: Path, records, compress: bool | None = None) -> Path:
    """Write records (dicts, or raw bytes lines) as JSONL; gzip when the name ends in .gz."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = b"".join(
        r if isinstance(r, bytes) else json.dumps(r, ensure_ascii=False).encode() + b"\n"
        for r in records
    )
    if compress or (compress is None and path.name.endswith(".gz")):
        data = gzip.compress(data)
    path.write_bytes(data)
    return path


def read_output(out: Path) -> dict[str, dict]:
    """id -> record of every document a run folder kept."""
    docs = {}
    for path in sorted((out / "data").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                docs[record["id"]] = record
    return docs


@pytest.fixture
def shards(tmp_path) -> Path:
    """Four English shards: medical and plain documents, 2 of each medical per shard."""
    root = tmp_path / "in"
    for i in range(4):
        records = []
        for j in range(6):
            text = MED_EN if j % 3 == 0 else PLAIN_EN
            records.append({"text": f"{text} ({i}-{j})", "id": f"d{i}-{j}", "url": f"u{i}{j}"})
        write_jsonl(root / f"part{i}.jsonl", records)
    return root


@pytest.fixture(scope="session")
def default_tokenizer():
    """The embedded default model's tokenizer (converted from the GGUF once, then cached)."""
    from polymed.corpus.tokenizer import load_tokenizer

    return load_tokenizer("default")


@pytest.fixture(scope="session")
def tiny_tokenizer_file(tmp_path_factory) -> Path:
    """A word-level tokenizer built in the test: one id per word or punctuation mark."""
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = "[UNK] the a of and patient doctor blood sugar . , is was high low".split()
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    path = tmp_path_factory.mktemp("tok") / "tokenizer.json"
    tok.save(str(path))
    return path


def make_pdf(path: Path, pages: list[str]) -> Path:
    """A minimal valid PDF, one page per string (an empty string: a page without text)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for text in pages:
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("latin-1") if text else b""
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % content
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path
