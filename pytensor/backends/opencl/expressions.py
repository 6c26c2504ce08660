"""The C expression behind every op name: the OpenCL twin of `backends/scalar_ops.py`.

The runtime pastes an expression into a kernel template as `UNARY_OP(x)` or
`BINARY_OP(a, b)`. `x`, `a` and `b` have the element type `T`; the store converts the result to
the output dtype (see STORE in kernels/common.cl). Helpers whose names end in `_` or `_int`
live in kernels/scalar.cl. Integer division helpers take the kernel's `error` buffer, since a
kernel cannot raise.
"""

from __future__ import annotations

from ...dtypes import dtype

UNARY_FLOAT = {
    "neg": "-x",
    "abs": "fabs(x)",
    "sign": "(x > 0 ? 1 : (x < 0 ? -1 : 0))",  # sign(nan) = 0, as in torch
    "exp": "exp(x)",
    "log": "log(x)",
    "log2": "log2(x)",
    "log10": "log10(x)",
    "log1p": "log1p(x)",
    "expm1": "expm1(x)",
    "sqrt": "sqrt(x)",
    "rsqrt": "rsqrt(x)",
    "sin": "sin(x)",
    "cos": "cos(x)",
    "tan": "tan(x)",
    "asin": "asin(x)",
    "acos": "acos(x)",
    "atan": "atan(x)",
    "sinh": "sinh(x)",
    "cosh": "cosh(x)",
    "tanh": "tanh(x)",
    "sigmoid": "sigmoid_(x)",
    "erf": "erf(x)",
    "erfc": "erfc(x)",
    "floor": "floor(x)",
    "ceil": "ceil(x)",
    "round": "rint(x)",  # ties to even; C's round() would take ties away from zero
    "trunc": "trunc(x)",
    "reciprocal": "(1 / x)",
    "isnan": "isnan(x)",
    "isinf": "isinf(x)",
    "isfinite": "isfinite(x)",
    "logical_not": "(x == 0)",
}

UNARY_INT = {
    "neg": "WRAP_SUB(0, x)",
    "abs": "(x < 0 ? WRAP_SUB(0, x) : x)",
    "sign": "((x > 0) - (x < 0))",
    "floor": "x",
    "ceil": "x",
    "round": "x",
    "trunc": "x",
    "isnan": "0",
    "isinf": "0",
    "isfinite": "1",
    "logical_not": "(x == 0)",
    "bitwise_not": "(T)(~x)",
}

UNARY_BOOL = {**UNARY_INT, "bitwise_not": "(x == 0)"}

_COMPARISONS = {
    "eq": "(a == b)",
    "ne": "(a != b)",
    "lt": "(a < b)",
    "le": "(a <= b)",
    "gt": "(a > b)",
    "ge": "(a >= b)",
    "logical_and": "(a != 0 && b != 0)",
    "logical_or": "(a != 0 || b != 0)",
    "logical_xor": "((a != 0) != (b != 0))",
}

BINARY_FLOAT = {
    "add": "(a + b)",
    "sub": "(a - b)",
    "mul": "(a * b)",
    "div": "(a / b)",
    "floor_divide": "floor_divide_(a, b)",
    "remainder": "remainder_(a, b)",
    "fmod": "fmod(a, b)",
    "pow": "pow(a, b)",
    "maximum": "((b > a || isnan(b)) ? b : a)",  # nan in either operand propagates
    "minimum": "((b < a || isnan(b)) ? b : a)",
    "atan2": "atan2(a, b)",
    **_COMPARISONS,
    "threshold_backward": "(b <= 0 ? (T)0 : a)",  # nan <= 0 is false: a nan b lets a through
}

BINARY_INT = {
    "add": "WRAP_ADD(a, b)",
    "sub": "WRAP_SUB(a, b)",
    "mul": "WRAP_MUL(a, b)",
    "floor_divide": "floor_divide_int(a, b, error)",
    "remainder": "remainder_int(a, b, error)",
    "fmod": "fmod_int(a, b, error)",
    "pow": "pow_int(a, b)",
    "maximum": "(b > a ? b : a)",
    "minimum": "(b < a ? b : a)",
    **_COMPARISONS,
    "bitwise_and": "(a & b)",
    "bitwise_or": "(a | b)",
    "bitwise_xor": "(a ^ b)",
    "threshold_backward": "(b <= 0 ? (T)0 : a)",
}


def unary(op: str, dt: dtype) -> str:
    table = UNARY_FLOAT if dt.is_floating_point else UNARY_BOOL if dt.kind == "b" else UNARY_INT
    return _lookup(table, op, dt)


def binary(op: str, dt: dtype) -> str:
    return _lookup(BINARY_FLOAT if dt.is_floating_point else BINARY_INT, op, dt)


def addcmul(dt: dtype) -> str:
    """a + b * c rounded once: OpenCL's fma, the twin of the reference's double arithmetic."""
    if dt.is_floating_point:
        return "fma(b, c, a)"
    return "(a || (b && c))" if dt.kind == "b" else "WRAP_ADD(a, WRAP_MUL(b, c))"


def _lookup(table: dict[str, str], op: str, dt: dtype) -> str:
    if op not in table:
        raise NotImplementedError(f"\"{op}\" not implemented for '{dt.type_name}' on opencl")
    return table[op]


# Reductions and scans: how a value `v` joins the accumulator `acc`.
COMBINE_FLOAT = {
    "sum": "((acc) + (v))",
    "prod": "((acc) * (v))",
    "max": "(((acc) != (acc) || (acc) >= (v)) ? (acc) : (v))",  # a nan stays
    "min": "(((acc) != (acc) || (acc) <= (v)) ? (acc) : (v))",
    "cumsum": "((acc) + (v))",
    "cumprod": "((acc) * (v))",
}
COMBINE_INT = {
    "sum": "((ACC)((ulong)(acc) + (ulong)(v)))",
    "prod": "((ACC)((ulong)(acc) * (ulong)(v)))",
    "max": "((acc) >= (v) ? (acc) : (v))",
    "min": "((acc) <= (v) ? (acc) : (v))",
    "cumsum": "((ACC)((ulong)(acc) + (ulong)(v)))",
    "cumprod": "((ACC)((ulong)(acc) * (ulong)(v)))",
}
# argmax/argmin: which comparison makes a value win (see `better` in kernels/reduce.cl).
BEATS = {"argmax": ">", "argmin": "<"}
