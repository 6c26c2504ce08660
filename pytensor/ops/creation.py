"""Creation ops: tensor, zeros, ones, full, arange, linspace, eye, the *_like forms."""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from typing import Any

from .. import dtypes
from .._device import DeviceLike, as_device, device
from .._layout import normalize_shape
from ..backends import backend_for
from ..backends.base import contiguous_strides
from ..dtypes import Number, dtype
from ..tensor import Storage, Tensor


def new_tensor(shape: Sequence[int], dt: dtype, dev: device) -> Tensor:
    """A fresh contiguous tensor; its contents are whatever the allocator left there."""
    numel = math.prod(shape)
    storage = Storage(backend_for(dev).allocate(numel, dt), dev)
    return Tensor._make(storage, tuple(shape), contiguous_strides(shape), 0, dt)


def from_values(values: Sequence[Number], shape: Sequence[int], dt: dtype, dev: device) -> Tensor:
    """A tensor holding `values` (row-major, Python numbers), rounded or wrapped to `dt`."""
    host = dtypes.to_storage(dt, values)
    storage = Storage(backend_for(dev).from_host(host, dt), dev)
    return Tensor._make(storage, tuple(shape), contiguous_strides(shape), 0, dt)


def _flatten_data(data: Any) -> tuple[list[Any], tuple[int, ...]]:
    """Nested lists (or tuples, or tensors) to a flat list and a shape, checking raggedness."""
    if isinstance(data, Tensor):
        return data._host_values(), tuple(data.shape)
    if not isinstance(data, (list, tuple)):
        if hasattr(data, "tolist") and not isinstance(data, (bool, int, float)):
            return _flatten_data(data.tolist())  # NumPy arrays and scalars
        return [data], ()
    if len(data) == 0:
        return [], (0,)
    parts = [_flatten_data(x) for x in data]
    inner = parts[0][1]
    flat: list[Any] = []
    for values, shape in parts:
        if shape != inner:
            raise ValueError(
                f"expected sequence of length {inner[0] if inner else 0} at dim 1 "
                f"(got {shape[0] if shape else 0})"
            )
        flat.extend(values)
    return flat, (len(data),) + inner


def _infer_dtype(flat: Sequence[Any]) -> dtype:
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
) -> Tensor:
    """A new tensor copied from `data`: nested lists, a number, a NumPy array or a tensor."""
    if isinstance(data, Tensor) and dtype is None:
        dtype = data.dtype
    numpy_dtype = getattr(data, "dtype", None)
    if dtype is None and numpy_dtype is not None and not isinstance(data, Tensor):
        dtype = _from_numpy_dtype(numpy_dtype)
    flat, shape = _flatten_data(data)
    flat = [v.item() if isinstance(v, Tensor) else v for v in flat]
    dt = dtype or _infer_dtype(flat)
    t = from_values(flat, shape, dt, as_device(device))
    if requires_grad:
        t.requires_grad_(True)
    return t


def _from_numpy_dtype(np_dtype: Any) -> dtype:
    name = str(np_dtype)
    return dtypes.by_name(name) if name in {d.name for d in dtypes.ALL_DTYPES} else dtypes.float64


def as_tensor(data: Any, dtype: dtype | None = None, device: DeviceLike = None) -> Tensor:
    """Like `tensor`, but returns `data` itself when it already is a matching tensor."""
    if isinstance(data, Tensor):
        return data.to(dtype or data.dtype, device=as_device(device) if device else data.device)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(array_: Any) -> Tensor:
    """A tensor with the NumPy array's values and dtype (a copy: pytensor owns its storage)."""
    return tensor(array_.tolist(), dtype=_from_numpy_dtype(array_.dtype))


def scalar_tensor(value: Number, dtype: dtype | None = None, device: DeviceLike = None) -> Tensor:
    return from_values([value], (), dtype or dtypes.get_default_dtype(), as_device(device))


