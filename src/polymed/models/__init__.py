"""Model backends: one module per backend, all behind :class:`~polymed.models.base.Model`."""

from .base import Model
from .spec import load_model, parse_spec

__all__ = ["Model", "load_model", "parse_spec"]
