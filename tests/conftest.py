"""Shared fixtures. The real default model is loaded once per session (slow tests)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def default_model():
    """The embedded default model (Gemma 3 270M), converted once and cached."""
    from polymed.models import load_model

    return load_model("default", batch_size=4)
