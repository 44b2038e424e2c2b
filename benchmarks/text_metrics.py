"""Time polymed's rationale BLEU+ROUGE against the Hugging Face ``evaluate`` metrics.

    python benchmarks/text_metrics.py [--scale 1.0]

Builds 8,518 synthetic (prediction, reference) rationale pairs — the MMedBench test
size, in its language proportions (en 1273, zh 3426, ja 199, fr 622, ru 256, es 2742) —
from a deterministic generator over small medical vocabularies, then scores them per
language with

* polymed ``rationale_metrics`` (default preset: BLEU-1..4, BLEU, ROUGE-1/2/L), and
* ``evaluate.load("bleu")`` + ``evaluate.load("rouge")``. Those download their metric
  scripts from the Hugging Face Hub; when they can't load (offline), the script says so
  and times what they compute with the libraries directly: 13a tokenization (sacrebleu's
  ``Tokenizer13a``, the tokenizer evaluate's bleu uses) + NLTK ``corpus_bleu`` (4-gram,
  unsmoothed), and Google ``rouge_score`` with its default tokenizer, averaged over items.

It prints the wall time of both, their ratio, and the scores both give per language
(the CJK rows show the default tokenizers scoring Chinese and Japanese near 0).
"""

from __future__ import annotations

import argparse
import random
import time
import warnings

from polymed.evaluation.metrics import rationale_metrics, tokenize

COUNTS = {"en": 1273, "zh": 3426, "ja": 199, "fr": 622, "ru": 256, "es": 2742}

# (terms, glue words, sentence end). zh/ja words are concatenated without spaces.
VOCAB = {
    "en": (
        "myocardial infarction;aspirin;platelet;troponin;heparin;coronary artery;angina;"
        "hypertension;beta-blocker;insulin;glucose;renal failure;creatinine;sepsis;"
        "antibiotic;pneumonia;dyspnea;tachycardia;anemia;hemoglobin;thrombosis;"
        "echocardiogram;stroke;statin;diuretic",
        "the;patient;has;with;is;because;of;and;which;causes;treatment;option;correct;a;in",
        ".",
    ),
    "zh": (
        "心肌梗死;阿司匹林;血小板;肌钙蛋白;肝素;冠状动脉;心绞痛;高血压;受体阻滞剂;胰岛素;"
        "血糖;肾衰竭;肌酐;败血症;抗生素;肺炎;呼吸困难;心动过速;贫血;血红蛋白;血栓;"
        "超声心动图;脑卒中;他汀类药物;利尿剂",
        "患者;出现;因此;导致;治疗;选项;正确;的;是;和;由于;可以",
        "。",
    ),
    "ja": (
        "心筋梗塞;アスピリン;血小板;トロポニン;ヘパリン;冠動脈;狭心症;高血圧;β遮断薬;"
        "インスリン;血糖;腎不全;クレアチニン;敗血症;抗菌薬;肺炎;呼吸困難;頻脈;貧血;"
        "ヘモグロビン;血栓症;心エコー;脳卒中;スタチン;利尿薬",
        "患者;は;が;を;の;ため;治療;選択肢;正しい;です;により;と",
        "。",
    ),
    "fr": (
        "infarctus du myocarde;aspirine;plaquette;troponine;héparine;artère coronaire;angor;"
        "hypertension;bêtabloquant;insuline;glucose;insuffisance rénale;créatinine;sepsis;"
        "antibiotique;pneumonie;dyspnée;tachycardie;anémie;hémoglobine;thrombose;"
        "échocardiographie;AVC;statine;diurétique",
        "le;patient;présente;avec;est;car;de;et;qui;provoque;traitement;l'option;correcte;une",
        ".",
    ),
    "ru": (
        "инфаркт миокарда;аспирин;тромбоцит;тропонин;гепарин;коронарная артерия;стенокардия;"
        "гипертония;бета-блокатор;инсулин;глюкоза;почечная недостаточность;креатинин;сепсис;"
        "антибиотик;пневмония;одышка;тахикардия;анемия;гемоглобин;тромбоз;эхокардиография;"
        "инсульт;статин;диуретик",
        "пациент;имеет;с;это;потому;что;и;который;вызывает;лечение;вариант;правильный;в",
        ".",
    ),
    "es": (
        "infarto de miocardio;aspirina;plaqueta;troponina;heparina;arteria coronaria;angina;"
        "hipertensión;betabloqueante;insulina;glucosa;insuficiencia renal;creatinina;sepsis;"
        "antibiótico;neumonía;disnea;taquicardia;anemia;hemoglobina;trombosis;"
        "ecocardiograma;ictus;estatina;diurético",
        "el;paciente;presenta;con;es;porque;de;y;que;causa;tratamiento;la;opción;correcta;una",
        ".",
    ),
}


def _sentence(rng: random.Random, terms: list[str], glue: list[str], lang: str) -> list[str]:
    words = [rng.choice(glue if rng.random() < 0.55 else terms) for _ in range(rng.randint(8, 16))]
    if lang not in ("zh", "ja"):
        words[0] = words[0][:1].upper() + words[0][1:]
    return words


def _join(words: list[str], lang: str, end: str) -> str:
    return ("".join(words) if lang in ("zh", "ja") else " ".join(words)) + end


