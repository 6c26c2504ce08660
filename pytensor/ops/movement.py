"""Movement ops: views (metadata only) and the copies that rearrange data (cat, flip, repeat).

A view shares its input's storage and gets new shape, strides and offset. Its backward is the
inverse movement of the gradient. Views that pick a subset of elements (select, slice,
diagonal) share one backward, `_view_backward`: the gradient is written into the same view of
a zero tensor. Views that may read an element twice (unfold, as_strided) add each gradient
element back at the position it reads (`_overlapping_view_backward`, and as_strided's own).

>>> import pytensor
>>> x = pytensor.arange(6).reshape(2, 3)
>>> y = x.t()                    # a view: the same storage, strides swapped
>>> y.stride(), y.data_ptr() == x.data_ptr()
((1, 3), True)
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from .. import dtypes
from .._device import device, same_device
from .._interop import numpy_names
from .._layout import broadcast_shapes, expand_strides, infer_size, normalize_shape, view_strides
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record, record_multi
from ..backends import View
from ..backends.base import contiguous_strides
from ..dtypes import dtype
from ..tensor import Storage, Tensor, _wrap_dim
from .arguments import write_out
from .creation import arange, new_tensor, zeros

ViewFn = Callable[[Tensor], Tensor]


def make_view(
    x: Tensor,
    shape: Sequence[int],
    strides: Sequence[int],
    offset: int,
    name: str,
    backward: Callable[[Tensor], Any],
    view_fn: ViewFn,
) -> Tensor:
    """A tensor over x's storage. `view_fn` redoes this view on any tensor shaped like x; it is
    kept (composed with x's own) so in-place writes through the view can update the base.

    Shared plumbing of every view op: the result's `_base` is the tensor that owns the storage.

    Args:
        x: the tensor viewed.
        shape: the view's shape.
        strides: the view's strides, in storage elements.
        offset: the storage position of the view's first element.
        name: the grad_fn's name, such as `"TransposeBackward0"`.
        backward: the gradient closure, from the view's gradient to x's.
        view_fn: a function that takes the same view of another tensor shaped like x.

    Returns:
        The view, with its backward recorded when x requires grad.
    """
    out = Tensor._make(x._storage, shape, strides, offset, x.dtype)
    out._base = base = x if x._base is None else x._base
    out._view_version = x._storage.version
    if base._views is None:
        base._views = {}
    # The base keeps a weak reference to each live view (the entry leaves with the view, without
    # Python code running), so that an in-place write can rebase every view's history at once.
    base._views[id(out)] = weakref.ref(out, partial(base._views.pop, id(out)))
    parent = x._view_fn
    out._view_fn = view_fn if parent is None else (lambda t: view_fn(parent(t)))
    return record(out, name, backward, (x,))


def _view_backward(x: Tensor, view_fn: ViewFn) -> Callable[[Tensor], tuple[Tensor]]:
    """Backward of a view that reads a subset of x, each element at most once (select, slice,
    diagonal): zeros shaped like x, with the gradient written into the same view of them."""

    def backward(g: Tensor) -> tuple[Tensor]:
        with no_grad():
            grad = zeros(x.shape, dtype=g.dtype, device=g.device)
            view_fn(grad).copy_(g)
        # Recorded so that create_graph works: the gradient of this step is the view again.
        return (record(grad, "EmbedBackward", lambda gg: (view_fn(gg),), (g,)),)

    return backward


def _overlapping_view_backward(x: Tensor, view_fn: ViewFn) -> Callable[[Tensor], tuple[Tensor]]:
    """Backward of a view that may read an element several times (unfold's overlapping windows):
    each gradient element is added back at the position of x that it reads."""

    def backward(g: Tensor) -> tuple[Tensor]:
        positions = view_fn(arange(x.numel(), device=x.device).reshape(x.shape))
        grad = zeros(x.numel(), dtype=g.dtype, device=g.device)
        return (grad.index_add(0, positions.reshape(-1), g.reshape(-1)).reshape(x.shape),)

    return backward


# --- reshaping views ------------------------------------------------------------------------


def view(x: Tensor, *shape: Any) -> Tensor:
    """The same data with another shape, sharing x's storage (no copy).

    One dim may be -1: it is inferred from the others. The new shape must be reachable by
    splitting and merging dims whose memory is contiguous with each other; otherwise use
    `reshape`, which copies when it has to.

    Args:
        x: the tensor to view.
        *shape: the new shape, as ints or one sequence (a `Size` works too).

    Returns:
        A view of shape `shape` with the same number of elements.

    Raises:
        RuntimeError: when the layout of `x` cannot be viewed with this shape.

    Note:
        `view(dtype)`, which reinterprets the bytes as another dtype, is not supported.

    Examples:
        >>> import pytensor
        >>> x = pytensor.arange(6)
        >>> x.view(2, 3)
        tensor([[0, 1, 2],
                [3, 4, 5]])
        >>> x.view(-1, 2).shape
        pytensor.Size([3, 2])
    """
    if len(shape) == 1 and isinstance(shape[0], dtype):
        raise NotImplementedError("view(dtype) reinterpretation is not supported in pytensor")
    new_shape = infer_size(normalize_shape(shape), x.numel())
    strides = view_strides(x.shape, x._strides, new_shape)
    if strides is None:
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return make_view(
        x, new_shape, strides, x._offset, "ViewBackward0",
        lambda g: (g.reshape(x.shape),), lambda t: t.view(new_shape),
    )  # fmt: skip


def reshape(x: Tensor, *shape: Any) -> Tensor:
    """The same data with another shape: a view when the layout allows one, otherwise a contiguous
    copy.

    Args:
        x: the tensor to reshape.
        *shape: the new shape, as ints or one sequence; one dim may be -1.

    Returns:
        A tensor of shape `shape`. When a copy is needed, the grad_fn is `UnsafeViewBackward0`
        after `CloneBackward0`, as in PyTorch.

    Examples:
        >>> import pytensor
        >>> x = pytensor.arange(6).reshape(2, 3)
        >>> x.t().reshape(-1)         # a transposed layout: this one copies
        tensor([0, 3, 1, 4, 2, 5])
    """
    new_shape = infer_size(normalize_shape(shape), x.numel())
    if view_strides(x.shape, x._strides, new_shape) is not None:
        return view(x, new_shape)
    # PyTorch's copy path is `_unsafe_view(clone(x), shape)`: the copy is private to this call,
    # so its reshape needs no view tracking (grad_fn UnsafeViewBackward0 after CloneBackward0).
    return unsafe_view(clone(x), new_shape)


def unsafe_view(x: Tensor, shape: Sequence[int]) -> Tensor:
    """torch's `_unsafe_view`: reshape a tensor that only the caller holds (a fresh copy or a
    product), sharing its storage but without making the result a view (no `_base`).

    Internal: the layout must allow a view. Its grad_fn is `UnsafeViewBackward0`.
    """
    new_shape = infer_size(normalize_shape(shape), x.numel())
    strides = view_strides(x.shape, x._strides, new_shape)
    assert strides is not None, "unsafe_view expects a layout that needs no copy"
    out = Tensor._make(x._storage, new_shape, strides, x._offset, x.dtype)
    return record(out, "UnsafeViewBackward0", lambda g: (g.reshape(x.shape),), (x,))


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merges dims `start_dim` to `end_dim` (inclusive) into one: a view when the layout allows it.

    Args:
        x: the input tensor; a 0-dim tensor becomes 1-D.
        start_dim: the first dim to merge.
        end_dim: the last dim to merge.

    Returns:
        Shape `x.shape[:start_dim] + (product of the merged sizes,) + x.shape[end_dim + 1:]`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.zeros(2, 3, 4, 5)
        >>> x.flatten().shape, x.flatten(1).shape, x.flatten(1, 2).shape
        (pytensor.Size([120]), pytensor.Size([2, 60]), pytensor.Size([2, 12, 5]))
    """
    if x.dim() == 0:
        return reshape(x, 1)
    start, end = _wrap_dim(start_dim, x.dim()), _wrap_dim(end_dim, x.dim())
    if start > end:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if start == end:
        return x
    merged = math.prod(x.shape[start : end + 1])  # not -1: that is ambiguous for empty tensors
    return reshape(x, list(x.shape[:start]) + [merged] + list(x.shape[end + 1 :]))


def unflatten(x: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:
    """Splits dim `dim` into the dims `sizes` (a view), the inverse of `flatten`.

    Args:
        x: the input tensor.
        dim: the dim to split.
        sizes: the new sizes, whose product is `x.shape[dim]`; one may be -1.

    Returns:
        Shape `x.shape[:dim] + sizes + x.shape[dim + 1:]`.

    Examples:
        >>> import pytensor
        >>> pytensor.zeros(2, 12).unflatten(1, (3, 4)).shape
        pytensor.Size([2, 3, 4])
    """
    d = _wrap_dim(dim, x.dim())
    return view(x, list(x.shape[:d]) + list(sizes) + list(x.shape[d + 1 :]))


@numpy_names
def squeeze(x: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """Removes dims of size 1 (a view): all of them, or those among `dim`.

    A dim in `dim` whose size is not 1 is left alone, as in PyTorch.

    Args:
        x: the input tensor.
        dim: None for every size-1 dim, or one dim, or a sequence of dims.

    Returns:
        A view of x without the removed dims. The grad_fn is `SqueezeBackward0`, `1` or `2` for
        the three forms, as PyTorch names its overloads.

    Examples:
        >>> import pytensor
        >>> x = pytensor.zeros(2, 1, 3, 1)
        >>> x.squeeze().shape, x.squeeze(1).shape, x.squeeze(0).shape
        (pytensor.Size([2, 3]), pytensor.Size([2, 3, 1]), pytensor.Size([2, 1, 3, 1]))
    """
    if dim is None:
        dims = [d for d, s in enumerate(x.shape) if s == 1]
    else:
        wanted = [dim] if isinstance(dim, int) else list(dim)
        dims = [_wrap_dim(d, x.dim()) for d in wanted if x.shape[_wrap_dim(d, x.dim())] == 1]
    # PyTorch names each overload's node: squeeze(), squeeze(dim), squeeze(dims).
    if dim is None:
        name = "SqueezeBackward0"
    else:
        name = "SqueezeBackward1" if isinstance(dim, int) else "SqueezeBackward2"
    return _squeeze_dims(x, dims, name, lambda t: squeeze(t, dim))


def squeeze_result(x: Tensor, dim: int) -> Tensor:
    """`out.squeeze_(dim)` on a result only the caller holds (matmul's 1-D @ 2-D does this in
    PyTorch): the same view as squeeze(x, dim), recorded under the in-place overload's name.

    Internal: its grad_fn is `SqueezeBackward4`.
    """
    d = _wrap_dim(dim, x.dim())
    dims = [d] if x.shape[d] == 1 else []
    return _squeeze_dims(x, dims, "SqueezeBackward4", lambda t: squeeze(t, d))


def _squeeze_dims(x: Tensor, dims: Sequence[int], name: str, view_fn: ViewFn) -> Tensor:
    dropped = set(dims)  # a set: with 100,000 dims, `in` on a list would make this quadratic
    keep = [d for d in range(x.dim()) if d not in dropped]
    shape = [x.shape[d] for d in keep]
    strides = [x._strides[d] for d in keep]
    return make_view(x, shape, strides, x._offset, name, lambda g: (g.reshape(x.shape),), view_fn)


@numpy_names
def unsqueeze(x: Tensor, dim: int) -> Tensor:
    """Inserts a dim of size 1 at position `dim` (a view).

    Args:
        x: the input tensor.
        dim: the position of the new dim, in `[-x.dim() - 1, x.dim()]`.

    Returns:
        A view with one more dim.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([1, 2, 3])
        >>> x.unsqueeze(0).shape, x.unsqueeze(-1).shape
        (pytensor.Size([1, 3]), pytensor.Size([3, 1]))
    """
    d = _wrap_dim(dim, x.dim() + 1)
    shape = list(x.shape)
    strides = list(x._strides)
    stride = shape[d] * strides[d] if d < x.dim() else 1
    shape.insert(d, 1)
    strides.insert(d, stride)
    return make_view(
        x, shape, strides, x._offset, "UnsqueezeBackward0",
        lambda g: (g.squeeze(d),), lambda t: unsqueeze(t, d),
    )  # fmt: skip


def permute(x: Tensor, *dims: Any) -> Tensor:
    """Reorders the dims of `x` (a view): dim `i` of the result is dim `dims[i]` of x.

    Args:
        x: the input tensor.
        *dims: a permutation of the dims, as ints or one sequence; negative dims count from the
            end.

    Returns:
        A view with shape `[x.shape[d] for d in dims]`; it is usually not contiguous.

    Examples:
        >>> import pytensor
        >>> x = pytensor.zeros(2, 3, 4)
        >>> x.permute(2, 0, 1).shape, x.permute(2, 0, 1).stride()
        (pytensor.Size([4, 2, 3]), (1, 12, 4))
    """
    wanted = normalize_shape(dims)
    if len(wanted) != x.dim():
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            "length of the desired ordering of dimensions i.e. input.dim() = "
            f"{x.dim()} is not equal to len(dims) = {len(wanted)}"
        )
    order = [_wrap_dim(d, x.dim()) for d in wanted]
    if len(set(order)) != len(order):
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    inverse = [order.index(d) for d in range(x.dim())]
    return make_view(
        x, [x.shape[d] for d in order], [x._strides[d] for d in order], x._offset,
        "PermuteBackward0", lambda g: (g.permute(inverse),), lambda t: permute(t, order),
    )  # fmt: skip


def transpose(x: Tensor, dim0: int, dim1: int) -> Tensor:
    """Swaps dims `dim0` and `dim1` (a view).

    Args:
        x: the input tensor.
        dim0: one dim.
        dim1: the other dim.

    Returns:
        A view with those two sizes and strides swapped.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3], [4, 5, 6]])
        >>> pytensor.transpose(x, 0, 1)
        tensor([[1, 4],
                [2, 5],
                [3, 6]])
    """
    if x.dim() == 0:
        return make_view(x, (), (), x._offset, "TransposeBackward0", lambda g: (g,), lambda t: t)
    a, b = _wrap_dim(dim0, x.dim()), _wrap_dim(dim1, x.dim())
    order = list(range(x.dim()))
    order[a], order[b] = order[b], order[a]
    return make_view(
        x, [x.shape[d] for d in order], [x._strides[d] for d in order], x._offset,
        "TransposeBackward0", lambda g: (g.transpose(a, b),), lambda t: transpose(t, a, b),
    )  # fmt: skip


def t(x: Tensor) -> Tensor:
    """Transposes a matrix (a view); 0-D and 1-D tensors are returned as views of themselves.

    Raises:
        RuntimeError: for a tensor of more than 2 dims (use `transpose` or `mT`).

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([[1, 2, 3]]).t().shape
        pytensor.Size([3, 1])
    """
    if x.dim() > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.dim()}D")
    if x.dim() < 2:
        return make_view(x, x.shape, x._strides, x._offset, "TBackward0", lambda g: (g,), t)
    return make_view(
        x, x.shape[::-1], x._strides[::-1], x._offset, "TBackward0", lambda g: (g.t(),), t
    )


def expand(x: Tensor, *sizes: Any) -> Tensor:
    """Broadcasts `x` to `sizes` by giving the new or size-1 dims a stride of 0 (a view, no copy).

    Args:
        x: the input tensor.
        *sizes: the target shape, as ints or one sequence. New dims go in front; -1 keeps a dim's
            size; only dims of size 1 can grow.

    Returns:
        A view of shape `sizes` in which the expanded dims repeat the same memory. Write to a
        copy (`.clone()` or `.contiguous()`), not to this view. The gradient is summed back to
        x's shape.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1], [2]])
        >>> x.expand(2, 3)
        tensor([[1, 1, 1],
                [2, 2, 2]])
        >>> x.expand(4, -1, 3).stride()
        (0, 1, 0)
    """
    # The fields (_shape), not the getters: every sum's backward comes here, and each getter
    # would be a debugger stop on the learner's way to the next formula.
    shape = x._shape
    target = list(normalize_shape(sizes))
    if len(target) < len(shape):
        raise RuntimeError(
            f"expand({x.type()}{{{list(shape)}}}, size={target}): the number of sizes "
            f"provided ({len(target)}) must be greater or equal to the number of dimensions in "
            f"the tensor ({len(shape)})"
        )
    lead = len(target) - len(shape)
    for i in range(len(shape)):
        if target[lead + i] == -1:
            target[lead + i] = shape[i]
    return _expand_to(x, target)


def _expand_to(x: Tensor, target: list[int]) -> Tensor:
    """`expand` after its argument handling: `target` is complete (no -1) and fits x's shape.

    Backward formulas (SumBackward0's `grad.expand(sizes)`) call it directly: their sizes are
    right by construction, and a learner stepping through backward should reach the view, not
    the parsing of `*sizes`.
    """
    strides = expand_strides(x._shape, x._strides, target)
    return make_view(
        x, target, strides, x._offset, "ExpandBackward0",
        lambda g: (g.sum_to_size(x.shape),), lambda t: expand(t, target),
    )  # fmt: skip


def broadcast_to(x: Tensor, shape: Sequence[int]) -> Tensor:
    """`expand(x, shape)`: `x` broadcast to `shape` as a view.

    Examples:
        >>> import pytensor
        >>> pytensor.broadcast_to(pytensor.tensor([1, 2]), (2, 2))
        tensor([[1, 2],
                [1, 2]])
    """
    return expand(x, shape)


def broadcast_tensors(*tensors: Tensor) -> list[Tensor]:
    """Expands every tensor to their common broadcast shape (views).

    Args:
        *tensors: the tensors to broadcast together.

    Returns:
        A list of views, one per tensor, all of the broadcast shape.

    Note:
        PyTorch returns a tuple; pytensor returns a list (unpacking works the same).

    Examples:
        >>> import pytensor
        >>> a, b = pytensor.broadcast_tensors(pytensor.zeros(3, 1), pytensor.zeros(4))
        >>> a.shape, b.shape
        (pytensor.Size([3, 4]), pytensor.Size([3, 4]))
    """
    shape = broadcast_shapes(*(t.shape for t in tensors))
    return [expand(t, shape) for t in tensors]


# --- views that pick a subset -----------------------------------------------------------------


def select(x: Tensor, dim: int, index: int) -> Tensor:
    """The slice of `x` at position `index` along `dim`, without that dim (a view): `x[..., index]`.

    Args:
        x: the input tensor, at least 1-D.
        dim: the dim to index.
        index: the position; negative counts from the end.

    Returns:
        A view with one dim fewer.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3], [4, 5, 6]])
        >>> x.select(0, 1), x.select(1, -1)
        (tensor([4, 5, 6]), tensor([3, 6]))
    """
    if x.dim() == 0:
        raise IndexError(
            "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
            "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
        )
    d = _wrap_dim(dim, x.dim())
    dims = tuple(x._shape)  # a plain tuple: slicing a Size makes a Size each time
    size = dims[d]
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for dimension {d} with size {size}")
    i = index % size
    shape = dims[:d] + dims[d + 1 :]
    strides = x._strides[:d] + x._strides[d + 1 :]

    def fn(t: Tensor) -> Tensor:
        return select(t, d, i)

    return make_view(
        x, shape, strides, x._offset + i * x._strides[d], "SelectBackward0",
        _view_backward(x, fn), fn,
    )  # fmt: skip


def slice_dim(x: Tensor, dim: int, start: int | None, stop: int | None, step: int = 1) -> Tensor:
    """`x[..., start:stop:step, ...]` along `dim`, clamped like Python slicing (a view).

    This is what `x[a:b]` runs. It is PyTorch's `slice` op (grad_fn `SliceBackward0`), which is
    not exposed under that name.

    Args:
        x: the input tensor.
        dim: the dim to slice.
        start: the first position, or None for 0; negative counts from the end.
        stop: the end (excluded), or None for the size.
        step: the step, > 0 (negative steps are not supported, as in PyTorch).

    Returns:
        A view with `dim` shortened.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.movement import slice_dim
        >>> slice_dim(pytensor.arange(10), 0, 1, None, 3)
        tensor([1, 4, 7])
    """
    if step <= 0:
        raise ValueError("step must be greater than zero")
    d = _wrap_dim(dim, x.dim())
    begin, end, _ = slice(start, stop, step).indices(x.shape[d])
    length = max(0, (end - begin + step - 1) // step)
    shape = list(x.shape)
    shape[d] = length
    strides = list(x._strides)
    strides[d] *= step

    def fn(t: Tensor) -> Tensor:
        return slice_dim(t, d, begin, end, step)

    return make_view(
        x, shape, strides, x._offset + begin * x._strides[d], "SliceBackward0",
        _view_backward(x, fn), fn,
    )  # fmt: skip


def narrow(x: Tensor, dim: int, start: int, length: int) -> Tensor:
    """The `length` elements of `x` from `start` along `dim` (a view): `x[..., start:start+length]`.

    Args:
        x: the input tensor.
        dim: the dim to narrow.
        start: the first position; negative counts from the end.
        length: how many positions to keep.

    Returns:
        A view with `dim` of size `length`.

    Examples:
        >>> import pytensor
        >>> pytensor.narrow(pytensor.tensor([[1, 2, 3], [4, 5, 6]]), 1, 1, 2)
        tensor([[2, 3],
                [5, 6]])
    """
    d = _wrap_dim(dim, x.dim())
    if start < 0:
        start += x.shape[d]
    if start + length > x.shape[d] or length < 0:
        raise RuntimeError(
            f"start ({start}) + length ({length}) exceeds dimension size ({x.shape[d]})."
        )
    return slice_dim(x, d, start, start + length)


def diagonal(x: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """A diagonal of the matrices formed by dims `dim1` and `dim2` (a view).

    Args:
        x: the input tensor, at least 2-D.
        offset: which diagonal: 0 the main one, > 0 above it, < 0 below it.
        dim1: the first dim of the matrices.
        dim2: the second dim of the matrices.

    Returns:
        A view whose shape is x's without `dim1` and `dim2`, plus the diagonal's length as the
        last dim.

    Examples:
        >>> import pytensor
        >>> x = pytensor.arange(9).reshape(3, 3)
        >>> x.diagonal(), x.diagonal(1), x.diagonal(-1)
        (tensor([0, 4, 8]), tensor([1, 5]), tensor([3, 7]))
    """
    a, b = _wrap_dim(dim1, x.dim()), _wrap_dim(dim2, x.dim())
    if offset >= 0:
        length = max(0, min(x.shape[a], x.shape[b] - offset))
        start = x._offset + offset * x._strides[b]
    else:
        length = max(0, min(x.shape[a] + offset, x.shape[b]))
        start = x._offset - offset * x._strides[a]
    keep = [d for d in range(x.dim()) if d not in (a, b)]
    shape = [x.shape[d] for d in keep] + [length]
    strides = [x._strides[d] for d in keep] + [x._strides[a] + x._strides[b]]

    def fn(t: Tensor) -> Tensor:
        return diagonal(t, offset, a, b)

    return make_view(
        x, shape, strides, start if length else x._offset, "DiagonalBackward0",
        _view_backward(x, fn), fn,
    )  # fmt: skip


def unfold(x: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """All windows of `size` along `dimension`, `step` apart, as a new last dim (a view).

    Windows may overlap (step < size): the view then reads some elements twice, and the
    backward adds each gradient element back where it was read.

    Args:
        x: the input tensor.
        dimension: the dim to slide along.
        size: the length of each window.
        step: the distance between the starts of two windows.

    Returns:
        A view of shape `x.shape` with `dimension` replaced by the number of windows,
        `(x.shape[dimension] - size) // step + 1`, and a last dim of `size`.

    Examples:
        >>> import pytensor
        >>> pytensor.arange(5).unfold(0, 2, 1)
        tensor([[0, 1],
                [1, 2],
                [2, 3],
                [3, 4]])
    """
    d = _wrap_dim(dimension, max(x.dim(), 1))
    length = x.shape[d] if x.dim() else 1
    if size > length:
        raise RuntimeError(
            f"maximum size for tensor at dimension {d} is {length} but size is {size}"
        )
    shape = list(x.shape)
    strides = list(x._strides)
    shape[d] = (length - size) // step + 1
    strides[d] = x._strides[d] * step
    shape.append(size)
    strides.append(x._strides[d])

    def fn(t: Tensor) -> Tensor:
        return unfold(t, d, size, step)

    return make_view(
        x, shape, strides, x._offset, "UnfoldBackward0", _overlapping_view_backward(x, fn), fn
    )


def as_strided(
    x: Tensor, size: Sequence[int], stride: Sequence[int], storage_offset: int | None = None
) -> Tensor:
    """A view with an explicit layout over x's storage: `stride` and `storage_offset` count storage
    elements, whatever x's own strides are (as in PyTorch).

    Elements may be read several times; the backward adds each gradient element back to the
    element of x stored where it was read.

    Args:
        x: the tensor whose storage is viewed.
        size: the view's shape.
        stride: the view's strides.
        storage_offset: the storage position of the first element; default: x's offset.

    Returns:
        A view of shape `size`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.arange(6)
        >>> pytensor.as_strided(x, (2, 2), (1, 2), 1)
        tensor([[1, 3],
                [2, 4]])
    """
    offset = x._offset if storage_offset is None else storage_offset

    def fn(t: Tensor) -> Tensor:
        return as_strided(t.contiguous(), size, stride, offset - x._offset + t._offset)

    return make_view(
        x, tuple(size), tuple(stride), offset, "AsStridedBackward0",
        _as_strided_backward(x, size, stride, offset), fn,
    )  # fmt: skip


def _as_strided_backward(
    x: Tensor, size: Sequence[int], stride: Sequence[int], offset: int
) -> Callable[[Tensor], tuple[Tensor]]:
    """Each gradient element goes to the element of x stored where it was read. A storage
    position maps to an element of x through x's own layout (x may be a transposed view); a
    position outside x sends its gradient to a spare slot that is dropped."""

    def last(shape: Sequence[int], strides: Sequence[int], start: int) -> int:
        return start + sum((n - 1) * s for n, s in zip(shape, strides) if n)

    def backward(g: Tensor) -> tuple[Tensor]:
        n = x.numel()
        with no_grad():
            length = max(last(x.shape, x._strides, x._offset), last(size, stride, offset)) + 1
            owner = zeros(length, dtype=dtypes.int64, device=x.device) + n  # n: the spare slot
            as_strided(owner, x.shape, x._strides, x._offset).copy_(
                arange(n, device=x.device).reshape(x.shape)
            )
            positions = as_strided(owner, size, stride, offset).reshape(-1)
        grad = zeros(n + 1, dtype=g.dtype, device=g.device).index_add(0, positions, g.reshape(-1))
        return (grad[:n].reshape(x.shape),)

    return backward


# --- several views at once ----------------------------------------------------------------------


def _pieces_backward(x: Tensor, dim: int, sizes: Sequence[int]) -> Callable[[list[Any]], Any]:
    """Backward of split/chunk: concatenate the pieces' gradients (zeros where none came)."""

    def backward(grads: list[Tensor | None]) -> tuple[Tensor]:
        parts = []
        for g, size in zip(grads, sizes):
            if g is None:
                shape = list(x.shape)
                shape[dim] = size
                g = zeros(shape, dtype=x.dtype, device=x.device)
            parts.append(g)
        return (cat(parts, dim),)

    return backward


def split(
    x: Tensor, split_size_or_sections: int | Sequence[int], dim: int = 0
) -> tuple[Tensor, ...]:
    """Splits `x` into views along `dim`: pieces of `split_size_or_sections` elements each (the last
    may be smaller), or pieces of the sizes listed.

    Args:
        x: the input tensor.
        split_size_or_sections: an int (the size of each piece) or a list of sizes that sum to
            `x.shape[dim]`.
        dim: the dim to split.

    Returns:
        A tuple of views.

    Examples:
        >>> import pytensor
        >>> x = pytensor.arange(5)
        >>> x.split(2)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
        >>> x.split([1, 4])
        (tensor([0]), tensor([1, 2, 3, 4]))
    """
    d = _wrap_dim(dim, x.dim())
    length = x.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step < 0:
            raise RuntimeError(
                f"split expects split_size be non-negative, but got split_size={step}"
            )
        if step == 0 and length != 0:
            raise RuntimeError(
                "split_size can only be 0 if dimension size is 0, but got dimension size of "
                f"{length}"
            )
        sizes = [min(step, length - i) for i in range(0, length, step or 1)] or [0]
        name = "SplitBackward0"
    else:
        sizes = list(split_size_or_sections)
        if sum(sizes) != length:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {length} (input tensor's "
                f"size at dimension {d}), but got split_sizes={sizes}"
            )
        name = "SplitWithSizesBackward0"

    pieces = []
    start = 0
    with no_grad():
        for size in sizes:
            pieces.append(slice_dim(x, d, start, start + size))
            start += size
    record_multi(pieces, name, _pieces_backward(x, d, sizes), (x,))
    return tuple(pieces)


def chunk(x: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """Splits `x` into at most `chunks` views of equal size along `dim` (the last may be smaller).

    Each piece has `ceil(x.shape[dim] / chunks)` elements, as in PyTorch, so fewer than
    `chunks` pieces may come back.

    Args:
        x: the input tensor.
        chunks: the number of pieces wanted.
        dim: the dim to split.

    Returns:
        A tuple of views.

    Examples:
        >>> import pytensor
        >>> pytensor.arange(5).chunk(3)
        (tensor([0, 1]), tensor([2, 3]), tensor([4]))
    """
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    d = _wrap_dim(dim, x.dim())
    size = -(-x.shape[d] // chunks) if x.shape[d] else 1
    return split(x, max(size, 1), d)


def unbind(x: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """Every slice of `x` along `dim`, as a tuple of views without that dim.

    Args:
        x: the input tensor.
        dim: the dim to take apart.

    Returns:
        A tuple of `x.shape[dim]` views, each of x's shape without `dim`.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([[1, 2], [3, 4]]).unbind(1)
        (tensor([1, 3]), tensor([2, 4]))
    """
    d = _wrap_dim(dim, x.dim())

    with no_grad():
        pieces = [select(x, d, i) for i in range(x.shape[d])]

    def backward(grads: list[Tensor | None]) -> tuple[Tensor]:
        shape = x.shape[:d] + x.shape[d + 1 :]
        filled = [zeros(shape, dtype=x.dtype, device=x.device) if g is None else g for g in grads]
        return (stack(filled, d),)

    record_multi(pieces, "UnbindBackward0", backward, (x,))
    return tuple(pieces)


# --- copies -------------------------------------------------------------------------------------


def clone(x: Tensor) -> Tensor:
    """A copy of `x` with its own storage; the gradient passes through unchanged.

    Returns:
        A new contiguous tensor with x's shape, dtype and device.

    Note:
        PyTorch's `clone` keeps the layout of a dense tensor (`memory_format=preserve_format`),
        so a transposed tensor's clone is transposed too; pytensor's clone is always contiguous.
        There is no `memory_format` argument.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([1.0, 2.0])
        >>> y = pytensor.clone(x)
        >>> y[0] = 5.0
        >>> x, y
        (tensor([1., 2.]), tensor([5., 2.]))
    """
    out = new_tensor(x.shape, x.dtype, x.device)
    x.backend.copy(x.view_of(), out.view_of())
    return record(out, "CloneBackward0", lambda g: (g,), (x,))


def to(x: Tensor, dt: dtype | None, dev: device | None, copy: bool = False) -> Tensor:
    """`x` with another dtype and/or on another device (x itself when nothing changes).

    The function behind `Tensor.to` (which parses PyTorch's argument forms). Between devices the
    data goes through host memory. Only floating results record `ToCopyBackward0`, whose
    gradient is cast and moved back.

    Args:
        x: the input tensor.
        dt: the dtype wanted, or None to keep x's.
        dev: the device wanted, or None to keep x's.
        copy: copy even when nothing changes.

    Returns:
        `x` itself, or a new contiguous tensor.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.movement import to
        >>> to(pytensor.tensor([1.5, 2.5]), pytensor.int64, None)
        tensor([1, 2])
    """
    dt = dt or x.dtype
    dev = dev or x.device
    if dt is x.dtype and dev == x.device and not copy:
        return x
    if dev == x.device:
        out = new_tensor(x.shape, dt, dev)
        x.backend.copy(x.view_of(), out.view_of())
    else:
        # Between devices the data goes through host memory; the cast happens on the target.
        from ..backends import backend_for

        host = x.backend.to_host(x.view_of())
        target = backend_for(dev)
        moved = Tensor._make(
            Storage(target.from_host(host, x.dtype), dev),
            x.shape, contiguous_strides(x.shape), 0, x.dtype,
        )  # fmt: skip
        out = moved if dt is x.dtype else to(moved, dt, dev)
    source_dtype, source_device = x.dtype, x.device

    def backward(g: Tensor) -> tuple[Tensor]:
        return (to(g, source_dtype, source_device),)

    if not dt.is_floating_point:
        return out
    return record(out, "ToCopyBackward0", backward, (x,))


def _check_tensor_list(tensors: Sequence[Tensor], op: str) -> None:
    """PyTorch's argument parser's words for a sequence that is not all tensors."""
    if isinstance(tensors, Tensor):
        raise TypeError(
            f"{op}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor"
        )
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}"
            )


@numpy_names
def cat(
    tensors: Sequence[Tensor], dim: int = 0, *, out: Tensor | None = None
) -> Tensor:
    """Joins tensors along an existing dim (a copy).

    All tensors must have the same number of dims and the same sizes except along `dim`; they
    are promoted to a common dtype. 1-D empty tensors are skipped, as in PyTorch.

    Args:
        tensors: a sequence of tensors on one device.
        dim: the dim to join along.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        A tensor whose size along `dim` is the sum of the inputs' sizes.

    Examples:
        >>> import pytensor
        >>> a, b = pytensor.tensor([[1, 2]]), pytensor.tensor([[3, 4], [5, 6]])
        >>> pytensor.cat([a, b])
        tensor([[1, 2],
                [3, 4],
                [5, 6]])
        >>> pytensor.cat([b, b], dim=1).shape
        pytensor.Size([2, 4])
    """
    _check_tensor_list(tensors, "cat")
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("cat", cat(tensors, dim), out)
    tensors = list(tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    parts = [t for t in tensors if not (t.dim() == 1 and t.numel() == 0)] or tensors[:1]
    ref = parts[0]
    d = _wrap_dim(dim, ref.dim())
    for i, t in enumerate(parts):
        if t.dim() != ref.dim():
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {ref.dim()} and {t.dim()}"
            )
        for k in range(ref.dim()):
            if k != d and t.shape[k] != ref.shape[k]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{ref.shape[k]} but got size {t.shape[k]} for tensor number {i} in the list."
                )
    same_device(*parts)
    out_dtype = dtypes.result_type(*parts) if len(parts) > 1 else ref.dtype
    shape = list(ref.shape)
    shape[d] = sum(t.shape[d] for t in parts)
    result = new_tensor(shape, out_dtype, ref.device)
    start = 0
    layout = result.view_of()
    for t in parts:
        offset = start * result._strides[d] if result.numel() else 0
        target = View(layout.buffer, tuple(t.shape), layout.strides, offset, layout.dtype)
        result.backend.copy(t.view_of(), target)
        start += t.shape[d]
    sizes = [t.shape[d] for t in parts]

    def backward(g: Tensor) -> tuple[Tensor, ...]:
        return tuple(g.split(sizes, d)) if len(sizes) > 1 else (g,)

    return record(result, "CatBackward0", backward, parts)


@numpy_names
def stack(
    tensors: Sequence[Tensor], dim: int = 0, *, out: Tensor | None = None
) -> Tensor:
    """Joins tensors of the same shape along a new dim `dim` (a copy).

    Args:
        tensors: a non-empty sequence of tensors of one shape.
        dim: the position of the new dim, in `[-tensors[0].dim() - 1, tensors[0].dim()]`.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        A tensor with one more dim, of size `len(tensors)`.

    Examples:
        >>> import pytensor
        >>> a, b = pytensor.tensor([1, 2]), pytensor.tensor([3, 4])
        >>> pytensor.stack([a, b]), pytensor.stack([a, b], dim=1).shape
        (tensor([[1, 2],
                [3, 4]]), pytensor.Size([2, 2]))
    """
    _check_tensor_list(tensors, "stack")
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("stack", stack(tensors, dim), out)
    tensors = list(tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    for i, t in enumerate(tensors):
        if t.shape != tensors[0].shape:
            raise RuntimeError(
                "stack expects each tensor to be equal size, but got "
                f"{list(tensors[0].shape)} at entry 0 and {list(t.shape)} at entry {i}"
            )
    d = _wrap_dim(dim, tensors[0].dim() + 1)
    same_device(*tensors)
    shape = list(tensors[0].shape)
    shape.insert(d, len(tensors))
    result = new_tensor(shape, dtypes.result_type(*tensors), tensors[0].device)
    # Tensor i goes to result.select(d, i): one copy each, as `cat` of the unsqueezed tensors
    # would do, without making those views (collating a batch stacks many small tensors).
    layout = result.view_of()
    strides = layout.strides[:d] + layout.strides[d + 1 :]
    item_shape, step = tuple(tensors[0].shape), layout.strides[d]
    for i, t in enumerate(tensors):
        target = View(layout.buffer, item_shape, strides, i * step, layout.dtype)
        result.backend.copy(t.view_of(), target)
    return record(result, "StackBackward0", lambda g: tuple(g.unbind(d)), tensors)


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """Joins tensors horizontally: along dim 0 for 1-D tensors, else along dim 1.

    Args:
        tensors: a non-empty sequence of tensors.

    Returns:
        The concatenation, as `cat`.

    0-dim tensors count as 1-D tensors of one element (`atleast_1d`), as in PyTorch.

    Examples:
        >>> import pytensor
        >>> pytensor.hstack([pytensor.tensor([1, 2]), pytensor.tensor([3])])
        tensor([1, 2, 3])
    """
    tensors = [t.reshape(1) if t.dim() == 0 else t for t in tensors]
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1)


def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """Joins tensors vertically, along dim 0, after making 0-D and 1-D tensors rows `(1, n)`.

    Args:
        tensors: a non-empty sequence of tensors.

    Returns:
        The concatenation, at least 2-D.

    Examples:
        >>> import pytensor
        >>> pytensor.vstack([pytensor.tensor([1, 2]), pytensor.tensor([3, 4])])
        tensor([[1, 2],
                [3, 4]])
    """
    return cat([t.reshape(1, -1) if t.dim() < 2 else t for t in tensors], 0)


def flip(x: Tensor, dims: int | Sequence[int]) -> Tensor:
    """Reverses the order of the elements along `dims` (a copy: strides are never negative here).

    Args:
        x: the input tensor.
        dims: a dim or a sequence of dims.

    Returns:
        A new tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2], [3, 4]])
        >>> pytensor.flip(x, [0]), pytensor.flip(x, (0, 1))
        (tensor([[3, 4],
                [1, 2]]), tensor([[4, 3],
                [2, 1]]))
    """

    out = x
    with no_grad():
        for d in [dims] if isinstance(dims, int) else dims:
            n = x.shape[_wrap_dim(d, x.dim())]
            out = out.index_select(d, arange(n - 1, -1, -1, device=x.device))
    if out is x:
        out = clone(x).detach()
    return record(out, "FlipBackward0", lambda g: (flip(g, dims),), (x,))


def roll(x: Tensor, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor:
    """Shifts the elements along `dims` by `shifts`, wrapping around (a copy).

    Args:
        x: the input tensor.
        shifts: an int, or one int per dim in `dims`.
        dims: a dim or a sequence of dims; None rolls the flattened tensor and restores its
            shape.

    Returns:
        A new tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3], [4, 5, 6]])
        >>> pytensor.roll(x, 1), pytensor.roll(x, -1, dims=1)
        (tensor([[6, 1, 2],
                [3, 4, 5]]), tensor([[2, 3, 1],
                [5, 6, 4]]))
    """
    with no_grad():
        out = _rolled(x, shifts, dims)
        if out._storage is x._storage:  # nothing moved (empty dims): still return a copy
            out = clone(out)
    back = -shifts if isinstance(shifts, int) else [-s for s in shifts]
    return record(out, "RollBackward0", lambda g: (roll(g, back, dims),), (x,))


def _rolled(x: Tensor, shifts: int | Sequence[int], dims: int | Sequence[int] | None) -> Tensor:
    if dims is None:
        return _rolled(x.reshape(-1), shifts, 0).reshape(x.shape)
    from .creation import tensor

    shift_list = [shifts] if isinstance(shifts, int) else list(shifts)
    dim_list = [dims] if isinstance(dims, int) else list(dims)
    out = x
    for shift, d in zip(shift_list, dim_list):
        d = _wrap_dim(d, x.dim())
        n = x.shape[d]
        if n:
            index = [(i - shift) % n for i in range(n)]
            out = out.index_select(d, tensor(index, device=x.device))
    return out


def repeat(x: Tensor, *sizes: Any) -> Tensor:
    """Tiles `x`: each dim repeated `sizes[i]` times (a copy), as `Tensor.repeat` in PyTorch.

    `sizes` may have more entries than x has dims: x is then treated as if it had leading dims of
    size 1. Built as expand + reshape: dim i of the result, of size reps[i] * size[i], is read as
    the pair (reps[i], size[i]), and the backward sums the gradient over the reps.

    Args:
        x: the input tensor.
        *sizes: the number of repetitions per dim, as ints or one sequence (at least x.dim()
            of them).

    Returns:
        A tensor whose dim `i` has size `sizes[i] * x.shape[i]`.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([1, 2]).repeat(2, 2)
        tensor([[1, 2, 1, 2],
                [1, 2, 1, 2]])
    """
    reps = normalize_shape(sizes)
    if len(reps) < x.dim():
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    shape = [1] * (len(reps) - x.dim()) + list(x.shape)
    interleaved: list[int] = []
    expanded: list[int] = []
    for r, s in zip(reps, shape):
        interleaved += [1, s]
        expanded += [r, s]
    with no_grad():
        out = x.reshape(interleaved).expand(expanded).reshape([r * s for r, s in zip(reps, shape)])
        if out._storage is x._storage:  # all reps 1: the reshape was a view, but repeat copies
            out = clone(out)
    rep_dims = list(range(0, len(expanded), 2))

    def backward(g: Tensor) -> tuple[Tensor]:
        pairs = g.reshape(expanded)
        return ((pairs.sum(rep_dims) if rep_dims else pairs).reshape(x.shape),)

    return record(out, "RepeatBackward0", backward, (x,))


def tile(x: Tensor, *dims: Any) -> Tensor:
    """`repeat` that also accepts fewer repetitions than dims (missing ones count as 1, in front).

    Args:
        x: the input tensor.
        *dims: the number of repetitions per dim, as ints or one sequence.

    Returns:
        The tiled copy.

    Examples:
        >>> import pytensor
        >>> pytensor.tile(pytensor.tensor([[1, 2], [3, 4]]), (2,))
        tensor([[1, 2, 1, 2],
                [3, 4, 3, 4]])
    """
    reps = list(normalize_shape(dims))
    reps = [1] * (x.dim() - len(reps)) + reps
    return repeat(x, reps)


def tril(x: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims (`col - row <= diagonal`), zeros above it (a copy).

    Args:
        x: the input tensor, at least 2-D (a batch of matrices).
        diagonal: 0 keeps the main diagonal; > 0 keeps more diagonals above it, < 0 fewer.

    Returns:
        A tensor of x's shape and dtype; the gradient flows through the same triangle.

    Examples:
        >>> import pytensor
        >>> pytensor.tril(pytensor.ones(3, 3, dtype=pytensor.int64))
        tensor([[1, 0, 0],
                [1, 1, 0],
                [1, 1, 1]])
    """
    return _triangle(x, diagonal, lower=True)


def triu(x: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims (`col - row >= diagonal`), zeros below it (a copy).

    Args:
        x: the input tensor, at least 2-D (a batch of matrices).
        diagonal: 0 keeps the main diagonal; > 0 drops it and more diagonals, < 0 keeps some below.

    Returns:
        A tensor of x's shape and dtype. `triu(ones(n, n), 1).bool()` is the causal mask of a
        Transformer.

    Examples:
        >>> import pytensor
        >>> pytensor.triu(pytensor.ones(3, 3, dtype=pytensor.int64), diagonal=1)
        tensor([[0, 1, 1],
                [0, 0, 1],
                [0, 0, 0]])
    """
    return _triangle(x, diagonal, lower=False)


def _triangle(x: Tensor, diagonal: int, lower: bool) -> Tensor:
    """tril/triu: keep x where the mask holds. The gradient flows through the same triangle."""
    from .pointwise import where

    name = "tril" if lower else "triu"
    if x.dim() < 2:
        raise RuntimeError(f"{name}: input tensor must have at least 2 dimensions")
    rows, cols = x.shape[-2], x.shape[-1]
    r = arange(rows, device=x.device).reshape(rows, 1)
    c = arange(cols, device=x.device).reshape(1, cols)
    mask = (c - r <= diagonal) if lower else (c - r >= diagonal)
    with no_grad():
        # A zero of x's own dtype, so that a bool (or int) tensor keeps its dtype.
        out = where(mask, x, zeros((), dtype=x.dtype, device=x.device))
    return record(
        out, "TrilBackward0" if lower else "TriuBackward0",
        lambda g: (_triangle(g, diagonal, lower),), (x,),
    )  # fmt: skip


def diag(x: Tensor, diagonal: int = 0) -> Tensor:
    """1-D input: a square matrix with `x` on a diagonal. 2-D input: that diagonal, as a 1-D copy.

    Args:
        x: a 1-D or 2-D tensor.
        diagonal: which diagonal: 0 the main one, > 0 above it, < 0 below it.

    Returns:
        For `x` of length n, a matrix of size `n + |diagonal|`; for a matrix, a 1-D tensor.

    Note:
        For a 2-D input the grad_fn is `CloneBackward0` (a copy of `diagonal`), where PyTorch
        records `DiagonalBackward0_copy`. The gradients are the same.

    Examples:
        >>> import pytensor
        >>> pytensor.diag(pytensor.tensor([1, 2]))
        tensor([[1, 0],
                [0, 2]])
        >>> pytensor.diag(pytensor.tensor([[1, 2], [3, 4]]))
        tensor([1, 4])
    """
    if x.dim() == 2:
        return diagonal_copy(x, diagonal)
    return _diag_embed(x, diagonal, x.shape[0] + abs(diagonal))


def diagonal_copy(x: Tensor, offset: int = 0) -> Tensor:
    """`diagonal(x, offset)` as a new contiguous tensor instead of a view.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.movement import diagonal_copy
        >>> diagonal_copy(pytensor.tensor([[1, 2], [3, 4]]), 1)
        tensor([2])
    """
    return clone(diagonal(x, offset))


def _diag_embed(x: Tensor, offset: int, n: int) -> Tensor:
    """Put x on diagonal `offset` of an n x n zero matrix (differentiable)."""
    rows = arange(x.shape[0], device=x.device) + max(-offset, 0)
    cols = arange(x.shape[0], device=x.device) + max(offset, 0)
    flat_index = rows * n + cols
    base = zeros(n * n, dtype=x.dtype, device=x.device)
    return base.index_add(0, flat_index, x).reshape(n, n)
