"""var, std and norm: the reductions with a square (or a power) inside."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .. import dtypes
from .._interop import numpy_names
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..tensor import Tensor
from . import pointwise as P
from .creation import full_like
from .extremes import amax, amin
from .reduce import Dims, _squeeze_dims, _unsqueeze_grad, mean, normalize_dims, opmath_dtype, sum


@numpy_names
def var(
    x: Tensor,
    dim: Dims = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    *,
    correction: float | None = None,
) -> Tensor:
    """The variance: the sum of squared deviations from the mean, divided by `N - correction`.

    Args:
        x: the input tensor (floating).
        dim: a dim or a sequence of dims; None reduces all of them.
        unbiased: the older spelling of the correction: True is 1 (the default), False is 0.
        keepdim: keep the reduced dims as size 1.
        correction: the number subtracted from the count N; default 1 (Bessel's correction).

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`). With no degrees
        of freedom left (N <= correction) the result is inf or nan, as in PyTorch.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 2.0], [3.0, 5.0]])
        >>> pytensor.var(x), pytensor.var(x, 1, correction=0)
        (tensor(2.9167), tensor([0.2500, 1.0000]))
    """
    dims, n, correction = _reduced_count(x, dim, unbiased, correction)
    with no_grad():
        out = P.cast(_variance_in_double(x, dims, keepdim, n - correction), x.dtype)

    def backward(g: Tensor) -> tuple[Tensor]:
        g = _unsqueeze_grad(g, x, dims, keepdim)
        return (_var_backward(g, x, dims, dim is None or x.dim() == 0, n - correction),)

    return record(out, "VarBackward0", backward, (x,), saved=(x,))


def _reduced_count(
    x: Tensor, dim: Dims, unbiased: bool | None, correction: float | None
) -> tuple[tuple[int, ...], int, float]:
    """The dims var/std reduce, how many elements each result sees, and the correction
    (1 by default: Bessel's unbiased estimate; `unbiased=False` means 0)."""
    if not x.dtype.is_floating_point:
        raise RuntimeError("std and var only support floating point and complex dtypes")
    if correction is None:
        correction = 1 if unbiased is None or unbiased else 0
    dims = normalize_dims(x, dim)
    n = math.prod(x.shape[d] for d in dims) if x.dim() else 1
    return dims, n, correction


def _variance_in_double(x: Tensor, dims: Sequence[int], keepdim: bool, dof: float) -> Tensor:
    """The variance as PyTorch's CPU kernels compute it: squared deviations added in double, so
    that float32's [1e20, -1e20] (squares of 1e40) does not overflow. Returned in
    float64 (in the accumulation dtype on a device without double).

    A reduction to one number takes ATen's two-pass path, whose mean is taken in x's own dtype
    (the mean of float32 [3e38, 3e38] is inf there, so is the variance); along dims, ATen runs
    Welford in double, which is this with the mean in double too. (Welford's results when the
    float64 sums themselves overflow, such as a variance of -inf, are not reproduced.)"""
    if not x.dtype.is_floating_point:  # checked before the cast to double would accept it
        raise RuntimeError("std and var only support floating point and complex dtypes")
    # An OpenCL device without cl_khr_fp64 has no double: it adds in float32, as CUDA does.
    wide = dtypes.float64 if getattr(getattr(x.backend, "rt", None), "has_fp64", True) else None
    acc = wide or opmath_dtype(x.dtype)
    whole = x.numel() > 0 and x.numel() == math.prod(x.shape[d] for d in dims)
    x_acc = P.cast(x, acc)
    if whole and x.dtype is not dtypes.float16:
        center = P.cast(mean(x, dims, keepdim=True), acc)
    else:
        center = mean(x_acc, dims, keepdim=True)
    centered = x_acc - center
    return sum(centered * centered, dims, keepdim) / _max0(dof)


def _max0(n: float) -> float:
    return n if n > 0 else 0.0  # division by zero then gives inf/nan, as in torch


def _var_backward(g: Tensor, x: Tensor, dims: Sequence[int], full: bool, dof: float) -> Tensor:
    """d var / d x_i = 2 (x_i - mean) / dof, with PyTorch's var_backward edge cases.

    `g` already broadcasts against x. When there are no degrees of freedom left (dof <= 0),
    torch returns nan where x equals the mean (inf * 0) and inf elsewhere for a full
    reduction, and 2 / dof (inf when dof == 0, negative below) along given dims.
    """
    x_mean = mean(x, dims, keepdim=True)
    if full and dof <= 0:
        return g * P.where(P.eq(x, x_mean), math.nan, full_like(x, math.inf))
    scale = 2.0 / dof if dof != 0 else math.inf
    return scale * g * (x - x_mean)


@numpy_names
def std(
    x: Tensor,
    dim: Dims = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    *,
    correction: float | None = None,
) -> Tensor:
    """The standard deviation: `sqrt(var(x, ...))` with the same arguments.

    Where the result is 0 (all values equal), the gradient is 0 rather than nan, as in PyTorch.

    Args:
        x: the input tensor (floating).
        dim: a dim or a sequence of dims; None reduces all of them.
        unbiased: the older spelling of the correction: True is 1 (the default), False is 0.
        keepdim: keep the reduced dims as size 1.
        correction: the number subtracted from the count N; default 1.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 2.0], [3.0, 5.0]])
        >>> pytensor.std(x, dim=1, unbiased=False)
        tensor([0.5000, 1.0000])
    """
    dims, n, correction = _reduced_count(x, dim, unbiased, correction)
    with no_grad():
        # The square root is taken in double too, before the rounding to x's dtype, as in ATen.
        out = P.cast(P.sqrt(_variance_in_double(x, dims, keepdim, n - correction)), x.dtype)

    def backward(g: Tensor) -> tuple[Tensor]:
        # d std = d var / (2 std). Where std is 0 (all values equal) torch's std_backward
        # gives 0 rather than 0 / 0 = nan: the subgradient at a kink, as for norm at 0.
        g = _unsqueeze_grad(g, x, dims, keepdim)
        o = _unsqueeze_grad(out, x, dims, keepdim)
        g_var = P.where(P.eq(o, 0), 0.0, g / (o * 2))
        return (_var_backward(g_var, x, dims, dim is None or x.dim() == 0, n - correction),)

    return record(out, "StdBackward0", backward, (x,), saved=(x, out))


@numpy_names
def norm(
    x: Tensor, p: float | str | None = "fro", dim: Dims = None, keepdim: bool = False
) -> Tensor:
    """The vector p-norm of `x` over `dim` (all elements by default).

    `"fro"` and None mean 2; p = 0 counts the nonzero elements; p = inf / -inf take the largest /
    smallest |x|. Every order records one `LinalgVectorNormBackward0` node, as
    `torch.linalg.vector_norm` does, whose backward is PyTorch's `norm_backward` (0 where the
    norm is 0).

    Args:
        x: the input tensor, of a floating dtype.
        p: the order: a number, inf, -inf, `"fro"` or None.
        dim: a dim or a sequence of dims; None reduces all of them.
        keepdim: keep the reduced dims as size 1.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Note:
        Only vector norms: `p="nuc"` and other matrix norms are not supported (`"fro"` over two
        dims is the 2-norm of their elements, which is the same number). There is no `dtype`
        argument.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[3.0, -4.0], [0.0, 1.0]])
        >>> pytensor.norm(x), pytensor.norm(x, p=1, dim=1), pytensor.norm(x, p=float("inf"))
        (tensor(5.0990), tensor([7., 1.]), tensor(4.))
    """
    order = 2.0 if p in ("fro", None) else float(p)
    if not x.dtype.is_floating_point:
        raise RuntimeError(
            "linalg.vector_norm: Expected a floating point or complex tensor as input. "
            f"Got {x.dtype.type_name}"
        )
    dims = normalize_dims(x, dim)
    with no_grad():
        # float16 is summed in float32 (ATen's opmath), so norm([300., 300.]) does not overflow.
        acc = P.cast(x, opmath_dtype(x.dtype))
        out = P.cast(_squeeze_dims(_vector_norm(acc, order, dims), dims, keepdim), x.dtype)

    def backward(g: Tensor) -> tuple[Tensor | None]:
        if order == 0:
            return (None,)  # a count is piecewise constant: torch leaves x.grad as None
        # `out` (not `kept`) is the recorded output, so a second derivative sees it depend on x.
        g = _unsqueeze_grad(g, x, dims, keepdim)
        return (_norm_backward(g, x, order, _unsqueeze_grad(out, x, dims, keepdim), dims),)

    return record(out, "LinalgVectorNormBackward0", backward, (x,), saved=(x, out))


def _vector_norm(x: Tensor, order: float, dims: Sequence[int]) -> Tensor:
    """The p-norm over dims, reduced dims kept as size 1."""
    if order == 0:
        return P.cast(sum(P.ne(x, 0), dims, keepdim=True), x.dtype)  # count of nonzeros
    if order == math.inf:
        return amax(P.abs(x), dims, keepdim=True)
    if order == -math.inf:
        return amin(P.abs(x), dims, keepdim=True)
    if order == 1:
        return sum(P.abs(x), dims, keepdim=True)
    if order == 2:
        return P.sqrt(sum(x * x, dims, keepdim=True))
    return sum(P.abs(x) ** order, dims, keepdim=True) ** (1 / order)


def _norm_backward(g: Tensor, x: Tensor, order: float, norm: Tensor, dims: Sequence[int]) -> Tensor:
    """PyTorch's norm_backward; `g` and `norm` broadcast against x.

    Where the norm is 0 the gradient is the subgradient 0, not 0 / 0.
    """
    if order == 1:
        return P.sign(x) * g
    if order == 2:
        return g * P.where(P.eq(norm, 0), 0.0, x / norm)
    if math.isinf(order):
        # amax(|x|): ties share g; a nan norm came from the nan elements. Multiplying by the
        # mask (not `where`) keeps torch's nan when no element matches.
        x_abs = P.abs(x)
        mask = P.logical_or(P.eq(x_abs, norm), P.isnan(x_abs))
        return P.sign(x) * ((g / sum(mask, dims, keepdim=True)) * mask)
    if order < 1:
        scaled = P.sign(x) * P.where(P.eq(x, 0), 0.0, P.abs(x) ** (order - 1))
        return scaled * g * norm ** (1 - order)
    scale = P.where(P.eq(norm, 0), 0.0, g / norm ** (order - 1))
    if order < 2:
        return P.sign(x) * P.abs(x) ** (order - 1) * scale
    return x * P.abs(x) ** (order - 2) * scale
