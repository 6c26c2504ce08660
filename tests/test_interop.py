"""PyTorch's keyword forms and Python/NumPy interop, checked against installed PyTorch.

Course code calls factories as `torch.rand(size=(3, 4))`, writes `x.sum(1, keepdims=True)`,
indexes with a 0-dim tensor (`data[i:i + 8]`) and multiplies by NumPy scalars. Every expected
value here comes from torch; an argument pytensor does not support must raise, never be ignored.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tests.oracle import assert_same

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402

LIBS = [pytest.param(pt, id="pytensor"), pytest.param(torch, id="torch")]


def both(fn: Callable[[Any], Any], seed: int = 0) -> tuple[Any, Any]:
    """fn(lib) in pytensor and in torch, each after seeding its generator with `seed`."""
    pt.manual_seed(seed)
    p = fn(pt)
    torch.manual_seed(seed)
    t = fn(torch)
    return p, t


def same(fn: Callable[[Any], Any], seed: int = 0) -> None:
    p, t = both(fn, seed)
    assert_same(p, t)


def same_error(fn: Callable[[Any], Any], match_message: bool = True) -> None:
    with pytest.raises(Exception) as t_exc:
        fn(torch)
    with pytest.raises(Exception) as p_exc:
        fn(pt)
    assert type(p_exc.value) is type(t_exc.value), (p_exc.value, t_exc.value)
    if match_message:
        t_msg = str(t_exc.value).split("\n")[0].replace("torch.", "pytensor.")
        assert str(p_exc.value).split("\n")[0] == t_msg


# --- item 2: the factories' keyword forms -------------------------------------------------


@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "rand", "randn"])
@pytest.mark.parametrize(
    "call",
    [
        lambda f: f(size=(3, 4)),
        lambda f: f(size=[2]),
        lambda f: f((2, 3)),
        lambda f: f([2, 3]),
        lambda f: f(2, 3),
        lambda f: f(size=(2, 3), dtype=None, requires_grad=False),
    ],
)
def test_size_forms(name: str, call: Callable[[Any], Any]) -> None:
    """`torch.rand(size=(3, 4))` used to give a 0-dim tensor and shift every later number."""
    if name == "empty":
        p, t = both(lambda lib: call(getattr(lib, name)).shape)
        assert tuple(p) == tuple(t)
    else:
        same(lambda lib: call(getattr(lib, name)))


@pytest.mark.parametrize("name", ["zeros", "ones", "empty", "rand", "randn"])
def test_size_keyword_beside_positional_sizes_raises(name: str) -> None:
    # torch.rand's parser words it "received an invalid combination of arguments"
    same_error(lambda lib: getattr(lib, name)(2, size=(3, 4)), name not in ("rand", "randn"))


@pytest.mark.parametrize(
    "call",
    [
        lambda lib: lib.zeros(2, 3, foo=1),
        lambda lib: lib.rand(2, bogus=True),
        lambda lib: lib.zeros_like(lib.ones(2), size=3),
        lambda lib: lib.tensor([1], out=None),
        lambda lib: lib.eye(2, 3, foo=1),
    ],
)
def test_unknown_keyword_raises(call: Callable[[Any], Any]) -> None:
    # torch's messages differ by binding ("received an invalid combination of arguments" for
    # rand and eye); pytensor always says Python's "got an unexpected keyword argument".
    same_error(call, match_message=False)
    with pytest.raises(TypeError, match="got an unexpected keyword argument"):
        call(pt)


@pytest.mark.parametrize(
    "call",
    [
        lambda lib: lib.eye(2, requires_grad=True),
        lambda lib: lib.eye(n=2, m=3, dtype=lib.float64),
        lambda lib: lib.full(size=(2,), fill_value=3),
        lambda lib: lib.randint(0, 5, size=(2, 3)),
        lambda lib: lib.randint(high=5, size=(2,)),
        lambda lib: lib.randint(5, size=(4,)),
        lambda lib: lib.arange(end=5),
        lambda lib: lib.arange(start=1, end=5, step=2),
        lambda lib: lib.linspace(start=0, end=1, steps=3),
        lambda lib: lib.zeros(2, layout=lib.strided, pin_memory=False),
        lambda lib: lib.zeros(2, layout=None),
        lambda lib: lib.rand(3, generator=None),
        lambda lib: lib.empty(2, memory_format=lib.contiguous_format).shape,
        lambda lib: lib.zeros_like(lib.ones(2, 3).t(), memory_format=lib.preserve_format),
        lambda lib: lib.tensor([1.0], pin_memory=False, requires_grad=True),
    ],
)
def test_torch_keyword_forms(call: Callable[[Any], Any]) -> None:
    same(call)


def test_requires_grad_must_be_bool() -> None:
    same_error(lambda lib: lib.zeros(2, requires_grad=1))
    same_error(lambda lib: lib.ones(2, dtype="float32"))


def test_pin_memory_true_raises_as_on_a_cpu_only_torch() -> None:
    same_error(lambda lib: lib.zeros(2, pin_memory=True))


def test_factory_out_writes_into_the_given_tensor() -> None:
    p, t = both(lambda lib: lib.zeros(2, 3, dtype=lib.int64))
    p_res, t_res = pt.ones(2, 3, out=p), torch.ones(2, 3, out=t)
    assert p_res is p and t_res is t
    assert_same(p, t)

    def rand_into_empty(lib: Any) -> Any:
        out = lib.empty(0)
        lib.rand(2, 2, out=out)
        return out

    same(rand_into_empty)
    same(lambda lib: lib.arange(4, out=lib.empty(0, dtype=lib.float64)))


# The keywords of each factory, taken from torch's own signature: every one is either accepted
# or refused with a TypeError (or torch's error) that names it; none is silently ignored.
_FACTORY_CALLS: dict[str, tuple[Any, ...]] = {
    "zeros": (2, 3), "ones": (2, 3), "empty": (2, 3), "full": ((2, 3), 1.5),
    "rand": (2, 3), "randn": (2, 3), "randint": (0, 5, (2, 3)), "randperm": (5,),
    "eye": (3,), "arange": (0, 5), "linspace": (0, 1, 5), "logspace": (0, 1, 5),
    "tensor": ([1.0, 2.0],), "zeros_like": ("like",), "ones_like": ("like",),
    "empty_like": ("like",), "full_like": ("like", 2.0), "rand_like": ("like",),
    "randn_like": ("like",), "randint_like": ("like", 0, 5), "normal": (0.0, 1.0, (2, 3)),
}  # fmt: skip


def _torch_keywords(name: str) -> dict[str, str]:
    """{keyword: default} of torch.<name>'s keyword-only arguments, from its docstring."""
    first_line = getattr(torch, name).__doc__.strip().split("\n")[0]
    inside = first_line[first_line.index("(") + 1 : first_line.rindex(")")]
    keyword_part = re.split(r"\\?\*,", inside, maxsplit=1)[1]
    pairs = [p.strip().split("=") for p in keyword_part.split(",") if "=" in p]
    return {k.strip(): v.strip() for k, v in pairs}


