"""Creation ops: tensor, zeros, ones, full, arange, linspace, eye, the *_like forms.

The factories take PyTorch's keywords `dtype`, `device` and `requires_grad`; the values of
arange, linspace and logspace are PyTorch's CPU values bit for bit.

>>> import pytensor
>>> pytensor.tensor([[1, 2], [3, 4]]).dtype, pytensor.zeros(2, 3).shape
(pytensor.int64, pytensor.Size([2, 3]))
"""

from __future__ import annotations

import math
import os
import struct
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .. import dtypes
from .._device import DeviceLike, as_device, device
from .._layout import check_sizes
from ..backends import backend_for
from ..backends.base import contiguous_strides
from ..dtypes import Number, dtype
from ..random import _fma_f32_list, _fma_f64
from ..tensor import Storage, Tensor
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
    allowed: Sequence[str] = FACTORY_OPTIONS,
) -> Tensor:  # fmt: skip
    # zeros has its own negative-size check in PyTorch, ahead of the allocator's.
    negative = "zeros: Dimension size must be non-negative." if name == "zeros" else None
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
    return _filled("zeros", size, 0, kwargs)


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


# --- arange, linspace, logspace: the exact numbers of ATen's CPU kernels -----------------------
#
# torch does not round `start + i * step` once per element. Its CPU kernels
# (aten/src/ATen/native/cpu/RangeFactoriesKernel.cpp, built with AVX2 and FMA contraction)
# compute in a particular precision, in a particular order, and that shows in the last bit:
#
# * arange runs through cpu_serial_kernel_vec. Each loop iteration fills two AVX2 vectors
#   (256 bits: 4 doubles, 8 floats, 16 halves); a vector is Vectorized::arange(base, step) with
#   base = start + step * i rounded to the output dtype FIRST, then lane k = base + k * step.
#   What is left over (fewer than two vectors) is filled one element at a time. at::parallel_for
#   splits long outputs between threads, and every thread starts this pattern afresh.
# * linspace is a plain scalar loop: the first half counts up from start, the second half
#   counts down from end, in the output dtype (double for integer outputs).
# * GCC fuses `a + b * c` into one FMA (a single rounding) in these kernels.
# * logspace lives in RangeFactories.cpp (no FMA): pow(base, start + step * i) in double.

_GRAIN_SIZE = 32768  # at::internal::GRAIN_SIZE: outputs longer than this are split up
_intraop_threads: int | None = None  # torch.get_num_threads() to mirror; None: torch's default

# The names c10's checked Scalar conversions use in "value cannot be converted to type ...".
_C_TYPE_NAMES = {
    "float64": "double",
    "float32": "float",
    "float16": "c10::Half",
    "int64": "int64_t",
    "int32": "int",
    "int16": "int16_t",
    "int8": "int8_t",
    "uint8": "uint8_t",
}
_FLOAT_MAX = {"float32": 3.4028234663852886e38, "float16": 65504.0}


