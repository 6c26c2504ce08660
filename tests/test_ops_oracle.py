"""Oracle tests: every op's values, dtypes, shapes, gradients and grad_fn names against torch.

Each test writes the op once as `fn(lib, *tensors)`; `oracle.check` runs it with `lib=pytensor`
and `lib=torch` on the same random data laid out the same way (contiguous, transposed, stepped,
expanded, views of views), and compares everything. No expected value is written by hand.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import oracle  # noqa: E402
from oracle import (  # noqa: E402
    PT,
    RED_TOL,
    assert_close,
    assert_same,
    check,
    check_raises_same,
    grad_fn_names,
    make,
    pair_from_numpy,
    random_array,
)

import pytensor as pt  # noqa: E402


@pytest.fixture(autouse=True, params=oracle.DEVICES)
def on_each_device(request):
    """Every test here runs on each backend: the parity suite of the OpenCL device is this
    module, compared with torch exactly as the reference backend is."""
    yield from oracle.use_device(request.param)


@pytest.fixture(autouse=True)
def _grad_fn_names():
    """grad_fn names that differ from torch fail the test after all its checks ran."""
    yield from grad_fn_names()


# (shape, layout) cases for elementwise unary ops: 0-d, 1-element, size-0, and non-contiguous.
UNARY_CASES = [
    ((), "contig"),
    ((1,), "contig"),
    ((0,), "contig"),
    ((3, 4), "contig"),
    ((3, 4), "T"),
    ((2, 3, 4), "step"),
    ((3, 1, 4), "expand"),
    ((2, 3, 4), "vov"),
    ((2, 0, 3), "step"),
]


def _case_id(case: tuple) -> str:
    shape, layout = case
    return f"{'x'.join(map(str, shape)) or 'scalar'}-{layout}"


def rng_for(*parts: object) -> np.random.Generator:
    import zlib

    return np.random.default_rng(zlib.crc32(repr(parts).encode()))


# --- unary elementwise ------------------------------------------------------------------------

UNARY_DOMAINS = {
    "neg": (-3, 3), "abs": (-3, 3), "exp": (-3, 3), "log": (0.1, 5), "log2": (0.1, 5),
    "log10": (0.1, 5), "log1p": (-0.9, 3), "expm1": (-3, 3), "sqrt": (0.1, 5),
    "rsqrt": (0.1, 5), "sin": (-3, 3), "cos": (-3, 3), "tan": (-1.4, 1.4),
    "asin": (-0.95, 0.95), "acos": (-0.95, 0.95), "atan": (-3, 3), "sinh": (-3, 3),
    "cosh": (-3, 3), "tanh": (-3, 3), "sigmoid": (-5, 5), "relu": (-3, 3), "erf": (-2.5, 2.5),
    "erfc": (-2.5, 2.5), "sign": (-3, 3), "floor": (-3, 3), "ceil": (-3, 3), "round": (-3, 3),
    "trunc": (-3, 3), "frac": (-3, 3), "reciprocal": (0.2, 3), "square": (-3, 3),
}


@pytest.mark.parametrize("case", UNARY_CASES, ids=_case_id)
@pytest.mark.parametrize("op", sorted(UNARY_DOMAINS))
def test_unary_float32(op: str, case: tuple) -> None:
    shape, layout = case
    lo, hi = UNARY_DOMAINS[op]
    x = make(shape, "float32", layout, rng_for(op, case), True, lo, hi)
    check(lambda L, x: getattr(L, op)(x), [x])


@pytest.mark.parametrize("op", sorted(UNARY_DOMAINS))
def test_unary_float64_method(op: str) -> None:
    lo, hi = UNARY_DOMAINS[op]
    x = make((4, 5), "float64", "T", rng_for(op), True, lo, hi)
    check(lambda L, x: getattr(x, op)(), [x])


@pytest.mark.parametrize("op", sorted(UNARY_DOMAINS))
def test_unary_float16(op: str) -> None:
    lo, hi = UNARY_DOMAINS[op]
    x = make((3, 4), "float16", "step", rng_for(op), False, lo, hi)
    check(lambda L, x: getattr(L, op)(x), [x])


@pytest.mark.parametrize("dt", ["int64", "int32", "uint8", "bool"])
@pytest.mark.parametrize("op", sorted(UNARY_DOMAINS))
def test_unary_integer_inputs(op: str, dt: str) -> None:
    """Integer/bool inputs: float functions promote to float32, others keep the dtype or raise."""
    lo, hi = UNARY_DOMAINS[op]
    lo = max(lo, 1) if op in ("log", "log2", "log10", "sqrt", "rsqrt", "reciprocal") else lo
    x = make((2, 5), dt, "T", rng_for(op, dt), False, lo, hi)
    check(lambda L, x: getattr(L, op)(x), [x])


@pytest.mark.parametrize("decimals", [0, 1, 2, -1, 3])
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_round_decimals(decimals: int, dt: str) -> None:
    x = make((4, 6), dt, "T", rng_for(decimals, dt), True, -300, 300)
    check(lambda L, x: L.round(x, decimals=decimals), [x])
    check(lambda L, x: x.round(decimals=decimals), [make((4, 6), dt, "step", rng_for(dt), True, -30, 30)])


def test_round_half_to_even() -> None:
    arr = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.125, 0.375, 2.675], dtype="float32")
    check(lambda L, x: L.round(x), [make(arr.shape, arr=arr)])
    check(lambda L, x: L.round(x, decimals=2), [make(arr.shape, arr=arr)])
    check(lambda L, x: L.round(x, decimals=1), [make(arr.shape, arr=arr.astype("float64"))])


# --- binary arithmetic ------------------------------------------------------------------------

BINARY_SHAPES = [
    ((3, 4), (3, 4), "contig", "contig"),
    ((3, 4), (3, 4), "T", "step"),
    ((3, 1), (1, 4), "contig", "vov"),
    ((), (2, 3), "contig", "T"),
    ((2, 3), (), "vov", "contig"),
    ((2, 3, 4), (4,), "step", "contig"),
    ((0, 3), (1, 3), "contig", "contig"),
    ((1,), (5,), "contig", "step"),
    ((2, 1, 3), (4, 1), "expand", "T"),
    ((4, 3), (4, 3), "expand", "vov"),
]


def _bid(case: tuple) -> str:
    a, b, la, lb = case
    return f"{a}{la}-{b}{lb}".replace(" ", "")


def _pos_away_from_zero(shape, dt, layout, rng, rg=True):
    return make(shape, dt, layout, rng, rg, 0.5, 3.0)


def _signed_nonzero(shape, dt, layout, rng, rg=True):
    """Values in [-3, -0.5] U [0.5, 3] (ints: nonzero), same layout in both libraries."""
    p, t, pl, tl = make(shape, dt, layout, rng, rg, 0.5, 3.0)
    sign = random_array(tuple(pl.shape), "bool", rng)
    signs = np.where(sign, -1, 1).astype(dt)
    with torch.no_grad():
        tl.mul_(torch.from_numpy(signs))
    with pt.no_grad():
        pl.mul_(PT.tensor(signs.reshape(-1).tolist(), dtype=getattr(pt, dt)).reshape(tuple(pl.shape)))
    return p, t, pl, tl


BINARY_OPS = {
    "add": lambda L, a, b: L.add(a, b),
    "add_op": lambda L, a, b: a + b,
    "add_alpha": lambda L, a, b: L.add(a, b, alpha=2),
    "sub": lambda L, a, b: L.sub(a, b),
    "sub_op": lambda L, a, b: a - b,
    "sub_alpha": lambda L, a, b: a.sub(b, alpha=3),
    "mul": lambda L, a, b: L.mul(a, b),
    "mul_op": lambda L, a, b: a * b,
    "div": lambda L, a, b: L.div(a, b),
    "div_op": lambda L, a, b: a / b,
    "div_floor": lambda L, a, b: L.div(a, b, rounding_mode="floor"),
    "div_trunc": lambda L, a, b: L.div(a, b, rounding_mode="trunc"),
    "floordiv_op": lambda L, a, b: a // b,
    "floor_divide": lambda L, a, b: L.floor_divide(a, b),
    "mod_op": lambda L, a, b: a % b,
    "remainder": lambda L, a, b: L.remainder(a, b),
    "fmod": lambda L, a, b: L.fmod(a, b),
    "maximum": lambda L, a, b: L.maximum(a, b),
    "minimum": lambda L, a, b: L.minimum(a, b),
    "atan2": lambda L, a, b: L.atan2(a, b),
}
NEEDS_NONZERO_RHS = {"div", "div_op", "div_floor", "div_trunc", "floordiv_op", "floor_divide",
                     "mod_op", "remainder", "fmod", "atan2"}


@pytest.mark.parametrize("case", BINARY_SHAPES, ids=_bid)
@pytest.mark.parametrize("op", sorted(BINARY_OPS))
def test_binary_float32(op: str, case: tuple) -> None:
    sa, sb, la, lb = case
    rng = rng_for(op, case)
    a = make(sa, "float32", la, rng, True)
    b = (_signed_nonzero if op in NEEDS_NONZERO_RHS else make)(sb, "float32", lb, rng, True)
    check(BINARY_OPS[op], [a, b])


@pytest.mark.parametrize("dt", ["float64", "int64", "int32", "int16", "int8", "uint8"])
@pytest.mark.parametrize("op", sorted(BINARY_OPS))
def test_binary_dtypes(op: str, dt: str) -> None:
    rng = rng_for(op, dt)
    rg = dt == "float64"
    a = make((3, 4), dt, "T", rng, rg, -20 if dt != "uint8" else 0, 20)
    if op in NEEDS_NONZERO_RHS:
        b = (_pos_away_from_zero if dt == "uint8" else _signed_nonzero)((4,), dt, "step", rng, rg)
    else:
        b = make((4,), dt, "step", rng, rg, -20 if dt != "uint8" else 0, 20)
    check(BINARY_OPS[op], [a, b])


MIXED_PAIRS = [("int64", "float32"), ("int32", "float64"), ("uint8", "int8"), ("bool", "float32"),
               ("int16", "int32"), ("float16", "float32"), ("bool", "int32"), ("uint8", "float16"),
               ("float32", "float64"), ("int8", "int64")]


@pytest.mark.parametrize("dts", MIXED_PAIRS, ids="-".join)
@pytest.mark.parametrize("op", ["add_op", "sub_op", "mul_op", "div_op", "floordiv_op", "mod_op",
                                "maximum", "atan2", "fmod"])
def test_binary_mixed_dtypes(op: str, dts: tuple) -> None:
    da, db = dts
    # torch's own atan2 backward computes in the integer dtype (wraps, or fails for bool):
    # compare values only there.
    grad = not (op == "atan2" and not (da.startswith("float") and db.startswith("float")))
    rng = rng_for(op, dts)
    a = make((2, 3), da, "contig", rng, da.startswith("float"), 0 if da == "uint8" else -9, 9)
    b = _pos_away_from_zero((3,), db, "contig", rng, db.startswith("float"))
    if db == "bool":
        b = make((3,), "bool", "contig", rng)
    check(BINARY_OPS[op], [a, b], rtol=1e-3, atol=1e-3, grad=grad)


SCALARS = [2, -3, 0.5, -1.75, True]


@pytest.mark.parametrize("scalar", SCALARS, ids=repr)
@pytest.mark.parametrize("dt", ["float32", "int64", "int32", "uint8", "float16"])
@pytest.mark.parametrize("op", ["+", "-", "*", "/", "//", "%", "**"])
def test_scalar_and_reflected(op: str, dt: str, scalar: object) -> None:
    rng = rng_for(op, dt, scalar)
    is_float = dt.startswith("float")
    lo = 0.5 if op in ("**", "/", "//", "%") else -4
    x = make((3, 4), dt, "T", rng, dt == "float32", lo if is_float or op != "**" else 1, 4)
    if op == "**" and isinstance(scalar, (int, float)) and not isinstance(scalar, bool) and scalar < 0 and not is_float:
        return  # int ** negative int is an error: see test_special_values
    grad_ok = not (op == "**" and isinstance(scalar, bool))  # torch: INTERNAL ASSERT in backward
    fwd = eval(f"lambda L, x: x {op} s", {"s": scalar})
    rev = eval(f"lambda L, x: s {op} x", {"s": scalar})
    check(fwd, [x], rtol=1e-3 if dt == "float16" else None, atol=1e-3 if dt == "float16" else None)
    x2 = make((3, 4), dt, "step", rng, dt == "float32", 0.5 if is_float else 1, 4)
    check(rev, [x2], rtol=1e-3 if dt == "float16" else None, atol=1e-3 if dt == "float16" else None,
          grad=grad_ok)


# --- pow ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", BINARY_SHAPES, ids=_bid)
def test_pow_tensor_tensor(case: tuple) -> None:
    sa, sb, la, lb = case
    rng = rng_for("pow", case)
    a = make(sa, "float32", la, rng, True, 0.3, 3)
    b = make(sb, "float32", lb, rng, True, -2, 3)
    check(lambda L, a, b: L.pow(a, b), [a, b], rtol=1e-4)
    check(lambda L, a, b: a ** b, [make(sa, "float64", la, rng, True, 0.3, 3),
                                   make(sb, "float64", lb, rng, True, -2, 3)])


@pytest.mark.parametrize("exponent", [0, 1, 2, 3, -1, -2, 0.5, -0.5, 2.5, 1.0, 0.0])
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_pow_tensor_scalar(exponent: float, dt: str) -> None:
    x = make((3, 4), dt, "vov", rng_for(exponent, dt), True, 0.2, 3)
    check(lambda L, x: L.pow(x, exponent), [x], rtol=1e-4)
    check(lambda L, x: x.pow(exponent), [x], rtol=1e-4)
    neg = make((5,), dt, "step", rng_for(exponent, dt, 1), True, -3, -0.2)
    if float(exponent).is_integer():
        check(lambda L, x: x ** exponent, [neg], rtol=1e-4)


@pytest.mark.parametrize("base", [2, 0.5, 3.0, 1, -2.0, 0])
@pytest.mark.parametrize("dt", ["float32", "float64", "int64"])
def test_pow_scalar_tensor(base: float, dt: str) -> None:
    x = make((2, 5), dt, "T", rng_for(base, dt), dt != "int64", -2 if dt != "int64" else 0, 3)
    check(lambda L, x: L.pow(base, x), [x], rtol=1e-4)
    check(lambda L, x: base ** x, [x], rtol=1e-4)


@pytest.mark.parametrize("dt", ["int64", "int32", "int8", "uint8"])
def test_pow_integer(dt: str) -> None:
    a = make((3, 4), dt, "contig", rng_for(dt), False, 0 if dt == "uint8" else -5, 5)
    b = make((4,), dt, "step", rng_for(dt, 1), False, 0, 4)
    check(lambda L, a, b: a ** b, [a, b])
    check(lambda L, a, b: a ** 3, [a, b])
    check(lambda L, a, b: a.pow(2), [a, b])
    check(lambda L, a, b: L.pow(a, 0.5), [a, b])


# --- clamp --------------------------------------------------------------------------------------

CLAMPS = {
    "both": lambda L, x: L.clamp(x, -1, 1.5),
    "min_only": lambda L, x: L.clamp(x, min=-0.5),
    "max_only": lambda L, x: L.clamp(x, max=0.5),
    "method": lambda L, x: x.clamp(-1.0, 1.0),
    "clip": lambda L, x: L.clip(x, -1, 1),
    "int_bounds": lambda L, x: x.clamp(-1, 2),
    "min_gt_max": lambda L, x: x.clamp(2, -1),
    "clamp_min": lambda L, x: x.clamp_min(0.25),
    "clamp_max": lambda L, x: x.clamp_max(0.25),
}


@pytest.mark.parametrize("case", UNARY_CASES[:6], ids=_case_id)
@pytest.mark.parametrize("form", sorted(CLAMPS))
def test_clamp_scalars(form: str, case: tuple) -> None:
    shape, layout = case
    check(CLAMPS[form], [make(shape, "float32", layout, rng_for(form, case), True)])


@pytest.mark.parametrize("dt", ["int64", "int32", "uint8", "float64", "float16"])
@pytest.mark.parametrize("form", sorted(CLAMPS))
def test_clamp_dtypes(form: str, dt: str) -> None:
    x = make((3, 5), dt, "T", rng_for(form, dt), dt == "float64", 0 if dt == "uint8" else -4, 4)
    check(CLAMPS[form], [x])


@pytest.mark.parametrize("case", [((3, 4), (4,), (3, 1)), ((2, 3), (), (2, 3)), ((5,), (5,), (1,))], ids=str)
def test_clamp_tensor_bounds(case: tuple) -> None:
    sx, slo, shi = case
    rng = rng_for(case)
    x = make(sx, "float32", "T", rng, True)
    lo = make(slo, "float32", "contig", rng, True, -2, 0)
    hi = make(shi, "float32", "contig", rng, True, 0, 2)
    check(lambda L, x, lo, hi: L.clamp(x, lo, hi), [x, lo, hi])
    check(lambda L, x, lo, hi: x.clamp(min=lo), [x, lo, hi])
    check(lambda L, x, lo, hi: x.clamp(max=hi), [x, lo, hi])
    check(lambda L, x, lo, hi: L.clamp(x, hi, lo), [x, lo, hi])  # min > max


# --- other binary pointwise ---------------------------------------------------------------------


@pytest.mark.parametrize("case", BINARY_SHAPES, ids=_bid)
def test_lerp(case: tuple) -> None:
    sa, sb, la, lb = case
    rng = rng_for("lerp", case)
    a = make(sa, "float32", la, rng, True)
    b = make(sb, "float32", lb, rng, True)
    check(lambda L, a, b: L.lerp(a, b, 0.3), [a, b])
    check(lambda L, a, b: a.lerp(b, 0.75), [a, b])
    w = make(sb, "float32", "contig", rng, True, 0, 1)
    check(lambda L, a, b, w: L.lerp(a, b, w), [a, b, w])


def test_maximum_minimum_ties_grad() -> None:
    """Equal inputs: torch splits the gradient in half between both."""
    arr = np.array([[1.0, 2.0, 3.0], [4.0, -1.0, 0.0]], dtype="float32")
    a = make(arr.shape, arr=arr, requires_grad=True)
    b = make(arr.shape, arr=np.array([[1.0, 0.0, 3.0], [5.0, -1.0, 0.0]], dtype="float32"),
             requires_grad=True)
    check(lambda L, a, b: L.maximum(a, b), [a, b])
    a = make(arr.shape, arr=arr, requires_grad=True)
    b = make(arr.shape, arr=np.array([[1.0, 0.0, 3.0], [5.0, -1.0, 0.0]], dtype="float32"),
             requires_grad=True)
    check(lambda L, a, b: L.minimum(a, b), [a, b])


# --- comparisons, logical, bitwise ------------------------------------------------------------

COMPARE = {
    "eq": lambda L, a, b: L.eq(a, b), "ne": lambda L, a, b: L.ne(a, b),
    "lt": lambda L, a, b: L.lt(a, b), "le": lambda L, a, b: L.le(a, b),
    "gt": lambda L, a, b: L.gt(a, b), "ge": lambda L, a, b: L.ge(a, b),
    "==": lambda L, a, b: a == b, "!=": lambda L, a, b: a != b, "<": lambda L, a, b: a < b,
    "<=": lambda L, a, b: a <= b, ">": lambda L, a, b: a > b, ">=": lambda L, a, b: a >= b,
    "eq_m": lambda L, a, b: a.eq(b), "ge_m": lambda L, a, b: a.ge(b),
}


@pytest.mark.parametrize("dts", [("float32", "float32"), ("int64", "int64"), ("int32", "float64"),
                                 ("bool", "bool"), ("uint8", "int8"), ("float16", "int64")], ids="-".join)
@pytest.mark.parametrize("op", sorted(COMPARE))
def test_comparisons(op: str, dts: tuple) -> None:
    rng = rng_for(op, dts)
    a = make((3, 4), dts[0], "T", rng, False, -2, 2)
    b = make((4,), dts[1], "step", rng, False, -2, 2)  # small ints: plenty of ties
    check(COMPARE[op], [a, b])


@pytest.mark.parametrize("scalar", [0, 1, -1.5, 0.0, True, 2.5], ids=repr)
@pytest.mark.parametrize("op", ["==", "!=", "<", "<=", ">", ">="])
def test_comparisons_scalar(op: str, scalar: object) -> None:
    x = make((2, 5), "float32", "vov", rng_for(op, scalar), True, -2, 2)
    with torch.no_grad(), pt.no_grad():
        pass
    check(eval(f"lambda L, x: x {op} s", {"s": scalar}), [x])
    check(eval(f"lambda L, x: s {op} x", {"s": scalar}), [x])
    xi = make((2, 5), "int32", "T", rng_for(op, scalar, 1), False, -2, 2)
    check(eval(f"lambda L, x: x {op} s", {"s": scalar}), [xi])


LOGICAL = {
    "and": lambda L, a, b: L.logical_and(a, b), "or": lambda L, a, b: L.logical_or(a, b),
    "xor": lambda L, a, b: L.logical_xor(a, b), "not": lambda L, a, b: L.logical_not(a),
    "and_m": lambda L, a, b: a.logical_and(b), "not_m": lambda L, a, b: b.logical_not(),
}


@pytest.mark.parametrize("dts", [("bool", "bool"), ("float32", "int64"), ("int32", "bool"),
                                 ("uint8", "float64")], ids="-".join)
@pytest.mark.parametrize("op", sorted(LOGICAL))
def test_logical(op: str, dts: tuple) -> None:
    rng = rng_for(op, dts)
    a = make((3, 4), dts[0], "T", rng, False, -1, 1)
    b = make((3, 1), dts[1], "expand", rng, False, -1, 1)
    check(LOGICAL[op], [a, b])


BITWISE = {
    "&": lambda L, a, b: a & b, "|": lambda L, a, b: a | b, "^": lambda L, a, b: a ^ b,
    "~": lambda L, a, b: ~a, "and": lambda L, a, b: L.bitwise_and(a, b),
    "or": lambda L, a, b: L.bitwise_or(a, b), "xor": lambda L, a, b: L.bitwise_xor(a, b),
    "not": lambda L, a, b: L.bitwise_not(b), "&s": lambda L, a, b: a & 6,
    "|s": lambda L, a, b: 5 | a, "^s": lambda L, a, b: a ^ 3,
}


@pytest.mark.parametrize("dts", [("bool", "bool"), ("int64", "int64"), ("int32", "int8"),
                                 ("uint8", "uint8"), ("int16", "bool"), ("uint8", "int8")], ids="-".join)
@pytest.mark.parametrize("op", sorted(BITWISE))
def test_bitwise(op: str, dts: tuple) -> None:
    rng = rng_for(op, dts)
    lo = 0 if "uint8" in dts else -100
    a = make((3, 4), dts[0], "T", rng, False, lo, 100)
    b = make((4,), dts[1], "step", rng, False, lo, 100)
    check(BITWISE[op], [a, b])


def test_bitwise_float_raises() -> None:
    rng = rng_for("bitwise_float")
    a = make((3,), "float32", "contig", rng)
    b = make((3,), "float32", "contig", rng)
    check(lambda L, a, b: a & b, [a, b])
    check(lambda L, a, b: ~a, [a, b])


@pytest.mark.parametrize("dt", ["float32", "float64", "float16", "int64", "bool"])
def test_isnan_isinf_isfinite(dt: str) -> None:
    arr = random_array((3, 4), dt, rng_for(dt))
    if dt.startswith("float"):
        arr[0, 1] = np.nan
        arr[1, 2] = np.inf
        arr[2, 0] = -np.inf
    for fn in ("isnan", "isinf", "isfinite"):
        check(lambda L, x: getattr(L, fn)(x), [make(arr.shape, arr=arr)])
        arr_t = arr.T.copy()
        check(lambda L, x: getattr(x, fn)(), [make(arr_t.shape, arr=arr_t)])


@pytest.mark.parametrize("kw", [{}, {"nan": 1.5}, {"posinf": 7.0}, {"neginf": -7.0},
                                {"nan": 0.0, "posinf": 1.0, "neginf": -1.0}], ids=str)
@pytest.mark.parametrize("dt", ["float32", "float64", "float16", "int64"])
def test_nan_to_num(dt: str, kw: dict) -> None:
    arr = random_array((3, 4), dt, rng_for(dt, str(kw)))
    if dt.startswith("float"):
        arr[0, 1] = np.nan
        arr[1, 2] = np.inf
        arr[2, 0] = -np.inf
    x = make(arr.shape, arr=arr, requires_grad=dt != "int64" and dt != "float16")
    check(lambda L, x: L.nan_to_num(x, **kw), [x])


@pytest.mark.parametrize("case", [((3, 4), (3, 4), (3, 4)), ((3, 1), (1, 4), (4,)), ((), (2, 2), ()),
                                  ((2, 3), (2, 3), (1,)), ((0, 2), (1, 2), (0, 2))], ids=str)
def test_where(case: tuple) -> None:
    sc, sa, sb = case
    rng = rng_for("where", case)
    c = make(sc, "bool", "contig", rng)
    a = make(sa, "float32", "T", rng, True)
    b = make(sb, "float32", "step", rng, True)
    check(lambda L, c, a, b: L.where(c, a, b), [c, a, b])
    check(lambda L, c, a, b: a.where(c, b), [c, a, b])
    check(lambda L, c, a, b: L.where(c, a, 0.0), [c, a, b])
    check(lambda L, c, a, b: L.where(c, 2.0, b), [c, a, b])


def test_where_mixed_dtypes() -> None:
    rng = rng_for("where_mixed")
    c = make((2, 3), "bool", "contig", rng)
    a = make((2, 3), "int64", "contig", rng)
    b = make((2, 3), "float32", "contig", rng)
    check(lambda L, c, a, b: L.where(c, a, b), [c, a, b])
    check(lambda L, c, a, b: L.where(c, a, 1.5), [c, a, b])
    check(lambda L, c, a, b: L.where(c, a, 7), [c, a, b])
    check(lambda L, c, a, b: L.where(c), [c, a, b])
    check(lambda L, c, a, b: L.where(a > 0, a, b.double()), [c, a, b])


# --- in-place ops ------------------------------------------------------------------------------

INPLACE = {
    "add_": lambda z, y: z.add_(y),
    "add_alpha": lambda z, y: z.add_(y, alpha=-2),
    "add_scalar": lambda z, y: z.add_(1.5),
    "sub_": lambda z, y: z.sub_(y),
    "mul_": lambda z, y: z.mul_(y),
    "mul_scalar": lambda z, y: z.mul_(3),
    "div_": lambda z, y: z.div_(y.abs() + 0.5),
    "div_scalar": lambda z, y: z.div_(4),
    "pow_": lambda z, y: z.abs().add_(0.1).pow_(y),
    "pow_scalar": lambda z, y: z.pow_(2),
    "clamp_": lambda z, y: z.clamp_(-0.5, 0.5),
    "clamp_min_": lambda z, y: z.clamp_(min=0.0),
    "zero_": lambda z, y: z.zero_(),
    "fill_": lambda z, y: z.fill_(2.5),
    "copy_": lambda z, y: z.copy_(y),
    "iadd": lambda z, y: z.__iadd__(y),
    "isub": lambda z, y: z.__isub__(y),
    "imul": lambda z, y: z.__imul__(y),
    "idiv": lambda z, y: z.__itruediv__(y.abs() + 1),
}


@pytest.mark.parametrize("where", ["whole", "slice", "transposed"])
@pytest.mark.parametrize("op", sorted(INPLACE))
def test_inplace_on_nonleaf(op: str, where: str) -> None:
    rng = rng_for(op, where)
    x = make((3, 4), "float32", "T", rng, True)
    y = make((4,), "float32", "step", rng, True)

    def fn(L, x, y):
        z = x * 1.0
        if where == "whole":
            target = z
        elif where == "slice":
            target = z[1:, ::2]
        else:
            target = z.t()
        yy = y if where != "slice" else y[:2]
        if where == "transposed":
            yy = y[:3]
        out = INPLACE[op](target, yy)
        assert out is target
        return z * 2 + 0.0 if where != "whole" else z

    check(fn, [x, y], grad_fn_name=where == "whole")


@pytest.mark.parametrize("dt", ["float32", "int64", "int32", "uint8"])
@pytest.mark.parametrize("op", sorted(INPLACE))
def test_inplace_no_grad(op: str, dt: str) -> None:
    rng = rng_for(op, dt)
    if op in ("pow_",) and dt != "float32":
        return
    x = make((3, 4), dt, "contig", rng, False, 0 if dt == "uint8" else -5, 5)
    y = make((4,), dt, "step", rng, False, 0 if dt == "uint8" else -5, 5)

    def fn(L, x, y):
        z = x.clone()
        if dt == "float32" or op not in ("div_", "idiv", "add_scalar", "div_scalar"):
            INPLACE[op](z, y)
        else:
            INPLACE[op](z, y)  # float result into an int tensor: torch raises, so must we
        return z

    check(fn, [x, y])


def test_inplace_leaf_requires_grad_raises() -> None:
    x = make((3,), "float32", "contig", rng_for("leaf"), True)
    check_raises_same(lambda L, x: x.add_(1), [x[0]], [x[1]])
    check_raises_same(lambda L, x: x[0].mul_(2), [x[0]], [x[1]], match_message=False)


def test_inplace_leaf_no_grad_mode() -> None:
    """Under no_grad a leaf that requires grad may be updated (as optimizers do)."""
    rng = rng_for("sgd")
    p, t, _, _ = make((3, 4), "float32", "contig", rng, True)
    g_p, g_t, _, _ = make((3, 4), "float32", "T", rng)
    with torch.no_grad():
        t.sub_(g_t, alpha=0.1)
    with pt.no_grad():
        p.sub_(g_p, alpha=0.1)
    assert_close(p, t)
    assert p.requires_grad and p.is_leaf and p.grad_fn is None


def test_inplace_version_counter_error() -> None:
    """A tensor saved for backward then modified in place: backward must fail in both."""
    x = make((3,), "float32", "contig", rng_for("ver"), True)
    for xx in (x[1], x[0]):
        y = xx * 1.0
        z = y.sin()  # SinBackward0 saves its input
        y.add_(1)
        with pytest.raises(RuntimeError):
            z.sum().backward()


def test_inplace_expanded_target_raises() -> None:
    x = make((3, 4), "float32", "expand", rng_for("exp_t"))
    check_raises_same(lambda L, x: x.add_(1), [x[0]], [x[1]], match_message=False)


# --- reductions ---------------------------------------------------------------------------------

RED_CASES = [
    ((), "contig"),
    ((1,), "contig"),
    ((5,), "step"),
    ((3, 4), "contig"),
    ((3, 4), "T"),
    ((2, 3, 4), "vov"),
    ((2, 1, 4), "expand"),
]


def _dims_for(shape: tuple) -> list:
    n = len(shape)
    out: list = [None]
    if n >= 1:
        out += [0, -1]
    if n >= 2:
        out += [(0, 1), 1]
    if n >= 3:
        out += [(0, 2), (-1, 0)]
    return out


def _red(name: str, dim: object, keepdim: bool, **kw: object):
    def fn(L, x):
        f = getattr(L, name)
        if dim is None and not keepdim:
            return f(x, **kw)
        if dim is None:
            return f(x, dim=tuple(range(x.dim())) or None, keepdim=True, **kw)
        return f(x, dim, keepdim=keepdim, **kw)

    return fn


@pytest.mark.filterwarnings("ignore:(std|var)... degrees of freedom is <= 0:UserWarning")  # torch warns on purpose
@pytest.mark.parametrize("keepdim", [False, True])
@pytest.mark.parametrize("case", RED_CASES, ids=_case_id)
@pytest.mark.parametrize("op", ["sum", "mean", "amax", "amin", "logsumexp", "std", "var"])
def test_reduce_dims(op: str, case: tuple, keepdim: bool) -> None:
    shape, layout = case
    for dim in _dims_for(shape):
        if op == "logsumexp" and dim is None:
            dim = tuple(range(len(shape)))
            if not dim:
                dim = 0 if shape == () else dim
        if op in ("amax", "amin") and dim is None:
            continue
        x = make(shape, "float32", layout, rng_for(op, case, dim, keepdim), True)
        check(_red(op, dim, keepdim), [x], rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("dt", ["float64", "int64", "int32", "uint8", "bool", "float16"])
@pytest.mark.parametrize("op", ["sum", "mean", "prod", "amax", "amin", "std", "var", "all", "any"])
def test_reduce_dtypes(op: str, dt: str) -> None:
    x = make((3, 4), dt, "T", rng_for(op, dt), dt == "float64", 0 if dt == "uint8" else -3, 3)
    tol = RED_TOL[dt] if dt.startswith("float") else (None, None)
    check(lambda L, x: getattr(L, op)(x), [x], rtol=tol[0], atol=tol[1])
    check(lambda L, x: getattr(L, op)(x, 1), [x], rtol=tol[0], atol=tol[1])
    check(lambda L, x: getattr(x, op)(0, keepdim=True), [x], rtol=tol[0], atol=tol[1])


@pytest.mark.parametrize("dt", ["int32", "uint8", "bool", "float32"])
def test_sum_dtype_arg(dt: str) -> None:
    x = make((3, 4), dt, "contig", rng_for(dt), False, 0, 5)
    check(lambda L, x: L.sum(x, dtype=L.float64), [x])
    check(lambda L, x: x.sum(1, dtype=L.int32), [x])
    check(lambda L, x: L.prod(x, 0, dtype=L.float64), [x])
    check(lambda L, x: x.cumsum(0, dtype=L.float64), [x])


@pytest.mark.parametrize("zeros", [0, 1, 2])
@pytest.mark.parametrize("case", RED_CASES, ids=_case_id)
def test_prod(case: tuple, zeros: int) -> None:
    shape, layout = case
    rng = rng_for("prod", case, zeros)
    arr = random_array(shape, "float32", rng, 0.5, 1.5) * np.where(random_array(shape, "bool", rng), 1, -1).astype("float32")
    flat = arr.reshape(-1)
    for i in range(min(zeros, flat.size)):
        flat[(i * 3) % flat.size] = 0.0
    arr = flat.reshape(shape)
    check(lambda L, x: L.prod(x), [make(shape, arr=arr, requires_grad=True)], rtol=1e-4, atol=1e-5)
    for dim in range(len(shape)):
        for keepdim in (False, True):
            check(lambda L, x: x.prod(dim, keepdim=keepdim), [make(shape, arr=arr, requires_grad=True)],
                  rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("case", RED_CASES, ids=_case_id)
@pytest.mark.parametrize("op", ["max", "min"])
def test_max_min(op: str, case: tuple) -> None:
    shape, layout = case
    x = make(shape, "float32", layout, rng_for(op, case), True)
    check(lambda L, x: getattr(L, op)(x), [x])
    for dim in range(-len(shape), len(shape)):
        for keepdim in (False, True):
            x = make(shape, "float32", layout, rng_for(op, case, dim, keepdim), True)
            check(lambda L, x: tuple(getattr(L, op)(x, dim, keepdim=keepdim)), [x])
            check(lambda L, x: getattr(x, op)(dim=dim, keepdim=keepdim).values, [x])


@pytest.mark.parametrize("op", ["max", "min", "amax", "amin", "argmax", "argmin"])
def test_extremes_with_ties(op: str) -> None:
    """Ties: indices are the first occurrence; the full max/amax gradient is shared equally."""
    arr = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, -1.0, 2.0], [3.0, 0.0, 3.0, 3.0]], dtype="float32")
    if op in ("min", "amin", "argmin"):
        arr = -arr
    check(lambda L, x: getattr(L, op)(x), [make(arr.shape, arr=arr, requires_grad=True)])
    for dim in (0, 1):
        fn = (lambda L, x: tuple(getattr(L, op)(x, dim))) if op in ("max", "min") else (lambda L, x: getattr(L, op)(x, dim))
        check(fn, [make(arr.shape, arr=arr, requires_grad=True)])
    ints = arr.astype("int64")
    check(lambda L, x: getattr(L, op)(x), [make(ints.shape, arr=ints)])
    check(lambda L, x: getattr(L, op)(x, 1), [make(ints.shape, arr=ints)])


@pytest.mark.parametrize("case", RED_CASES, ids=_case_id)
@pytest.mark.parametrize("op", ["argmax", "argmin"])
def test_argmax_argmin(op: str, case: tuple) -> None:
    shape, layout = case
    x = make(shape, "float32", layout, rng_for(op, case))
    check(lambda L, x: getattr(L, op)(x), [x])
    check(lambda L, x: getattr(x, op)(), [x])
    for dim in range(-len(shape), len(shape)):
        check(lambda L, x: getattr(L, op)(x, dim), [x])
        check(lambda L, x: getattr(L, op)(x, dim, keepdim=True), [x])
    check(lambda L, x: getattr(L, op)(x, keepdim=True), [x])


@pytest.mark.parametrize("form", ["correction0", "correction2", "unbiased_false", "unbiased_true",
                                  "keepdim", "tuple_dims", "dim_none_correction0", "method"])
@pytest.mark.parametrize("op", ["std", "var"])
def test_std_var_options(op: str, form: str) -> None:
    x = make((3, 4, 5), "float64", "vov", rng_for(op, form), True)
    fns = {
        "correction0": lambda L, x: getattr(L, op)(x, 1, correction=0),
        "correction2": lambda L, x: getattr(L, op)(x, dim=(0, 2), correction=2),
        "unbiased_false": lambda L, x: getattr(L, op)(x, 2, unbiased=False),
        "unbiased_true": lambda L, x: getattr(L, op)(x, 0, unbiased=True),
        "keepdim": lambda L, x: getattr(L, op)(x, -1, keepdim=True),
        "tuple_dims": lambda L, x: getattr(L, op)(x, (0, 1)),
        "dim_none_correction0": lambda L, x: getattr(L, op)(x, correction=0),
        "method": lambda L, x: getattr(x, op)(dim=1, keepdim=True, correction=1),
    }
    check(fns[form], [x])


@pytest.mark.filterwarnings("ignore:(std|var)... degrees of freedom is <= 0:UserWarning")  # torch warns on purpose
def test_std_var_single_element() -> None:
    """One element with correction=1: nan (0/0) in both."""
    x = make((1, 3), "float32", "contig", rng_for("sv1"), True)
    check(lambda L, x: L.var(x, 0), [x])
    check(lambda L, x: L.std(x, 0, correction=0), [x])


@pytest.mark.parametrize("case", RED_CASES[1:], ids=_case_id)
@pytest.mark.parametrize("op", ["softmax", "log_softmax", "cumsum", "cumprod"])
def test_dim_ops(op: str, case: tuple) -> None:
    shape, layout = case
    for dim in range(-len(shape), len(shape)):
        x = make(shape, "float32", layout, rng_for(op, case, dim), True, -2, 2)
        check(lambda L, x: getattr(L, op)(x, dim), [x], rtol=1e-4, atol=1e-5)
        check(lambda L, x: getattr(x, op)(dim), [make(shape, "float64", layout, rng_for(op, dim), True)])


@pytest.mark.parametrize("op", ["softmax", "log_softmax", "cumsum", "cumprod"])
def test_dim_ops_scalar_and_dtypes(op: str) -> None:
    check(lambda L, x: getattr(L, op)(x, 0), [make((), "float32", "contig", rng_for(op), True)])
    xi = make((3, 4), "int64", "T", rng_for(op, 1), False, -3, 3)
    check(lambda L, x: getattr(L, op)(x, 1), [xi])
    check(lambda L, x: getattr(L, op)(x, 0, dtype=L.float64), [xi])


def test_cumprod_with_zeros_grad() -> None:
    arr = np.array([[1.5, 0.0, 2.0, -1.0], [0.0, 0.0, 3.0, 0.5], [2.0, -1.0, 0.5, 0.0]], dtype="float64")
    check(lambda L, x: L.cumprod(x, 1), [make(arr.shape, arr=arr, requires_grad=True)])
    check(lambda L, x: L.cumprod(x, 0), [make(arr.shape, arr=arr, requires_grad=True)])


def test_softmax_large_values() -> None:
    arr = np.array([[1000.0, 1001.0, 999.0], [-1000.0, -1001.0, -1002.0]], dtype="float32")
    check(lambda L, x: L.softmax(x, 1), [make(arr.shape, arr=arr, requires_grad=True)])
    check(lambda L, x: L.log_softmax(x, 1), [make(arr.shape, arr=arr, requires_grad=True)])
    check(lambda L, x: L.logsumexp(x, 1), [make(arr.shape, arr=arr, requires_grad=True)])


@pytest.mark.parametrize("dt", ["bool", "float32", "int64", "uint8"])
def test_all_any(dt: str) -> None:
    for shape, layout in RED_CASES + [((0,), "contig"), ((2, 0), "contig")]:
        x = make(shape, dt, layout, rng_for(dt, shape, layout), False, 0, 1)
        check(lambda L, x: L.all(x), [x])
        check(lambda L, x: L.any(x), [x])
        for dim in range(len(shape)):
            check(lambda L, x: x.all(dim), [x])
            check(lambda L, x: x.any(dim, keepdim=True), [x])


NORMS = [
    ("p2", lambda L, x: L.norm(x)),
    ("fro", lambda L, x: x.norm("fro")),
    ("p1", lambda L, x: L.norm(x, p=1)),
    ("inf", lambda L, x: L.norm(x, p=float("inf"))),
    ("ninf", lambda L, x: L.norm(x, p=float("-inf"))),
    ("p3", lambda L, x: L.norm(x, p=3)),
    ("p2dim1", lambda L, x: L.norm(x, dim=1)),
    ("p1dim0keep", lambda L, x: L.norm(x, p=1, dim=0, keepdim=True)),
    ("infdim1", lambda L, x: x.norm(p=float("inf"), dim=-1)),
    ("p3dim0", lambda L, x: x.norm(3, 0)),
    ("p2tuple", lambda L, x: L.norm(x, 2, (0, 1))),
    ("p0", lambda L, x: L.norm(x, 0)),
]


@pytest.mark.parametrize("layout", ["contig", "T", "vov"])
@pytest.mark.parametrize("name", [n for n, _ in NORMS])
def test_norm(name: str, layout: str) -> None:
    fn = dict(NORMS)[name]
    check(fn, [make((3, 4), "float32", layout, rng_for(name, layout), True)], rtol=1e-4, atol=1e-5)
    check(fn, [make((3, 4), "float64", layout, rng_for(name, layout, 1), True)])


def test_norm_zero_vector_grad() -> None:
    check(lambda L, x: L.norm(x), [make((4,), arr=np.zeros(4, "float32"), requires_grad=True)])


EMPTY_REDUCTIONS = {
    "sum": lambda L, x: L.sum(x), "sum0": lambda L, x: L.sum(x, 0), "prod0": lambda L, x: L.prod(x, 0),
    "mean": lambda L, x: L.mean(x), "amax1": lambda L, x: L.amax(x, 1),
    "logsumexp0": lambda L, x: L.logsumexp(x, 0), "max": lambda L, x: L.max(x),
    "argmax": lambda L, x: L.argmax(x), "max0": lambda L, x: L.max(x, 0), "amax0": lambda L, x: L.amax(x, 0),
    "cumsum0": lambda L, x: L.cumsum(x, 0), "softmax0": lambda L, x: L.softmax(x, 0),
    "var0": lambda L, x: L.var(x, 0), "norm": lambda L, x: L.norm(x), "all": lambda L, x: L.all(x),
}


@pytest.mark.filterwarnings("ignore:(std|var)... degrees of freedom is <= 0:UserWarning")  # torch warns on purpose
@pytest.mark.parametrize("op", sorted(EMPTY_REDUCTIONS))
def test_reductions_empty(op: str) -> None:
    """Size-0 inputs: identities (sum 0, prod 1, logsumexp -inf), nan means, or torch's errors."""
    x = make((0, 3), "float32", "contig", rng_for("empty"), True)
    check(EMPTY_REDUCTIONS[op], [x])


