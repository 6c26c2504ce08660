"""The reference backend: every primitive as a plain Python loop over `array.array` storage.

This file is the living definition of each primitive in `base.Backend`. The OpenCL kernels are
checked against it by the parity tests.

How the loops stay readable without being slow:
- A contiguous fast path handles the whole tensor as one flat row.
- Otherwise `_row_starts` walks the outer dimensions like an odometer, adding strides as it goes,
  and the innermost dimension is read with one slice `buffer[start:stop:step]`, which runs in C.
  Recomputing a full multi-index for every element would cost about 20x more.
- Work on a row is `map(fn, row_a, row_b)`: a C loop calling the scalar function.
"""

from __future__ import annotations

import math
import operator
from array import array
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from typing import Any

from ..dtypes import Number, dtype, from_storage, to_storage
from . import scalar_ops
from .base import View, coalesce, is_contiguous, move_dim_last, odometer

Row = Sequence[Number]


def _row_starts(shape: Sequence[int], *views: View) -> Iterator[tuple[int, ...]]:
    """Yield, for every innermost row of `shape`, the start position of that row in each view:
    `base.odometer` over the outer dimensions (the loops' odometer, one row per turn)."""
    if 0 in shape:
        return iter(())
    return odometer(tuple(shape[:-1]), *views)


def _inner(v: View) -> tuple[int, int]:
    """Length and step of the innermost dimension (a 0-dim view is one row of one element)."""
    return (v.shape[-1], v.strides[-1]) if v.shape else (1, 1)


def _read(buffer: Any, start: int, n: int, step: int) -> Row:
    """n elements starting at `start`, `step` apart. A step of 0 is a broadcast value."""
    if step == 0:
        return [buffer[start]] * n if n else []  # an empty row reads nothing, not even start
    return buffer[start : start + n * step : step]  # type: ignore[no-any-return]


def _write(out: View, start: int, n: int, step: int, values: Sequence[Number]) -> None:
    if step == 0:  # every position is the same element (fill_ on an expanded view)
        if n:
            out.buffer[start] = to_storage(out.dtype, values[-1:])[0]
        return
    out.buffer[start : start + n * step : step] = to_storage(out.dtype, values)


def _flat(v: View) -> View:
    """A contiguous view seen as one row, for the fast paths."""
    n = math.prod(v.shape)
    return View(v.buffer, (n,), (1,), v.offset, v.dtype)


def _elementwise(fn: Callable[..., Number], out: View, *inputs: View) -> None:
    """out[i] = fn(inputs[0][i], inputs[1][i], ...), the loop behind unary, binary and where."""
    if is_contiguous(out.shape, out.strides) and all(
        is_contiguous(v.shape, v.strides) for v in inputs
    ):
        # Fast path: every operand is one flat run of memory, so there is one row to do.
        out = _flat(out)
        inputs = tuple(_flat(v) for v in inputs)
    else:
        # Fewer, longer rows: x + 1.0 on a transposed x is still one row per column, but a
        # broadcast scalar no longer splits a contiguous operand into many short rows.
        out, *merged = coalesce(out, *inputs)
        inputs = tuple(merged)
    n, out_step = _inner(out)
    steps = [_inner(v)[1] for v in inputs]
    shape = out.shape or (1,)
    for out_pos, *in_pos in _row_starts(shape, out, *inputs):
        rows = [_read(v.buffer, p, n, s) for v, p, s in zip(inputs, in_pos, steps)]
        _write(out, out_pos, n, out_step, list(map(fn, *rows)))


def _has_nan(row: Row) -> bool:
    return any(x != x for x in row)


def _max(row: Row) -> Number:
    return math.nan if _has_nan(row) else max(row)


def _min(row: Row) -> Number:
    return math.nan if _has_nan(row) else min(row)


def _first_nan(row: Row) -> int:
    return next(i for i, x in enumerate(row) if x != x)


def _argmax(row: Row) -> int:
    return _first_nan(row) if _has_nan(row) else list(row).index(max(row))


def _argmin(row: Row) -> int:
    return _first_nan(row) if _has_nan(row) else list(row).index(min(row))


REDUCERS: dict[str, Callable[[Row], Number]] = {
    "sum": sum,
    "prod": math.prod,
    "max": _max,
    "min": _min,
    "argmax": _argmax,
    "argmin": _argmin,
}

