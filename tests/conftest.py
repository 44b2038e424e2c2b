"""Shared fixtures. The real default model is loaded once per session (slow tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# --import-mode=importlib puts nothing on sys.path: make the shared fakes importable as
# ``from fakes.openai_server import ...`` (``pythonpath = ["tests"]`` would do the same)
sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def default_model():
    """The embedded default model (Gemma 3 270M), converted once and cached."""
    from polymed.models import load_model

    return load_model("default", batch_size=4)
