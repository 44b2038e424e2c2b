"""polymed: build and evaluate multilingual medical language models."""

from .data import load_benchmark
from .errors import PolymedError
from .records import GenerateRequest, Item, LoglikRequest, Record, Response

__version__ = "0.1.0"
__all__ = [
    "GenerateRequest",
    "Item",
    "LoglikRequest",
    "PolymedError",
    "Record",
    "Response",
    "load_benchmark",
    "__version__",
]