def make_pairs(lang: str, n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """``n`` deterministic (prediction, reference) rationales: a reference of 4–7
    sentences and a prediction that drops, replaces, inserts and reorders some of it."""
    terms_s, glue_s, end = VOCAB[lang]
    terms, glue = terms_s.split(";"), glue_s.split(";")
    rng = random.Random(f"{lang}-{seed}")
    preds, refs = [], []
    for _ in range(n):
        sentences = [_sentence(rng, terms, glue, lang) for _ in range(rng.randint(4, 7))]
        refs.append(" ".join(_join(s, lang, end) for s in sentences))
        edited = []
        for s in sentences:
            if rng.random() < 0.15:
                continue  # sentence left out
            out = []
            for w in s:
                r = rng.random()
                if r < 0.15:
                    continue
                out.append(rng.choice(terms + glue) if r < 0.30 else w)
                if rng.random() < 0.05:
                    out.append(rng.choice(terms))
            edited.append(out or s)
        if rng.random() < 0.3:
            rng.shuffle(edited)
        if rng.random() < 0.1:
            edited.append(_sentence(rng, terms, glue, lang))
        preds.append(" ".join(_join(s, lang, end) for s in edited))
    return preds, refs


def _evaluate_metrics():
    """The hub metric scripts, or None (with the reason) when they can't be loaded."""
    try:
        import evaluate

        return (evaluate.load("bleu"), evaluate.load("rouge")), None
    except Exception as exc:  # offline: FileNotFoundError / ConnectionError
        return None, f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"


def _library_baseline(preds: list[str], refs: list[str]) -> dict[str, float]:
    from nltk.translate.bleu_score import corpus_bleu
    from rouge_score import rouge_scorer
    from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

    tok13a = Tokenizer13a()
    hyps = [tok13a(p).split() for p in preds]
    refs_tok = [[tok13a(r).split()] for r in refs]
    with warnings.catch_warnings():  # NLTK warns when a 4-gram count is 0 (CJK: always)
        warnings.simplefilter("ignore")
        bleu = corpus_bleu(refs_tok, hyps)  # weights (0.25,)*4, no smoothing
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"])
    sums = dict.fromkeys(("rouge1", "rouge2", "rougeL"), 0.0)
    for p, r in zip(preds, refs, strict=True):
        for key, score in scorer.score(r, p).items():
            sums[key] += score.fmeasure
    return {"bleu": 100 * bleu, **{k: 100 * v / len(preds) for k, v in sums.items()}}


def _evaluate_baseline(metrics, preds: list[str], refs: list[str]) -> dict[str, float]:
    bleu_m, rouge_m = metrics
    b = bleu_m.compute(predictions=preds, references=[[r] for r in refs])
    r = rouge_m.compute(predictions=preds, references=refs)
    return {"bleu": 100 * b["bleu"], **{k: 100 * r[k] for k in ("rouge1", "rouge2", "rougeL")}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the 8,518 pairs")
    args = parser.parse_args()
    data = {lang: make_pairs(lang, max(1, round(n * args.scale))) for lang, n in COUNTS.items()}
    print(
        f"pairs: {sum(len(p) for p, _ in data.values())} ({', '.join(f'{k} {len(v[0])}' for k, v in data.items())})"
    )

    t0 = time.perf_counter()
    for lang in data:
        tokenize("预热 ウォームアップ warm", lang)  # load jieba / MeCab once, outside the timing
    print(f"segmenter load (jieba + MeCab, once per process): {time.perf_counter() - t0:.2f} s")

    metrics, why = _evaluate_metrics()
    if metrics is None:
        label = "libraries evaluate wraps (13a + nltk corpus_bleu, rouge_score default tokenizer)"
        print(f"evaluate.load('bleu'/'rouge') unavailable offline -> {why}")
        print(f"baseline = {label}")
    else:
        label = "evaluate.load('bleu') + evaluate.load('rouge')"

    ours, base = {}, {}
    t0 = time.perf_counter()
    for lang, (preds, refs) in data.items():
        ours[lang] = rationale_metrics(preds, refs, lang)
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    for lang, (preds, refs) in data.items():
        if metrics is None:
            base[lang] = _library_baseline(preds, refs)
        else:
            base[lang] = _evaluate_baseline(metrics, preds, refs)
    t_base = time.perf_counter() - t0

    print(f"\npolymed BLEU+ROUGE (default preset): {t_ours:7.2f} s")
    print(f"baseline BLEU+ROUGE:                 {t_base:7.2f} s")
    print(f"ratio polymed / baseline:            {t_ours / t_base:7.2f}x")
    print("\nscores 0-100 (polymed | baseline)")
    print(f"{'lang':<5}{'BLEU':>16}{'ROUGE-1':>18}{'ROUGE-2':>18}{'ROUGE-L':>18}")
    for lang in data:
        row = "".join(
            f"{ours[lang][k]:>9.2f} |{base[lang][k]:>6.2f}"
            for k in ("bleu", "rouge1", "rouge2", "rougeL")
        )
        print(f"{lang:<5}{row}")
    print(f"\nbaseline = {label}")


if __name__ == "__main__":
    main()
