"""Other MMedC sources: text/Markdown folders, PDF textbooks (+ OCR hook), small corpora."""

from __future__ import annotations

import pytest

from polymed.corpus.pipeline import CorpusRun, run_corpus
from polymed.corpus.sources import PdfReader, TextFolderReader, strip_front_matter
from polymed.errors import PolymedError

from .conftest import MED_EN, PLAIN_EN, make_pdf, read_output, write_jsonl


def test_text_folder_one_document_per_file(tmp_path):
    (tmp_path / "site" / "sub").mkdir(parents=True)
    (tmp_path / "site" / "a.txt").write_text(MED_EN, encoding="utf-8")
    (tmp_path / "site" / "sub" / "b.md").write_text(
        "---\ntitle: B\n---\n# Asthma\n\nInhalers.", encoding="utf-8"
    )
    (tmp_path / "site" / "bad.txt").write_bytes(b"caf\xe9")
    (tmp_path / "site" / "empty.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    (tmp_path / "site" / "image.png").write_bytes(b"\x89PNG")
    reader = TextFolderReader(str(tmp_path / "site"), lang="en", source="website")
    docs = {d.id: d for d in reader.run()}
    assert set(docs) == {"a.txt", "sub/b.md"}
    assert docs["sub/b.md"].text == "# Asthma\n\nInhalers."
    assert docs["a.txt"].metadata == {
        "format": "txt",
        "lang": "en",
        "source": "website",
        "quality": "hq",
    }


def test_front_matter():
    assert strip_front_matter("---\na: 1\n---\n\nbody") == "body"
    assert strip_front_matter("--- not front matter") == "--- not front matter"


def test_pdf_textbook_pages_skipped_and_joined(tmp_path):
    make_pdf(
        tmp_path / "books" / "endo.pdf",
        ["Cover", "Diabetes and insulin.", "Thyroid hormones.", "Index"],
    )
    reader = PdfReader(
        str(tmp_path / "books"), lang="en", source="textbook", skip_first=1, skip_last=1
    )
    (doc,) = reader.run()
    assert doc.text == "Diabetes and insulin.\n\nThyroid hormones."
    assert doc.metadata == {"format": "pdf", "pages": 2, "ocr_pages": 0, "lang": "en",
                            "source": "textbook", "quality": "hq"}  # fmt: skip


def test_scanned_pages_go_to_the_ocr_engine(tmp_path):
    make_pdf(tmp_path / "scan.pdf", ["", "Printed text on page two.", ""])
    calls = []

    def fake_ocr(data: bytes, pages):
        calls.append(list(pages))
        assert data.startswith(b"%PDF")
        return [f"ocr text {p}" for p in pages]

    (doc,) = PdfReader(str(tmp_path), ocr=True, ocr_engine=fake_ocr).run()
    assert calls == [[0, 2]]
    assert doc.text == "ocr text 0\n\nPrinted text on page two.\n\nocr text 2"
    assert doc.metadata["ocr_pages"] == 2
    (plain,) = PdfReader(str(tmp_path)).run()  # without OCR the text layer is used alone
    assert plain.text == "Printed text on page two."


def test_damaged_and_textless_pdfs_are_reported(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    make_pdf(tmp_path / "blank.pdf", ["", ""])
    reader = PdfReader(str(tmp_path), report_folder=str(tmp_path / "reports"))
    assert list(reader.run()) == []
    report = (tmp_path / "reports" / "00000.json").read_text()
    assert '"empty_text": 1' in report and "broken.pdf" in report


def test_ocr_extra_missing_is_a_user_error(tmp_path, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_ocr(name, *args, **kwargs):
        if name in ("pytesseract", "pypdfium2"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ocr)
    make_pdf(tmp_path / "scan.pdf", [""])
    with pytest.raises(PolymedError, match="optional extra"):
        list(PdfReader(str(tmp_path), ocr=True).run())


def test_add_runs_tag_sources_and_optionally_filter(tmp_path):
    books, corpus = tmp_path / "books", tmp_path / "ufal"
    make_pdf(books / "a.pdf", ["Chapter one: cardiology."])
    write_jsonl(
        corpus / "c.jsonl",
        [{"text": MED_EN, "id": "m"}, {"text": PLAIN_EN, "id": "p", "source": "ufal"}],
    )

    run_corpus(CorpusRun(kind="pdf", input=str(books), lang="en"), str(tmp_path / "o1"), workers=1)
    (book,) = read_output(tmp_path / "o1").values()
    assert (book["id"], book["metadata"]["source"], book["metadata"]["quality"]) == (
        "a.pdf",
        "textbook",
        "hq",
    )

    run_corpus(
        CorpusRun(kind="corpus", input=str(corpus), lang="en"), str(tmp_path / "o2"), workers=1
    )
    passthrough = read_output(tmp_path / "o2")
    assert set(passthrough) == {"m", "p"}  # used as it is
    assert passthrough["p"]["metadata"] == {
        "origin": "ufal",
        "lang": "en",
        "source": "small_corpus",
        "quality": "hq",
    }

    filtered = CorpusRun(kind="corpus", input=str(corpus), lang="en", apply_filter=True)
    run_corpus(filtered, str(tmp_path / "o3"), workers=1)
    assert set(read_output(tmp_path / "o3")) == {"m"}  # as the paper did for Wikipedia


def test_unknown_source_or_kind():
    with pytest.raises(PolymedError, match="unknown source"):
        CorpusRun(kind="text", input=".", lang="en", source="forum")
    with pytest.raises(PolymedError, match="unknown input kind"):
        CorpusRun(kind="html", input=".", lang="en")
