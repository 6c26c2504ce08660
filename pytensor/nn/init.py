"""Weight initialisation, following torch/nn/init.py call for call.

Every function fills a tensor in place under `no_grad` and returns it. The random numbers are
drawn with the same calls in the same order as torch (`tensor.uniform_(-bound, bound)`,
`tensor.normal_(0, std)`), so after `manual_seed(s)` a layer gets exactly torch's weights.

Difference from torch: `orthogonal_`, `sparse_`, `dirac_` and the deprecated aliases without
the trailing underscore (`uniform`, `xavier_normal`, ...) are not provided.

>>> import pytensor, pytensor.nn as nn
>>> nn.init.zeros_(pytensor.empty(2, 3))
tensor([[0., 0., 0.],
        [0., 0., 0.]])
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from ..autograd.grad_mode import no_grad
from ..ops.creation import empty_like, eye
from ..ops.pointwise import where
from ..tensor import Tensor

_LINEAR_FNS = (
    "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
    "conv_transpose3d",
)  # fmt: skip


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for an activation: the factor that keeps the variance of the signal
    steady through a layer followed by it.

    | nonlinearity | gain |
    |---|---|
    | linear, conv*, sigmoid | 1 |
    | tanh | 5/3 |
    | relu | sqrt(2) |
    | leaky_relu | sqrt(2 / (1 + negative_slope^2)) |
    | selu | 3/4 |

    Args:
        nonlinearity: the name of the function, as in the table.
        param: the negative slope for `leaky_relu` (default 0.01).

    Returns:
        The gain.

    Raises:
        ValueError: for an unknown name or a slope that is not a number.

    Examples:
        >>> import pytensor.nn as nn
        >>> nn.init.calculate_gain("relu")
        1.4142135623730951
        >>> nn.init.calculate_gain("leaky_relu", 0.2)
        1.3867504905630728
    """
    if nonlinearity in _LINEAR_FNS or nonlinearity == "sigmoid":
        return 1
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            negative_slope = 0.01
        elif not isinstance(param, bool) and isinstance(param, (int, float)):
            negative_slope = param
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + negative_slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4  # the value torch uses, chosen empirically for self-normalising nets
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _calculate_fan_in_and_fan_out(tensor: Tensor) -> tuple[int, int]:
    """fan_in = in_features * receptive field; weight layout is (out, in, *kernel)."""
    if tensor.dim() < 2:
        raise ValueError(
            "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions"
        )
    receptive_field_size = math.prod(tensor.shape[2:])
    fan_in = tensor.size(1) * receptive_field_size
    fan_out = tensor.size(0) * receptive_field_size
    return fan_in, fan_out


def _calculate_correct_fan(tensor: Tensor, mode: str) -> int:
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Tensor:
    """Fill `tensor` with values drawn from the uniform distribution U(a, b).

    Args:
        tensor: the tensor to fill, any shape.
        a: the lower bound.
        b: the upper bound.
        generator: the Generator to draw from. Default: the global one.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> nn.init.uniform_(pytensor.empty(2, 3), a=-1.0, b=1.0)
        tensor([[-0.0075,  0.5364, -0.8230],
                [-0.7359, -0.3852,  0.2682]])
    """
    with no_grad():
        return tensor.uniform_(a, b, generator=generator)


