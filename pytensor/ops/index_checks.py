"""PyTorch's argument checks for the indexing ops, in its words.

The ops in indexing.py call these before they touch a backend, so that a learner's mistake
(a gather index with the wrong number of dims, an embedding index past the table, `x[i] = v`
with a `v` of the wrong shape) reads as it would in PyTorch.
"""

from __future__ import annotations

from .. import dtypes
from ..tensor import Tensor
from . import pointwise as P


def long_index(index: Tensor, op: str) -> Tensor:
    """The index as int64, which the kernels read; PyTorch takes int32 indices too."""
    if index.dtype is dtypes.int32:
        return P.cast(index, dtypes.int64)
    if index.dtype is not dtypes.int64:
        raise RuntimeError(f"{op}(): Expected dtype int32/int64 for index")
    return index


def check_index_shape(x: Tensor, d: int, index: Tensor, src: Tensor | None, op: str) -> None:
    """PyTorch's gather/scatter shape checks, in its words: as many dims as x, and no larger
    than x (apart from along `d`) or than src."""
    if max(index.dim(), 1) != max(x.dim(), 1):
        name = "input" if op == "gather" else "self"
        raise RuntimeError(f"Index tensor must have the same number of dimensions as {name} tensor")
    if x.dim() == 0:
        return
    larger = [i for i in range(x.dim()) if i != d and index.shape[i] > x.shape[i]]
    shapes = f"index {list(index.shape)} to be no larger than self {list(x.shape)}"
    if op == "gather":
        if larger:
            raise RuntimeError(
                f"Size does not match at dimension {larger[0]} expected {shapes} "
                f"apart from dimension {d}"
            )
        return
    if src is not None and src.dim() == index.dim():
        larger += [i for i in range(index.dim()) if index.shape[i] > src.shape[i]]
    if not larger:
        return
    message = f"Expected {shapes} apart from dimension {d}"
    if src is not None:
        message += f" and to be no larger size than src {list(src.shape)}"
    raise RuntimeError(message)


def values_fitting(values: Tensor, target_shape: list[int]) -> Tensor:
    """The values of index_put without their leading dims of size 1, which PyTorch drops, so
    that `x[i] = ones(1, 2)` works; refused in PyTorch's words unless they broadcast to the
    shape of x[indices]."""
    shape = list(values.shape)
    while shape and shape[0] == 1:
        shape.pop(0)
    fits = len(shape) <= len(target_shape) and all(
        v in (t, 1) for v, t in zip(reversed(shape), reversed(target_shape))
    )
    if not fits:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {shape} cannot be broadcast to indexing "
            f"result of shape {target_shape}"
        )
    return values.reshape(shape) if len(shape) < values.dim() else values


def check_select_bounds(index: Tensor, size: int, dim: int) -> None:
    """index_select's bounds check, in the words of PyTorch's CPU kernels: dim 1 of a matrix
    or more has its own kernel and its own message."""
    if index.device.type != "cpu":
        return  # the device's gather kernel checks, without copying the indices to the host
    for i in index._host_values():
        if not 0 <= int(i) < size:
            if dim == 1:
                raise RuntimeError(f"INDICES element is out of DATA bounds, id={i} axis_dim={size}")
            raise IndexError("index out of range in self")
