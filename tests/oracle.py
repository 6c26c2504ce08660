"""Shared helpers for the oracle tests: build the same data in pytensor and torch, compare.

Every expected value in the oracle tests comes from torch. The helpers here build the same
numbers with the same memory layout (contiguous, transposed, stepped slices, expanded, views of
views with a storage offset) in both libraries, run one function written against the common API
(`fn(lib, *tensors)` where `lib` is either `pytensor` or `torch`), and compare values, dtypes,
shapes, `requires_grad`, gradients and grad_fn names.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402

DTYPE_NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "float32", "float64"]
FLOAT_NAMES = ["float16", "float32", "float64"]
INT_NAMES = ["uint8", "int8", "int16", "int32", "int64"]

# float32/float64 tolerances for elementwise ops and for reductions / matmul.
TOL = {
    "float16": (1e-3, 1e-3),
    "float32": (1e-5, 1e-6),
    "float64": (1e-10, 1e-12),
}
RED_TOL = {
    "float16": (1e-2, 1e-2),
    "float32": (1e-4, 1e-5),
    "float64": (1e-9, 1e-11),
}

LAYOUTS = ["contig", "T", "step", "expand", "vov"]

# The device the pytensor side runs on. Suites that run on every backend set it through the
# `on_each_device` fixture below; everything else stays on the reference backend ("cpu").
DEVICE = "cpu"
DEVICES = ["cpu", "opencl"]

_CREATION = {
    "tensor", "as_tensor", "zeros", "ones", "full", "empty", "arange", "linspace", "logspace",
    "eye", "rand", "randn", "randint", "randperm", "empty_strided", "normal",
}  # fmt: skip


class _OnDevice:
    """`pytensor` whose creation functions default to `device=DEVICE`, so a test written as
    `fn(lib, ...)` builds its extra tensors on the device under test."""

    def __getattr__(self, name: str) -> Any:
        value = getattr(pt, name)
        if name not in _CREATION or DEVICE == "cpu":
            return value

        def on_device(*args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("device", DEVICE)
            return value(*args, **kwargs)

        return on_device


PT = _OnDevice()


def use_device(name: str) -> Any:
    """Generator for an autouse fixture parametrised over DEVICES: run the test on `name`,
    skipping (visibly) when the OpenCL device is missing; CI installs PoCL, so it runs there."""
    global DEVICE
    if name == "opencl" and not pt.opencl.is_available():
        pytest.skip("no OpenCL device: pip install pyopencl pocl-binary-distribution")
    DEVICE = name
    try:
        yield name
    finally:
        DEVICE = "cpu"


def th_dtype(name: str) -> Any:
    return getattr(torch, name)


def pt_dtype(name: str) -> Any:
    return getattr(pt, name)


def dname(t: Any) -> str:
    """A dtype's bare name ('float32') for either library."""
    return str(t.dtype).split(".")[-1]


# --- conversion ---------------------------------------------------------------------------


def to_torch(t: Any) -> Any:
    """A torch tensor with the values, shape and dtype of pytensor tensor `t`."""
    values = t.tolist()
    shape = tuple(t.shape)
    out = torch.tensor(values, dtype=th_dtype(t.dtype.name))
    return out.reshape(shape)


def from_torch(t: Any, requires_grad: bool = False) -> Any:
    """A contiguous pytensor tensor with the values, shape and dtype of torch tensor `t`."""
    t = t.detach()
    name = dname(t)
    out = pt.tensor(t.reshape(-1).tolist(), dtype=pt_dtype(name), device=DEVICE)
    out = out.reshape(tuple(t.shape))
    if requires_grad:
        out = out.detach().requires_grad_(True)
    return out


def random_array(shape: Sequence[int], name: str, rng: np.random.Generator,
                 low: float = -3.0, high: float = 3.0) -> np.ndarray:
    """Random values of `shape` representable in dtype `name` (floats rounded to the dtype)."""
    shape = tuple(shape)
    if name == "bool":
        return rng.random(shape) < 0.5
    if name in INT_NAMES:
        info = np.iinfo(name)
        lo = max(int(math.floor(low)), int(info.min))
        hi = min(int(math.ceil(high)), int(info.max))
        if hi <= lo:
            hi = lo + 1
        return rng.integers(lo, hi + 1, size=shape).astype(name)
    return rng.uniform(low, high, size=shape).astype(name)


def pair_from_numpy(arr: np.ndarray, requires_grad: bool = False) -> tuple[Any, Any]:
    """The same contiguous tensor in pytensor and torch (leaves)."""
    name = "bool" if arr.dtype == np.bool_ else str(arr.dtype)
    src = torch.from_numpy(np.array(arr, copy=True)).reshape(arr.shape)
    th = torch.empty(arr.shape, dtype=src.dtype).copy_(src)
    p = pt.tensor(arr.reshape(-1).tolist(), dtype=pt_dtype(name), device=DEVICE)
    p = p.reshape(arr.shape)
    if requires_grad:
        th.requires_grad_(True)
        p = p.detach().requires_grad_(True)
    return p, th


