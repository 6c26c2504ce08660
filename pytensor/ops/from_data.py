"""Tensors from data: tensor, as_tensor, from_numpy, scalar_tensor, and the helpers every op uses
to make its result (new_tensor, from_values, constant).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .. import dtypes
from .._device import DeviceLike, as_device, device
from ..backends import backend_for
from ..backends.base import contiguous_strides
from ..dtypes import Number, dtype
from ..tensor import Storage, Tensor
from .arguments import (
    check_types,
)


def new_tensor(shape: Sequence[int], dt: dtype, dev: device) -> Tensor:
    """A fresh contiguous tensor; its contents are whatever the allocator left there.

    Shared plumbing of the ops (the function behind every new result), not PyTorch's
    `Tensor.new_tensor` (which is the method `Tensor.new_tensor`).

    Args:
        shape: the shape.
        dt: the dtype.
        dev: the device whose backend allocates the storage.
    """
    numel = math.prod(shape)
    storage = Storage(backend_for(dev).allocate(numel, dt), dev)
    return Tensor._make(storage, tuple(shape), contiguous_strides(shape), 0, dt)


def requiring_grad(t: Tensor) -> Tensor:
    """`t` made a leaf that requires grad, for a factory's `requires_grad=True`.

    PyTorch's factories refuse an integer dtype in their own words ("Only ...", capitalised),
    not in those of `Tensor.requires_grad_`.
    """
    if not t.dtype.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    return t.requires_grad_(True)


def from_values(values: Sequence[Number], shape: Sequence[int], dt: dtype, dev: device) -> Tensor:
    """A tensor holding `values` (row-major, Python numbers), rounded or wrapped to `dt`.

    Shared plumbing: no checks, no dtype inference (see `tensor` for those).

    Args:
        values: the elements in row-major order; `len(values)` is the product of `shape`.
        shape: the shape.
        dt: the dtype; values are stored as it stores them (float32 rounding, int wrapping).
        dev: the device.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.creation import from_values
        >>> from pytensor._device import device
        >>> from_values([1, 2, 300], (3,), pytensor.uint8, device("cpu"))
        tensor([ 1,  2, 44], dtype=pytensor.uint8)
    """
    host = dtypes.to_storage(dt, values)
    storage = Storage(backend_for(dev).from_host(host, dt), dev)
    return Tensor._make(storage, tuple(shape), contiguous_strides(shape), 0, dt)


_CONSTANTS: dict[tuple[object, ...], Tensor] = {}


def constant(value: Number, dt: dtype, dev: device) -> Tensor:
    """A 0-dim tensor holding `value`, made once and shared: the Python numbers of `x * 0.5`.

    Ops read such a tensor and never write it or return it, so one copy per value, dtype and
    device serves every call; on an OpenCL device a training loop then does not upload its
    learning rate at every step. Shared plumbing of the ops.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.creation import constant
        >>> constant(0.1, pytensor.float32, pytensor.device("cpu")).item()
        0.10000000149011612
    """
    if value != value:  # nan equals nothing, so it could never be found again
        return from_values([value], (), dt, dev)
    # 1, 1.0 and True are equal keys in a dict, and so are 0.0 and -0.0: the type and the sign
    # of the value keep them apart.
    sign = math.copysign(1.0, value) if isinstance(value, float) else 0.0
    key = (value, type(value), sign, dt, dev)
    cached = _CONSTANTS.get(key)
    if cached is None:
        if len(_CONSTANTS) >= 1024:
            _CONSTANTS.clear()
        cached = _CONSTANTS[key] = from_values([value], (), dt, dev)
    return cached


def _flatten_data(data: Any, depth: int = 0) -> tuple[list[Any], tuple[int, ...]]:
    """Nested lists (or tuples, or tensors) to a flat list and a shape, checking raggedness."""
    if isinstance(data, Tensor):
        return data._host_values(), tuple(data.shape)
    if not isinstance(data, (list, tuple)):
        if hasattr(data, "tolist") and not isinstance(data, (bool, int, float)):
            return _flatten_data(data.tolist(), depth)  # NumPy arrays and scalars
        if isinstance(data, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
        return [data], ()
    if len(data) == 0:
        return [], (0,)
    parts = [_flatten_data(x, depth + 1) for x in data]
    inner = parts[0][1]
    flat: list[Any] = []
    for values, shape in parts:
        if shape != inner:
            if len(shape) != len(inner):
                raise TypeError("not a sequence")
            # Name the first dim where the lengths differ, counted from the outermost list.
            k = next(i for i, (a, b) in enumerate(zip(inner, shape)) if a != b)
            raise ValueError(
                f"expected sequence of length {inner[k]} at dim {depth + 1 + k} (got {shape[k]})"
            )
        flat.extend(values)
    return flat, (len(data),) + inner


def _check_range(values: Sequence[Any], dt: dtype) -> None:
    """Python numbers that do not fit an integer dtype are refused, as torch.tensor does."""
    if dt.kind not in "iu":
        return
    low, high = dt.min, dt.max
    # c10 compares a float with the bounds in double, where int64's max rounds up to 2**63:
    # tensor([2.0**63], dtype=int64) is accepted (and converts to the lowest int64).
    float_low, float_high = float(low), float(high)
    for v in values:
        if isinstance(v, float):
            bad = not float_low <= v <= float_high  # nan fails too
        else:
            bad = isinstance(v, int) and not isinstance(v, bool) and not low <= v <= high
        if bad:
            raise RuntimeError(f"value cannot be converted to type {dt.name} without overflow")


def _infer_dtype(flat: Sequence[Any]) -> dtype:
    for v in flat:
        if not isinstance(v, (int, float, complex)):  # bool is an int
            raise RuntimeError(f"Could not infer dtype of {type(v).__name__}")
    if flat and all(isinstance(v, bool) for v in flat):
        return dtypes.bool_
    if all(isinstance(v, int) for v in flat) and flat:
        return dtypes.int64
    return dtypes.get_default_dtype()


def tensor(
    data: Any,
    dtype: dtype | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """A new tensor copied from `data`: nested lists, a number, a NumPy array or a tensor.

    The dtype is inferred as in PyTorch: all bools give bool, all ints give int64, anything with
    a float gives the default dtype (float32); a NumPy array keeps its dtype.

    Args:
        data: a number, nested lists or tuples of numbers (or of 0-dim tensors), a NumPy array or
            scalar, or a tensor (copied; PyTorch warns and suggests `clone().detach()` there).
        dtype: the dtype; default: inferred from `data`.
        device: the device; default: the CPU.
        requires_grad: make the result a leaf that requires grad (floating dtypes only).
        pin_memory: False; True raises, as on a PyTorch without an accelerator.

    Returns:
        A tensor whose shape is the nesting of `data` (0-dim for a number).

    Raises:
        ValueError: for ragged lists, as in PyTorch.
        RuntimeError: for a Python int that does not fit the requested integer dtype.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([[1, 2], [3, 4]])
        tensor([[1, 2],
                [3, 4]])
        >>> pytensor.tensor(3.5), pytensor.tensor([True, False]).dtype
        (tensor(3.5000), pytensor.bool)
        >>> pytensor.tensor([1, 2], dtype=pytensor.float64, requires_grad=True)
        tensor([1., 2.], dtype=pytensor.float64, requires_grad=True)
    """
    check_types(
        "tensor", dtype=dtype, device=device, requires_grad=requires_grad, pin_memory=pin_memory
    )  # fmt: skip
    if isinstance(data, Tensor) and dtype is None:
        dtype = data.dtype
    numpy_dtype = getattr(data, "dtype", None)
    if dtype is None and numpy_dtype is not None and not isinstance(data, Tensor):
        dtype = _from_numpy_dtype(numpy_dtype)
    flat, shape = _flatten_data(data)
    flat = [v.item() if isinstance(v, Tensor) else v for v in flat]
    dt = dtype or _infer_dtype(flat)
    if dtype is None and dt is dtypes.int64 and any(v >= 1 << 63 or v < -(1 << 63) for v in flat):
        raise ValueError("Overflow when unpacking long long")
    if numpy_dtype is None and not isinstance(data, Tensor):
        _check_range(flat, dt)
    t = from_values(flat, shape, dt, as_device(device))
    return requiring_grad(t) if requires_grad else t


def _from_numpy_dtype(np_dtype: Any) -> dtype:
    name = str(np_dtype)
    return dtypes.by_name(name) if name in {d.name for d in dtypes.ALL_DTYPES} else dtypes.float64


def as_tensor(data: Any, dtype: dtype | None = None, device: DeviceLike = None) -> Tensor:
    """Like `tensor`, but returns `data` itself when it already is a tensor of the requested dtype
    and device (otherwise `data.to(...)`).

    Args:
        data: a tensor, or anything `tensor` accepts.
        dtype: the dtype; default: data's (or inferred).
        device: the device; default: data's (or the CPU).

    Returns:
        `data` itself, a converted tensor, or a new tensor.

    Note:
        From a NumPy array PyTorch shares the array's memory; pytensor copies it (a pytensor
        tensor always owns its storage).

    Examples:
        >>> import pytensor
        >>> t = pytensor.tensor([1.0, 2.0])
        >>> pytensor.as_tensor(t) is t, pytensor.as_tensor([1, 2])
        (True, tensor([1, 2]))
    """
    if isinstance(data, Tensor):
        return data.to(dtype or data.dtype, device=as_device(device) if device else data.device)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(array_: Any) -> Tensor:
    """A tensor with the NumPy array's values and dtype (a copy: pytensor owns its storage).

    Args:
        array_: a NumPy array of bool, uint8, int8, int16, int32, int64, float16, float32 or
            float64 (other dtypes become float64).

    Returns:
        A CPU tensor of the array's shape.

    Note:
        PyTorch's `from_numpy` shares memory with the array, so writes to one show in the other;
        here they do not.

    Examples:
        >>> import numpy as np
        >>> import pytensor
        >>> pytensor.from_numpy(np.array([[1, 2]], dtype=np.int32))
        tensor([[1, 2]], dtype=pytensor.int32)
    """
    return tensor(array_.tolist(), dtype=_from_numpy_dtype(array_.dtype))


def scalar_tensor(value: Number, dtype: dtype | None = None, device: DeviceLike = None) -> Tensor:
    """A 0-dim tensor holding `value`, in the default float dtype unless `dtype` is given.

    Examples:
        >>> import pytensor
        >>> pytensor.scalar_tensor(3), pytensor.scalar_tensor(3, dtype=pytensor.int64)
        (tensor(3.), tensor(3))
    """
    return from_values([value], (), dtype or dtypes.get_default_dtype(), as_device(device))
