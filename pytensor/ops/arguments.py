"""PyTorch's argument forms that many functions share: `size=`, `out=`, `layout=`,
`pin_memory=`, `memory_format=`, `generator=`, and NumPy's `axis=` / `keepdims=` for `dim=` /
`keepdim=`.

pytensor accepts each such argument at the values it supports and refuses any other value with
an error: an argument is never silently ignored, since course code that passes one expects it
to take effect.

>>> import pytensor
>>> pytensor.zeros(size=(2, 3)).shape, pytensor.ones(2, 3).sum(axis=1, keepdims=True).shape
(pytensor.Size([2, 3]), pytensor.Size([2, 1]))
>>> pytensor.rand(2, pin_memory=True)
Traceback (most recent call last):
...
RuntimeError: pin_memory=True requires a CUDA or other accelerator backend; no pinned memory allocator is available on this system.
"""  # noqa: E501

from __future__ import annotations

import warnings
from collections.abc import Collection
from typing import Any

from .. import dtypes
from .. import random as rng
from .._device import device
from .._interop import CPP_NAMES
from .._layout import check_sizes, factory_shape
from .._namespace import prefix
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..dtypes import dtype
from ..tensor import Tensor


class layout:  # noqa: N801 - torch.layout
    """How a tensor's elements are stored. pytensor has one: `pytensor.strided`.

    Examples:
        >>> import pytensor
        >>> pytensor.strided
        pytensor.strided
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{prefix()}.{self.name}"


class memory_format:  # noqa: N801 - torch.memory_format
    """The order in which a new tensor's elements are laid out in memory.

    `contiguous_format` is row-major; `preserve_format` (the `*_like` default) keeps the layout
    of the tensor copied. PyTorch's `channels_last` is not supported.
    """

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"{prefix()}.{self.name}"


strided = layout("strided")
contiguous_format = memory_format("contiguous_format")
preserve_format = memory_format("preserve_format")

# The keywords of torch.zeros, torch.ones and torch.rand (which adds generator); torch.empty
# adds memory_format; torch.zeros_like and its siblings take the last list.
FACTORY_OPTIONS = ("out", "dtype", "layout", "device", "requires_grad", "pin_memory")
EMPTY_OPTIONS = (*FACTORY_OPTIONS, "memory_format")
LIKE_OPTIONS = ("dtype", "layout", "device", "requires_grad", "pin_memory", "memory_format")

# What each option accepts, as PyTorch's argument parser names the expected type.
_EXPECTED: dict[str, tuple[tuple[type, ...], str]] = {
    "dtype": ((dtype,), "pytensor.dtype"),
    "device": ((str, int, device), "pytensor.device"),
    "requires_grad": ((bool,), "bool"),
    "pin_memory": ((bool,), "bool"),
    "layout": ((layout,), "pytensor.layout"),
    "memory_format": ((memory_format,), "pytensor.memory_format"),
    "out": ((Tensor,), "Tensor"),
    "generator": ((rng.Generator,), "pytensor.Generator"),
}


def check_options(name: str, options: dict[str, Any], allowed: Collection[str]) -> None:
    """Refuse a keyword that `name` does not take, and a value of the wrong type or one pytensor
    does not support (a layout other than strided, pinned memory).

    Args:
        name: the function's name, for the messages (`"zeros"`).
        options: the keyword arguments as passed.
        allowed: the keywords the function takes.

    Raises:
        TypeError: an unknown keyword, or a value of the wrong type (PyTorch's messages).
        RuntimeError: `pin_memory=True`, as PyTorch raises on a machine without an accelerator.
    """
    for key, value in options.items():
        if key not in allowed:
            raise TypeError(f"{name}() got an unexpected keyword argument '{key}'")
        if value is None or key not in _EXPECTED:
            continue
        types, expected = _EXPECTED[key]
        if not isinstance(value, types):
            raise TypeError(
                f"{name}(): argument '{key}' must be {expected}, not {type(value).__name__}"
            )
        if key == "pin_memory" and value:
            raise RuntimeError(
                "pin_memory=True requires a CUDA or other accelerator backend; no pinned memory "
                "allocator is available on this system."
            )


def check_types(name: str, **options: Any) -> None:
    """`check_options` for a function whose signature names each option already."""
    check_options(name, options, options.keys())


def size_argument(
    name: str, size: tuple[Any, ...], options: dict[str, Any], negative: str | None = None
) -> tuple[int, ...]:
    """The shape a factory was given: positional ints, one sequence, or `size=` (taken out of
    `options`). Both at once is the error Python gives for an argument passed twice.

    Examples:
        >>> size_argument("zeros", (2, 3), {}), size_argument("zeros", (), {"size": [4]})
        ((2, 3), (4,))
    """
    if "size" in options:
        if size:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        size = (options.pop("size"),)
        if not isinstance(size[0], (tuple, list)):
            raise TypeError(
                f"{name}(): argument 'size' must be tuple of ints, not {type(size[0]).__name__}"
            )
    shape = factory_shape(size, name)  # refuses zeros(n / 2) instead of truncating it
    if negative is not None and any(s < 0 for s in shape):
        raise RuntimeError(negative)  # an op's own words for a negative size, where it has them
    check_sizes(shape)
    return shape


def write_out(name: str, result: Tensor, out: Tensor | None) -> Tensor:
    """PyTorch's `out=`: copy `result` into `out` and return `out` (or `result` when out is None).

    An `out` of another shape is resized, with PyTorch's warning unless it was empty; an `out`
    of a lower dtype category (a float result into an int64 out) is refused (matmul's `out`
    must have the result's dtype exactly), as is `out=` on an op that autograd records, since a
    copy into `out` would cut the graph.

    Examples:
        >>> import pytensor
        >>> out = pytensor.empty(0)
        >>> pytensor.add(pytensor.ones(2), 1, out=out) is out, out
        (True, tensor([2., 2.]))
    """
    if out is None:
        return result
    if not isinstance(out, Tensor):
        raise TypeError(f"{name}(): argument 'out' must be Tensor, not {type(out).__name__}")
    if result.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"{name}(): functions with out=... arguments don't support automatic "
            "differentiation, but one of the arguments requires grad."
        )
    if name == "matmul" and out.dtype is not result.dtype:  # ATen's mm checks it exactly
        raise RuntimeError(
            f"Expected out tensor to have dtype {CPP_NAMES[result.dtype.name]}, but got "
            f"{CPP_NAMES[out.dtype.name]} instead"
        )
    if name in ("cat", "stack") and not dtypes.can_cast(result.dtype, out.dtype):
        raise TypeError(  # ATen's stack is a cat, and says so
            f"pytensor.cat(): input types can't be cast to the desired output type "
            f"{out.dtype.type_name}"
        )
    if not dtypes.can_cast(result.dtype, out.dtype):
        raise RuntimeError(
            f"result type {result.dtype.type_name} can't be cast to the desired output type "
            f"{out.dtype.type_name}"
        )
    if out.shape != result.shape:
        if out.numel() != 0:
            warnings.warn(_RESIZE_WARNING.format(list(out.shape), list(result.shape)), stacklevel=3)
        _resize(out, result.shape)
    with no_grad():
        out.copy_(result)
    return out


_RESIZE_WARNING = (
    "An output with one or more elements was resized since it had shape {}, which does not match "
    "the required output shape {}. This behavior is deprecated, and in a future PyTorch release "
    "outputs will not be resized unless they have zero elements. You can explicitly reuse an out "
    "tensor t by resizing it, inplace, to zero elements with t.resize_(0)."
)


def _resize(t: Tensor, shape: tuple[int, ...]) -> None:
    """Give `t` fresh contiguous storage of `shape` (what ATen's resize_ does when it grows)."""
    from .creation import new_tensor

    fresh = new_tensor(shape, t.dtype, t.device)
    t._init(fresh._storage, fresh.shape, fresh._strides, 0, t.dtype)
