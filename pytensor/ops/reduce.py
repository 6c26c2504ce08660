"""The reduction machinery (dims, the reduce kernel, the dtype rules) and the plain
reductions built on it: sum, sum_to_size, mean, prod, all, any.

The backend reduces one dimension at a time (`backend.reduce`); reducing several dims is
repeated single-dim reduction. Results are computed with the dimension kept (size 1) and
squeezed at the end, which also makes every backward a plain broadcast of `g`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import NamedTuple, Union

from .. import dtypes
from .._interop import numpy_names
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..autograd.graph import record
from ..backends.base import contiguous_strides
from ..dtypes import dtype
from ..tensor import Tensor, _wrap_dim
from . import pointwise as P
from .arguments import write_out
from .creation import new_tensor, ones_like, zeros_like
from .views import _expand_to

Dims = Union[int, Sequence[int], None]


class ValuesIndices(NamedTuple):
    """What max(dim), min(dim), sort and topk return: torch.return_types.* in PyTorch.

    A named tuple: unpack it as `values, indices = x.max(1)` or read `.values` and `.indices`.

    Args:
        values: the values found.
        indices: their positions along the reduced dim (int64).

    Note:
        It prints as `ValuesIndices(values=..., indices=...)` where PyTorch prints
        `torch.return_types.max(values=..., indices=...)`.

    Examples:
        >>> import pytensor
        >>> values, indices = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]]).max(1)
        >>> values, indices
        (tensor([5., 3.]), tensor([1, 0]))
    """

    values: Tensor
    indices: Tensor


def normalize_dims(x: Tensor, dim: Dims) -> tuple[int, ...]:
    """The sorted, non-negative dims a reduction over `dim` covers (every dim for None or `()`).

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.reduction import normalize_dims
        >>> normalize_dims(pytensor.zeros(2, 3, 4), -1), normalize_dims(pytensor.zeros(2, 3), None)
        ((2,), (0, 1))
    """
    if dim is None:
        return tuple(range(x.dim()))
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if not dims and x.dim() > 0:
        return tuple(range(x.dim()))  # sum(dim=()) reduces everything, as in torch
    wrapped = [_wrap_dim(d, x.dim()) for d in dims]
    for i, d in enumerate(wrapped):
        if d in wrapped[:i]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return tuple(sorted(wrapped))


def reduce_kernel(op: str, x: Tensor, dims: Sequence[int], out_dtype: dtype) -> Tensor:
    """Reduce `x` over `dims` with the backend primitive, keeping reduced dims as size 1.

    Shared plumbing of the reductions: nothing is recorded in the graph here.

    Args:
        op: the primitive's op name: `"sum"`, `"prod"`, `"max"`, `"min"`, `"argmax"`, `"argmin"`.
        x: the input.
        dims: the (non-negative) dims to reduce.
        out_dtype: the result's dtype; the input is cast to it first, except for argmax/argmin.

    Returns:
        A tensor of x's rank with size 1 in each reduced dim.
    """
    if x.dim() == 0 or (len(dims) > 1 and len(dims) == x.dim() and x.is_contiguous()):
        # Everything at once: one pass over x's elements seen as one row, not one per dim.
        source = x if op in ("argmax", "argmin") else P.cast(x, out_dtype)
        out = new_tensor([1] * x.dim(), out_dtype, x.device)
        row = source.view_of().with_layout((x.numel(),), (1,))
        x.backend.reduce(op, row, 0, out.view_of().with_layout((1,), (1,)))
        return out
    # A dim of size 1 reduces to itself. Skipping those keeps a tensor with 100,000 size-1 dims
    # linear (each pass below costs the rank); one pass is kept when nothing else is reduced,
    # as a sum over a size-1 dim still starts from 0 (so -0. becomes 0., as in torch).
    longer = [d for d in dims if x.shape[d] != 1]
    result = x
    for d in longer or dims[:1]:
        shape = list(result.shape)
        shape[d] = 1
        out = new_tensor(shape, out_dtype, x.device)
        source = result if op in ("argmax", "argmin") else P.cast(result, out_dtype)
        x.backend.reduce(op, source.view_of(), d, out.view_of())
        result = out
    return result


def _squeeze_dims(t: Tensor, dims: Sequence[int], keepdim: bool) -> Tensor:
    """A reduction's kept-dims result `t` without its reduced dims.

    `t` is a fresh, contiguous result that nothing else holds and no graph records, so its
    storage is simply taken under the new shape (a view op would record a node for nothing)."""
    if keepdim:
        return t
    assert t.grad_fn is None and t.is_contiguous()
    reduced = set(dims)  # a set: a tensor may have 100,000 dims, and `in` on a tuple is a scan
    shape = tuple(s for i, s in enumerate(t.shape) if i not in reduced)
    return Tensor._make(t._storage, shape, contiguous_strides(shape), t._offset, t.dtype)


def _unsqueeze_grad(g: Tensor, x: Tensor, dims: Sequence[int], keepdim: bool) -> Tensor:
    """Reshape a reduction's gradient so that it broadcasts against the input."""
    if keepdim or x.dim() == 0:
        return g
    reduced = set(dims)  # a set, so that this stays linear in the number of dims
    shape = [1 if i in reduced else s for i, s in enumerate(x.shape)]
    return g.reshape(shape)


