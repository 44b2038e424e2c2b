"""Read the chosen option labels, and the rationale, out of a model's free text.

``extract_answer`` normalises the text (NFKC folds full-width ``Ｂ``/``（Ｃ）``;
a lone Cyrillic ``А В С Е`` becomes Latin; markdown ``*`` and end-of-sequence tokens
go; anything from a follow-on ``Question:`` on is cut), then tries, in order:

1. answer phrases ("Answer: A, C", "答案是C", "正解は A と D", "La respuesta correcta
   es la B", "Ответ: В") -- the **last** one wins, so a final ``[End] Answer: B``
   overrides letters named in the reasoning; failing those, the last "OPTION A,C IS
   CORRECT"-style statement;
2. a label list at the very start (" B", "(B)", "B.", "A, C") -- a label followed
   by an ordinary word ("A 45-year-old man") is not an answer;
3. "option C" mentions without an answer word, when they all name the same set;
4. a label followed by its own option text ("... is D. Ruxolitinib");
5. the whole output, or its first line/sentence, equal to one option's text
   (ignoring case and punctuation).

Only keys of ``options`` count ("F" among A-E is ignored); lowercase letters count
only when nothing word-like follows them ("the answer is c").  A hedge "A or B" is
read as {A, B}.  Without an answer phrase, an output that restates several options
with their texts ("A. Aspirin B. Heparin") chooses none.  ``None`` means unparseable: the runner scores it as invalid.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# characters that glue to a label: "A" in "Aspirin" or "Вариант" is no label
_GLUE = r"A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff"
_EOS = re.compile(r"</s>|<eos>|<\|endoftext\|>|<\|im_end\|>|<end_of_turn>|<\|eot_id\|>")
_CYRILLIC = re.compile(r"(?<!\w)[АВСЕ](?!\w)")
_NEXT_QUESTION = re.compile(
    r"\n\s*#*\s*(?:question|pregunta|domanda|вопрос|问题|問題|instruction|input)\s*:", re.I
)

_ANSWER_WORDS = {
    "en": r"\b(?:(?:final|correct|right)\s+)?answers?\b(?:\s+(?:is|are|would\s+be|should\s+be))?"
    r"|\b(?:correct|right|best)\s+(?:option|choice)s?\b(?:\s+(?:is|are|would\s+be))?"
    r"|\bI\s+(?:would\s+)?(?:choose|select|pick)\b",
    "zh": r"(?:正确|正確)?答案\s*(?:应该|应|應)?\s*(?:是|为|為|选|選)?"
    r"|(?:正确|正確)的?(?:选项|選項)\s*(?:是|为|為)?",
    "ja": r"(?:正解|答え|解答)\s*(?:は|：)?|正しい(?:選択肢|答え)\s*は?",
    "fr": r"\b(?:bonnes?\s+)?réponses?\b(?:\s+(?:correctes?|justes?|exactes?))?"
    r"(?:\s+(?:est|sont|serait))?",
    "es": r"\brespuestas?\b(?:\s+(?:correctas?|adecuadas?))?(?:\s+(?:es|son|sería))?",
    "it": r"\brispost[ae]\b(?:\s+(?:corrett[ae]|giust[ae]|esatt[ae]))?"
    r"(?:\s+(?:è|e'|sono|sarebbe))?",
    "ru": r"\b(?:правильный\s+)?ответ\b(?:\s+(?:это|—))?",
}
_OPTION_WORD = re.compile(
    r"\b(?:options?|choices?|opci[oó]n(?:es)?|opzion[ei]|вариант[ыа]?)\b|选项|選項|選択肢", re.I
)
_SKIP = re.compile(r"\s*(?:[:=\-–—]\s*)?")
_DECO = (
    r"(?:\s*(?:l'|la|le|les|el|los|las|il|options?|opción|opciones|opzione|opzioni|choice"
    r"|letter|lettre|letra|lettera|number|número|numéro|numero|n°|вариант\w*|选项|選項|選択肢)"
    r"(?![a-z]))*[\s(\[「【『]*"
)
_LABEL = re.compile(
    rf"{_DECO}(?<![{_GLUE}])(?P<lab>[A-Za-z]|\d{{1,2}})(?![{_GLUE}])(?![.,]\d)", re.I
)
_SEP = re.compile(
    r"(?:\s*(?:[,、/&+;]|[和及或とや]|(?<!\w)(?:and|AND|et|ou|or|OR|y|e|o|и|или)(?=\s+\S)))+\s*"
)
_AFFIRMED = re.compile(
    r"\s*(?:is|are|est|sont|es|son|è|sono)\s+(?:the\s+|la\s+|el\s+)?"
    r"(?:correct\w*|right|bonnes?|justes?|corrett[ae]|giust[ae])",
    re.I,
)
_NEGATED = re.compile(
    r"\s*(?:is|are|est|es|è|sono|son)\s+(?:not|no|non|pas|incorrect\w*|wrong|false|faux|fausse"
    r"|erróne\w*|sbagliat\w*|errat\w*)\b",
    re.I,
)
_TERM = re.compile(r"[ \t]*(?:\Z|\n|[.)\]:,;、。；！？!?」』】#/>])")
_RATIONALE_HEAD = re.compile(
    r"^\s*#*\s*(?:reason|rationale|explanation|reasoning|raisonnement|razonamiento|"
    r"motivazione|обоснование|理由|解析)\s*[:：]\s*",
    re.I,
)
_ANSWER_LINE = re.compile(
    r"(?:^|(?<=\s))#*\s*(?:answer|réponse|respuesta|risposta|ответ|答案|正解|答え|解答)"
    r"(?:\s+\w+)?\s*[:：]",
    re.I | re.M,
)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", _EOS.sub(" ", text)).replace("*", "")
    text = _CYRILLIC.sub(lambda m: "ABCE"["АВСЕ".index(m.group())], text)
    cut = _NEXT_QUESTION.search(text, 1)
    return text[: cut.start()] if cut else text


@lru_cache(maxsize=16)
def _answer_phrases(language: str | None) -> re.Pattern[str]:
    langs = list(_ANSWER_WORDS) if language not in _ANSWER_WORDS else ["en", language]
    return re.compile("|".join(f"(?:{_ANSWER_WORDS[lang]})" for lang in dict.fromkeys(langs)), re.I)


def _chain(s: str, pos: int, labels: set[str], strict: bool, depth: int = 0) -> tuple[list, int]:
    """The label list starting at ``pos`` (e.g. "A, C", "la B", "(3)") and where it ends.

    Lowercase letters, and any label in ``strict`` mode, need punctuation, the end of
    a line or another label after them: "a fever" and "A 45-year-old" are words.
    """
    m = _LABEL.match(s, pos)
    if m is None or depth > 10:
        return [], pos
    raw = m.group("lab")
    label = raw.upper() if raw.upper() in labels else raw
    if label not in labels:
        return [], pos
    rest, end = [], m.end()
    sep = _SEP.match(s, m.end())
    if sep:
        rest, end = _chain(s, sep.end(), labels, strict, depth + 1)
        end = end if rest else m.end()
    loose = not strict and not raw.islower()
    if rest or loose or _TERM.match(s, m.end()) or _AFFIRMED.match(s, m.end()):
        return [label, *rest], end
    return [], pos


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def _text_option(text: str, options: dict[str, str], prefix: bool) -> str | None:
    """The label whose option text equals ``text`` (or starts it, when ``prefix``)."""
    target, best = _plain(text), None
    for label, option in options.items():
        opt = _plain(option or "")
        hit = opt and (target == opt or (prefix and target.startswith(opt + " ")))
        if hit and (best is None or len(opt) > len(_plain(options[best]))):
            best = label
    return best


def extract_answer(
    text: str, options: dict[str, str], language: str | None = None
) -> frozenset[str] | None:
    """The set of option labels ``text`` chooses, or ``None`` when it names none.

    ``language`` (ISO code) narrows the answer phrases to English plus that
    language; ``None`` tries every language.
    """
    if not text or not options:
        return None
    s, labels = _normalise(text), set(options)

    phrases, affirmed, weak = [], [], []
    for m in _answer_phrases(language).finditer(s):
        start = _SKIP.match(s, m.end()).end()
        found, end = _chain(s, start, labels, strict=False)
        if found and not _NEGATED.match(s, end):
            phrases.append((m.start(), found))
        elif not found and (hit := _text_option(s[start : start + 400], options, True)):
            phrases.append((m.start(), [hit]))
    for m in _OPTION_WORD.finditer(s):
        found, end = _chain(s, _SKIP.match(s, m.end()).end(), labels, strict=False)
        if found and not _NEGATED.match(s, end):
            (affirmed if _AFFIRMED.match(s, end) else weak).append((m.start(), found))
    if phrases or affirmed:
        return frozenset(max(phrases or affirmed)[1])

    # a lone label on the first line wins over option lists a base model rambles on with
    lead = re.match(r"[\s#>\-]*", s).end()
    found, end = _chain(s, lead, labels, strict=True)
    if found and not s[end:].split("\n", 1)[0].strip(" .):"):
        return frozenset(found)

    named = set()  # labels written with their own option text: "D. Ruxolitinib"
    for m in re.finditer(rf"(?<![{_GLUE}])([A-Za-z]|\d{{1,2}})[.):]\s*", s):
        label, after = m.group(1), s[m.end() : m.end() + 400]
        if label in labels and _text_option(after, {label: options[label]}, True):
            named.add(label)
    if len(named) > 1:  # the options restated, not a choice
        return None

    if found:
        return frozenset(found)
    if len({frozenset(found) for _, found in weak}) == 1:
        return frozenset(weak[0][1])
    if named:
        return frozenset(named)

    first_line = s.strip().split("\n", 1)[0]
    for candidate in (s, first_line, re.split(r"[.。]", first_line, maxsplit=1)[0]):
        if hit := _text_option(candidate, options, False):
            return frozenset({hit})
    return None


def extract_rationale(text: str) -> str | None:
    """The reasoning part of an output, or ``None`` when there is none.

    That is the text before ``[End]`` (appendix template), before ``###Answer``
    (released-code template) or else before the last answer line ("Answer: B",
    "答案：B"), without a leading "Reason:"/"###Rationale:" head.
    """
    if not text:
        return None
    text = _EOS.sub("", text)
    end = re.search(r"\[\s*end\s*\]", text, re.I) or re.search(r"#+\s*answer", text, re.I)
    if end is None:
        lines = list(_ANSWER_LINE.finditer(text))
        end = lines[-1] if lines else None
    body = text[: end.start()] if end else text
    body = _RATIONALE_HEAD.sub("", body, count=1).strip()
    return body or None