# --- linalg -------------------------------------------------------------------------------------

MATMUL_SHAPES = [
    ((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 2)), ((3, 4), (4, 5)), ((2, 3, 4), (4,)),
    ((4,), (2, 4, 3)), ((2, 3, 4), (2, 4, 5)), ((2, 1, 3, 4), (5, 4, 2)), ((1, 3, 4), (2, 4, 2)),
    ((0, 4), (4, 3)), ((3, 0), (0, 2)), ((2, 3, 4), (4, 2)),
]


@pytest.mark.parametrize("layouts", [("contig", "contig"), ("T", "T"), ("vov", "step"), ("expand", "T")], ids="-".join)
@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul(shapes: tuple, layouts: tuple) -> None:
    rng = rng_for("matmul", shapes, layouts)
    a = make(shapes[0], "float32", layouts[0], rng, True)
    b = make(shapes[1], "float32", layouts[1], rng, True)
    check(lambda L, a, b: L.matmul(a, b), [a, b], rtol=1e-4, atol=1e-5)
    check(lambda L, a, b: a @ b, [make(shapes[0], "float64", layouts[0], rng, True),
                                  make(shapes[1], "float64", layouts[1], rng, True)])


@pytest.mark.parametrize("dt", ["int64", "int32", "float16"])
def test_matmul_dtypes(dt: str) -> None:
    rng = rng_for("mmdt", dt)
    a = make((3, 4), dt, "T", rng)
    b = make((4, 2), dt, "contig", rng)
    check(lambda L, a, b: a @ b, [a, b], rtol=1e-2, atol=1e-2)
    check(lambda L, a, b: a @ b.double(), [a, b])  # mixed dtypes: torch raises


