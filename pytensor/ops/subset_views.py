"""Views that pick a subset of elements (select, slice_dim, narrow, diagonal, unfold,
as_strided), and several views at once (split, chunk, unbind).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .. import dtypes
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record_multi
from ..tensor import Tensor, _wrap_dim
from .creation import arange, zeros
from .joining import cat, stack
from .views import _overlapping_view_backward, _view_backward, make_view

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
