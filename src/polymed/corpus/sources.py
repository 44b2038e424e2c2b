"""MMedC's other sources (paper §4.1.2–4.1.4) as datatrove readers.

* ``TextFolderReader``: a folder of ``.txt``/``.md`` files (crawled websites, converted
  books), one document per file; Markdown front matter is dropped.
* ``PdfReader``: PDF textbooks, text extracted with pypdf; the first/last pages
  (covers, contents, epilogues) can be skipped as in the paper. Scanned PDFs without a
  text layer need OCR: an optional extra (``pip install pypdfium2 pytesseract`` plus the
  Tesseract binary), or any ``ocr_engine(pdf_bytes, page_numbers) -> list[str]``.
* Passthrough of an existing small corpus is ``CorpusReader`` with ``source="small_corpus"``.

Every document is tagged with its ``source`` (``textbook``, ``website``,
``small_corpus``, ``filtered``) and the matching ``quality`` (``hq`` or ``unverified``).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Sequence

from datatrove.data import Document, DocumentsPipeline

from ..errors import PolymedError
from .readers import FileReport, ShardedReader

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
OcrEngine = Callable[[bytes, Sequence[int]], list[str]]


def strip_front_matter(text: str) -> str:
    """Drop a leading ``---`` … ``---`` YAML block (Markdown front matter)."""
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4 :].lstrip("\n")
    return text


class TextFolderReader(ShardedReader):
    """One document per text or Markdown file; id = path relative to the folder."""

    name = "📄 text files"

    @staticmethod
    def accepts(path: str) -> bool:
        return path.lower().endswith(TEXT_SUFFIXES)

    def read_file(self, filepath: str, report: FileReport | None = None) -> DocumentsPipeline:
        report = report if report is not None else FileReport(filepath)
        try:
            with self.data_folder.open(filepath, "rb") as f:
                raw = f.read()
        except OSError as exc:
            report.error = f"{type(exc).__name__}: {exc}"
            log.warning("%s: unreadable (%s)", filepath, exc)
            return
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            report.invalid_utf8 += 1
            line = raw[: exc.start].count(b"\n") + 1
            log.warning("%s:%d: invalid UTF-8, file skipped", filepath, line)
            return
        if filepath.lower().endswith((".md", ".markdown")):
            text = strip_front_matter(text)
        if not text.strip():
            report.empty_text += 1
            return
        report.documents += 1
        yield Document(
            text=text, id=filepath, metadata=self.tag({"format": filepath.rsplit(".")[-1]})
        )


def tesseract_ocr(data: bytes, pages: Sequence[int], lang: str = "eng") -> list[str]:
    """Default OCR engine (optional extra): render with pypdfium2, read with Tesseract."""
    try:
        import pypdfium2
        import pytesseract
    except ImportError as exc:
        raise PolymedError(
            "OCR needs the optional extra: pip install pypdfium2 pytesseract (and Tesseract)"
        ) from exc
    pdf = pypdfium2.PdfDocument(data)
    return [
        pytesseract.image_to_string(pdf[i].render(scale=300 / 72).to_pil(), lang=lang)
        for i in pages
    ]


class PdfReader(ShardedReader):
    """One document per PDF (pages joined by blank lines), via pypdf.

    Args:
        skip_first / skip_last: pages to drop at the start/end (covers, contents, epilogue).
        ocr: OCR pages whose text layer is (nearly) empty.
        ocr_engine: ``engine(pdf_bytes, page_numbers) -> texts``; default: Tesseract.
        min_page_chars: a page with fewer extracted characters counts as having no text.
    """

    name = "📕 pdf"

    def __init__(
        self,
        *args,
        skip_first: int = 0,
        skip_last: int = 0,
        ocr: bool = False,
        ocr_engine: OcrEngine | None = None,
        min_page_chars: int = 20,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.skip_first = skip_first
        self.skip_last = skip_last
        self.ocr = ocr
        self.ocr_engine = ocr_engine
        self.min_page_chars = min_page_chars

    @staticmethod
    def accepts(path: str) -> bool:
        return path.lower().endswith(".pdf")

    def extract(self, data: bytes) -> tuple[list[str], int]:
        """Texts of the kept pages, and how many of them needed OCR."""
        import pypdf

        pdf = pypdf.PdfReader(io.BytesIO(data))
        numbers = list(range(len(pdf.pages)))
        numbers = numbers[self.skip_first : len(numbers) - self.skip_last]
        texts = [pdf.pages[i].extract_text() or "" for i in numbers]
        blank = [
            n for n, t in zip(numbers, texts, strict=True) if len(t.strip()) < self.min_page_chars
        ]
        if blank and self.ocr:
            engine = self.ocr_engine or tesseract_ocr
            for n, text in zip(blank, engine(data, blank), strict=True):
                texts[numbers.index(n)] = text
        return texts, len(blank) if self.ocr else 0

    def read_file(self, filepath: str, report: FileReport | None = None) -> DocumentsPipeline:
        report = report if report is not None else FileReport(filepath)
        try:
            with self.data_folder.open(filepath, "rb") as f:
                texts, ocr_pages = self.extract(f.read())
        except PolymedError:
            raise
        except Exception as exc:  # pypdf raises many types for damaged/encrypted files
            report.error = f"{type(exc).__name__}: {exc}"
            log.warning("%s: cannot extract text (%s), file skipped", filepath, exc)
            return
        text = "\n\n".join(t.strip() for t in texts if t.strip())
        if not text:
            report.empty_text += 1
            log.warning("%s: no text layer%s", filepath, "" if self.ocr else " (try --ocr)")
            return
        report.documents += 1
        metadata = {"format": "pdf", "pages": len(texts), "ocr_pages": ocr_pages}
        yield Document(text=text, id=filepath, metadata=self.tag(metadata))
