"""Readers for the source datasets MMedBench was assembled from, in their original formats.

Each module provides ``read(path, *, skipped=None, keep_images=False) -> Iterator[Item]``:
``path`` is one file, a folder or a zip; options come out lettered ``A``..; items
that cannot be a text multiple-choice question are skipped and counted in
``skipped`` (a ``collections.Counter`` of reasons).  ``polymed.data.convert``
writes them as MMedBench files.
"""

from __future__ import annotations

from types import ModuleType

from . import frenchmedmcqa, headqa, igakuqa, medqa, rumeddanet

#: source name -> reader module
SOURCES: dict[str, ModuleType] = {
    "medqa": medqa,
    "igakuqa": igakuqa,
    "frenchmedmcqa": frenchmedmcqa,
    "rumeddanet": rumeddanet,
    "headqa": headqa,
}

__all__ = ["SOURCES"]