def _num_threads() -> int:
    """The thread count torch uses by default: OMP/MKL_NUM_THREADS, else the physical cores."""
    if _intraop_threads is not None:
        return _intraop_threads
    for var in ("MKL_NUM_THREADS", "OMP_NUM_THREADS"):
        value = os.environ.get(var, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    try:
        with open("/proc/cpuinfo") as f:
            cores = set()
            package = core = ""
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "physical id":
                    package = value.strip()
                elif key == "core id":
                    core = value.strip()
                    cores.add((package, core))
        if cores:
            return len(cores)
    except OSError:
        pass
    return os.cpu_count() or 1


def _parallel_chunks(n: int) -> list[tuple[int, int]]:
    """The [begin, end) ranges at::parallel_for(0, n, GRAIN_SIZE, f) hands to its threads."""
    threads = _num_threads()
    if n <= _GRAIN_SIZE or threads == 1:
        return [(0, n)] if n > 0 else []
    threads = min(threads, -(-n // _GRAIN_SIZE))
    chunk = -(-n // threads)
    return [(b, min(n, b + chunk)) for b in range(0, n, chunk)]


def _f32(x: float) -> float:
    """Round a double to the nearest float32, overflowing to inf as the hardware does."""
    try:
        return float(struct.unpack("<f", struct.pack("<f", x))[0])
    except OverflowError:  # struct refuses; values this large round to +-inf
        return math.copysign(math.inf, x)


def _fma_f32(a: float, b: float, c: float) -> float:
    return _fma_f32_list([a], [b], [c])[0]


def _store(x: float, dt: dtype) -> float:
    """static_cast<scalar_t>(x) for a floating dtype (a Half is built from a float)."""
    if dt is dtypes.float64:
        return float(x)
    x = _f32(x)
    return dtypes._round_half(x) if dt is dtypes.float16 else x


def _scalar(x: Any) -> Number:
    """A Python number from a number, a NumPy scalar or a one-element tensor."""
    if isinstance(x, (bool, int, float)):
        return x
    value = x.item()
    return value if isinstance(value, (bool, int, float)) else float(value)


def _to(x: Number, dt: dtype) -> Number:
    """Scalar::to<scalar_t>(): c10's checked conversion, which refuses values out of range."""
    if dt.kind == "f":
        if dt is not dtypes.float64 and math.isfinite(x) and abs(x) > _FLOAT_MAX[dt.name]:
            _overflow(dt)
        return _store(float(x), dt)
    if isinstance(x, float):
        # compared in double, as c10 does: 2**63 passes for int64 (and converts to its lowest)
        bad = not float(dt.min) <= x <= float(dt.max)  # nan fails too
    elif dt.kind == "u":
        bad = x > dt.max or x < -dt.max  # c10 lets -255..-1 wrap into a uint8
    else:
        bad = not dt.min <= x <= dt.max
    if bad:
        _overflow(dt)
    return dt.cast(x)


def fill_scalar(x: Number, dt: dtype) -> Number:
    """The number `x` as `dt` stores it when fill_, full, masked_fill or scatter writes it: a
    float that an integer dtype cannot hold (nan, inf, 1e19 for int64, -0.5 for uint8) raises,
    as c10's Scalar::to does, where a tensor cast would give the lowest int64 or int32.

    Differences from PyTorch: other pairs (ints out of range, floats past float16's range)
    are cast without c10's check.
    """
    return _to(x, dt) if isinstance(x, float) and dt.kind in "iu" else dt.cast(x)


def _overflow(dt: dtype) -> NoReturn:
    raise RuntimeError(
        f"value cannot be converted to type {_C_TYPE_NAMES[dt.name]} without overflow"
    )


def _fill_value(x: Number, dt: dtype) -> Number:
    """What Tensor.fill_(x) stores: checked like Scalar::to, except that a Half is not."""
    return _store(float(x), dt) if dt is dtypes.float16 else _to(x, dt)


def _to_int(x: float, dt: dtype) -> int:
    """static_cast<scalar_t>(double) on x86-64: truncation by cvttsd2si, which gives the
    "integer indefinite" (the lowest value) for nan, inf and out-of-range values; types
    narrower than int are converted through int and then wrapped."""
    bits = 64 if dt.bits == 64 else 32
    if math.isfinite(x) and -(2.0 ** (bits - 1)) <= x < 2.0 ** (bits - 1):
        return int(dt.cast(int(x)))
    return int(dt.cast(-(1 << (bits - 1))))


def _wrap64(x: int) -> int:
    return (x + (1 << 63)) % (1 << 64) - (1 << 63)


def _arange_size(start: Number, end: Number, step: Number, dt: dtype) -> int:
    """at::native::compute_arange_size (RangeUtils.h), checks and messages included."""
    dstart, dend, dstep = float(start), float(end), float(step)
    if not (dstep > 0 or dstep < 0):
        raise RuntimeError("step must be nonzero")
    if not (math.isfinite(dstart) and math.isfinite(dend)):
        raise RuntimeError(f"unsupported range: {dstart:g} -> {dend:g}")
    if not ((dstep > 0 and dend >= dstart) or (dstep < 0 and dend <= dstart)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if dt is dtypes.int64:
        # int64 keeps its full precision: the scalars are truncated to int64 and the count is
        # (end - start + step - sign(step)) / step in (wrapping) int64 arithmetic.
        istart, iend, istep = (int(_to(v, dt)) for v in (start, end, step))
        if istep == 0:
            raise ValueError("step must be nonzero")
        num = _wrap64(iend - istart + istep - (1 if istep > 0 else -1))
        quotient = abs(num) // abs(istep)  # C division truncates toward zero
        return quotient if (num < 0) == (istep < 0) else -quotient
    size_d = (dend - dstart) / dstep
    if not 0 <= size_d <= 9.223372036854775807e18:
        raise RuntimeError("invalid size, possible overflow?")
    return math.ceil(size_d)


def _arange_floats(start: float, step: float, n: int, dt: dtype) -> list[float]:
    """The values of ATen's arange_kernel for a floating dtype (AVX2 build), in order."""
    fma: Callable[[float, float, float], float]
    acc: Callable[[float], float]  # rounding to the accumulate type
    if dt is dtypes.float16:  # at::acc_type<Half, false> is float
        start, step = float(_to(start, dtypes.float32)), float(_to(step, dtypes.float32))
        fma, acc = _fma_f32, _f32
    else:  # at::acc_type<float or double, false> is double
        fma, acc = _fma_f64, float
    width = 32 // dt.itemsize  # lanes of one 256-bit Vectorized<scalar_t>
    exact_below = 2.0 ** {2: 11, 4: 24, 8: 53}[dt.itemsize]  # integers the dtype holds exactly
    if start.is_integer() and step.is_integer() and abs(start) + n * abs(step) <= exact_below:
        return [start + step * i for i in range(n)]  # no step of the kernel rounds: same values

    def vector(i: int) -> list[float]:
        base = _store(fma(step, acc(i), start), dt)  # start + step * idx, then to scalar_t
        lanes = [base, _store(acc(base + step), dt)]  # lane 1 is a plain add
        return lanes + [_store(fma(float(k), step, base), dt) for k in range(2, width)]

    out: list[float] = []
    for begin, end in _parallel_chunks(n):
        i = begin
        while i + 2 * width <= end:  # two vectors per iteration of vectorized_loop
            out += vector(i) + vector(i + width)
            i += 2 * width
        out += [_store(fma(step, acc(j), start), dt) for j in range(i, end)]  # scalar tail
    return out


def arange(
    start: Number = 0,
    end: Number | None = None,
    step: Number = 1,
    *,
    out: Tensor | None = None,
    dtype: dtype | None = None,
    layout: Layout | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """The values `start, start + step, ...` up to but excluding `end`, with torch's exact float
    values.

    `arange(end)` starts at 0. The values are computed as ATen's vectorised CPU kernel computes
    them (fused multiply-adds included), so float results match PyTorch's last bit.

    Args:
        start: the first value (or `end`, when called as `arange(end)`).
        end: the bound, excluded.
        step: the difference between neighbours; may be negative, not zero.
        dtype: the dtype; default int64 when start, end and step are all integers (or bools),
            else the default float dtype.
        device: the device; default: the CPU.
        requires_grad: make the result a leaf that requires grad.
        out: a tensor to write into (resized if needed) and return; its dtype is the default.
        layout, pin_memory: only `pytensor.strided` and False (see `pytensor.ops.arguments`).

    Returns:
        A 1-D tensor of `ceil((end - start) / step)` elements.

    Examples:
        >>> import pytensor
        >>> pytensor.arange(5), pytensor.arange(1, 2.5, 0.5)
        (tensor([0, 1, 2, 3, 4]), tensor([1.0000, 1.5000, 2.0000]))
        >>> pytensor.arange(10, 0, -3)
        tensor([10,  7,  4,  1])
    """
    check_types(
        "arange", out=out, dtype=dtype, layout=layout, device=device,
        requires_grad=requires_grad, pin_memory=pin_memory,
    )  # fmt: skip
    if dtype is None and out is not None:
        dtype = out.dtype
    if end is None:
        start, end = 0, start
    start, end, step = _scalar(start), _scalar(end), _scalar(step)
    if dtype is None:
        integral = all(isinstance(v, (bool, int)) for v in (start, end, step))
        dtype = dtypes.int64 if integral else dtypes.get_default_dtype()
    if dtype is dtypes.bool_:
        raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
    n = _arange_size(start, end, step, dtype)
    values: Sequence[Number]
    if dtype.is_floating_point:
        values = _arange_floats(float(start), float(step), n, dtype)
    else:  # at::acc_type of every integer type is int64: exact, wrapped on store
        istart, istep = int(_to(start, dtypes.int64)), int(_to(step, dtypes.int64))
        values = [istart + istep * i for i in range(n)]
    t = from_values(values, (n,), dtype, as_device(device))
    t = requiring_grad(t) if requires_grad else t
    return write_out("arange", t, out)


def _linspace_values(start: Number, end: Number, steps: int, dt: dtype) -> list[Number]:
    """ATen's linspace_kernel: a scalar loop, up from start for the first half, down from end."""
    first, last = _to(start, dt), _to(end, dt)
    halfway = steps // 2
    if dt.is_floating_point and dt is not dtypes.float16:
        # step and both halves in scalar_t; `start + step * i` is one fused multiply-add.
        fma = _fma_f64 if dt is dtypes.float64 else _fma_f32
        step = _store(_store(last - first, dt) / _store(float(steps - 1), dt), dt)
        return [
            fma(step, _store(i, dt), first)
            if i < halfway
            else fma(-step, _store(steps - i - 1, dt), last)
            for i in range(steps)
        ]
    if dt is dtypes.float16:
        # c10::Half arithmetic rounds every operation (done in float) back to half.
        half_step = _store(_store(last - first, dt) / _store(float(steps - 1), dt), dt)

        def times(i: int) -> float:
            return _store(half_step * _store(float(i), dt), dt)

        return [
            _store(first + times(i), dt) if i < halfway else _store(last - times(steps - i - 1), dt)
            for i in range(steps)
        ]
    # Integer outputs: the step is a double, each value truncated toward zero.
    dstep = (float(last) - float(first)) / (steps - 1)
    values: list[Number] = []
    for i in range(steps):
        if i < halfway:
            v = _fma_f64(dstep, float(i), float(first))
        else:
            v = _fma_f64(-dstep, float(steps - i - 1), float(last))
        values.append(_to_int(v, dt))
    return values


def linspace(
    start: Number,
    end: Number,
    steps: int,
    *,
    out: Tensor | None = None,
    dtype: dtype | None = None,
    layout: Layout | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """`steps` evenly spaced values from `start` to `end`, both included, bit for bit as torch.

    As in ATen, the first half counts up from `start` and the second half down from `end`.

    Args:
        start: the first value.
        end: the last value.
        steps: the number of values (>= 0).
        dtype: the dtype; default: the default float dtype.
        device: the device; default: the CPU.
        requires_grad: make the result a leaf that requires grad.
        out: a tensor to write into (resized if needed) and return; its dtype is the default.
        layout, pin_memory: only `pytensor.strided` and False (see `pytensor.ops.arguments`).

    Returns:
        A 1-D tensor `(steps,)`.

    Examples:
        >>> import pytensor
        >>> pytensor.linspace(0, 1, 5)
        tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
    """
    check_types(
        "linspace", out=out, dtype=dtype, layout=layout, device=device,
        requires_grad=requires_grad, pin_memory=pin_memory,
    )  # fmt: skip
    if dtype is None and out is not None:
        dtype = out.dtype
    dtype = dtype or dtypes.get_default_dtype()
    start, end = _scalar(start), _scalar(end)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if dtype is dtypes.bool_:
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    values: list[Number]
    if steps == 0:
        values = []
    elif steps == 1:
        values = [_fill_value(start, dtype)]  # result.fill_(start)
    else:
        values = _linspace_values(start, end, steps, dtype)
    t = from_values(values, (steps,), dtype, as_device(device))
    t = requiring_grad(t) if requires_grad else t
    return write_out("linspace", t, out)


def _c_pow(x: float, y: float) -> float:
    """C's pow(x, y) (what std::pow calls), where Python's math.pow raises instead."""
    try:
        return math.pow(x, y)
    except OverflowError:
        odd = y.is_integer() and y % 2 == 1
        return -math.inf if x < 0 and odd else math.inf
    except ValueError:  # 0 ** negative: a pole; negative ** fraction: nan
        if x == 0:
            odd = y.is_integer() and y % 2 == 1
            return math.copysign(math.inf, x) if odd else math.inf
        return -math.nan  # x86's default NaN, which glibc returns here, has its sign bit set


def logspace(
    start: Number,
    end: Number,
    steps: int,
    base: float = 10.0,
    *,
    out: Tensor | None = None,
    dtype: dtype | None = None,
    layout: Layout | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """`base ** linspace(start, end, steps)`, computed as ATen's logspace_out does.

    Args:
        start: the first exponent.
        end: the last exponent.
        steps: the number of values (>= 0).
        base: the base of the powers.
        dtype: the dtype; default: the default float dtype.
        device: the device; default: the CPU.
        requires_grad: make the result a leaf that requires grad.
        out: a tensor to write into (resized if needed) and return; its dtype is the default.
        layout, pin_memory: only `pytensor.strided` and False (see `pytensor.ops.arguments`).

    Returns:
        A 1-D tensor `(steps,)`.

    Examples:
        >>> import pytensor
        >>> pytensor.logspace(0, 3, 4), pytensor.logspace(0, 2, 3, base=2)
        (tensor([   1.,   10.,  100., 1000.]), tensor([1., 2., 4.]))
    """
    check_types(
        "logspace", out=out, dtype=dtype, layout=layout, device=device,
        requires_grad=requires_grad, pin_memory=pin_memory,
    )  # fmt: skip
    if dtype is None and out is not None:
        dtype = out.dtype
    dtype = dtype or dtypes.get_default_dtype()
    values: list[Number] = []
    start, end, base = _scalar(start), _scalar(end), float(_scalar(base))
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    if dtype is dtypes.bool_:
        raise NotImplementedError("\"logspace_cpu\" not implemented for 'Bool'")
    if steps == 1:  # result.fill_(pow(base, start))
        values = [_fill_value(_c_pow(base, float(start)), dtype)]
    elif steps > 1:
        # start and end in scalar_t, their difference too; the exponents in double, no FMA.
        first, last = _to(start, dtype), _to(end, dtype)
        diff = last - first  # in scalar_t; C promotes types narrower than int to int
        if dtype.is_floating_point:
            diff = _store(diff, dtype)
        elif dtype.bits >= 32:
            diff = dtype.cast(diff)
        step = float(diff) / (steps - 1)
        halfway = steps // 2
        for i in range(steps):
            exponent = first + step * i if i < halfway else last - step * (steps - i - 1)
            power = _c_pow(base, exponent)  # stored with a plain C cast
            values.append(_store(power, dtype) if dtype.kind == "f" else _to_int(power, dtype))
    t = from_values(values, (steps,), dtype, as_device(device))
    t = requiring_grad(t) if requires_grad else t
    return write_out("logspace", t, out)


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


