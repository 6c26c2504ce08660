"""The copies that rearrange data: flip, roll, repeat, tile, tril, triu, diag, diagonal_copy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .._layout import normalize_shape
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..tensor import Tensor, _wrap_dim
from .conversion import clone
from .creation import arange, zeros
from .subset_views import diagonal


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