def full(
    size: Sequence[int],
    fill_value: Number,
    *,
    dtype: dtype | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    shape = tuple(size)
    if dtype is None:
        dtype = _infer_dtype([fill_value])
    t = new_tensor(shape, dtype, as_device(device))
    t.backend.fill(t.view_of(), dtype.cast(fill_value))
    return t.requires_grad_(requires_grad) if requires_grad else t


def _filled(size: Sequence[Any], value: Number, kwargs: dict[str, Any]) -> Tensor:
    dt = kwargs.get("dtype") or dtypes.get_default_dtype()
    t = full(normalize_shape(size), value, dtype=dt, device=kwargs.get("device"))
    return t.requires_grad_(True) if kwargs.get("requires_grad") else t


def zeros(*size: Any, **kwargs: Any) -> Tensor:
    return _filled(size, 0, kwargs)


def ones(*size: Any, **kwargs: Any) -> Tensor:
    return _filled(size, 1, kwargs)


def empty(*size: Any, **kwargs: Any) -> Tensor:
    return _filled(size, 0, kwargs)  # zero-filled: "uninitialised" memory is a trap for learners


def _like(t: Tensor, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "dtype": kwargs.get("dtype") or t.dtype,
        "device": kwargs.get("device") or t.device,
        "requires_grad": kwargs.get("requires_grad", False),
    }


def zeros_like(t: Tensor, **kwargs: Any) -> Tensor:
    return zeros(t.shape, **_like(t, kwargs))


def ones_like(t: Tensor, **kwargs: Any) -> Tensor:
    return ones(t.shape, **_like(t, kwargs))


def empty_like(t: Tensor, **kwargs: Any) -> Tensor:
    return empty(t.shape, **_like(t, kwargs))


def full_like(t: Tensor, fill_value: Number, **kwargs: Any) -> Tensor:
    options = _like(t, kwargs)
    result = full(t.shape, fill_value, dtype=options["dtype"], device=options["device"])
    return result.requires_grad_(True) if options["requires_grad"] else result


def arange(
    start: Number,
    end: Number | None = None,
    step: Number = 1,
    *,
    dtype: dtype | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """Values start, start+step, ... up to but excluding end (int64 unless a float is given)."""
    if end is None:
        start, end = 0, start
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if dtype is None:
        dtype = _infer_dtype([start, end, step])
    n = max(0, math.ceil((end - start) / step))
    t = from_values([start + i * step for i in range(n)], (n,), dtype, as_device(device))
    return t.requires_grad_(True) if requires_grad else t


def linspace(
    start: Number,
    end: Number,
    steps: int,
    *,
    dtype: dtype | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """`steps` evenly spaced values from start to end inclusive.

    Like ATen, the first half counts up from start and the second half counts down from end,
    so both endpoints are exact.
    """
    dtype = dtype or dtypes.get_default_dtype()
    if steps == 1:
        values = [float(start)]
    else:
        step = (end - start) / (steps - 1)
        half = steps // 2
        values = [
            start + step * i if i < half else end - step * (steps - i - 1) for i in range(steps)
        ]
    t = from_values(values, (steps,), dtype, as_device(device))
    return t.requires_grad_(True) if requires_grad else t


def logspace(start: Number, end: Number, steps: int, base: float = 10.0, **kwargs: Any) -> Tensor:
    exponents = linspace(start, end, steps, dtype=dtypes.float64)
    values = [base**e for e in exponents.tolist()]
    dt = kwargs.get("dtype") or dtypes.get_default_dtype()
    return from_values(values, (steps,), dt, as_device(kwargs.get("device")))


def eye(
    n: int, m: int | None = None, *, dtype: dtype | None = None, device: DeviceLike = None
) -> Tensor:
    m = n if m is None else m
    values = [1 if i == j else 0 for i in range(n) for j in range(m)]
    return from_values(values, (n, m), dtype or dtypes.get_default_dtype(), as_device(device))


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


_ = array
