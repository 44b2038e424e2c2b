"""`corpus stats`: documents and tokens per language x source, HQ vs unverified (Table 5)."""

from __future__ import annotations

from polymed.corpus.pipeline import CorpusRun, run_corpus
from polymed.corpus.stats import corpus_stats
from polymed.corpus.tokenizer import load_tokenizer

from .conftest import MED_EN, make_pdf, write_jsonl


def _corpus(tmp_path, shards):
    root = tmp_path / "mmedc"
    run_corpus(
        CorpusRun(kind="filter", input=str(shards), lang="en"), str(root / "en-web"), workers=1
    )
    make_pdf(tmp_path / "books" / "b.pdf", ["Diabetes mellitus and insulin."])
    run_corpus(
        CorpusRun(kind="pdf", input=str(tmp_path / "books"), lang="en"),
        str(root / "en-books"),
        workers=1,
    )
    (tmp_path / "ja").mkdir()
    (tmp_path / "ja" / "a.md").write_text("糖尿病の治療", encoding="utf-8")
    run_corpus(
        CorpusRun(kind="text", input=str(tmp_path / "ja"), lang="ja"),
        str(root / "ja-web"),
        workers=1,
    )
    return root


def test_table_5_shape_with_whitespace_tokens(tmp_path, shards):
    root = _corpus(tmp_path, shards)
    stats = corpus_stats(str(root), load_tokenizer("whitespace"))
    assert stats["tokenizer"] == "whitespace" and stats["sources"] == [
        "filtered",
        "textbook",
        "website",
    ]
    en, ja = stats["languages"]["en"], stats["languages"]["ja"]
    med_tokens = len(MED_EN.split()) + 1  # "(i-j)" suffix
    assert en["sources"]["filtered"] == {
        "documents": 8, "characters": 8 * (len(MED_EN) + 6), "tokens": 8 * med_tokens,
    }  # fmt: skip
    assert en["sources"]["textbook"]["tokens"] == 4
    assert en["hq"]["documents"] == 1 and en["unverified"]["documents"] == 8
    assert en["total"]["tokens"] == 8 * med_tokens + 4
    assert ja == {
        "sources": {"website": {"documents": 1, "characters": 6, "tokens": 6}},
        "hq": {"documents": 1, "characters": 6, "tokens": 6},
        "unverified": {"documents": 0, "characters": 0, "tokens": 0},
        "total": {"documents": 1, "characters": 6, "tokens": 6},
    }
    assert stats["total"]["documents"] == 10 and stats["input_problems"] == {}
    only_ja = corpus_stats(str(root), None, languages=["ja"])
    assert list(only_ja["languages"]) == ["ja"] and only_ja["total"]["tokens"] == 0


def test_default_tokenizer_counts(tmp_path, shards, default_tokenizer):
    root = _corpus(tmp_path, shards)
    stats = corpus_stats(str(root / "ja-web"), default_tokenizer)
    assert stats["total"]["tokens"] == default_tokenizer.count_batch(["糖尿病の治療"])[0] > 0


def test_plain_files_and_bad_lines(tmp_path):
    write_jsonl(
        tmp_path / "x.jsonl",
        [{"text": "a b c"}, b"{bad\n", {"text": "d", "lang": "fr", "source": "website"}],
    )
    stats = corpus_stats(str(tmp_path), load_tokenizer("whitespace"))
    assert stats["languages"]["unknown"]["unverified"]["tokens"] == 3
    assert stats["languages"]["fr"]["hq"]["tokens"] == 1
    assert stats["input_problems"] == {"malformed_json": 1}