@pytest.mark.parametrize("layout", ["contig", "T", "vov"])
def test_mm_bmm_dot_mv_outer(layout: str) -> None:
    rng = rng_for("mm", layout)
    tol = {"rtol": 1e-4, "atol": 1e-5}
    check(lambda L, a, b: L.mm(a, b), [make((3, 4), "float32", layout, rng, True), make((4, 2), "float32", layout, rng, True)], **tol)
    check(lambda L, a, b: a.mm(b), [make((1, 4), "float32", layout, rng, True), make((4, 1), "float32", layout, rng, True)], **tol)
    check(lambda L, a, b: L.bmm(a, b), [make((2, 3, 4), "float32", layout, rng, True), make((2, 4, 5), "float32", layout, rng, True)], **tol)
    check(lambda L, a, b: L.dot(a, b), [make((5,), "float32", "step", rng, True), make((5,), "float32", "contig", rng, True)], **tol)
    check(lambda L, a, b: L.mv(a, b), [make((3, 4), "float32", layout, rng, True), make((4,), "float32", "step", rng, True)], **tol)
    check(lambda L, a, b: L.outer(a, b), [make((3,), "float32", "step", rng, True), make((4,), "float32", "contig", rng, True)], **tol)
    check(lambda L, a, b: a.outer(b), [make((3,), "int64", "step", rng), make((4,), "int64", "contig", rng)])


