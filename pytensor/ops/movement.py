"""Movement ops: views (metadata only) and the copies that rearrange data (cat, flip, repeat).

A view shares its input's storage and gets new shape, strides and offset. Its backward is the
inverse movement of the gradient. Views that pick a subset of elements (select, slice,
diagonal) share one backward, `_view_backward`: the gradient is written into the same view of
a zero tensor. Views that may read an element twice (unfold, as_strided) add each gradient
element back at the position it reads (`_overlapping_view_backward`, and as_strided's own).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .. import dtypes
from .._device import device, same_device
from .._layout import broadcast_shapes, expand_strides, infer_size, normalize_shape, view_strides
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record, record_multi
from ..backends.base import contiguous_strides
from ..dtypes import dtype
from ..tensor import Storage, Tensor, _wrap_dim
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
    kept (composed with x's own) so in-place writes through the view can update the base."""
    out = Tensor._make(x._storage, shape, strides, offset, x.dtype)
    out._base = x if x._base is None else x._base
    out._view_version = x._storage.version
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
    """A view when the layout allows one, otherwise a contiguous copy."""
    new_shape = infer_size(normalize_shape(shape), x.numel())
    if view_strides(x.shape, x._strides, new_shape) is not None:
        return view(x, new_shape)
    # PyTorch's copy path is `_unsafe_view(clone(x), shape)`: the copy is private to this call,
    # so its reshape needs no view tracking (grad_fn UnsafeViewBackward0 after CloneBackward0).
    return unsafe_view(clone(x), new_shape)


def unsafe_view(x: Tensor, shape: Sequence[int]) -> Tensor:
    """torch's `_unsafe_view`: reshape a tensor that only the caller holds (a fresh copy or a
    product), sharing its storage but without making the result a view (no `_base`)."""
    new_shape = infer_size(normalize_shape(shape), x.numel())
    strides = view_strides(x.shape, x._strides, new_shape)
    assert strides is not None, "unsafe_view expects a layout that needs no copy"
    out = Tensor._make(x._storage, new_shape, strides, x._offset, x.dtype)
    return record(out, "UnsafeViewBackward0", lambda g: (g.reshape(x.shape),), (x,))


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    if x.dim() == 0:
        return reshape(x, 1)
    start, end = _wrap_dim(start_dim, x.dim()), _wrap_dim(end_dim, x.dim())
    if start == end:
        return x
    merged = math.prod(x.shape[start : end + 1])  # not -1: that is ambiguous for empty tensors
    return reshape(x, list(x.shape[:start]) + [merged] + list(x.shape[end + 1 :]))


def unflatten(x: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:
    d = _wrap_dim(dim, x.dim())
    return view(x, list(x.shape[:d]) + list(sizes) + list(x.shape[d + 1 :]))


def squeeze(x: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
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
    PyTorch): the same view as squeeze(x, dim), recorded under the in-place overload's name."""
    d = _wrap_dim(dim, x.dim())
    dims = [d] if x.shape[d] == 1 else []
    return _squeeze_dims(x, dims, "SqueezeBackward4", lambda t: squeeze(t, d))


def _squeeze_dims(x: Tensor, dims: Sequence[int], name: str, view_fn: ViewFn) -> Tensor:
    keep = [d for d in range(x.dim()) if d not in dims]
    shape = [x.shape[d] for d in keep]
    strides = [x._strides[d] for d in keep]
    return make_view(x, shape, strides, x._offset, name, lambda g: (g.reshape(x.shape),), view_fn)


def unsqueeze(x: Tensor, dim: int) -> Tensor:
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
    if x.dim() > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.dim()}D")
    if x.dim() < 2:
        return make_view(x, x.shape, x._strides, x._offset, "TBackward0", lambda g: (g,), t)
    return make_view(
        x, x.shape[::-1], x._strides[::-1], x._offset, "TBackward0", lambda g: (g.t(),), t
    )


def expand(x: Tensor, *sizes: Any) -> Tensor:
    """Broadcast x to `sizes` by giving the new or size-1 dims a stride of 0 (no copy)."""
    target = list(normalize_shape(sizes))
    if len(target) < x.dim():
        raise RuntimeError(
            f"expand({x.type()}{{{list(x.shape)}}}, size={target}): the number of sizes "
            f"provided ({len(target)}) must be greater or equal to the number of dimensions in "
            f"the tensor ({x.dim()})"
        )
    lead = len(target) - x.dim()
    for i in range(x.dim()):
        if target[lead + i] == -1:
            target[lead + i] = x.shape[i]
    strides = expand_strides(x.shape, x._strides, target)
    return make_view(
        x, target, strides, x._offset, "ExpandBackward0",
        lambda g: (g.sum_to_size(x.shape),), lambda t: expand(t, target),
    )  # fmt: skip


def broadcast_to(x: Tensor, shape: Sequence[int]) -> Tensor:
    return expand(x, shape)


def broadcast_tensors(*tensors: Tensor) -> list[Tensor]:
    shape = broadcast_shapes(*(t.shape for t in tensors))
    return [expand(t, shape) for t in tensors]


# --- views that pick a subset -----------------------------------------------------------------


