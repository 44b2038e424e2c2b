"""Running a corpus pipeline on datatrove's engines: local processes, Ray, or Slurm.

All three share datatrove's logging folder: ``completions/<rank>`` markers (a task
whose marker exists is skipped on re-run), ``stats/<rank>.json`` and ``logs/``.

Slurm: ``prepare()`` writes ``executor.pik``, ``ranks_to_run.json`` and
``launch_script.slurm`` (a job array running ``launch_pickled_pipeline``) without
submitting; ``submit()`` hands over to datatrove, which calls ``sbatch``.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
from copy import deepcopy
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor, RayPipelineExecutor, SlurmPipelineExecutor

from ..errors import PolymedError

EXECUTORS = ("local", "ray", "slurm")


def quiet_datatrove_logs() -> None:
    """datatrove logs through loguru to stderr at DEBUG; keep warnings and errors only."""
    from loguru import logger

    logger.remove()
    logger.add(sys.stderr, level="WARNING")


class _QuietMixin:
    """``quiet``: datatrove's per-task console output at ERROR level only (logs/ keeps all)."""

    quiet = False

    def _run_for_rank(self, rank: int, local_rank: int = 0, node_rank: int = -1):
        stats = super()._run_for_rank(rank, local_rank + 1 if self.quiet else local_rank, node_rank)
        if self.quiet:
            quiet_datatrove_logs()
        return stats


class LocalExecutor(_QuietMixin, LocalPipelineExecutor):
    pass


class RayExecutor(_QuietMixin, RayPipelineExecutor):
    pass


class SlurmExecutor(SlurmPipelineExecutor):
    """datatrove's Slurm executor, plus writing the submission without submitting it."""

    @property
    def script_path(self) -> str:
        return self.logging_dir.resolve_paths("launch_script.slurm")

    def prepare(self) -> str | None:
        """Write the pickled executor, rank list and sbatch script; None if all ranks are done."""
        ranks = self.get_incomplete_ranks()
        if not ranks:
            return None
        with self.logging_dir.open("executor.pik", "wb") as f:
            import dill
            from dill import CONTENTS_FMODE

            dill.dump(deepcopy(self), f, fmode=CONTENTS_FMODE)
        self.save_executor_as_json()
        with self.logging_dir.open("ranks_to_run.json", "w") as f:
            json.dump(ranks, f)
        jobs = math.ceil(len(ranks) / self.tasks_per_job)
        max_array = min(jobs, self.max_array_size) if self.max_array_size != -1 else jobs
        pik = self.logging_dir.resolve_paths("executor.pik")
        srun = " ".join(f"--{k}={v}" for k, v in (self.srun_args or {}).items())
        command = (
            f"srun {srun} -l -n {self.nodes_per_task} launch_pickled_pipeline {pik}"
            if self.with_srun
            else f"launch_pickled_pipeline {pik}"
        )
        script = self.get_launch_file_contents(self.get_sbatch_args(max_array), command)
        with self.logging_dir.open("launch_script.slurm", "w") as f:
            f.write(script)
        return self.script_path

    def submit(self) -> str | None:
        if shutil.which("sbatch") is None:
            raise PolymedError("sbatch not found: run on a Slurm login node, or submit the script")
        self.launch_job()
        return None if self.job_id == -1 else str(self.job_id)


def current_venv_activate() -> str | None:
    activate = Path(sys.prefix) / "bin" / "activate"
    return str(activate) if sys.prefix != sys.base_prefix and activate.exists() else None


def check_executor(kind: str, slurm: dict | None = None) -> None:
    """Fail fast on executor settings, before any input is listed or output written."""
    if kind not in EXECUTORS:
        raise PolymedError(f"unknown executor {kind!r} (use {', '.join(EXECUTORS)})")
    if kind == "slurm" and not (slurm or {}).get("partition"):
        raise PolymedError("--executor slurm needs --slurm-partition")


def make_executor(
    pipeline: list,
    kind: str,
    *,
    tasks: int,
    logging_dir: str,
    workers: int | None = None,
    quiet: bool = False,
    cpus_per_task: int = 1,
    mem_per_cpu_gb: float = 2,
    slurm: dict | None = None,
):
    """A datatrove executor of ``kind`` (local, ray, slurm) for ``tasks`` ranks.

    ``workers``: concurrent tasks (local default: CPU count; ray default: all at once).
    ``slurm``: partition, time, venv_path/env_command, sbatch_args, job_name, qos ….
    """
    check_executor(kind, slurm)
    if kind == "local":
        workers = min(workers or os.cpu_count() or 1, tasks)
        executor = LocalExecutor(pipeline, tasks=tasks, workers=workers, logging_dir=logging_dir)
    elif kind == "ray":
        executor = RayExecutor(
            pipeline,
            tasks=tasks,
            workers=workers or -1,
            logging_dir=logging_dir,
            cpus_per_task=cpus_per_task,
            mem_per_cpu_gb=mem_per_cpu_gb,
        )
    else:
        options = dict(slurm or {})
        options.setdefault("time", "24:00:00")
        if not options.get("env_command") and not options.get("venv_path"):
            options["venv_path"] = current_venv_activate()
        return SlurmExecutor(
            pipeline,
            tasks=tasks,
            workers=workers or -1,
            logging_dir=logging_dir,
            cpus_per_task=cpus_per_task,
            mem_per_cpu_gb=mem_per_cpu_gb,
            **options,
        )
    executor.quiet = quiet
    return executor


def ensure_ray(address: str | None, num_cpus: int | None, verbose: bool) -> None:
    """Connect to a Ray cluster (``address``: ``auto`` or ``ray://…``) or start a local one."""
    try:
        import ray
    except ImportError as exc:
        raise PolymedError("--executor ray needs Ray: pip install 'ray[default]'") from exc
    if ray.is_initialized():
        return
    if address:
        ray.init(address=address, log_to_driver=verbose)
    else:
        ray.init(num_cpus=num_cpus, include_dashboard=False, log_to_driver=verbose)
