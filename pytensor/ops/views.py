"""Views (metadata only) that reshape, permute or expand, and `make_view`, which they all use.

A view shares its input's storage and gets new shape, strides and offset. Its backward is the
inverse movement of the gradient. Views that pick a subset of elements (select, slice,
diagonal) share one backward, `_view_backward`: the gradient is written into the same view of
a zero tensor. Views that may read an element twice (unfold, as_strided) add each gradient
element back at the position it reads (`_overlapping_view_backward`, and as_strided's own).
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from .._interop import numpy_names
from .._layout import broadcast_shapes, expand_strides, infer_size, normalize_shape, view_strides
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..dtypes import dtype
from ..tensor import Tensor, _wrap_dim
from .conversion import clone
from .creation import arange, zeros

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
