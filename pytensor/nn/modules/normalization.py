"""LayerNorm: normalise each sample over its last dims, as in torch/nn/modules/normalization.py.

>>> import pytensor, pytensor.nn as nn
>>> nn.LayerNorm(4)(pytensor.randn(2, 4)).shape
pytensor.Size([2, 4])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...ops.creation import empty
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


class LayerNorm(Module):
    """Applies layer normalisation (Ba et al., 2016) over the last dimensions of the input:

        y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias

    The mean and the (biased) variance are taken over the last `len(normalized_shape)` dimensions
    of each sample, separately for every sample; unlike `BatchNorm1d` there are no running
    statistics, so training and eval mode compute the same thing.

    Args:
        normalized_shape: the shape of the trailing dimensions to normalise over; an int means
            the last dimension only.
        eps: added to the variance for numerical stability. Default: 1e-5.
        elementwise_affine: if True, learn a per-element `weight` (initialised to ones) and
            `bias` (zeros) of shape `normalized_shape`. Default: True.
        bias: if False, no bias is learned (only with `elementwise_affine`). Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - Input: `(N, *)`, ending in `normalized_shape`.
        - Output: `(N, *)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.LayerNorm(4)
        >>> m(pytensor.tensor([[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0]]))
        tensor([[-1.3416, -0.4472,  0.4472,  1.3416],
                [ 0.0000,  0.0000,  0.0000,  0.0000]], grad_fn=<AddBackward0>)
        >>> nn.LayerNorm([3, 4])
        LayerNorm((3, 4), eps=1e-05, elementwise_affine=True, bias=True)
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if isinstance(normalized_shape, int):
            normalized_shape = (normalized_shape,)
        self.normalized_shape = tuple(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        if elementwise_affine:
            self.weight = Parameter(empty(self.normalized_shape, device=device, dtype=dtype))
            if bias:
                self.bias = Parameter(empty(self.normalized_shape, device=device, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Set the weight to ones and the bias to zeros."""
        if self.elementwise_affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        """`normalized_shape, eps=..., elementwise_affine=..., bias=...`."""
        return (
            f"{self.normalized_shape}, eps={self.eps}, "
            f"elementwise_affine={self.elementwise_affine}, bias={self.bias is not None}"
        )
