"""Reductions (sum, mean, max, var, ...) and the ops built from them (softmax, logsumexp).

The backend reduces one dimension at a time (`backend.reduce`); reducing several dims is
repeated single-dim reduction. Results are computed with the dimension kept (size 1) and
squeezed at the end, which also makes every backward a plain broadcast of `g`.

Shapes: a reduction over `dim` removes those dims from the input's shape, or keeps them as
size 1 with `keepdim=True`; with no `dim` it reduces every element to a 0-dim tensor.

>>> import pytensor
>>> x = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> x.sum(), x.sum(0), x.sum(1, keepdim=True).shape
(tensor(10.), tensor([4., 6.]), pytensor.Size([2, 1]))
"""

from __future__ import annotations

import builtins
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
from .creation import full_like, new_tensor, ones_like, zeros_like
from .movement import _expand_to

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
    from .movement import cat

    ones = ones_like(x.narrow(dim, 0, 1))  # not x * 0 + 1, which is nan where x is inf
    return cat([ones, cumprod(x.narrow(dim, 0, x.shape[dim] - 1), dim)], dim)


def _check_nonempty(x: Tensor, dims: Sequence[int], name: str) -> None:
    for d in dims:
        if x.dim() and x.shape[d] == 0:
            raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if x.numel() == 0 and (not dims or x.dim() == 0):
        raise RuntimeError(
            f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
            "Specify the reduction dim with the 'dim' argument."
        )


def _extreme(op: str, x: Tensor, dim: int | None, keepdim: bool) -> Tensor | ValuesIndices:
    """max/min: over everything, a value; along `dim`, (values, indices)."""
    if dim is None:
        _check_nonempty(x, (), op)
        flat = x.reshape(-1)
        out = reduce_kernel(op, flat, (0,), x.dtype).reshape(())

        def backward_all(g: Tensor) -> tuple[Tensor]:
            # Ties share the gradient evenly, as ATen's evenly_distribute_backward does. A nan
            # result came from the nan elements (nan != nan, so eq alone would find none).
            mask = P.logical_or(P.eq(x, out), P.logical_and(P.isnan(x), P.isnan(out)))
            return (P.where(mask, g / mask.sum(), 0.0),)

        name = "MaxBackward1" if op == "max" else "MinBackward1"
        return record(out, name, backward_all, (x,), saved=(x,))
    d = _wrap_dim(dim, x.dim())
    _check_nonempty(x, (d,), op)
    values = _squeeze_dims(reduce_kernel(op, x, (d,), x.dtype), (d,), keepdim)
    indices = _squeeze_dims(reduce_kernel("arg" + op, x, (d,), dtypes.int64), (d,), keepdim)

    def backward(g: Tensor) -> tuple[Tensor]:
        g = _unsqueeze_grad(g, x, (d,), keepdim)
        idx = _unsqueeze_grad(indices, x, (d,), keepdim)
        return (zeros_like(x).scatter(d, idx, g),)

    name = "MaxBackward0" if op == "max" else "MinBackward0"
    record(values, name, backward, (x,), saved=(x,))
    return ValuesIndices(values, indices)


@numpy_names
def max(x: Tensor, dim: int | Tensor | None = None, keepdim: bool = False) -> object:  # noqa: A001
    """The largest element of `x`; along `dim`, the largest values and their indices.

    Three forms, as in PyTorch: `max(x)` is a 0-dim tensor; `max(x, dim, keepdim)` is a
    `ValuesIndices(values, indices)` named tuple; `max(x, other)` with a tensor is
    `maximum(x, other)`. A nan wins: it is returned (and its index), as in PyTorch.

    Args:
        x: the input tensor.
        dim: the dim to reduce, or a tensor to compare with element-wise, or None.
        keepdim: keep the reduced dim as size 1.

    Returns:
        A 0-dim tensor; or `(values, indices)`, each of x's shape without `dim`; or the
        broadcast `maximum`. The gradient of `max(x)` is shared evenly between ties; along a
        dim it goes to the index returned.

    Note:
        The named tuple prints as `ValuesIndices(...)`, not `torch.return_types.max(...)`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.max(x)
        tensor(5.)
        >>> pytensor.max(x, 1)
        ValuesIndices(values=tensor([5., 3.]), indices=tensor([1, 0]))
    """
    if isinstance(dim, Tensor):
        return P.maximum(x, dim)
    return _extreme("max", x, dim, keepdim)


