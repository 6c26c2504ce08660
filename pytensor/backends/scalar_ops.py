"""The scalar function behind every op name, with IEEE-754 behaviour where Python raises.

Plain Python raises on `1.0 / 0.0`, `math.log(0.0)`, `math.exp(1000.0)` and `math.sqrt(-1.0)`.
Tensors must not: they give inf, -inf, inf and nan like C and PyTorch. Each function below takes
the fast path first and handles the exceptional case in its `except`, which costs nothing when no
exception is raised (CPython 3.11+). Integer arithmetic is exact here; results wrap to the dtype's
width only when they are stored (see `dtypes.to_storage`).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable

from ..dtypes import Number

inf = math.inf
nan = math.nan

Unary = Callable[[Number], Number]
Binary = Callable[[Number, Number], Number]


def _ieee(fn: Callable[[float], float], on_overflow: float, on_domain: float) -> Unary:
    """Wrap a math function so overflow and domain errors return IEEE values, not raise."""

    def safe(x: Number) -> Number:
        try:
            return fn(x)
        except OverflowError:
            return on_overflow
        except ValueError:
            return on_domain

    safe.__name__ = fn.__name__
    return safe


def _log(x: Number) -> float:
    if x > 0:
        return math.log(x)
    return -inf if x == 0 else nan  # log(0) = -inf, log(negative) = nan, log(nan) = nan


def _log2(x: Number) -> float:
    return math.log2(x) if x > 0 else _log(x)


def _log10(x: Number) -> float:
    return math.log10(x) if x > 0 else _log(x)


def _log1p(x: Number) -> float:
    if x > -1:
        return math.log1p(x)
    return -inf if x == -1 else nan


def _sqrt(x: Number) -> float:
    return (
        math.sqrt(x) if x >= 0 else nan
    )  # also nan for nan; sqrt(-0.0) = -0.0 takes the fast path


def _rsqrt(x: Number) -> float:
    if x > 0:
        return 1.0 / math.sqrt(x)
    if x == 0:
        return math.copysign(inf, x)
    return nan


def _sigmoid(x: Number) -> float:
    # Two branches so exp never overflows: for very negative x, exp(-x) would be inf.
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _tanh(x: Number) -> float:
    return math.tanh(x)


def _sign(x: Number) -> Number:
    return (x > 0) - (x < 0)


def _sign_float(x: Number) -> float:
    if x > 0:
        return 1.0
    if x < 0:
        return -1.0
    return 0.0  # PyTorch: sign(nan) = 0. and sign(-0.) = 0.


def _rounding(fn: Callable[[float], int]) -> Unary:
    """floor/ceil/trunc/round for floats: keep inf and nan, and keep the sign of a zero result."""

    def rounded(x: Number) -> Number:
        if isinstance(x, int):
            return x  # integer tensors are already whole
        try:
            r = float(fn(x))
        except (OverflowError, ValueError):
            return x  # inf and nan round to themselves
        return r if r else math.copysign(0.0, x)

    rounded.__name__ = fn.__name__
    return rounded


def _sinh(x: Number) -> float:
    try:
        return math.sinh(x)
    except OverflowError:
        return math.copysign(inf, x)  # sinh overflows to +-inf, not nan


def _reciprocal(x: Number) -> float:
    return _div(1.0, x)


def _bitwise_not(x: Number) -> Number:
    if isinstance(x, float):
        raise TypeError("bitwise_not is only defined for integer and bool tensors")
    return not x if isinstance(x, bool) else ~x


UNARY: dict[str, Unary] = {
    "neg": operator.neg,
    "abs": abs,
    "sign": _sign,
    "exp": _ieee(math.exp, inf, nan),
    "log": _log,
    "log2": _log2,
    "log10": _log10,
    "log1p": _log1p,
    "expm1": _ieee(math.expm1, inf, nan),
    "sqrt": _sqrt,
    "rsqrt": _rsqrt,
    "sin": _ieee(math.sin, nan, nan),  # sin(inf) is nan
    "cos": _ieee(math.cos, nan, nan),
    "tan": _ieee(math.tan, nan, nan),
    "asin": _ieee(math.asin, nan, nan),
    "acos": _ieee(math.acos, nan, nan),
    "atan": math.atan,
    "sinh": _sinh,
    "cosh": _ieee(math.cosh, inf, nan),
    "tanh": _tanh,
    "sigmoid": _sigmoid,
    "erf": math.erf,
    "erfc": math.erfc,
    "floor": _rounding(math.floor),
    "ceil": _rounding(math.ceil),
    "round": _rounding(round),  # Python's round() ties to even, as PyTorch does
    "trunc": _rounding(math.trunc),
    "reciprocal": _reciprocal,
    "isnan": lambda x: x != x,
    "isinf": lambda x: x in (inf, -inf),
    "isfinite": lambda x: x == x and x not in (inf, -inf),
    "logical_not": operator.not_,
    "bitwise_not": _bitwise_not,
}

# Ops whose float version differs from the integer one.
UNARY_FLOAT_OVERRIDES: dict[str, Unary] = {"sign": _sign_float}


def _div(a: Number, b: Number) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0:
            return nan
        return math.copysign(inf, a) * math.copysign(1.0, b)


def _int_only(fn: Binary) -> Binary:
    """Integer division and remainder by zero raise, like PyTorch's "ZeroDivisionError"."""

    def checked(a: Number, b: Number) -> Number:
        try:
            return fn(a, b)
        except ZeroDivisionError:
            raise RuntimeError("ZeroDivisionError") from None

    checked.__name__ = fn.__name__
    return checked


