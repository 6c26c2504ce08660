"""Tensor repr/str formatting, checked against installed torch as the oracle.

Every expected string comes from torch itself (``repr(torch_tensor)`` with
"torch." replaced by "pytensor."), never from our own output.  The tensors fed
to ``tensor_repr`` are fakes built from torch tensors, so these tests do not
depend on the real pytensor Tensor class.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest

torch = pytest.importorskip("torch")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from pytensor._tensor_str import (  # noqa: E402
    get_printoptions,
    parameter_repr,
    set_printoptions,
    tensor_repr,
)

DTYPES = [
    torch.float32,
    torch.float64,
    torch.float16,
    torch.int64,
    torch.int32,
    torch.int16,
    torch.int8,
    torch.uint8,
    torch.bool,
]


class FakeDtype:
    def __init__(self, tdtype: Any) -> None:
        self.name = str(tdtype).removeprefix("torch.")
        self.is_floating_point = tdtype.is_floating_point
        self.is_signed = tdtype.is_signed

    def __repr__(self) -> str:
        return f"pytensor.{self.name}"


class FakeGradFn:
    def __init__(self, name: str) -> None:
        self._name = name

    def name(self) -> str:
        return self._name


class FakeDevice:
    def __init__(self, name: str) -> None:
        self._name = name

    def __str__(self) -> str:
        return self._name


class FakeTensor:
    """Exposes only the duck-typed interface that _tensor_str relies on."""

    def __init__(self, t: Any, device: str = "cpu") -> None:
        self._t = t
        self.shape = tuple(t.shape)
        self.dtype = FakeDtype(t.dtype)
        self.device = FakeDevice(device)
        self.requires_grad = t.requires_grad
        self.grad_fn = (
            None if t.grad_fn is None else FakeGradFn(type(t.grad_fn).__name__)
        )
        self.is_leaf = t.is_leaf

    def dim(self) -> int:
        return self._t.dim()

    def numel(self) -> int:
        return self._t.numel()

    def tolist(self) -> Any:
        return self._t.detach().tolist()


def expected(t: Any) -> str:
    return repr(t).replace("torch.", "pytensor.")


def check(t: Any) -> None:
    assert tensor_repr(FakeTensor(t)) == expected(t)
    assert str(t) == repr(t)  # torch's str is its repr, so ours is too


@pytest.fixture(autouse=True)
def _reset_printoptions() -> Iterator[None]:
    yield
    torch.set_printoptions(profile="default")
    set_printoptions(profile="default")


def both_set_printoptions(**kwargs: Any) -> None:
    torch.set_printoptions(**kwargs)
    set_printoptions(**kwargs)


# ---------------------------------------------------------------- basics


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize(
    "shape", [(), (1,), (5,), (3, 4), (2, 3, 4), (2, 2, 2, 3)], ids=str
)
def test_dtypes_and_shapes(dtype: Any, shape: tuple[int, ...]) -> None:
    g = torch.Generator().manual_seed(0)
    if dtype == torch.bool:
        t = torch.randint(0, 2, shape, generator=g).bool()
    elif dtype.is_floating_point:
        t = (torch.randn(shape, generator=g, dtype=torch.float64) * 10).to(dtype)
    elif dtype == torch.uint8:
        t = torch.randint(0, 256, shape, generator=g, dtype=dtype)
    else:
        t = torch.randint(-100, 100, shape, generator=g, dtype=dtype)
    check(t)


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("shape", [(0,), (2, 0), (0, 3), (1, 0, 2)], ids=str)
def test_empty(dtype: Any, shape: tuple[int, ...]) -> None:
    check(torch.empty(shape, dtype=dtype))


@pytest.mark.parametrize(
    "values",
    [
        [1.0, 2.0, 3.0],
        [0.1],
        [1.5, -2.25, 100.125],
        [0.0, -0.0, 1.0],
        [-0.0, 1.5],
        [-0.0],
        [0.0, 0.0],
        [math.inf, -math.inf, math.nan],
        [math.inf, 1.0, math.nan, -2.5],
        [math.nan, 0.0],
        [1e10, 1.5],
        [1e10],
        [1e8, 1e9],
        [123456789.0],
        [1e-5, math.inf],
        [1e-4, 1.0],
        [0.001, 1.0, 1000.0],
        [0.001, 1.0, 1.001],
        [1.0, 1001.0],
        [-1e20, 3.0, 7.0],
        [1e-30, -1e30, 0.0, math.nan],
        [12345.678, -0.5],
        [3.0],
    ],
    ids=str,
)
@pytest.mark.parametrize(
    "dtype", [torch.float32, torch.float64, torch.float16], ids=str
)
def test_float_values(values: list[float], dtype: Any) -> None:
    check(torch.tensor(values, dtype=dtype))
    check(torch.tensor(values[0], dtype=dtype))  # 0-d


def test_large_ints() -> None:
    check(torch.tensor([2**63 - 1, -(2**63), 0, 5]))
    check(torch.tensor([[2**40, -3], [7, 123456789012]]))
    check(torch.tensor([-128, 0, 127], dtype=torch.int8))
    check(torch.tensor(-(2**63)))


def test_bool() -> None:
    check(torch.tensor([True, False]))
    check(torch.tensor([[True], [True]]))
    check(torch.tensor(False))


# ---------------------------------------------------------------- wrapping


@pytest.mark.parametrize("n", [20, 30, 100, 999], ids=str)
@pytest.mark.parametrize("dtype", [torch.float32, torch.int64, torch.bool], ids=str)
def test_wide_rows_wrap(n: int, dtype: Any) -> None:
    t = torch.arange(n) * 37 - 500
    check(t.to(dtype))
    check((t.to(dtype)).reshape(1, n))
    check((t / 7).to(torch.float64))


def test_wide_2d_rows_wrap() -> None:
    check(torch.linspace(-3, 3, 5 * 31).reshape(5, 31))
    check(torch.arange(2 * 3 * 25).reshape(2, 3, 25) * 1000)


# ---------------------------------------------------------------- summaries


@pytest.mark.parametrize(
    "shape",
    [(1001,), (2000,), (50, 50), (10, 10, 20), (2, 1000), (1000, 2), (4, 5, 6, 10)],
    ids=str,
)
@pytest.mark.parametrize(
    "dtype", [torch.float32, torch.int64, torch.bool, torch.float16], ids=str
)
def test_summarized(shape: tuple[int, ...], dtype: Any) -> None:
    n = math.prod(shape)
    t = (torch.arange(n, dtype=torch.float64) * 1.25 - 40).reshape(shape)
    check(t.to(dtype))


def test_summary_format_uses_only_shown_values() -> None:
    # The huge middle value is hidden by "...", so it must not force sci mode.
    t = torch.ones(2000)
    t[1000] = 1e30
    check(t)


def test_exactly_threshold_not_summarized() -> None:
    check(torch.arange(1000))
    check(torch.arange(1000).reshape(10, 100).float() / 3)


# ---------------------------------------------------------------- suffixes


def test_requires_grad_and_grad_fn() -> None:
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    check(a)
    check(a * 2)
    check(a.sum())
    check(torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True))
    check(torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True) + 1)
    check(torch.empty(2, 0, requires_grad=True))
    check(torch.arange(3000.0, requires_grad=True).reshape(30, 100) * 1.5)


def test_suffixes_wrap_to_new_line() -> None:
    check(torch.arange(9, dtype=torch.float64) * 1e-3)  # ends near column 80
    for n in range(1, 14):
        check(torch.arange(n, dtype=torch.float64, requires_grad=True) / 3)
        check(torch.arange(n, dtype=torch.int32) * 10**8)


def test_device_suffix() -> None:
    # torch cannot make an "opencl" tensor, so build the expected string with
    # torch's own body formatter and suffix-wrapping helper.
    ts = torch._tensor_str
    cases = [
        torch.tensor([1.0, 2.0]),
        torch.arange(20, dtype=torch.float64) * 1e7,
        torch.arange(5, dtype=torch.float64) / 3,
        torch.arange(7, dtype=torch.int16) * 10**4,
    ]
    for t in cases:
        suffixes = ["device='opencl:0'"]
        if t.dtype != torch.float32:
            suffixes.append(f"dtype={t.dtype}")
        want = ts._add_suffixes("tensor(" + ts._tensor_str(t, 7), suffixes, 7, False)
        want = want.replace("torch.", "pytensor.")
        assert tensor_repr(FakeTensor(t, device="opencl:0")) == want
    assert tensor_repr(FakeTensor(torch.ones(2), device="cpu")) == expected(
        torch.ones(2)
    )


def test_tensor_contents() -> None:
    for t in [torch.ones(3, dtype=torch.float64), torch.empty(0, 2)]:
        want = torch._tensor_str._str(t, tensor_contents="[...]")
        assert tensor_repr(FakeTensor(t), tensor_contents="[...]") == want.replace(
            "torch.", "pytensor."
        )


def test_parameter_repr() -> None:
    p = torch.nn.Parameter(torch.tensor([[1.5, 2.0], [3.0, 4.0]]))
    assert parameter_repr(FakeTensor(p)) == expected(p)


# ---------------------------------------------------------------- print options


@pytest.mark.parametrize(
    "opts",
    [
        {"sci_mode": False},
        {"sci_mode": True},
        {"precision": 2},
        {"precision": 8},
        {"precision": 0},
        {"threshold": 5},
        {"threshold": 5, "edgeitems": 1},
        {"threshold": 5, "edgeitems": 0},
        {"linewidth": 40},
        {"linewidth": 200},
        {"profile": "short"},
        {"profile": "full"},
    ],
    ids=str,
)
def test_printoptions(opts: dict[str, Any]) -> None:
    both_set_printoptions(**opts)
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    cases = [
        torch.tensor([1e10, 1.5, -0.0, math.nan]),
        torch.tensor([0.123456789, 12.5]),
        torch.tensor([1.0, 2.0, 3.0]),
        torch.tensor(2.5),
        torch.arange(20),
        torch.arange(20.0).reshape(4, 5) / 3,
        torch.arange(120).reshape(2, 3, 4, 5) % 7 == 0,
        torch.arange(2000.0) * 1e-3,
        torch.arange(2500).reshape(50, 50),
    ]
    for t in cases:
        check(t)


def test_set_printoptions_resets_sci_mode() -> None:
    both_set_printoptions(sci_mode=False)
    both_set_printoptions(precision=3)  # sci_mode goes back to automatic
    assert get_printoptions() == torch._tensor_str.get_printoptions()
    check(torch.tensor([1e10, 1.5]))


# ---------------------------------------------------------------- property test


@st.composite
def random_tensors(draw: st.DrawFn) -> Any:
    ndim = draw(st.integers(0, 4))
    shape = tuple(draw(st.integers(0, 16 if ndim > 2 else 60)) for _ in range(ndim))
    if ndim == 1:
        shape = (draw(st.integers(0, 3000)),)
    dtype = draw(st.sampled_from(DTYPES))
    seed = draw(st.integers(0, 2**31 - 1))
    g = torch.Generator().manual_seed(seed)
    scale = 10.0 ** draw(st.integers(-12, 12))
    kind = draw(st.sampled_from(["normal", "integral", "mixed", "special"]))
    x = torch.randn(shape, generator=g, dtype=torch.float64) * scale
    if kind == "integral":
        x = x.round()
    elif kind == "mixed":  # several magnitudes in one tensor
        x = x * 10.0 ** torch.randint(-8, 9, shape, generator=g)
    elif kind == "special" and x.numel():
        specials = torch.tensor(
            [math.inf, -math.inf, math.nan, 0.0, -0.0], dtype=torch.float64
        )
        idx = torch.randint(0, 5, shape, generator=g)
        mask = torch.rand(shape, generator=g) < 0.3
        x = torch.where(mask, specials[idx], x)
    if dtype == torch.bool:
        return x > 0
    if dtype.is_floating_point:
        return x.to(dtype)
    info = torch.iinfo(dtype)
    x = torch.nan_to_num(x, nan=0.0, posinf=info.max, neginf=info.min)
    return x.clamp(info.min, info.max).to(dtype)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_tensors(), st.booleans())
def test_random_tensors_match_torch(t: Any, requires_grad: bool) -> None:
    if requires_grad and t.dtype.is_floating_point:
        t = t.requires_grad_()
    check(t)


# ---------------------------------------------------------------- real pytensor
# The same construction is run against pytensor and torch (`lib` is either module), and
# repr/str of the real pytensor.Tensor must equal torch's repr with "torch." renamed.

import pytensor  # noqa: E402

LIBS = [pytensor, torch]
DTYPE_NAMES = [str(d).removeprefix("torch.") for d in DTYPES]


def check_real(build: Any) -> None:
    p, t = build(pytensor), build(torch)
    assert isinstance(p, pytensor.Tensor)
    assert repr(p) == expected(t)
    assert str(p) == expected(t)


def from_torch(t: Any) -> Any:
    """A real pytensor tensor with torch tensor t's values, shape and dtype."""
    dt = getattr(pytensor, str(t.dtype).removeprefix("torch."))
    p = pytensor.tensor(t.detach().tolist(), dtype=dt).reshape(tuple(t.shape))
    if t.requires_grad:
        p.requires_grad_()
    return p


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize(
    "data",
    [
        [[1, 0, 3], [4, 5, 6]],
        [0, 1],
        [[[1], [0]], [[7], [2]]],
        5,
        0,
        [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25]],
    ],
    ids=str,
)
def test_real_tensor_all_dtypes(dtype: str, data: Any) -> None:
    check_real(lambda lib: lib.tensor(data, dtype=getattr(lib, dtype)))


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
@pytest.mark.parametrize("shape", [(0,), (2, 0), (0, 3), (1, 0, 2)], ids=str)
def test_real_empty(dtype: str, shape: tuple[int, ...]) -> None:
    check_real(lambda lib: lib.zeros(shape, dtype=getattr(lib, dtype)))
    check_real(lambda lib: lib.empty(shape, dtype=getattr(lib, dtype)))