@numpy_names
def min(x: Tensor, dim: int | Tensor | None = None, keepdim: bool = False) -> object:  # noqa: A001
    """The smallest element of `x`; along `dim`, the smallest values and their indices.

    The same three forms as `max`: `min(x)`, `min(x, dim, keepdim)` giving
    `(values, indices)`, and `min(x, other)`, which is `minimum(x, other)`. A nan wins, as in
    `max`.

    Args:
        x: the input tensor.
        dim: the dim to reduce, or a tensor to compare with element-wise, or None.
        keepdim: keep the reduced dim as size 1.

    Returns:
        A 0-dim tensor; or `(values, indices)`, each of x's shape without `dim`; or the
        broadcast `minimum`.

    Note:
        The named tuple prints as `ValuesIndices(...)`, not `torch.return_types.min(...)`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.min(x), pytensor.min(x, 0).indices
        (tensor(1.), tensor([0, 1]))
    """
    if isinstance(dim, Tensor):
        return P.minimum(x, dim)
    return _extreme("min", x, dim, keepdim)


def _amax_amin(op: str, x: Tensor, dim: Dims, keepdim: bool) -> Tensor:
    dims = normalize_dims(x, dim)
    _check_nonempty(x, dims, "a" + op)
    kept = reduce_kernel(op, x, dims, x.dtype)
    out = _squeeze_dims(kept, dims, keepdim)

    def backward(g: Tensor) -> tuple[Tensor]:
        # PyTorch's scale_grad_by_count: ties share g, and (g / count) * mask rather than a
        # `where`, so a nan maximum (no element equals it, count 0) gives nan gradients.
        mask = P.eq(x, kept)
        count = sum(mask, dims, keepdim=True)
        return ((_unsqueeze_grad(g, x, dims, keepdim) / count) * mask,)

    name = "AmaxBackward0" if op == "max" else "AminBackward0"
    return record(out, name, backward, (x,), saved=(x,))


@numpy_names
def amax(x: Tensor, dim: Dims = (), keepdim: bool = False) -> Tensor:
    """The largest values of `x` over one or several dims (all by default), without indices.

    Ties share the gradient evenly, as in PyTorch (unlike `max(x, dim)`, which sends it to one
    index).

    Args:
        x: the input tensor.
        dim: a dim or a sequence of dims; `()` or None reduces all of them.
        keepdim: keep the reduced dims as size 1.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.amax(x), pytensor.amax(x, 0)
        (tensor(5.), tensor([3., 5.]))
    """
    return _amax_amin("max", x, dim, keepdim)


@numpy_names
def amin(x: Tensor, dim: Dims = (), keepdim: bool = False) -> Tensor:
    """The smallest values of `x` over one or several dims (all by default), without indices.

    Args:
        x: the input tensor.
        dim: a dim or a sequence of dims; `()` or None reduces all of them.
        keepdim: keep the reduced dims as size 1.

    Returns:
        x's shape without the reduced dims (with them as size 1 if `keepdim`).

    Examples:
        >>> import pytensor
        >>> pytensor.amin(pytensor.tensor([[1.0, 5.0], [3.0, 2.0]]), 1)
        tensor([1., 2.])
    """
    return _amax_amin("min", x, dim, keepdim)


def _arg(op: str, x: Tensor, dim: int | None, keepdim: bool) -> Tensor:
    if x.dtype == dtypes.bool_:
        raise RuntimeError(f"{op}(): does not support bool input")
    if dim is None:
        if x.numel() == 0:  # torch raises IndexError here, where max() raises RuntimeError
            raise IndexError(
                f"{op}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        out = reduce_kernel(op, x.reshape(-1), (0,), dtypes.int64)
        return out.reshape([1] * x.dim()) if keepdim else out.reshape(())
    d = _wrap_dim(dim, x.dim())
    _check_nonempty(x, (d,), op)
    return _squeeze_dims(reduce_kernel(op, x, (d,), dtypes.int64), (d,), keepdim)


@numpy_names
def argmax(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """The index of the largest element: over the flattened tensor, or along `dim`.

    The first index wins among ties; a nan counts as the largest value.

    Args:
        x: the input tensor (not bool).
        dim: the dim to reduce; None flattens `x` first.
        keepdim: keep the reduced dim as size 1 (every dim, when `dim` is None).

    Returns:
        An int64 tensor: 0-dim for `dim=None`, else x's shape without `dim`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1.0, 5.0], [3.0, 2.0]])
        >>> pytensor.argmax(x), pytensor.argmax(x, dim=1)
        (tensor(1), tensor([1, 0]))
    """
    return _arg("argmax", x, dim, keepdim)


@numpy_names
def argmin(x: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """The index of the smallest element: over the flattened tensor, or along `dim`.

    Args:
        x: the input tensor (not bool).
        dim: the dim to reduce; None flattens `x` first.
        keepdim: keep the reduced dim as size 1 (every dim, when `dim` is None).

    Returns:
        An int64 tensor: 0-dim for `dim=None`, else x's shape without `dim`.

    Examples:
        >>> import pytensor
        >>> pytensor.argmin(pytensor.tensor([[1.0, 5.0], [3.0, 2.0]]), dim=0)
        tensor([0, 1])
    """
    return _arg("argmin", x, dim, keepdim)


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