@pytest.mark.parametrize("layout", ["contig", "T", "vov"])
@pytest.mark.parametrize("bias_shape", [(2,), (3, 2), (1, 2), (3, 1), ()])
def test_addmm(layout: str, bias_shape: tuple[int, ...]) -> None:
    """beta * input + alpha * mat1 @ mat2, the input broadcast; values and gradients."""
    rng = rng_for("addmm", layout, bias_shape)
    tol = {"rtol": 1e-4, "atol": 1e-5}
    inputs = [make(bias_shape, "float32", "contig", rng, True),
              make((3, 4), "float32", layout, rng, True), make((4, 2), "float32", layout, rng, True)]
    check(lambda L, c, a, b: L.addmm(c, a, b), inputs, **tol)
    check(lambda L, c, a, b: c.addmm(a, b, beta=0.5, alpha=-2.0), inputs, **tol)
    check(lambda L, c, a, b: L.addmm(c, a, b, beta=0), inputs, **tol)


def test_addmm_errors_and_integers() -> None:
    rng = rng_for("addmm-errors")
    ints = [make((2,), "int64", "contig", rng), make((3, 4), "int64", "T", rng),
            make((4, 2), "int64", "contig", rng)]
    check(lambda L, c, a, b: L.addmm(c, a, b), ints)
    for shapes in [((2,), (3, 4), (3, 2)), ((5,), (3, 4), (4, 2)), ((2,), (4,), (4, 2))]:
        inputs = [make(shape, "float32", "contig", rng) for shape in shapes]
        check(lambda L, c, a, b: L.addmm(c, a, b), inputs)
    mixed = [make((2,), "float32", "contig", rng), make((3, 4), "float32", "contig", rng)]
    check(lambda L, c, a: L.addmm(c, a, L.ones(4, 2, dtype=L.float64)), mixed)
    check(lambda L, c, a: L.addmm(c.double(), a.double(), L.ones(4, 2)), mixed)


