"""Answer and rationale extraction over real-looking outputs in all seven languages.

One case per line: (id, model output, options, language, expected labels or None).
"""

from __future__ import annotations

import pytest

from polymed.evaluation.extract import extract_answer, extract_rationale

EN = {
    "A": "Focal segmental glomerulosclerosis",
    "B": "Ischemic acute tubular necrosis",
    "C": "Nephrotoxic acute tubular necrosis",
    "D": "Toxic tubulointerstitial nephritis",
}
E5 = {"A": "Aspirin", "B": "Heparin", "C": "Warfarin", "D": "Ruxolitinib", "E": "Observation"}
ZH = {"A": "肺炎", "B": "哮喘", "C": "心力衰竭", "D": "肺栓塞", "E": "气胸"}
RU = {"A": "да", "B": "нет"}
JA4 = {"A": "セファゾリン", "B": "アンピシリン", "C": "レボフロキサシン", "D": "バンコマイシン"}
NUM = {
    "1": "Amoxicilina",
    "2": "Ceftriaxona",
    "3": "Vancomicina",
    "4": "Linezolid",
    "5": "Daptomicina",
}


def S(*labels: str) -> frozenset[str]:
    return frozenset(labels)


# fmt: off
CASES = [
    # English: answer phrases and the two MMedBench output templates
    ("en-colon-multi", "Answer: A, C", E5, "en", S("A", "C")),
    ("en-and", "Answer: A and C", E5, "en", S("A", "C")),
    ("en-code-multi", "OPTION A,C IS CORRECT.", E5, "en", S("A", "C")),
    ("en-code-single", "###Answer: OPTION B IS CORRECT.", E5, "en", S("B")),
    ("en-code-eos", "###Answer: OPTION D IS CORRECT.</s>", EN, "en", S("D")),
    ("en-code-rationale", "###Rationale: Option A is tempting, but NSAIDs point elsewhere.\n###Answer: OPTION D IS CORRECT.", EN, "en", S("D")),
    ("en-appendix", "Reason: Warfarin needs INR monitoring, so B and D fit. [End] Answer: A, B", E5, "en", S("A", "B")),
    ("en-last-wins", "The answer is A at first sight, but bleeding risk matters. [End] Answer: C", E5, "en", S("C")),
    ("en-affirmed", "B is the correct answer.", E5, "en", S("B")),
    ("en-option-correct", "Option E is correct; the others are distractors.", E5, "en", S("E")),
    ("en-answer-paren-text", "Answer: (B) Heparin", E5, "en", S("B")),
    ("en-final", "Heparin is first-line in this setting.\nFinal answer: B", E5, "en", S("B")),
    ("en-choose", "I would choose D.", E5, "en", S("D")),
    ("en-hedge", "The answer is B or C.", E5, "en", S("B", "C")),
    ("en-repeated", "Answer: C\nAnswer: C", E5, "en", S("C")),
    # English: bare labels, markdown, base-model continuations
    ("en-paren", "(B)", E5, "en", S("B")),
    ("en-dot", "B.", E5, "en", S("B")),
    ("en-bold", "**B**", E5, "en", S("B")),
    ("en-bold-answer", "**Answer:** **C**", E5, "en", S("C")),
    ("en-heading", "### Answer\nC", E5, "en", S("C")),
    ("en-explained", "B. Because the patient is on warfarin, A and C are contraindicated.", E5, "en", S("B")),
    ("en-base-continuation", " B\n\nQuestion: A 30-year-old woman has a cough.\nA. x\nB. y\nAnswer: C", E5, "en", S("B")),
    ("en-hashes", "B##### Explanation:The patient's symptoms suggest a myeloproliferative neoplasm", E5, "en", S("B")),
    ("en-start-list", "A, C, D", E5, "en", S("A", "C", "D")),
    ("en-lower", "the answer is c", E5, "en", S("C")),
    ("en-lower-list", "answer: a, e", E5, "en", S("A", "E")),
    # English: option text instead of a label
    ("en-text-exact", "Toxic tubulointerstitial nephritis", EN, "en", S("D")),
    ("en-text-case", "toxic tubulointerstitial nephritis.", EN, "en", S("D")),
    ("en-answer-text", "The answer is Nephrotoxic acute tubular necrosis, given the NSAID use.", EN, "en", S("C")),
    ("en-label-text", "The most appropriate next step in management for this patient is D. Ruxolitinib.", E5, "en", S("D")),
    ("en-option-word", "The best treatment for this patient is option C.", E5, "en", S("C")),
    # English: invalid and adversarial
    ("en-negated", "Option A is incorrect because of bleeding risk. Answer: D", E5, "en", S("D")),
    ("en-not", "Answer: B\n\nExplanation: the answer is not A because aspirin is weaker.", E5, "en", S("B")),
    ("en-article", "A 45-year-old man presents with crushing chest pain.", E5, "en", None),
    ("en-article-then", "A 45-year-old man with chest pain needs anticoagulation. The answer is B.", E5, "en", S("B")),
    ("en-lower-article", "The answer is a difficult one to give.", E5, "en", None),
    ("en-invalid-label", "Answer: F", E5, "en", None),
    ("en-none-above", "None of the above", E5, "en", None),
    ("en-dont-know", "I don't know.", E5, "en", None),
    ("en-empty", "", E5, "en", None),
    ("en-blank", "  \n ", E5, "en", None),
    ("en-text-mention", "Aspirin is not indicated here.", E5, "en", None),
    ("en-options-restated", "A. Aspirin B. Heparin C. Warfarin", E5, "en", None),
    ("en-options-restated-lines", "A. Aspirin\nB. Heparin\nC. Warfarin", E5, "en", None),
    ("ja-lead-then-options", " A\n\nA. セファゾリン\nB. アンピシリン\nC. レボ", JA4, "ja", {"A"}),
    ("ja-lead-dot-then-options", "D.\nA. セファゾリン\nB. アンピシリン", JA4, "ja", {"D"}),
    # Chinese
    ("zh-colon", "答案：B", ZH, "zh", S("B")),
    ("zh-shi", "答案是C。", ZH, "zh", S("C")),
    ("zh-multi", "正确答案为 A、C", ZH, "zh", S("A", "C")),
    ("zh-fullwidth", "Ｂ", ZH, "zh", S("B")),
    ("zh-fullwidth-paren", "（Ｃ）", ZH, "zh", S("C")),
    ("zh-option", "正确选项是E，因为患者突发胸痛。", ZH, "zh", S("E")),
    ("zh-text", "心力衰竭", ZH, "zh", S("C")),
    ("zh-appendix", "理由：患者呼吸困难，下肢水肿，不符合A。[End] 答案：D", ZH, "zh", S("D")),
    ("zh-no-language", "答案：A和E", ZH, None, S("A", "E")),
    ("zh-invalid", "答案：F", ZH, "zh", None),
    # Japanese
    ("ja-to", "正解は A と D", ZH, "ja", S("A", "D")),
    ("ja-bracket", "答えは「C」です。", ZH, "ja", S("C")),
    ("ja-fullwidth", "正解：Ｂ", ZH, "ja", S("B")),
    ("ja-then-reason", "解答：E\n理由：画像所見から気胸が疑われる。", ZH, "ja", S("E")),
    # French
    ("fr-est", "La réponse correcte est C", E5, "fr", S("C")),
    ("fr-et", "Réponse : A et D", E5, "fr", S("A", "D")),
    ("fr-bonne", "La bonne réponse est la B, car le patient est sous AVK.", E5, "fr", S("B")),
    ("fr-plural", "Les réponses correctes sont A, B et E.", E5, "fr", S("A", "B", "E")),
    # Russian (Cyrillic А В С Е read as Latin)
    ("ru-cyrillic-a", "Ответ: А", E5, "ru", S("A")),
    ("ru-cyrillic-b", "Правильный ответ: В", E5, "ru", S("B")),
    ("ru-cyrillic-multi", "Ответ: С и Е", E5, "ru", S("C", "E")),
    ("ru-variant", "Вариант В, так как у пациента высокий риск кровотечения.", E5, "ru", S("B")),
    ("ru-yes-text", "Ответ: да", RU, "ru", S("A")),
    ("ru-latin", "Ответ: B", RU, "ru", S("B")),
    ("ru-word-initial", "Вероятно, это Синдром Еисенменгера.", E5, "ru", None),
    # Spanish (MedExpQA numeric labels too)
    ("es-la", "La respuesta correcta es la B", E5, "es", S("B")),
    ("es-y", "Respuesta: B y E", E5, "es", S("B", "E")),
    ("es-plural", "Las respuestas correctas son A y C.", E5, "es", S("A", "C")),
    ("es-num-opcion", "La respuesta correcta es la opción 4.", NUM, "es", S("4")),
    ("es-num-text", "Vancomicina", NUM, "es", S("3")),
    ("es-num-age", "Paciente de 4 años con fiebre y rigidez de nuca.", NUM, "es", None),
    # Italian (MedExpQA numeric labels)
    ("it-num", "La risposta corretta è la 3", NUM, "it", S("3")),
    ("it-num-colon", "Risposta: 2", NUM, "it", S("2")),
    ("it-num-start", "3. Perché il paziente presenta 2 criteri maggiori.", NUM, "it", S("3")),
    ("it-num-invalid", "La risposta corretta è la 6", NUM, "it", None),
    ("it-num-decimal", "La risposta è 2.5 mg/kg di vancomicina.", NUM, "it", None),
    ("it-letters", "La risposta corretta è la B e la D", E5, "it", S("B", "D")),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "options", "language", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_extract_answer(text, options, language, expected):
    assert extract_answer(text, options, language) == expected


def test_table_covers_every_language():
    assert len(CASES) >= 50
    assert {c[3] for c in CASES} >= {"en", "zh", "ja", "fr", "ru", "es", "it"}


# fmt: off
RATIONALES = [
    ("appendix", "Reason: NSAID use explains the nephritis. [End] Answer: D", "NSAID use explains the nephritis."),
    ("code", "###Rationale: NSAIDs cause interstitial nephritis.\n###Answer: OPTION D IS CORRECT.", "NSAIDs cause interstitial nephritis."),
    ("free-form", "The INR is high, so warfarin must stop.\nAnswer: C", "The INR is high, so warfarin must stop."),
    ("zh", "理由：患者突发胸痛。\n答案：E", "患者突发胸痛。"),
    ("no-answer-line", "Heparin is first-line here.", "Heparin is first-line here."),
    ("answer-only", "Answer: B", None),
    ("empty", "", None),
]
# fmt: on


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in RATIONALES], ids=[c[0] for c in RATIONALES]
)
def test_extract_rationale(text, expected):
    assert extract_rationale(text) == expected
