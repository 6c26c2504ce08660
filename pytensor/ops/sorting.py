"""sort, argsort, topk and unique, through the backends' `sort` primitive."""

from __future__ import annotations

import builtins
from typing import Any, NamedTuple

from .. import dtypes
from .._interop import numpy_names
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..tensor import Tensor, _wrap_dim
from . import pointwise as P
from .creation import (
    from_values,
    new_tensor,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from .gather_scatter import scatter, scatter_add
from .masking import _compact, _running_count
from .movement import cat, permute

# --- sorting --------------------------------------------------------------------------------------


class _Sorted(NamedTuple):
    values: Tensor
    indices: Tensor


def _sort_rows(x: Tensor, dim: int, descending: bool) -> tuple[Tensor, Tensor]:
    """Sort along `dim` with the backend's sort primitive (stable; NaN above every number)."""
    d = _wrap_dim(dim, max(x.dim(), 1))
    source = x if x.dim() else x.reshape(1)  # a 0-dim tensor is one row of one element
    values = new_tensor(source.shape, x.dtype, x.device)
    indices = new_tensor(source.shape, dtypes.int64, x.device)
    if source.numel():
        x.backend.sort(source.view_of(), d, descending, values.view_of(), indices.view_of())
    if not x.dim():
        return values.reshape(()), indices.reshape(())
    return values, indices


@numpy_names
def sort(x: Tensor, dim: int = -1, descending: bool = False, stable: bool | None = None) -> _Sorted:
    """The values of `x` sorted along `dim`, and the positions they came from.

    nan sorts above every number (last ascending, first descending), as in PyTorch. The sort is
    always stable here: equal values keep their order.

    PyTorch records `sort(stable=True)` (its `sort.stable` overload) as SortBackward1, and the
    plain sort as SortBackward0. pytensor cannot tell an explicit stable=False from the default,
    and names that case SortBackward0.

    Args:
        x: the input tensor.
        dim: the dim to sort along.
        descending: sort from the largest down.
        stable: accepted for PyTorch's API; the sort is stable either way.

    Returns:
        A named tuple `(values, indices)`, both of x's shape; `indices` is int64.

    Note:
        Runs on x's device: the reference backend's Python sort, or a bitonic sorting network in
        OpenCL. The tuple prints as `_Sorted(...)`, not `torch.return_types.sort(...)`.

    Examples:
        >>> import pytensor
        >>> values, indices = pytensor.sort(pytensor.tensor([3.0, 1.0, 2.0, 1.0]))
        >>> values, indices
        (tensor([1., 1., 2., 3.]), tensor([1, 3, 2, 0]))
        >>> pytensor.sort(pytensor.tensor([[3, 1], [2, 4]]), dim=0, descending=True).values
        tensor([[3, 4],
                [2, 1]])
    """
    values, indices = _sort_rows(x, dim, descending)
    d = _wrap_dim(dim, max(x.dim(), 1))
    record(
        values, "SortBackward1" if stable else "SortBackward0",
        lambda g: (zeros_like(x).scatter(d, indices, g) if x.dim() else g,), (x,),
    )  # fmt: skip
    return _Sorted(values, indices)


@numpy_names
def argsort(
    x: Tensor, dim: int = -1, descending: bool = False, stable: bool | None = None
) -> Tensor:
    """The positions that sort `x` along `dim`: `sort(x, dim, descending).indices`.

    Args:
        x: the input tensor.
        dim: the dim to sort along.
        descending: sort from the largest down.
        stable: accepted for PyTorch's API; the sort is always stable.

    Returns:
        An int64 tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.argsort(pytensor.tensor([3.0, 1.0, 2.0]), descending=True)
        tensor([0, 2, 1])
    """
    return _sort_rows(x, dim, descending)[1]


def topk(x: Tensor, k: int, dim: int = -1, largest: bool = True, sorted: bool = True) -> _Sorted:
    """The `k` largest (or smallest) values of `x` along `dim`, and their positions.

    Args:
        x: the input tensor.
        k: how many values to take; at most `x.shape[dim]`.
        dim: the dim to search along.
        largest: take the largest values (False: the smallest).
        sorted: accepted for PyTorch's API; the values always come sorted.

    Returns:
        A named tuple `(values, indices)`, each of x's shape with `dim` of size `k`.

    Note:
        Computed with a full stable sort on x's device, so equal values come in index order
        (PyTorch does not promise an order for ties). The tuple prints as `_Sorted(...)`, not
        `torch.return_types.topk(...)`.

    Examples:
        >>> import pytensor
        >>> pytensor.topk(pytensor.tensor([1.0, 5.0, 3.0, 4.0]), 2)
        _Sorted(values=tensor([5., 4.]), indices=tensor([1, 3]))
    """
    d = _wrap_dim(dim, max(x.dim(), 1))
    if k > (x.shape[d] if x.dim() else 1):
        raise RuntimeError("selected index k out of range")
    values, indices = _sort_rows(x, d, largest)
    values = values.narrow(d, 0, k).contiguous() if x.dim() else values
    indices = indices.narrow(d, 0, k).contiguous() if x.dim() else indices
    record(values, "TopkBackward0", lambda g: (zeros_like(x).scatter(d, indices, g),), (x,))
    return _Sorted(values, indices)


def unique(
    x: Tensor,
    sorted: bool = True,
    return_inverse: bool = False,
    return_counts: bool = False,
    dim: int | None = None,
) -> Any:
    """The distinct values of `x` (flattened), ascending; with `dim`, the distinct slices along
    `dim`, in lexicographic order.

    Args:
        x: the input tensor.
        sorted: accepted for PyTorch's API; the result is always sorted.
        return_inverse: also return, for each element (or slice), the position of its value in
            the result.
        return_counts: also return how often each distinct value (or slice) occurs.
        dim: None to flatten `x`, or the dim whose slices are compared.

    Returns:
        The 1-D tensor of distinct values (or x's shape with `dim` shortened), followed by the
        inverse (x's shape, or `(x.shape[dim],)`) and the counts when they are asked for.

    Note:
        Without `dim` it runs on x's device (a sort, then scan and scatter) and reads one number
        back to the host, the count of distinct values, which the result's size depends on. NaN
        differs from every value, itself included, so each NaN is a distinct value, as in
        PyTorch. With `dim`, the slices are compared on the host with Python sets and the
        results are placed on x's device. Nothing is recorded for autograd.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([3, 1, 3, 2])
        >>> pytensor.unique(x)
        tensor([1, 2, 3])
        >>> pytensor.unique(x, return_inverse=True, return_counts=True)
        (tensor([1, 2, 3]), tensor([2, 0, 2, 1]), tensor([1, 1, 2]))
    """
    if dim is not None:
        return _unique_dim(x, _wrap_dim(dim, max(x.dim(), 1)), return_inverse, return_counts)
    with no_grad():
        return _unique_flat(x, return_inverse, return_counts)


def _unique_flat(x: Tensor, return_inverse: bool, return_counts: bool) -> Any:
    """unique(x) without `dim`, from a sort of the flattened values.

    After the sort, equal values sit together: a group starts wherever a value differs from the
    one before it (NaN != NaN, so each NaN starts its own). A running count of the starts
    numbers the groups. The first value of each group is a distinct value; the inverse sends each
    group number back through the sort's permutation; the counts add up a one per element.
    """
    if x.numel() == 0:
        distinct = new_tensor((0,), x.dtype, x.device)
        inverse = new_tensor(x.shape, dtypes.int64, x.device)
        counts = new_tensor((0,), dtypes.int64, x.device)
    else:
        values, order = _sort_rows(x.reshape(-1), 0, False)
        first = ones(1, dtype=dtypes.bool_, device=x.device)
        starts = cat([first, P.ne(values[1:], values[:-1])])
        running, count = _running_count(starts)
        distinct = _compact(starts, running, count, values)
        group = running - 1  # the group of each sorted value
        if return_inverse:  # element order[i] of x is in group[i]
            inverse = scatter(zeros_like(order), 0, order, group).reshape(x.shape)
        if return_counts:
            counts = zeros(count, dtype=dtypes.int64, device=x.device)
            counts = scatter_add(counts, 0, group, ones_like(group))
    extras = ([inverse] if return_inverse else []) + ([counts] if return_counts else [])
    return (distinct, *extras) if extras else distinct


def _unique_dim(x: Tensor, d: int, return_inverse: bool, return_counts: bool) -> Any:
    """unique(x, dim=d): each slice x.select(d, i) is one item, compared as a tuple of values."""
    order = [d] + [k for k in range(x.dim()) if k != d]
    moved = permute(x, order).contiguous()  # slice i is now row i of a contiguous block
    rows = moved.shape[0]
    width = moved.numel() // rows if rows else 0
    flat = moved._host_values()
    slices = [tuple(flat[i * width : (i + 1) * width]) for i in range(rows)]
    distinct = builtins.sorted(set(slices))
    position = {s: i for i, s in enumerate(distinct)}
    values = [v for s in distinct for v in s]
    out = from_values(values, (len(distinct),) + tuple(moved.shape[1:]), x.dtype, x.device)
    out = permute(out, [order.index(k) for k in range(x.dim())]).contiguous()
    extras: list[Tensor] = []
    if return_inverse:
        extras.append(from_values([position[s] for s in slices], (rows,), dtypes.int64, x.device))
    if return_counts:
        counts = [0] * len(distinct)
        for s in slices:
            counts[position[s]] += 1
        extras.append(from_values(counts, (len(distinct),), dtypes.int64, x.device))
    return (out, *extras) if extras else out
