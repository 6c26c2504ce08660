"""Indexing along one dim: gather/scatter, scatter_add, index_select, index_add, take_along_dim.

Each reads (gather) or writes (scatter) at the positions an index tensor names; the gradient of
a read is the matching scatter-add, and the gradient of a write is a gather.
"""

from __future__ import annotations

from collections.abc import Sequence

from .. import dtypes
from .._device import same_device
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..backends import View
from ..backends.base import index_errors_as
from ..dtypes import Number
from ..tensor import Tensor, _wrap_dim
from . import pointwise as P
from .creation import (
    fill_scalar,
    from_values,
    new_tensor,
    zeros,
    zeros_like,
)
from .index_checks import check_index_shape, check_select_bounds, long_index
from .movement import clone


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
