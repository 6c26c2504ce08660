"""The primitive seam: the short list of kernels every backend implements.

A backend sees flat buffers and layouts, never a Tensor, never autograd. A `View` says where the
elements of one operand live: element `(i0, i1, ...)` is `buffer[offset + i0*strides[0] + ...]`.
Broadcasting arrives as a stride of 0, and views (slicing, permute, expand) are only metadata, so
none of them reaches a backend. Every public op is composed from these primitives, which is why a
second backend (OpenCL) gets every op, backward passes included, by implementing this list.

Op names are strings shared by all backends ("exp", "add", "sum", ...), so `grep '"exp"'` finds
the kernel in each of them.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from ..dtypes import Number, dtype

UNARY_OPS = (
    "neg", "abs", "sign", "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt",
    "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "sigmoid", "erf",
    "erfc", "floor", "ceil", "round", "trunc", "reciprocal", "isnan", "isinf", "isfinite",
    "logical_not", "bitwise_not",
)  # fmt: skip
BINARY_OPS = (
    "add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "maximum",
    "minimum", "atan2", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or",
    "logical_xor", "bitwise_and", "bitwise_or", "bitwise_xor", "threshold_backward",
)  # fmt: skip
REDUCE_OPS = ("sum", "prod", "max", "min", "argmax", "argmin")
SCAN_OPS = ("cumsum", "cumprod")
SCATTER_OPS = ("assign", "add")


class View(NamedTuple):
    """Where one operand's elements live in a flat buffer."""

    buffer: Any
    shape: tuple[int, ...]
    strides: tuple[int, ...]
    offset: int
    dtype: dtype

    def with_layout(self, shape: tuple[int, ...], strides: tuple[int, ...]) -> View:
        """The same buffer, offset and dtype seen with another shape and strides. (What
        `_replace(shape=..., strides=...)` does, several times faster: kernels call it on
        every launch.)"""
        return View(self.buffer, shape, strides, self.offset, self.dtype)


class Backend(Protocol):
    """What a device must implement. `reference.py` is the living definition of each one."""

    name: str

    def allocate(self, numel: int, dt: dtype) -> Any:
        """A new buffer of `numel` elements of `dt` (contents unspecified)."""

    def from_host(self, values: array, dt: dtype) -> Any:  # type: ignore[type-arg]
        """A buffer holding a copy of host storage that is already of `dt`'s typecode."""

    def to_host(self, x: View) -> array:  # type: ignore[type-arg]
        """The elements of `x` in row-major order, as host storage of `x.dtype`."""

    def fill(self, out: View, value: Number) -> None:
        """out[i] = value."""

    def copy(self, src: View, out: View) -> None:
        """out[i] = cast(src[i]): strided copy with a dtype conversion. Also `contiguous()`."""

    def unary(self, op: str, x: View, out: View) -> None:
        """out[i] = op(x[i]) for an op in UNARY_OPS."""

    def binary(self, op: str, a: View, b: View, out: View) -> None:
        """out[i] = op(a[i], b[i]); a and b already have out's shape (broadcast = stride 0)."""

    def where(self, cond: View, a: View, b: View, out: View) -> None:
        """out[i] = a[i] if cond[i] else b[i], all already of out's shape."""

    def addcmul(self, a: View, b: View, c: View, out: View) -> None:
        """out[i] = a[i] + b[i] * c[i], rounded once, as a fused multiply-add; a, b and c have
        out's shape and one dtype. (`add` with alpha, `lerp` and `addcmul` end with it.)"""

    def reduce(self, op: str, x: View, dim: int, out: View) -> None:
        """Reduce `x` along `dim` into `out`, which has x's shape with size 1 at `dim`."""

    def scan(self, op: str, x: View, dim: int, out: View) -> None:
        """Inclusive running sum or product along `dim` (out has x's shape)."""

    def matmul(self, a: View, b: View, out: View, addend: View | None = None) -> None:
        """out[..., i, j] = sum_k a[..., i, k] * b[..., k, j]; batch dims already broadcast.

        With an `addend` (a view of out's shape, broadcast), out = addend + product: the
        product rounded to out's dtype first, then the sum rounded, as matmul then add would
        (`addmm` and `nn.Linear`: the bias costs no launch of its own)."""

    def gather(self, x: View, dim: int, index: View, out: View) -> None:
        """out[.., j, ..] = x[.., index[.., j, ..], ..] along `dim`; index has out's shape."""

    def scatter(self, op: str, out: View, dim: int, index: View, src: View) -> None:
        """out[..., index[..., j, ...], ...] (op)= src[..., j, ...] along `dim`, in place."""

    def sort(self, x: View, dim: int, descending: bool, values: View, indices: View) -> None:
        """Stable sort of each row of `x` along `dim` into `values`, and into `indices` (int64)
        the position along `dim` each value came from. NaN sorts above every number: last
        ascending, first descending. Equal values keep their order in both directions."""


