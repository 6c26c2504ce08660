"""Pure shape and stride arithmetic: broadcasting, view strides, expand. No data is touched."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from .backends.base import contiguous_strides


def broadcast_shapes(*shapes: Sequence[int]) -> tuple[int, ...]:
    """The shape two or more shapes broadcast to, aligning them at the right."""
    first = shapes[0]
    if len(shapes) == 2 and shapes[1] == first:  # the common case: nothing to broadcast
        return tuple(first)
    if all(s == first for s in shapes[1:]):
        return tuple(first)
    return _broadcast(tuple(tuple(s) for s in shapes))


@lru_cache(maxsize=4096)
def _broadcast(shapes: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    """`broadcast_shapes`, cached: a training loop broadcasts the same few shapes each step."""
    ndim = max((len(s) for s in shapes), default=0)
    result = [1] * ndim
    for shape in shapes:
        # From the last dimension backwards, as PyTorch's infer_size does, so that the error
        # names the same dimension when several disagree.
        for i, size in reversed(list(enumerate(shape))):
            d = ndim - len(shape) + i
            if size == result[d] or size == 1:
                continue
            if result[d] == 1:
                result[d] = size
                continue
            raise RuntimeError(
                f"The size of tensor a ({result[d]}) must match the size of tensor b ({size}) "
                f"at non-singleton dimension {d}"
            )
    return tuple(result)


def expand_strides(
    shape: Sequence[int], strides: Sequence[int], target: Sequence[int]
) -> tuple[int, ...]:
    """Strides that read a tensor of `shape` as `target` (see `_expanded`)."""
    return _expanded(tuple(shape), tuple(strides), tuple(target))


@lru_cache(maxsize=4096)
def _expanded(
    shape: tuple[int, ...], strides: tuple[int, ...], target: tuple[int, ...]
) -> tuple[int, ...]:
    """Strides that read a tensor of `shape` as `target`: broadcast dims get stride 0.

    Mirrors ATen's inferExpandGeometry, walking from the last dim: a new leading dim of size 1
    gets the stride it would have in a contiguous layout; only dims that really repeat get 0.
    """
    lead = len(target) - len(shape)
    if lead < 0:
        raise RuntimeError(
            f"expand: the number of sizes provided ({len(target)}) must be greater or equal to "
            f"the number of dimensions in the tensor ({len(shape)})"
        )
    result = [0] * len(target)
    for d in range(len(target) - 1, -1, -1):
        want = target[d]
        if d < lead:
            if want < 0:
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) isn't allowed in a leading, "
                    f"non-existing dimension {d}"
                )
            size = 1
            stride = result[d + 1] * target[d + 1] if d + 1 < len(target) else 0
        else:
            size, stride = shape[d - lead], strides[d - lead]
            if want == -1:
                want = size
        if size != want:
            if size != 1:
                raise RuntimeError(
                    f"The expanded size of the tensor ({want}) must match the existing size "
                    f"({size}) at non-singleton dimension {d}.  Target sizes: {list(target)}."
                    f"  Tensor sizes: {list(shape)}"
                )
            stride = 0
        result[d] = stride
    return tuple(result)


def infer_size(shape: Sequence[int], numel: int) -> tuple[int, ...]:
    """Resolve a single -1 in a view/reshape shape."""
    shape = list(shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = 1
    for s in shape:
        if s != -1:
            if s < 0:
                raise RuntimeError(f"invalid shape dimension {s}")
            known *= s
    if -1 in shape:
        if known == 0 or numel % known:
            raise RuntimeError(f"shape '{_fmt(shape)}' is invalid for input of size {numel}")
        shape[shape.index(-1)] = numel // known
    elif known != numel:
        raise RuntimeError(f"shape '{_fmt(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


def _fmt(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(s) for s in shape) + "]"


def view_strides(
    shape: Sequence[int], strides: Sequence[int], new_shape: Sequence[int]
) -> tuple[int, ...] | None:
    """Strides for reading the same elements as `new_shape` without a copy, or None (see
    `_view_strides`; cached, since a training loop reshapes the same few layouts)."""
    return _view_strides(tuple(shape), tuple(strides), tuple(new_shape))


@lru_cache(maxsize=4096)
def _view_strides(
    shape: tuple[int, ...], strides: tuple[int, ...], new_shape: tuple[int, ...]
) -> tuple[int, ...] | None:
    """Strides for reading the same elements as `new_shape` without a copy, or None.

    Follows ATen's computeStride: group old dims into runs that are contiguous with each other,
    and a new shape is viewable when it only splits or merges within runs.
    """
    if 0 in shape or not shape:
        # ATen: an empty tensor viewed as its own shape keeps its strides.
        same = tuple(shape) == tuple(new_shape)
        return tuple(strides) if same else contiguous_strides(new_shape)
    new_strides = [0] * len(new_shape)
    view_d = len(new_shape) - 1
    chunk_base_stride = strides[-1]
    tensor_numel = 1
    view_numel = 1
    for tensor_d in range(len(shape) - 1, -1, -1):
        tensor_numel *= shape[tensor_d]
        # A run ends where the next-outer dim is not laid out right after this one.
        if tensor_d == 0 or (
            shape[tensor_d - 1] != 1 and strides[tensor_d - 1] != tensor_numel * chunk_base_stride
        ):
            while view_d >= 0 and (view_numel < tensor_numel or new_shape[view_d] == 1):
                new_strides[view_d] = view_numel * chunk_base_stride
                view_numel *= new_shape[view_d]
                view_d -= 1
            if view_numel != tensor_numel:
                return None
            if tensor_d > 0:
                chunk_base_stride = strides[tensor_d - 1]
                tensor_numel = 1
                view_numel = 1
    if view_d != -1:
        return None
    return tuple(new_strides)


def check_sizes(shape: Sequence[int]) -> None:
    """PyTorch's check before it allocates a tensor (empty, ones, rand, randperm, every result)."""
    for size in shape:
        if size < 0:
            raise RuntimeError(
                f"Trying to create tensor with negative dimension {size}: {list(shape)}"
            )


def factory_shape(size: Sequence[Any], op: str) -> tuple[int, ...]:
    """`normalize_shape` for the `*size` of a factory (zeros, rand, ...), refusing a size that
    is not an int, in the words of PyTorch's argument parser: `zeros(n / 2)` would otherwise be
    silently truncated."""
    items = size[0] if len(size) == 1 and isinstance(size[0], (tuple, list)) else size
    for pos, s in enumerate(items):
        if isinstance(s, bool) or not hasattr(type(s), "__index__"):
            kind = type(s).__name__
            if pos > 0:
                raise TypeError(
                    f"{op}(): argument 'size' failed to unpack the object at pos {pos + 1} with "
                    f'error "type must be tuple of ints,but got {kind}"'
                )
            if items is not size:  # one sequence: f((2.0, 3))
                raise TypeError(
                    f"{op}(): argument 'size' (position 1) must be tuple of ints, but found "
                    f"element of type {kind} at pos 0"
                )
            raise TypeError(
                f"{op}(): argument 'size' (position 1) must be tuple of ints, not {kind}"
            )
    return normalize_shape(size)


def normalize_shape(size: Sequence[Any]) -> tuple[int, ...]:
    """Accept f(2, 3), f((2, 3)), f([2, 3]) and f(Size([2, 3]))."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    if all(type(s) is int for s in size):  # the common case: no conversion needed
        return tuple(size)
    return tuple(int(s) for s in size)