def test_real_empty_from_list() -> None:
    check_real(lambda lib: lib.tensor([]))
    check_real(lambda lib: lib.tensor([[], []]))
    check_real(lambda lib: lib.tensor([], dtype=lib.int64))
    check_real(lambda lib: lib.tensor([], requires_grad=True))


@pytest.mark.parametrize("dtype", ["float32", "float64", "float16"])
@pytest.mark.parametrize(
    "values",
    [
        [1.0, 2.0, 3.0],
        [0.1, 0.25],
        [1e10, 1.5],
        [1e-5, 1.0],
        [1e-4, 1.0],
        [123456789.0],
        [1e-30, -1e30, 0.0],
        [math.inf, -math.inf, math.nan],
        [math.nan, 0.0, -0.0],
        [math.inf, 1.0, math.nan, -2.5],
        [0.001, 1.0, 1000.0],
        [12345.678, -0.5],
        [-1e20, 3.0, 7.0],
        [1e8, 1e9],
    ],
    ids=str,
)
def test_real_float_values(dtype: str, values: list[float]) -> None:
    check_real(lambda lib: lib.tensor(values, dtype=getattr(lib, dtype)))
    check_real(lambda lib: lib.tensor(values[-1], dtype=getattr(lib, dtype)))  # 0-d
    check_real(lambda lib: lib.tensor([values, values], dtype=getattr(lib, dtype)))