def test_linalg_shape_errors() -> None:
    rng = rng_for("linerr")
    for fn, sa, sb in [
        (lambda L, a, b: L.mm(a, b), (3, 4), (3, 4)),
        (lambda L, a, b: L.bmm(a, b), (3, 4), (4, 3)),
        (lambda L, a, b: L.dot(a, b), (3,), (4,)),
        (lambda L, a, b: L.matmul(a, b), (2, 3), (2, 3)),
        (lambda L, a, b: L.mv(a, b), (3, 4), (3,)),
    ]:
        a = make(sa, "float32", "contig", rng)
        b = make(sb, "float32", "contig", rng)
        check(fn, [a, b])


EINSUMS = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 2)]),
    ("i,i->", [(5,), (5,)]),
    ("ij->ji", [(3, 4)]),
    ("ii->i", [(4, 4)]),
    ("ii->", [(4, 4)]),
    ("ij->", [(3, 4)]),
    ("i,j->ij", [(3,), (4,)]),
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),
    ("ij,kj->ik", [(2, 3), (4, 3)]),
    ("ij", [(3, 4)]),
    ("ba", [(3, 4)]),
    ("...ij,...jk->...ik", [(2, 3, 4), (2, 4, 2)]),
    ("i j , j k -> i k", [(2, 3), (3, 2)]),
]


