"""The loop backend: each CPU primitive as a plain `for` loop a debugger can follow.

This is the definition of the primitives in `base.Backend`, written for a reader: one loop over
the output positions, the operands read into named locals (`x = a_buf[ia]`), the scalar function
from `scalar_ops.py` called as an ordinary Python call, and the result stored. Step into `a + b`
with pdb and a frame of this file soon holds the two numbers being added.

`reference.py` computes the same primitives fast, a whole row at a time in C (`map`, slices,
`sum`). The two must agree bit for bit (tests/test_loops_parity.py), so the loops here use the
same scalar functions, the same rounding on store and, for sums and products, the same order of
operations and the same accumulator as the fast path. Which of the two runs is chosen in
`backends.backend_for`: these loops while a debugger or tracer is active, the fast path otherwise.

Primitives not rewritten here (sort, to_host, ...) are inherited from the fast path.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

from ..dtypes import ALL_DTYPES, Number, dtype, from_storage, to_storage
from . import scalar_ops
from .base import View, move_dim_last, odometer
from .reference import SCAN_IDENTITY, SCANNERS, ReferenceBackend, _check_indices

# Python's sum() adds floats with Neumaier's compensation since 3.12 (plain left-to-right before).
# The fast path sums with sum(), so the loops below must compensate exactly when it does.
SUM_COMPENSATES = sys.version_info >= (3, 12)

# Sums and products call the scalar functions (operator.add, operator.mul) rather than writing
# `total + value`: the interpreter's inlined float `+` may order the two operands differently in
# machine code, and when two NaNs of different sign meet, which one survives depends on that
# order. The fast path's sum(), math.prod() and map() compute as these functions do.
add = scalar_ops.binary_fn("add", True)
mul = scalar_ops.binary_fn("mul", True)


def _store_conversion(dt: dtype) -> Callable[[Number], Number] | None:
    """The conversion a value needs before it goes into `dt`'s storage, or None when the array's
    own store already does what `dtypes.to_storage` (the fast path's store) does: float32 and
    float64 round a double in C. Bools become 0/1, float16 rounds to a half, ints wrap."""
    if dt.kind == "f" and dt.bits != 16:
        return None
    return dt.cast


# Looked up once per launch (a table, so a debugger does not step into a function for it).
CAST_ON_STORE = {dt: _store_conversion(dt) for dt in ALL_DTYPES}


class LoopBackend(ReferenceBackend):
    """The CPU backend as one readable loop per primitive (see the module docstring)."""

    name = "cpu"

    def binary(self, op: str, a: View, b: View, out: View) -> None:
        fn = scalar_ops.binary_fn(op, a.dtype.is_floating_point or b.dtype.is_floating_point)
        cast = CAST_ON_STORE[out.dtype]
        a_buf = a.buffer
        b_buf = b.buffer
        out_buf = out.buffer
        # a and b arrive with out's shape: a broadcast dim has stride 0, so ia stands still.
        for ia, ib, o in odometer(out.shape, a, b, out):
            x = a_buf[ia]
            y = b_buf[ib]
            z = fn(x, y)
            out_buf[o] = z if cast is None else cast(z)

    def unary(self, op: str, x: View, out: View) -> None:
        fn = scalar_ops.unary_fn(op, x.dtype.is_floating_point)
        cast = CAST_ON_STORE[out.dtype]
        is_bool = x.dtype.kind == "b"
        x_buf = x.buffer
        out_buf = out.buffer
        for ix, o in odometer(out.shape, x, out):
            value = x_buf[ix]
            if is_bool:  # bool storage holds 0 and 1; ops on bools must see False and True
                value = bool(value)
            z = fn(value)
            out_buf[o] = z if cast is None else cast(z)

    def where(self, cond: View, a: View, b: View, out: View) -> None:
        cast = CAST_ON_STORE[out.dtype]
        cond_buf = cond.buffer
        a_buf = a.buffer
        b_buf = b.buffer
        out_buf = out.buffer
        for ic, ia, ib, o in odometer(out.shape, cond, a, b, out):
            c = cond_buf[ic]
            x = a_buf[ia]
            y = b_buf[ib]
            z = x if c else y
            out_buf[o] = z if cast is None else cast(z)

    def addcmul(self, a: View, b: View, c: View, out: View) -> None:
        # Python floats are doubles: the product of two float32 values is exact there, so the
        # store into out's dtype is the one rounding, as in a fused multiply-add.
        cast = CAST_ON_STORE[out.dtype]
        a_buf = a.buffer
        b_buf = b.buffer
        c_buf = c.buffer
        out_buf = out.buffer
        for ia, ib, ic, o in odometer(out.shape, a, b, c, out):
            x = a_buf[ia]
            y = b_buf[ib]
            w = c_buf[ic]
            z = add(x, mul(y, w))
            out_buf[o] = z if cast is None else cast(z)

    def copy(self, src: View, out: View) -> None:
        # The store does the dtype conversion. (Through a Python float, as the fast path's
        # strided copy: a float32 signalling NaN comes out quiet. Its contiguous same-dtype
        # copy moves raw bytes and keeps it.)
        cast = CAST_ON_STORE[out.dtype]
        src_buf = src.buffer
        out_buf = out.buffer
        for i, o in odometer(out.shape, src, out):
            value = src_buf[i]
            out_buf[o] = value if cast is None else cast(value)

    def fill(self, out: View, value: Number) -> None:
        stored = to_storage(out.dtype, [value])[0]  # converted once, as the fast path does
        out_buf = out.buffer
        for (o,) in odometer(out.shape, out):
            out_buf[o] = stored

    def reduce(self, op: str, x: View, dim: int, out: View) -> None:
        reducer = REDUCE_LOOPS[op]
        cast = CAST_ON_STORE[out.dtype]
        x_buf = x.buffer
        out_buf = out.buffer
        if x.shape:
            x = move_dim_last(x, dim)  # metadata only: the reduced dim is now the inner loop
            out = move_dim_last(out, dim)
            n, step = x.shape[-1], x.strides[-1]
        else:
            n, step = 1, 1  # a 0-dim tensor is one row of one element
        # The outer dims of x and out walk together; out has size 1 at the reduced dim.
        for ix, o in odometer(x.shape[:-1], x, out):
            z = reducer(x_buf, ix, n, step)
            out_buf[o] = z if cast is None else cast(z)

    def scan(self, op: str, x: View, dim: int, out: View) -> None:
        fn = SCANNERS[op]
        cast = CAST_ON_STORE[out.dtype]
        x_buf = x.buffer
        out_buf = out.buffer
        if x.shape:
            x = move_dim_last(x, dim)
            out = move_dim_last(out, dim)
            n, x_step, out_step = x.shape[-1], x.strides[-1], out.strides[-1]
        else:
            n, x_step, out_step = 1, 1, 1
        for ix, o in odometer(x.shape[:-1], x, out):
            # ATen starts from the identity, which shows in a signed zero: cumsum([-0.]) is 0.
            total = SCAN_IDENTITY[op]
            for _ in range(n):
                value = x_buf[ix]
                total = fn(total, value)
                out_buf[o] = total if cast is None else cast(total)
                ix += x_step
                o += out_step

    def matmul(self, a: View, b: View, out: View, addend: View | None = None) -> None:
        *batch, m, k = a.shape
        n = b.shape[-1]
        a_row_stride, a_k_stride = a.strides[-2:]
        b_k_stride, b_col_stride = b.strides[-2:]
        out_row_stride, out_col_stride = out.strides[-2:]
        cast = CAST_ON_STORE[out.dtype]
        a_buf = a.buffer
        b_buf = b.buffer
        out_buf = out.buffer
        # The odometer walks the (already broadcast) batch dims; each stop is one matrix.
        for a_start, b_start, out_start in odometer(tuple(batch), a, b, out):
            for i in range(m):
                for j in range(n):
                    ia = a_start + i * a_row_stride  # a[i, 0]
                    ib = b_start + j * b_col_stride  # b[0, j]
                    # out[i, j] = sum over p of a[i, p] * b[p, j], added up as Python's sum()
                    # adds (the fast path's dot product): from the int 0, left to right.
                    total: Number = 0
                    lost = 0.0  # what float rounding dropped (used only where sum compensates)
                    for _ in range(k):
                        x = a_buf[ia]
                        y = b_buf[ib]
                        product = mul(x, y)
                        if SUM_COMPENSATES and type(total) is float:
                            total, lost = neumaier_add(total, lost, product)
                        else:
                            total = add(total, product)
                        ia += a_k_stride
                        ib += b_k_stride
                    total = with_compensation(total, lost)
                    o = out_start + i * out_row_stride + j * out_col_stride
                    out_buf[o] = total if cast is None else cast(total)
        if addend is not None:  # the product is rounded to out's dtype first, then the sum
            self.binary("add", out, addend, out)

    def gather(self, x: View, dim: int, index: View, out: View) -> None:
        size = x.shape[dim]
        cast = CAST_ON_STORE[out.dtype]
        x_buf = x.buffer
        index_buf = index.buffer
        out_buf = out.buffer
        # Walk with `dim` innermost, as the fast path does, so a bad index is found in the same
        # order and reported the same. x's position follows out's, except along `dim`, where the
        # index says where to read: there x stands still in the walk, and the jump is added.
        x, index, out = move_dim_last(x, dim), move_dim_last(index, dim), move_dim_last(out, dim)
        x_step = x.strides[-1]
        x_walk = x.with_layout(x.shape, x.strides[:-1] + (0,))
        for ix, ii, o in odometer(out.shape, x_walk, index, out):
            i = index_buf[ii]
            _check_indices([i], size, dim)
            value = x_buf[ix + i * x_step]
            out_buf[o] = value if cast is None else cast(value)

    def scatter(self, op: str, out: View, dim: int, index: View, src: View) -> None:
        size = out.shape[dim]
        dt = out.dtype
        out_buf = out.buffer
        index_buf = index.buffer
        src_buf = src.buffer
        # The mirror of gather: out's position along `dim` comes from the index. The walk goes
        # in the fast path's order (`dim` innermost), so where two sources hit one position,
        # the same one is written last and wins.
        out, index, src = (
            move_dim_last(out, dim),
            move_dim_last(index, dim),
            move_dim_last(src, dim),
        )
        out_step = out.strides[-1]
        out_walk = out.with_layout(out.shape, out.strides[:-1] + (0,))
        for o, ii, isrc in odometer(index.shape, out_walk, index, src):
            i = index_buf[ii]
            _check_indices([i], size, dim)
            target = o + i * out_step
            value = src_buf[isrc]
            if op == "add":
                value = add(from_storage(dt, out_buf[target]), value)
            out_buf[target] = to_storage(dt, [value])[0]


# --- sums and products, as Python's sum() and math.prod() compute them ----------------------


def neumaier_add(total: float, lost: float, value: Number) -> tuple[float, float]:
    """total + value, keeping in `lost` the low bits the rounding dropped (Neumaier, 1974).

    CPython 3.12+ does this inside sum() for floats; see Python/bltinmodule.c, builtin_sum_impl.
    """
    new_total = total + value
    if abs(total) >= abs(value):
        lost += (total - new_total) + value
    else:
        lost += (value - new_total) + total
    return new_total, lost


def with_compensation(total: Number, lost: float) -> Number:
    """The sum with the dropped low bits added back, as CPython's sum() does at the end (not
    when that would turn an infinite or overflowed sum into NaN)."""
    if SUM_COMPENSATES and type(total) is float and lost and math.isfinite(lost):
        return total + lost
    return total


def sum_loop(buf: Any, start: int, n: int, step: int) -> Number:
    """The fast path's `sum(row)`: from the int 0 (so a row of -0.0 sums to 0.0), in order."""
    total: Number = 0
    lost = 0.0
    for _ in range(n):
        value = buf[start]
        if SUM_COMPENSATES and type(total) is float:
            total, lost = neumaier_add(total, lost, value)
        else:
            total = add(total, value)
        start += step
    return with_compensation(total, lost)