def _floor_divide_float(a: Number, b: Number) -> float:
    try:
        return float(a // b)
    except ZeroDivisionError:
        return _div(a, b)


def _remainder_float(a: Number, b: Number) -> float:
    # ATen's formula: fmod, then move a nonzero result that has the wrong sign by one b. A zero
    # result keeps fmod's sign, the dividend's (torch.remainder(-1., 1.) is -0.), where Python's
    # % would give the divisor's.
    mod = _fmod_float(a, b)
    if mod != 0 and (b < 0) != (mod < 0):
        mod += b
    return mod


def _fmod_float(a: Number, b: Number) -> float:
    try:
        return math.fmod(a, b)  # C's fmod takes the sign of the dividend
    except ValueError:
        return nan


def _fmod_int(a: Number, b: Number) -> Number:
    if b == 0:
        raise RuntimeError("ZeroDivisionError")
    # In integers: through a float, int64 values past 2**53 would lose their low bits.
    mod = abs(int(a)) % abs(int(b))
    return -mod if a < 0 else mod


def _pow_float(a: Number, b: Number) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        odd_integer = float(b).is_integer() and int(b) % 2 == 1
        return -inf if a < 0 and odd_integer else inf
    except ValueError:
        if a == 0:  # 0 ** negative: inf, keeping the sign of -0.0 for odd powers
            odd_integer = float(b).is_integer() and int(b) % 2 == 1
            return math.copysign(inf, a) if odd_integer else inf
        return nan  # negative base, fractional exponent


def _pow_int(a: Number, b: Number) -> Number:
    if b < 0:  # integer result of 1 / a**|b|: 0 unless a is 1 or -1 (a Python-number exponent
        if a == 1:  # is refused before the kernel runs, as in PyTorch)
            return 1
        if a == -1:
            return 1 if b % 2 == 0 else -1
        return 0
    # Three-argument pow keeps the number small; the store wraps it to the dtype.
    return pow(int(a), int(b), 1 << 64)


def _maximum(a: Number, b: Number) -> Number:
    return b if b > a or b != b else a  # nan in either operand propagates; ties keep a (-0.0)


def _minimum(a: Number, b: Number) -> Number:
    return b if b < a or b != b else a


def _atan2(a: Number, b: Number) -> float:
    return math.atan2(a, b)


BINARY: dict[str, Binary] = {
    "add": operator.add,
    "sub": operator.sub,
    "mul": operator.mul,
    "div": _div,
    "floor_divide": _int_only(operator.floordiv),
    "remainder": _int_only(operator.mod),
    "fmod": _fmod_int,
    "pow": _pow_int,
    "maximum": _maximum,
    "minimum": _minimum,
    "atan2": _atan2,
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "logical_and": lambda a, b: bool(a) and bool(b),
    "logical_or": lambda a, b: bool(a) or bool(b),
    "logical_xor": lambda a, b: bool(a) != bool(b),
    "bitwise_and": operator.and_,
    "bitwise_or": operator.or_,
    "bitwise_xor": operator.xor,
    # ATen's threshold_backward at 0 (ReLU's backward): the gradient a where b > 0, else 0;
    # a nan b lets a through.
    "threshold_backward": lambda a, b: 0 if b <= 0 else a,
}

BINARY_FLOAT_OVERRIDES: dict[str, Binary] = {
    "floor_divide": _floor_divide_float,
    "remainder": _remainder_float,
    "fmod": _fmod_float,
    "pow": _pow_float,
}


def unary_fn(op: str, is_float: bool) -> Unary:
    """The scalar function for `op` on elements of a float or an integer/bool dtype."""
    if is_float and op in UNARY_FLOAT_OVERRIDES:
        return UNARY_FLOAT_OVERRIDES[op]
    return UNARY[op]


def binary_fn(op: str, is_float: bool) -> Binary:
    if is_float and op in BINARY_FLOAT_OVERRIDES:
        return BINARY_FLOAT_OVERRIDES[op]
    return BINARY[op]
