"""The OpenCL backend: each primitive of `backends/base.py` as a launch of a kernel in kernels/.

Read it beside `reference.py`: the same methods, in the same order. A method here does three
things: pick the kernel (its file, name and the `#define`s that specialise it for the dtypes and
the op), pack the layouts (`View`s) into kernel arguments, and queue the launch. Nothing waits
for the device except `to_host`.

Layouts: views arrive with any strides, as on the reference path. Elementwise kernels have a
flat version (element i at offset + i, or one value broadcast to all) and a strided one (the
position of element i is computed from the strides, kernels/common.cl `position`), so no view
is copied first. Dims of size 1 are dropped and dims that are one run of memory are merged
before a launch, so a transposed matrix is 2 dims and `x + y[0]` on contiguous tensors is 1.
A kernel holds at most MAX_DIMS (8) dims; an elementwise op on more peels the first dim off on
the host.
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from ... import dtypes
from ...dtypes import Number, dtype
from ..base import View, contiguous_strides, is_contiguous, merged_layout
from . import expressions
from .runtime import (
    C_TYPES,
    MAX_DIMS,
    Defines,
    DeviceBuffer,
    Runtime,
    arg_types,
    cl,
    frozen_defines,
    layout_arg,
    limits,
    np,
    runtime,
    shape_arg,
    type_defines,
)

GROUP = 128  # work-items per group for the one-item-per-element kernels


@cache
def _storage_itemsize(dt: dtype) -> int:
    return array(dt.typecode).itemsize


def _squeeze(*views: View) -> list[View]:
    """Drop the dims of size 1 (their strides never move) and merge runs of memory."""
    shape, strides = merged_layout(views[0].shape, tuple(v.strides for v in views), True)
    return [v.with_layout(shape, st) for v, st in zip(views, strides)]


def _rounded(n: int, group: int) -> int:
    """n rounded up to a multiple of the group size; the kernels skip the extra items."""
    return -(-n // group) * group


def _check_dims(shape: Sequence[int], what: str) -> None:
    if len(shape) > MAX_DIMS:
        raise RuntimeError(
            f"opencl {what}: {len(shape)} dims remain after merging, the kernels hold at most "
            f"{MAX_DIMS}"
        )


def _accumulator(dt: dtype) -> dtype:
    return dtypes.float32 if dt is dtypes.float16 else dt  # float16 adds up in float


def _combine(op: str, acc: dtype) -> dict[str, str]:
    """ACC, IDENTITY and COMBINE for reduce.cl: how values fold into an accumulator."""
    lowest, highest = limits(acc)
    identity = {"sum": "0", "cumsum": "0", "prod": "1", "cumprod": "1",
                "max": lowest, "min": highest}[op]  # fmt: skip
    table = expressions.COMBINE_FLOAT if acc.is_floating_point else expressions.COMBINE_INT
    return {"ACC": C_TYPES[acc], "IDENTITY": identity, "COMBINE(acc, v)": table[op]}


# The defines and by-value arguments below depend on a handful of dtypes and sizes, and a
# training loop asks for the same few at every step: each is built once.


@cache
def _program(macro: str, op: str, t: dtype, u: dtype) -> tuple[Defines, bool]:
    """The defines of a unary (`UNARY_OP(x)`) or binary (`BINARY_OP(a, b)`) op's program, and
    whether its expression can fail (integer division reports a zero divisor)."""
    table = expressions.unary if macro == "UNARY_OP(x)" else expressions.binary
    expression = table(op, t)
    return frozen_defines(t, u, macro, expression), "error" in expression


@cache
def _reduce_defines(op: str, t: dtype, u: dtype, double: bool = False) -> Defines:
    """`double`: a float running total is kept in double (scan, on a device with fp64)."""
    defines = {**type_defines("T", t), **type_defines("U", u)}
    if op in ("argmax", "argmin"):
        defines["BEATS"] = expressions.BEATS[op]
    else:
        acc = _accumulator(t if op in ("max", "min") else u)
        if double and acc.is_floating_point:
            acc = dtypes.float64
        defines |= _combine(op, acc)
    return frozenset(defines.items())


@cache
def _matmul_defines(
    t: dtype, u: dtype, rows: int, cols: int, per_row: int, per_col: int, addend: bool
) -> Defines:
    acc = _accumulator(u)
    defines = {
        **type_defines("T", t), **type_defines("U", u),
        "ACC": C_TYPES[acc], "TSM": str(rows), "TSN": str(cols), "TK": "16",
        "WPTM": str(per_row), "WPTN": str(per_col),
        "MAC(acc, x, y)": ("((acc) + (x) * (y))" if acc.is_floating_point
                           else "((ACC)((ulong)(acc) + (ulong)(x) * (ulong)(y)))"),
        "ADDEND": str(int(addend)),
        "ADD(x, y)": ("STORE((x) + (y))" if u.is_floating_point
                      else "STORE((ulong)(x) + (ulong)(y))"),
    }  # fmt: skip
    return frozenset(defines.items())


@lru_cache(maxsize=1024)
def _matrix_strides(strides: tuple[int, ...]) -> Any:
    """matmul.cl's MatrixStrides: the row and column steps of a, b and out."""
    return np().array(strides, arg_types()["MatrixStrides"])


