"""Bad input is counted per shard and skipped; the run completes."""

from __future__ import annotations

import gzip
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from polymed.corpus.pipeline import CorpusRun, run_corpus
from polymed.corpus.readers import CorpusReader, FileReport, file_format, iter_records

from .conftest import MED_EN, read_output, write_jsonl


def _read(folder, name):
    from datatrove.io import get_datafolder

    report = FileReport(name)
    records = list(iter_records(get_datafolder(str(folder)), name, report))
    return records, report


def test_file_formats():
    assert (
        file_format("a/b.jsonl")
        == file_format("b.json.gz")
        == file_format("x.ndjson.zst")
        == "jsonl"
    )
    assert file_format("en_part_00000.parquet") == "parquet"
    assert file_format("notes.txt") is None and file_format(".00001.jsonl.gz.tmp") is None


def test_malformed_json_invalid_utf8_and_empty_texts(tmp_path):
    write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"text": "good one", "id": "1"},
            b'{"text": "broken\n',
            b'{"text": "caf\xe9 latin-1 bytes"}\n',
            b"\n",  # blank lines are not errors
            b"[1, 2]\n",
            {"text": "   "},
            {"id": "no text"},
            {"text": "good two"},
        ],
    )
    records, report = _read(tmp_path, "a.jsonl")
    assert [text for _, text, _ in records] == ["good one", "good two"]
    assert [pos for pos, _, _ in records] == [1, 8]  # line numbers
    assert (report.documents, report.malformed_json, report.invalid_utf8, report.empty_text) == (
        2,
        2,
        1,
        2,
    )
    assert not report.truncated and report.error is None


def test_truncated_gzip_keeps_what_was_read(tmp_path):
    lines = [{"text": f"document number {i} " * 20, "id": str(i)} for i in range(200)]
    path = write_jsonl(tmp_path / "t.jsonl.gz", lines)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    records, report = _read(tmp_path, "t.jsonl.gz")
    assert 0 < len(records) < 200 and report.documents == len(records)
    assert report.truncated and "EOFError" in report.error


def test_not_really_gzip_is_unreadable(tmp_path):
    (tmp_path / "fake.jsonl.gz").write_bytes(b'{"text": "plain"}\n')
    records, report = _read(tmp_path, "fake.jsonl.gz")
    assert records == [] and not report.truncated and "BadGzipFile" in report.error


def test_culturax_parquet_layout(tmp_path):
    table = pa.table(
        {
            "text": [MED_EN, "", "plain"],
            "timestamp": ["2019/03/01 00:00:00"] * 3,
            "url": ["https://a", "https://b", "https://c"],
            "source": ["mC4", "OSCAR-2019", "OSCAR-2019"],
        }
    )
    (tmp_path / "en").mkdir()
    pq.write_table(table, tmp_path / "en" / "en_part_00000.parquet")
    reader = CorpusReader(str(tmp_path), lang="en", source="filtered")
    docs = list(reader.run())
    assert [d.id for d in docs] == ["en/en_part_00000.parquet:1", "en/en_part_00000.parquet:3"]
    assert docs[0].metadata == {
        "timestamp": "2019/03/01 00:00:00", "url": "https://a", "origin": "mC4",
        "lang": "en", "source": "filtered", "quality": "unverified",
    }  # fmt: skip
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really parquet")
    records, report = _read(tmp_path, "broken.parquet")
    assert records == [] and report.error


def test_datatrove_layout_round_trips(tmp_path):
    write_jsonl(
        tmp_path / "d.jsonl", [{"text": "t", "id": "x", "metadata": {"lang": "en", "mkc": 7}}]
    )
    (doc,) = CorpusReader(str(tmp_path)).run()
    assert (doc.id, doc.metadata) == ("x", {"lang": "en", "mkc": 7})


def test_a_run_over_bad_shards_completes_and_reports_them(tmp_path):
    good = [{"text": MED_EN, "id": f"m{i}"} for i in range(3)]
    write_jsonl(
        tmp_path / "in" / "0.jsonl", [*good, b"{oops\n", b'{"text": "\xff"}\n', {"text": ""}]
    )
    trunc = write_jsonl(
        tmp_path / "in" / "1.jsonl.gz", [{"text": MED_EN, "id": f"t{i}"} for i in range(300)]
    )
    trunc.write_bytes(trunc.read_bytes()[:-40])
    (tmp_path / "in" / "2.jsonl.gz").write_bytes(b"not gzip")
    out = tmp_path / "out"
    summary = run_corpus(
        CorpusRun(kind="filter", input=str(tmp_path / "in"), lang="en"), str(out), workers=1
    )
    assert summary.completed == summary.tasks == 3
    assert summary.problems == {
        "malformed_json": 1, "invalid_utf8": 1, "empty_text": 1,
        "truncated_files": 1, "unreadable_files": 1,
    }  # fmt: skip
    kept = read_output(out)
    assert {"m0", "m1", "m2"} <= set(kept) and len(kept) == summary.kept == summary.read
    report = json.loads((out / "reports" / "00001.json").read_text())
    assert report["files"][0]["truncated"] and report["totals"]["truncated_files"] == 1
    assert not list(out.rglob("*.tmp"))  # nothing half-written
    with gzip.open(out / "data" / "00002.jsonl.gz") as f:
        assert f.read() == b""  # the unreadable shard still completes, empty


def test_zstd_frames_and_truncation(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    data = b"".join(json.dumps({"text": f"doc {i}"}).encode() + b"\n" for i in range(500))
    frame = zstandard.ZstdCompressor().compress(data)
    (tmp_path / "two.jsonl.zst").write_bytes(frame + frame)
    (tmp_path / "cut.jsonl.zst").write_bytes(frame[:-20])
    records, report = _read(tmp_path, "two.jsonl.zst")
    assert len(records) == 1000 and not report.truncated
    records, report = _read(tmp_path, "cut.jsonl.zst")
    assert report.truncated and "zstd" in report.error