def _pt_value(torch_default: str) -> Any:
    """The pytensor spelling of a default written in torch's signature."""
    if torch_default.startswith("torch."):
        return getattr(pt, torch_default.removeprefix("torch."))
    return {"None": None, "False": False, "True": True}[torch_default]


class _Unsupported:
    """A value no factory argument accepts."""


def _args(name: str) -> tuple[Any, ...]:
    like = pt.ones(2, 3)
    return tuple(like if a == "like" else a for a in _FACTORY_CALLS[name])


def test_every_torch_factory_keyword_is_accepted_or_refused_by_name() -> None:
    accepted, refused = 0, 0
    for name in _FACTORY_CALLS:
        factory = getattr(pt, name)
        for keyword, default in _torch_keywords(name).items():
            pt.manual_seed(0)
            plain = factory(*_args(name))
            pt.manual_seed(0)
            try:
                with_default = factory(*_args(name), **{keyword: _pt_value(default)})
            except TypeError as exc:  # not supported at all: refused, by name
                assert f"'{keyword}'" in str(exc), (name, keyword, exc)
                refused += 1
                continue
            assert_same(with_default, to_torch(plain), what=f"{name} {keyword}")
            with pytest.raises((TypeError, RuntimeError), match=keyword):
                factory(*_args(name), **{keyword: _Unsupported()})
            accepted += 1
        with pytest.raises(TypeError, match="not_a_torch_keyword"):
            factory(*_args(name), not_a_torch_keyword=1)
    # When written: 112 keywords of 21 factories accepted, and normal's `out` refused.
    assert (accepted, refused) == (112, 1), (accepted, refused)


def test_no_public_function_swallows_keywords() -> None:
    """A `**kwargs` in a public signature could swallow a keyword; each such function is a
    factory checked above, and refuses a keyword it does not know."""
    import inspect

    swallowing = set()
    for name in pt.__all__:
        fn = getattr(pt, name)
        if callable(fn) and not isinstance(fn, type):
            params = inspect.signature(fn).parameters.values()
            if any(p.kind is p.VAR_KEYWORD for p in params):
                swallowing.add(name)
    assert swallowing - {"printoptions"} <= set(_FACTORY_CALLS), swallowing - set(_FACTORY_CALLS)


