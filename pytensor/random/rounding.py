"""The number formats of the draws: dtype names, rounding to float32/float16/bfloat16, integer
casts, and the exact fused multiply-add that GCC emits in ATen's kernels.
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Sequence

_U32 = 0xFFFFFFFF
_U64 = 0xFFFFFFFFFFFFFFFF


# --------------------------------------------------------------------------
# dtype helpers
# --------------------------------------------------------------------------
_DTYPE_ALIASES = {
    "float": "float32",
    "float32": "float32",
    "double": "float64",
    "float64": "float64",
    "half": "float16",
    "float16": "float16",
    "bfloat16": "bfloat16",
    "long": "int64",
    "int64": "int64",
    "int": "int32",
    "int32": "int32",
    "short": "int16",
    "int16": "int16",
    "int8": "int8",
    "uint8": "uint8",
    "bool": "bool",
}
_FLOAT_DTYPES = ("float32", "float64", "float16", "bfloat16")
# Mantissa digits (std::numeric_limits<T>::digits) of the floating types.
_DIGITS = {"float64": 53, "float32": 24, "float16": 11, "bfloat16": 8}
# Range of the integral types, used for casts (static_cast wraps modulo 2**bits).
_INT_BITS = {"int64": 64, "int32": 32, "int16": 16, "int8": 8, "uint8": 8}


def _canon(dtype: str) -> str:
    name = dtype.removeprefix("torch.")
    try:
        return _DTYPE_ALIASES[name]
    except KeyError:
        raise ValueError(f"unsupported dtype {dtype!r}") from None


def _require_float(dtype: str, what: str) -> str:
    dt = _canon(dtype)
    if dt not in _FLOAT_DTYPES:
        raise ValueError(f"{what} expects a floating point dtype, got {dtype!r}")
    return dt


def _f32(x: float) -> float:
    """Round one Python float (double) to the nearest float32."""
    return struct.unpack("<f", struct.pack("<f", x))[0]  # type: ignore[no-any-return]


def _round_f32(values: list[float]) -> list[float]:
    """Round a whole list of doubles to float32 in one C-level pass."""
    return array("f", values).tolist()


def _round_f16(values: list[float]) -> list[float]:
    # c10::Half is constructed from a float, so a double is first rounded to
    # float32 and then to binary16 (struct's "e": round-half-to-even).
    out = []
    for v in _round_f32(values):
        try:
            out.append(struct.unpack("<e", struct.pack("<e", v))[0])
        except OverflowError:
            out.append(math.copysign(math.inf, v))
    return out


def _round_bf16(values: list[float]) -> list[float]:
    # c10::BFloat16 is also built from a float: double -> float32 first, then
    # nearest-even on the top 16 bits (round_to_nearest_even in BFloat16.h).
    bits = array("I", array("f", values).tobytes())
    out = array("I")
    for b in bits:
        if (b & 0x7F800000) == 0x7F800000 and (b & 0x007FFFFF):
            out.append(0x7FC00000)  # NaN
        else:
            rounded = (b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000
            out.append(rounded & _U32)
    return array("f", out.tobytes()).tolist()


def _round_to(values: list[float], dtype: str) -> list[float]:
    """static_cast<scalar_t>(double) for a floating destination dtype."""
    if dtype == "float64":
        return values
    if dtype == "float32":
        return _round_f32(values)
    if dtype == "float16":
        return _round_f16(values)
    return _round_bf16(values)


def _cast_int(value: int, dtype: str) -> int | float | bool:
    """static_cast<scalar_t>(int64_t) as done by the random_ kernels."""
    if dtype in _FLOAT_DTYPES:
        return _round_to([float(value)], dtype)[0]
    if dtype == "bool":
        return value != 0
    bits = _INT_BITS[dtype]
    value &= (1 << bits) - 1
    if dtype != "uint8" and value >= 1 << (bits - 1):
        value -= 1 << bits
    return value


# --------------------------------------------------------------------------
# Exact fused multiply-add emulation
# --------------------------------------------------------------------------
def _fma_f64(a: float, b: float, c: float) -> float:
    """Correctly rounded ``a * b + c`` in double precision (C's ``fma``).

    GCC contracts ``x * std + mean`` style expressions into FMA instructions,
    so torch's doubles carry a single rounding.  We compute the exact value
    with integers (all doubles are dyadic rationals) and let Python's
    correctly rounded ``int / int`` produce the double.
    """
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return a * b + c
    an, ad = a.as_integer_ratio()
    bn, bd = b.as_integer_ratio()
    cn, cd = c.as_integer_ratio()
    num, den = an * bn, ad * bd  # denominators are powers of two
    if den >= cd:
        total, denom = num + cn * (den // cd), den
    else:
        total, denom = num * (cd // den) + cn, cd
    if total == 0:
        return a * b + c  # keep IEEE signed-zero rules
    return total / denom


def _fma_f32_list(a: Sequence[float], b: Sequence[float], c: Sequence[float]) -> list[float]:
    """Correctly rounded float32 ``a * b + c`` (``vfmadd`` on float32 lanes).

    The inputs are float32 values, so ``a * b`` (at most 48 significant bits)
    is exact in a double and ``s = a * b + c`` carries one double rounding.
    Rounding ``s`` to float32 is then already correct unless ``s`` sits
    exactly on a float32 rounding midpoint (or in the float32 subnormal
    range): only for those rare lanes we recover the exact error with TwoSum
    and round *to odd* (Boldo & Melquiond), which makes the final float32
    rounding exact -- no double-rounding error anywhere.
    """
    sums = [x * y + z for x, y, z in zip(a, b, c)]
    bits = array("q", array("d", sums).tobytes())
    # Double bit patterns whose 29 bits below float32 precision are 100..0
    # (a midpoint), or whose exponent is below float32's normal range.
    suspects = [
        i
        for i, w in enumerate(bits)
        if (w & 0x1FFFFFFF) == 0x10000000 or (w & 0x7FF0000000000000) < 0x3810000000000000
    ]
    for i in suspects:
        p, z, s = a[i] * b[i], c[i], sums[i]
        bb = s - p
        err = (p - (s - bb)) + (z - bb)  # TwoSum: p + z == s + err exactly
        if err != 0.0 and not bits[i] & 1:
            bits[i] += 1 if (err > 0.0) == (s > 0.0) else -1
    return array("f", array("d", bits.tobytes())).tolist()