def _base_shape_and_view(shape: tuple[int, ...], layout: str) -> tuple[tuple[int, ...], Callable[[Any], Any]]:
    """The base shape to allocate and the view ops (same for both libraries) giving `shape`."""
    n = len(shape)
    if layout == "contig" or (layout in ("T",) and n < 2):
        return shape, lambda x: x
    if layout == "T":
        rev = tuple(reversed(range(n)))
        return tuple(shape[i] for i in rev), lambda x: x.permute(*rev)
    if layout == "step":
        base = tuple(2 * s + 1 for s in shape)
        key = tuple(slice(1, None, 2) for _ in shape)
        return base, lambda x: x[key]
    if layout == "expand":
        dims = [i for i, s in enumerate(shape) if s != 1]
        if not dims:
            return shape, lambda x: x
        d = dims[0]
        base = tuple(1 if i == d else s for i, s in enumerate(shape))
        return base, lambda x: x.expand(*shape)
    if layout == "vov":
        # a view of a view of a view: slice with offsets, then permute (reversal), then narrow.
        rev = tuple(reversed(range(n)))
        base = tuple(shape[i] + 3 for i in rev)
        key = tuple(slice(2, 2 + shape[i] + 1) for i in rev)

        def f(x: Any) -> Any:
            y = x[key].permute(*rev) if n else x
            for d in range(n):
                y = y.narrow(d, 0, shape[d])
            return y

        return base, f
    raise ValueError(layout)


def make(shape: Sequence[int], name: str = "float32", layout: str = "contig",
         rng: np.random.Generator | None = None, requires_grad: bool = False,
         low: float = -3.0, high: float = 3.0, arr: np.ndarray | None = None) -> tuple[Any, Any, Any, Any]:
    """(pytensor view, torch view, pytensor leaf, torch leaf) with the same values and layout."""
    shape = tuple(shape)
    rng = rng if rng is not None else np.random.default_rng(0)
    base_shape, view = _base_shape_and_view(shape, layout)
    if arr is not None:
        assert layout == "contig" and tuple(arr.shape) == shape
        base = arr
    else:
        base = random_array(base_shape, name, rng, low, high)
    p_leaf, t_leaf = pair_from_numpy(base, requires_grad)
    p, t = view(p_leaf), view(t_leaf)
    assert tuple(p.shape) == tuple(t.shape) == shape, (layout, p.shape, t.shape, shape)
    assert tuple(p.stride()) == tuple(t.stride()), (layout, p.stride(), t.stride())
    assert p.storage_offset() == t.storage_offset()
    return p, t, p_leaf, t_leaf


# --- comparison ---------------------------------------------------------------------------


def assert_close(p: Any, t: Any, rtol: float | None = None, atol: float | None = None,
                 equal_nan: bool = True, check_signed_zero: bool = False, what: str = "") -> None:
    """pytensor tensor `p` equals torch tensor `t`: same shape, same dtype name, close values."""
    assert isinstance(p, pt.Tensor), f"{what}: expected a pytensor.Tensor, got {type(p).__name__}"
    assert p.device.type == DEVICE, f"{what}: on {p.device}, expected {DEVICE}"
    assert tuple(p.shape) == tuple(t.shape), f"{what}: shape {tuple(p.shape)} != torch {tuple(t.shape)}"
    assert dname(p) == dname(t), f"{what}: dtype {dname(p)} != torch {dname(t)}"
    t = t.detach()
    got = to_torch(p)
    if t.dtype.is_floating_point:
        if rtol is None or atol is None:
            rtol, atol = TOL[dname(t)]
        torch.testing.assert_close(got, t, rtol=rtol, atol=atol, equal_nan=equal_nan,
                                   msg=lambda m: f"{what}: {m}\npytensor: {got}\ntorch:    {t}")
        if check_signed_zero:
            zs = (t == 0)
            assert torch.equal(torch.signbit(got[zs]), torch.signbit(t[zs])), (
                f"{what}: signed zeros differ\npytensor: {got}\ntorch:    {t}")
    else:
        assert torch.equal(got, t), f"{what}: values differ\npytensor: {got}\ntorch:    {t}"


def assert_same(p: Any, t: Any, rtol: float | None = None, atol: float | None = None,
                what: str = "out") -> None:
    """Compare nested results: tensors, tuples/lists of tensors, Python numbers, None."""
    if isinstance(t, torch.Tensor):
        assert_close(p, t, rtol, atol, what=what)
    elif isinstance(t, (tuple, list)):
        assert isinstance(p, (tuple, list)), f"{what}: expected a sequence, got {type(p).__name__}"
        assert len(p) == len(t), f"{what}: {len(p)} results != torch {len(t)}"
        for i, (a, b) in enumerate(zip(p, t)):
            assert_same(a, b, rtol, atol, what=f"{what}[{i}]")
    elif isinstance(t, float) and math.isnan(t):
        assert isinstance(p, float) and math.isnan(p), f"{what}: {p!r} != {t!r}"
    else:
        assert p == t and type(p) is type(t), f"{what}: {p!r} != torch {t!r}"


GRAD_FN_MISMATCHES: list[str] = []


