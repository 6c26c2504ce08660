"""Piecewise activation layers: Hardtanh, ReLU6, Hardsigmoid, Hardswish, Threshold, Hardshrink,
Softshrink and PReLU. Each holds its settings and calls the function in nn.functional.

>>> import pytensor, pytensor.nn as nn
>>> nn.ReLU6()(pytensor.tensor([-1.0, 7.0]))
tensor([0., 6.])
"""

from __future__ import annotations

import warnings
from typing import Any

from ...ops.creation import empty
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


class Hardtanh(Module):
    """Applies `Hardtanh(x) = clamp(x, min_val, max_val)` element-wise.

    Args:
        min_val: the lower end of the linear region. Default: -1.0.
        max_val: the upper end of the linear region. Default: 1.0.
        inplace: overwrite the input with the result. Default: False.
        min_value: the deprecated name of `min_val`; it wins when given.
        max_value: the deprecated name of `max_val`; it wins when given.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Hardtanh(-2.0, 2.0)(pytensor.tensor([-3.0, 0.5, 3.0]))
        tensor([-2.0000,  0.5000,  2.0000])
    """

    def __init__(
        self,
        min_val: float = -1.0,
        max_val: float = 1.0,
        inplace: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
    ) -> None:
        super().__init__()
        if min_value is not None:
            warnings.warn(
                "keyword argument `min_value` is deprecated and rename to `min_val`",
                FutureWarning,
                stacklevel=2,
            )
            min_val = min_value
        if max_value is not None:
            warnings.warn(
                "keyword argument `max_value` is deprecated and rename to `max_val`",
                FutureWarning,
                stacklevel=2,
            )
            max_val = max_value
        self.min_val = min_val
        self.max_val = max_val
        self.inplace = inplace
        assert self.max_val > self.min_val

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        """`min_val=..., max_val=...`, and `inplace=True` when set."""
        inplace = ", inplace=True" if self.inplace else ""
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace}"


class ReLU6(Hardtanh):
    """Applies `ReLU6(x) = min(max(0, x), 6)` element-wise: a Hardtanh from 0 to 6.

    Args:
        inplace: overwrite the input with the result. Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.ReLU6()(pytensor.tensor([-1.0, 3.0, 7.0]))
        tensor([0., 3., 6.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        """`inplace=True` when set, else nothing."""
        return "inplace=True" if self.inplace else ""


class Hardsigmoid(Module):
    """Applies `Hardsigmoid(x) = clamp(x + 3, 0, 6) / 6` element-wise.

    Args:
        inplace: overwrite the input with the result. Default: False. (PyTorch does not print
            it.)

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Hardsigmoid()(pytensor.tensor([-4.0, 0.0, 1.5]))
        tensor([0.0000, 0.5000, 0.7500])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.hardsigmoid(input, self.inplace)


class Hardswish(Module):
    """Applies `Hardswish(x) = x * clamp(x + 3, 0, 6) / 6` element-wise (Howard et al., 2019,
    "Searching for MobileNetV3").

    Args:
        inplace: overwrite the input with the result. Default: False. (PyTorch does not print
            it.)

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Hardswish()(pytensor.tensor([-4.0, 1.5, 4.0]))
        tensor([-0.0000, 1.1250, 4.0000])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.hardswish(input, self.inplace)


class Threshold(Module):
    """Replaces each element `x <= threshold` with `value`: `y = x if x > threshold else value`.

    Args:
        threshold: elements at or below it are replaced.
        value: what replaces them.
        inplace: overwrite the input with the result. Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Threshold(0.1, 20.0)(pytensor.tensor([-1.0, 0.1, 2.0]))
        tensor([20., 20.,  2.])
    """

    def __init__(self, threshold: float, value: float, inplace: bool = False) -> None:
        super().__init__()
        self.threshold = threshold
        self.value = value
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        """`threshold=..., value=...`, and `inplace=True` when set."""
        inplace = ", inplace=True" if self.inplace else ""
        return f"threshold={self.threshold}, value={self.value}{inplace}"


class Hardshrink(Module):
    """Applies `Hardshrink(x) = 0` for `-lambd <= x <= lambd`, else `x`, element-wise.

    Args:
        lambd: the half-width of the region set to zero. Default: 0.5.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Hardshrink()(pytensor.tensor([-1.0, 0.5, 2.0]))
        tensor([-1.,  0.,  2.])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.hardshrink(input, self.lambd)

    def extra_repr(self) -> str:
        """The bare `lambd`, as PyTorch prints it."""
        return f"{self.lambd}"


class Softshrink(Module):
    """Applies `Softshrink(x) = x - lambd` for `x > lambd`, `x + lambd` for `x < -lambd`,
    else `0`, element-wise.

    Args:
        lambd: the half-width of the region set to zero; at least 0. Default: 0.5.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Softshrink()(pytensor.tensor([-1.0, 0.5, 2.0]))
        tensor([-0.5000,  0.0000,  1.5000])
    """

    def __init__(self, lambd: float = 0.5) -> None:
        super().__init__()
        self.lambd = lambd

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.softshrink(input, self.lambd)

    def extra_repr(self) -> str:
        """The bare `lambd`, as PyTorch prints it."""
        return str(self.lambd)


class PReLU(Module):
    """Applies `PReLU(x) = x` for `x > 0`, else `a * x`, with a learned slope `a`: one for all
    channels, or one per channel (dim 1 of the input) (He et al., 2015).

    Args:
        num_parameters: how many slopes: 1, or the number of input channels. Default: 1.
        init: the initial value of every slope. Default: 0.25.
        device: where to create the weight.
        dtype: the weight's dtype.

    Attributes:
        weight: the slopes, `(num_parameters,)`.

    Shape:
        - Input: `(*)`, with the channels in dim 1 when `num_parameters > 1`.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.PReLU()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.2500,  0.0000,  2.0000], grad_fn=<PreluKernelBackward0>)
    """

    def __init__(
        self,
        num_parameters: int = 1,
        init: float = 0.25,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.num_parameters = num_parameters
        self.init = init
        self.weight = Parameter(empty(num_parameters, device=device, dtype=dtype))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Sets every slope to `init` (the paper's 0.25)."""
        init.constant_(self.weight, self.init)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.prelu(input, self.weight)

    def extra_repr(self) -> str:
        """`num_parameters=...`."""
        return f"num_parameters={self.num_parameters}"