@pytest.mark.parametrize(
    "value",
    [0.0, -0.0, 1.0, 2.5, -3.25, 1e-8, 1e12, math.inf, -math.inf, math.nan, 0.1, 1 / 3],
    ids=str,
)
def test_real_0d(value: float) -> None:
    check_real(lambda lib: lib.tensor(value))
    check_real(lambda lib: lib.tensor(value, dtype=lib.float64))
    check_real(lambda lib: lib.tensor(value, requires_grad=True))
    check_real(lambda lib: lib.scalar_tensor(value))


def test_real_0d_int_bool() -> None:
    check_real(lambda lib: lib.tensor(7))
    check_real(lambda lib: lib.tensor(-(2**63)))
    check_real(lambda lib: lib.tensor(True))
    check_real(lambda lib: lib.tensor(3, dtype=lib.uint8))
    check_real(lambda lib: lib.tensor(3, dtype=lib.int32))


def test_real_scientific_notation() -> None:
    check_real(lambda lib: lib.arange(10, dtype=lib.float64) * 1e-6)
    check_real(lambda lib: lib.tensor([1e-10, 1.0, 1e10]))
    check_real(lambda lib: lib.tensor([[1e20, -2e-20], [3.0, 4.0]]))
    check_real(lambda lib: lib.linspace(0, 1e9, 7))
    check_real(lambda lib: lib.logspace(-10, 10, 5, dtype=lib.float64))
    check_real(lambda lib: lib.tensor([1e-5, 1e-6], dtype=lib.float16))


