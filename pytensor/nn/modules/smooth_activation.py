"""Smooth activation layers: LogSigmoid, SELU, CELU, Softsign, Mish, Tanhshrink, GLU and
Softmin. Each holds its settings and calls the function in nn.functional.

>>> import pytensor, pytensor.nn as nn
>>> nn.Softsign()(pytensor.tensor([-1.0, 3.0]))
tensor([-0.5000,  0.7500])
"""

from __future__ import annotations

from ...tensor import Tensor
from .. import functional as F
from .module import Module


class LogSigmoid(Module):
    """Applies `LogSigmoid(x) = log(1 / (1 + exp(-x)))` element-wise, computed stably.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.LogSigmoid()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-1.3133, -0.6931, -0.1269])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.logsigmoid(input)


class SELU(Module):
    """Applies `SELU(x) = scale * (x if x > 0 else alpha * (exp(x) - 1))` element-wise, with
    `alpha ~ 1.6733` and `scale ~ 1.0507` chosen to keep activations normalised (Klambauer
    et al., 2017, "Self-Normalizing Neural Networks").

    Args:
        inplace: overwrite the input with the result. Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.SELU()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-1.1113,  0.0000,  2.1014])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.selu(input, self.inplace)

    def extra_repr(self) -> str:
        """`inplace=True` when set, else nothing."""
        return "inplace=True" if self.inplace else ""


class CELU(Module):
    """Applies `CELU(x) = x` for `x > 0`, else `alpha * (exp(x / alpha) - 1)`, element-wise
    (Barron, 2017, "Continuously Differentiable Exponential Linear Units").

    Args:
        alpha: `-alpha` is the limit for large negative inputs. Default: 1.0.
        inplace: overwrite the input with the result. Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.CELU(alpha=2.0)(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.7869,  0.0000,  2.0000])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        """`alpha=...`, and `inplace=True` when set."""
        inplace = ", inplace=True" if self.inplace else ""
        return f"alpha={self.alpha}{inplace}"


class Softsign(Module):
    """Applies `Softsign(x) = x / (1 + |x|)` element-wise.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Softsign()(pytensor.tensor([-1.0, 0.0, 3.0]))
        tensor([-0.5000,  0.0000,  0.7500])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.softsign(input)


class Mish(Module):
    """Applies `Mish(x) = x * tanh(softplus(x))` element-wise (Misra, 2019, "Mish: A Self
    Regularized Non-Monotonic Neural Activation Function").

    Args:
        inplace: overwrite the input with the result. Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Mish()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.3034,  0.0000,  1.9440])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.mish(input, self.inplace)

    def extra_repr(self) -> str:
        """`inplace=True` when set, else nothing."""
        return "inplace=True" if self.inplace else ""


class Tanhshrink(Module):
    """Applies `Tanhshrink(x) = x - tanh(x)` element-wise.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Tanhshrink()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.2384,  0.0000,  1.0360])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.tanhshrink(input)


class GLU(Module):
    """The gated linear unit: `GLU(a, b) = a * sigmoid(b)`, with `a` and `b` the two halves of
    the input along `dim` (Dauphin et al., 2017, "Language Modeling with Gated Convolutional
    Networks").

    Args:
        dim: the dimension to split. Default: -1.

    Shape:
        - Input: `(*, 2N, *)`, even along `dim`.
        - Output: `(*, N, *)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.GLU()(pytensor.tensor([[1.0, 2.0, 0.0, 100.0]]))
        tensor([[0.5000, 2.0000]])
    """

    def __init__(self, dim: int = -1) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.glu(input, self.dim)

    def extra_repr(self) -> str:
        """`dim=...`."""
        return f"dim={self.dim}"


class Softmin(Module):
    """Applies `Softmin(x_i) = exp(-x_i) / sum_j exp(-x_j)` along `dim`: `Softmax` of `-x`,
    so the smallest entries get the largest weights.

    Args:
        dim: the dimension to normalise. None picks one and warns, as `Softmax` does.
            Default: None.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Softmin(dim=0)(pytensor.tensor([1.0, 2.0, 3.0]))
        tensor([0.6652, 0.2447, 0.0900])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        """`dim=...`."""
        return f"dim={self.dim}"
