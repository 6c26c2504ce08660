"""cumsum and cumprod: running sums and products along a dim, with their backwards."""

from __future__ import annotations

import builtins

from .._interop import numpy_names
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..autograd.graph import record
from ..dtypes import dtype
from ..tensor import Tensor, _wrap_dim
from . import pointwise as P
from .creation import new_tensor, ones_like
from .reduce import _sum_dtype, any, prod, sum


def _scan(op: str, x: Tensor, dim: int, dt: dtype | None) -> Tensor:
    out_dtype = _sum_dtype(x, dt)
    out = new_tensor(x.shape, out_dtype, x.device)
    if x.dim() == 0:
        x.backend.copy(x.view_of(), out.view_of())
        return out
    x.backend.scan(op, P.cast(x, out_dtype).view_of(), _wrap_dim(dim, x.dim()), out.view_of())
    return out


@numpy_names
def cumsum(x: Tensor, dim: int, *, dtype: dtype | None = None) -> Tensor:
    """Running sums of `x` along `dim`: `out[i] = x[0] + ... + x[i]`.

    Args:
        x: the input tensor.
        dim: the dim to accumulate along.
        dtype: the dtype to add in and return. Default: x's dtype for floats, int64 for integers
            and bool.

    Returns:
        A tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.cumsum(pytensor.tensor([[1, 2, 3], [4, 5, 6]]), dim=1)
        tensor([[ 1,  3,  6],
                [ 4,  9, 15]])
    """
    out = _scan("cumsum", x, dim, dtype)
    d = _wrap_dim(dim, builtins.max(x.dim(), 1))

    def backward(g: Tensor) -> tuple[Tensor]:
        return (cumsum(g.flip(d), d).flip(d) if x.dim() else g,)  # a reversed running sum

    return record(out, "CumsumBackward0", backward, (x,))


@numpy_names
def cumprod(x: Tensor, dim: int, *, dtype: dtype | None = None) -> Tensor:
    """Running products of `x` along `dim`: `out[i] = x[0] * ... * x[i]`.

    The backward follows PyTorch's three formulas, so zeros, inf and nan give the same
    gradients.

    Args:
        x: the input tensor.
        dim: the dim to accumulate along.
        dtype: the dtype to multiply in and return. Default: x's dtype for floats, int64 for
            integers and bool.

    Returns:
        A tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.cumprod(pytensor.tensor([1.0, 2.0, 3.0, 0.5]), dim=0)
        tensor([1., 2., 6., 3.])
    """
    out = _scan("cumprod", x, dim, dtype)
    d = _wrap_dim(dim, builtins.max(x.dim(), 1))

    def backward(g: Tensor) -> tuple[Tensor]:
        # d out_j / d x_k = prod(x_i for i <= j, i != k) for j >= k. PyTorch's cumprod_backward
        # picks one of three formulas; we follow it so that zeros, inf and nan match.
        if x.numel() <= 1 or x.shape[d] == 1:
            return (g,)
        with no_grad():
            has_zero = bool(any(P.eq(x, 0)).item())
        if not has_zero:
            # out_j / x_k is the product with x_k left out: a reversed running sum of g * out.
            return (_reversed_cumsum(g * out, d) / x,)
        if not is_grad_enabled():
            return (_cumprod_backward_zeros(g, x, out, d),)
        # create_graph: the masked formula's own derivative is wrong, so build every
        # left-out product explicitly (O(n^2), differentiable everywhere), as torch does.
        return (_cumprod_backward_products(g, x, d),)

    return record(out, "CumprodBackward0", backward, (x,), saved=(x, out))


def _reversed_cumsum(t: Tensor, dim: int) -> Tensor:
    return cumsum(t.flip(dim), dim).flip(dim)


def _cumprod_backward_zeros(g: Tensor, x: Tensor, out: Tensor, d: int) -> Tensor:
    """cumprod's gradient in O(n) when x has zeros. With z1 the first zero along d and z2 the
    second: for k < z1 the usual formula holds using only the outputs before z1 (the later
    ones are 0); for k > z1 every out_j with j >= k contains x_z1 = 0, so the gradient is 0;
    and at k = z1, d out_j / d x_z1 = prod(x[:z1]) * prod(x[z1+1:j+1]) for z1 <= j < z2.
    """
    zeros_seen = cumsum(P.eq(x, 0), d)
    before = P.eq(zeros_seen, 0)
    w = P.where(before, g * out, 0.0)
    grad = P.where(before, _reversed_cumsum(w, d) / x, 0.0)
    up_to_second = P.eq(zeros_seen, 1)  # [z1, z2)
    first_zero = P.logical_and(up_to_second, P.eq(x, 0))
    after_first = P.logical_and(up_to_second, P.logical_not(first_zero))  # (z1, z2)
    # sum over z1 <= j < z2 of g_j * prod(x[z1+1:j+1]); x is replaced by 1 outside (z1, z2).
    partial = cumprod(P.where(after_first, x, 1.0), d) * P.where(up_to_second, g, 0.0)
    from_z1 = sum(partial, d, keepdim=True)
    # prod(x[:z1]) is the output just before z1 (1 when z1 == 0).
    from .movement import cat

    ones = ones_like(out.narrow(d, 0, 1))
    out_before = cat([ones, out.narrow(d, 0, out.shape[d] - 1)], d)
    return P.where(first_zero, from_z1 * out_before, grad)


def _cumprod_backward_products(g: Tensor, x: Tensor, d: int) -> Tensor:
    """sum over j >= k of g_j * prod(x_i for i <= j, i != k), one k at a time."""
    from .movement import cat

    n = x.shape[d]
    columns = []
    for k in range(n):
        until_k = prod(x.narrow(d, 0, k), d, keepdim=True)  # x_0 ... x_{k-1}
        from_k_plus_1 = cumprod(x.narrow(d, k + 1, n - k - 1), d)  # x_{k+1} ... x_j
        left_out = cat([until_k, until_k * from_k_plus_1], d)  # for j = k, k+1, ..., n-1
        columns.append(sum(g.narrow(d, k, n - k) * left_out, d, keepdim=True))
    return cat(columns, d)