# max/min of the nonzero magnitudes at exactly 1000 stays fixed-point; just above it switches to
# scientific notation (torch's `> 1000`, not `>=`). Every value is exact in float16, so each dtype
# sees the same ratio.
@pytest.mark.parametrize("dtype", ["float16", "float32", "float64"])
@pytest.mark.parametrize(
    "values",
    [
        [1.0, 1000.0],
        [0.25, 250.0],
        [-2.0, 2000.0],
        [0.5, -500.0, 3.0, 0.0],
        [1.0, 1000.5],
        [0.25, 250.125],
    ],
    ids=str,
)
def test_real_sci_mode_ratio_boundary(dtype: str, values: list[float]) -> None:
    check_real(lambda lib: lib.tensor(values, dtype=getattr(lib, dtype)))


def test_real_sci_mode_ratio_just_above_1000_in_float64() -> None:
    check_real(lambda lib: lib.tensor([1.0, 1000.0000000001], dtype=lib.float64))


def test_real_nan_inf() -> None:
    check_real(lambda lib: lib.tensor([1.0, 0.0, -1.0]) / 0.0)
    check_real(lambda lib: lib.tensor([[math.nan, 1e10], [math.inf, 2.0]]))
    check_real(lambda lib: lib.tensor([math.nan] * 3))
    check_real(lambda lib: lib.tensor([math.inf, -math.inf]))
    check_real(lambda lib: lib.tensor([math.nan, 1.5], dtype=lib.float16))
    check_real(lambda lib: lib.log(lib.tensor([0.0, 1.0, -1.0, 4.0])))


