"""arange, linspace and logspace against torch's CPU kernels, bit for bit.

Every expected value comes from the installed torch in the test itself. Floats are compared as
their packed bytes in the dtype's own format (so -0.0 vs 0.0 and the sign of a NaN count too);
errors must have torch's exception type and message.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pytensor
import pytensor.ops.ranges as ranges

torch = pytest.importorskip("torch")

DTYPES = ["float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8"]
FLOATS = ["float32", "float64", "float16"]
_PACK = {"float16": "e", "float32": "f", "float64": "d"}


@pytest.fixture(autouse=True)
def _same_thread_count() -> Iterator[None]:
    """Long float aranges depend on how at::parallel_for splits them: use torch's thread count."""
    ranges._intraop_threads = torch.get_num_threads()
    yield
    ranges._intraop_threads = None


def _outcome(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """(dtype name, packed values) of a result, or (exception type, message) of a failure."""
    try:
        t = fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 - the exception is what we compare
        return type(e).__name__, str(e)
    name = str(t.dtype).split(".")[-1]
    fmt = _PACK.get(name, "q")
    return name, b"".join(struct.pack("<" + fmt, v) for v in t.tolist())


def _check(name: str, *args: Any, dtype: str | None = None, **kwargs: Any) -> None:
    tkw, pkw = dict(kwargs), dict(kwargs)
    if dtype is not None:
        tkw["dtype"], pkw["dtype"] = getattr(torch, dtype), getattr(pytensor, dtype)
    expected = _outcome(getattr(torch, name), args, tkw)
    got = _outcome(getattr(pytensor, name), args, pkw)
    if got != expected and isinstance(expected[1], bytes) and isinstance(got[1], bytes):
        t = getattr(torch, name)(*args, **tkw).tolist()
        p = getattr(pytensor, name)(*args, **pkw).tolist()
        diffs = [(i, a, b) for i, (a, b) in enumerate(zip(t, p)) if a != b][:5]
        pytest.fail(f"{name}{args} {dtype}: torch/pytensor differ at {diffs} ({len(t)}/{len(p)})")
    assert got == expected, f"{name}{args} {kwargs} {dtype}"


# --- arange ---------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", FLOATS)
@pytest.mark.parametrize(
    "args",
    [(0.1, 0.9, 0.1), (-3, 7, 0.1), (0, 1, 0.01), (1, -2, -0.03), (-0.0, 3.0), (2.5,), (10.0,)],
)
def test_arange_known_cases(args: tuple[float, ...], dtype: str) -> None:
    _check("arange", *args, dtype=dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("start,step", [(0.1, 0.1), (-3.7, 0.37), (12.25, -0.3), (5, -1.1)])
def test_arange_every_size_up_to_200(start: float, step: float, dtype: str) -> None:
    # Two AVX2 vectors per loop iteration (8 to 32 elements) and a scalar tail: every split.
    for n in range(1, 201):
        _check("arange", start, start + step * (n - 0.5), step, dtype=dtype)


@pytest.mark.parametrize("threads", [1, 2, 3])
@pytest.mark.parametrize(
    "args,dtype",
    [
        ((0, 100001 * 0.37, 0.37), "float64"),
        ((-5, 7000.3, 0.1), "float32"),
        ((1.5, 40000.5, 1.1), "float16"),
        ((0, 32769, 1.0), "float64"),
        ((0, 32767.5, 0.9999), "float64"),
        ((3, -70000, -1.3), "float32"),
        ((0, 100000, 3), "int32"),
        ((0.0, 70000.0, 1.0), "float32"),
    ],
)
def test_arange_long_outputs_split_between_threads(
    args: tuple[float, ...], dtype: str, threads: int
) -> None:
    before = torch.get_num_threads()
    torch.set_num_threads(threads)
    try:
        ranges._intraop_threads = threads
        _check("arange", *args, dtype=dtype)
    finally:
        torch.set_num_threads(before)


@pytest.mark.parametrize(
    "args,dtype",
    [
        ((0.7, 5.9, 1.9), "int64"),
        ((-0.7, -5.9, -1.9), "int64"),
        ((0.5,), "int64"),
        ((3.9,), "int64"),
        ((-0.5, 3), "int64"),
        ((0, 5, 0.5), "int32"),
        ((0.7, 5.9, 1.9), "int32"),
        ((0, 300, 100), "int8"),
        ((-1, 3), "uint8"),
        ((2**31 - 2, 2**31 + 3), "int32"),
        ((2**53 + 1, 2**53 + 5), "int64"),
        ((-(2**63), 2**63 - 1, 2**62), "int64"),
        ((0, 1e39, 1e38), "float16"),
        ((0, 1e39, 1e38), "float32"),
        ((0, 5, 1), "bool"),
    ],
)
def test_arange_integer_and_odd_dtypes(args: tuple[float, ...], dtype: str) -> None:
    _check("arange", *args, dtype=dtype)


@pytest.mark.parametrize(
    "args,dtype",
    [
        ((0, 10, 0), None),
        ((0, -1, 1), None),
        ((1, 0), None),
        ((5, 0, 1), "float32"),
        ((0, 5, -0.5), "int64"),
        ((0.5, 0.2, 1), "int64"),
        ((0, math.inf), None),
        ((math.nan, 1, 1), None),
        ((0, 1, math.nan), None),
        ((0, 5, 0.5), "int64"),
        ((0, -5, -0.5), "int64"),
        ((0, 1e300, 1), "int64"),
        ((0.0, 1e300, 1e-300), None),
        ((0, 5, 2**63), None),
        ((0, 1, 0.0), "float32"),
    ],
)
def test_arange_errors(args: tuple[float, ...], dtype: str | None) -> None:
    _check("arange", *args, dtype=dtype)


@pytest.mark.parametrize(
    "args",
    [(5,), (5.0,), (True,), (True, 3, True), (0, 5, 1), (0, 5, 1.0), (0.5, 3), (2, 9, 3), (0, 0)],
)
@pytest.mark.parametrize("default", ["float32", "float64"])
def test_arange_dtype_inference(args: tuple[Any, ...], default: str) -> None:
    before_t, before_p = torch.get_default_dtype(), pytensor.get_default_dtype()
    torch.set_default_dtype(getattr(torch, default))
    pytensor.set_default_dtype(getattr(pytensor, default))
    try:
        _check("arange", *args)
    finally:
        torch.set_default_dtype(before_t)
        pytensor.set_default_dtype(before_p)


def _arange_args(draw: st.DrawFn) -> tuple[float, float, float]:
    start = draw(st.one_of(st.integers(-100, 100), st.floats(-1000, 1000)))
    step = draw(
        st.one_of(
            st.integers(1, 20),
            st.floats(1e-3, 100),
            st.sampled_from([0.1, 0.2, 0.3, 0.7, 1.1, 0.01]),
        )
    )
    step = -step if draw(st.booleans()) else step
    n = draw(st.integers(0, 200))
    end = start + step * n - step * draw(st.floats(0, 0.99))
    return start, end, step


@settings(max_examples=400, deadline=None)
@given(data=st.data(), dtype=st.sampled_from([*FLOATS, "int64", "int32", None]))
def test_arange_random(data: st.DataObject, dtype: str | None) -> None:
    _check("arange", *data.draw(st.composite(_arange_args)()), dtype=dtype)


# --- linspace -------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("start,end", [(0.5, 2.0), (-3.3, 7.1), (12.94, -31.06), (0, 100), (-1, 5)])
def test_linspace_every_size_up_to_200(start: float, end: float, dtype: str) -> None:
    for steps in range(0, 201):
        _check("linspace", start, end, steps, dtype=dtype)


@pytest.mark.parametrize(
    "args,dtype",
    [
        ((0.5, 2.0, 50), None),
        ((-1, 5, 4), "uint8"),
        ((-255, 0, 3), "uint8"),
        ((-256, 0, 3), "uint8"),
        ((-1.0, 0, 3), "uint8"),
        ((0.5, 300.7, 4), "int8"),
        ((-128.5, 0, 3), "int8"),
        ((1e10, 1e11, 3), "int32"),
        ((-(2**31), 2**31 - 1, 5), "int32"),
        ((-(2**63), 2**63 - 1, 5), "int64"),
        ((0, 2**63, 3), "int64"),
        ((0, 1000, 7), "int8"),
        ((2.7, 1, 1), "int32"),
        ((0, 1, 0), None),
        ((0, 1, -2), None),
        ((0, 70000, 3), "float16"),
        ((65519.0, 0, 1), "float16"),
        ((1e39, 0, 1), "float16"),
        ((0, 1e39, 3), "float32"),
        ((0, math.inf, 3), None),
        ((0, math.nan, 3), "int32"),
        ((0, math.inf, 3), "int64"),
        ((-0.0, 0.0, 5), "float64"),
        ((5, 5, 7), "float64"),
        ((0.1, 99.7, 70001), "float32"),
        ((0, 1, 3), "bool"),
    ],
)
def test_linspace_edge_cases(args: tuple[Any, ...], dtype: str | None) -> None:
    _check("linspace", *args, dtype=dtype)


_ENDPOINT = st.one_of(st.integers(-1000, 1000), st.floats(-1000, 1000))


@settings(max_examples=400, deadline=None)
@given(
    start=_ENDPOINT,
    end=_ENDPOINT,
    steps=st.integers(0, 200),
    dtype=st.sampled_from([*FLOATS, "int64", "int32", None]),
)
def test_linspace_random(start: float, end: float, steps: int, dtype: str | None) -> None:
    _check("linspace", start, end, steps, dtype=dtype)


# --- logspace -------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("base", [10.0, 2.0, math.e, 0.5])
def test_logspace_sizes(dtype: str, base: float) -> None:
    for steps in [0, 1, 2, 3, 7, 16, 33, 50, 101]:
        _check("logspace", -1.5, 2.25, steps, base=base, dtype=dtype)
        _check("logspace", 0, 2, steps, base=base, dtype=dtype)


@pytest.mark.parametrize(
    "args,kwargs,dtype",
    [
        ((0, 3, 1), {}, "int32"),
        ((0.5, 3, 1), {}, "int32"),
        ((10, 0, 1), {}, "int32"),
        ((2.5, 0, 1), {}, "uint8"),
        ((39, 0, 1), {}, "float32"),
        ((5, 0, 1), {}, "float16"),
        ((-1, 3, 5), {}, "int64"),
        ((0.5, 3.7, 5), {}, "int64"),
        ((0, 12, 7), {}, "int32"),
        ((0, 20, 7), {}, "int64"),
        ((0, 3000, 3), {}, None),
        ((-300, 300, 7), {}, "float32"),
        ((0, 1, -1), {}, None),
        ((0, 3, 4), {"base": -2.0}, None),
        ((-2.5, 3.5, 7), {"base": -2.0}, None),
        ((-2.5, 3.5, 7), {"base": -0.5}, "int32"),
        ((-2, 3, 6), {"base": 0.0}, None),
        ((0, 1, 3), {}, "bool"),
    ],
)
def test_logspace_edge_cases(
    args: tuple[Any, ...], kwargs: dict[str, Any], dtype: str | None
) -> None:
    _check("logspace", *args, dtype=dtype, **kwargs)


@settings(max_examples=300, deadline=None)
@given(
    start=st.floats(-5, 5),
    end=st.floats(-5, 5),
    steps=st.integers(0, 120),
    base=st.sampled_from([10.0, 2.0, math.e, 0.5, 3.3]),
    dtype=st.sampled_from([*FLOATS, "int64", "int32", None]),
)
def test_logspace_random(
    start: float, end: float, steps: int, base: float, dtype: str | None
) -> None:
    _check("logspace", start, end, steps, base=base, dtype=dtype)


@pytest.mark.filterwarnings("ignore:torch.range is deprecated:UserWarning")
@pytest.mark.parametrize(
    "args, kwargs",
    [((0, 10), {}), ((1, 4, 0.5), {}), ((0, 3), {"dtype": "int64"}), ((0, 1, 0.1), {}),
     ((0, 1, 0.1), {"dtype": "float64"}), ((5, -1, -1.5), {}), ((2, 2), {})],
)  # fmt: skip
def test_deprecated_range_includes_end(args: tuple, kwargs: dict) -> None:
    kw = {k: getattr(torch, v) for k, v in kwargs.items()}
    expected = torch.range(*args, **kw)
    got = pytensor.range(*args, **{k: getattr(pytensor, v) for k, v in kwargs.items()})
    assert got.tolist() == expected.tolist() and str(got.dtype) == str(expected.dtype).replace("torch", "pytensor")


def test_deprecated_range_warns_and_refuses_as_torch_does() -> None:
    with pytest.warns(UserWarning, match="torch.range is deprecated"):
        pytensor.range(0, 2)
    for args in [(0, 1, 0), (0, -3, 1), (3, 0)]:
        with pytest.raises(RuntimeError) as ours, pytest.warns(UserWarning):
            pytensor.range(*args)
        with pytest.raises(RuntimeError) as theirs, pytest.warns(UserWarning):
            torch.range(*args)
        assert str(ours.value) == str(theirs.value)