def prod_loop(buf: Any, start: int, n: int, step: int) -> Number:
    """The fast path's `math.prod(row)`: from the int 1, in order."""
    total: Number = 1
    for _ in range(n):
        value = buf[start]
        total = mul(total, value)
        start += step
    return total


def _extreme(buf: Any, start: int, n: int, step: int, larger: bool) -> tuple[Number, int]:
    """The max (or min) of a row and the index of its first occurrence. NaN wins, as in torch:
    the value is math.nan (the fast path returns that one NaN) and the index the first NaN's."""
    if n == 0:  # the ops refuse this earlier; say what the fast path's max()/min() says
        raise ValueError(f"{'max' if larger else 'min'}() arg is an empty sequence")
    best = buf[start]
    best_index = 0
    for i in range(n):
        value = buf[start + i * step]
        if value != value:  # NaN compares with nothing, so test it first
            return math.nan, i
        if larger and value > best or not larger and value < best:
            best = value  # strictly better only: on a tie the first one stays
            best_index = i
    return best, best_index


def max_loop(buf: Any, start: int, n: int, step: int) -> Number:
    return _extreme(buf, start, n, step, larger=True)[0]


def min_loop(buf: Any, start: int, n: int, step: int) -> Number:
    return _extreme(buf, start, n, step, larger=False)[0]


def argmax_loop(buf: Any, start: int, n: int, step: int) -> Number:
    return _extreme(buf, start, n, step, larger=True)[1]


def argmin_loop(buf: Any, start: int, n: int, step: int) -> Number:
    return _extreme(buf, start, n, step, larger=False)[1]


REDUCE_LOOPS: dict[str, Callable[[Any, int, int, int], Number]] = {
    "sum": sum_loop,
    "prod": prod_loop,
    "max": max_loop,
    "min": min_loop,
    "argmax": argmax_loop,
    "argmin": argmin_loop,
}
