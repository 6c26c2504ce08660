"""Differentiable ops, grouped by kind. Each op's forward and backward sit side by side."""

from . import creation, indexing, inplace, linalg, movement, pointwise, reduction, sampling

__all__ = [
    "creation",
    "indexing",
    "inplace",
    "linalg",
    "movement",
    "pointwise",
    "reduction",
    "sampling",
]