@pytest.mark.parametrize(
    "build",
    [
        lambda lib: lib.arange(1001),
        lambda lib: lib.arange(2000.0) * 1.25 - 40,
        lambda lib: lib.arange(2500).reshape(50, 50),
        lambda lib: (lib.arange(2000) % 3 == 0),
        lambda lib: lib.arange(2000, dtype=lib.float16) / 8,
        lambda lib: lib.arange(3000.0).reshape(2, 3, 500) * 1e-4,
        lambda lib: lib.arange(1000),
        lambda lib: lib.ones(2000) * lib.tensor(1e30),
        lambda lib: lib.arange(1200).reshape(1200, 1),
        lambda lib: lib.zeros(1001, dtype=lib.int8),
    ],
)
def test_real_summarized(build: Any) -> None:
    check_real(build)


def test_real_randn_seeded() -> None:
    def build(shape: tuple[int, ...], dtype: str = "float32") -> Any:
        def f(lib: Any) -> Any:
            lib.manual_seed(0)
            return lib.randn(*shape, dtype=getattr(lib, dtype))

        return f

    check_real(build((5,)))
    check_real(build((3, 4)))
    check_real(build((2, 3, 4), "float64"))
    check_real(build((1500,)))
    check_real(build((40, 40)))
    check_real(lambda lib: (lib.manual_seed(1), lib.rand(4, 5) * 1000)[1])
    check_real(lambda lib: (lib.manual_seed(2), lib.randint(-1000, 1000, (3, 7)))[1])
    check_real(lambda lib: (lib.manual_seed(3), lib.randn(6) * 1e-7)[1])