def select(x: Tensor, dim: int, index: int) -> Tensor:
    if x.dim() == 0:
        raise IndexError(
            "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
            "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
        )
    d = _wrap_dim(dim, x.dim())
    size = x.shape[d]
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for dimension {d} with size {size}")
    i = index % size
    shape = x.shape[:d] + x.shape[d + 1 :]
    strides = x._strides[:d] + x._strides[d + 1 :]

    def fn(t: Tensor) -> Tensor:
        return select(t, d, i)

    return make_view(
        x, shape, strides, x._offset + i * x._strides[d], "SelectBackward0",
        _view_backward(x, fn), fn,
    )  # fmt: skip


def slice_dim(x: Tensor, dim: int, start: int | None, stop: int | None, step: int = 1) -> Tensor:
    """x[..., start:stop:step, ...] along `dim`, clamped like Python slicing (step > 0)."""
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
    d = _wrap_dim(dim, x.dim())
    if start < 0:
        start += x.shape[d]
    if start + length > x.shape[d] or length < 0:
        raise RuntimeError(
            f"start ({start}) + length ({length}) exceeds dimension size ({x.shape[d]})."
        )
    return slice_dim(x, d, start, start + length)


def diagonal(x: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
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
    """All windows of `size` along `dimension`, `step` apart, as a new last dim (a view)."""
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
    """A view with explicit layout over x's storage: `stride` and `storage_offset` count storage
    elements, whatever x's own strides are (as in PyTorch)."""
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
    d = _wrap_dim(dim, x.dim())
    length = x.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        sizes = [min(step, length - i) for i in range(0, length, step)] or [0]
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
    d = _wrap_dim(dim, x.dim())
    size = -(-x.shape[d] // chunks) if x.shape[d] else 1
    return split(x, max(size, 1), d)


def unbind(x: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
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
    out = new_tensor(x.shape, x.dtype, x.device)
    x.backend.copy(x.view_of(), out.view_of())
    return record(out, "CloneBackward0", lambda g: (g,), (x,))


def to(x: Tensor, dt: dtype | None, dev: device | None, copy: bool = False) -> Tensor:
    """x with another dtype and/or on another device (x itself when nothing changes)."""
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


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dim. 1-D empty tensors are skipped, as in torch."""
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
    out = new_tensor(shape, out_dtype, ref.device)
    start = 0
    for t in parts:
        target = out.view_of()._replace(
            shape=t.shape, offset=start * out._strides[d] if out.numel() else 0
        )
        out.backend.copy(t.view_of(), target)
        start += t.shape[d]
    sizes = [t.shape[d] for t in parts]

    def backward(g: Tensor) -> tuple[Tensor, ...]:
        return tuple(g.split(sizes, d)) if len(sizes) > 1 else (g,)

    return record(out, "CatBackward0", backward, parts)


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
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

    with no_grad():
        out = cat([unsqueeze(t, d) for t in tensors], d)
    return record(out, "StackBackward0", lambda g: tuple(g.unbind(d)), tensors)


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1)


def vstack(tensors: Sequence[Tensor]) -> Tensor:
    return cat([t.reshape(1, -1) if t.dim() < 2 else t for t in tensors], 0)


def flip(x: Tensor, dims: int | Sequence[int]) -> Tensor:
    """Reverse the order along `dims` (a copy: strides are never negative here)."""

    out = x
    with no_grad():
        for d in [dims] if isinstance(dims, int) else dims:
            n = x.shape[_wrap_dim(d, x.dim())]
            out = out.index_select(d, arange(n - 1, -1, -1, device=x.device))
    if out is x:
        out = clone(x).detach()
    return record(out, "FlipBackward0", lambda g: (flip(g, dims),), (x,))


def roll(x: Tensor, shifts: int | Sequence[int], dims: int | Sequence[int] | None = None) -> Tensor:
    """Shift elements along dims, wrapping around (a copy). Without dims, x is rolled flat."""
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
    """Tile x: each dim repeated sizes[i] times (a copy), built as expand + reshape.

    Dim i of the result, of size reps[i] * size[i], is read as the pair (reps[i], size[i]):
    x is broadcast along the reps and the pairs are merged. The backward undoes exactly that:
    split each dim of the gradient into its pair and sum over the reps.
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
    reps = list(normalize_shape(dims))
    reps = [1] * (x.dim() - len(reps)) + reps
    return repeat(x, reps)


def tril(x: Tensor, diagonal: int = 0) -> Tensor:
    """The lower triangle of the last two dims (col - row <= diagonal); zeros above it."""
    return _triangle(x, diagonal, lower=True)


def triu(x: Tensor, diagonal: int = 0) -> Tensor:
    """The upper triangle of the last two dims (col - row >= diagonal); zeros below it."""
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
    """1-D: a matrix with x on a diagonal. 2-D: the diagonal as a 1-D copy."""
    if x.dim() == 2:
        return diagonal_copy(x, diagonal)
    return _diag_embed(x, diagonal, x.shape[0] + abs(diagonal))


def diagonal_copy(x: Tensor, offset: int = 0) -> Tensor:
    return clone(diagonal(x, offset))


def _diag_embed(x: Tensor, offset: int, n: int) -> Tensor:
    """Put x on diagonal `offset` of an n x n zero matrix (differentiable)."""
    rows = arange(x.shape[0], device=x.device) + max(-offset, 0)
    cols = arange(x.shape[0], device=x.device) + max(offset, 0)
    flat_index = rows * n + cols
    base = zeros(n * n, dtype=x.dtype, device=x.device)
    return base.index_add(0, flat_index, x).reshape(n, n)
