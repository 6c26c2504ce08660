"""Flatten and Unflatten: reshape layers for Sequential models.

>>> import pytensor, pytensor.nn as nn
>>> nn.Flatten()(pytensor.ones(2, 3, 4)).shape
pytensor.Size([2, 12])
"""

from __future__ import annotations

from collections.abc import Sequence

from ...tensor import Tensor
from .module import Module


class Flatten(Module):
    """Flattens the dimensions `start_dim` through `end_dim` into one; by default every
    dimension but the first (the batch), as needed between a convolution and a `Linear`.

    Args:
        start_dim: the first dimension to flatten. Default: 1.
        end_dim: the last dimension to flatten. Default: -1.

    Shape:
        - Input: `(*, S_start, ..., S_end, *)`.
        - Output: `(*, S_start * ... * S_end, *)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> x = pytensor.ones(32, 1, 5, 5)
        >>> nn.Flatten()(x).shape
        pytensor.Size([32, 25])
        >>> nn.Flatten(0, 2)(x).shape
        pytensor.Size([160, 5])
    """

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input.flatten(self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        """`start_dim=..., end_dim=...`."""
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


class Unflatten(Module):
    """Unflattens dimension `dim` of the input into the shape `unflattened_size`; the inverse of
    `Flatten`.

    Args:
        dim: the dimension to split.
        unflattened_size: the new shape of that dimension; its product must equal the size of
            `dim` (one entry may be -1).

    Shape:
        - Input: `(*, S_dim, *)`.
        - Output: `(*, U_1, ..., U_n, *)`, with `U = unflattened_size`.

    Note:
        PyTorch also accepts a named shape (a tuple of (name, size) pairs) for named tensors;
        pytensor has no named tensors.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Unflatten(1, (2, 5))(pytensor.ones(2, 10)).shape
        pytensor.Size([2, 2, 5])
    """

    def __init__(self, dim: int, unflattened_size: Sequence[int]) -> None:
        super().__init__()
        self.dim = dim
        self.unflattened_size = unflattened_size

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input.unflatten(self.dim, self.unflattened_size)

    def extra_repr(self) -> str:
        """`dim=..., unflattened_size=...`."""
        return f"dim={self.dim}, unflattened_size={self.unflattened_size}"
