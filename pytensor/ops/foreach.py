"""Ops over a list of tensors, as PyTorch's `torch._foreach_*`: what an optimizer's `foreach`
path (optim/_foreach.py) runs on all of a group's parameters at once.

Each is a loop that runs one backend primitive per tensor, and nothing else: the tensors come
from one parameter group, so their dtypes and devices match, and no graph is recorded (an
optimizer step runs under `no_grad`). The per-op checks of `cat` or `add_` would cost more
than the small kernels they launch.

>>> import pytensor
>>> from pytensor.ops.foreach import flatten, add_slices_
>>> a, b = pytensor.ones(2), pytensor.zeros(1, 2)
>>> flatten([a, b])
tensor([1., 1., 0., 0.])
>>> add_slices_([a, b], pytensor.tensor([1.0, 2.0, 3.0, 4.0]))
>>> a, b
(tensor([2., 3.]), tensor([[3., 4.]]))
"""

from __future__ import annotations

from collections.abc import Sequence

from ..backends import View
from ..backends.base import contiguous_strides
from ..tensor import Tensor
from .creation import new_tensor


def _slices(tensors: Sequence[Tensor], flat: Tensor) -> list[View]:
    """Consecutive slices of `flat`, each shaped like one of the tensors."""
    views, offset = [], flat._offset
    for t in tensors:
        views.append(View(flat._storage.buffer, t.shape, contiguous_strides(t.shape), offset,
                          flat.dtype))  # fmt: skip
        offset += t.numel()
    return views


def flatten(tensors: Sequence[Tensor]) -> Tensor:
    """The elements of every tensor, one tensor after another, in a new 1-D tensor:
    `cat([t.reshape(-1) for t in tensors])`, one copy kernel per tensor."""
    first = tensors[0]
    flat = new_tensor((sum(t.numel() for t in tensors),), first.dtype, first.device)
    for t, piece in zip(tensors, _slices(tensors, flat)):
        t.backend.copy(t.view_of(), piece)
    return flat


def add_slices_(tensors: Sequence[Tensor], flat: Tensor) -> None:
    """Add to each tensor, in place, its slice of `flat` (laid out as `flatten` lays them):
    `torch._foreach_add_(tensors, pieces)`, one add kernel per tensor."""
    for t, piece in zip(tensors, _slices(tensors, flat)):
        view = t.view_of()
        t.backend.binary("add", view, piece, view)
        t._bump_version()
