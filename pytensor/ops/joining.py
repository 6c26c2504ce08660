"""Joining tensors into one (a copy): cat, stack, hstack, vstack."""

from __future__ import annotations

from collections.abc import Sequence

from .. import dtypes
from .._device import same_device
from .._interop import numpy_names
from ..autograd.graph import record
from ..backends import View
from ..tensor import Tensor, _wrap_dim
from .arguments import write_out
from .creation import new_tensor


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
