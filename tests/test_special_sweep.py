"""A sweep of special values through the pointwise ops and the reductions, against torch.

Every element is compared on its own: NaN matches NaN, a zero must carry torch's sign
(`math.copysign`, so -0.0 != 0.0), infinities must agree exactly, and finite values must agree
to a few units in the last place of the dtype. `sweep()` returns how many element comparisons
were made and which ones differ, so the count of mismatches can be quoted before and after a
fix (`PYTHONPATH=. python tests/test_special_sweep.py` prints them).

The values: 0, -0, +-1, +-inf, nan, 0.5, -2.5, the smallest subnormal and the largest finite
number of each float dtype (and their negatives); for int64, the extremes and large values of
both signs, where the integer ops apply.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402

FLOATS = ["float16", "float32", "float64"]
TINY = {"float16": 2.0**-24, "float32": 2.0**-149, "float64": 5e-324}
HUGE = {"float16": 65504.0, "float32": 3.4028234663852886e38, "float64": 1.7976931348623157e308}
# Relative tolerance: a few units in the last place (float16 results are rounded from float32).
RTOL = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-13, "int64": 0.0}


def specials(dt: str) -> list[float]:
    return [0.0, -0.0, 1.0, -1.0, math.inf, -math.inf, math.nan, 0.5, -2.5,
            TINY[dt], -TINY[dt], HUGE[dt], -HUGE[dt]]  # fmt: skip


INT64 = [0, 1, -1, 7, -7, 2**62 + 3, -(2**62) - 5, 2**63 - 1, -(2**63),
         123456789012345678, -98765432109876543, 2**53 + 1, -(2**53) - 1]  # fmt: skip

UNARY = ["neg", "abs", "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "sin",
         "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "relu", "erf",
         "erfc", "sign", "floor", "ceil", "round", "trunc", "frac", "reciprocal", "square"]
# x ** c for a Python-number exponent: torch turns 0.5, 2, -1, ... into sqrt, square, reciprocal.
POWERS = [0.5, -0.5, 2.0, 3.0, -1.0, -2.0, 0.0, 1.0, 1.5]
BINARY = ["add", "sub", "mul", "div", "remainder", "fmod", "pow", "maximum", "minimum", "atan2",
          "floor_divide"]
INT_BINARY = ["add", "sub", "mul", "remainder", "fmod", "floor_divide", "maximum", "minimum",
              "bitwise_and", "bitwise_xor"]
REDUCTIONS: dict[str, Callable[[Any, Any], Any]] = {
    "sum": lambda L, x: L.sum(x, 1), "mean": lambda L, x: L.mean(x, 1),
    "std": lambda L, x: L.std(x, 1), "var": lambda L, x: L.var(x, 1),
    "norm": lambda L, x: L.norm(x, dim=1), "cumsum": lambda L, x: L.cumsum(x, 1),
    "cumprod": lambda L, x: L.cumprod(x, 1), "prod": lambda L, x: L.prod(x, 1),
    "amax": lambda L, x: L.amax(x, 1), "amin": lambda L, x: L.amin(x, 1),
    "logsumexp": lambda L, x: L.logsumexp(x, 1), "softmax": lambda L, x: L.softmax(x, 1),
    "softplus": lambda L, x: L.nn.functional.softplus(x),
}  # fmt: skip
INT_REDUCTIONS = ["sum", "cumsum", "prod", "cumprod", "amax", "amin"]


def _flat(values: Any) -> list[Any]:
    if isinstance(values, list):
        return [v for item in values for v in _flat(item)]
    return [values]


def _same(p: Any, t: Any, rtol: float) -> bool:
    if isinstance(t, float):
        if t != t:
            return p != p
        if p != p:
            return False
        if t == 0 or math.isinf(t) or p == 0 or math.isinf(p):
            return p == t and math.copysign(1.0, p) == math.copysign(1.0, t)
        return abs(p - t) <= rtol * abs(t)
    return bool(p == t)


class Mismatch(NamedTuple):
    op: str
    dt: str
    where: Any  # the operands, or the position in the flattened result of a reduction
    pytensor: Any
    torch: Any

    def __str__(self) -> str:
        return f"{self.op} {self.dt} {self.where}: pytensor {self.pytensor!r}, torch {self.torch!r}"


def _compare(what: str, dt: str, fn: Callable[[Any], Any], inputs: list[list[Any]],
             mismatches: list[Mismatch]) -> int:
    """fn(lib) in both libraries; record every element that differs; return the count."""
    t = fn(torch).tolist()
    p = fn(pt).tolist()
    t_flat, p_flat = _flat(t), _flat(p)
    assert len(t_flat) == len(p_flat), what
    for i, (pv, tv) in enumerate(zip(p_flat, t_flat)):
        if not _same(pv, tv, RTOL[dt]):
            where = [row[i] for row in inputs] if inputs and len(inputs[0]) == len(t_flat) else i
            mismatches.append(Mismatch(what, dt, where, pv, tv))
    return len(t_flat)


def _rows(values: list[Any]) -> list[list[Any]]:
    """Every ordered pair, and some longer rows, to reduce along dim 1."""
    pairs = [list(p) for p in itertools.product(values, repeat=2)]
    n = len(values)
    quads = [[values[(i * k) % n] for k in (1, 3, 5, 7)] for i in range(n * 2)]
    return pairs + [q[:2] for q in quads], quads  # type: ignore[return-value]


def sweep() -> tuple[int, list[Mismatch]]:
    mismatches: list[Mismatch] = []
    count = 0
    for dt in FLOATS:
        xs = specials(dt)
        a_vals, b_vals = zip(*itertools.product(xs, repeat=2))

        def vec(L: Any, v: Any, dt: str = dt) -> Any:
            return L.tensor(list(v), dtype=getattr(L, dt))

        for op in UNARY:
            count += _compare(op, dt, lambda L, op=op: getattr(L, op)(vec(L, xs)), [xs],
                              mismatches)
        for c in POWERS:
            count += _compare(f"pow{c}", dt, lambda L, c=c: vec(L, xs) ** c, [xs], mismatches)
        for op in BINARY:
            count += _compare(op, dt, lambda L, op=op: getattr(L, op)(vec(L, a_vals), vec(L, b_vals)),
                              [list(a_vals), list(b_vals)], mismatches)
        for bound in ("min", "max"):  # clamp with a tensor bound, then with each number bound
            count += _compare(f"clamp_{bound}_tensor", dt, lambda L, bound=bound: L.clamp(
                vec(L, a_vals), **{bound: vec(L, b_vals)}), [list(a_vals), list(b_vals)], mismatches)
            for v in xs:
                count += _compare(f"clamp_{bound}={v}", dt, lambda L, bound=bound, v=v: L.clamp(
                    vec(L, xs), **{bound: v}), [xs], mismatches)
        pairs, quads = _rows(xs)
        for rows in (pairs, quads):
            for name, red in REDUCTIONS.items():
                count += _compare(name, dt, lambda L, red=red, rows=rows: red(
                    L, L.tensor(rows, dtype=getattr(L, dt))), [], mismatches)
    a_int, b_int = zip(*itertools.product(INT64, repeat=2))
    b_safe = [b if b != 0 else 3 for b in b_int]  # integer division by zero raises in both
    for op in INT_BINARY:
        count += _compare(op, "int64", lambda L, op=op: getattr(L, op)(
            L.tensor(list(a_int)), L.tensor(b_safe)), [list(a_int), b_safe], mismatches)
    pairs, quads = _rows(INT64)
    for rows in (pairs, quads):
        for name in INT_REDUCTIONS:
            count += _compare(name, "int64", lambda L, name=name, rows=rows: REDUCTIONS[name](
                L, L.tensor(rows)), [], mismatches)
    return count, mismatches


def _is_zero(v: Any) -> bool:
    return isinstance(v, float) and v == 0


def torch_quirk(m: Mismatch) -> str | None:
    """Why a remaining difference is torch's own artefact, which pytensor does not copy; None
    for a real difference. Each reason was checked against torch 2.13 directly."""
    if m.op in ("maximum", "minimum", "clamp_min_tensor", "clamp_max_tensor") and all(
        _is_zero(v) for v in m.where
    ):
        return "a tie of 0. and -0.: torch's sign depends on its SIMD loop (test_negative_zero)"
    if m.op in ("fmod", "remainder") and m.torch != m.torch and m.dt != "float16":
        # torch.fmod(torch.full((16,), 1.), 1e-45) is nan, torch.fmod(torch.ones(3), 1e-45) is 0.
        return "the vectorized fmod (16 elements and more) gives nan where fmod is exact"
    if m.op in ("log1p", "erf") and _is_zero(m.torch) and abs(m.where[0]) < 1e-7:
        return "torch returns 0 for log1p and float16 erf of a subnormal (exactly: the input)"
    if m.op in ("var", "std") and m.dt == "float64" and m.pytensor == math.inf:
        return "the float64 sums overflow; torch's Welford then gives 0, -inf or nan"
    return None


def test_special_value_sweep_matches_torch() -> None:
    count, mismatches = sweep()
    assert count > 10_000
    real = [m for m in mismatches if torch_quirk(m) is None]
    assert not real, f"{len(real)} of {count} differ:\n" + "\n".join(map(str, real[:60]))


if __name__ == "__main__":
    n, bad = sweep()
    print("\n".join(f"{m}   [{torch_quirk(m) or 'REAL'}]" for m in bad))
    quirks = sum(torch_quirk(m) is not None for m in bad)
    print(f"{n} element comparisons, {len(bad)} mismatches ({quirks} of them torch's artefacts)")
