"""Tensor ``repr``/``str`` formatting, mirroring ``torch/_tensor_str.py``.

The output is meant to be character-for-character identical to PyTorch's,
except that dtypes print as ``pytensor.float64`` instead of ``torch.float64``.

This module only relies on a small duck-typed interface (``shape``, ``dim()``,
``numel()``, ``dtype``, ``device``, ``tolist()``, ``requires_grad``,
``grad_fn``) so that it never has to import the Tensor class.  All the work is
done on the nested Python lists returned by a single ``tolist()`` call: torch
slices tensors instead, but the rules (which values feed the formatter, where
``...`` goes, how lines wrap) are the same.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
from collections.abc import Iterator
from typing import Any, Protocol

__all__ = [
    "get_printoptions",
    "parameter_repr",
    "printoptions",
    "set_printoptions",
    "tensor_repr",
]


class _TensorLike(Protocol):
    """The subset of the Tensor API that printing needs."""

    @property
    def shape(self) -> tuple[int, ...]: ...
    @property
    def dtype(self) -> Any: ...
    @property
    def device(self) -> Any: ...
    @property
    def requires_grad(self) -> bool: ...
    @property
    def grad_fn(self) -> Any: ...
    def dim(self) -> int: ...
    def numel(self) -> int: ...
    def tolist(self) -> Any: ...


@dataclasses.dataclass
class _PrinterOptions:
    precision: int = 4
    threshold: float = 1000  # float so that profile="full" can use inf
    edgeitems: int = 3
    linewidth: int = 80
    sci_mode: bool | None = None


PRINT_OPTS = _PrinterOptions()

# Dtypes whose name torch leaves out of a (non-empty) repr: the default float
# dtype and the dtypes inferred from Python ints and bools.
_DEFAULT_FLOAT_DTYPE = "float32"
_IMPLICIT_DTYPES = frozenset({_DEFAULT_FLOAT_DTYPE, "complex64", "int64", "bool"})


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set printing options; same arguments and semantics as torch's."""
    if profile == "default":
        PRINT_OPTS.precision, PRINT_OPTS.threshold = 4, 1000
        PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 3, 80
    elif profile == "short":
        PRINT_OPTS.precision, PRINT_OPTS.threshold = 2, 1000
        PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 2, 80
    elif profile == "full":
        PRINT_OPTS.precision, PRINT_OPTS.threshold = 4, math.inf
        PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth = 3, 80
    if precision is not None:
        PRINT_OPTS.precision = precision
    if threshold is not None:
        PRINT_OPTS.threshold = threshold
    if edgeitems is not None:
        PRINT_OPTS.edgeitems = edgeitems
    if linewidth is not None:
        PRINT_OPTS.linewidth = linewidth
    # Like torch, sci_mode is always overwritten (None means "automatic").
    PRINT_OPTS.sci_mode = sci_mode


