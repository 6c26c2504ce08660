"""Indexing: x[key], x[key] = v, gather/scatter, index_select/index_add, masks, sort, unique.

Basic indexing (ints, slices, None, ...) makes views (see movement.py). Advanced indexing
(integer tensors, lists, boolean masks) is reduced to one gather along a single merged dimension:
the indexed dims are moved together, merged into one, and each index tuple becomes one linear
position in the merged dim. Its gradient is the matching scatter-add.

Sorting runs on the tensor's device, through the backends' `sort` primitive. Ops whose output
size depends on the values (nonzero, boolean masks, unique) run there too, from scan, scatter and
sort, but read one number back to the host: the size of the result, which must be known to
allocate it. PyTorch's CUDA nonzero syncs for the same reason.

>>> import pytensor
>>> x = pytensor.tensor([[1, 2, 3], [4, 5, 6]])
>>> x[1], x[:, 1:], x[x > 2]
(tensor([4, 5, 6]), tensor([[2, 3],
        [5, 6]]), tensor([3, 4, 5, 6]))
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

from .. import dtypes
from .._device import same_device
from .._interop import numpy_names
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..backends import View
from ..backends.base import index_errors_as
from ..dtypes import Number
from ..tensor import Tensor, _wrap_dim
from . import pointwise as P
from .creation import (
    arange,
    fill_scalar,
    from_values,
    new_tensor,
    ones,
    ones_like,
    tensor,
    zeros,
    zeros_like,
)
from .index_checks import check_index_shape, check_select_bounds, long_index, values_fitting
from .movement import cat, clone, permute, select, slice_dim, stack, unsqueeze
from .reduction import cumsum


def _expanded_index(index: Tensor, shape: Sequence[int], dim: int) -> View:
    """A 1-D index read as `shape`: it varies along `dim` and is broadcast (stride 0) elsewhere."""
    strides = [0] * len(shape)
    strides[dim] = index._strides[0] if index.dim() else 0
    return View(index._storage.buffer, tuple(shape), tuple(strides), index._offset, index.dtype)


# --- gather / scatter along a dim ---------------------------------------------------------------


def gather(x: Tensor, dim: int, index: Tensor) -> Tensor:
    """Picks values of `x` along `dim` at the positions in `index`: for dim == 1,
    `out[i][j][k] = x[i][index[i][j][k]][k]`.

    Args:
        x: the source tensor.
        dim: the dim along which `index` picks.
        index: an int64 tensor with as many dims as `x`; along the other dims it may be smaller
            than `x`, never larger.

    Returns:
        A tensor shaped like `index`, in x's dtype. The gradient is scatter-added back.

    Raises:
        RuntimeError: for an index that is not int64 or out of range.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2], [3, 4]])
        >>> pytensor.gather(x, 1, pytensor.tensor([[0, 0], [1, 0]]))
        tensor([[1, 1],
                [4, 3]])
    """
    index = long_index(index, "gather")
    same_device(x, index)
    d = _wrap_dim(dim, max(x.dim(), 1))
    check_index_shape(x, d, index, None, "gather")
    out = new_tensor(index.shape, x.dtype, x.device)
    if index.numel():
        with index_errors_as(RuntimeError):
            x.backend.gather(x.view_of(), d, index.view_of(), out.view_of())
    # The gradient is g added at the positions read, into zeros made for it (no copy of them).
    def backward(g: Tensor) -> Tensor:
        return scatter_add_into(zeros_like(x), d, index, g, True)

    return record(out, "GatherBackward0", backward, (x,))


def _scatter(
    op: str, x: Tensor, dim: int, index: Tensor, src: Tensor | Number, fresh: bool = False
) -> Tensor:
    """x with src scattered into it: into a copy of x, or into x itself when the caller has
    just made it (`fresh`) and nobody else sees it."""
    index = long_index(index, "scatter")
    same_device(x, index, *([src] if isinstance(src, Tensor) else []))
    d = _wrap_dim(dim, max(x.dim(), 1))
    check_index_shape(x, d, index, src if isinstance(src, Tensor) else None, op)
    if not isinstance(src, Tensor):
        value = fill_scalar(src, x.dtype)
        src = P.cast(from_values([value], (), x.dtype, x.device), x.dtype).expand(index.shape)
    out = x if fresh else clone(x).detach()
    if index.numel():
        source = P.cast(src, x.dtype)
        with index_errors_as(RuntimeError):
            x.backend.scatter(op, out.view_of(), d, index.view_of(), source.view_of())
    return out


def scatter(
    x: Tensor,
    dim: int,
    index: Tensor,
    src: Tensor | Number | None = None,
    *,
    value: Number | None = None,
) -> Tensor:
    """A copy of `x` with values written at the positions in `index` along `dim`: for dim == 1,
    `out[i][index[i][j]] = src[i][j]` (the last write wins).

    `src` may be a tensor or a number; `value=` is the number form by keyword, as in PyTorch.
    The two forms are separate overloads there, with their own nodes: ScatterBackward0 for a
    tensor src (which gets a gradient too), ScatterBackward1 for a number.

    Args:
        x: the tensor to copy and write into.
        dim: the dim along which `index` points.
        index: an int64 tensor with as many dims as `x`.
        src: the values: a tensor at least as large as `index` in every dim, or a number.
        value: a number to write, by keyword, instead of `src`.

    Returns:
        A tensor of x's shape and dtype.

    Note:
        PyTorch's `reduce=` argument (`"add"`, `"multiply"`) is not supported; use
        `scatter_add`.

    Examples:
        >>> import pytensor
        >>> index = pytensor.tensor([[2], [0]])
        >>> pytensor.scatter(pytensor.zeros(2, 3), 1, index, pytensor.tensor([[5.0], [7.0]]))
        tensor([[0., 0., 5.],
                [7., 0., 0.]])
        >>> pytensor.zeros(2, 3).scatter(1, index, value=1.0)
        tensor([[0., 0., 1.],
                [1., 0., 0.]])
    """
    if value is not None:
        if src is not None:
            raise TypeError("scatter() got both src and value")
        src = value
    if src is None:
        raise TypeError("scatter() missing required argument 'src' (or 'value')")
    out = _scatter("assign", x, dim, index, src)
    d = _wrap_dim(dim, max(x.dim(), 1))
    if not isinstance(src, Tensor):
        return record(out, "ScatterBackward1", lambda g: (g.scatter(d, index, 0.0),), (x,))
    src_t = src

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        # Positions that were overwritten take no gradient back to x; src gets them instead.
        return g.scatter(d, index, 0.0), _zero_padded(g.gather(d, index), src_t.shape)

    return record(out, "ScatterBackward0", backward, (x, src_t))


def _zero_padded(g: Tensor, shape: Sequence[int]) -> Tensor:
    """g in the leading corner of zeros shaped `shape`: src may be bigger than index, and only
    its corner that index covers is read."""
    from .movement import cat

    for d, (have, want) in enumerate(zip(g.shape, shape)):
        if have < want:
            pad = list(g.shape)
            pad[d] = want - have
            g = cat([g, zeros(pad, dtype=g.dtype, device=g.device)], d)
    return g


def scatter_add(x: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of `x` with `src` added at the positions in `index` along `dim`: for dim == 1,
    `out[i][index[i][j]] += src[i][j]`; repeated positions add up.

    Args:
        x: the tensor to copy and add into.
        dim: the dim along which `index` points.
        index: an int64 tensor with as many dims as `x`.
        src: the values, at least as large as `index` in every dim.

    Returns:
        A tensor of x's shape and dtype.

    Examples:
        >>> import pytensor
        >>> index = pytensor.tensor([0, 1, 0, 2])
        >>> pytensor.scatter_add(pytensor.zeros(3), 0, index, pytensor.tensor([1.0, 2.0, 3.0, 4.0]))
        tensor([4., 2., 4.])
    """
    return scatter_add_into(x, dim, index, src)