def normal_(tensor: Tensor, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Tensor:
    """Fill `tensor` with values drawn from the normal distribution N(mean, std^2).

    Args:
        tensor: the tensor to fill, any shape.
        mean: the mean.
        std: the standard deviation.
        generator: the Generator to draw from. Default: the global one.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> nn.init.normal_(pytensor.empty(2, 3), std=0.1)
        tensor([[ 0.1541, -0.0293, -0.2179],
                [ 0.0568, -0.1085, -0.1399]])
    """
    with no_grad():
        return tensor.normal_(mean, std, generator=generator)


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill `tensor` with the value `val`.

    Args:
        tensor: the tensor to fill, any shape.
        val: the value.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.init.constant_(pytensor.empty(2, 3), 0.3)
        tensor([[0.3000, 0.3000, 0.3000],
                [0.3000, 0.3000, 0.3000]])
    """
    with no_grad():
        return tensor.fill_(val)


def ones_(tensor: Tensor) -> Tensor:
    """Fill `tensor` with ones.

    Args:
        tensor: the tensor to fill, any shape.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.init.ones_(pytensor.empty(3))
        tensor([1., 1., 1.])
    """
    return constant_(tensor, 1.0)


def zeros_(tensor: Tensor) -> Tensor:
    """Fill `tensor` with zeros.

    Args:
        tensor: the tensor to fill, any shape.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.init.zeros_(pytensor.empty(3))
        tensor([0., 0., 0.])
    """
    with no_grad():
        return tensor.zero_()


def eye_(tensor: Tensor) -> Tensor:
    """Fill a 2-D tensor with the identity matrix (its rectangular part); for Linear layers, it
    keeps the identity of as many inputs as possible.

    Args:
        tensor: a 2-D tensor to fill.

    Returns:
        `tensor`.

    Raises:
        ValueError: if the tensor is not 2-D.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.init.eye_(pytensor.empty(2, 3))
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    if tensor.dim() != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    with no_grad():
        return tensor.copy_(eye(tensor.size(0), tensor.size(1), dtype=tensor.dtype))


def xavier_uniform_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """Fill `tensor` from U(-a, a) with `a = gain * sqrt(6 / (fan_in + fan_out))`, the Glorot
    initialisation (Glorot & Bengio, 2010).

    Args:
        tensor: at least 2-D, laid out `(fan_out, fan_in, *kernel)`.
        gain: a scaling factor (see `calculate_gain`).
        generator: the Generator to draw from. Default: the global one.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> nn.init.xavier_uniform_(pytensor.empty(2, 3), gain=nn.init.calculate_gain("relu"))
        tensor([[-0.0116,  0.8311, -1.2751],
                [-1.1401, -0.5967,  0.4154]])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std  # a uniform on [-a, a] has standard deviation a / sqrt(3)
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor: Tensor, gain: float = 1.0, generator: Any = None) -> Tensor:
    """Fill `tensor` from N(0, std^2) with `std = gain * sqrt(2 / (fan_in + fan_out))`, the Glorot
    initialisation (Glorot & Bengio, 2010).

    Args:
        tensor: at least 2-D, laid out `(fan_out, fan_in, *kernel)`.
        gain: a scaling factor (see `calculate_gain`).
        generator: the Generator to draw from. Default: the global one.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> nn.init.xavier_normal_(pytensor.empty(2, 3))
        tensor([[ 0.9746, -0.1856, -1.3780],
                [ 0.3595, -0.6859, -0.8845]])
    """
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Any = None,
) -> Tensor:
    """Fill `tensor` from U(-bound, bound) with `bound = gain * sqrt(3 / fan)`, the He
    initialisation (He et al., 2015), `gain = calculate_gain(nonlinearity, a)`.

    Args:
        tensor: at least 2-D, laid out `(fan_out, fan_in, *kernel)`.
        a: the negative slope of the rectifier after this layer (for `leaky_relu`).
        mode: `'fan_in'` keeps the variance of the forward pass, `'fan_out'` that of the
            backward pass.
        nonlinearity: the function after this layer, `'relu'` or `'leaky_relu'` (the default)
            recommended.
        generator: the Generator to draw from. Default: the global one.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> nn.init.kaiming_uniform_(pytensor.empty(2, 3), mode="fan_in", nonlinearity="relu")
        tensor([[-0.0106,  0.7586, -1.1640],
                [-1.0408, -0.5447,  0.3792]])
    """
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: Any = None,
) -> Tensor:
    """Fill `tensor` from N(0, std^2) with `std = gain / sqrt(fan)`, the He initialisation (He et
    al., 2015), `gain = calculate_gain(nonlinearity, a)`.

    Args:
        tensor: at least 2-D, laid out `(fan_out, fan_in, *kernel)`.
        a: the negative slope of the rectifier after this layer (for `leaky_relu`).
        mode: `'fan_in'` or `'fan_out'`.
        nonlinearity: the function after this layer, `'relu'` or `'leaky_relu'` (the default)
            recommended.
        generator: the Generator to draw from. Default: the global one.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> nn.init.kaiming_normal_(pytensor.empty(2, 3), mode="fan_out", nonlinearity="relu")
        tensor([[ 1.5410, -0.2934, -2.1788],
                [ 0.5684, -1.0845, -1.3986]])
    """
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    return normal_(tensor, 0.0, std, generator)


def trunc_normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    generator: Any = None,
) -> Tensor:
    """Fill `tensor` from N(mean, std^2) restricted to [a, b], by rejection sampling as torch 2.13
    does.

    When [a, b] holds more than 30% of the mass, draw normals and redraw the ones outside.
    Otherwise propose uniforms on [a, b] and accept each with probability pdf(x) / pdf(mode),
    redrawing the rejected ones. Every draw is a full-size tensor, in torch's order.

    Args:
        tensor: the tensor to fill, any shape.
        mean: the mean of the normal distribution.
        std: its standard deviation.
        a: the lower cutoff (an absolute value, not in units of std).
        b: the upper cutoff.
        generator: the Generator to draw from. Default: the global one.

    Returns:
        `tensor`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> _ = pytensor.manual_seed(0)
        >>> nn.init.trunc_normal_(pytensor.empty(2, 3))  # the same numbers as torch
        tensor([[ 1.5410, -0.2934, -0.7193],
                [ 0.5684, -1.0845, -1.3986]])
        >>> w = nn.init.trunc_normal_(pytensor.empty(100), std=0.02, a=-0.04, b=0.04)
        >>> bool(w.abs().max() <= 0.04)
        True
    """

    def norm_cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    with no_grad():
        mass = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std)
        if mass > 0.3:
            # Bounds rounded to the tensor's dtype, so the test agrees with the stored values.
            lo, hi = tensor.new_tensor(a).item(), tensor.new_tensor(b).item()
            result = tensor.normal_(mean, std, generator=generator)
            while True:
                outside = (result < lo) | (result > hi)
                if not outside.any():
                    break
                redraw = empty_like(result).normal_(mean, std, generator=generator)
                result = where(outside, redraw, result)
            return tensor.copy_(result)
        mode = max(a, min(mean, b))
        log_peak = -0.5 * ((mode - mean) / std) ** 2

        def log_ratio(x: Tensor) -> Tensor:  # log(pdf(x) / pdf(mode))
            return ((x - mean) / std).pow(2) * -0.5 - log_peak

        tensor.uniform_(a, b, generator=generator)
        ratio = log_ratio(tensor)
        pending = empty_like(tensor).uniform_(generator=generator).log() > ratio
        result = tensor
        while pending.any():
            candidates = empty_like(tensor).uniform_(a, b, generator=generator)
            result = where(pending, candidates, result)
            accept = empty_like(tensor).uniform_(generator=generator).log() > log_ratio(candidates)
            pending = where(pending, accept, pending)
        return tensor.copy_(result)
