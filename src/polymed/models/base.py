"""The small protocol every model backend implements.

A backend answers two kinds of requests.  Both methods yield ``(index, Response)``
pairs *as results become available* (any order), so the evaluation runner can
persist each finished item at once; an interrupted run then loses only the
requests still in flight.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from ..records import GenerateRequest, LoglikRequest, Response


@runtime_checkable
class Model(Protocol):
    #: a stable, secret-free description (goes into config.json)
    name: str

    def loglikelihood(self, requests: Sequence[LoglikRequest]) -> Iterator[tuple[int, Response]]:
        """For each request, the summed log-probability of every continuation."""
        ...

    def generate(self, requests: Sequence[GenerateRequest]) -> Iterator[tuple[int, Response]]:
        """For each request, greedy generated text (``Response.text``)."""
        ...

    def describe(self) -> dict:
        """Settings that define the model for reproduction; never secrets."""
        ...


def cut_at_stop(text: str, stops: Sequence[str]) -> str:
    """Text up to the first stop sequence: servers and ``generate`` may overshoot one."""
    cut = min((i for i in (text.find(s) for s in stops if s) if i >= 0), default=len(text))
    return text[:cut]