SCANNERS: dict[str, Callable[[Number, Number], Number]] = {
    "cumsum": operator.add,
    "cumprod": operator.mul,
}
# Where each running total starts. ATen's scan starts from the identity too, which shows in
# a signed zero: cumsum([-0.]) is 0. + -0. = 0., not -0.
SCAN_IDENTITY: dict[str, Number] = {"cumsum": 0, "cumprod": 1}


def _nan_flagged(v: Number) -> tuple[bool, Number]:
    """A sort key that puts NaN above every number, as torch does (NaN compares with nothing)."""
    return (v != v, 0 if v != v else v)


class ReferenceBackend:
    """The CPU backend, in plain Python."""

    name = "cpu"

    def allocate(self, numel: int, dt: dtype) -> array:  # type: ignore[type-arg]
        return array(dt.typecode, bytes(numel * array(dt.typecode).itemsize))

    def from_host(self, values: array, dt: dtype) -> array:  # type: ignore[type-arg]
        return values  # host memory is this backend's memory: take the fresh array as it is

    def to_host(self, x: View) -> array:  # type: ignore[type-arg]
        if is_contiguous(x.shape, x.strides):
            return x.buffer[x.offset : x.offset + math.prod(x.shape)]  # type: ignore[no-any-return]
        result = array(x.dtype.typecode)
        n, step = _inner(x)
        for (pos,) in _row_starts(x.shape or (1,), x):
            result.extend(_read(x.buffer, pos, n, step))  # type: ignore[arg-type]
        return result

    def fill(self, out: View, value: Number) -> None:
        if is_contiguous(out.shape, out.strides):
            out = _flat(out)  # one row: a single slice assignment
        n, step = _inner(out)
        row = [value] * n
        for (pos,) in _row_starts(out.shape or (1,), out):
            _write(out, pos, n, step, row)

    def copy(self, src: View, out: View) -> None:
        if src.dtype is out.dtype and is_contiguous(src.shape, src.strides) and is_contiguous(
            out.shape, out.strides
        ):
            # Same dtype, both one flat run: a single slice assignment, no per-element work.
            n = math.prod(out.shape)
            out.buffer[out.offset : out.offset + n] = src.buffer[src.offset : src.offset + n]
            return
        _elementwise(_identity, out, src)  # the store does the cast (see dtypes.to_storage)

    def unary(self, op: str, x: View, out: View) -> None:
        fn = scalar_ops.unary_fn(op, x.dtype.is_floating_point)
        _elementwise(_on_values(fn, x.dtype), out, x)

    def binary(self, op: str, a: View, b: View, out: View) -> None:
        fn = scalar_ops.binary_fn(op, a.dtype.is_floating_point or b.dtype.is_floating_point)
        _elementwise(fn, out, a, b)

    def where(self, cond: View, a: View, b: View, out: View) -> None:
        _elementwise(lambda c, x, y: x if c else y, out, cond, a, b)

    def addcmul(self, a: View, b: View, c: View, out: View) -> None:
        # Python floats are doubles: the product of two float32 values is exact there, so the
        # store into out's dtype is the one rounding, as in a fused multiply-add. Integers are
        # exact and wrap when stored.
        _elementwise(_multiply_add, out, a, b, c)

    def reduce(self, op: str, x: View, dim: int, out: View) -> None:
        fn = REDUCERS[op]
        x, out = move_dim_last(x, dim), move_dim_last(out, dim)
        n, step = _inner(x)
        for x_pos, out_pos in _row_starts(x.shape[:-1] + (1,), x, out):
            out.buffer[out_pos] = to_storage(out.dtype, [fn(_read(x.buffer, x_pos, n, step))])[0]

    def scan(self, op: str, x: View, dim: int, out: View) -> None:
        fn = SCANNERS[op]
        start = SCAN_IDENTITY[op]
        x, out = move_dim_last(x, dim), move_dim_last(out, dim)
        n, step = _inner(x)
        _, out_step = _inner(out)
        for x_pos, out_pos in _row_starts(x.shape, x, out):
            row = _read(x.buffer, x_pos, n, step)
            _write(out, out_pos, n, out_step, list(accumulate(row, fn, initial=start))[1:])

    def matmul(self, a: View, b: View, out: View, addend: View | None = None) -> None:
        self._product(a, b, out)
        if addend is not None:
            self.binary("add", out, addend, out)

    def _product(self, a: View, b: View, out: View) -> None:
        *batch, m, k = a.shape
        n = b.shape[-1]
        a_row_stride, a_k_stride = a.strides[-2:]
        b_k_stride, b_col_stride = b.strides[-2:]
        out_row_stride, out_col_stride = out.strides[-2:]
        # Walk the batch dimensions with the odometer; for each matrix, slice every row of `a`
        # and every column of `b` once, then each output is one C-speed dot product.
        batch_shape = tuple(batch) + (1,)
        for a_pos, b_pos, out_pos in _row_starts(batch_shape, a, b, out):
            rows = [_read(a.buffer, a_pos + i * a_row_stride, k, a_k_stride) for i in range(m)]
            cols = [_read(b.buffer, b_pos + j * b_col_stride, k, b_k_stride) for j in range(n)]
            for i, row in enumerate(rows):
                values = [sum(map(operator.mul, row, col)) for col in cols]
                _write(out, out_pos + i * out_row_stride, n, out_col_stride, values)

    def gather(self, x: View, dim: int, index: View, out: View) -> None:
        size = x.shape[dim]
        x, index, out = (move_dim_last(v, dim) for v in (x, index, out))
        x_step = x.strides[-1]
        n, index_step = _inner(index)
        _, out_step = _inner(out)
        for x_pos, index_pos, out_pos in _row_starts(out.shape, x, index, out):
            indices = _read(index.buffer, index_pos, n, index_step)
            _check_indices(indices, size, dim)
            _write(out, out_pos, n, out_step, [x.buffer[x_pos + i * x_step] for i in indices])

    def scatter(self, op: str, out: View, dim: int, index: View, src: View) -> None:
        size = out.shape[dim]
        out, index, src = (move_dim_last(v, dim) for v in (out, index, src))
        out_step = out.strides[-1]
        n, index_step = _inner(index)
        _, src_step = _inner(src)
        dt = out.dtype
        for out_pos, index_pos, src_pos in _row_starts(index.shape, out, index, src):
            indices = _read(index.buffer, index_pos, n, index_step)
            _check_indices(indices, size, dim)
            values = _read(src.buffer, src_pos, n, src_step)
            if op == "assign":  # cast the row once, then plain stores (the last write wins)
                for i, value in zip(indices, to_storage(dt, values)):
                    out.buffer[out_pos + i * out_step] = value
                continue
            for i, value in zip(indices, values):
                pos = out_pos + i * out_step
                # operator.add, not `+`: see _multiply_add on which of two NaNs survives
                new = operator.add(from_storage(dt, out.buffer[pos]), value)
                out.buffer[pos] = to_storage(dt, [new])[0]

    def sort(self, x: View, dim: int, descending: bool, values: View, indices: View) -> None:
        x, values, indices = (move_dim_last(v, dim) for v in (x, values, indices))
        n, x_step = _inner(x)
        _, values_step = _inner(values)
        _, indices_step = _inner(indices)
        floats = x.dtype.is_floating_point
        for x_pos, values_pos, indices_pos in _row_starts(x.shape, x, values, indices):
            row = _read(x.buffer, x_pos, n, x_step)
            keys = [_nan_flagged(v) for v in row] if floats and _has_nan(row) else row
            # Python's sort is stable, and with reverse=True too: equal keys keep their order.
            order = sorted(range(n), key=keys.__getitem__, reverse=descending)
            _write(values, values_pos, n, values_step, [row[i] for i in order])
            _write(indices, indices_pos, n, indices_step, order)


def _check_indices(indices: Row, size: int, dim: int) -> None:
    for i in indices:
        if not 0 <= i < size:
            raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {size}")


def _identity(x: Number) -> Number:
    return x


def _multiply_add(a: Number, b: Number, c: Number) -> Number:
    # Through operator's functions, not `a + b * c`: the interpreter's inlined float arithmetic
    # (once it specialises this function) may order operands differently in machine code, and
    # then which of two NaNs survives changes from call to call. loops.py computes the same way.
    result: Number = operator.add(a, operator.mul(b, c))
    return result


def _on_values(fn: Callable[[Number], Number], dt: dtype) -> Callable[[Number], Number]:
    """Bool storage holds 0 and 1; ops on bools must see True and False."""
    if dt.kind != "b":
        return fn
    return lambda x: fn(bool(x))
