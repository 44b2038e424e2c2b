"""``kill -9`` mid-run: at most the in-flight items are redone, results are unchanged."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from polymed.evaluation import EvalConfig, evaluate
from polymed.records import Response

CHILD = textwrap.dedent(
    """
    import sys, time
    from polymed.evaluation import EvalConfig, evaluate
    from polymed.records import Response

    class Slow:
        name = "slow"
        def describe(self):
            return {"backend": "slow"}
        def loglikelihood(self, requests):
            for i, req in enumerate(requests):
                time.sleep(0.15)
                n = len(req.continuations) // 2
                yield i, Response(logprobs=[-(len(req.context) % 7) - j for j in range(n)] * 2,
                                  lengths=[1] * 2 * n)

    cfg = EvalConfig(model="slow", preset="plain", data=sys.argv[2])
    evaluate(cfg, sys.argv[1], model=Slow())
    """
)


class Counting:
    name = "slow"

    def __init__(self):
        self.contexts: list[str] = []

    def describe(self):
        return {"backend": "slow"}

    def loglikelihood(self, requests):
        for i, req in enumerate(requests):
            self.contexts.append(req.context)
            n = len(req.continuations) // 2
            yield (
                i,
                Response(
                    logprobs=[-(len(req.context) % 7) - j for j in range(n)] * 2,
                    lengths=[1] * 2 * n,
                ),
            )


def _bench(tmp: Path, n: int = 24) -> Path:
    root = tmp / "bench" / "Test"
    root.mkdir(parents=True)
    lines = []
    for k in range(n):
        opts = {"A": f"drug {k}", "B": f"dose {k * 3}", "C": "placebo", "D": "surgery"}
        lines.append(
            json.dumps(
                {
                    "question": f"Case {k}: best treatment?" + "x" * k,
                    "options": opts,
                    "answer_idx": "ABCD"[k % 4],
                    "answer": opts["ABCD"[k % 4]],
                    "rationale": "",
                    "human_checked": False,
                    "human_check_passed": False,
                }
            )
        )
    (root / "English.jsonl").write_text("\n".join(lines) + "\n")
    return tmp / "bench"


def _finished(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db) as con:
            return con.execute("SELECT count(*) FROM records").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_kill_9_then_resume(tmp_path):
    bench, out = _bench(tmp_path), tmp_path / "run"
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(out), str(bench)])
    try:
        deadline = time.monotonic() + 120
        while _finished(out / "records.sqlite") < 8:
            assert proc.poll() is None, "child ended before it could be killed"
            assert time.monotonic() < deadline, "child made no progress"
            time.sleep(0.05)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    done_before = _finished(out / "records.sqlite")
    assert 8 <= done_before < 24

    model = Counting()
    resumed = evaluate(EvalConfig(model="slow", preset="plain", data=str(bench)), out, model=model)
    assert len(model.contexts) == 24 - done_before
    clean = evaluate(
        EvalConfig(model="slow", preset="plain", data=str(bench)),
        tmp_path / "clean",
        model=Counting(),
    )
    assert resumed["languages"] == clean["languages"]
    assert resumed["n"] == 24