@lru_cache(maxsize=4096)
def _row_layout(
    shape: tuple[int, ...], strides: tuple[tuple[int, ...], ...], dim: int
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """`_rows` on the layouts alone: `dim` moved last and the outer dims merged. Returns the
    new shape, the outer shape, and each view's strides."""
    order = [d for d in range(len(shape)) if d != dim] + [dim]
    moved = [tuple(st[d] for d in order) for st in strides]
    outer_shape: tuple[int, ...] = ()
    outer: tuple[tuple[int, ...], ...] = tuple(() for _ in moved)
    if len(shape) > 1:
        outer_shape = tuple(shape[d] for d in order[:-1])
        outer_shape, outer = merged_layout(outer_shape, tuple(st[:-1] for st in moved), True)
    _check_dims(outer_shape, "reduce/scan/scatter")
    strides = tuple(o + st[-1:] for o, st in zip(outer, moved))
    return outer_shape + (shape[dim],), outer_shape, strides


@lru_cache(maxsize=64)
def _local_memory(nbytes: int) -> Any:
    return cl().LocalMemory(nbytes)


class OpenCLBackend:
    """The primitives of base.Backend on one OpenCL device."""

    name = "opencl"

    def __init__(self, index: int) -> None:
        self.rt: Runtime = runtime(index)

    # --- memory -------------------------------------------------------------------------------

    def allocate(self, numel: int, dt: dtype) -> DeviceBuffer:
        self._check_dtype(dt)
        return self.rt.allocate(numel * _storage_itemsize(dt))

    def from_host(self, values: array, dt: dtype) -> DeviceBuffer:  # type: ignore[type-arg]
        self._check_dtype(dt)
        return self.rt.upload(values)

    def to_host(self, x: View) -> array:  # type: ignore[type-arg]
        n = math.prod(x.shape)
        result = array(x.dtype.typecode, bytes(n * _storage_itemsize(x.dtype)))
        if is_contiguous(x.shape, x.strides):
            self.rt.download(x.buffer, x.offset, result)
        else:  # gather the view into one run on the device, then copy that once
            flat = self._fresh(x.shape, x.dtype)
            self.copy(x, flat)
            self.rt.download(flat.buffer, 0, result)
        return result

    def _check_dtype(self, dt: dtype) -> None:
        if dt is dtypes.float64 and not self.rt.has_fp64:
            raise RuntimeError(
                f"float64 is not supported on {self.rt.name}: the device does not report "
                "cl_khr_fp64. Use float32 on this device."
            )

    # --- elementwise --------------------------------------------------------------------------

    def _elementwise(
        self, kernel: str, defines: Defines, out: View, inputs: Sequence[View],
        before_shape: Sequence[Any] = (), after: Sequence[Any] = (),
    ) -> None:  # fmt: skip
        """Launch `kernel`_flat or `kernel`_strided over out's elements.

        Arguments go in the order the kernels in elementwise.cl declare them: out and each input
        (buffer, then offset and step, or Layout), then `before_shape`, then the Shape (strided
        only) and n, then `after`.
        """
        n = math.prod(out.shape)
        if n == 0:
            return
        views = [out, *inputs]
        args: list[Any] = []
        flat = is_contiguous(out.shape, out.strides)
        for v in inputs:  # a contiguous input, or a single value repeated (all strides 0)
            if flat and any(v.strides) and not is_contiguous(v.shape, v.strides):
                flat = False
        if flat and kernel not in ("fill", "where"):  # these two have only a strided kernel
            args += [out.buffer.mem, out.offset]
            for v in inputs:  # step 1 walks a contiguous input, step 0 repeats a single value
                args += [v.buffer.mem, v.offset, 1 if any(v.strides) else 0]
            name, shape_args = f"{kernel}_flat", [n]
        else:
            views = _squeeze(*views)
            shape = views[0].shape
            if len(shape) > MAX_DIMS:  # peel the first dim off and launch once per slice
                for i in range(shape[0]):
                    part = [
                        v._replace(shape=v.shape[1:], strides=v.strides[1:],
                                   offset=v.offset + i * v.strides[0])
                        for v in views
                    ]  # fmt: skip
                    self._elementwise(kernel, defines, part[0], part[1:], before_shape, after)
                return
            for v in views:
                args += [v.buffer.mem, layout_arg(v.offset, v.strides)]
            name, shape_args = f"{kernel}_strided", [shape_arg(shape), n]
        k = self.rt.kernel("elementwise.cl", name, defines)
        self.rt.launch(k, [_rounded(n, GROUP)], [GROUP],
                       *args, *before_shape, *shape_args, *after)  # fmt: skip

    def fill(self, out: View, value: Number) -> None:
        self._elementwise("fill", frozen_defines(out.dtype, out.dtype), out, [], [value])

    def copy(self, src: View, out: View) -> None:
        self._elementwise("copy", frozen_defines(src.dtype, out.dtype), out, [src])

    def unary(self, op: str, x: View, out: View) -> None:
        defines, _ = _program("UNARY_OP(x)", op, x.dtype, out.dtype)
        self._elementwise("unary", defines, out, [x], after=[self.rt.error.mem])

    def binary(self, op: str, a: View, b: View, out: View) -> None:
        a, b = self._common(a, b)
        defines, may_fail = _program("BINARY_OP(a, b)", op, a.dtype, out.dtype)
        self._elementwise("binary", defines, out, [a, b], after=[self.rt.error.mem])
        if may_fail:  # integer division: a zero divisor raises at the next wait
            self.rt.may_fail = True

    def where(self, cond: View, a: View, b: View, out: View) -> None:
        a, b = self._common(a, b)
        if cond.dtype is not dtypes.bool_:
            cond = self._cast(cond, dtypes.bool_)
        self._elementwise("where", frozen_defines(a.dtype, out.dtype), out, [cond, a, b])

    def addcmul(self, a: View, b: View, c: View, out: View) -> None:
        expression = expressions.addcmul(a.dtype)
        defines = frozen_defines(a.dtype, out.dtype, "ADDCMUL_OP(a, b, c)", expression)
        self._elementwise("addcmul", defines, out, [a, b, c])

    def _common(self, a: View, b: View) -> tuple[View, View]:
        """The ops layer casts operands to one dtype already; this keeps the kernels total."""
        if a.dtype is b.dtype:
            return a, b
        common = dtypes.promote_types(a.dtype, b.dtype)
        return self._cast(a, common), self._cast(b, common)

    def _cast(self, x: View, dt: dtype) -> View:
        if x.dtype is dt:
            return x
        out = self._fresh(x.shape, dt)
        self.copy(x, out)
        return out

    def _fresh(self, shape: tuple[int, ...], dt: dtype) -> View:
        """A new contiguous buffer seen as `shape`."""
        return View(self.allocate(math.prod(shape), dt), shape, contiguous_strides(shape), 0, dt)

    # --- along one dim ------------------------------------------------------------------------

    def _rows(self, dim: int, *views: View) -> tuple[list[View], bytes, int]:
        """Each view with `dim` moved last, its outer dims merged; the outer Shape; row count."""
        shape, outer, strides = _row_layout(views[0].shape, tuple(v.strides for v in views), dim)
        last = [v.with_layout(shape, st) for v, st in zip(views, strides)]
        return last, shape_arg(outer), math.prod(outer)

    def reduce(self, op: str, x: View, dim: int, out: View) -> None:
        (x, out), outer, rows = self._rows(dim, x, out)
        if rows == 0:
            return
        n, x_step = x.shape[-1], x.strides[-1]
        group = min(self.rt.max_group, 256, 1 << max(n - 1, 0).bit_length())
        args = [out.buffer.mem, layout_arg(out.offset, out.strides[:-1]),
                x.buffer.mem, layout_arg(x.offset, x.strides[:-1]), n,
                x_step, outer]  # fmt: skip
        defines = _reduce_defines(op, x.dtype, out.dtype)
        if op in ("argmax", "argmin"):
            local = [_local_memory(group * _storage_itemsize(x.dtype)), _local_memory(group * 8)]
            k = self.rt.kernel("reduce.cl", "arg_reduce", defines)
        else:
            acc = _accumulator(x.dtype if op in ("max", "min") else out.dtype)
            local = [_local_memory(group * _storage_itemsize(acc))]
            k = self.rt.kernel("reduce.cl", "reduce", defines)
        self.rt.launch(k, [rows * group], [group], *args, *local)

    def scan(self, op: str, x: View, dim: int, out: View) -> None:
        (x, out), outer, rows = self._rows(dim, x, out)
        if rows == 0 or x.shape[-1] == 0:
            return
        # The running total stays in double, as the reference's Python floats and ATen's CPU
        # scan (acc_type double) keep it: float32 cumsum([3e38, 3e38, -3e38]) ends at 3e38.
        defines = _reduce_defines(op, x.dtype, out.dtype, double=self.rt.has_fp64)
        k = self.rt.kernel("reduce.cl", "scan", defines)
        self.rt.launch(
            k, [_rounded(rows, GROUP)], [GROUP],
            out.buffer.mem, layout_arg(out.offset, out.strides[:-1]), out.strides[-1],
            x.buffer.mem, layout_arg(x.offset, x.strides[:-1]), x.strides[-1],
            x.shape[-1], outer, rows,
        )  # fmt: skip

    # --- matmul -------------------------------------------------------------------------------

    def matmul(self, a: View, b: View, out: View, addend: View | None = None) -> None:
        *batch, m, k = a.shape
        n = b.shape[-1]
        a, b = self._common(a, b)
        if m == 0 or n == 0 or 0 in batch:
            return
        if batch and not any(b.strides[:-2]) and addend is None:
            folded = self._fold_batch(a, b, out)
            if folded:
                return self.matmul(*folded)
        operands = (a, b, out) if addend is None else (a, b, out, addend)
        batch_views = [v.with_layout(v.shape[:-2], v.strides[:-2]) for v in operands]
        batch_views = _squeeze(*batch_views) if batch else batch_views
        batch_shape = batch_views[0].shape
        _check_dims(batch_shape, "matmul batch")
        # 64x64 tiles, 4x4 outputs per work-item; a 16-row tile when `a` is short (a few
        # tokens, a small batch), so that 9 rows do not pay for 64.
        rows, per_row = (16, 1) if m <= 16 else (64, 4)
        cols, per_col = (64, 4) if self.rt.max_group >= 256 else (32, 2)
        defines = _matmul_defines(a.dtype, out.dtype, rows, cols, per_row, per_col,
                                  addend is not None)  # fmt: skip
        strides = _matrix_strides((*a.strides[-2:], *b.strides[-2:], *out.strides[-2:]))
        extra = []
        if addend is not None:  # the addend: buffer, batch layout, then its row and column steps
            extra = [addend.buffer.mem, layout_arg(addend.offset, batch_views[3].strides),
                     *addend.strides[-2:]]  # fmt: skip
        kernel = self.rt.kernel("matmul.cl", "matmul", defines)
        self.rt.launch(
            kernel,
            [_rounded(n, cols) // per_col, _rounded(m, rows) // per_row, math.prod(batch_shape)],
            [cols // per_col, rows // per_row, 1],
            out.buffer.mem, layout_arg(out.offset, batch_views[2].strides),
            a.buffer.mem, layout_arg(a.offset, batch_views[0].strides),
            b.buffer.mem, layout_arg(b.offset, batch_views[1].strides),
            *extra, shape_arg(batch_shape), m, n, k, strides,
        )  # fmt: skip
        return None

    @staticmethod
    def _fold_batch(a: View, b: View, out: View) -> tuple[View, View, View] | None:
        """One matrix `b` for the whole batch: when the batch and row dims of `a` and `out`
        step through memory with one row stride, they are just more rows of one 2-D product.
        (x @ W for x of shape (9, 1, 384) is one (9, 384) @ (384, 1152), not 9 products of 1 row.)
        """
        rows_a = a._replace(shape=a.shape[:-1], strides=a.strides[:-1])
        rows_out = out._replace(shape=out.shape[:-1], strides=out.strides[:-1])
        merged_a, merged_out = _squeeze(rows_a, rows_out)
        if len(merged_a.shape) > 1:
            return None
        m = merged_a.shape[0] if merged_a.shape else 1
        a_row = merged_a.strides[0] if merged_a.shape else 0
        out_row = merged_out.strides[0] if merged_out.shape else 0
        k, n = b.shape[-2:]
        return (
            a._replace(shape=(m, k), strides=(a_row, a.strides[-1])),
            b._replace(shape=(k, n), strides=b.strides[-2:]),
            out._replace(shape=(m, n), strides=(out_row, out.strides[-1])),
        )

    # --- indexing -----------------------------------------------------------------------------

    def gather(self, x: View, dim: int, index: View, out: View) -> None:
        count = math.prod(out.shape)
        if count == 0:
            return
        _check_dims(out.shape, "gather")
        x_strides = list(x.strides)
        x_strides[dim] = 0  # the index supplies this coordinate
        kernel = self.rt.kernel("index.cl", "gather", frozen_defines(x.dtype, out.dtype))
        self.rt.launch(
            kernel, [_rounded(count, GROUP)], [GROUP],
            out.buffer.mem, layout_arg(out.offset, out.strides),
            x.buffer.mem, layout_arg(x.offset, tuple(x_strides)), x.strides[dim],
            x.shape[dim], dim, self.rt.error_tag(),
            index.buffer.mem, layout_arg(index.offset, index.strides),
            shape_arg(out.shape), count, self.rt.error.mem,
        )  # fmt: skip

    def scatter(self, op: str, out: View, dim: int, index: View, src: View) -> None:
        size = out.shape[dim]
        src = self._cast(src, out.dtype)
        # The rows are those of `index`; out and src are read at index's coordinates.
        out_view = out.with_layout(index.shape, out.strides)
        src_view = src.with_layout(index.shape, src.strides)
        (out_rows, index_rows, src_rows), outer, rows = self._rows(dim, out_view, index, src_view)
        n = index_rows.shape[-1]
        if rows == 0 or n == 0:
            return
        defines = frozen_defines(src.dtype, out.dtype, "ADD", str(int(op == "add")))
        kernel = self.rt.kernel("index.cl", "scatter", defines)
        self.rt.launch(
            kernel, [_rounded(rows, GROUP)], [GROUP],
            out_rows.buffer.mem, layout_arg(out_rows.offset, out_rows.strides[:-1]),
            out_rows.strides[-1], size, dim, self.rt.error_tag(),
            index_rows.buffer.mem, layout_arg(index_rows.offset, index_rows.strides[:-1]),
            index_rows.strides[-1],
            src_rows.buffer.mem, layout_arg(src_rows.offset, src_rows.strides[:-1]),
            src_rows.strides[-1],
            n, outer, rows, self.rt.error.mem,
        )  # fmt: skip

    # --- sorting ------------------------------------------------------------------------------

    def sort(self, x: View, dim: int, descending: bool, values: View, indices: View) -> None:
        """A bitonic sorting network per row (kernels/sort.cl): load the rows into scratch
        padded to a power of two, one launch per stage of the network, store the first n."""
        (x, values, indices), outer, rows = self._rows(dim, x, values, indices)
        n = x.shape[-1]
        if rows == 0 or n == 0:
            return
        log_p = (n - 1).bit_length()  # rows are padded to p = 2**log_p: the network needs it
        p = 1 << log_p
        keys = self._fresh((rows, p), x.dtype)
        index = self._fresh((rows, p), dtypes.int64)
        defines = type_defines("T", x.dtype)
        self.rt.launch(
            self.rt.kernel("sort.cl", "sort_load", defines), [_rounded(rows * p, GROUP)], [GROUP],
            keys.buffer.mem, index.buffer.mem, log_p, rows,
            x.buffer.mem, layout_arg(x.offset, x.strides[:-1]), x.strides[-1], n, outer,
        )  # fmt: skip
        stage = self.rt.kernel("sort.cl", "sort_stage", defines)
        k = 2
        while k <= p:  # merge sorted blocks of k/2 into blocks of k ...
            d = k // 2
            while d >= 1:  # ... comparing elements d apart, d = k/2, k/4, ..., 1
                self.rt.launch(stage, [_rounded(rows * p // 2, GROUP)], [GROUP],
                               keys.buffer.mem, index.buffer.mem, log_p, rows, k, d, n,
                               int(descending))  # fmt: skip
                d //= 2
            k *= 2
        self.rt.launch(
            self.rt.kernel("sort.cl", "sort_store", defines), [_rounded(rows * p, GROUP)],
            [GROUP],
            values.buffer.mem, layout_arg(values.offset, values.strides[:-1]), values.strides[-1],
            indices.buffer.mem, layout_arg(indices.offset, indices.strides[:-1]),
            indices.strides[-1], keys.buffer.mem, index.buffer.mem, log_p, rows, n, outer,
        )  # fmt: skip
