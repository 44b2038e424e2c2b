"""Per-language tokenization for BLEU and ROUGE (see docs/metrics.md for the rules).

* zh: jieba word segmentation (both presets).
* ja: MeCab via fugashi + unidic-lite (``default``); Janome (``paper``, as the authors).
* everything else: ``default`` uses a Unicode word/punctuation tokenizer of our own;
  ``paper`` uses NLTK's Treebank-style ``NLTKWordTokenizer`` after a small sentence
  splitter (NLTK's Punkt sentence data is not on PyPI, so ``word_tokenize`` itself can't run).

Segmenters load lazily, once per process. Whitespace is never a token and no character
other than whitespace is dropped.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata

from ...errors import PolymedError
from ._common import check_preset, language_key, strip_end_tokens

# Han ideographs (incl. extension A, compatibility and the supplementary planes), kana.
_CJK = "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_LETTERS = rf"(?:(?![{_CJK}])[^\W_])+"
# A number with inner separators (2.5, 1,000) | one CJK character | a word, possibly with
# inner apostrophes (l'artère, patient's) | any other single non-space character.
_DEFAULT_TOKEN = re.compile(rf"\d+(?:[.,]\d+)+|[{_CJK}]|{_LETTERS}(?:'{_LETTERS})*|\S")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'"})
_ELIDING = frozenset({"fr", "it", "ca"})  # l'artère → l' + artère
_ELISION_KEEP = frozenset({"aujourd'hui"})
_EN_CLITIC = re.compile(r"(.+?)(n't|'s|'re|'ve|'ll|'d|'m)")

# Paper preset: sentence boundary = . ! ? (plus closing quotes/brackets) then whitespace
# before an upper-case letter (perhaps after an opening mark); not after an initial, an
# "e.g."-style word or a common title/abbreviation (Punkt knows more of these).
_SENTENCE_END = re.compile(r"[.!?][\"'»”)\]]*(\s+)(?=[\"'«“(¿¡]?([^\W\d_]))")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(\[«“\"'])(?:\w|\w+\.\w+|dr|mr|mrs|ms|prof|st|vs|fig|cf|al|approx)\.[\"'»”)\]]*\Z",
    re.IGNORECASE,
)


def tokenize(text: str, language: str, preset: str = "default") -> list[str]:
    """Split ``text`` into the tokens BLEU and ROUGE count, by language and preset.

    ``default`` normalizes (NFKC, typographic apostrophe → ``'``, lower case) and keeps
    punctuation as separate tokens; ``paper`` keeps the text as is (case-sensitive), as
    the authors' scorer did. Trailing special end tokens (``</s>`` …) are removed in both.
    """
    check_preset(preset)
    lang = language_key(language)
    text = strip_end_tokens(text or "")
    if preset == "default":
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
    if lang == "zh":
        tokens = _jieba().lcut(text)
    elif lang == "ja":
        tokens = _janome_tokens(text) if preset == "paper" else _mecab_tokens(text)
    elif preset == "paper":
        tokens = _nltk_tokens(text)
    else:
        tokens = _default_tokens(text, lang)
    return [t for t in tokens if not t.isspace() and t]


def _default_tokens(text: str, lang: str) -> list[str]:
    out: list[str] = []
    for tok in _DEFAULT_TOKEN.findall(text):
        if "'" in tok and len(tok) > 1:
            if lang in _ELIDING and tok not in _ELISION_KEEP:
                *elided, last = tok.split("'")
                out.extend(part + "'" for part in elided)
                out.append(last)
                continue
            if lang == "en" and (m := _EN_CLITIC.fullmatch(tok)):
                out.extend(m.groups())
                continue
        out.append(tok)
    return out


def _split_sentences(text: str) -> list[str]:
    sentences, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start(1)
        if not m.group(2).isupper() or _ABBREVIATION.search(text[start:end]):
            continue
        sentences.append(text[start:end])
        start = m.end(1)
    sentences.append(text[start:])
    return sentences


def _nltk_tokens(text: str) -> list[str]:
    tokenizer = _nltk()
    return [tok for sent in _split_sentences(text) for tok in tokenizer.tokenize(sent)]


def _mecab_tokens(text: str) -> list[str]:
    tagger = _mecab()
    return [word.surface for chunk in text.split() for word in tagger(chunk)]


def _janome_tokens(text: str) -> list[str]:
    return list(_janome().tokenize(text, wakati=True))


@functools.cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading to stderr
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    return segmenter


@functools.cache
def _mecab():
    import fugashi
    import unidic_lite

    # Name the dictionary explicitly: fugashi would prefer a full ``unidic`` if installed.
    return fugashi.Tagger(f'-d "{unidic_lite.DICDIR}" -r "{unidic_lite.DICDIR}/mecabrc"')


@functools.cache
def _janome():
    try:
        from janome.tokenizer import Tokenizer
    except ImportError as exc:
        raise PolymedError(
            "the 'paper' metric preset tokenizes Japanese with Janome, as the authors' "
            "scorer did: pip install 'janome>=0.5'"
        ) from exc
    return Tokenizer()


@functools.cache
def _nltk():
    try:
        from nltk.tokenize import NLTKWordTokenizer
    except ImportError as exc:
        raise PolymedError(
            "the 'paper' metric preset uses NLTK's word tokenizer: pip install 'nltk>=3.8'"
        ) from exc
    return NLTKWordTokenizer()
