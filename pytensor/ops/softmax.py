"""logsumexp, softmax and log_softmax: each shifts by the max so that exp never overflows."""

from __future__ import annotations

import builtins

from .._interop import numpy_names
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..dtypes import dtype
from ..tensor import Tensor, _wrap_dim
from . import pointwise as P
from .extremes import amax
from .reduce import Dims, _squeeze_dims, _unsqueeze_grad, normalize_dims, reduce_kernel, sum


@numpy_names
def logsumexp(x: Tensor, dim: Dims, keepdim: bool = False) -> Tensor:
    """`log(sum(exp(x)))` over `dim`, shifted by the max so that exp never overflows.

    Args:
        x: the input tensor; integer inputs give the default float dtype.
        dim: a dim or a sequence of dims (required, as in PyTorch).
        keepdim: keep the reduced dims as size 1.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`). Its gradient is
        the softmax of `x` along `dim`.

    Examples:
        >>> import pytensor
        >>> pytensor.logsumexp(pytensor.tensor([[0.0, 0.0], [100.0, 100.0]]), dim=1)
        tensor([  0.6931, 100.6931])
    """
    dims = normalize_dims(x, dim)
    xf = P.float_input(x)
    with no_grad():
        if x.numel() == 0:
            # Nothing to shift by (max of an empty row is an error); the sum of no terms is 0
            # and log(0) = -inf, the identity of logsumexp, as in torch.
            kept = P.log(sum(P.exp(xf), dims, keepdim=True))
        else:
            shift = reduce_kernel("max", xf, dims, xf.dtype)
            shift = P.where(P.isinf(shift), 0.0, shift)  # all -inf rows: avoid inf - inf
            kept = P.log(sum(P.exp(xf - shift), dims, keepdim=True)) + shift
    out = _squeeze_dims(kept, dims, keepdim)

    def backward(g: Tensor) -> tuple[Tensor]:
        # softmax times g, from the recorded output so that second derivatives follow it.
        result = _unsqueeze_grad(out, x, dims, keepdim)
        return (_unsqueeze_grad(g, x, dims, keepdim) * P.exp(xf - result),)

    return record(out, "LogsumexpBackward0", backward, (x,), saved=(x, out))


def _softmax_input(name: str, x: Tensor, dim: int, dt: dtype | None) -> tuple[Tensor, int]:
    """The input cast to `dt`, and the wrapped dim. Like torch, integer and bool inputs are
    refused unless a floating `dtype` is asked for (the kernels exist for floats only)."""
    d = _wrap_dim(dim, x.dim())
    if dt is not None:
        return P.cast(x, dt), d
    if not x.dtype.is_floating_point:
        kernel = "lastdim_kernel_impl" if d == builtins.max(x.dim() - 1, 0) else "kernel_impl"
        raise NotImplementedError(
            f"\"{name}_{kernel}\" not implemented for '{x.dtype.type_name}'"
        )
    return x, d


@numpy_names
def softmax(x: Tensor, dim: int, dtype: dtype | None = None) -> Tensor:
    """`exp(x) / sum(exp(x))` along `dim`, with the max subtracted first for stability.

    Args:
        x: the input tensor (floating, unless `dtype` is given).
        dim: the dim along which the results sum to 1.
        dtype: cast `x` to this dtype first (and return it).

    Returns:
        A tensor of x's shape.

    Raises:
        NotImplementedError: for an integer or bool input without `dtype`, as in PyTorch.

    Examples:
        >>> import pytensor
        >>> pytensor.softmax(pytensor.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), dim=1)
        tensor([[0.0900, 0.2447, 0.6652],
                [0.3333, 0.3333, 0.3333]])
    """
    xf, d = _softmax_input("softmax", x, dim, dtype)
    with no_grad():
        shifted = xf - amax(xf, d, keepdim=True) if x.numel() else xf
        e = P.exp(shifted)
        out = e / sum(e, d, keepdim=True)

    def backward(g: Tensor) -> tuple[Tensor]:
        return (out * (g - sum(g * out, d, keepdim=True)),)

    return record(out, "SoftmaxBackward0", backward, (x,), saved=(out,))


@numpy_names
def log_softmax(x: Tensor, dim: int, dtype: dtype | None = None) -> Tensor:
    """`x - logsumexp(x)` along `dim`: stable even for logits of +-1000.

    Args:
        x: the input tensor (floating, unless `dtype` is given).
        dim: the dim to normalise along.
        dtype: cast `x` to this dtype first (and return it).

    Returns:
        A tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.log_softmax(pytensor.tensor([1000.0, 0.0]), dim=0)
        tensor([    0., -1000.])
    """
    xf, d = _softmax_input("log_softmax", x, dim, dtype)
    with no_grad():
        # (x - max) - log(sum(exp(x - max))): subtracting the max first keeps float32 precision
        # (x - logsumexp(x) would round logsumexp to the spacing of floats near the max).
        if x.numel():
            # No guard for an infinite max, unlike logsumexp: PyTorch's log_softmax of a row
            # with +inf (or only -inf) is all nan, and so is (x - max) here.
            shifted = xf - amax(xf, d, keepdim=True)
            out = shifted - P.log(sum(P.exp(shifted), d, keepdim=True))
        else:
            out = xf

    def backward(g: Tensor) -> tuple[Tensor]:
        return (g - P.exp(out) * sum(g, d, keepdim=True),)

    return record(out, "LogSoftmaxBackward0", backward, (x,), saved=(out,))
