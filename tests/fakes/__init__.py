"""Reusable fakes for tests: servers that bind 127.0.0.1 on port 0 and stop themselves."""

from .openai_server import FakeOpenAIServer, Fault, Recorded

__all__ = ["FakeOpenAIServer", "Fault", "Recorded"]
