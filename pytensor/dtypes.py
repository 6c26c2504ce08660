"""Data types: what each one stores, how values are rounded or wrapped, and type promotion.

Every dtype keeps its values in a typed `array.array`, so float32 costs 4 bytes per element and
rounds like float32. Python computes in doubles and big ints; the rounding (float32, float16) or
wrapping (int64, int8, ...) happens once, when a result is stored.

The dtypes are bool, uint8, int8, int16, int32, int64, float16, float32 and float64; there is
no bfloat16, no complex dtype and no `finfo`/`iinfo`.

>>> import pytensor
>>> pytensor.tensor([1, 2], dtype=pytensor.int8) + 0.5
tensor([1.5000, 2.5000])
>>> pytensor.promote_types(pytensor.uint8, pytensor.int8)
pytensor.int16
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Iterable
from typing import Union

from ._namespace import prefix

Number = Union[bool, int, float]


def _round_half(x: float) -> float:
    """Round a double to the nearest float16 value (ties to even), overflowing to inf."""
    try:
        return float(struct.unpack("e", struct.pack("e", x))[0])
    except OverflowError:
        return math.copysign(math.inf, x)


# The largest finite value of each float width: torch.finfo(float16 / float32 / float64).max.
_FLOAT_MAX = {16: 65504.0, 32: 3.4028234663852886e38, 64: 1.7976931348623157e308}


class dtype:
    """A tensor element type, printed as `pytensor.float32` the way torch prints `torch.float32`.

    Use the module-level instances (`pytensor.float32`, `pytensor.int64`, `pytensor.bool`, ...);
    each dtype exists once, so `x.dtype is pytensor.float32` works.

    Args:
        name: the name, such as `"float32"`.
        typecode: the `array.array` typecode of the storage.
        itemsize: bytes per element, as PyTorch counts them.
        kind: `"b"` bool, `"i"` signed int, `"u"` unsigned int, `"f"` float.
        bits: the width in bits.
        type_name: PyTorch's spelling in messages and legacy types, such as `"Float"`.

    Attributes:
        is_floating_point: True for the float dtypes.
        is_signed: True for signed ints and floats.
        is_complex: always False.

    Note:
        float16 values are kept in a float32 `array('f')` and rounded to float16 when stored.
        `name`, `kind`, `bits`, `typecode`, `type_name`, `min`, `max` and `cast` are pytensor's
        own; PyTorch's dtype has `itemsize`, `is_floating_point`, `is_signed` and `is_complex`.

    Examples:
        >>> import pytensor
        >>> pytensor.float32, pytensor.float32.itemsize, pytensor.int64.is_floating_point
        (pytensor.float32, 4, False)
    """

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
        # A float reaches this integer type in torch (c10::convert) through an x86 conversion
        # to int64 (for int64, and for uint8, which c10 sends through int64 so that negative
        # values wrap) or to int32 (int32, and int16 and int8, as a C compiler converts to a
        # type narrower than int), then keeps the low bits. This is that conversion's lowest
        # value, what it gives for anything it cannot represent.
        via = 64 if bits == 64 or kind == "u" else 32
        self._via_lowest = -(1 << (via - 1))
        self._via_limit = 2.0 ** (via - 1)  # exact in a double

    def __repr__(self) -> str:
        return f"{prefix()}.{self.name}"

    def __reduce__(self) -> str:
        return self.name

    @property
    def min(self) -> Number:
        """The smallest value of the dtype: 0 for uint8 and bool, the most negative finite
        value for a float dtype (`torch.finfo(dtype).min`).

        Examples:
            >>> import pytensor
            >>> pytensor.int8.min, pytensor.uint8.min, pytensor.float16.min
            (-128, 0, -65504.0)
        """
        if self.kind == "f":
            return -_FLOAT_MAX[self.bits]
        return -(1 << (self.bits - 1)) if self.kind == "i" else 0

    @property
    def max(self) -> Number:
        """The largest value of the dtype (the largest finite value for a float dtype, as
        `torch.finfo(dtype).max`; 1 for bool).

        Examples:
            >>> import pytensor
            >>> pytensor.int8.max, pytensor.uint8.max, pytensor.float32.max
            (127, 255, 3.4028234663852886e+38)
        """
        if self.kind == "f":
            return _FLOAT_MAX[self.bits]
        if self.kind == "b":
            return 1
        return (1 << (self.bits - 1)) - 1 if self.kind == "i" else (1 << self.bits) - 1

    def cast(self, value: Number) -> Number:
        """Convert one Python number to what this dtype stores: C-style casts, int wrapping.

        Floats are truncated toward zero into integers and wrap around. nan, inf and floats too
        large give what torch gives on an x86 CPU: the lowest int64 (for int64 and uint8) or
        int32 (for int32, int16, int8), wrapped into the type. float16 is rounded to the nearest
        half; bools are stored as 0 and 1.

        Examples:
            >>> import pytensor
            >>> pytensor.int8.cast(200), pytensor.int32.cast(-1.7), pytensor.float16.cast(0.1)
            (-56, -1, 0.0999755859375)
            >>> pytensor.int64.cast(1e19), pytensor.int32.cast(1e10), pytensor.uint8.cast(-1.0)
            (-9223372036854775808, -2147483648, 255)
        """
        if self.kind == "f":
            return _round_half(float(value)) if self.bits == 16 else float(value)
        if self.kind == "b":
            return 1 if value else 0
        if isinstance(value, float):
            # x86's truncating conversion (cvttsd2si), which torch's casts compile to: toward
            # zero, and the lowest value, the "integer indefinite", for nan, inf and anything out
            # of range (C leaves those undefined). nan fails both comparisons. (The bound is a
            # float: CPython compares a float with a 64-bit int about twice as slowly.)
            limit = self._via_limit
            value = int(value) if -limit <= value < limit else self._via_lowest
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
    """The dtype of floating results that have no other source for one (float32 unless changed).

    It is what `pytensor.tensor([1.5])`, `zeros(2)`, `rand(2)` and int / int produce.

    Examples:
        >>> import pytensor
        >>> pytensor.get_default_dtype()
        pytensor.float32
    """
    return _default_dtype


def set_default_dtype(d: dtype) -> None:
    """Change the default floating dtype (float16, float32 or float64).

    Args:
        d: a floating dtype.

    Raises:
        TypeError: for a dtype that is not floating point.

    Examples:
        >>> import pytensor
        >>> pytensor.set_default_dtype(pytensor.float64)
        >>> pytensor.tensor([1.5]).dtype
        pytensor.float64
        >>> pytensor.set_default_dtype(pytensor.float32)
    """
    global _default_dtype
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_dtype = d


def by_name(name: str) -> dtype:
    """The dtype named `name` (`"float32"`, `"int64"`, `"bool"`, ...).

    Examples:
        >>> from pytensor import dtypes
        >>> dtypes.by_name("int16")
        pytensor.int16
    """
    return _BY_NAME[name]


def to_storage(d: dtype, values: Iterable[Number]) -> array:  # type: ignore[type-arg]
    """Pack Python numbers into `d`'s typed storage, rounding and wrapping as `d` does.

    The common case (floats into a float array, in-range ints into an int array) goes straight
    into `array`, which runs in C. Only values that need a cast (float16 rounding, bools, ints
    that overflow and must wrap, floats into an int array) take the per-element path.

    Examples:
        >>> from pytensor import dtypes
        >>> dtypes.to_storage(dtypes.uint8, [1, 256, -1])
        array('B', [1, 0, 255])
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
    """The smallest dtype both `a` and `b` convert to without losing their kind.

    bool < integers < floats; among integers the wider wins, and uint8 with a signed type
    needs a signed type that holds 0..255 (int16 for int8).

    Examples:
        >>> import pytensor
        >>> pytensor.promote_types(pytensor.int32, pytensor.float16)
        pytensor.float16
        >>> pytensor.promote_types(pytensor.uint8, pytensor.int8)
        pytensor.int16
    """
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

    Args:
        *operands: tensors and Python numbers (bool, int, float), at least one.

    Returns:
        The dtype an elementwise op of these operands computes in.

    Note:
        PyTorch's `result_type` takes exactly two operands; this one takes any number.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([1, 2], dtype=pytensor.int32)
        >>> pytensor.result_type(x, 3), pytensor.result_type(x, 2.5)
        (pytensor.int32, pytensor.float32)
        >>> pytensor.result_type(x, pytensor.tensor(1.0, dtype=pytensor.float64))
        pytensor.float64
    """
    first = getattr(operands[0], "dtype", None)
    if isinstance(first, dtype):
        if all(getattr(x, "dtype", None) is first for x in operands[1:]):
            return first  # the common case: tensors of one dtype
        if all(
            type(x) in _NUMBER_KIND and _NUMBER_KIND[type(x)] <= _KIND_RANK[first.kind]
            for x in operands[1:]
        ):
            return first  # x * 2.0 on a float tensor: the numbers do not change the category
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


_KIND_RANK = {"b": 0, "u": 1, "i": 1, "f": 2}  # the categories: bool < int < float
_NUMBER_KIND = {bool: 0, int: 1, float: 2}


def _promote_opt(a: dtype | None, b: dtype) -> dtype:
    return b if a is None else promote_types(a, b)


def can_cast(from_: dtype, to: dtype) -> bool:
    """torch.can_cast: an in-place op may not move a value to a lower category.

    A float may not be written into an integer tensor, nor an integer into a bool tensor; any
    cast within a category (float64 to float16, int64 to int8) is allowed.

    Args:
        from_: the dtype of the result.
        to: the dtype of the tensor written into.

    Examples:
        >>> import pytensor
        >>> pytensor.can_cast(pytensor.float32, pytensor.int32)
        False
        >>> pytensor.can_cast(pytensor.int64, pytensor.int8)
        True
    """
    return _RANK[from_.kind] <= _RANK[to.kind]


# The C++ spelling of each dtype, which some of PyTorch's messages print ("but got mask with
# dtype float", "float != long int").
_CPP_NAMES = {
    "bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short int",
    "int32": "int", "int64": "long int", "float16": "c10::Half", "float32": "float",
    "float64": "double",
}  # fmt: skip


def cpp_name(dt: dtype) -> str:
    """PyTorch's C++ name for `dt`, as its messages print it: `cpp_name(float32) == "float"`."""
    return _CPP_NAMES.get(dt.name, dt.name)
