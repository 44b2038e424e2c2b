"""Scoring stage: answer extraction, metrics, the run store, results."""

from .config import EvalConfig
from .runner import evaluate

__all__ = ["EvalConfig", "evaluate"]