@pytest.mark.parametrize("layout", ["contig", "T"])
@pytest.mark.parametrize("eq,shapes", EINSUMS, ids=[e for e, _ in EINSUMS])
def test_einsum(eq: str, shapes: list, layout: str) -> None:
    rng = rng_for(eq, layout)
    ops = [make(s, "float32", layout, rng, True) for s in shapes]
    check(lambda L, *xs: L.einsum(eq, *xs), ops, rtol=1e-4, atol=1e-5)
    check(lambda L, *xs: L.einsum(eq, list(xs)), [make(s, "float64", "vov", rng, True) for s in shapes])


# --- movement -----------------------------------------------------------------------------------


def _check_layout(p_out, t_out) -> None:
    """View ops: same strides and storage offset as torch (they are views, not copies)."""
    outs = zip(p_out, t_out) if isinstance(t_out, (tuple, list)) else [(p_out, t_out)]
    for p, t in outs:
        assert tuple(p.stride()) == tuple(t.stride()), f"stride {p.stride()} != torch {t.stride()}"
        assert p.storage_offset() == t.storage_offset(), (
            f"storage_offset {p.storage_offset()} != torch {t.storage_offset()}")


VIEW_OPS = {
    "view": ((3, 4), lambda L, x: x.view(2, 6)),
    "view_minus1": ((3, 4), lambda L, x: x.view(-1, 3)),
    "view_scalar": ((1,), lambda L, x: x.view(())),
    "view_dtype_shape": ((2, 3, 4), lambda L, x: x.view(2, 12)),
    "reshape": ((3, 4), lambda L, x: x.reshape(4, 3)),
    "reshape_fn": ((2, 3, 4), lambda L, x: L.reshape(x, (6, -1))),
    "reshape_empty": ((2, 0, 3), lambda L, x: x.reshape(0, 6)),
    "permute": ((2, 3, 4), lambda L, x: x.permute(2, 0, 1)),
    "permute_fn": ((2, 3, 4), lambda L, x: L.permute(x, (1, -1, 0))),
    "transpose": ((2, 3, 4), lambda L, x: x.transpose(0, 2)),
    "transpose_fn": ((3, 4), lambda L, x: L.transpose(x, -1, -2)),
    "t": ((3, 4), lambda L, x: x.t()),
    "t_1d": ((4,), lambda L, x: x.t()),
    "T": ((3, 4), lambda L, x: x.T),
    "mT": ((2, 3, 4), lambda L, x: x.mT),
    "squeeze": ((3, 1, 4, 1), lambda L, x: x.squeeze()),
    "squeeze_dim": ((3, 1, 4, 1), lambda L, x: x.squeeze(1)),
    "squeeze_noop": ((3, 1, 4), lambda L, x: x.squeeze(0)),
    "squeeze_tuple": ((3, 1, 4, 1), lambda L, x: L.squeeze(x, (1, 3))),
    "unsqueeze0": ((3, 4), lambda L, x: x.unsqueeze(0)),
    "unsqueeze_neg": ((3, 4), lambda L, x: L.unsqueeze(x, -1)),
    "unsqueeze_scalar": ((), lambda L, x: x.unsqueeze(0)),
    "expand": ((3, 1), lambda L, x: x.expand(3, 4)),
    "expand_new_dims": ((3, 1), lambda L, x: x.expand(2, -1, 5)),
    "expand_as": ((1, 4), lambda L, x: x.expand_as(L.zeros(3, 4))),
    "flatten": ((2, 3, 4), lambda L, x: x.flatten()),
    "flatten_range": ((2, 3, 4), lambda L, x: L.flatten(x, 1)),
    "flatten_scalar": ((), lambda L, x: x.flatten()),
    "unflatten": ((2, 12), lambda L, x: x.unflatten(1, (3, 4))),
    "unflatten_minus1": ((2, 12), lambda L, x: L.unflatten(x, -1, (2, -1))),
    "narrow": ((5, 4), lambda L, x: x.narrow(0, 1, 3)),
    "narrow_fn": ((5, 4), lambda L, x: L.narrow(x, -1, 2, 2)),
    "unfold": ((7,), lambda L, x: x.unfold(0, 3, 2)),
    "unfold_2d": ((3, 8), lambda L, x: x.unfold(1, 2, 3)),
    "chunk": ((7, 3), lambda L, x: x.chunk(3)),
    "chunk_fn": ((2, 6), lambda L, x: L.chunk(x, 4, dim=1)),
    "split_int": ((7, 3), lambda L, x: x.split(3)),
    "split_list": ((7, 3), lambda L, x: L.split(x, [2, 0, 5])),
    "split_dim": ((2, 5), lambda L, x: x.split([1, 4], dim=1)),
    "unbind": ((3, 4), lambda L, x: x.unbind()),
    "unbind_dim": ((3, 4), lambda L, x: L.unbind(x, 1)),
    "diagonal": ((3, 4), lambda L, x: x.diagonal()),
    "diagonal_offset": ((3, 4), lambda L, x: L.diagonal(x, 1)),
    "diagonal_neg": ((4, 3), lambda L, x: x.diagonal(-2)),
    "diagonal_dims": ((2, 3, 3), lambda L, x: x.diagonal(0, 1, 2)),
    "diagonal_big_offset": ((3, 4), lambda L, x: x.diagonal(5)),
    "as_strided": ((12,), lambda L, x: x.as_strided((3, 3), (3, 1))),
    "as_strided_overlap": ((12,), lambda L, x: L.as_strided(x, (4, 3), (2, 1), x.storage_offset() + 1)),
    "select": ((3, 4), lambda L, x: x.select(1, -1)),
    "getitem_basic": ((4, 5), lambda L, x: x[1:, ::2]),
}


@pytest.mark.parametrize("layout", ["contig", "T", "vov"])
@pytest.mark.parametrize("name", sorted(VIEW_OPS))
def test_view_ops(name: str, layout: str) -> None:
    shape, fn = VIEW_OPS[name]
    x = make(shape, "float32", layout, rng_for(name, layout), True)
    p_out, t_out = check(fn, [x], select=lambda o: (o[-1] if isinstance(o, (tuple, list)) else o))
    if p_out is None:
        return
    if layout == "contig" or name.startswith(("permute", "transpose", "t", "T", "mT", "squeeze",
                                                "unsqueeze", "expand", "narrow", "unfold", "chunk",
                                                "split", "unbind", "diagonal", "select", "getitem")):
        _check_layout(p_out, t_out)


@pytest.mark.parametrize("name", ["chunk", "split_list", "unbind"])
def test_multi_output_grads_all_pieces(name: str) -> None:
    shape, fn = VIEW_OPS[name]
    x = make(shape, "float32", "T", rng_for(name), True)
    check(lambda L, x: L.cat([p * (i + 1) for i, p in enumerate(fn(L, x))]), [x])


def test_view_errors() -> None:
    x = make((3, 4), "float32", "T", rng_for("viewerr"))
    check(lambda L, x: x.view(12), [x])  # non-contiguous: torch raises
    check(lambda L, x: x.view(5, 3), [x])
    check(lambda L, x: x.reshape(5, -1), [x])
    check(lambda L, x: x.expand(2, 4), [x])
    check(lambda L, x: x.squeeze(5), [x])
    check(lambda L, x: x.permute(0, 0), [x])


COPY_OPS = {
    "contiguous": ((3, 4), lambda L, x: x.contiguous()),
    "clone": ((3, 4), lambda L, x: x.clone()),
    "reshape_copy": ((3, 4), lambda L, x: x.t().reshape(12)),
    "flip0": ((3, 4), lambda L, x: x.flip(0)),
    "flip_both": ((2, 3, 4), lambda L, x: L.flip(x, (0, -1))),
    "roll": ((3, 4), lambda L, x: x.roll(1)),
    "roll_dim": ((3, 4), lambda L, x: L.roll(x, -2, 1)),
    "roll_multi": ((3, 4), lambda L, x: x.roll((1, 5), (0, 1))),
    "repeat": ((2, 3), lambda L, x: x.repeat(2, 3)),
    "repeat_newdims": ((2, 3), lambda L, x: x.repeat(2, 1, 2)),
    "tile": ((2, 3), lambda L, x: x.tile(2)),
    "tile_fn": ((2, 3), lambda L, x: L.tile(x, (2, 1, 3))),
    "tril": ((4, 5), lambda L, x: x.tril()),
    "tril_k": ((4, 5), lambda L, x: L.tril(x, -1)),
    "triu": ((4, 5), lambda L, x: x.triu(1)),
    "triu_batched": ((2, 3, 4), lambda L, x: L.triu(x, -1)),
    "cat": ((3, 4), lambda L, x: L.cat([x, x * 2, x[:1]], 0)),
    "cat_dim1": ((3, 4), lambda L, x: L.cat((x, x[:, :2]), dim=1)),
    "cat_neg": ((3, 4), lambda L, x: L.cat([x, x], -1)),
    "cat_empty": ((3, 4), lambda L, x: L.cat([x, x[:0]])),
    "stack": ((3, 4), lambda L, x: L.stack([x, x * 3])),
    "stack_dim": ((3, 4), lambda L, x: L.stack([x, x], dim=2)),
    "stack_neg": ((3, 4), lambda L, x: L.stack([x, -x, x], -2)),
}


@pytest.mark.parametrize("layout", ["contig", "T", "vov", "step"])
@pytest.mark.parametrize("name", sorted(COPY_OPS))
def test_copy_ops(name: str, layout: str) -> None:
    shape, fn = COPY_OPS[name]
    x = make(shape, "float32", layout, rng_for(name, layout), True)
    p_out, t_out = check(fn, [x])
    if p_out is not None and t_out.is_contiguous():
        assert p_out.is_contiguous()