def grad_fn_names() -> Any:
    """Fails a test, after it ran, if any `check` saw a grad_fn name differ from torch's.

    Test modules wrap it in an autouse fixture: `yield from grad_fn_names()`.
    """
    GRAD_FN_MISMATCHES.clear()
    yield
    found = sorted(set(GRAD_FN_MISMATCHES))
    GRAD_FN_MISMATCHES.clear()
    assert not found, "; ".join(found)


def grad_output(t_out: Any, rng: np.random.Generator) -> tuple[Any, Any]:
    """A random upstream gradient of t_out's shape and dtype, in both libraries."""
    arr = random_array(tuple(t_out.shape), dname(t_out), rng, -1.0, 1.0)
    return pair_from_numpy(arr)


def _first_tensor(x: Any) -> Any:
    while isinstance(x, (tuple, list)):
        x = x[0]
    return x


def wait_for_device() -> None:
    """On OpenCL, an error a kernel finds (a bad index, an integer division by zero) is raised
    where the host next waits for the device, as CUDA reports device-side asserts."""
    if DEVICE != "cpu":
        pt.opencl.synchronize()


def check(fn: Callable[..., Any], inputs: Sequence[tuple[Any, Any, Any, Any]], *,
          rtol: float | None = None, atol: float | None = None,
          grad_rtol: float | None = None, grad_atol: float | None = None,
          grad: bool = True, grad_fn_name: bool = True, seed: int = 1,
          select: Callable[[Any], Any] = _first_tensor) -> tuple[Any, Any]:
    """Run fn(lib, *views) in both libraries; compare outputs, requires_grad, grads, grad_fn.

    `inputs` holds tuples from `make`. `select` picks the differentiable output that gets a
    random upstream gradient (default: the first tensor).
    """
    p_args = [x[0] for x in inputs]
    t_args = [x[1] for x in inputs]
    try:
        t_out = fn(torch, *t_args)
    except Exception as t_exc:  # torch refuses: pytensor must refuse with the same type
        try:
            fn(PT, *p_args)
            wait_for_device()
        except Exception as p_exc:
            assert type(p_exc).__name__ == type(t_exc).__name__, (
                f"pytensor raised {type(p_exc).__name__}: {p_exc}; torch raised "
                f"{type(t_exc).__name__}: {t_exc}")
            return None, None
        raise AssertionError(f"torch raised {type(t_exc).__name__}: {t_exc}; pytensor did not") from None
    p_out = fn(PT, *p_args)
    assert_same(p_out, t_out, rtol, atol)
    if not grad:
        return p_out, t_out
    t_sel, p_sel = select(t_out), select(p_out)
    if not isinstance(t_sel, torch.Tensor):
        return p_out, t_out
    assert p_sel.requires_grad == t_sel.requires_grad, (
        f"requires_grad {p_sel.requires_grad} != torch {t_sel.requires_grad}")
    if not t_sel.requires_grad:
        return p_out, t_out
    rng = np.random.default_rng(seed)
    pg, tg = grad_output(t_sel, rng)
    t_name = type(t_sel.grad_fn).__name__ if t_sel.grad_fn is not None else None
    p_name = p_sel.grad_fn.name() if p_sel.grad_fn is not None else None
    try:
        t_sel.backward(tg)
    except RuntimeError:  # torch has no derivative here: pytensor must refuse too
        with pytest.raises(RuntimeError):
            p_sel.backward(pg)
        return p_out, t_out
    p_sel.backward(pg)
    grtol = grad_rtol if grad_rtol is not None else rtol
    gatol = grad_atol if grad_atol is not None else atol
    for i, x in enumerate(inputs):
        p_leaf, t_leaf = x[2], x[3]
        if t_leaf.grad is None:
            assert p_leaf.grad is None, f"grad of input {i}: torch has None, pytensor {p_leaf.grad}"
        else:
            assert p_leaf.grad is not None, f"grad of input {i}: pytensor has None"
            assert_close(p_leaf.grad, t_leaf.grad, grtol, gatol, what=f"grad of input {i}")
    if grad_fn_name and p_name != t_name:
        # Reported at the end of the test (see `grad_fn_names`), so that the value and gradient
        # checks after this one still run.
        GRAD_FN_MISMATCHES.append(f"grad_fn {p_name} != torch {t_name}")
    return p_out, t_out


def check_raises_same(fn: Callable[..., Any], p_args: Sequence[Any], t_args: Sequence[Any],
                      match_message: bool = True) -> None:
    """fn raises in torch; pytensor raises the same exception type (and message)."""
    with pytest.raises(Exception) as t_exc:
        fn(torch, *t_args)
    with pytest.raises(Exception) as p_exc:
        fn(PT, *p_args)
        wait_for_device()
    assert type(p_exc.value).__name__ == type(t_exc.value).__name__, (
        f"pytensor raised {type(p_exc.value).__name__}: {p_exc.value}; "
        f"torch raised {type(t_exc.value).__name__}: {t_exc.value}")
    if match_message:
        t_msg = str(t_exc.value).split("\n")[0]
        p_msg = str(p_exc.value).split("\n")[0]
        assert p_msg == t_msg, f"message {p_msg!r} != torch {t_msg!r}"
