"""Dropout: in training, zero each element with probability p and scale the rest by 1/(1-p),
so the expected output equals the input; in eval mode, the identity.

>>> import pytensor, pytensor.nn as nn
>>> nn.Dropout(0.5).eval()(pytensor.ones(3))
tensor([1., 1., 1.])
"""

from __future__ import annotations

from ...tensor import Tensor
from .. import functional as F
from .module import Module


class Dropout(Module):
    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
