"""Fixtures for the data tests: tiny MMedBench / MedExpQA trees and the shared real samples."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

#: real source-dataset samples, kept next to the repository (``../shared/realdata``)
REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata"


@pytest.fixture
def realdata() -> Path:
    if not (REALDATA / "README.txt").is_file():
        pytest.skip(f"real data samples not found at {REALDATA}")
    return REALDATA


def mcq(question: str = "Which organ filters blood?", answer_idx: Any = "B", **extra: Any) -> dict:
    """One MMedBench record (four options, answer B unless told otherwise)."""
    options = {"A": "Heart", "B": "Kidney", "C": "Lung", "D": "Skin"}
    letters = answer_idx if isinstance(answer_idx, list) else str(answer_idx).split(",")
    answer = ", ".join(options[x.strip().upper()] for x in letters if x.strip().upper() in options)
    record = {
        "question": question,
        "options": options,
        "answer_idx": answer_idx,
        "answer": answer,
        "rationale": "Because the kidney filters blood.",
        "human_checked": True,
        "human_check_passed": True,
    }
    record.update(extra)
    return record


def write_lines(path: Path, records: list[Any]) -> Path:
    """Write records as JSONL; a ``str`` record is written verbatim (to make bad lines)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def zip_folder(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as zf:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                zf.write(f, f.relative_to(folder.parent).as_posix())
    return archive


@pytest.fixture
def mmedbench_tree(tmp_path: Path) -> Path:
    """``tmp/MMedBench/{Test,Train}/{English,Chinese}.jsonl``; returns the MMedBench folder."""
    root = tmp_path / "MMedBench"
    write_lines(root / "Test" / "English.jsonl", [mcq(), mcq("Pick two.", "A,C"), mcq("Q3", "D")])
    write_lines(root / "Test" / "Chinese.jsonl", [mcq("哪个器官过滤血液？")])
    write_lines(root / "Train" / "English.jsonl", [mcq("Train question", "A")])
    return root


def medexpqa_record(**extra: Any) -> dict:
    """One MedExpQA record with option 5 null and both snippet shapes."""
    record = {
        "id": 7,
        "lang": "en",
        "full_question": "A 30-year-old with chest pain. What is the diagnosis?",
        "options": {
            "1": "Angina",
            "2": "Pericarditis",
            "3": "Reflux",
            "4": "Myocarditis",
            "5": None,
        },
        "correct_option": 2,
        "explanations": {
            "1": {"text": "Not angina.", "char_ranges": [[0, 11]]},
            "2": {"text": "Pericarditis fits.", "char_ranges": []},
            "3": {"text": "No reflux.", "char_ranges": []},
            "4": {"text": "Unlikely.", "char_ranges": []},
            "5": None,
        },
        "full_answer": "Pericarditis fits, as the pain ...",
        "full_answer_no_ref": "<masked> fits, as the pain ...",
        "rag": {
            "clinical_case_options": {
                "MedCorp": {
                    "BM25": [{"id": "x", "title": "Pericarditis", "content": "Chest pain."}],
                    "RRF-2": ["Plain snippet text."],
                }
            }
        },
    }
    record.update(extra)
    return record


@pytest.fixture
def medexpqa_tree(tmp_path: Path) -> Path:
    """``tmp/medexpqa/{en,es}/{test,train}.<lang>.casimedicos.rag.jsonl``."""
    root = tmp_path / "medexpqa"
    write_lines(
        root / "en" / "test.en.casimedicos.rag.jsonl",
        [medexpqa_record(), medexpqa_record(id=8, correct_option="1")],
    )
    write_lines(root / "es" / "test.es.casimedicos.rag.jsonl", [medexpqa_record(lang="es")])
    write_lines(root / "en" / "train.en.casimedicos.rag.jsonl", [medexpqa_record(id=1)])
    return root