def get_printoptions() -> dict[str, Any]:
    """Current options, as keyword arguments for :func:`set_printoptions`."""
    return dataclasses.asdict(PRINT_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs: Any) -> Iterator[None]:
    """Temporarily change the print options (restored on exit)."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


class _Formatter:
    """Decides how every element is rendered and the common column width.

    ``values`` are the elements that will actually be shown (the summarised
    ones when the tensor is summarised), flattened.
    """

    def __init__(self, values: list[Any], floating: bool, is_bool: bool) -> None:
        self.floating = floating
        # Bool storage may hand back 0/1 ints; print them as True/False anyway.
        self.is_bool = is_bool
        self.int_mode = True
        self.sci_mode = False
        self.max_width = 1
        prec = PRINT_OPTS.precision

        if not floating:
            for v in values:
                self.max_width = max(self.max_width, len(self._plain(v)))
            return

        # Only nonzero finite values decide the format, so that e.g. a lone
        # inf or a zero doesn't force scientific notation.
        finite = [v for v in values if v != 0 and math.isfinite(v)]
        if not finite:
            return
        # Python floats are doubles, which is also what torch converts to
        # before comparing, so float16/float32 inputs behave identically.
        abs_vals = [abs(v) for v in finite]
        lo, hi = min(abs_vals), max(abs_vals)
        self.int_mode = all(v == math.ceil(v) for v in finite)
        if PRINT_OPTS.sci_mode is None:
            self.sci_mode = hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4
        else:
            self.sci_mode = PRINT_OPTS.sci_mode

        if self.sci_mode:
            widths = (len(f"{v:.{prec}e}") for v in finite)
        elif self.int_mode:
            # "+ 1" for the trailing "." that marks a float ("3.").
            widths = (len(f"{v:.0f}") + 1 for v in finite)
        else:
            widths = (len(f"{v:.{prec}f}") for v in finite)
        self.max_width = max(self.max_width, *widths)

    def _plain(self, value: Any) -> str:
        return str(bool(value)) if self.is_bool else f"{value}"

    def format(self, value: Any) -> str:
        prec = PRINT_OPTS.precision
        if not self.floating:
            ret = self._plain(value)
        elif self.sci_mode:
            ret = f"{value:{self.max_width}.{prec}e}"
        elif self.int_mode:
            ret = f"{value:.0f}"
            if math.isfinite(value):
                ret += "."
        else:
            ret = f"{value:.{prec}f}"
        # Right-align; values wider than max_width (nan, -0.) are not cut.
        return ret.rjust(self.max_width)


def _summarized_leaves(data: Any, dim: int, out: list[Any]) -> None:
    """Append to ``out`` the elements that a summarised print shows.

    Mirrors torch's ``get_summarized_data``: the first/last ``edgeitems``
    entries of every dimension.  Note that for 1-d data with edgeitems == 0
    ``data[-0:]`` is the whole row; torch has the same quirk.
    """
    e = PRINT_OPTS.edgeitems
    if dim == 0:
        out.append(data)
    elif dim == 1:
        out.extend(data[:e] + data[-e:] if len(data) > 2 * e else data)
    elif e:  # with edgeitems == 0, torch summarises a >=2-d tensor to nothing
        rows = data[:e] + data[-e:] if len(data) > 2 * e else data
        for row in rows:
            _summarized_leaves(row, dim - 1, out)


def _all_leaves(data: Any, dim: int, out: list[Any]) -> None:
    if dim == 0:
        out.append(data)
    elif dim == 1:
        out.extend(data)
    else:
        for row in data:
            _all_leaves(row, dim - 1, out)


def _vector_str(row: list[Any], indent: int, summarize: bool, fmt: _Formatter) -> str:
    # Each element takes its width plus ", "; the row wraps at linewidth.
    element_length = fmt.max_width + 2
    per_line = max(1, (PRINT_OPTS.linewidth - indent) // element_length)
    e = PRINT_OPTS.edgeitems
    if summarize and not e:
        data = ["..."]
    elif summarize and len(row) > 2 * e:
        data = [fmt.format(v) for v in row[:e]] + [" ..."]
        data += [fmt.format(v) for v in row[-e:]]
    else:
        data = [fmt.format(v) for v in row]
    lines = [", ".join(data[i : i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested_str(data: Any, dim: int, indent: int, summarize: bool, fmt: _Formatter) -> str:
    if dim == 0:
        return fmt.format(data)
    if dim == 1:
        return _vector_str(data, indent, summarize, fmt)
    e = PRINT_OPTS.edgeitems

    def sub(row: Any) -> str:
        return _nested_str(row, dim - 1, indent + 1, summarize, fmt)

    if summarize and len(data) > 2 * e:
        # range(len - e, len) rather than data[-e:], which is everything if e == 0
        tail = [sub(data[i]) for i in range(len(data) - e, len(data))]
        slices = [sub(row) for row in data[:e]] + ["..."] + tail
    else:
        slices = [sub(row) for row in data]
    # Separate sub-blocks by (dim - 1) newlines, one blank line per extra dim.
    return "[" + ("," + "\n" * (dim - 1) + " " * (indent + 1)).join(slices) + "]"


def _tensor_str(t: _TensorLike, indent: int) -> str:
    """The bracketed body of a non-empty tensor, e.g. ``[1., 2.]``."""
    summarize = t.numel() > PRINT_OPTS.threshold
    dim = t.dim()
    data = t.tolist()
    leaves: list[Any] = []
    (_summarized_leaves if summarize else _all_leaves)(data, dim, leaves)
    dtype = t.dtype
    fmt = _Formatter(leaves, bool(dtype.is_floating_point), dtype.name == "bool")
    return _nested_str(data, dim, indent, summarize, fmt)


def _add_suffixes(tensor_str: str, suffixes: list[tuple[str, int]], indent: int) -> str:
    """Append ``, suffix`` items, moving one to a new line if it would overflow.

    Each suffix comes with the width used for that decision: the width torch's
    own spelling would have (see ``_dtype_suffix``).
    """
    parts = [tensor_str]
    # torch's arithmetic, kept verbatim (it over-counts by 2 on one-line reprs).
    last_line_len = len(tensor_str) - tensor_str.rfind("\n") + 1
    for suffix, width in suffixes:
        if last_line_len + width + 2 > PRINT_OPTS.linewidth:
            parts.append(",\n" + " " * indent + suffix)
            last_line_len = indent + width
        else:
            parts.append(", " + suffix)
            last_line_len += width + 2
    parts.append(")")
    return "".join(parts)


def _plain_suffix(text: str) -> tuple[str, int]:
    return text, len(text)


def _dtype_suffix(dtype: Any) -> tuple[str, int]:
    """``dtype=pytensor.X``, laid out as if it were torch's ``dtype=torch.X``.

    Our reprs must equal torch's with "torch." renamed to "pytensor.", so the
    line-wrapping decision uses the (3 characters shorter) torch spelling.
    """
    return f"dtype={dtype!r}", len(f"dtype=torch.{dtype.name}")


def _grad_fn_name(grad_fn: Any) -> str:
    name = grad_fn.name() if hasattr(grad_fn, "name") else type(grad_fn).__name__
    # C++-style qualified names ("torch::autograd::AddBackward0") are trimmed.
    return str(name).rsplit("::", 1)[-1]


def tensor_repr(t: _TensorLike, *, tensor_contents: str | None = None) -> str:
    """What ``Tensor.__repr__`` (and ``__str__``) returns.

    ``tensor_contents`` replaces the bracketed body, as in torch.
    """
    prefix = "tensor("
    indent = len(prefix)
    suffixes: list[tuple[str, int]] = []  # (text, layout width)

    device = str(t.device)
    if device != "cpu":
        suffixes.append(_plain_suffix(f"device='{device}'"))

    dtype_name = t.dtype.name
    if t.numel() == 0:
        # Shapes other than (0,) are spelled out, as in NumPy.
        if t.dim() != 1:
            suffixes.append(_plain_suffix(f"size={tuple(t.shape)}"))
        # No element hints at the dtype, so anything but the default is shown
        # (even int64 and bool).
        if dtype_name != _DEFAULT_FLOAT_DTYPE:
            suffixes.append(_dtype_suffix(t.dtype))
        body = "[]" if tensor_contents is None else tensor_contents
    else:
        if not PRINT_OPTS.edgeitems:
            suffixes.append(_plain_suffix(f"size={tuple(t.shape)}"))
        if dtype_name not in _IMPLICIT_DTYPES:
            suffixes.append(_dtype_suffix(t.dtype))
        body = _tensor_str(t, indent) if tensor_contents is None else tensor_contents

    if t.grad_fn is not None:
        suffixes.append(_plain_suffix(f"grad_fn=<{_grad_fn_name(t.grad_fn)}>"))
    elif t.requires_grad:
        suffixes.append(_plain_suffix("requires_grad=True"))

    return _add_suffixes(prefix + body, suffixes, indent)


def parameter_repr(t: _TensorLike) -> str:
    """What ``Parameter.__repr__`` returns."""
    return "Parameter containing:\n" + tensor_repr(t)
