"""Local runs on datatrove: kept set, resume after a killed run, config checks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from polymed.corpus.pipeline import CorpusRun, run_corpus
from polymed.errors import PolymedError

from .conftest import read_output

EXPECTED = {f"d{i}-{j}" for i in range(4) for j in (0, 3)}


def _run(shards, out, **kw):
    return run_corpus(CorpusRun(kind="filter", input=str(shards), lang="en"), str(out), **kw)


def test_local_run_with_two_workers_keeps_the_medical_documents(shards, tmp_path):
    out = tmp_path / "out"
    summary = _run(shards, out, workers=2, quiet=True)
    assert (summary.tasks, summary.completed, summary.read, summary.kept) == (4, 4, 24, 8)
    kept = read_output(out)
    assert set(kept) == EXPECTED
    meta = kept["d0-0"]["metadata"]
    assert meta["lang"] == "en" and meta["source"] == "filtered" and meta["quality"] == "unverified"
    assert meta["mkc"] > 5 and meta["density"] > 0.04 and meta["url"] == "u00"
    config = json.loads((out / "config.json").read_text())
    assert config["run"]["files"] == [f"part{i}.jsonl" for i in range(4)]


def test_rerun_skips_finished_shards_and_refuses_other_settings(shards, tmp_path):
    out = tmp_path / "out"
    _run(shards, out, workers=1)
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "data").iterdir()}
    summary = _run(shards, out, workers=1)
    assert summary.completed == 4
    assert {p.name: p.stat().st_mtime_ns for p in (out / "data").iterdir()} == stamps
    with pytest.raises(
        PolymedError, match=r"config.json: output was made with different settings \(min_density\)"
    ):
        run_corpus(
            CorpusRun(kind="filter", input=str(shards), lang="en", min_density=0.05), str(out)
        )


def test_single_file_input(shards, tmp_path):
    out = tmp_path / "one"
    summary = _run(shards / "part1.jsonl", out, workers=1)
    assert summary.tasks == 1 and set(read_output(out)) == {"d1-0", "d1-3"}


def test_missing_input_is_a_user_error(tmp_path):
    with pytest.raises(PolymedError, match="input not found"):
        _run(tmp_path / "nope", tmp_path / "out")
    (tmp_path / "empty").mkdir()
    with pytest.raises(PolymedError, match="no input files"):
        _run(tmp_path / "empty", tmp_path / "out")


KILLED_RUN = textwrap.dedent(
    """
    import os, signal, sys
    from datatrove.io import get_datafolder
    from polymed.corpus.executors import make_executor
    from polymed.corpus.pipeline import CorpusRun, build_pipeline, check_config

    src, out = sys.argv[1], sys.argv[2]
    run = CorpusRun(kind="filter", input=src, lang="en").resolve()
    check_config(get_datafolder(out), run)
    steps = build_pipeline(run, out)

    def killer(data, rank, world_size):  # between the filter and the writer
        for i, doc in enumerate(data):
            if rank == 2 and i == 1:
                os.killpg(0, signal.SIGKILL)  # the whole run dies, like a lost node
            yield doc

    steps.insert(2, killer)
    make_executor(steps, "local", tasks=run.tasks, logging_dir=out + "/logs", workers=1).run()
    """
)


def test_resume_after_a_killed_run(shards, tmp_path):
    out = tmp_path / "out"
    log = tmp_path / "killed.log"
    with log.open("wb") as f:  # its own session: the kill takes datatrove's helper process too
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLED_RUN, str(shards), str(out)],
            stdout=f, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            returncode = proc.wait(timeout=120)
        finally:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert returncode == -9, log.read_text(errors="replace")[-2000:]
    done = sorted(p.name for p in (out / "logs" / "completions").iterdir())
    assert done == ["00000", "00001"]
    # the killed shard left only its temporary file: nothing half-written under a final name
    assert sorted(p.name for p in (out / "data").iterdir()) == [
        ".00002.jsonl.gz.tmp", "00000.jsonl.gz", "00001.jsonl.gz",
    ]  # fmt: skip
    stamps = {
        n: (out / "data" / n).stat().st_mtime_ns for n in ("00000.jsonl.gz", "00001.jsonl.gz")
    }

    summary = _run(shards, out, workers=1)
    assert summary.completed == 4
    assert {n: (out / "data" / n).stat().st_mtime_ns for n in stamps} == stamps  # not redone
    assert set(read_output(out)) == EXPECTED
    assert not list((out / "data").glob(".*.tmp"))
