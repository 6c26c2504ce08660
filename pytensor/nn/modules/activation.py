"""Activation layers: each holds its settings and calls the function in nn.functional.

>>> import pytensor, pytensor.nn as nn
>>> nn.LeakyReLU(0.1)(pytensor.tensor([-1.0, 1.0]))
tensor([-0.1000,  1.0000])
"""

from __future__ import annotations

from ...tensor import Tensor
from .. import functional as F
from .module import Module


class ReLU(Module):
    """Applies the rectified linear unit element-wise: `ReLU(x) = max(0, x)`.

    Args:
        inplace: accepted for compatibility (see the note). Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Note:
        `inplace=True` is accepted and printed, but the layer still returns a new tensor and
        leaves its input unchanged, where PyTorch overwrites the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.ReLU()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.relu(input)

    def extra_repr(self) -> str:
        """`inplace=True` when set, else nothing."""
        return "inplace=True" if self.inplace else ""


class LeakyReLU(Module):
    """Applies `LeakyReLU(x) = x` for `x > 0`, else `negative_slope * x`, element-wise.

    Args:
        negative_slope: the slope for negative inputs. Default: 1e-2.
        inplace: accepted for compatibility; the input is never overwritten (see `ReLU`).
            Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.LeakyReLU(0.1)(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.1000,  0.0000,  2.0000])
    """

    def __init__(self, negative_slope: float = 1e-2, inplace: bool = False) -> None:
        super().__init__()
        self.negative_slope = negative_slope
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.leaky_relu(input, self.negative_slope)

    def extra_repr(self) -> str:
        """`negative_slope=...`, and `inplace=True` when set."""
        inplace = ", inplace=True" if self.inplace else ""
        return f"negative_slope={self.negative_slope}{inplace}"


class ELU(Module):
    """Applies the exponential linear unit element-wise: `x` for `x > 0`, else
    `alpha * (exp(x) - 1)` (Clevert et al., 2015).

    Args:
        alpha: the value the output approaches for large negative inputs is `-alpha`.
            Default: 1.0.
        inplace: accepted for compatibility; the input is never overwritten (see `ReLU`).
            Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.ELU()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.6321,  0.0000,  2.0000])
    """

    def __init__(self, alpha: float = 1.0, inplace: bool = False) -> None:
        super().__init__()
        self.alpha = alpha
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.elu(input, self.alpha)

    def extra_repr(self) -> str:
        """`alpha=...`, and `inplace=True` when set."""
        inplace = ", inplace=True" if self.inplace else ""
        return f"alpha={self.alpha}{inplace}"


class GELU(Module):
    """Applies the Gaussian error linear unit element-wise: `GELU(x) = x * Phi(x)`, with Phi
    the cumulative distribution function of the standard normal (Hendrycks and Gimpel, 2016).

    Args:
        approximate: `'none'` for the exact formula (with erf), or `'tanh'` for
            `0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))`. Default: `'none'`.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.GELU()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.1587,  0.0000,  1.9545])
        >>> nn.GELU(approximate="tanh")(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.1588,  0.0000,  1.9546])
    """

    def __init__(self, approximate: str = "none") -> None:
        super().__init__()
        self.approximate = approximate

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.gelu(input, approximate=self.approximate)

    def extra_repr(self) -> str:
        """`approximate='none'` or `approximate='tanh'`."""
        return f"approximate={self.approximate!r}"


class SiLU(Module):
    """Applies the sigmoid linear unit element-wise: `SiLU(x) = x * sigmoid(x)`, also called
    swish.

    Args:
        inplace: accepted for compatibility; the input is never overwritten (see `ReLU`).
            Default: False.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.SiLU()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.2689,  0.0000,  1.7616])
    """

    def __init__(self, inplace: bool = False) -> None:
        super().__init__()
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.silu(input)

    def extra_repr(self) -> str:
        """`inplace=True` when set, else nothing."""
        return "inplace=True" if self.inplace else ""


class Sigmoid(Module):
    """Applies the logistic sigmoid element-wise: `Sigmoid(x) = 1 / (1 + exp(-x))`.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Sigmoid()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0.2689, 0.5000, 0.8808])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input.sigmoid()


class Tanh(Module):
    """Applies the hyperbolic tangent element-wise: `Tanh(x) = (exp(x) - exp(-x)) /
    (exp(x) + exp(-x))`.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Tanh()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.7616,  0.0000,  0.9640])
    """

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return input.tanh()


class Softplus(Module):
    """Applies `Softplus(x) = log(1 + exp(beta * x)) / beta` element-wise, a smooth
    approximation of ReLU; where `beta * x > threshold` it returns `x` itself.

    Args:
        beta: the sharpness of the bend. Default: 1.0.
        threshold: above this value of `beta * x` the function is linear. Default: 20.0.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Softplus()(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0.3133, 0.6931, 2.1269])
        >>> nn.Softplus(beta=2.0, threshold=1.0)(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0.0635, 0.3466, 2.0000])
    """

    def __init__(self, beta: float = 1.0, threshold: float = 20.0) -> None:
        super().__init__()
        self.beta = beta
        self.threshold = threshold

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        """`beta=..., threshold=...`."""
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """Applies `Softmax(x_i) = exp(x_i) / sum_j exp(x_j)` along `dim`: each slice along `dim`
    becomes a probability distribution (entries in [0, 1] that sum to 1).

    Args:
        dim: the dimension to normalise. None picks one as PyTorch's deprecated rule does
            (0 for 0-, 1- and 3-dim inputs, else 1) and warns. Default: None.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.Softmax(dim=0)(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0.0420, 0.1142, 0.8438])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.softmax(input, self.dim)

    def extra_repr(self) -> str:
        """`dim=...`."""
        return f"dim={self.dim}"


class LogSoftmax(Module):
    """Applies `LogSoftmax(x_i) = x_i - log(sum_j exp(x_j))` along `dim`, the logarithm of
    `Softmax` computed without forming the softmax (stable for large inputs).

    Args:
        dim: the dimension to normalise. None picks one and warns, as `Softmax` does.
            Default: None.

    Shape:
        - Input: `(*)`, any number of dimensions.
        - Output: `(*)`, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.LogSoftmax(dim=0)(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-3.1698, -2.1698, -0.1698])
    """

    def __init__(self, dim: int | None = None) -> None:
        super().__init__()
        self.dim = dim

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.log_softmax(input, self.dim)

    def extra_repr(self) -> str:
        """`dim=...`."""
        return f"dim={self.dim}"
