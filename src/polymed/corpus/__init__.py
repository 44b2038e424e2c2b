"""Corpus stage: build a multilingual medical corpus the MMedC way.

    web shards ──► CorpusReader ──► MedicalKeywordFilter ──► AtomicJsonlWriter   (filter)
    txt/md, PDF, small corpora ──► readers tagged with their source              (add)
    run folders ──► corpus_stats (Table 5)  /  chunk_corpus (2048/512 windows)

Steps are datatrove pipeline steps; ``run_corpus`` runs them on a local, Ray or Slurm
executor with datatrove's completion markers for resume. See docs/corpus.md.
"""

from .chunk import chunk_corpus, windows
from .filter import MedicalKeywordFilter
from .keywords import PAPER_THRESHOLDS, Thresholds, load_keywords, resolve_thresholds
from .matcher import KeywordMatcher
from .pipeline import CorpusRun, RunSummary, build_pipeline, run_corpus
from .readers import CorpusReader
from .sources import PdfReader, TextFolderReader
from .stats import corpus_stats
from .tokenizer import load_tokenizer
from .writers import AtomicJsonlWriter

__all__ = [
    "PAPER_THRESHOLDS",
    "AtomicJsonlWriter",
    "CorpusReader",
    "CorpusRun",
    "KeywordMatcher",
    "MedicalKeywordFilter",
    "PdfReader",
    "RunSummary",
    "TextFolderReader",
    "Thresholds",
    "build_pipeline",
    "chunk_corpus",
    "corpus_stats",
    "load_keywords",
    "load_tokenizer",
    "resolve_thresholds",
    "run_corpus",
    "windows",
]
