"""Atomic output: every file is written under a temporary name, then renamed into place.

A killed task therefore never leaves a half-written output under its final name; a
re-run overwrites the temporary file. On a local disk the rename is atomic; on object
stores (s3, gcs, hf) a file only appears once its upload completes.
"""

from __future__ import annotations

import gzip

import orjson
from datatrove.data import Document, DocumentsPipeline
from datatrove.io import DataFolder, DataFolderLike, get_datafolder
from datatrove.pipeline.base import PipelineStep


def temp_name(name: str) -> str:
    """Hidden sibling used while ``name`` is being written (ignored by corpus readers)."""
    head, _, tail = name.rpartition("/")
    return f"{head}/.{tail}.tmp" if head else f".{tail}.tmp"


def commit(folder: DataFolder, name: str) -> None:
    """Move ``temp_name(name)`` over ``name``."""
    folder.mv(temp_name(name), name)


def atomic_write_bytes(folder: DataFolderLike, name: str, data: bytes) -> None:
    folder = get_datafolder(folder)
    with folder.open(temp_name(name), "wb") as f:
        f.write(data)
    commit(folder, name)


def dumps_line(record: dict) -> bytes:
    """One JSONL line; numpy values and non-string keys are accepted, other objects str()-ed."""
    return orjson.dumps(record, default=str, option=_DUMP_OPTIONS)


_DUMP_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE


def document_record(doc: Document) -> dict:
    """datatrove's JSONL layout: ``{"text", "id", "metadata"}`` (readable by its JsonlReader)."""
    return {"text": doc.text, "id": doc.id, "metadata": doc.metadata}


class AtomicJsonlWriter(PipelineStep):
    """Writes each task's documents to ``<rank>.jsonl.gz`` (or ``.jsonl``), atomically.

    The file is renamed into place only after the upstream steps are exhausted, so a
    task that fails or is killed leaves no file under the final name.
    """

    name = "💾 atomic jsonl"
    type = "💽 - WRITER"

    def __init__(
        self, output_folder: DataFolderLike, compression: str | None = "gzip", level: int = 1
    ):
        super().__init__()
        self.output_folder = get_datafolder(output_folder)
        self.compression = compression
        self.level = level

    def filename(self, rank: int) -> str:
        return f"{rank:05d}.jsonl" + (".gz" if self.compression == "gzip" else "")

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        name = self.filename(rank)
        written = 0
        with self.output_folder.open(temp_name(name), "wb") as raw:
            out = raw
            if self.compression == "gzip":
                out = gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=self.level, mtime=0)
            try:
                for doc in data:
                    out.write(dumps_line(document_record(doc)))
                    written += 1
                    yield doc
            finally:
                if out is not raw:
                    out.close()
        commit(self.output_folder, name)
        self.stat_update("written", value=written)