def opmath_dtype(dt: dtype) -> dtype:
    """The dtype PyTorch computes in for `dt` (its "opmath" type): float32 for float16, whose
    range (65504) a sum of squares or a running total leaves at once; `dt` itself otherwise."""
    return dtypes.float32 if dt is dtypes.float16 else dt


def _sum_dtype(x: Tensor, dt: dtype | None) -> dtype:
    if dt is not None:
        return dt
    return x.dtype if x.dtype.is_floating_point else dtypes.int64


@numpy_names
def sum(  # noqa: A001 - torch.sum
    x: Tensor, dim: Dims = None, keepdim: bool = False, *, dtype: dtype | None = None,
    out: Tensor | None = None,
) -> Tensor:
    """The sum of the elements of `x`, over every dim or over `dim`.

    Args:
        x: the input tensor.
        dim: a dim or a sequence of dims to reduce; None (or `()`) reduces all of them.
        keepdim: keep the reduced dims as size 1.
        dtype: the dtype to add in and return. Default: x's dtype for floats, int64 for integers
            and bool.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3], [4, 5, 6]])
        >>> pytensor.sum(x), pytensor.sum(x, 0), pytensor.sum(x, dim=(0, 1), keepdim=True)
        (tensor(21), tensor([5, 7, 9]), tensor([[21]]))
        >>> pytensor.sum(pytensor.tensor([True, True, False]))
        tensor(2)
    """
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        # ATen sums in out's dtype, so an int64 out takes a float sum
        return write_out("sum", sum(x, dim, keepdim, dtype=dtype or out.dtype), out)
    dims = normalize_dims(x, dim)
    result = _squeeze_dims(reduce_kernel("sum", x, dims, _sum_dtype(x, dtype)), dims, keepdim)
    # torch.sum(x) is the overload without dims (SumBackward0); any dim or keepdim argument,
    # even on a 0-d tensor, selects sum.dim_IntList (SumBackward1).
    name = "SumBackward0" if dim is None and not keepdim else "SumBackward1"

    def backward(g: Tensor) -> tuple[Tensor]:
        if dim is not None:  # without dims, g is 0-d (or all ones with keepdim): it broadcasts
            g = _unsqueeze_grad(g, x, dims, keepdim)
        return (_expand_to(g, list(x._shape)),)

    return record(result, name, backward, (x,))


def sum_to_size(x: Tensor, *size: object) -> Tensor:
    """Sum `x` down to `size`, the shape it was broadcast from (used by the engine).

    Leading dims that `size` lacks are summed away, and so are the dims where `size` has 1 and
    `x` has more. It is the inverse of `expand` for gradients.

    Args:
        x: the tensor to reduce.
        *size: the target shape, as separate ints or one sequence; `x` must broadcast from it.

    Returns:
        A tensor of shape `size` (`x` itself when the shape already matches).

    Examples:
        >>> import pytensor
        >>> pytensor.ones(2, 3, 4).sum_to_size(3, 1)
        tensor([[8.],
                [8.],
                [8.]])
    """
    from .._layout import normalize_shape

    shape = normalize_shape(size)
    lead = x.dim() - len(shape)
    dims = list(range(lead)) + [
        lead + i for i, s in enumerate(shape) if s == 1 and x.shape[lead + i] != 1
    ]
    if not dims:
        return x
    return sum(x, dims, keepdim=True).reshape(shape)


@numpy_names
def mean(
    x: Tensor, dim: Dims = None, keepdim: bool = False, *, dtype: dtype | None = None
) -> Tensor:
    """The mean of the elements of `x`, over every dim or over `dim`.

    Args:
        x: the input tensor, of a floating dtype (or pass a floating `dtype`).
        dim: a dim or a sequence of dims to reduce; None reduces all of them.
        keepdim: keep the reduced dims as size 1.
        dtype: the dtype to compute in and return. Default: x's dtype.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Raises:
        RuntimeError: for an integer or bool input without a floating `dtype`, as in PyTorch.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 2.0], [3.0, 5.0]])
        >>> pytensor.mean(x), pytensor.mean(x, 1)
        (tensor(2.7500), tensor([1.5000, 4.0000]))
        >>> pytensor.mean(pytensor.tensor([1, 2]), dtype=pytensor.float64)
        tensor(1.5000, dtype=pytensor.float64)
    """
    dt = dtype or x.dtype
    if not dt.is_floating_point:
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {x.dtype.type_name}"
        )
    dims = normalize_dims(x, dim)
    count = math.prod(x.shape[d] for d in dims) if x.dim() else 1
    with no_grad():
        # Like ATen: float16 is summed and divided in float32 and rounded once, so a mean of
        # values whose sum passes float16's 65504 is still finite.
        acc = opmath_dtype(dt)
        out = P.cast(sum(P.cast(x, acc), dims, keepdim) / count, dt)

    def backward(g: Tensor) -> tuple[Tensor]:
        return (_unsqueeze_grad(g, x, dims, keepdim).expand(x.shape) / count,)

    name = "MeanBackward0" if dim is None and not keepdim else "MeanBackward1"  # as in sum
    return record(out, name, backward, (x,))