# PyTorch raises IndexError for a bad index in `x[i]`, RuntimeError in gather and scatter. The
# ops pick with `index_errors_as`. The reference backend raises at once, inside the `with`; the
# OpenCL runtime finds a bad index later and raises the kind that was in force at the launch.
_index_error_kinds: list[type[Exception]] = [IndexError]


@contextmanager
def index_errors_as(kind: type[Exception]) -> Iterator[None]:
    """Inside the block, an out-of-range index in gather/scatter raises `kind`."""
    _index_error_kinds.append(kind)
    try:
        yield
    except IndexError as e:
        if kind is IndexError:
            raise
        raise kind(str(e)) from None
    finally:
        _index_error_kinds.pop()


def index_error_kind() -> type[Exception]:
    """The exception a bad index raises now (see `index_errors_as`)."""
    return _index_error_kinds[-1]


def contiguous_strides(shape: Sequence[int]) -> tuple[int, ...]:
    """Row-major strides: the last dimension moves fastest."""
    return _contiguous_strides(tuple(shape))


@lru_cache(maxsize=4096)  # every new tensor asks; a program makes few shapes
def _contiguous_strides(shape: tuple[int, ...]) -> tuple[int, ...]:
    strides = []
    step = 1
    for size in reversed(shape):
        strides.append(step)
        step *= max(size, 1)
    return tuple(reversed(strides))


@lru_cache(maxsize=4096)  # asked for every operand of every kernel launch, of few layouts
def is_contiguous(shape: Sequence[int], strides: Sequence[int]) -> bool:
    """True when the layout is row-major with no gaps (dims of size 1 may have any stride)."""
    if 0 in shape:
        return True
    expected = 1
    for size, stride in zip(reversed(shape), reversed(strides)):
        if size != 1 and stride != expected:
            return False
        expected *= size
    return True


def coalesce(*views: View) -> list[View]:
    """Merge neighbouring dims that every view steps through as one run (dim d's stride equals
    dim d+1's stride times its size), so the loops see fewer, longer rows. Same elements."""
    shape, strides = merged_layout(views[0].shape, tuple(v.strides for v in views))
    return [v.with_layout(shape, st) for v, st in zip(views, strides)]


@lru_cache(maxsize=4096)
def merged_layout(
    shape: tuple[int, ...], strides: tuple[tuple[int, ...], ...], drop_ones: bool = False
) -> tuple[tuple[int, ...], tuple[tuple[int, ...], ...]]:
    """`coalesce` on the layouts alone: the merged shape and each view's merged strides.

    `drop_ones` first drops the dims of size 1 (their strides never move). Cached: a training
    loop launches the same few layouts over and over, and this is pure arithmetic on them."""
    if drop_ones:
        keep = [d for d, size in enumerate(shape) if size != 1]
        shape = tuple(shape[d] for d in keep)
        strides = tuple(tuple(st[d] for d in keep) for st in strides)
    merged = list(shape)
    lists = [list(st) for st in strides]
    d = len(merged) - 2
    while d >= 0:
        if all(st[d] == st[d + 1] * merged[d + 1] for st in lists):
            merged[d : d + 2] = [merged[d] * merged[d + 1]]
            for st in lists:
                st[d : d + 2] = [st[d + 1]]
        d -= 1
    return tuple(merged), tuple(tuple(st) for st in lists)


def move_dim_last(v: View, dim: int) -> View:
    """The same elements with `dim` as the innermost dimension (metadata only)."""
    order = [d for d in range(len(v.shape)) if d != dim] + [dim]
    shape = tuple(v.shape[d] for d in order)
    strides = tuple(v.strides[d] for d in order)
    return View(v.buffer, shape, strides, v.offset, v.dtype)


# The odometer both CPU backends walk: the loops over every dim, one element at a time; the
# fast path over the outer dims, one innermost row (a slice) at a time.
_offset = operator.attrgetter("offset")


def odometer(shape: tuple[int, ...], *views: View) -> Iterator[tuple[int, ...]]:
    """Yield, for each index of `shape` in row-major order, that element's position in each view.

    Works like a car's odometer: the last digit turns fastest. Each turn of digit d adds the
    view's stride for d to its position; when a digit passes its size it wraps to 0 (taking back
    size * stride) and carries into the digit before. No multi-index is ever recomputed, which
    would cost about 20x more. A view may have more dims than `shape`: only the first
    len(shape) of its strides are used (the reduce and matmul loops walk the rest themselves).
    """
    if 0 in shape:
        return
    positions = list(map(_offset, views))  # (map, not a comprehension: no frame to step through)
    index = [0] * len(shape)
    while True:
        yield tuple(positions)
        d = len(shape) - 1
        while d >= 0:
            index[d] += 1
            for k, v in enumerate(views):
                positions[k] += v.strides[d]
            if index[d] < shape[d]:
                break
            for k, v in enumerate(views):  # this digit wrapped: rewind it, carry to the next
                positions[k] -= v.strides[d] * shape[d]
            index[d] = 0
            d -= 1
        if d < 0:
            return
