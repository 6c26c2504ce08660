"""nonzero and masked_fill (masked_select, `x[mask]`, is in advanced_indexing.py).

The size of nonzero's result depends on the values: it runs on the tensor's device, from scan
and scatter, but reads one number back to the host (the size of the result, which must be known
to allocate it). PyTorch's CUDA nonzero syncs for the same reason.
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
    arange,
    fill_scalar,
    from_values,
    new_tensor,
    zeros,
)
from .gather_scatter import scatter
from .movement import stack
from .reduction import cumsum

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