def test_real_requires_grad_and_grad_fn() -> None:
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True))
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True) * 2)
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True).sum())
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True).mean())
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True).exp())
    check_real(lambda lib: lib.tensor([[1.0, 2.0]], requires_grad=True) @ lib.ones(2, 3))
    check_real(lambda lib: lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True) + 1)
    check_real(lambda lib: lib.tensor([1.0, 2.0], dtype=lib.float16, requires_grad=True))
    check_real(lambda lib: lib.zeros(2, 0, requires_grad=True))
    check_real(lambda lib: lib.arange(3000.0, requires_grad=True).reshape(30, 100) * 1.5)
    check_real(lambda lib: lib.tensor(3.0, requires_grad=True) ** 2)
    check_real(lambda lib: lib.tensor([1.0, -1.0], requires_grad=True).relu())
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True)[0])
    check_real(lambda lib: lib.tensor([[1.0, 2.0]], requires_grad=True).t())
    check_real(lambda lib: lib.tensor([[1.0, 2.0]], requires_grad=True).view(2))
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True).detach())
    check_real(lambda lib: lib.tensor([1.0, 2.0], requires_grad=True).to(lib.float64))


def test_real_no_grad_result_has_no_suffix() -> None:
    def build(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        with lib.no_grad():
            return x * 2

    check_real(build)


def test_real_suffix_wrapping() -> None:
    for n in range(1, 14):
        check_real(lambda lib: lib.arange(n, dtype=lib.float64, requires_grad=True) / 3)
        check_real(lambda lib: lib.arange(n, dtype=lib.int32) * 10**8)
    check_real(lambda lib: lib.arange(9, dtype=lib.float64) * 1e-3)


def test_real_views_print_their_own_elements() -> None:
    check_real(lambda lib: lib.arange(12).reshape(3, 4).t())
    check_real(lambda lib: lib.arange(12.0).reshape(3, 4)[1:, ::2])
    check_real(lambda lib: lib.arange(3.0).reshape(3, 1).expand(3, 4))
    check_real(lambda lib: lib.arange(24).reshape(2, 3, 4).permute(2, 0, 1))
    check_real(lambda lib: lib.arange(2000).reshape(2, 1000).t())


@pytest.mark.parametrize("dtype", DTYPE_NAMES)
def test_real_ops_results(dtype: str) -> None:
    def build(lib: Any) -> Any:
        x = lib.tensor([[3, 0, 1], [2, 7, 1]], dtype=getattr(lib, dtype))
        return lib.cat([x, x.flip(0)], 1)

    check_real(build)


def test_real_printoptions() -> None:
    try:
        for lib in LIBS:
            lib.set_printoptions(precision=2, threshold=5, edgeitems=1)
        check_real(lambda lib: lib.arange(10.0) / 3)
        check_real(lambda lib: lib.tensor([1.23456, 2.5]))
        for lib in LIBS:
            lib.set_printoptions(profile="default")
            lib.set_printoptions(sci_mode=True)
        check_real(lambda lib: lib.tensor([1.5, 2.0]))
    finally:
        for lib in LIBS:
            lib.set_printoptions(profile="default")


def test_real_printoptions_context() -> None:
    def build(lib: Any) -> str:
        with lib._tensor_str.printoptions(precision=1) if lib is torch else lib.printoptions(precision=1):
            return repr(lib.tensor([1.234, 5.678]))

    assert build(pytensor) == build(torch).replace("torch.", "pytensor.")


def test_real_parameter_like_repr_of_leaf() -> None:
    t = torch.tensor([1.0, 2.0], requires_grad=True)
    p = from_torch(t)
    assert repr(p) == expected(t)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_tensors(), st.booleans())
def test_real_random_tensors_match_torch(t: Any, requires_grad: bool) -> None:
    if t.numel() > 4000:
        t = t.flatten()[:4000]
    if requires_grad and t.dtype.is_floating_point:
        t = t.requires_grad_()
    p = from_torch(t)
    assert repr(p) == expected(t)
    assert str(p) == expected(t)
