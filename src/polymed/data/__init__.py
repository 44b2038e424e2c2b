"""Benchmark loaders, source-dataset converters, validation and the bundled samples."""

from .registry import BENCHMARKS, load_benchmark

__all__ = ["BENCHMARKS", "load_benchmark"]
