"""Reports for people: a self-contained HTML page per run."""

from .html import render_report

__all__ = ["render_report"]