@pytest.mark.parametrize("dt", ["int64", "bool", "uint8", "float16"])
def test_movement_dtypes(dt: str) -> None:
    x = make((3, 4), dt, "T", rng_for("mvdt", dt), False, 0, 5)
    for fn in (lambda L, x: x.flip(1), lambda L, x: L.cat([x, x]), lambda L, x: L.stack([x, x], 1),
               lambda L, x: x.tril(), lambda L, x: x.roll(2), lambda L, x: x.repeat(1, 2),
               lambda L, x: x.reshape(-1)):
        check(fn, [x])


def test_cat_mixed_dtypes() -> None:
    rng = rng_for("catmixed")
    a = make((2, 3), "int64", "contig", rng)
    b = make((1, 3), "float32", "contig", rng, True)
    check(lambda L, a, b: L.cat([a, b]), [a, b])
    c = make((2, 3), "bool", "contig", rng)
    check(lambda L, a, c: L.cat([a, c]), [a, c])


# --- indexing -----------------------------------------------------------------------------------

GETITEM_KEYS = {
    "int": lambda L: 1,
    "neg_int": lambda L: -1,
    "int_int": lambda L: (1, -2),
    "slice": lambda L: slice(1, 3),
    "slice_step": lambda L: (slice(None, None, 2), slice(1, None, 3)),
    "slice_neg": lambda L: (slice(-3, -1), slice(None, -2)),
    "slice_oob": lambda L: slice(2, 100),
    "slice_empty": lambda L: slice(3, 1),
    "none": lambda L: (None, 1, None),
    "ellipsis": lambda L: (Ellipsis, 0),
    "ellipsis_mid": lambda L: (0, Ellipsis, slice(None, None, 2)),
    "int_tensor": lambda L: L.tensor([0, 2, 2, 1]),
    "neg_int_tensor": lambda L: L.tensor([-1, 0]),
    "list": lambda L: [0, 2],
    "tensor_2d": lambda L: L.tensor([[0, 1], [2, 2]]),
    "two_adjacent": lambda L: (L.tensor([0, 1, 2]), L.tensor([1, 1, 0])),
    "two_broadcast": lambda L: (L.tensor([[0], [2]]), L.tensor([1, 3])),
    "nonadjacent": lambda L: (L.tensor([0, 2]), slice(None), L.tensor([1, 3])),
    "slice_then_adv": lambda L: (slice(None), L.tensor([2, 0])),
    "adv_slice_adv": lambda L: (L.tensor([1, 0]), slice(0, 2), L.tensor([0, 1])),
    "adv_int": lambda L: (L.tensor([1, 0]), 1),
    "int_slice_adv": lambda L: (0, slice(None), L.tensor([3, 1])),
    "none_adv": lambda L: (None, L.tensor([0, 1])),
    "ellipsis_adv": lambda L: (Ellipsis, L.tensor([1, 0, 1])),
    "bool_mask_full": lambda L: None,  # filled in the test from the data
    "bool_mask_row": lambda L: L.tensor([True, False, True]),
    "bool_scalar_true": lambda L: True,
    "bool_and_slice": lambda L: (L.tensor([False, True, True]), slice(None, 2)),
    "empty_index": lambda L: L.tensor([], dtype=L.int64),
}


@pytest.mark.parametrize("layout", ["contig", "T", "vov"])
@pytest.mark.parametrize("name", sorted(GETITEM_KEYS))
def test_getitem(name: str, layout: str) -> None:
    x = make((3, 4, 5), "float32", layout, rng_for(name, layout), True)

    def fn(L, x):
        key = GETITEM_KEYS[name](L)
        if name == "bool_mask_full":
            key = x > 0
        return x[key]

    p_out, t_out = check(fn, [x])
    if p_out is not None and t_out._base is not None and name not in ("bool_scalar_true",):
        _check_layout(p_out, t_out)


SETITEM_CASES = {
    "int": (lambda L: 1, (4, 5)),
    "slice_step": (lambda L: (slice(None, None, 2), slice(1, None, 2)), (1, 2, 5)),
    "broadcast_row": (lambda L: slice(0, 2), (5,)),
    "scalar_value": (lambda L: (0, slice(1, 3)), None),
    "int_tensor": (lambda L: L.tensor([0, 2]), (4, 1)),
    "two_tensors": (lambda L: (L.tensor([0, 2, 1]), L.tensor([1, 3, 0])), (5,)),
    "nonadjacent": (lambda L: (L.tensor([0, 2]), slice(None), L.tensor([1, 4])), (4,)),
    "bool_mask": (lambda L: None, None),
    "bool_row": (lambda L: L.tensor([True, False, True]), (1, 5)),
    "ellipsis": (lambda L: (Ellipsis, 1), (3, 4)),
    "none": (lambda L: (None, 1), (4, 5)),
}


@pytest.mark.parametrize("name", sorted(SETITEM_CASES))
def test_setitem(name: str) -> None:
    key_fn, vshape = SETITEM_CASES[name]
    rng = rng_for("setitem", name)
    x = make((3, 4, 5), "float32", "T", rng, True)
    v = make(vshape if vshape is not None else (), "float32", "contig", rng, True)

    def fn(L, x, v):
        z = x * 1.0
        key = key_fn(L)
        if name == "bool_mask":
            key = x > 0.5
        z[key] = v if vshape is not None else 2.5
        return z

    check(fn, [x, v], grad_fn_name=False)

    def fn_nograd(L, x, v):
        z = x.detach().clone()
        key = key_fn(L)
        if name == "bool_mask":
            key = z > 0.5
        z[key] = v.detach() if vshape is not None else -1
        return z

    check(fn_nograd, [x, v])


def test_setitem_int_tensor_and_casting() -> None:
    rng = rng_for("setitem_int")
    x = make((4, 3), "int64", "contig", rng)

    def fn(L, x):
        z = x.clone()
        z[1] = 7
        z[:, 0] = L.tensor([1.9, -1.9, 2.5, 3.0])  # float values into int: truncation
        z[z > 2] = 0
        return z

    check(fn, [x])


@pytest.mark.parametrize("layout", ["contig", "T"])
def test_index_select_gather(layout: str) -> None:
    rng = rng_for("isg", layout)
    x = make((3, 4), "float32", layout, rng, True)
    check(lambda L, x: L.index_select(x, 0, L.tensor([2, 0, 2])), [x])
    check(lambda L, x: x.index_select(1, L.tensor([3, 1])), [x])
    check(lambda L, x: x.index_select(1, L.tensor([], dtype=L.int64)), [x])
    check(lambda L, x: L.gather(x, 1, L.tensor([[0, 0], [1, 3], [2, 2]])), [x])
    check(lambda L, x: x.gather(0, L.tensor([[2, 1, 0, 0]])), [x])
    check(lambda L, x: L.take_along_dim(x, L.tensor([[1], [0], [3]]), 1), [x])
    s = make((), "float32", "contig", rng, True)
    check(lambda L, x: L.index_select(x, 0, L.tensor([0, 0])), [s])


@pytest.mark.parametrize("layout", ["contig", "T"])
def test_scatter_family(layout: str) -> None:
    rng = rng_for("scatter", layout)
    x = make((3, 4), "float32", layout, rng, True)
    src = make((2, 4), "float32", "contig", rng, True)
    idx = lambda L: L.tensor([[0, 1, 2, 0], [2, 0, 1, 1]])  # noqa: E731
    check(lambda L, x, s: L.scatter(x, 0, idx(L), s), [x, src])
    check(lambda L, x, s: x.scatter(0, idx(L), 1.5), [x, src])
    check(lambda L, x, s: x.scatter(0, idx(L), value=-2.0), [x, src])
    check(lambda L, x, s: L.scatter_add(x, 0, idx(L), s), [x, src])
    check(lambda L, x, s: x.scatter_add(1, L.tensor([[3, 3], [0, 1]]), s[:, :2]), [x, src])
    check(lambda L, x, s: L.index_add(x, 0, L.tensor([2, 2]), s), [x, src])
    check(lambda L, x, s: x.index_add(1, L.tensor([0, 3, 0]), s[:1, :3].expand(3, 3), alpha=2), [x, src])


def test_scatter_inplace_and_dtypes() -> None:
    rng = rng_for("scatter_")
    x = make((3, 4), "int64", "contig", rng)

    def fn(L, x):
        z = x.clone()
        z.scatter_(1, L.tensor([[0], [3], [1]]), L.tensor([[7], [8], [9]]))
        z.scatter_add_(0, L.tensor([[1, 1, 1, 1]]), L.ones(1, 4, dtype=L.int64))
        z.index_add_(0, L.tensor([0]), z[2:3].clone())
        return z

    check(fn, [x])


def test_index_add_overlapping_source_raises() -> None:
    x = make((3, 4), "int64", "contig", rng_for("overlap"))

    def fn(L, x):
        z = x.clone()
        z.index_add_(0, L.tensor([0]), z[2:3])  # source aliases the written tensor
        return z

    check(fn, [x])


def test_index_errors() -> None:
    rng = rng_for("idxerr")
    x = make((3, 4), "float32", "contig", rng)
    check(lambda L, x: x[3], [x])
    check(lambda L, x: x[L.tensor([0, 5])], [x])
    check(lambda L, x: x[:, :, 0], [x])
    check(lambda L, x: L.gather(x, 1, L.tensor([[4]])), [x])
    check(lambda L, x: L.index_select(x, 0, L.tensor([1.0])), [x])


