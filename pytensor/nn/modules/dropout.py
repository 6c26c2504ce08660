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
    """During training, zeroes each element of the input with probability `p` and scales the others
    by `1 / (1 - p)`; in eval mode, returns the input unchanged.

    A regulariser (Srivastava et al., 2014): the scaling keeps the expected value of each element,
    so the layer can simply be switched off with `model.eval()`. The mask is drawn as PyTorch's CPU
    kernel draws it, so a seeded run zeroes the same elements as torch.

    Args:
        p: the probability of zeroing an element. Default: 0.5.
        inplace: accepted for compatibility; the input is never overwritten (see the note).
            Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Raises:
        ValueError: if `p` is outside [0, 1].

    Note:
        `inplace=True` is accepted and printed, but the output is always a new tensor, where
        PyTorch overwrites the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> m = nn.Dropout(p=0.5)
        >>> m(pytensor.ones(2, 4))
        tensor([[0., 0., 2., 0.],
                [0., 0., 2., 2.]])
        >>> m.eval()(pytensor.ones(2, 4))
        tensor([[1., 1., 1., 1.],
                [1., 1., 1., 1.]])
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if p < 0 or p > 1:
            raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        """`p=..., inplace=...`."""
        return f"p={self.p}, inplace={self.inplace}"
