"""Float-to-integer casts against torch on the CPU, on every device: special values (nan, inf,
signed zeros) and values out of the target's range, through every way a float reaches int
storage (`.to`, `.long()`/`.int()`/..., `copy_`, `as_tensor`, slice assignment).

C leaves these conversions undefined; torch on x86 gives what the processor's truncating
conversion gives: the lowest value of int64 or int32 for anything it cannot represent, int8 and
int16 taken from that 32-bit result, uint8 from a 64-bit one. Every expected value comes from
torch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

torch = pytest.importorskip("torch")

import oracle  # noqa: E402

import pytensor as pt  # noqa: E402

VALUES = [
    0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 127.9, 128.0, 255.0, 256.0, -129.0,
    2.0**31, -(2.0**31) - 1, 2.0**53 + 1, 2.0**63, -(2.0**63), 1e19, -1e19, 1e30, -1e30,
    math.inf, -math.inf, math.nan,
    # beyond the brief: wrapping of in-range values, and int64 values that int32 cannot hold
    2.0**32 + 5, -(2.0**32) - 7, 65504.0, 40000.0, -40000.0, 70000.0, -70000.0, 2.0**62 + 2.0**40,
]  # fmt: skip

SOURCES = ["float16", "float32", "float64"]
TARGETS = ["uint8", "int8", "int16", "int32", "int64", "bool"]
METHODS = {"uint8": "byte", "int8": "char", "int16": "short", "int32": "int", "int64": "long",
           "bool": "bool"}  # fmt: skip


def _to(x: Any, lib: Any, dst: str) -> Any:
    return x.to(getattr(lib, dst))


def _method(x: Any, lib: Any, dst: str) -> Any:
    return getattr(x, METHODS[dst])()


def _copy(x: Any, lib: Any, dst: str) -> Any:
    return lib.zeros(x.shape, dtype=getattr(lib, dst), device=x.device).copy_(x)


def _strided(x: Any, lib: Any, dst: str) -> Any:
    # every other element of a longer tensor: the strided kernels, not the flat fast path
    wide = lib.stack([x, -x], 1).reshape(-1)
    return wide[::2].to(getattr(lib, dst))


def _as_tensor(x: Any, lib: Any, dst: str) -> Any:
    return lib.as_tensor(x, dtype=getattr(lib, dst))


def _slice_assign(x: Any, lib: Any, dst: str) -> Any:
    out = lib.zeros(x.shape, dtype=getattr(lib, dst), device=x.device)
    out[:] = x
    return out


ROUTES: dict[str, Callable[[Any, Any, str], Any]] = {
    "to": _to, "method": _method, "copy_": _copy, "strided": _strided,
    "as_tensor": _as_tensor, "slice_assign": _slice_assign,
}  # fmt: skip


@pytest.fixture(params=oracle.DEVICES)
def on_each_device(request: Any) -> Any:
    yield from oracle.use_device(request.param)


@pytest.mark.usefixtures("on_each_device")
@pytest.mark.parametrize("route", list(ROUTES))
@pytest.mark.parametrize("dst", TARGETS)
@pytest.mark.parametrize("src", SOURCES)
def test_float_to_int_cast_matches_torch(src: str, dst: str, route: str) -> None:
    t_x = torch.tensor(VALUES, dtype=torch.float64).to(getattr(torch, src))
    # The source is built from torch's own rounding, so only the cast under test can differ.
    p_x = pt.tensor(t_x.tolist(), dtype=getattr(pt, src), device=oracle.DEVICE)
    expected = ROUTES[route](t_x, torch, dst)
    got = ROUTES[route](p_x, pt, dst)
    assert got.dtype is getattr(pt, dst)
    assert got.device.type == oracle.DEVICE
    sources = t_x.tolist()
    mismatches = [(v, e, g) for v, e, g in zip(sources, expected.tolist(), got.tolist()) if e != g]
    assert not mismatches, f"(source value, torch, pytensor): {mismatches}"


@pytest.mark.parametrize("src", SOURCES)
def test_cast_results_read_back_as_torch_does(src: str) -> None:
    """`.item()`, `.tolist()` and `int()` of a cast result, and `int()` of the float itself
    (Python's int() of a float tensor goes through a Python float, so it does not saturate:
    int(tensor(1e19)) is 9999999980506447872, and inf or nan raise as int(float) does)."""
    for v in (1e19, -1e19, 2.0**63, 1e30, 70000.0, math.inf, -math.inf, math.nan):
        t = torch.tensor(v, dtype=getattr(torch, src))
        p = pt.tensor(t.item(), dtype=getattr(pt, src))
        assert p.long().item() == t.long().item()
        assert p.int().tolist() == t.int().tolist()
        assert p.to(pt.int16).reshape(1).tolist() == t.to(torch.int16).reshape(1).tolist()
        assert int(p.long()) == int(t.long())
        assert _outcome(lambda: int(p)) == _outcome(lambda: int(t))


def _outcome(fn: Callable[[], Any]) -> Any:
    """fn's result, or the type and message of what it raised."""
    try:
        return fn()
    except (ValueError, OverflowError) as e:
        return type(e), str(e)


