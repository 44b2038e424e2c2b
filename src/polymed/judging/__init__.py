"""Judging stage: an LLM ranks N runs' answers per case (the paper's relative rating),
and human rankings check how far the judge and the automatic metrics agree with people.

    >>> from polymed.judging import JudgeSettings, judge_runs
    >>> judge_runs(["runs/a", "runs/b"], "runs/judge-ab", JudgeSettings("openai:m@http://h/v1"))
    ... # doctest: +SKIP
"""

from .agreement import agreement, kendall_tau_b, load_human
from .run import JudgeSettings, default_out_dir, judge_runs, load_runs, summarize
from .verdict import VerdictError, parse_ranking

__all__ = [
    "JudgeSettings",
    "VerdictError",
    "agreement",
    "default_out_dir",
    "judge_runs",
    "kendall_tau_b",
    "load_human",
    "load_runs",
    "parse_ranking",
    "summarize",
]
