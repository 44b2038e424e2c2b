"""`polymed corpus …` end to end through the CLI entry point."""

from __future__ import annotations

import json

from polymed.cli import main

from .conftest import make_pdf, read_output


def test_keywords_command(capsys):
    assert main(["corpus", "keywords"]) == 0
    out = capsys.readouterr().out
    assert "T_C" in out and "ru" in out
    assert main(["corpus", "keywords", "--lang", "zh"]) == 0
    assert "高血压" in capsys.readouterr().out.split()


def test_filter_stats_chunk(shards, tmp_path, capsys):
    out, chunks, stats = tmp_path / "run", tmp_path / "chunks", tmp_path / "stats.json"
    args = ["corpus", "filter", str(shards), "--lang", "en", "--out", str(out), "--workers", "1"]
    assert main(args) == 0
    assert "4/4 tasks complete · 24 documents read · 8 kept" in capsys.readouterr().out
    assert len(read_output(out)) == 8

    assert main([*args, "--min-density", "0.05"]) == 1  # a different run in the same folder
    assert "different settings (min_density)" in capsys.readouterr().err

    assert (
        main(["corpus", "stats", str(out), "--tokenizer", "whitespace", "--json", str(stats)]) == 0
    )
    printed = capsys.readouterr().out
    assert "Filtered" in printed and "Unverified" in printed
    data = json.loads(stats.read_text())
    assert data["languages"]["en"]["unverified"]["documents"] == 8

    chunk = ["corpus", "chunk", str(out), "--out", str(chunks), "--tokenizer", "whitespace",
             "--length", "16", "--overlap", "4"]  # fmt: skip
    assert main(chunk) == 0
    assert "8 documents" in capsys.readouterr().out
    assert list(chunks.rglob("*.chunks.jsonl.gz"))


def test_add_pdf_and_errors(tmp_path, capsys):
    make_pdf(tmp_path / "books" / "a.pdf", ["Cover", "Pharmacology of insulin."])
    out = tmp_path / "books-run"
    args = ["corpus", "add", str(tmp_path / "books"), "--kind", "pdf", "--lang", "en",
            "--out", str(out), "--pdf-skip-first", "1", "--workers", "1"]  # fmt: skip
    assert main(args) == 0
    (doc,) = read_output(out).values()
    assert doc["text"] == "Pharmacology of insulin." and doc["metadata"]["source"] == "textbook"

    assert (
        main(["corpus", "add", str(tmp_path), "--kind", "html", "--lang", "en", "--out", "x"]) == 1
    )
    assert "unknown --kind" in capsys.readouterr().err
    assert main(["corpus", "filter", str(tmp_path / "books"), "--lang", "en", "--out",
                 str(tmp_path / "s"), "--executor", "slurm"]) == 1  # fmt: skip
    assert "--slurm-partition" in capsys.readouterr().err
