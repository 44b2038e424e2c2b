"""The same pipeline on Ray (local cluster) and through a generated Slurm submission."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from polymed.corpus.pipeline import CorpusRun, run_corpus
from polymed.errors import PolymedError

from .conftest import read_output


def _run(shards, out, executor="local", **kw):
    return run_corpus(
        CorpusRun(kind="filter", input=str(shards), lang="en"), str(out), executor, **kw
    )


@pytest.fixture
def ray_cluster():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


@pytest.mark.ray
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # datatrove uses old Ray options
def test_local_and_ray_keep_the_same_documents(shards, tmp_path, ray_cluster):
    local = _run(shards, tmp_path / "local", workers=1)
    ray = _run(shards, tmp_path / "ray", "ray", workers=2, mem_per_cpu_gb=0.25, quiet=True)
    assert ray.completed == ray.tasks == 4 and ray.kept == local.kept == 8
    assert read_output(tmp_path / "ray") == read_output(tmp_path / "local")
    again = _run(shards, tmp_path / "ray", "ray", workers=2, mem_per_cpu_gb=0.25)
    assert again.completed == 4  # all ranks marked complete: nothing re-run


FAKE_SRUN = """#!/bin/bash
# stand-in for srun inside an allocation: drop srun's options, run the command
while [ $# -gt 0 ]; do case "$1" in -n|-N|--ntasks|--nodes) shift 2;; -*) shift;; *) break;; esac; done
exec "$@"
"""
FAKE_SCONTROL = """#!/bin/bash
echo node001
"""


def _fake_bin(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (("srun", FAKE_SRUN), ("scontrol", FAKE_SCONTROL)):
        path = bin_dir / name
        path.write_text(body)
        path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return bin_dir


def test_slurm_submission_script_runs_every_array_task(shards, tmp_path):
    out = tmp_path / "slurm"
    slurm = {"partition": "cpu", "time": "02:00:00", "sbatch_args": {"account": "med"}}
    summary = _run(shards, out, "slurm", slurm=slurm, cpus_per_task=1, mem_per_cpu_gb=2)
    script = Path(summary.script)
    assert script == out / "logs" / "launch_script.slurm"
    text = script.read_text()
    for line in (
        "#SBATCH --partition=cpu", "#SBATCH --time=02:00:00", "#SBATCH --array=0-3",
        "#SBATCH --cpus-per-task=1", "#SBATCH --mem-per-cpu=2G", "#SBATCH --account=med",
        f"source {Path(sys.prefix) / 'bin' / 'activate'}",
        f"launch_pickled_pipeline {out / 'logs' / 'executor.pik'}",
    ):  # fmt: skip
        assert line in text, line
    assert (out / "logs" / "ranks_to_run.json").read_text() == "[0, 1, 2, 3]"

    # what Slurm would do: run the script once per array index, on a compute node
    env = {**os.environ, "PATH": f"{_fake_bin(tmp_path)}:{os.environ['PATH']}",
           "SLURM_NODELIST": "node001", "SLURM_JOB_ID": "42"}  # fmt: skip
    for index in range(4):
        proc = subprocess.run(
            ["bash", str(script)], env={**env, "SLURM_ARRAY_TASK_ID": str(index)},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-2000:]
    local = _run(shards, tmp_path / "local", workers=1)
    assert read_output(out) == read_output(tmp_path / "local") and local.kept == 8
    assert _run(shards, out, "slurm", slurm=slurm).script is None  # all done: nothing to submit


def test_slurm_needs_a_partition_and_sbatch_to_submit(shards, tmp_path, monkeypatch):
    with pytest.raises(PolymedError, match="--slurm-partition"):
        _run(shards, tmp_path / "a", "slurm", slurm={})
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PolymedError, match="sbatch not found"):
        _run(shards, tmp_path / "b", "slurm", slurm={"partition": "cpu"}, submit=True)