def scatter_add_into(
    x: Tensor, dim: int, index: Tensor, src: Tensor, fresh: bool = False
) -> Tensor:
    """`scatter_add`, written into x itself when the caller has `fresh`ly made x for it (the
    zeros a backward adds a gradient into): no copy of x."""
    out = _scatter("add", x, dim, index, src, fresh)
    d = _wrap_dim(dim, max(x.dim(), 1))
    return record(
        out, "ScatterAddBackward0",
        lambda g: (g, _zero_padded(g.gather(d, index), src.shape)), (x, src),
    )  # fmt: skip


def index_select(x: Tensor, dim: int, index: Tensor) -> Tensor:
    """The slices of `x` at the positions in `index` along `dim` (a copy).

    Args:
        x: the source tensor.
        dim: the dim to pick along.
        index: a 1-D (or 0-D) int64 or int32 tensor of positions; they may repeat.

    Returns:
        x's shape with `dim` of size `index.numel()`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3], [4, 5, 6]])
        >>> pytensor.index_select(x, 1, pytensor.tensor([2, 0, 2]))
        tensor([[3, 1, 3],
                [6, 4, 6]])
    """
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index.dtype not in (dtypes.int64, dtypes.int32):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    if x.dim() == 0 and index.numel() > 1:
        raise RuntimeError(
            f"index_select(): Index to scalar can have only 1 value, got {index.numel()} value(s)"
        )
    d = _wrap_dim(dim, max(x.dim(), 1))
    shape = list(x.shape) or [1]
    shape[d] = index.numel()
    out = new_tensor(shape if x.dim() else (), x.dtype, x.device)
    if out.numel():
        source = x if x.dim() else x.reshape(1)
        target = out if x.dim() else out.reshape(1)
        check_select_bounds(index, source.shape[d], d)
        x.backend.gather(source.view_of(), d, _expanded_index(index.reshape(-1), shape, d),
                         target.view_of())  # fmt: skip
    return record(
        out, "IndexSelectBackward0",
        lambda g: (zeros(x.shape, dtype=g.dtype, device=g.device).index_add(d, index, g),), (x,),
    )  # fmt: skip


def index_add(x: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Number = 1) -> Tensor:
    """A copy of `x` with `alpha * source` added at the positions in `index` along `dim`:
    `out[..., index[j], ...] += alpha * source[..., j, ...]`; repeated positions add up.

    Args:
        x: the tensor to copy and add into.
        dim: the dim along which `index` points.
        index: a 1-D int64 tensor with `source.shape[dim]` positions.
        source: the values; x's shape except along `dim`.
        alpha: the multiplier of `source`.

    Returns:
        A tensor of x's shape and dtype.

    Examples:
        >>> import pytensor
        >>> source = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> pytensor.index_add(pytensor.zeros(3, 2), 0, pytensor.tensor([0, 0]), source)
        tensor([[4., 6.],
                [0., 0.],
                [0., 0.]])
    """
    d = _wrap_dim(dim, max(x.dim(), 1))
    if x.dim() and source.dim() and index.numel() != source.shape[d]:
        raise RuntimeError(
            f"index_add_(): Number of indices ({index.numel()}) should be equal to "
            f"source.size(dim): ({source.shape[d]}), for dim: {d}"
        )
    out = clone(x).detach()
    if source.numel():
        target = out if x.dim() else out.reshape(1)
        with no_grad():  # the scaling is part of this op: its gradient is in the backward below
            scaled = source * alpha if alpha != 1 else source
        src = P.cast(scaled, x.dtype)
        src = src if src.dim() else src.reshape(1)
        _check_bounds(index, target.shape[d], d, IndexError)
        x.backend.scatter(
            "add", target.view_of(), d, _expanded_index(index.reshape(-1), src.shape, d),
            src.view_of(),
        )  # fmt: skip

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        grad_source = g.index_select(d, index)
        return g, grad_source * alpha if alpha != 1 else grad_source

    return record(out, "IndexAddBackward0", backward, (x, source))


def index_add_(x: Tensor, dim: int, index: Tensor, source: Tensor, *, alpha: Number = 1) -> Tensor:
    """`x.index_add_(...)`: `index_add` written into `x`.

    It refuses, like PyTorch, a source that shares memory with x, since the loop would read
    elements it has already written. (The out-of-place index_add reads x before copying it, so
    there the aliasing is harmless.)

    Returns:
        `x`, modified in place.

    Examples:
        >>> import pytensor
        >>> x = pytensor.zeros(3)
        >>> x.index_add_(0, pytensor.tensor([2]), pytensor.tensor([5.0]), alpha=2)
        tensor([ 0.,  0., 10.])
    """
    from .inplace import inplace

    if _overlaps(x, source):
        raise RuntimeError(
            "unsupported operation: some elements of the input tensor and the written-to tensor "
            "refer to a single memory location. Please clone() the tensor before performing the "
            "operation."
        )
    return inplace(index_add, x, dim, index, source, alpha=alpha)


def _overlaps(a: Tensor, b: Tensor) -> bool:
    """Whether a and b read some common stretch of one storage (by their extents)."""
    if a._storage is not b._storage or a.numel() == 0 or b.numel() == 0:
        return False

    def extent(t: Tensor) -> tuple[int, int]:
        span = sum((n - 1) * abs(s) for n, s in zip(t.shape, t._strides))
        return t._offset, t._offset + span

    (a_lo, a_hi), (b_lo, b_hi) = extent(a), extent(b)
    return a_lo <= b_hi and b_lo <= a_hi


def _check_bounds(index: Tensor, size: int, dim: int, error: type[Exception]) -> None:
    if index.device.type != "cpu":
        return  # the device's gather and scatter kernels check, without copying the indices
    for i in index._host_values():
        if not 0 <= int(i) < size:
            raise error(f"index {i} is out of bounds for dimension {dim} with size {size}")


# --- advanced indexing --------------------------------------------------------------------------


def _merged_layout(
    x: Tensor, indices: Sequence[Tensor | None]
) -> tuple[list[int], int, Tensor, tuple[int, ...]]:
    """Plan for advanced indexing: the permutation that brings the indexed dims together at
    position `p`, and the linear position of each index tuple inside the merged dim."""
    adv = [d for d, i in enumerate(indices) if i is not None]
    adjacent = adv == list(range(adv[0], adv[-1] + 1))
    p = adv[0] if adjacent else 0
    rest = [d for d in range(x.dim()) if d not in adv]
    order = rest[:p] + adv + rest[p:]
    index_tensors = [indices[d] for d in adv]
    from .movement import broadcast_tensors

    broadcast = broadcast_tensors(*index_tensors)  # type: ignore[arg-type]
    linear: Tensor | None = None
    for d, idx in zip(adv, broadcast):
        size = x.shape[d]
        idx = P.where(P.lt(idx, 0), idx + size, idx)
        linear = idx if linear is None else linear * size + idx
    assert linear is not None
    return order, p, linear, tuple(broadcast[0].shape)


def _normalize_indices(x: Tensor, indices: Sequence[Any]) -> list[Tensor | None]:
    """Lists become tensors and each boolean mask becomes one long index per masked dim."""
    result: list[Tensor | None] = []
    for item in indices:
        if item is None:
            result.append(None)
            continue
        t = item if isinstance(item, Tensor) else tensor(item)
        t = t.to(x.device)  # indices built from lists, or on the host, go where x lives
        if t.dtype.kind == "b":
            d = len(result)
            for k, size in enumerate(t.shape):
                if d + k >= x.dim() or x.shape[d + k] != size:
                    raise IndexError(
                        f"The shape of the mask {list(t.shape)} at index {k} does not match the "
                        f"shape of the indexed tensor {list(x.shape)} at index {d + k}"
                    )
            result.extend(nonzero(t, as_tuple=True))
        elif t.dtype.is_floating_point:
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        else:
            result.append(P.cast(t, dtypes.int64))
    for d, idx in enumerate(result):
        if idx is not None and idx.device.type == "cpu":  # devices check in their kernels
            size = x.shape[d]
            for i in idx._host_values():
                if not -size <= int(i) < size:
                    raise IndexError(
                        f"index {i} is out of bounds for dimension {d} with size {size}"
                    )
    return result + [None] * (x.dim() - len(result))


def _merge_dims(t: Tensor, start: int, count: int) -> Tensor:
    """Reshape dims [start, start + count) of t into one dim."""
    shape = list(t.shape)
    merged = math.prod(shape[start : start + count])
    return t.reshape(shape[:start] + [merged] + shape[start + count :])


def index(x: Tensor, indices: Sequence[Any]) -> Tensor:
    """`x[indices]` for a list with one entry per leading dim (None = the whole dim).

    Advanced indexing: the entries are index tensors, lists or bool masks (a mask counts for as
    many dims as it has). The index tensors broadcast together; the result's grad_fn is
    `IndexBackward0`. `x[key]` (`getitem`) calls this for the advanced part of a key.

    Args:
        x: the tensor to index.
        indices: one entry per dim of x (missing trailing entries mean whole dims).

    Returns:
        A copy. When the indexed dims are adjacent, the broadcast index shape replaces them in
        place; otherwise it comes first, as in NumPy and PyTorch.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.indexing import index
        >>> x = pytensor.arange(12).reshape(3, 4)
        >>> index(x, [pytensor.tensor([0, 2]), pytensor.tensor([1, 3])])
        tensor([ 1, 11])
        >>> index(x, [None, pytensor.tensor([0, 0])])
        tensor([[0, 0],
                [4, 4],
                [8, 8]])
    """
    idx = _normalize_indices(x, indices)
    with no_grad():
        order, p, linear, index_shape = _merged_layout(x, idx)
        merged = _merge_dims(permute(x, order), p, len(_adv(idx)))
        picked = index_select(merged, p, linear.reshape(-1))
        out = picked.reshape(
            list(merged.shape[:p]) + list(index_shape) + list(merged.shape[p + 1 :])
        )

    def backward(g: Tensor) -> tuple[Tensor]:
        return (zeros(x.shape, dtype=g.dtype, device=g.device).index_put(idx, g, True),)

    return record(out, "IndexBackward0", backward, (x,))


def _adv(idx: Sequence[Tensor | None]) -> list[int]:
    return [d for d, i in enumerate(idx) if i is not None]


def index_put(
    x: Tensor, indices: Sequence[Any], values: Tensor | Number, accumulate: bool = False
) -> Tensor:
    """A copy of `x` with `x[indices] = values` (or `+= values` with `accumulate`).

    Args:
        x: the tensor to copy and write into.
        indices: one index tensor (or list, or bool mask, or None) per leading dim, as for
            `index`.
        values: a tensor that broadcasts to the indexed shape, or a number.
        accumulate: add the values instead of writing them; repeated positions then add up.

    Returns:
        A tensor of x's shape and dtype.

    Examples:
        >>> import pytensor
        >>> i = pytensor.tensor([0, 2, 0])
        >>> pytensor.index_put(pytensor.zeros(3), (i,), pytensor.tensor(1.0), accumulate=True)
        tensor([2., 0., 1.])
    """
    idx = _normalize_indices(x, indices)
    if not isinstance(values, Tensor):
        values = from_values([fill_scalar(values, x.dtype)], (), x.dtype, x.device)
    with no_grad():
        order, p, linear, index_shape = _merged_layout(x, idx)
        count = len(_adv(idx))
        moved = permute(x, order).contiguous().clone()  # a fresh copy we may write into
        merged = _merge_dims(moved, p, count)  # a view, since `moved` is contiguous
        target_shape = list(moved.shape[:p]) + list(index_shape) + list(moved.shape[p + count :])
        fitting = values_fitting(values, target_shape)
        source = P.cast(fitting, x.dtype).expand(target_shape).contiguous()
        source = source.reshape(list(merged.shape[:p]) + [-1] + list(merged.shape[p + 1 :]))
        flat = linear.reshape(-1)
        if source.numel():
            x.backend.scatter(
                "add" if accumulate else "assign", merged.view_of(), p,
                _expanded_index(flat, source.shape, p), source.view_of(),
            )  # fmt: skip
        inverse = [order.index(d) for d in range(x.dim())]
        out = permute(moved, inverse).detach()
    values_t = values

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        grad_x = g if accumulate else g.index_put(idx, 0.0)
        grad_values = index(g, idx)
        if fitting.dim() < values_t.dim():  # give back the leading 1s that were dropped
            grad_values = grad_values.sum_to_size(fitting.shape).reshape(values_t.shape)
        return grad_x, grad_values

    return record(out, "IndexPutBackward0", backward, (x, values_t))


def _normalize_item(item: Any) -> Any:
    """One subscript item as None, Ellipsis, bool, int, slice or an index Tensor.

    NumPy integers count as ints; lists, tuples, ranges and arrays become index tensors, as in
    PyTorch. Anything else is refused rather than silently ignored."""
    if item is None or item is Ellipsis or isinstance(item, (bool, int, slice, Tensor)):
        return item
    if hasattr(item, "__index__") and not hasattr(item, "__len__"):
        return int(item.__index__())  # numpy.int64 and friends
    if isinstance(item, (list, tuple, range)) or hasattr(item, "tolist"):
        return tensor(item.tolist() if hasattr(item, "tolist") else list(item))
    raise IndexError(
        "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
        "valid indices (got " + type(item).__name__ + ")"
    )


def _expand_key(x: Tensor, key: Any) -> tuple[list[Any], bool]:
    """Split a subscript into items, expanding `...`; report whether any item is advanced."""
    items = [_normalize_item(i) for i in (key if isinstance(key, tuple) else (key,))]
    advanced = any(isinstance(i, Tensor) for i in items)
    consumed = 0
    for item in items:
        if item is None or item is Ellipsis or isinstance(item, bool):  # a bool adds a dim
            continue
        if isinstance(item, Tensor) and item.dtype.kind == "b":
            consumed += item.dim()
        else:
            consumed += 1
    if consumed > x.dim():
        raise IndexError(f"too many indices for tensor of dimension {x.dim()}")
    if any(item is Ellipsis for item in items):  # `in` would call Tensor.__eq__
        at = next(i for i, item in enumerate(items) if item is Ellipsis)
        items[at : at + 1] = [slice(None)] * (x.dim() - consumed)
    return items, advanced


def getitem(x: Tensor, key: Any) -> Tensor:
    """`x[key]`: views for ints, slices, None and `...`; a gather for tensors, lists and masks.

    Basic items (ints too, unlike NumPy) are applied as views first. Advanced items are
    collected, one entry per remaining dim, for `index`. A Python bool acts as a 0-dim mask, as in
    PyTorch.

    Args:
        x: the tensor to index.
        key: an item or a tuple of items: int, slice, None, `...`, bool, an integer or bool
            tensor, a list, or a NumPy array.

    Returns:
        A view for basic keys, a copy when any item is advanced.

    Examples:
        >>> import pytensor
        >>> x = pytensor.arange(6).reshape(2, 3)
        >>> x[0, ::2], x[..., None].shape, x[[1, 0]]
        (tensor([0, 2]), pytensor.Size([2, 3, 1]), tensor([[3, 4, 5],
                [0, 1, 2]]))
    """
    if type(key) is int:  # x[i], as a Dataset does for every sample: straight to the view
        return select(x, 0, key)
    items, advanced = _expand_key(x, key)
    # PyTorch reads a Python bool as a 0-d mask: a new dim of size 1 (True) or 0 (False), made
    # by advanced indexing (so the result is a copy, with IndexBackward0).
    advanced = advanced or any(isinstance(item, bool) for item in items)
    result = x
    dim = 0  # the dim of `result` that the next item applies to
    index_items: list[Any] = []  # for `index`: a tensor, or None for "the whole dim"
    # PyTorch's out-of-bounds error names an int by its position in the key, `...` counted as
    # one item: the items the ellipsis became, past the first, are not counted.
    key_items = key if isinstance(key, tuple) else (key,)
    ellipsis_at = next((i for i, k in enumerate(key_items) if k is Ellipsis), len(items))
    widened = len(items) - len(key_items)
    for position, item in enumerate(items):
        if item is None:
            result = unsqueeze(result, dim)
            index_items.append(None)
            dim += 1
        elif isinstance(item, bool):
            result = unsqueeze(result, dim)
            index_items.append(from_values([0] if item else [], (int(item),), dtypes.int64,
                                           x.device))  # fmt: skip
            dim += 1
        elif isinstance(item, int):
            size = result.shape[dim]
            if not -size <= item < size:
                at = position if position < ellipsis_at else position - widened
                raise IndexError(
                    f"index {item} is out of bounds for dimension {at} with size {size}"
                )
            result = select(result, dim, item)  # PyTorch applies ints as views even here
        elif isinstance(item, slice):
            if item.step == 0:
                raise ValueError("slice step cannot be zero")
            if (item.start, item.stop, item.step) != (None, None, None):  # `:` changes nothing
                result = slice_dim(result, dim, item.start, item.stop, item.step or 1)
            index_items.append(None)
            dim += 1
        else:
            t = item if isinstance(item, Tensor) else tensor(item)
            index_items.append(t)
            dim += t.dim() if t.dtype.kind == "b" else 1  # a mask spans as many dims as it has
    if not advanced:
        return result
    return index(result, index_items)


def setitem(x: Tensor, key: Any, value: Tensor | Number) -> None:
    """`x[key] = value`, broadcasting value. Basic keys write through a view; advanced keys use
    `index_put_`.

    Args:
        x: the tensor written into.
        key: as for `getitem`.
        value: a tensor that broadcasts to `x[key]`, or a number.

    Examples:
        >>> import pytensor
        >>> x = pytensor.zeros(2, 3)
        >>> x[0] = 1.0
        >>> x[x == 0] = pytensor.tensor(2.0)
        >>> x
        tensor([[1., 1., 1.],
                [2., 2., 2.]])
    """
    items, advanced = _expand_key(x, key)
    if not advanced:
        if any(item is False for item in items):
            return  # a False adds a dim of size 0: nothing is written
        # A True adds a dim of size 1, as None does; None keeps the target a view to write into.
        target = getitem(x, tuple(None if item is True else item for item in items))
        strides = zip(target.shape, target._strides)
        if target.numel() and any(size > 1 and stride == 0 for size, stride in strides):
            # PyTorch writes `x[key] = value` with copy_, which refuses a target whose elements
            # share memory (an expanded view); fill_ alone would allow it.
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor refers "
                "to a single memory location. Please clone() the tensor before performing the "
                "operation."
            )
        target.copy_(value) if isinstance(value, Tensor) else target.fill_(value)
        return
    basic: list[Any] = []
    adv_items: list[Any] = []
    for item in items:
        if isinstance(item, (Tensor, list)) or isinstance(item, int):
            basic.append(slice(None))
            adv_items.append(item)
        else:
            basic.append(item)
            if item is not None:
                adv_items.append(None)
    view = getitem(x, tuple(basic))
    view.index_put_(adv_items, value)


# --- masks, nonzero -------------------------------------------------------------------------


def nonzero(x: Tensor, *, as_tuple: bool = False) -> Any:
    """The coordinates of the nonzero elements of `x`, in row-major order.

    Args:
        x: the input tensor.
        as_tuple: return one 1-D tensor per dim instead of one `(count, ndim)` tensor.

    Returns:
        An int64 tensor `(count, x.dim())`, or with `as_tuple` a tuple of `x.dim()` tensors
        `(count,)` (what `x[mask]` indexes with).

    Note:
        Runs on x's device, but the count is read back to the host (one `.item()`, which waits
        for the device), since the result's size depends on it. PyTorch's CUDA nonzero syncs too.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[0, 1], [2, 0]])
        >>> pytensor.nonzero(x)
        tensor([[0, 1],
                [1, 0]])
        >>> pytensor.nonzero(x, as_tuple=True)
        (tensor([0, 1]), tensor([1, 0]))
    """
    shape = x.shape
    with no_grad():
        keep = (x if x.dtype.kind == "b" else P.ne(x, 0)).reshape(-1)  # a mask is its own test
        running, count = _running_count(keep)
        flat = _compact(keep, running, count, arange(keep.numel(), device=x.device))
        if count and shape:
            result = _coordinates(flat, shape)
        else:
            result = new_tensor((count, len(shape)), dtypes.int64, x.device)  # no elements
    if as_tuple:
        if x.dim() == 0:
            return (zeros(count, dtype=dtypes.int64, device=x.device),)
        return tuple(result[:, d] for d in range(x.dim()))
    return result


def _coordinates(flat: Tensor, shape: Sequence[int]) -> Tensor:
    """`(n, len(shape))`: the row-major coordinates in `shape` of the n positions in `flat`.

    Laid out as torch's nonzero lays them out, one coordinate's column after another (strides
    `(1, n)`), so each column is one contiguous run, and so is each tensor of `as_tuple`.
    """
    columns = []
    for d, size in enumerate(shape):
        stride = math.prod(shape[d + 1 :])
        # coordinate d is (flat // stride) % size; the last dim's stride is 1, and the first
        # dim's quotient is already below its size.
        column = P.floor_divide(flat, stride) if stride > 1 else flat
        columns.append(P.remainder(column, size) if d > 0 else column)
    return stack(columns, 0).t()


def _running_count(keep: Tensor) -> tuple[Tensor, int]:
    """cumsum of the 1-D bool `keep`, and its last element: how many are kept.

    Reading that count is the one transfer to the host (and the one wait for the device) of
    nonzero, masked_select and unique: the size of their result depends on it.
    """
    running = cumsum(keep, 0)
    count = int(running[-1].item()) if keep.numel() else 0
    return running, count


def _compact(keep: Tensor, running: Tensor, count: int, src: Tensor) -> Tensor:
    """The elements of the 1-D `src` where `keep` is true, in order, without leaving the device.

    Kept element i goes to slot running[i] - 1. Every other element goes to one spare slot at
    `count`, cut off at the end, so a single scatter needs no branch per element.
    """
    slot = P.where(keep, running - 1, count)
    out = zeros(count + 1, dtype=src.dtype, device=src.device)
    return scatter(out, 0, slot, src).narrow(0, 0, count)


def masked_fill(x: Tensor, mask: Tensor, value: Tensor | Number) -> Tensor:
    """A copy of `x` with `value` where `mask` is true.

    A number and a 0-d tensor value are PyTorch's two overloads (MaskedFillBackward0 and 1); the
    tensor value gets the masked gradient's sum.

    Args:
        x: the input tensor.
        mask: a bool tensor that broadcasts to x's shape.
        value: a number or a 0-dim tensor.

    Returns:
        A tensor of x's shape and dtype.

    Examples:
        >>> import pytensor
        >>> scores = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> scores.masked_fill(pytensor.tensor([False, True]), float("-inf"))
        tensor([[1., -inf],
                [3., -inf]])
    """
    if mask.dtype.kind != "b":
        raise RuntimeError(
            "masked_fill_ only supports boolean masks, but got mask with dtype "
            f"{dtypes.cpp_name(mask.dtype)}"
        )
    value_t = value if isinstance(value, Tensor) else None
    if value_t is not None and value_t.dim() != 0:
        raise RuntimeError(
            "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
            f"{value_t.dim()} dimension(s)."
        )
    fill = fill_scalar(value.item() if isinstance(value, Tensor) else value, x.dtype)
    with no_grad():
        out = P.where(mask, P.cast(from_values([fill], (), x.dtype, x.device), x.dtype), x)
    if out.shape != x.shape:
        raise RuntimeError(
            f"output with shape {list(x.shape)} doesn't match the broadcast shape {list(out.shape)}"
        )
    if value_t is None:
        return record(out, "MaskedFillBackward0", lambda g: (P.where(mask, 0.0, g),), (x,))

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        return P.where(mask, 0.0, g), P.where(mask, g, 0.0).sum()

    return record(out, "MaskedFillBackward1", backward, (x, value_t))


def masked_select(x: Tensor, mask: Tensor) -> Tensor:
    """The elements of `x` (broadcast with `mask`) where `mask` is true, as a 1-D tensor.

    Args:
        x: the input tensor.
        mask: a bool tensor that broadcasts with x.

    Returns:
        A 1-D tensor, in row-major order.

    Note:
        Runs on x's device through `nonzero`, which reads the number of selected elements back
        to the host (one sync): the result's size depends on it.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2], [3, 4]])
        >>> pytensor.masked_select(x, x > 1)
        tensor([2, 3, 4])
    """
    from .movement import broadcast_tensors

    with no_grad():
        xb, mb = broadcast_tensors(x, mask)
        out = getitem(xb, mb)

    def backward(g: Tensor) -> tuple[Tensor]:
        # Each selected element goes back to its position; the engine sums over broadcasting.
        return (zeros(xb.shape, dtype=g.dtype, device=g.device).index_put((mb,), g),)

    return record(out, "MaskedSelectBackward0", backward, (x,))


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


def take_along_dim(x: Tensor, indices: Tensor, dim: int) -> Tensor:
    """`gather` with `indices` broadcast to x's shape (except along `dim`) first.

    The usual partner of `argsort` and `argmax(keepdim=True)`.

    Args:
        x: the source tensor.
        indices: an int64 tensor with as many dims as `x`, broadcastable to it except along `dim`.
        dim: the dim to pick along.

    Returns:
        x's shape with `dim` of size `indices.shape[dim]`.

    Note:
        `dim` is required: PyTorch's `dim=None` (index the flattened tensor) is not supported.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[10, 30, 20], [60, 40, 50]])
        >>> pytensor.take_along_dim(x, x.argmax(1, keepdim=True), dim=1)
        tensor([[30],
                [60]])
    """
    from .movement import broadcast_to

    d = _wrap_dim(dim, x.dim())
    shape = list(x.shape)
    shape[d] = indices.shape[d]
    return gather(x, d, broadcast_to(indices, shape))
