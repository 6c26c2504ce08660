"""The piecewise and smooth activations (hardtanh ... softmin) against torch.

Every expected value comes from torch: the same inputs go through `torch.nn.functional` and
`pytensor.nn.functional`, and the outputs, the input gradients, the signs of zeros and the
grad_fn names must agree. The special points are the kinks (where ATen picks one side's
gradient), signed zeros, infinities, nan and large values. Each test runs on every backend.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tests import oracle

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402
import pytensor.nn as pnn  # noqa: E402
import pytensor.nn.functional as PF  # noqa: E402

INF = math.inf
# The kinks of every function below (0, +-0.5, +-1, -2, +-3, 6), plus signed zeros, infinities,
# nan and values far out on either side.
SPECIAL = [
    -INF, -1e30, -100.0, -20.0, -6.0, -3.0, -2.0, -1.0, -0.5, -0.25, -0.0, 0.0, 0.25, 0.5, 1.0,
    2.0, 3.0, 6.0, 20.0, 100.0, 1e30, INF, math.nan,
]  # fmt: skip
TOL = {"float32": (1e-5, 1e-6), "float64": (1e-10, 1e-12)}

# name -> fn(F, x): one call, written once for both libraries.
UNARY: dict[str, Callable[[Any, Any], Any]] = {
    "hardtanh": lambda F, x: F.hardtanh(x),
    "hardtanh_range": lambda F, x: F.hardtanh(x, -2.0, 3.0),
    "relu6": lambda F, x: F.relu6(x),
    "hardsigmoid": lambda F, x: F.hardsigmoid(x),
    "hardswish": lambda F, x: F.hardswish(x),
    "logsigmoid": lambda F, x: F.logsigmoid(x),
    "selu": lambda F, x: F.selu(x),
    "celu": lambda F, x: F.celu(x),
    "celu_alpha": lambda F, x: F.celu(x, 2.0),
    "softsign": lambda F, x: F.softsign(x),
    "mish": lambda F, x: F.mish(x),
    "threshold": lambda F, x: F.threshold(x, 1.0, -5.0),
    "hardshrink": lambda F, x: F.hardshrink(x),
    "hardshrink_lambd": lambda F, x: F.hardshrink(x, 1.0),
    "softshrink": lambda F, x: F.softshrink(x),
    "softshrink_lambd": lambda F, x: F.softshrink(x, 1.0),
    "tanhshrink": lambda F, x: F.tanhshrink(x),
    "prelu_scalar": lambda F, x: F.prelu(x, x.new_tensor([0.25])),
    "glu": lambda F, x: F.glu(x, 0),
    "softmin": lambda F, x: F.softmin(x, 0),
}

# name -> fn(F, x, inplace): the functions that take `inplace=`.
INPLACE: dict[str, Callable[[Any, Any, bool], Any]] = {
    "hardtanh": lambda F, x, ip: F.hardtanh(x, -2.0, 3.0, ip),
    "relu6": lambda F, x, ip: F.relu6(x, ip),
    "hardsigmoid": lambda F, x, ip: F.hardsigmoid(x, ip),
    "hardswish": lambda F, x, ip: F.hardswish(x, ip),
    "selu": lambda F, x, ip: F.selu(x, ip),
    "celu": lambda F, x, ip: F.celu(x, 0.5, ip),
    "mish": lambda F, x, ip: F.mish(x, ip),
    "threshold": lambda F, x, ip: F.threshold(x, 1.0, -5.0, ip),
}


@pytest.fixture(params=oracle.DEVICES, autouse=True)
def on_each_device(request: Any) -> Any:
    yield from oracle.use_device(request.param)


def _pair(values: list[float], dtype: str) -> tuple[Any, Any]:
    """Leaves holding `values` in both libraries."""
    tx = torch.tensor(values, dtype=getattr(torch, dtype), requires_grad=True)
    px = pt.tensor(values, dtype=getattr(pt, dtype), device=oracle.DEVICE, requires_grad=True)
    return tx, px


def _assert_same(actual: Any, expected: Any, dtype: str, what: str, signs: bool = True) -> None:
    """Values (nan where torch has nan) and, unless `signs` is False, the signs of zeros."""
    got = np.array(actual.detach().cpu().tolist(), dtype=float)
    want = expected.detach().double().numpy()
    rtol, atol = TOL[dtype]
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)
    zeros = want == 0
    assert not signs or list(np.signbit(got[zeros])) == list(np.signbit(want[zeros])), (
        f"{what}: sign of 0"
    )


def _compare(
    name: str, fn: Callable[[Any, Any], Any], tx: Any, px: Any, dtype: str, signs: bool = True
) -> None:
    ty = fn(torch.nn.functional, tx)
    py = fn(PF, px)
    _assert_same(py, ty, dtype, f"{name} forward", signs)
    assert py.dtype.name == dtype
    assert py.grad_fn.name() == type(ty.grad_fn).__name__
    # A gradient that is not all ones, so that a formula that forgets g shows.
    weights = [0.5 + 0.25 * (i % 5) for i in range(ty.numel())]
    tg = torch.tensor(weights, dtype=ty.dtype).reshape(ty.shape)
    pg = pt.tensor(weights, dtype=py.dtype, device=oracle.DEVICE).reshape(tuple(py.shape))
    ty.backward(tg)
    py.backward(pg)
    _assert_same(px.grad, tx.grad, dtype, f"{name} gradient")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(UNARY))
def test_special_points(name: str, dtype: str) -> None:
    values = SPECIAL + [0.75] if name == "glu" else SPECIAL  # glu halves: an even length
    if name == "softmin":
        values = [v for v in SPECIAL if math.isfinite(v) and abs(v) < 1e3]
    tx, px = _pair(values, dtype)
    # softshrink's sign of zero follows the element's position in ATen's loops (see below),
    # and the vector width that decides it differs between CPUs.
    _compare(name, UNARY[name], tx, px, dtype, signs=not name.startswith("softshrink"))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(UNARY))
def test_random_non_contiguous(name: str, dtype: str) -> None:
    # crc32, not hash(): str hashes change from run to run, and so would the inputs.
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    values = (rng.standard_normal((4, 6)) * 4).tolist()
    tx, px = _pair(values, dtype)

    def fn(F: Any, x: Any) -> Any:
        return UNARY[name](F, x.t()[:, 1:])  # a transposed, offset view: (5, 4), (1, 6) strides

    # ATen's softshrink gives +0 in the dead zone in its vectorised loop and -0 (x * 0) for a
    # negative x in its scalar tail: torch's sign there depends on where the element sits.
    _compare(name, fn, tx, px, dtype, signs=not name.startswith("softshrink"))


GRADCHECK: dict[str, Callable[[Any, Any], Any]] = {
    **UNARY,
    "prelu_channels": lambda F, x: F.prelu(x.reshape(2, 3, 2), x.new_tensor([0.1, -0.5, 2.0])),
    "glu_last": lambda F, x: F.glu(x.reshape(3, 4)),
    "softmin_dtype": lambda F, x: F.softmin(x.reshape(3, 4), 1, dtype=x.dtype),
}


@pytest.mark.parametrize("name", list(GRADCHECK))
def test_gradcheck_float64(name: str) -> None:
    # Random points are never within eps of a kink, where the one-sided limits differ.
    rng = np.random.default_rng(7)
    values = (rng.standard_normal(12) * 3).tolist()
    x = pt.tensor(values, dtype=pt.float64, device=oracle.DEVICE, requires_grad=True)
    fn = GRADCHECK[name]
    assert pt.autograd.gradcheck(lambda t: fn(PF, t), (x,), eps=1e-6, atol=1e-5, rtol=1e-3)
    tx = torch.tensor(values, dtype=torch.float64)
    _assert_same(fn(PF, x), fn(torch.nn.functional, tx), "float64", name)


@pytest.mark.parametrize("name", ["hardswish", "selu", "mish", "logsigmoid", "glu", "softmin"])
def test_second_derivative(name: str) -> None:
    # The backward formulas are tensor ops, so they differentiate again; against torch's.
    values = [-2.5, -1.2, -0.4, 0.3, 1.1, 2.7]
    tx, px = _pair(values, "float64")
    ty = UNARY[name](torch.nn.functional, tx)
    py = UNARY[name](PF, px)
    # Weighted: softmin's outputs sum to 1, so the gradient of a plain sum is rounding noise.
    weights = [0.5, -1.0, 2.0, 0.25, 1.5, -0.75][: ty.numel()]
    tw = torch.tensor(weights, dtype=ty.dtype)
    pw = pt.tensor(weights, dtype=py.dtype, device=oracle.DEVICE)
    (tg,) = torch.autograd.grad((ty * tw).sum(), tx, create_graph=True)
    (pg,) = pt.autograd.grad((py * pw).sum(), px, create_graph=True)
    assert pg is not None
    (tgg,) = torch.autograd.grad((tg * tg).sum(), tx)
    (pgg,) = pt.autograd.grad((pg * pg).sum(), px)
    # Signs of zero are not compared: ATen's double-backward formulas zero the unused side
    # with a where (+0), where differentiating a where through a product can give -0.
    _assert_same(pgg, tgg, "float64", f"{name} second derivative", signs=False)


@pytest.mark.parametrize("name", list(INPLACE))
def test_inplace(name: str) -> None:
    values = [-7.0, -3.0, -1.0, -0.0, 0.5, 1.0, 3.0, 6.5]
    tleaf, pleaf = _pair(values, "float64")
    tx = tleaf * 1.0  # in-place ops need a non-leaf
    px = pleaf * 1.0
    ty = INPLACE[name](torch.nn.functional, tx, True)
    py = INPLACE[name](PF, px, True)
    assert py is px
    assert py.grad_fn.name() == type(ty.grad_fn).__name__
    _assert_same(px, tx, "float64", f"{name} in place")
    ty.sum().backward()
    py.sum().backward()
    _assert_same(pleaf.grad, tleaf.grad, "float64", f"{name} in-place gradient")
    # inplace=False leaves the input alone.
    kept = pt.tensor(values, dtype=pt.float64, device=oracle.DEVICE)
    INPLACE[name](PF, kept, False)
    assert kept.tolist() == values


@pytest.mark.parametrize("name", list(INPLACE))
def test_inplace_on_leaf_raises(name: str) -> None:
    _, px = _pair([1.0, -1.0], "float32")
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        INPLACE[name](PF, px, True)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    ("shape", "slopes"),
    [((2, 3, 4), [0.25, -1.0, 2.0]), ((5, 3), [0.1, 0.2, 0.3]), ((2, 3, 2, 2), [0.5]), ((), [0.3])],
)
def test_prelu_weight_gradient(shape: tuple[int, ...], slopes: list[float], dtype: str) -> None:
    rng = np.random.default_rng(3)
    values = rng.standard_normal(shape).tolist()
    values = values if shape else float(values)
    tx = torch.tensor(values, dtype=getattr(torch, dtype), requires_grad=True)
    px = pt.tensor(values, dtype=getattr(pt, dtype), device=oracle.DEVICE, requires_grad=True)
    tw = torch.tensor(slopes, dtype=tx.dtype, requires_grad=True)
    pw = pt.tensor(slopes, dtype=px.dtype, device=oracle.DEVICE, requires_grad=True)
    ty = torch.nn.functional.prelu(tx, tw)
    py = PF.prelu(px, pw)
    assert py.grad_fn is not None
    assert py.grad_fn.name() == type(ty.grad_fn).__name__ == "PreluKernelBackward0"
    _assert_same(py, ty, dtype, "prelu")
    (ty * ty).sum().backward()
    (py * py).sum().backward()
    _assert_same(px.grad, tx.grad, dtype, "prelu input gradient")
    _assert_same(pw.grad, tw.grad, dtype, "prelu weight gradient")


def test_prelu_errors() -> None:
    def message(lib: Any, x: list[Any], w: list[float]) -> str:
        with pytest.raises(RuntimeError) as info:
            lib.nn.functional.prelu(lib.tensor(x), lib.tensor(w))
        return str(info.value)

    assert message(pt, [[1.0, 2.0]], [0.1, 0.2, 0.3]) == message(
        torch, [[1.0, 2.0]], [0.1, 0.2, 0.3]
    )


@pytest.mark.parametrize(("shape", "dim"), [((3,), 0), ((2, 5), 1), ((), 0), ((4, 6), 1)])
def test_glu_errors(shape: tuple[int, ...], dim: int) -> None:
    if shape == (4, 6):
        return  # even: no error
    with pytest.raises(RuntimeError) as theirs:
        torch.nn.functional.glu(torch.ones(shape), dim)
    with pytest.raises(RuntimeError) as ours:
        PF.glu(pt.ones(shape, device=oracle.DEVICE), dim)
    assert str(ours.value) == str(theirs.value)


def test_argument_errors() -> None:
    calls: list[Callable[[Any, Any], Any]] = [
        lambda F, x: F.hardtanh(x, 2.0, 1.0),
        lambda F, x: F.softshrink(x, -1.0),
        lambda F, x: F.celu(x, 0.0),
    ]
    for call in calls:
        with pytest.raises(Exception) as theirs:
            call(torch.nn.functional, torch.ones(2))
        with pytest.raises(Exception) as ours:
            call(PF, pt.ones(2, device=oracle.DEVICE))
        assert type(ours.value) is type(theirs.value)
        assert str(ours.value) == str(theirs.value)


def test_softmin_implicit_dim_warns() -> None:
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        out = PF.softmin(pt.tensor([[1.0, 2.0], [3.0, 5.0]], device=oracle.DEVICE))
    with pytest.warns(UserWarning):
        expected = torch.nn.functional.softmin(torch.tensor([[1.0, 2.0], [3.0, 5.0]]))
    _assert_same(out, expected, "float32", "softmin without dim")


# Module constructions: the same arguments given to both libraries' classes.
MODULES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("Hardtanh", (), {}),
    ("Hardtanh", (-2.0, 3.0, True), {}),
    ("ReLU6", (), {}),
    ("ReLU6", (True,), {}),
    ("Hardsigmoid", (), {}),
    ("Hardsigmoid", (True,), {}),
    ("Hardswish", (), {}),
    ("LogSigmoid", (), {}),
    ("SELU", (), {}),
    ("SELU", (True,), {}),
    ("CELU", (), {}),
    ("CELU", (0.5, True), {}),
    ("Softsign", (), {}),
    ("Mish", (), {}),
    ("Mish", (True,), {}),
    ("Threshold", (0.1, 20), {}),
    ("Threshold", (0.1, 20.0, True), {}),
    ("Hardshrink", (), {}),
    ("Hardshrink", (1.5,), {}),
    ("Softshrink", (), {}),
    ("Softshrink", (), {"lambd": 2}),
    ("Tanhshrink", (), {}),
    ("GLU", (), {}),
    ("GLU", (0,), {}),
    ("PReLU", (), {}),
    ("PReLU", (3, 0.1), {}),
    ("Softmin", (), {}),
    ("Softmin", (1,), {}),
]


@pytest.mark.parametrize(("cls", "args", "kwargs"), MODULES, ids=lambda v: str(v))
def test_module_repr_and_forward(cls: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    # float64 modules for float64 inputs (PReLU's weight must match its input's dtype).
    theirs = getattr(torch.nn, cls)(*args, **kwargs).double()
    ours = getattr(pnn, cls)(*args, **kwargs).double().to(oracle.DEVICE)
    assert repr(ours) == repr(theirs)
    values = np.random.default_rng(5).standard_normal((2, 3, 4)).tolist()
    tx = torch.tensor(values, dtype=torch.float64)
    px = pt.tensor(values, dtype=pt.float64, device=oracle.DEVICE)
    if cls == "Softmin" and not args:
        with pytest.warns(UserWarning):
            ty = theirs(tx)
        with pytest.warns(UserWarning):
            py = ours(px)
    else:
        ty = theirs(tx)
        py = ours(px)
    _assert_same(py, ty, "float64", f"{cls} forward")


def test_prelu_module_parameters_and_state_dict() -> None:
    theirs = torch.nn.PReLU(3, init=0.1)
    ours = pnn.PReLU(3, init=0.1)
    assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight"]
    assert ours.weight.tolist() == pytest.approx(theirs.weight.tolist())
    assert isinstance(ours.weight, pnn.Parameter)
    assert ours.weight.dtype is pt.float32
    assert (ours.num_parameters, ours.init) == (theirs.num_parameters, theirs.init)
    assert repr(ours.weight) == repr(theirs.weight)
    ours.load_state_dict({"weight": pt.tensor([0.5, -0.5, 1.0])})
    assert ours.weight.tolist() == [0.5, -0.5, 1.0]
    # The weight learns: one step of a loss through the module moves it as torch's moves.
    x = [[[-1.0, 2.0], [-3.0, 0.5], [-0.5, -0.25]]]
    theirs.weight.data = torch.tensor([0.5, -0.5, 1.0])
    theirs(torch.tensor(x)).sum().backward()
    ours.to(oracle.DEVICE)(pt.tensor(x, device=oracle.DEVICE)).sum().backward()
    assert ours.weight.grad is not None and theirs.weight.grad is not None
    assert ours.weight.grad.tolist() == pytest.approx(theirs.weight.grad.tolist())


def test_module_inplace_overwrites_input() -> None:
    x = pt.tensor([-8.0, 0.5, 9.0], device=oracle.DEVICE)
    y = pnn.ReLU6(inplace=True)(x)
    assert y is x
    assert x.tolist() == [0.0, 0.5, 6.0]


def test_hardtanh_deprecated_keywords() -> None:
    with pytest.warns(FutureWarning, match="min_value"):
        ours = pnn.Hardtanh(min_value=-3.0)
    with pytest.warns(FutureWarning):
        theirs = torch.nn.Hardtanh(min_value=-3.0)
    assert repr(ours) == repr(theirs)


# The names torch also has outside nn.functional: fn(lib, x) with lib torch or pytensor.
NAMESPACE: dict[str, Callable[[Any, Any], Any]] = {
    "torch.selu": lambda lib, x: lib.selu(x),
    "torch.selu_": lambda lib, x: lib.selu_(x),
    "torch.celu": lambda lib, x: lib.celu(x, 2.0),
    "torch.celu_": lambda lib, x: lib.celu_(x, 0.5),
    "torch.threshold": lambda lib, x: lib.threshold(x, 1.0, -5.0),
    "torch.threshold_": lambda lib, x: lib.threshold_(x, 1.0, -5.0),
    "torch.hardshrink": lambda lib, x: lib.hardshrink(x, 1.0),
    "torch.prelu": lambda lib, x: lib.prelu(x, x.new_tensor([0.25])),
    "F.hardtanh_": lambda lib, x: lib.nn.functional.hardtanh_(x, -2.0, 3.0),
    "F.threshold_": lambda lib, x: lib.nn.functional.threshold_(x, 1.0, -5.0),
    "F.selu_": lambda lib, x: lib.nn.functional.selu_(x),
    "F.celu_": lambda lib, x: lib.nn.functional.celu_(x, 0.5),
}


@pytest.mark.parametrize("name", list(NAMESPACE))
def test_torch_namespace_and_underscore_forms(name: str) -> None:
    values = [-7.0, -3.0, -1.0, -0.0, 0.5, 1.0, 3.0, 6.5]
    tleaf, pleaf = _pair(values, "float64")
    tx = tleaf * 1.0  # the in-place forms need a non-leaf
    px = pleaf * 1.0
    ty = NAMESPACE[name](torch, tx)
    py = NAMESPACE[name](pt, px)
    assert (py is px) == (ty is tx)
    assert py.grad_fn.name() == type(ty.grad_fn).__name__
    _assert_same(py, ty, "float64", name)
    ty.sum().backward()
    py.sum().backward()
    _assert_same(pleaf.grad, tleaf.grad, "float64", f"{name} gradient")


def test_tensor_methods_and_top_level_names() -> None:
    # torch has hardshrink and prelu as Tensor methods too, and the rest at top level only.
    values = [-1.0, -0.3, 0.5, 0.7, 2.0]
    tx, px = _pair(values, "float64")
    tw = torch.tensor([0.25], dtype=torch.float64)
    pw = pt.tensor([0.25], dtype=pt.float64, device=oracle.DEVICE)
    for ours, theirs in [
        (px.hardshrink(0.6), tx.hardshrink(0.6)),
        (px.prelu(pw), tx.prelu(tw)),
        (pt.hardshrink(px), torch.hardshrink(tx)),
        (pt.selu(px), torch.selu(tx)),
        (pt.celu(px, 2.0), torch.celu(tx, 2.0)),
        (pt.threshold(px, 0.5, 9.0), torch.threshold(tx, 0.5, 9.0)),
    ]:
        assert ours.grad_fn.name() == type(theirs.grad_fn).__name__
        _assert_same(ours, theirs, "float64", ours.grad_fn.name())
