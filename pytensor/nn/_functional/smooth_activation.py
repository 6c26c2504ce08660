"""Smooth activations: logsigmoid, selu, celu, softsign, mish, tanhshrink, glu, softmin.

Where ATen has a kernel of its own (logsigmoid, elu for selu and celu, mish, glu) the forward is
computed from core ops without recording them, and one node with PyTorch's name is recorded, its
backward ATen's formula written with tensor ops. Where PyTorch composes (softsign, tanhshrink,
softmin) the composition records the same nodes that PyTorch's does.

>>> import pytensor, pytensor.nn.functional as F
>>> F.softsign(pytensor.tensor([-1.0, 0.0, 3.0]))
tensor([-0.5000,  0.0000,  0.7500])
"""

from __future__ import annotations

import math
import struct
import warnings

from ...autograd.grad_mode import no_grad
from ...autograd.graph import record
from ...ops import pointwise as P
from ...ops.movement import cat
from ...tensor import Tensor
from .piecewise_activation import _maybe_inplace

# The constants of Klambauer et al. (2017), as ATen writes them.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def logsigmoid(input: Tensor) -> Tensor:  # noqa: A002
    """Applies `log(1 / (1 + exp(-x)))` element-wise, computed stably. See `nn.LogSigmoid`.

    Args:
        input: any shape `(*)`; the output has the same shape.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.logsigmoid(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-1.3133, -0.6931, -0.1269])
    """
    x = input
    with no_grad():
        # min(x, 0) - log1p(exp(-|x|)): exp never sees a large positive argument.
        out = x.clamp(max=0.0) - (-x.abs()).exp().log1p()

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen's log_sigmoid_backward: sigmoid(-x), as 1/(1+z) for x < 0 and z/(1+z) otherwise,
        # z = exp(-|x|), so that neither side overflows.
        z = (-x.abs()).exp()
        negative = x < 0
        return (g * (P.where(negative, 1.0, 0.0) - P.where(negative, 1.0, -1.0) * (z / (1 + z))),)

    return record(out, "LogSigmoidBackward0", backward, (x,), saved=(x,))


def _elu(
    x: Tensor,
    alpha: float,
    scale: float,
    input_scale: float,
    grad_input_scale: float,
    name: str,
) -> Tensor:
    """ATen's elu with its two extra scales: `scale * x` for `x > 0`, else
    `scale * alpha * (exp(input_scale * x) - 1)`. selu and celu are this function.

    `grad_input_scale` is the input scale the backward uses (celu's is computed from alpha
    rounded to float32, as PyTorch's derivatives.yaml does). An in-place call (a name ending
    in Backward1) differentiates from the result, as ATen's elu_backward with is_result does.
    """
    with no_grad():
        out = P.where(x > 0, x * scale, (x * input_scale).expm1() * (alpha * scale))
    from_result = name.endswith("Backward1")

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen's elu_backward: x = 0 takes the exponential side; a nan input gets g * scale.
        if from_result:
            negative = g * grad_input_scale * (out + alpha * scale)
            return (P.where(out <= 0, negative, g * scale),)
        negative = g * grad_input_scale * (alpha * scale) * (x * grad_input_scale).exp()
        return (P.where(x <= 0, negative, g * scale),)

    return record(out, name, backward, (x,), saved=(out,) if from_result else (x,))


def _to_float32(value: float) -> float:
    """`value` rounded to the nearest float32 (past float32's range, an infinity)."""
    try:
        rounded: float = struct.unpack("f", struct.pack("f", value))[0]
    except OverflowError:
        return math.copysign(math.inf, value)
    return rounded


def selu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `scale * (x if x > 0 else alpha * (exp(x) - 1))` element-wise, with PyTorch's
    fixed `alpha ~ 1.6733` and `scale ~ 1.0507`. See `nn.SELU`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        inplace: overwrite `input` with the result and return it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.selu(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-1.1113,  0.0000,  2.1014])
    """
    # PyTorch records selu as an elu node; selu_ as elu_'s, which says Backward1.
    name = "EluBackward1" if inplace else "EluBackward0"
    return _maybe_inplace(_elu, input, inplace, SELU_ALPHA, SELU_SCALE, 1.0, 1.0, name)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `x` for `x > 0`, else `alpha * (exp(x / alpha) - 1)`, element-wise. See `nn.CELU`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        alpha: `-alpha` is the limit for large negative inputs; not 0.
        inplace: overwrite `input` with the result and return it.

    Raises:
        RuntimeError: if `alpha` is 0.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.celu(pytensor.tensor([-1.0, 0.0, 2.0]), alpha=2.0)
        tensor([-0.7869,  0.0000,  2.0000])
    """
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    name = "CeluBackward1" if inplace else "CeluBackward0"
    # PyTorch's backward divides by alpha rounded to float32 (derivatives.yaml's toFloat()).
    grad_input_scale = 1.0 / _to_float32(alpha)
    return _maybe_inplace(_elu, input, inplace, alpha, 1.0, 1.0 / alpha, grad_input_scale, name)