# --- a Python float written into integer storage ------------------------------------------
# A number goes through c10's checked Scalar::to, which refuses a float the integer type cannot
# hold (nan, inf, 1e19 into int64, -0.5 into uint8), where a tensor cast gives the lowest. It
# compares in double, so 2**63 passes for int64 (and then converts to the lowest int64).

SCALARS = [
    0.5, -0.5, -1.5, 127.5, -128.9, 255.5, 300.7, 70000.0, 2.0**31, -(2.0**31) - 1, 2.0**63,
    -(2.0**63), 1e19, -1e19, 1e39, math.inf, -math.inf, math.nan,
]  # fmt: skip


def _set(x: Any, key: Any, value: Any) -> Any:
    x[key] = value
    return x


def _scalar_writes(lib: Any, dev: str) -> dict[str, Callable[[float, Any], Any]]:
    def zeros(d: Any) -> Any:
        return lib.zeros(2, dtype=d, device=dev)

    def index() -> Any:
        return lib.tensor([0], device=dev)

    def mask() -> Any:
        return lib.tensor([True, False], device=dev)

    return {
        "fill_": lambda v, d: zeros(d).fill_(v),
        "fill_ (0-dim tensor)": lambda v, d: zeros(d).fill_(lib.tensor(v, dtype=lib.float64)),
        "x[0] = v": lambda v, d: _set(zeros(d), 0, v),
        "x[:] = v": lambda v, d: _set(zeros(d), slice(None), v),
        "x[index] = v": lambda v, d: _set(zeros(d), index(), v),
        "x[mask] = v": lambda v, d: _set(zeros(d), mask(), v),
        "masked_fill": lambda v, d: zeros(d).masked_fill(mask(), v),
        "masked_fill (0-dim tensor)": lambda v, d: zeros(d).masked_fill(mask(), lib.tensor(v)),
        "full": lambda v, d: lib.full((2,), v, dtype=d, device=dev),
        "full_like": lambda v, d: lib.full_like(zeros(d), v),
        "new_full": lambda v, d: zeros(d).new_full((2,), v),
        "scatter": lambda v, d: zeros(d).scatter(0, index(), v),
        "scatter_": lambda v, d: zeros(d).scatter_(0, index(), v),
        "tensor([v])": lambda v, d: lib.tensor([v], dtype=d, device=dev),
        "tensor(v)": lambda v, d: lib.tensor(v, dtype=d, device=dev),
    }


def _result(fn: Callable[[], Any]) -> Any:
    try:
        return fn().tolist()
    except RuntimeError as e:
        return "RuntimeError", str(e)


@pytest.mark.usefixtures("on_each_device")
@pytest.mark.parametrize("write", list(_scalar_writes(torch, "cpu")))
@pytest.mark.parametrize("dst", TARGETS)
def test_float_scalar_into_int_storage_matches_torch(dst: str, write: str) -> None:
    t_fn = _scalar_writes(torch, "cpu")[write]
    p_fn = _scalar_writes(pt, oracle.DEVICE)[write]
    mismatches = []
    for v in SCALARS:
        expected = _result(lambda: t_fn(v, getattr(torch, dst)))
        got = _result(lambda: p_fn(v, getattr(pt, dst)))
        if repr(got) != repr(expected):
            mismatches.append((v, expected, got))
    assert not mismatches, f"(value, torch, pytensor): {mismatches}"
