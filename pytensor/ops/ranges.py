"""arange, linspace and logspace, with the exact numbers of ATen's CPU kernels."""

from __future__ import annotations

import math
import os
import struct
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from .. import dtypes
from .._device import DeviceLike, as_device
from ..dtypes import Number, dtype
from ..random import _fma_f32_list, _fma_f64
from ..tensor import Tensor
from .arguments import (
    check_types,
    write_out,
)
from .arguments import layout as Layout
from .from_data import from_values, requiring_grad

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