@pytest.mark.parametrize("layout", ["contig", "T", "vov"])
def test_masked(layout: str) -> None:
    rng = rng_for("masked", layout)
    x = make((3, 4), "float32", layout, rng, True)
    check(lambda L, x: L.masked_fill(x, x > 0, 0.0), [x])
    check(lambda L, x: x.masked_fill(L.tensor([True, False, True, False]), -1.5), [x])
    check(lambda L, x: x.masked_fill(x < 0, L.tensor(3.0)), [x])
    check(lambda L, x: L.masked_select(x, x > 0), [x])
    check(lambda L, x: x.masked_select(L.tensor([[True], [False], [True]])), [x])
    xi = make((3, 4), "int32", layout, rng)
    check(lambda L, x: x.masked_fill(x > 0, 2.7), [xi])
    check(lambda L, x: x.masked_fill(x > 0, 9), [xi])


@pytest.mark.parametrize("dt", ["float32", "int64", "bool"])
def test_nonzero(dt: str) -> None:
    for shape, layout in [((), "contig"), ((5,), "step"), ((3, 4), "T"), ((2, 3, 2), "vov"), ((0, 2), "contig")]:
        x = make(shape, dt, layout, rng_for("nz", dt, shape), False, -1, 1)
        check(lambda L, x: L.nonzero(x), [x])
        check(lambda L, x: x.nonzero(as_tuple=True), [x])
        check(lambda L, x: L.where(x), [x])


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("dt", ["float32", "int64", "uint8", "float64"])
def test_sort_argsort(dt: str, descending: bool) -> None:
    rng = rng_for("sort", dt, descending)
    x = make((4, 6), dt, "T", rng, dt == "float32", 0 if dt == "uint8" else -3, 3)  # many ties
    check(lambda L, x: tuple(L.sort(x, stable=True, descending=descending)), [x])
    check(lambda L, x: tuple(x.sort(dim=0, descending=descending, stable=True)), [x])
    check(lambda L, x: L.argsort(x, dim=0, descending=descending, stable=True), [x])
    check(lambda L, x: L.sort(x, descending=descending).values, [x])
    check(lambda L, x: tuple(L.sort(x, descending=descending)), [x])  # default sort, ties
    s = make((), dt, "contig", rng)
    check(lambda L, x: tuple(L.sort(x)), [s])


@pytest.mark.parametrize("layout", ["contig", "T", "vov"])
def test_topk(layout: str) -> None:
    rng = rng_for("topk", layout)
    x = make((4, 6), "float32", layout, rng, True)
    check(lambda L, x: tuple(L.topk(x, 3)), [x])
    check(lambda L, x: tuple(x.topk(2, dim=0, largest=False)), [x])
    check(lambda L, x: tuple(x.topk(1, 1)), [x])
    check(lambda L, x: tuple(x.topk(0, 1)), [x])
    check(lambda L, x: tuple(x.topk(7, 1)), [x])  # k too large: torch raises


@pytest.mark.parametrize("dt", ["int64", "float32", "bool"])
def test_unique(dt: str) -> None:
    x = make((3, 5), dt, "T", rng_for("unique", dt), False, -2, 2)
    check(lambda L, x: L.unique(x), [x])
    check(lambda L, x: tuple(x.unique(return_inverse=True)), [x])
    check(lambda L, x: tuple(L.unique(x, return_counts=True)), [x])
    check(lambda L, x: tuple(L.unique(x, return_inverse=True, return_counts=True)), [x])


@pytest.mark.parametrize("dt", ["int64", "float32"])
def test_unique_dim(dt: str) -> None:
    x = make((4, 2), dt, "T", rng_for("unique_dim", dt), False, -1, 1)
    check(lambda L, x: tuple(L.unique(x, return_inverse=True, return_counts=True, dim=0)), [x])


# --- creation -----------------------------------------------------------------------------------

TENSOR_DATA = {
    "bools": [True, False],
    "ints": [1, 2, 3],
    "floats": [1.5, -2.0],
    "int_float": [1, 2.0],
    "bool_int": [True, 2],
    "bool_float": [True, 0.5],
    "nested": [[1, 2], [3, 4]],
    "nested_mixed": [[1, 2.5], [3, 4]],
    "scalar_int": 3,
    "scalar_float": 2.5,
    "scalar_bool": False,
    "empty": [],
    "empty_nested": [[], []],
    "deep": [[[1.0]], [[2.0]]],
    "big_int": [2**40, -(2**40)],
    "tuple": (1, 2),
}


@pytest.mark.parametrize("name", sorted(TENSOR_DATA))
def test_tensor_inference(name: str) -> None:
    data = TENSOR_DATA[name]
    check(lambda L: L.tensor(data), [])
    check(lambda L: L.tensor(data, dtype=L.float64), [])
    check(lambda L: L.tensor(data, dtype=L.int32), [])


def test_tensor_errors_and_grad() -> None:
    check(lambda L: L.tensor([[1, 2], [3]]), [])
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    p = pt.tensor([1.0, 2.0], requires_grad=True)
    assert p.requires_grad == t.requires_grad and p.is_leaf
    check(lambda L: L.tensor([1, 2], requires_grad=True), [])  # ints can't require grad


SHAPES = [(), (0,), (3,), (2, 3), (2, 0, 4)]


@pytest.mark.parametrize("dt", [None, "float64", "int64", "int32", "bool", "uint8", "float16"])
@pytest.mark.parametrize("shape", SHAPES, ids=str)
def test_zeros_ones_full_empty(shape: tuple, dt: str) -> None:
    kw = lambda L: {} if dt is None else {"dtype": getattr(L, dt)}  # noqa: E731
    check(lambda L: L.zeros(shape, **kw(L)), [])
    check(lambda L: L.ones(*shape, **kw(L)) if shape else L.ones(shape, **kw(L)), [])
    check(lambda L: L.full(shape, 3, **kw(L)), [])
    check(lambda L: L.full(shape, 2.5, **kw(L)), [])
    check(lambda L: L.full(shape, True, **kw(L)), [])
    t = torch.empty(shape, **kw(torch))
    p = pt.empty(shape, **kw(pt))
    assert tuple(p.shape) == tuple(t.shape) and str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1]


@pytest.mark.parametrize("dt", [None, "float64", "int64", "int32", "bool"])
def test_like(dt: str) -> None:
    rng = rng_for("like", dt)
    for src in ("float32", "int64", "float16"):
        x = make((2, 3), src, "T", rng)
        kw = lambda L: {} if dt is None else {"dtype": getattr(L, dt)}  # noqa: E731
        check(lambda L, x: L.zeros_like(x, **kw(L)), [x])
        check(lambda L, x: L.ones_like(x, **kw(L)), [x])
        check(lambda L, x: L.full_like(x, 7, **kw(L)), [x])
        check(lambda L, x: L.full_like(x, -1.5, **kw(L)), [x])
        check(lambda L, x: L.empty_like(x, **kw(L)).shape, [x])
        check(lambda L, x: x.new_zeros(3), [x])
        check(lambda L, x: x.new_ones((2, 2)), [x])
        check(lambda L, x: x.new_full((2,), 4), [x])
        check(lambda L, x: x.new_tensor([1, 2]), [x])


ARANGES = [
    (5,), (0,), (1, 10, 3), (10, 0, -3), (0, 1, 0.1), (0.0, 1.0, 0.3), (-1, 1, 0.25), (5.5,),
    (1, -2, -0.5), (0, 10, 20), (3, 3), (2.0, 5), (-5, 5, 3), (0, 1.0000001, 0.1), (0.1, 0.4, 0.1),
]


@pytest.mark.parametrize("args", ARANGES, ids=str)
def test_arange(args: tuple) -> None:
    check(lambda L: L.arange(*args), [])
    check(lambda L: L.arange(*args, dtype=L.float64), [])
    check(lambda L: L.arange(*args, dtype=L.int32), [])
    check(lambda L: L.arange(*args, dtype=L.float32), [])


def test_arange_errors() -> None:
    check(lambda L: L.arange(0, 5, 0), [])
    check(lambda L: L.arange(5, 0, 1), [])


LINSPACES = [(0, 1, 5), (-2, 3, 7), (0, 1, 1), (0, 1, 0), (3, -3, 4), (0, 10, 11), (0.1, 0.9, 9),
             (1, 1, 3), (-1.5, 2.25, 2)]


@pytest.mark.parametrize("args", LINSPACES, ids=str)
def test_linspace_logspace(args: tuple) -> None:
    check(lambda L: L.linspace(*args), [])
    check(lambda L: L.linspace(*args, dtype=L.float64), [])
    check(lambda L: L.linspace(*args, dtype=L.int64), [])
    check(lambda L: L.logspace(*args), [], rtol=1e-5, atol=1e-6)
    check(lambda L: L.logspace(*args, base=2), [])
    check(lambda L: L.logspace(*args, dtype=L.float64), [])


@pytest.mark.parametrize("args", [(3,), (2, 4), (4, 2), (0,), (1,), (3, 0)], ids=str)
@pytest.mark.parametrize("dt", [None, "int64", "bool", "float64"])
def test_eye(args: tuple, dt: str) -> None:
    check(lambda L: L.eye(*args) if dt is None else L.eye(*args, dtype=getattr(L, dt)), [])


def test_assert_same_handles_shapes() -> None:
    """Sanity check of the helper: a wrong dtype or shape must be caught."""
    p, t = pair_from_numpy(np.zeros((2, 3), "float32"))
    with pytest.raises(AssertionError):
        assert_close(p.double(), t)
    with pytest.raises(AssertionError):
        assert_close(p.reshape(3, 2), t)
    with pytest.raises(AssertionError):
        assert_same((p,), (t, t))


@pytest.mark.parametrize("op", [
    lambda L, x: x.split([4])[0] * 2,
    lambda L, x: x.split(4)[0] * 2,
    lambda L, x: x.chunk(1)[0] * 2,
    lambda L, x: x[:1].unbind(0)[0] * 2,
    lambda L, x: L.tensor_split(x, 1)[0] * 2 if hasattr(L, "tensor_split") else x * 2,
], ids=["split_sizes", "split_int", "chunk", "unbind", "tensor_split"])  # fmt: skip
def test_multi_output_ops_with_a_single_piece(op) -> None:
    """An op that can make several outputs, making only one (split into one piece, as an RNN
    over a sequence of length 1 does): its backward still gets a list of gradients."""
    x = make((4, 3), "float32", "contig", rng_for("single_piece"), True)
    check(op, [x])