def to_torch(x: Any) -> Any:
    return torch.tensor(x.tolist(), dtype=getattr(torch, x.dtype.name))


# --- item 2: matmul's keywords, out=, keepdims= and axis= ------------------------------------


def test_matmul_keywords() -> None:
    same(lambda lib: lib.matmul(input=lib.arange(6.0).reshape(2, 3), other=lib.ones(3, 2)))


_OUT_CALLS = {
    "add": lambda lib, out: lib.add(lib.arange(4.0), 2, out=out),
    "add_alpha": lambda lib, out: lib.add(lib.arange(4.0), lib.ones(4), alpha=3, out=out),
    "sub": lambda lib, out: lib.sub(lib.arange(4.0), 1.5, out=out),
    "mul": lambda lib, out: lib.mul(lib.arange(4.0), lib.arange(4.0), out=out),
    "div": lambda lib, out: lib.div(lib.arange(4.0), 3, out=out),
    "div_floor": lambda lib, out: lib.div(lib.arange(4.0), 3, rounding_mode="floor", out=out),
    "matmul": lambda lib, out: lib.matmul(lib.ones(4, 3), lib.arange(3.0), out=out),
    "cat": lambda lib, out: lib.cat([lib.ones(2), lib.arange(2.0)], out=out),
    "stack": lambda lib, out: lib.stack([lib.ones(2), lib.arange(2.0)], dim=1, out=out)[0],
    "sum": lambda lib, out: lib.sum(lib.arange(8.0).reshape(2, 4), 1, out=out),
    "exp": lambda lib, out: lib.exp(lib.arange(4.0), out=out),
}


@pytest.mark.parametrize("name", list(_OUT_CALLS))
@pytest.mark.parametrize("out_shape", [(0,), (4,), (3,)], ids=["empty", "same", "resized"])
def test_out_writes_into_the_given_tensor(name: str, out_shape: tuple[int, ...]) -> None:
    def call(lib: Any) -> Any:
        out = lib.full(out_shape, -1.0)
        with warnings.catch_warnings(record=True):  # torch warns when it resizes a nonempty out
            warnings.simplefilter("always")
            result = _OUT_CALLS[name](lib, out)
        if name != "stack":
            assert result is out
        return out

    same(call)


@pytest.mark.parametrize("name", list(_OUT_CALLS))
@pytest.mark.parametrize("dt", ["float64", "int64", "float16"])
def test_out_of_another_dtype(name: str, dt: str) -> None:
    """Each op's own rule: most take any out of the same or a higher category, matmul only its
    own dtype, sum sums in out's dtype, cat refuses with a TypeError."""

    def call(lib: Any) -> Any:
        return _OUT_CALLS[name](lib, lib.zeros(0, dtype=getattr(lib, dt)))

    try:
        torch.manual_seed(0)
        call(torch)
    except Exception:
        same_error(call)
    else:
        same(call)


def test_out_refuses_autograd() -> None:
    same_error(lambda lib: lib.add(lib.ones(2, requires_grad=True), 1, out=lib.empty(2)))


def test_out_must_be_a_tensor() -> None:
    with pytest.raises(TypeError, match="out"):
        pt.add(pt.ones(2), 1, out=[0.0, 0.0])


@pytest.mark.parametrize(
    "call",
    [
        lambda lib, x: x.sum(1, keepdims=True),
        lambda lib, x: x.sum(axis=0),
        lambda lib, x: lib.sum(x, axis=1, keepdims=True),
        lambda lib, x: x.mean(axis=1, keepdims=True),
        lambda lib, x: lib.mean(x, axis=0),
        lambda lib, x: x.max(axis=1, keepdims=True)[0],
        lambda lib, x: x.amax(axis=0),
        lambda lib, x: x.argmax(axis=1, keepdims=True),
        lambda lib, x: x.std(axis=0, keepdims=True),
        lambda lib, x: x.var(axis=1),
        lambda lib, x: x.prod(axis=1),
        lambda lib, x: x.logsumexp(axis=1, keepdims=True),
        lambda lib, x: (x > 2).any(axis=1),
        lambda lib, x: lib.cat([x, x], axis=0),
        lambda lib, x: lib.stack([x, x], axis=1),
        lambda lib, x: lib.softmax(x, axis=1),
        lambda lib, x: x.unsqueeze(axis=0),
    ],
)
def test_numpy_spellings_of_dim_and_keepdim(call: Callable[[Any, Any], Any]) -> None:
    same(lambda lib: call(lib, lib.arange(12.0).reshape(3, 4)))


