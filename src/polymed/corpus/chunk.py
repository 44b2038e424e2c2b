"""Training chunks for continued pre-training: token windows with overlap.

Each document is tokenized (no special tokens) and cut into windows of ``length``
tokens moving by ``length - overlap`` (2048 and 512 by default: stride 1536). The last
window is aligned to the end of the document, so no tail is lost and every window but
a short document's single one is full length. A chunk record holds ``input_ids`` (when
the tokenizer has a vocabulary), its exact ``text`` span, and provenance.

One output file per input file, written atomically; re-running skips finished files.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from datatrove.io import get_datafolder
from datatrove.utils.batching import batched

from ..errors import PolymedError
from .dataset import CorpusDoc, corpus_files, iter_corpus
from .readers import FileReport
from .writers import commit, dumps_line, temp_name

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "parquet")


def windows(n_tokens: int, length: int = 2048, overlap: int = 512) -> list[tuple[int, int]]:
    """[start, end) token windows; the last one ends at ``n_tokens``."""
    if length <= 0 or not 0 <= overlap < length:
        raise PolymedError(f"need length > 0 and 0 <= overlap < length (got {length}, {overlap})")
    if n_tokens <= 0:
        return []
    if n_tokens <= length:
        return [(0, n_tokens)]
    stride = length - overlap
    starts = list(range(0, n_tokens - length + 1, stride))
    if starts[-1] + length < n_tokens:
        starts.append(n_tokens - length)
    return [(s, s + length) for s in starts]


def chunk_records(doc: CorpusDoc, encoded, length: int, overlap: int) -> Iterator[dict]:
    offsets = encoded.offsets
    for k, (start, end) in enumerate(windows(len(offsets), length, overlap)):
        record = {
            "id": f"{doc.id}#{k}",
            "doc_id": doc.id,
            "chunk": k,
            "start_token": start,
            "end_token": end,
            "text": doc.text[offsets[start][0] : offsets[end - 1][1]],
            "lang": doc.lang,
            "source": doc.source,
            "quality": doc.quality,
        }
        if encoded.ids is not None:
            record["input_ids"] = list(encoded.ids[start:end])
        yield record


def output_name(input_name: str, fmt: str) -> str:
    stem = input_name
    for suffix in (".gz", ".bz2", ".xz", ".zst", ".jsonl", ".json", ".ndjson", ".parquet"):
        stem = stem.removesuffix(suffix)
    return f"{stem}.chunks." + ("jsonl.gz" if fmt == "jsonl" else "parquet")


class _Sink:
    """Streams chunk records to a temporary file; ``close`` renames it into place."""

    def __init__(self, folder, name: str, fmt: str):
        self.folder, self.name, self.fmt = folder, name, fmt
        self.raw = folder.open(temp_name(name), "wb")
        self.gz = gzip.GzipFile(fileobj=self.raw, mode="wb", mtime=0) if fmt == "jsonl" else None
        self.rows: list[dict] = []
        self.writer = None

    def write(self, record: dict) -> None:
        if self.gz is not None:
            self.gz.write(dumps_line(record))
            return
        self.rows.append(record)
        if len(self.rows) >= 1024:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if not self.rows:
            return
        table = pa.Table.from_pylist(self.rows)
        if self.writer is None:
            self.writer = pq.ParquetWriter(self.raw, table.schema)
        self.writer.write_table(table.cast(self.writer.schema))
        self.rows = []

    def close(self, ok: bool) -> None:
        if self.gz is not None:
            self.gz.close()
        else:
            self._flush()
            if self.writer is None:  # no chunks: still a valid (empty) parquet file
                import pyarrow as pa
                import pyarrow.parquet as pq

                pq.write_table(pa.table({"id": pa.array([], pa.string())}), self.raw)
            else:
                self.writer.close()
        self.raw.close()
        if ok:
            commit(self.folder, self.name)


@dataclass
class ChunkSummary:
    files: int = 0
    skipped_files: int = 0  # already chunked by an earlier run
    documents: int = 0
    chunks: int = 0
    tokens: int = 0  # tokens in documents (not counting overlaps)
    reports: list[FileReport] = field(default_factory=list)


def chunk_corpus(
    path: str,
    out: str,
    tokenizer,
    length: int = 2048,
    overlap: int = 512,
    fmt: str = "jsonl",
    languages: list[str] | None = None,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> ChunkSummary:
    """Chunk every document under ``path`` into ``out`` (see the module docstring)."""
    if fmt not in FORMATS:
        raise PolymedError(f"unknown chunk format {fmt!r} (use jsonl or parquet)")
    windows(1, length, overlap)  # validate early
    out_folder = get_datafolder(out)
    summary = ChunkSummary()
    for name in corpus_files(path):
        target = output_name(name, fmt)
        if out_folder.isfile(target):
            summary.skipped_files += 1
            continue
        sink = _Sink(out_folder, target, fmt)
        ok = False
        try:
            docs = iter_corpus(path, summary.reports, languages, files=[name])
            for batch in batched(docs, batch_size):
                encoded = tokenizer.encode_batch([d.text for d in batch])
                for doc, enc in zip(batch, encoded, strict=True):
                    summary.documents += 1
                    summary.tokens += len(enc.offsets)
                    for record in chunk_records(doc, enc, length, overlap):
                        sink.write(record)
                        summary.chunks += 1
                if progress:
                    progress(len(batch))
            ok = True
        finally:
            sink.close(ok)
        summary.files += 1
        log.info("chunked %s -> %s", name, target)
    return summary
