"""Grounding: context given to the model with the question (gold explanations, RAG)."""

from .conditions import CONDITIONS, context_for

__all__ = ["CONDITIONS", "context_for"]
