"""Throughput of the MMedC keyword filter (polymed.corpus), in MB of JSONL per second per core.

    python benchmarks/corpus_filter.py [--mb 50] [--regex-mb 3] [--data DIR]

Builds ~50 MB of synthetic multilingual JSONL (en zh ja fr ru es, 4 files each): filler
text of pseudo-words (Latin/Cyrillic syllables, random Han characters, kana) with the
shipped keywords sprinkled in — 2% "medical" documents at 8% keywords (the paper kept
0.5–2.3% of CulturaX), the rest at 0.3% — then measures, in one run:

  (a) reading + decoding only: ``CorpusReader`` (orjson, Documents), nothing else;
  (b) the full filter: reader → ``MedicalKeywordFilter`` → atomic gzip writer;
  (c) the same rule as one regex alternation per language (stdlib ``re``, whole words
      via lookarounds for space-delimited languages, longest keyword first), on the
      first ``--regex-mb`` MB — it is too slow for all of it;
  and the speed-up of (b) from 1 to 2 worker processes (a warm process pool running
      one task per file, as datatrove's local executor does), plus the end-to-end
      wall time of ``run_corpus`` with 1 and 2 workers (process start-up included).

Targets (issue 4): (b) >= 0.5 x (a); (b) >= 10 x (c); 2 workers >= 1.7 x 1 worker.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import tempfile
import time
from collections import deque
from pathlib import Path

import orjson

LANGS = ("en", "zh", "ja", "fr", "ru", "es")
MEDICAL_SHARE = 0.02  # the paper keeps 0.5-2.3% of CulturaX (Table 4)
FILES_PER_LANG = 4
_SYLLABLES = {
    "en": "ba be bi bo bu ca co da de di do fa fe fi ga go ha he hi la le li lo ma me mi "
    "mo na ne no pa pe po ra re ri ro sa se si so ta te ti to va ve wa we ya th st ng",
    "fr": "la le li lo ma mé mi mo na né ne pa pè pe po ra ré ri ro sa se si so ta té ti "
    "to va vé ou ai eu qu on an en in ch gn ça çu ê",
    "es": "la le li lo ma me mi mo na ne ñi po pa pe ra re ri ro sa se si so ta te ti to "
    "va ve ci ce ll ch qu ue ió ía é á ó ú",
    "ru": "ба бе би бо ва ве ви во га го да де ди до за зе ка ко ку ла ле ли ло ма ме ми мо "
    "на не ни но па пе по ра ре ри ро са се си со та те ти то ст пр ый ая ое",
}
_KANA = [chr(c) for c in range(0x3041, 0x3094)] + [chr(c) for c in range(0x30A1, 0x30F5)]


def _vocab(lang: str, rng: random.Random) -> list[str]:
    if lang == "zh":
        return [
            "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(1, 3)))
            for _ in range(8000)
        ]
    if lang == "ja":
        kanji = [
            "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(1, 2)))
            for _ in range(4000)
        ]
        kana = ["".join(rng.choices(_KANA, k=rng.randint(1, 4))) for _ in range(4000)]
        return kanji + kana
    syl = _SYLLABLES[lang].split()
    return ["".join(rng.choices(syl, k=rng.randint(1, 4))) for _ in range(8000)]


def _document(lang: str, vocab: list[str], keywords: list[str], rng: random.Random) -> str:
    # ~550 words (~3.3 KB) on average: CulturaX has 6.3T tokens in 7.3B documents
    n_words = max(20, int(rng.lognormvariate(6.0, 0.8)))
    rate = 0.08 if rng.random() < MEDICAL_SHARE else 0.003
    words = rng.choices(vocab, k=n_words)
    for i in range(n_words):
        if rng.random() < rate:
            words[i] = rng.choice(keywords)
    if lang in ("zh", "ja"):
        out = []
        for i, w in enumerate(words):
            out.append(w)
            if i % 17 == 16:
                out.append("。")
        return "".join(out)
    sentences = []
    for i in range(0, n_words, 14):
        s = words[i : i + 14]
        s[0] = s[0].capitalize()
        sentences.append(" ".join(s) + ".")
    return " ".join(sentences)


def make_data(root: Path, total_mb: float, seed: int = 0) -> dict[str, list[str]]:
    from polymed.corpus.keywords import load_keywords

    files: dict[str, list[str]] = {}
    per_file = total_mb * 1e6 / (len(LANGS) * FILES_PER_LANG)
    for lang in LANGS:
        rng = random.Random(f"{seed}-{lang}")
        vocab, keywords = _vocab(lang, rng), load_keywords(lang)
        for k in range(FILES_PER_LANG):
            name = f"{lang}/{lang}_part_{k:05d}.jsonl"
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            size = 0
            with path.open("wb") as f:
                i = 0
                while size < per_file:
                    line = orjson.dumps({"text": _document(lang, vocab, keywords, rng), "id": f"{lang}-{k}-{i}",
                                         "url": f"https://example.org/{i}"}) + b"\n"  # fmt: skip
                    f.write(line)
                    size += len(line)
                    i += 1
            files.setdefault(lang, []).append(name)
    return files


class RegexMatcher:
    """The same rule with one regex alternation per language (the slow, obvious way).

    A lookahead finds, at every position, the longest keyword starting there (so
    overlapping keywords at different positions all count); shorter keywords starting at
    the same position are added from a prefix table — the counts equal polymed's.
    """

    def __init__(self, keywords: list[str], word_boundaries: bool):
        alternation = "|".join(re.escape(k) for k in sorted(keywords, key=len, reverse=True))
        core = rf"(?<!\w)({alternation})(?!\w)" if word_boundaries else f"({alternation})"
        self.regex = re.compile(f"(?={core})")
        self.prefixes = {k: [p for p in keywords if p != k and k.startswith(p)] for k in keywords}
        self.casefold = self.boundaries = word_boundaries

    def score(self, text: str, need: int = 0) -> tuple[int, int]:
        text = text.lower() if self.casefold else text
        found = []
        for m in self.regex.finditer(text):
            keyword, start = m.group(1), m.start()
            found.append(keyword)
            for p in self.prefixes[keyword]:
                end = start + len(p)
                if not self.boundaries or end == len(text) or not re.match(r"\w", text[end]):
                    found.append(p)
        return len(set(found)), sum(map(len, found))


def _pipeline(
    step: str, root: Path, lang: str, files: list[str], out: Path, limit: int = -1, engine="auto"
):
    from polymed.corpus import AtomicJsonlWriter, CorpusReader, MedicalKeywordFilter
    from polymed.corpus.keywords import word_boundaries

    steps = [CorpusReader(str(root), files=files, lang=lang, source="filtered", limit=limit)]
    if step in ("full", "regex"):
        filt = MedicalKeywordFilter(lang, engine=engine)
        if step == "regex":
            filt.matcher = RegexMatcher(filt.matcher.keywords, word_boundaries(lang))
        steps += [filt, AtomicJsonlWriter(str(out / step / lang))]
    return steps


def _consume(steps, rank: int = 0, world_size: int = 1) -> None:
    data = None
    for s in steps:
        data = s(data, rank, world_size)
    deque(data, maxlen=0)


def _run_file(args) -> float:
    root, lang, name, out = args
    t = time.perf_counter()
    _consume(_pipeline("full", Path(root), lang, [name], Path(out) / name.replace("/", "_")))
    return time.perf_counter() - t


def _kept(out: Path, step: str) -> set[str]:
    import gzip

    ids = set()
    for path in (out / step).rglob("*.jsonl.gz"):
        with gzip.open(path, "rb") as f:
            ids.update(orjson.loads(line)["id"] for line in f)
    return ids


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--regex-mb", type=float, default=3.0)
    ap.add_argument("--data", type=Path, help="reuse/keep the synthetic data here")
    ap.add_argument("--repeat", type=int, default=3, help="best of N timings (default 3)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="polymed-bench-"))
    root = args.data or tmp / "data"
    out = tmp / "out"
    t = time.perf_counter()
    if args.data and any(args.data.rglob("*.jsonl")):
        files = {
            lang: sorted(str(p.relative_to(root)) for p in (root / lang).glob("*.jsonl"))
            for lang in LANGS
        }
    else:
        files = make_data(root, args.mb)
    sizes = {lang: sum((root / f).stat().st_size for f in fs) for lang, fs in files.items()}
    total = sum(sizes.values()) / 1e6
    print(
        f"data: {total:.1f} MB JSONL in {sum(map(len, files.values()))} files ({time.perf_counter() - t:.1f}s to build)"
    )
    print(f"cores: {os.cpu_count()}  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    from polymed.corpus._engines import available_engines

    results: dict[str, float] = {}
    engines = available_engines()
    for label, step, engine in (
        ("read", "read", "auto"),
        ("full", "full", "auto"),
        ("full-ac", "full", "aho-corasick"),
    ):
        for lang in LANGS:  # warm-up: page cache, engines, imports
            _consume(_pipeline(step, root, lang, files[lang][:1], out / "warm", 50, engine))
        best = float("inf")
        for _ in range(args.repeat):  # best of N: the machine may be shared
            t = time.perf_counter()
            for lang in LANGS:
                _consume(_pipeline(step, root, lang, files[lang], out / label, engine=engine))
            best = min(best, time.perf_counter() - t)
        results[label] = total / best
        shutil.rmtree(out / "warm", ignore_errors=True)

    # (c) regex on a prefix of every language, same documents through both paths
    limit_mb = args.regex_mb / len(LANGS)
    regex_secs, full_secs, regex_mb = 0.0, 0.0, 0.0
    for lang in LANGS:
        first = files[lang][:1]
        n_docs, size = 0, 0
        with open(root / first[0], "rb") as f:
            for line in f:
                n_docs, size = n_docs + 1, size + len(line)
                if size >= limit_mb * 1e6:
                    break
        for step in ("regex", "full"):
            t = time.perf_counter()
            _consume(_pipeline(step, root, lang, first, out / "prefix", limit=n_docs))
            if step == "regex":
                regex_secs += time.perf_counter() - t
            else:
                full_secs += time.perf_counter() - t
        regex_mb += size / 1e6
    results["regex"] = regex_mb / regex_secs
    agree = _kept(out / "prefix", "regex") == _kept(out / "prefix", "full")

    # scaling: a warm pool runs one task per file, 1 then 2 processes
    import multiprocess

    jobs = [(str(root), lang, name, str(out / "scale")) for lang in LANGS for name in files[lang]]
    jobs.sort(key=lambda j: -(root / j[2]).stat().st_size)
    walls = {}
    for workers in (1, 2):
        with multiprocess.get_context("forkserver").Pool(workers) as pool:
            pool.map(
                _run_file, [(j[0], j[1], j[2], str(out / "scale-warm")) for j in jobs[:workers]]
            )
            best = float("inf")
            for _ in range(args.repeat):
                t = time.perf_counter()
                pool.map(_run_file, jobs * 3, chunksize=1)  # 3 passes: ~1 s of work at 1 worker
                best = min(best, time.perf_counter() - t)
            walls[workers] = best
    speedup = walls[1] / walls[2]

    # end to end through run_corpus (datatrove LocalPipelineExecutor), start-up included
    from polymed.corpus import CorpusRun, run_corpus

    e2e = {}
    for workers in (1, 2):
        t = time.perf_counter()
        for lang in LANGS:
            run = CorpusRun(kind="filter", input=str(root / lang), lang=lang)
            run_corpus(run, str(out / f"e2e{workers}" / lang), workers=workers, quiet=True)
        e2e[workers] = time.perf_counter() - t

    a, b, c, b_ac = results["read"], results["full"], results["regex"], results["full-ac"]
    print(f"(a) read + decode       {a:8.1f} MB/s per core")
    print(f"(b) full filter         {b:8.1f} MB/s per core   = {b / a:.2f} x (a)   [target >= 0.5]"
          f"   engine: {engines[0]}")  # fmt: skip
    print(
        f"    ... aho-corasick    {b_ac:8.1f} MB/s per core   = {b_ac / a:.2f} x (a)   (engine without hyperscan)"
    )
    print(f"(c) regex alternation   {c:8.1f} MB/s per core   (b) = {b / c:.0f} x (c)   [target >= 10]"
          f"   same kept set on the prefix: {agree}")  # fmt: skip
    print(
        f"workers 1 -> 2 (warm pool)  {walls[1]:.2f}s -> {walls[2]:.2f}s   speed-up {speedup:.2f} x   [target >= 1.7]"
    )
    print(f"run_corpus end to end       {e2e[1]:.2f}s -> {e2e[2]:.2f}s   speed-up {e2e[1] / e2e[2]:.2f} x"
          "   (6 runs x 4 files; 2 workers start a process pool per run)")  # fmt: skip
    print("data per language: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