def selu_(input: Tensor) -> Tensor:  # noqa: A002
    """`selu(input, inplace=True)`: overwrites `input` and returns it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([-1.0, 2.0])
        >>> F.selu_(x) is x
        True
    """
    return selu(input, inplace=True)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:  # noqa: A002
    """`celu(input, alpha, inplace=True)`: overwrites `input` and returns it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([-1.0, 2.0])
        >>> F.celu_(x, 2.0) is x
        True
    """
    return celu(input, alpha, inplace=True)


def softsign(input: Tensor) -> Tensor:  # noqa: A002
    """Applies `x / (1 + |x|)` element-wise. See `nn.Softsign`.

    Args:
        input: any shape `(*)`; the output has the same shape.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.softsign(pytensor.tensor([-1.0, 0.0, 3.0]))
        tensor([-0.5000,  0.0000,  0.7500])
    """
    # PyTorch composes it too (its grad_fn is DivBackward0).
    return input / (input.abs() + 1)


def _mish(x: Tensor) -> Tensor:
    with no_grad():
        out = x * x.exp().log1p().tanh()

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen's mish_backward: tanh(sp) + x * sigmoid(x) * (1 - tanh(sp)^2), sp = softplus(x).
        # Past x = 20, tanh(softplus(x)) is 1 to the last bit in float32 and float64; saying so
        # keeps 1 - tanh^2 at exactly 0 on devices whose tanh stops an ulp short of 1 (OpenCL
        # allows it), where x * (1 - tanh^2) would grow with x (and inf * 0 gives ATen's nan).
        tanh_sp = P.where(x > 20.0, 1.0, x.exp().log1p().tanh())
        return (g * (tanh_sp + x * x.sigmoid() * (1 - tanh_sp * tanh_sp)),)

    return record(out, "MishBackward0", backward, (x,), saved=(x,))


def mish(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `x * tanh(softplus(x))` element-wise (Misra, 2019). See `nn.Mish`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        inplace: overwrite `input` with the result and return it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.mish(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.3034,  0.0000,  1.9440])
    """
    return _maybe_inplace(_mish, input, inplace)


def tanhshrink(input: Tensor) -> Tensor:  # noqa: A002
    """Applies `x - tanh(x)` element-wise. See `nn.Tanhshrink`.

    Args:
        input: any shape `(*)`; the output has the same shape.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.tanhshrink(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.2384,  0.0000,  1.0360])
    """
    # PyTorch composes it too (its grad_fn is SubBackward0).
    return input - input.tanh()


def glu(input: Tensor, dim: int = -1) -> Tensor:  # noqa: A002
    """The gated linear unit: splits `input` in halves `a`, `b` along `dim` and returns
    `a * sigmoid(b)` (Dauphin et al., 2017). See `nn.GLU`.

    Args:
        input: `(*, 2N, *)`, even along `dim`.
        dim: the dimension to split.

    Returns:
        `(*, N, *)`.

    Raises:
        RuntimeError: for a 0-dim input, or an odd size along `dim`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.glu(pytensor.tensor([1.0, 2.0, 0.0, 100.0]))
        tensor([0.5000, 2.0000])
    """
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = dim + input.dim() if dim < 0 else dim
    size = input.size(d)
    if size % 2 != 0:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {size}")
    x = input
    half = size // 2
    with no_grad():
        out = x.narrow(d, 0, half) * x.narrow(d, half, half).sigmoid()

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen's glu_backward: d/da = sigmoid(b), d/db = a * sigmoid(b) * (1 - sigmoid(b)).
        # The halves are taken again here, in the graph, so that gradients of gradients work.
        a = x.narrow(d, 0, half)
        gate = x.narrow(d, half, half).sigmoid()
        return (cat([g * gate, g * a * gate * (1 - gate)], d),)

    return record(out, "GluBackward0", backward, (x,), saved=(x,))


def softmin(
    input: Tensor,  # noqa: A002
    dim: int | None = None,
    _stacklevel: int = 3,
    dtype: object = None,
) -> Tensor:
    """Applies `softmax(-x)` along `dim`: the smallest entries get the largest weights.
    See `nn.Softmin`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        dim: the dimension to normalise. None picks one as PyTorch's deprecated rule does and
            warns.
        _stacklevel: PyTorch's internal parameter, accepted and ignored.
        dtype: if given, the input is cast to this dtype first.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.softmin(pytensor.tensor([1.0, 2.0, 3.0]), dim=0)
        tensor([0.6652, 0.2447, 0.0900])
    """
    if dim is None:
        warnings.warn(
            "Implicit dimension choice for softmin has been deprecated. Change the call to "
            "include dim=X as an argument.",
            stacklevel=2,
        )
        dim = 0 if input.dim() in (0, 1, 3) else 1
    return (-input).softmax(dim, dtype)  # type: ignore[arg-type]
