"""Identity, Linear and Bilinear, as in torch/nn/modules/linear.py.

>>> import pytensor, pytensor.nn as nn
>>> nn.Linear(3, 2)(pytensor.ones(4, 3)).shape
pytensor.Size([4, 2])
"""

from __future__ import annotations

import math
from typing import Any

from ...ops.creation import empty
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


class Identity(Module):
    """A placeholder layer that returns its input unchanged.

    Args:
        *args: any arguments; ignored.
        **kwargs: any keyword arguments; ignored.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the input itself.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.Identity(54, unused_argument1=0.1)
        >>> x = pytensor.ones(2, 3)
        >>> m(x) is x
        True
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input


class Linear(Module):
    """Applies an affine linear transformation to the last dimension: `y = x W^T + b`.

    The weight and bias start as U(-1/sqrt(in_features), 1/sqrt(in_features)), drawn as PyTorch
    draws them (`kaiming_uniform_` with `a = sqrt(5)`), so a seeded model gets torch's numbers.

    Args:
        in_features: the size of each input sample.
        out_features: the size of each output sample.
        bias: if False, the layer learns no additive bias. Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - Input: `(*, in_features)`, `*` any number of leading dimensions.
        - Output: `(*, out_features)`.

    Attributes:
        weight: the learnable weight, `(out_features, in_features)`.
        bias: the learnable bias, `(out_features,)`, or None.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.Linear(20, 30)
        >>> m
        Linear(in_features=20, out_features=30, bias=True)
        >>> m(pytensor.randn(128, 20)).shape
        pytensor.Size([128, 30])
        >>> _ = pytensor.manual_seed(0)
        >>> nn.Linear(2, 1).weight
        Parameter containing:
        tensor([[-0.0053,  0.3793]], requires_grad=True)
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = Parameter(empty(out_features, in_features, device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again, as the constructor does."""
        # kaiming_uniform_ with a = sqrt(5) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the rule
        # torch inherited from Lua torch; see https://github.com/pytorch/pytorch/issues/57109.
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        """`in_features=..., out_features=..., bias=...`."""
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Bilinear(Module):
    """Applies a bilinear transformation: `y_k = x1^T W_k x2 + b_k` for each output feature k.

    The weight and bias start as U(-1/sqrt(in1_features), 1/sqrt(in1_features)), as in PyTorch.

    Args:
        in1_features: the size of each first input sample.
        in2_features: the size of each second input sample.
        out_features: the size of each output sample.
        bias: if False, the layer learns no additive bias. Default: True.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - Input1: `(*, in1_features)`.
        - Input2: `(*, in2_features)`, with the same leading dimensions.
        - Output: `(*, out_features)`.

    Attributes:
        weight: the learnable weight, `(out_features, in1_features, in2_features)`.
        bias: the learnable bias, `(out_features,)`, or None.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.Bilinear(20, 30, 40)
        >>> m(pytensor.randn(128, 20), pytensor.randn(128, 30)).shape
        pytensor.Size([128, 40])
    """

    def __init__(
        self,
        in1_features: int,
        in2_features: int,
        out_features: int,
        bias: bool = True,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.in1_features = in1_features
        self.in2_features = in2_features
        self.out_features = out_features
        self.weight = Parameter(
            empty(out_features, in1_features, in2_features, device=device, dtype=dtype)
        )
        if bias:
            self.bias = Parameter(empty(out_features, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the weight and bias again, as the constructor does."""
        bound = 1 / math.sqrt(self.weight.size(1))
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1: Tensor, input2: Tensor) -> Tensor:
        return F.bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        """`in1_features=..., in2_features=..., out_features=..., bias=...`."""
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )
