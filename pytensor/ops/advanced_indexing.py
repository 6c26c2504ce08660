"""x[key] and x[key] = v (and masked_select, x[mask]): basic indexing (views) and advanced
indexing (one gather).

Basic indexing (ints, slices, None, ...) makes views (see movement.py). Advanced indexing
(integer tensors, lists, boolean masks) is reduced to one gather along a single merged dimension:
the indexed dims are moved together, merged into one, and each index tuple becomes one linear
position in the merged dim. Its gradient is the matching scatter-add.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..dtypes import Number
from ..tensor import Tensor
from . import pointwise as P
from .creation import (
    fill_scalar,
    from_values,
    tensor,
    zeros,
)
from .gather_scatter import _expanded_index, index_select
from .index_checks import values_fitting
from .masking import nonzero
from .movement import permute, select, slice_dim, unsqueeze

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
