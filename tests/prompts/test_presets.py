"""Prompt presets: request shapes, templates, numbered options and grounding."""

from __future__ import annotations

import pytest

from polymed.errors import PolymedError
from polymed.prompts import DEFAULT_PRESET, PRESETS, Preset, get_preset
from polymed.records import GenerateRequest, Item, LoglikRequest

MMED = Item(
    id="en-1",
    language="fr",
    question="Un homme de 60 ans présente une insuffisance rénale. Quel est le diagnostic ?",
    options={
        "A": "Hyalinose segmentaire",
        "B": "Nécrose tubulaire",
        "C": "Néphrite interstitielle",
    },
    answers=frozenset({"C"}),
)
MEDEXPQA = Item(
    id="it-7",
    language="it",
    question="Donna di 30 anni con febbre e rigidità nucale. Qual è il trattamento?",
    options={"1": "Amoxicillina", "2": "Ceftriaxone", "3": "Vancomicina", "4": "Linezolid"},
    answers=frozenset({"2"}),
    benchmark="medexpqa",
)
GROUNDING = "La ceftriaxone è il trattamento empirico della meningite batterica."
NAMES = sorted(PRESETS)


def test_registry():
    assert NAMES == ["mmedbench-appendix", "mmedbench-code", "plain"]
    assert DEFAULT_PRESET in PRESETS
    for name, preset in PRESETS.items():
        assert isinstance(preset, Preset)
        assert preset.name == name
        assert get_preset(name) is preset


def test_unknown_preset_lists_known_names():
    with pytest.raises(PolymedError) as err:
        get_preset("alpaca")
    message = str(err.value)
    assert "alpaca" in message
    assert all(name in message for name in NAMES)


def test_descriptions_cite_a_source():
    assert "appendix A" in PRESETS["mmedbench-appendix"].description
    assert "released code" in PRESETS["mmedbench-code"].description


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("item", [MMED, MEDEXPQA], ids=["mmedbench", "medexpqa"])
def test_loglik_continuations_labels_then_texts(name, item):
    request = get_preset(name).loglik_request(item)
    assert isinstance(request, LoglikRequest)
    n = len(item.options)
    assert len(request.continuations) == 2 * n
    assert request.continuations[:n] == tuple(f" {label}" for label in item.options)
    assert request.continuations[n:] == tuple(f" {text}" for text in item.options.values())
    for label, text in item.options.items():
        assert f"{label}. {text}" in request.context


@pytest.mark.parametrize(
    ("name", "ending"),
    [
        ("mmedbench-appendix", "\nAnswer:"),
        ("mmedbench-code", "### Response:###Answer: OPTION"),
        ("plain", "\nAnswer:"),
    ],
)
def test_loglik_context_ends_right_before_the_answer(name, ending):
    assert get_preset(name).loglik_request(MMED).context.endswith(ending)


@pytest.mark.parametrize("name", NAMES)
def test_generate_budgets_and_stops(name):
    preset = get_preset(name)
    answer = preset.generate_request(MMED)
    rationale = preset.generate_request(MMED, rationale=True)
    assert isinstance(answer, GenerateRequest)
    assert answer.max_new_tokens <= 64 < 256 <= rationale.max_new_tokens
    assert answer.prompt != rationale.prompt
    for stop in rationale.stop:
        # no stop string may cut a rationale before its answer line
        assert stop not in "[End] Answer: C"
        assert stop not in "###Rationale: ...\n###Answer: OPTION C IS CORRECT."


def test_appendix_instructions():
    preset = get_preset("mmedbench-appendix")
    answer = preset.generate_request(MMED).prompt
    assert answer.startswith("You're a French doctor, make a choice based on the question")
    assert "Options may not be unique." in answer
    assert answer.endswith("Answer:")
    rationale = preset.generate_request(MMED, rationale=True).prompt
    assert "in French" in rationale
    assert "'Reason:... [End] Answer: A, B'" in rationale
    assert rationale.endswith("Reason:")


def test_appendix_numbered_options():
    prompt = get_preset("mmedbench-appendix").generate_request(MEDEXPQA, rationale=True).prompt
    assert prompt.startswith("You're a Italian doctor")
    assert "answer's number" in prompt and "letter" not in prompt
    assert "Answer: 1, 2'" in prompt
    assert "\n1. Amoxicillina\n2. Ceftriaxone\n" in prompt


def test_code_template():
    preset = get_preset("mmedbench-code")
    prompt = preset.generate_request(MMED).prompt
    assert prompt.startswith("Below is an instruction that describes a task")
    assert "### Instruction:\nYou're a French doctor, kindly address" in prompt
    assert "Answer with the best option directly." in prompt
    assert (
        "### Input:\n###Question: Un homme de 60 ans présente une insuffisance rénale. Quel est le "
        "diagnostic ? Which of the following is the best treatment for this patient? "
        "###Options: A. Hyalinose segmentaire B. Nécrose tubulaire C. Néphrite interstitielle "
        "\n\n### Response:"
    ) in prompt
    assert prompt.endswith("### Response:")
    rationale = preset.generate_request(MMED, rationale=True).prompt
    assert "Then you should give the right answer index of the question." in rationale


def test_code_numbered_options():
    prompt = get_preset("mmedbench-code").generate_request(MEDEXPQA).prompt
    assert "best treatment for this patient? ###Options: 1. Amoxicillina 2. Ceftriaxone" in prompt
    context = get_preset("mmedbench-code").loglik_request(MEDEXPQA).context
    assert context.endswith("###Answer: OPTION")


def test_plain_layout():
    preset = get_preset("plain")
    prompt = preset.generate_request(MEDEXPQA).prompt
    assert prompt == (
        "Question: Donna di 30 anni con febbre e rigidità nucale. Qual è il trattamento?\n"
        "1. Amoxicillina\n2. Ceftriaxone\n3. Vancomicina\n4. Linezolid\nAnswer:"
    )
    rationale = preset.generate_request(MEDEXPQA, rationale=True).prompt
    assert '"Answer: <number>"' in rationale and rationale.endswith("Reasoning:")


@pytest.mark.parametrize("name", NAMES)
def test_grounding_context_comes_before_the_question(name):
    preset = get_preset(name)
    for prompt in (
        preset.generate_request(MEDEXPQA, context=GROUNDING).prompt,
        preset.generate_request(MEDEXPQA, rationale=True, context=GROUNDING).prompt,
        preset.loglik_request(MEDEXPQA, context=GROUNDING).context,
    ):
        assert GROUNDING in prompt
        assert prompt.index(GROUNDING) < prompt.index("Donna di 30 anni")
    assert GROUNDING not in preset.generate_request(MEDEXPQA).prompt
    assert preset.generate_request(MEDEXPQA, context="  ").prompt == (
        preset.generate_request(MEDEXPQA).prompt
    )


def test_grounding_block_is_delimited():
    prompt = get_preset("mmedbench-appendix").generate_request(MEDEXPQA, context=GROUNDING).prompt
    assert f'Context:\n"""\n{GROUNDING}\n"""\n\nQuestion:' in prompt
    code = get_preset("mmedbench-code").generate_request(MEDEXPQA, context=GROUNDING).prompt
    assert f"### Input:\n###Context: {GROUNDING} ###Question:" in code
