"""Data types: what each one stores, how values are rounded or wrapped, and type promotion.

Every dtype keeps its values in a typed `array.array`, so float32 costs 4 bytes per element and
rounds like float32. Python computes in doubles and big ints; the rounding (float32, float16) or
wrapping (int64, int8, ...) happens once, when a result is stored.
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Iterable
from typing import Union

Number = Union[bool, int, float]


def _round_half(x: float) -> float:
    """Round a double to the nearest float16 value (ties to even), overflowing to inf."""
    try:
        return float(struct.unpack("e", struct.pack("e", x))[0])
    except OverflowError:
        return math.copysign(math.inf, x)


class dtype:
    """A tensor element type, printed as `pytensor.float32` the way torch prints `torch.float32`."""

    def __init__(
        self, name: str, typecode: str, itemsize: int, kind: str, bits: int, type_name: str
    ) -> None:
        self.name = name
        self.type_name = type_name  # PyTorch's spelling in messages and legacy types: "Float"
        self.typecode = typecode  # the array.array code of the storage
        self.itemsize = itemsize  # bytes per element as PyTorch counts them
        self.kind = kind  # "b" bool, "i" signed int, "u" unsigned int, "f" float
        self.bits = bits
        self.is_floating_point = kind == "f"
        self.is_signed = kind in "if"
        self.is_complex = False

    def __repr__(self) -> str:
        return f"pytensor.{self.name}"

    def __reduce__(self) -> str:
        return self.name

    @property
    def min(self) -> Number:
        return -(1 << (self.bits - 1)) if self.kind == "i" else 0

    @property
    def max(self) -> Number:
        return (1 << (self.bits - 1)) - 1 if self.kind == "i" else (1 << self.bits) - 1

    def cast(self, value: Number) -> Number:
        """Convert one Python number to what this dtype stores: C-style casts, int wrapping."""
        if self.kind == "f":
            return _round_half(float(value)) if self.bits == 16 else float(value)
        if self.kind == "b":
            return 1 if value else 0
        if isinstance(value, float):
            if not math.isfinite(value):
                # x86's float-to-int conversion gives the "indefinite integer" for nan and inf.
                return -(1 << 63) if self.bits == 64 else 0
            value = int(value)  # truncates toward zero, like a C cast
        span = 1 << self.bits
        low = self.min
        return (int(value) - low) % span + low


float32 = dtype("float32", "f", 4, "f", 32, "Float")
float64 = dtype("float64", "d", 8, "f", 64, "Double")
float16 = dtype("float16", "f", 2, "f", 16, "Half")  # an array("f"), rounded to half on store
int64 = dtype("int64", "q", 8, "i", 64, "Long")
int32 = dtype("int32", "i", 4, "i", 32, "Int")
int16 = dtype("int16", "h", 2, "i", 16, "Short")
int8 = dtype("int8", "b", 1, "i", 8, "Char")
uint8 = dtype("uint8", "B", 1, "u", 8, "Byte")
bool_ = dtype("bool", "B", 1, "b", 8, "Bool")

ALL_DTYPES = (bool_, uint8, int8, int16, int32, int64, float16, float32, float64)
_BY_NAME = {d.name: d for d in ALL_DTYPES}

_default_dtype = float32


def get_default_dtype() -> dtype:
    return _default_dtype


def set_default_dtype(d: dtype) -> None:
    global _default_dtype
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_dtype = d


def by_name(name: str) -> dtype:
    return _BY_NAME[name]


def to_storage(d: dtype, values: Iterable[Number]) -> array:  # type: ignore[type-arg]
    """Pack Python numbers into `d`'s typed storage, rounding and wrapping as `d` does.

    The common case (floats into a float array, in-range ints into an int array) goes straight
    into `array`, which runs in C. Only values that need a cast (float16 rounding, bools, ints
    that overflow and must wrap, floats into an int array) take the per-element path.
    """
    if d.kind == "b" or d.bits == 16 and d.kind == "f":
        return array(d.typecode, map(d.cast, values))
    values = values if isinstance(values, (list, array)) else list(values)
    try:
        return array(d.typecode, values)
    except (OverflowError, TypeError):
        return array(d.typecode, map(d.cast, values))


def from_storage(d: dtype, value: Number) -> Number:
    """The Python value of one stored element (bool storage holds 0 and 1)."""
    return bool(value) if d.kind == "b" else value


# --- type promotion, following c10/core/ScalarType.h and TensorIterator's result_type -----------

_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}  # the "category" PyTorch compares: bool < int < float


def promote_types(a: dtype, b: dtype) -> dtype:
    """The smallest dtype both `a` and `b` convert to without losing their kind."""
    if a is b:
        return a
    if a.kind == "b":
        return b
    if b.kind == "b":
        return a
    if a.kind == "f" or b.kind == "f":
        if a.kind == "f" and b.kind == "f":
            return a if a.bits >= b.bits else b
        return a if a.kind == "f" else b
    # Both integers. uint8 with a signed type needs a signed type that holds 0..255.
    if a.kind == "u" or b.kind == "u":
        other = b if a.kind == "u" else a
        if other.kind == "u":
            return other
        return int16 if other.bits <= 8 else other
    return a if a.bits >= b.bits else b


def _combine_categories(higher: dtype | None, lower: dtype | None) -> dtype | None:
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.kind == "f":
        return higher
    if higher.kind == "b" or lower.kind == "f":
        return promote_types(higher, lower)
    return higher


def result_type(*operands: object) -> dtype:
    """torch.result_type over tensors and Python scalars.

    Dimensioned tensors decide first, then 0-dim tensors, then Python numbers; a lower tier only
    changes the result when it is of a higher category (bool < int < float). So an int32 tensor
    plus 3 stays int32, but an int32 tensor plus 2.5 becomes the default float dtype.
    """
    dim_result: dtype | None = None
    zero_result: dtype | None = None
    wrapped_result: dtype | None = None
    for x in operands:
        if isinstance(x, bool):
            wrapped_result = _promote_opt(wrapped_result, bool_)
        elif isinstance(x, int):
            wrapped_result = _promote_opt(wrapped_result, int64)
        elif isinstance(x, float):
            wrapped_result = _promote_opt(wrapped_result, _default_dtype)
        else:
            xd: dtype = x.dtype  # type: ignore[attr-defined]
            if x.dim() > 0:  # type: ignore[attr-defined]
                dim_result = _promote_opt(dim_result, xd)
            else:
                zero_result = _promote_opt(zero_result, xd)
    result = _combine_categories(dim_result, _combine_categories(zero_result, wrapped_result))
    assert result is not None, "result_type needs at least one operand"
    return result


def _promote_opt(a: dtype | None, b: dtype) -> dtype:
    return b if a is None else promote_types(a, b)


def can_cast(from_: dtype, to: dtype) -> bool:
    """torch.can_cast: an in-place op may not move a value to a lower category."""
    return _RANK[from_.kind] <= _RANK[to.kind]