@numpy_names
def prod(
    x: Tensor, dim: int | None = None, keepdim: bool = False, *, dtype: dtype | None = None
) -> Tensor:
    """The product of the elements of `x`, over every dim or over one `dim`.

    The gradient is exact with zeros in `x` (it does not divide by them), as PyTorch's is.

    Args:
        x: the input tensor.
        dim: one dim to reduce; None reduces all of them.
        keepdim: keep the reduced dim as size 1.
        dtype: the dtype to multiply in and return. Default: x's dtype for floats, int64 for
            integers and bool.

    Returns:
        x's shape without the reduced dim (with it as size 1 if `keepdim`).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2], [3, 4]])
        >>> pytensor.prod(x), pytensor.prod(x, 1)
        (tensor(24), tensor([ 2, 12]))
    """
    dims = normalize_dims(x, dim)
    out = _squeeze_dims(reduce_kernel("prod", x, dims, _sum_dtype(x, dtype)), dims, keepdim)

    def backward(g: Tensor) -> tuple[Tensor]:
        # d prod / d x_i is the product of all the other elements. PyTorch's prod_backward
        # takes result / x_i when x has no zeros (so an inf or nan spreads as it does there),
        # and otherwise multiplies exclusive running products, which is exact with zeros.
        if x.dim() == 0:
            return (g,)
        g = _unsqueeze_grad(g, x, dims, keepdim)
        result = _unsqueeze_grad(out, x, dims, keepdim)
        with no_grad():
            zero_count = int(sum(P.eq(x, 0)).item())
        if zero_count == 0:
            return (g * (result / x),)
        if dim is None and zero_count > 1 and not is_grad_enabled():
            return (zeros_like(x, dtype=g.dtype),)  # two zeros: every partial product is 0
        if dim is None:
            return (_prod_safe_zeros_backward(g, x.reshape(-1), 0).reshape(x.shape),)
        return (_prod_safe_zeros_backward(g, x, dims[0]),)

    return record(
        out, "ProdBackward0" if dim is None else "ProdBackward1", backward, (x,), saved=(x, out)
    )


def _prod_safe_zeros_backward(g: Tensor, x: Tensor, dim: int) -> Tensor:
    """g * prod(x_j for j != i) along dim, without dividing by x_i (safe when x_i == 0).

    x:                     [a,     b,     c]
    exclusive cumprod:     [1,     a,     a*b]
    reverse exclusive:     [b*c,   c,     1]
    product:               [b*c,   a*c,   a*b]
    """
    if x.numel() == 0:
        return g.expand(x.shape)
    return g * (_exclusive_cumprod(x, dim) * _exclusive_cumprod(x.flip(dim), dim).flip(dim))


def _exclusive_cumprod(x: Tensor, dim: int) -> Tensor:
    """[1, x0, x0*x1, ...] along dim."""
    from .cumulative import cumprod  # at run time: cumulative imports prod from here
    from .movement import cat

    ones = ones_like(x.narrow(dim, 0, 1))  # not x * 0 + 1, which is nan where x is inf
    return cat([ones, cumprod(x.narrow(dim, 0, x.shape[dim] - 1), dim)], dim)


@numpy_names
def all(x: Tensor, dim: Dims = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where every element is nonzero (over every dim, or over `dim`).

    It counts the zeros, so an empty input gives True.

    Args:
        x: the input tensor.
        dim: a dim or a sequence of dims; None reduces all of them.
        keepdim: keep the reduced dims as size 1.

    Returns:
        A bool tensor of x's shape without the reduced dims; uint8 for a uint8 input (a PyTorch
        quirk kept from before bool tensors).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[True, False], [True, True]])
        >>> pytensor.all(x), pytensor.all(x, 1)
        (tensor(False), tensor([False,  True]))
    """
    falses = sum(P.logical_not(x), dim, keepdim)
    return _logical_result(P.eq(falses, 0), x)


@numpy_names
def any(x: Tensor, dim: Dims = None, keepdim: bool = False) -> Tensor:  # noqa: A001
    """True where some element is nonzero (over every dim, or over `dim`).

    Args:
        x: the input tensor.
        dim: a dim or a sequence of dims; None reduces all of them.
        keepdim: keep the reduced dims as size 1.

    Returns:
        A bool tensor of x's shape without the reduced dims; uint8 for a uint8 input.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[0, 0], [0, 3]])
        >>> pytensor.any(x), pytensor.any(x, 0)
        (tensor(True), tensor([False,  True]))
    """
    trues = sum(P.ne(x, 0), dim, keepdim)
    return _logical_result(P.gt(trues, 0), x)


def _logical_result(result: Tensor, x: Tensor) -> Tensor:
    # A PyTorch compatibility quirk kept from the days before bool tensors: all/any of a
    # uint8 tensor return uint8 (0 or 1); every other dtype gives bool.
    return P.cast(result, dtypes.uint8) if x.dtype == dtypes.uint8 else result
