"""Topic classification: reply parsing, up to four tries then "None", resume, loading."""

from __future__ import annotations

import json

import pytest

from judging._helpers import FakeModel, Unusable, sample_items
from polymed.data.topics import (
    NO_TOPIC,
    SUBJECTS,
    apply_topics,
    classify_topics,
    default_topics_path,
    load_topics,
    parse_topic,
)
from polymed.errors import PolymedError
from polymed.records import Response


@pytest.mark.parametrize(
    ("reply", "topic"),
    [
        ("Internal Medicine", "Internal Medicine"),
        ("internal medicine.", "Internal Medicine"),
        ("**Subject:** Pharmacology", "Pharmacology"),
        ("Obstetrics & Gynaecology", "Obstetrics and Gynecology"),
        ("Haematology", "Hematology"),
        ("The most relevant subject is Neurology.", "Neurology"),
        ("Answer: Medical Genetics", "Medical Genetics"),
        ("Genetics", None),  # not a subject of the list
        ("Cardiology", None),
        ("Pathology or Immunology", None),  # ambiguous
        ("", None),
        (None, None),
    ],
)
def test_parse_topic(reply, topic):
    found, why = parse_topic(reply)
    assert found == topic
    assert bool(why) == (topic is None)


def test_the_paper_names_twenty_subjects():
    assert len(SUBJECTS) == len(set(SUBJECTS)) == 20


def test_up_to_four_tries_then_none(tmp_path):
    items = sample_items(["en"])[:3]
    calls: dict[str, int] = {}

    def reply(request):
        key = request.prompt.split("\n", 1)[0]
        calls[key] = calls.get(key, 0) + 1
        if items[0].question[:30] in key:
            return "Surgery"  # first try fine
        if items[1].question[:30] in key:
            return "Radiology" if calls[key] == 4 else "Cardiology, maybe Surgery and Anatomy"
        return "I am not sure."  # never usable

    model = FakeModel(reply)
    out = tmp_path / "topics.jsonl"
    summary = classify_topics(items, model, out)
    rows = {r["item_id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert rows[items[0].id]["topic"] == "Surgery" and rows[items[0].id]["tries"] == 1
    assert rows[items[1].id]["topic"] == "Radiology" and rows[items[1].id]["tries"] == 4
    assert rows[items[2].id]["topic"] == NO_TOPIC and rows[items[2].id]["tries"] == 4
    assert rows[items[2].id]["reply"] == "I am not sure."
    assert len(model.requests) == 1 + 4 + 4
    assert "Radiology" in model.requests[0].system and "English doctor" in model.requests[0].system
    assert (
        "several subjects" in model.requests[-1].prompt or "no subject" in model.requests[-1].prompt
    )
    assert summary["topics"] == {"Surgery": 1, "Radiology": 1, NO_TOPIC: 1}
    assert load_topics(out) == {
        items[0].id: "Surgery",
        items[1].id: "Radiology",
        items[2].id: "None",
    }


def test_resume_and_failed_requests(tmp_path):
    items = sample_items(["fr"])[:4]
    out = tmp_path / "t.jsonl"
    down = FakeModel(lambda r: Response(error="HTTP 503"))
    summary = classify_topics(items, down, out)
    assert summary["errors"] == 4 and summary["topics"] == {}
    assert load_topics(out) == {}  # failed requests are not topics
    model = FakeModel(lambda r: "Pharmacology")
    summary = classify_topics(items, lambda: model, out)  # a factory is called only when needed
    assert summary["topics"] == {"Pharmacology": 4} and summary["errors"] == 0
    assert len(model.requests) == 4
    again = classify_topics(items, lambda: Unusable(), out)
    assert again["skipped"] == 4 and again["topics"] == {"Pharmacology": 4}


def test_apply_topics_and_paths(tmp_path):
    items = sample_items(["en"])[:2]
    tagged = apply_topics(items, {items[0].id: "Anatomy"})
    assert tagged[0].topic == "Anatomy" and tagged[1].topic is None
    assert default_topics_path(tmp_path / "MMedBench.zip") == tmp_path / "MMedBench.topics.jsonl"
    (tmp_path / "MMedBench").mkdir()
    assert default_topics_path(tmp_path / "MMedBench") == tmp_path / "MMedBench.topics.jsonl"
    assert (
        default_topics_path(None, "medexpqa").as_posix()
        == "runs/topics/medexpqa-sample.topics.jsonl"
    )
    with pytest.raises(PolymedError, match="no such topics file"):
        load_topics(tmp_path / "missing.jsonl")
