"""Tensors filled with one value: full, zeros, ones, empty, eye, the *_like forms, and the legacy
`pytensor.Tensor(2, 3)` / `pytensor.Tensor(data)` constructor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .. import dtypes
from .._device import DeviceLike, as_device, device
from .._layout import check_sizes
from ..dtypes import Number, dtype
from ..tensor import Tensor
from .arguments import (
    EMPTY_OPTIONS,
    FACTORY_OPTIONS,
    LIKE_OPTIONS,
    check_options,
    check_types,
    preserve_format,
    size_argument,
    write_out,
)
from .arguments import layout as Layout
from .from_data import _infer_dtype, from_values, new_tensor, requiring_grad, tensor
from .ranges import fill_scalar


def full(
    size: Sequence[int],
    fill_value: Number,
    *,
    out: Tensor | None = None,
    dtype: dtype | None = None,
    layout: Layout | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """A tensor of shape `size` filled with `fill_value`.

    Args:
        size: the shape, a sequence of ints.
        fill_value: the value of every element.
        out: a tensor to write the result into (resized to `size`), returned instead.
        dtype: the dtype; default: out's, or inferred from `fill_value` (bool, int64 or the
            default float dtype), as in PyTorch.
        layout, pin_memory: only `pytensor.strided` and False (see `pytensor.ops.arguments`).
        device: the device; default: the CPU.
        requires_grad: make the result a leaf that requires grad.

    Examples:
        >>> import pytensor
        >>> pytensor.full((2, 3), 7)
        tensor([[7, 7, 7],
                [7, 7, 7]])
        >>> pytensor.full((2,), 0.5, dtype=pytensor.float64)
        tensor([0.5000, 0.5000], dtype=pytensor.float64)
    """
    check_types(
        "full", out=out, dtype=dtype, layout=layout, device=device,
        requires_grad=requires_grad, pin_memory=pin_memory,
    )  # fmt: skip
    shape = tuple(size)
    if dtype is None:
        dtype = out.dtype if out is not None else _infer_dtype([fill_value])
    check_sizes(shape)
    t = new_tensor(shape, dtype, as_device(device))
    # fill_scalar refuses a number the dtype cannot hold (nan into int64), as torch.full does.
    t.backend.fill(t.view_of(), fill_scalar(fill_value, dtype))
    t = requiring_grad(t) if requires_grad else t
    return write_out("full", t, out)


def filled(shape: Sequence[int], value: Number, dt: dtype, dev: device) -> Tensor:
    """`full` after its argument checks: the factories' shared step, and the engine's (through
    `ones_like`), where the checks would only add stops for a learner stepping through."""
    t = new_tensor(shape, dt, dev)
    t.backend.fill(t.view_of(), dt.cast(value))
    return t


def _filled(
    name: str, size: tuple[Any, ...], value: Number, kwargs: dict[str, Any],
    allowed: Sequence[str] = FACTORY_OPTIONS, negative: str | None = None,
) -> Tensor:  # fmt: skip
    shape = size_argument(name, size, kwargs, negative)
    check_options(name, kwargs, allowed)
    out = kwargs.get("out")
    dt = kwargs.get("dtype") or (out.dtype if out is not None else dtypes.get_default_dtype())
    t = filled(shape, value, dt, as_device(kwargs.get("device")))
    t = requiring_grad(t) if kwargs.get("requires_grad") else t
    return write_out(name, t, out)


def zeros(*size: Any, **kwargs: Any) -> Tensor:
    """A tensor of zeros.

    Args:
        *size: the shape, as ints or one sequence (or `size=` a sequence).
        **kwargs: `dtype` (default: the default dtype, float32), `device`, `requires_grad`,
            `out`, `layout` (only `pytensor.strided`); any other keyword raises TypeError.

    Examples:
        >>> import pytensor
        >>> pytensor.zeros(2, 3).shape, pytensor.zeros((2,), dtype=pytensor.int64)
        (pytensor.Size([2, 3]), tensor([0, 0]))
    """
    # zeros has its own words for a negative size in PyTorch, ahead of the allocator's check.
    return _filled("zeros", size, 0, kwargs, negative="zeros: Dimension size must be non-negative.")


def ones(*size: Any, **kwargs: Any) -> Tensor:
    """A tensor of ones.

    Args:
        *size: the shape, as ints or one sequence (or `size=` a sequence).
        **kwargs: `dtype` (default: the default dtype, float32), `device`, `requires_grad`,
            `out`, `layout` (only `pytensor.strided`); any other keyword raises TypeError.

    Examples:
        >>> import pytensor
        >>> pytensor.ones(2, 2)
        tensor([[1., 1.],
                [1., 1.]])
    """
    return _filled("ones", size, 1, kwargs)


def empty(*size: Any, **kwargs: Any) -> Tensor:
    """A tensor whose values are meant to be overwritten; here it is filled with zeros.

    Args:
        *size: the shape, as ints or one sequence (or `size=` a sequence).
        **kwargs: `dtype` (default: the default dtype, float32), `device`, `requires_grad`,
            `out`, `layout` (only `pytensor.strided`); any other keyword raises TypeError.

    Note:
        PyTorch leaves the memory uninitialised (any values may appear); pytensor fills it with
        zeros, since "uninitialised" memory is a trap for learners. Do not rely on the zeros.

    Examples:
        >>> import pytensor
        >>> pytensor.empty(2, 3).shape
        pytensor.Size([2, 3])
    """
    # zero-filled: "uninitialised" memory is a trap for learners
    return _filled("empty", size, 0, kwargs, EMPTY_OPTIONS)


def _like(name: str, t: Tensor, kwargs: dict[str, Any]) -> dict[str, Any]:
    if kwargs:
        check_options(name, kwargs, LIKE_OPTIONS)
    return {
        "dtype": kwargs.get("dtype") or t.dtype,
        "device": as_device(kwargs.get("device")) if kwargs.get("device") else t.device,
        "requires_grad": kwargs.get("requires_grad", False),
        "memory_format": kwargs.get("memory_format") or preserve_format,
    }


def memory_order(t: Tensor) -> list[int] | None:
    """The dims of t from outermost to innermost in memory, when t is dense (a permutation of a
    contiguous layout); None otherwise. PyTorch's `*_like` functions keep such layouts.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.creation import memory_order
        >>> x = pytensor.zeros(2, 3, 4)
        >>> memory_order(x), memory_order(x.permute(2, 0, 1)), memory_order(x[:, :, ::2])
        ([0, 1, 2], [1, 2, 0], None)
    """
    order = sorted(range(t.dim()), key=lambda d: -t._strides[d])  # stable for ties
    expected = 1
    for d in reversed(order):
        if t.shape[d] != 1 and t._strides[d] != expected:
            return None
        expected *= t.shape[d]
    return order


def _new_like(name: str, t: Tensor, value: Number, kwargs: dict[str, Any]) -> Tensor:
    """A tensor shaped like t, filled with value, with t's memory layout when t is dense (like
    torch.preserve_format): so `x.t()`'s zeros_like is transposed too, and random fills such as
    `empty_like(x).bernoulli_()` follow memory order as in PyTorch."""
    options = _like(name, t, kwargs)
    dt = options["dtype"]
    value = fill_scalar(value, dt)  # a float an int dtype cannot hold raises, as in full
    order = memory_order(t) if options["memory_format"] is preserve_format else None
    if order is None or order == sorted(order):
        result = filled(t.shape, value, dt, options["device"])
    else:
        base = filled([t.shape[d] for d in order], value, dt, options["device"])
        inverse = [order.index(d) for d in range(t.dim())]
        strides = [base._strides[i] for i in inverse]
        result = Tensor._make(base._storage, t.shape, strides, 0, dt)
    return requiring_grad(result) if options["requires_grad"] else result


def zeros_like(input: Tensor, **kwargs: Any) -> Tensor:
    """A tensor of zeros with the shape, dtype and device of `input`.

    A dense `input` (a permutation of a contiguous layout, such as a transpose) gives a result with
    the same strides, as PyTorch's `preserve_format` does.

    Args:
        input: the tensor whose shape, dtype, device and layout to copy.
        **kwargs: `dtype`, `device` and `requires_grad` override input's; `memory_format`
            (`pytensor.contiguous_format` for a row-major result), `layout` (strided).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3]])
        >>> pytensor.zeros_like(x)
        tensor([[0, 0, 0]])
    """
    return _new_like("zeros_like", input, 0, kwargs)


def ones_like(input: Tensor, **kwargs: Any) -> Tensor:
    """A tensor of ones with the shape, dtype and device of `input`.

    A dense `input` (a permutation of a contiguous layout, such as a transpose) gives a result with
    the same strides, as PyTorch's `preserve_format` does.

    Args:
        input: the tensor whose shape, dtype, device and layout to copy.
        **kwargs: `dtype`, `device` and `requires_grad` override input's; `memory_format`
            (`pytensor.contiguous_format` for a row-major result), `layout` (strided).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3]])
        >>> pytensor.ones_like(x, dtype=pytensor.float32)
        tensor([[1., 1., 1.]])
    """
    return _new_like("ones_like", input, 1, kwargs)


def empty_like(input: Tensor, **kwargs: Any) -> Tensor:
    """A tensor to be overwritten, with the shape, dtype, device and layout of `input`.

    Args:
        input: the tensor whose shape, dtype, device and layout to copy.
        **kwargs: `dtype`, `device` and `requires_grad` override input's; `memory_format`
            (`pytensor.contiguous_format` for a row-major result), `layout` (strided).

    Note:
        PyTorch leaves the memory uninitialised; pytensor fills it with zeros (see `empty`).

    Examples:
        >>> import pytensor
        >>> pytensor.empty_like(pytensor.ones(2, 3).t()).stride()
        (1, 3)
    """
    return _new_like("empty_like", input, 0, kwargs)


def full_like(input: Tensor, fill_value: Number, **kwargs: Any) -> Tensor:
    """A tensor filled with `fill_value` with the shape, dtype and device of `input`.

    A dense `input` (a permutation of a contiguous layout, such as a transpose) gives a result with
    the same strides, as PyTorch's `preserve_format` does.

    Args:
        input: the tensor whose shape, dtype, device and layout to copy.
        fill_value: the value of every element.
        **kwargs: `dtype`, `device` and `requires_grad` override input's; `memory_format`
            (`pytensor.contiguous_format` for a row-major result), `layout` (strided).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([[1, 2, 3]])
        >>> pytensor.full_like(x, 7)
        tensor([[7, 7, 7]])
    """
    return _new_like("full_like", input, fill_value, kwargs)


def eye(
    n: int, m: int | None = None, *, out: Tensor | None = None, dtype: dtype | None = None,
    layout: Layout | None = None, device: DeviceLike = None, requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:  # fmt: skip
    """A matrix with ones on the main diagonal and zeros elsewhere.

    Args:
        n: the number of rows.
        m: the number of columns; default `n`.
        dtype: the dtype; default: the default float dtype.
        device: the device; default: the CPU.
        requires_grad: make the result a leaf that requires grad.
        out: a tensor to write into (resized if needed) and return; its dtype is the default.
        layout, pin_memory: only `pytensor.strided` and False (see `pytensor.ops.arguments`).

    Returns:
        A tensor `(n, m)`.

    Examples:
        >>> import pytensor
        >>> pytensor.eye(2, 3)
        tensor([[1., 0., 0.],
                [0., 1., 0.]])
    """
    check_types(
        "eye", out=out, dtype=dtype, layout=layout, device=device,
        requires_grad=requires_grad, pin_memory=pin_memory,
    )  # fmt: skip
    if dtype is None:
        dtype = out.dtype if out is not None else dtypes.get_default_dtype()
    m = n if m is None else m
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    values = [1 if i == j else 0 for i in range(n) for j in range(m)]
    t = from_values(values, (n, m), dtype, as_device(device))
    t = t.requires_grad_(True) if requires_grad else t
    return write_out("eye", t, out)


def _legacy_constructor(self: Tensor, *args: Any, **kwargs: Any) -> None:
    """pytensor.Tensor(data) copies data as float32; pytensor.Tensor(2, 3) makes a 2x3 tensor."""
    if (
        len(args) == 1
        and isinstance(args[0], (list, tuple, Tensor))
        or hasattr(args[0] if args else None, "tolist")
    ):
        t = tensor(args[0], dtype=dtypes.float32, device=kwargs.get("device"))
    else:
        t = zeros(*args, dtype=dtypes.float32, device=kwargs.get("device"))
    self._init(t._storage, t.shape, t._strides, t._offset, t.dtype)
