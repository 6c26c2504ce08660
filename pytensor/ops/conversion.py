"""clone and `to`: the same values in new memory, or with another dtype or on another device."""

from __future__ import annotations

from .._device import device
from ..autograd.graph import record
from ..backends.base import contiguous_strides
from ..dtypes import dtype
from ..tensor import Storage, Tensor
from .creation import new_tensor

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
