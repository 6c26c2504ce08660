"""Embedding: a lookup table of learnable vectors, indexed by integer ids.

>>> import pytensor, pytensor.nn as nn
>>> nn.Embedding(10, 3)(pytensor.tensor([[1, 2]])).shape
pytensor.Size([1, 2, 3])
"""

from __future__ import annotations

from typing import Any

from ...autograd.grad_mode import no_grad
from ...ops.creation import empty
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


class Embedding(Module):
    """A lookup table of `num_embeddings` learnable vectors of size `embedding_dim`, indexed by
    integer ids (word embeddings, for example).

    The weight starts as N(0, 1); the row at `padding_idx` starts at zero and never receives a
    gradient, so it stays a fixed "padding" vector.

    Args:
        num_embeddings: the size of the table (the number of ids).
        embedding_dim: the size of each vector.
        padding_idx: if given, this row is zeros and gets no gradient; a negative value counts
            from the end. Default: None.
        device: the device of the weight. Default: the CPU.
        dtype: the dtype of the weight. Default: the default dtype (float32).

    Shape:
        - Input: `(*)`, int64 ids of any shape, each in `[0, num_embeddings)`.
        - Output: `(*, embedding_dim)`.

    Attributes:
        weight: the learnable table, `(num_embeddings, embedding_dim)`.

    Note:
        PyTorch's `max_norm`, `norm_type`, `scale_grad_by_freq` and `sparse` are not supported.
        Since they are missing, the fourth positional parameter here is `device`, where in
        PyTorch it is `max_norm`: pass `device` and `dtype` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> embedding = nn.Embedding(10, 3)
        >>> embedding(pytensor.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])).shape
        pytensor.Size([2, 4, 3])
        >>> nn.Embedding(3, 2, padding_idx=0).weight[0]
        tensor([0., 0.], grad_fn=<SelectBackward0>)
    """

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        device: Any = None,
        dtype: Any = None,
        _weight: Tensor | None = None,
    ) -> None:
        super().__init__()
        self.num_embeddings = num_embeddings
        self.embedding_dim = embedding_dim
        if padding_idx is not None:
            if not -num_embeddings <= padding_idx < num_embeddings:
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx = padding_idx % num_embeddings
        self.padding_idx = padding_idx
        if _weight is None:
            self.weight = Parameter(
                empty(num_embeddings, embedding_dim, device=device, dtype=dtype)
            )
            self.reset_parameters()
        else:
            self.weight = Parameter(_weight)

    def reset_parameters(self) -> None:
        """Draw the weight again from N(0, 1) and zero the `padding_idx` row."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            with no_grad():
                self.weight[self.padding_idx].fill_(0)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.embedding(input, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        """`num_embeddings, embedding_dim`, and `padding_idx=...` when set."""
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        if self.padding_idx is not None:
            s += f", padding_idx={self.padding_idx}"
        return s

    @classmethod
    def from_pretrained(
        cls, embeddings: Tensor, freeze: bool = True, padding_idx: int | None = None
    ) -> Embedding:
        """Create an Embedding whose weight is the given 2-D tensor (shared, not copied).

        Args:
            embeddings: the table, `(num_embeddings, embedding_dim)`.
            freeze: if True (the default), the weight does not require grad and is not learned.
            padding_idx: as in the constructor; the row is not zeroed here.

        Returns:
            The new Embedding.

        Examples:
            >>> import pytensor, pytensor.nn as nn
            >>> weight = pytensor.tensor([[1.0, 2.3, 3.0], [4.0, 5.1, 6.3]])
            >>> embedding = nn.Embedding.from_pretrained(weight)
            >>> embedding(pytensor.tensor([1]))
            tensor([[4.0000, 5.1000, 6.3000]])
        """
        rows, cols = embeddings.shape
        embedding = cls(rows, cols, padding_idx, _weight=embeddings)
        embedding.weight.requires_grad = not freeze
        return embedding