def test_axis_beside_dim_raises() -> None:
    with pytest.raises(TypeError, match="dim"):
        pt.ones(2, 3).sum(0, axis=1)


# --- item 3: Python and NumPy interop ------------------------------------------------------


def test_zero_dim_integer_tensor_as_index_and_slice_bounds() -> None:
    def slices(lib: Any) -> Any:
        data = lib.arange(20)
        i = lib.tensor([3, 7])[1]
        return data[i : i + 4], data[i], data[:i:lib.tensor(2)], data[lib.tensor(2) :]

    same(slices)
    i = pt.tensor(2)
    assert [10, 20, 30][i] == 30
    assert list(range(pt.tensor([4]))) == [0, 1, 2, 3]
    assert "abc"[pt.tensor(1, dtype=pt.int32)] == "b"


@pytest.mark.parametrize("bad", [lambda lib: lib.tensor(2.0), lambda lib: lib.tensor([1, 2])])
def test_index_refuses_floats_and_several_elements(bad: Callable[[Any], Any]) -> None:
    same_error(lambda lib: [1, 2, 3][bad(lib)])


_NP_SCALARS = [np.float32(2.5), np.float64(-1.5), np.int64(3), np.int32(2), np.float16(0.5)]


@pytest.mark.parametrize("scalar", _NP_SCALARS, ids=lambda s: type(s).__name__)
@pytest.mark.parametrize("dt", ["float32", "float64", "int32", "int64"])
@pytest.mark.parametrize(
    "op",
    [
        lambda t, s: t * s,
        lambda t, s: s * t,
        lambda t, s: s + t,
        lambda t, s: t - s,
        lambda t, s: s - t,
        lambda t, s: s / t,
        lambda t, s: t / s,
        lambda t, s: s < t,
        lambda t, s: t >= s,
        lambda t, s: s == t,
    ],
)
def test_numpy_scalars_on_either_side(scalar: Any, dt: str, op: Callable[[Any, Any], Any]) -> None:
    """`np.float32(2) * t` gives a tensor in torch (Tensor.__array_priority__ = 1000), and a
    NumPy scalar promotes as the Python number it holds (np.float64 * float32 stays float32)."""
    same(lambda lib: op(lib.tensor([1, 2, 3], dtype=getattr(lib, dt)), scalar))


def test_numpy_scalar_in_functions() -> None:
    same(lambda lib: lib.add(lib.ones(2), np.float32(2)))
    same(lambda lib: lib.ones(2, dtype=lib.float16) * np.float64(3.0))


@pytest.mark.parametrize("other", ["abc", None, object(), [1.0, 2.0], (1.0,)], ids=repr)
def test_comparisons_with_non_numbers(other: Any) -> None:
    """`t == "abc"` is False and `t != None` True: Tensor.__eq__ returns NotImplemented, so
    Python falls back to identity, and `"x" in (t, "x")` works."""
    p_t, t_t = pt.ones(2), torch.ones(2)
    assert (p_t == other) is (t_t == other)
    assert (p_t != other) is (t_t != other)
    assert ("abc" in (p_t, "abc")) is ("abc" in (t_t, "abc"))
    assert (p_t in [p_t]) is True


def test_ordering_with_a_string_raises_type_error() -> None:
    same_error(lambda lib: lib.ones(2) < "a")


@pytest.mark.parametrize(
    "value",
    [
        lambda lib: 0.0,
        lambda lib: np.ones(2, dtype=np.float32),
        lambda lib: [1.0, 1.0],
        lambda lib: lib.ones(3),
        lambda lib: lib.ones(2, dtype=lib.float64),
        lambda lib: lib.ones(2, dtype=lib.int64),
        lambda lib: lib.ones(1, 2),
    ],
)
def test_assigning_grad_checks_type_shape_and_dtype(value: Callable[[Any], Any]) -> None:
    def assign(lib: Any) -> None:
        a = lib.ones(2, requires_grad=True)
        a.grad = value(lib)

    same_error(assign)


def test_assigning_a_matching_grad_or_none() -> None:
    def assign(lib: Any) -> Any:
        a = lib.ones(2, requires_grad=True)
        a.grad = lib.full((2,), 3.0)
        kept = a.grad
        a.grad = None
        b = lib.ones(2, dtype=lib.int64)
        b.grad = lib.ones(2, dtype=lib.int64)
        return kept, a.grad, b.grad

    same(assign)
