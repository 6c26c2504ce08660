"""pytensor.optim against torch.optim: the same problem, the same steps, the same numbers.

Each test builds the same parameters in both libraries from one set of numpy values, lets each
library compute its own loss and gradients, runs the optimizer, and compares the parameters
(and optimizer state) with PyTorch's.

The loss used for the trajectories is elementwise, sum((W * x - y)**2) + sum(b**2 * c), so that
both libraries compute bit-identical gradients and any difference comes from the optimizer's
arithmetic. One test uses a matmul loss as in a real model, with a looser tolerance because the
two matmuls sum in different orders.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor  # noqa: E402
import pytensor.optim  # noqa: E402

LIBS = {"torch": torch, "pytensor": pytensor}
STEPS = 20

_rng = np.random.default_rng(1234)
W0 = _rng.standard_normal((3, 4))
B0 = _rng.standard_normal(3)
X = _rng.standard_normal(4)
Y = _rng.standard_normal((3, 4))
C = _rng.uniform(0.5, 2.0, 3)
XM = _rng.standard_normal((4, 5))  # for the matmul loss
YM = _rng.standard_normal((3, 5))

# float32: 1e-6 relative, with an absolute floor for entries that pass near zero.
TOL = {"float32": {"rtol": 1e-6, "atol": 1e-7}, "float64": {"rtol": 1e-12, "atol": 1e-14}}
# torch's float32 sqrt on the CPU (MKL's vector math) is not always correctly rounded: about
# 1 in 6 results is 1 ulp off (see test_float32_sqrt_is_correctly_rounded). pytensor's sqrt is
# the IEEE one. Centered RMSprop with momentum amplifies that ulp past 1e-6 in one element after
# 10 steps, so that one case is compared at 5e-6.
SQRT_DRIFT = {"float32": {"rtol": 5e-6, "atol": 1e-7}, "float64": TOL["float64"]}


def lib_dtype(lib: Any, dtype: str) -> Any:
    return getattr(lib, dtype)


def make_params(lib: Any, dtype: str, values: tuple[np.ndarray, ...] = (W0, B0)) -> list[Any]:
    return [lib.tensor(v.tolist(), dtype=lib_dtype(lib, dtype), requires_grad=True) for v in values]


def make_loss(lib: Any, params: list[Any], dtype: str, sign: float = 1.0) -> Callable[[], Any]:
    """The loss as a function of the current parameter values, computed by `lib` itself."""
    dt = lib_dtype(lib, dtype)
    x, y, c = (lib.tensor(v.tolist(), dtype=dt) for v in (X, Y, C))
    W, b = params

    def loss() -> Any:
        return (((W * x - y) ** 2).sum() + (b**2 * c).sum()) * sign

    return loss


def to_numpy(t: Any) -> np.ndarray:
    return np.array(t.detach().tolist())


def optimizer_class(lib: Any, name: str) -> Any:
    return getattr(lib.optim, name)


def run(lib: Any, name: str, kwargs: dict[str, Any], dtype: str = "float32",
        steps: int = STEPS) -> list[np.ndarray]:  # fmt: skip
    params = make_params(lib, dtype)
    sign = -1.0 if kwargs.get("maximize") else 1.0  # maximize the negated loss: still converges
    loss_fn = make_loss(lib, params, dtype, sign)
    opt = optimizer_class(lib, name)(params, **kwargs)
    for _ in range(steps):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
    return [to_numpy(p) for p in params]


def assert_params_close(got: list[np.ndarray], want: list[np.ndarray], dtype: str) -> None:
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, **TOL[dtype])


def _tolerances(name: str, kwargs: dict[str, Any]) -> dict[str, dict[str, float]]:
    return SQRT_DRIFT if name == "RMSprop" and kwargs.get("centered") else TOL


def test_float32_sqrt_is_correctly_rounded() -> None:
    """pytensor's float32 sqrt is the correctly rounded one (NumPy's); torch's differs by an ulp
    on some inputs, which is why SQRT_DRIFT exists."""
    values = np.abs(np.random.default_rng(1).standard_normal(2000).astype(np.float32))
    ours = to_numpy(pytensor.tensor(values.tolist()).sqrt())
    np.testing.assert_array_equal(ours, np.sqrt(values))


def assert_same_structure(
    got: Any,
    want: Any,
    dtype: str = "float32",
    path: str = "",
    tolerances: dict[str, dict[str, float]] = TOL,
) -> None:
    """Equal dicts/lists/values, with tensors compared by value, dtype and shape."""
    if isinstance(want, torch.Tensor):
        assert isinstance(got, pytensor.Tensor), path
        assert str(got.dtype).split(".")[-1] == str(want.dtype).split(".")[-1], path
        assert tuple(got.shape) == tuple(want.shape), path
        np.testing.assert_allclose(to_numpy(got), want.detach().numpy(), **tolerances[dtype])
    elif isinstance(want, dict):
        assert isinstance(got, dict), path
        assert list(got.keys()) == list(want.keys()), path
        for k in want:
            assert_same_structure(got[k], want[k], dtype, f"{path}/{k}", tolerances)
    elif isinstance(want, (list, tuple)):
        assert type(got) is type(want) and len(got) == len(want), path
        for i, (g, w) in enumerate(zip(got, want)):
            assert_same_structure(g, w, dtype, f"{path}[{i}]", tolerances)
    else:
        assert got == want, path


# --- trajectories over a grid of options ---------------------------------------------------

GRID = [
    ("SGD", {"lr": 0.05}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.3}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "momentum": 0.5, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 0.1,
             "maximize": True}),
    ("Adam", {}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1, "amsgrad": True, "maximize": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("AdamW", {}),
    ("AdamW", {"lr": 0.05, "weight_decay": 0.5}),
    ("AdamW", {"lr": 0.05, "amsgrad": True}),
    ("AdamW", {"lr": 0.05, "betas": (0.5, 0.9), "maximize": True}),
    ("RMSprop", {}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "eps": 1e-4, "maximize": True}),
    ("Adagrad", {}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1, "initial_accumulator_value": 0.5, "eps": 1e-5}),
    ("Adagrad", {"lr": 0.1, "maximize": True}),
]  # fmt: skip


def _grid_id(case: tuple[str, dict[str, Any]]) -> str:
    name, kwargs = case
    return name + "(" + ",".join(f"{k}={v}" for k, v in kwargs.items()) + ")"


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("case", GRID, ids=[_grid_id(c) for c in GRID])
def test_trajectory_matches_torch(case: tuple[str, dict[str, Any]], dtype: str) -> None:
    name, kwargs = case
    want = run(torch, name, kwargs, dtype)
    got = run(pytensor, name, kwargs, dtype)
    assert_params_close(got, want, dtype)


@pytest.mark.parametrize("name", ["SGD", "Adam", "RMSprop"])
def test_matmul_loss_trajectory(name: str) -> None:
    """A loss with a matmul, as in a Linear layer. The two matmuls may round differently in
    the last bit (different summation order), so this compares at 1e-5."""
    results = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        x, y, c = (lib.tensor(v.tolist()) for v in (XM, YM, C))
        opt = optimizer_class(lib, name)([W, b], lr=0.01)
        for _ in range(STEPS):
            opt.zero_grad()
            (((W @ x - y) ** 2).sum() + (b**2 * c).sum()).backward()
            opt.step()
        results.append([to_numpy(W), to_numpy(b)])
    for g, w in zip(results[1], results[0]):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)


# --- param groups, zero_grad, closures ---------------------------------------------------------


def _two_group_run(lib: Any, name: str, extra: dict[str, Any]) -> list[np.ndarray]:
    params = make_params(lib, "float32")
    loss_fn = make_loss(lib, params, "float32")
    W, b = params
    opt = optimizer_class(lib, name)(
        [{"params": [W]}, {"params": [b], "lr": 0.003, **extra}], lr=0.05
    )
    for _ in range(STEPS):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
    return [to_numpy(p) for p in params]


@pytest.mark.parametrize(
    "name,extra",
    [("SGD", {"momentum": 0.9}), ("Adam", {"betas": (0.5, 0.6)}), ("RMSprop", {"centered": True}),
     ("Adagrad", {"lr_decay": 0.5}), ("AdamW", {"weight_decay": 0.3})],
)  # fmt: skip
def test_param_groups_with_different_options(name: str, extra: dict[str, Any]) -> None:
    assert_params_close(
        _two_group_run(pytensor, name, extra), _two_group_run(torch, name, extra), "float32"
    )


def test_param_groups_fill_in_defaults_like_torch() -> None:
    groups = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        opt = lib.optim.Adam([{"params": [W]}, {"params": b, "lr": 0.1}], lr=0.01)
        groups.append([{k: v for k, v in g.items() if k != "params"} for g in opt.param_groups])
        assert len(opt.param_groups[1]["params"]) == 1
    assert groups[1] == groups[0]


@pytest.mark.parametrize("set_to_none", [True, False])
def test_zero_grad(set_to_none: bool) -> None:
    """After zero_grad the grads are None, or the same tensors filled with zeros; a step with
    zero grads still moves parameters through weight decay and momentum, a step with None
    grads does not."""
    results = []
    for lib in (torch, pytensor):
        params = make_params(lib, "float32")
        loss_fn = make_loss(lib, params, "float32")
        opt = lib.optim.SGD(params, lr=0.1, momentum=0.9, weight_decay=0.1)
        loss_fn().backward()
        opt.step()
        grads_before = [p.grad for p in params]
        opt.zero_grad(set_to_none=set_to_none)
        for p, g in zip(params, grads_before):
            if set_to_none:
                assert p.grad is None
            else:
                assert p.grad is g
                assert to_numpy(p.grad).tolist() == np.zeros(tuple(p.shape)).tolist()
        opt.step()
        opt.step()
        results.append([to_numpy(p) for p in params])
    assert_params_close(results[1], results[0], "float32")


def test_zero_grad_default_is_set_to_none() -> None:
    (W, b) = make_params(pytensor, "float32")
    opt = pytensor.optim.SGD([W, b], lr=0.1)
    make_loss(pytensor, [W, b], "float32")().backward()
    opt.zero_grad()
    assert W.grad is None and b.grad is None


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"])
def test_step_with_closure(name: str) -> None:
    """step(closure) re-evaluates the loss with grad enabled (even inside no_grad) and returns
    it."""
    losses: dict[str, list[float]] = {}
    params_out = {}
    for lib_name, lib in LIBS.items():
        params = make_params(lib, "float32")
        loss_fn = make_loss(lib, params, "float32")
        opt = optimizer_class(lib, name)(params, lr=0.05)
        calls = []

        def closure() -> Any:
            assert lib.is_grad_enabled()
            calls.append(1)
            opt.zero_grad()
            loss = loss_fn()
            loss.backward()
            return loss

        losses[lib_name] = []
        with lib.no_grad():
            for _ in range(5):
                losses[lib_name].append(float(opt.step(closure)))
        assert len(calls) == 5
        assert opt.step() is None
        params_out[lib_name] = [to_numpy(p) for p in params]
    np.testing.assert_allclose(losses["pytensor"], losses["torch"], rtol=1e-6)
    assert_params_close(params_out["pytensor"], params_out["torch"], "float32")


def test_parameters_without_grad_are_skipped() -> None:
    """Only parameters with a gradient get state and move, as in PyTorch."""
    sds = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        unused = lib.tensor([1.0, 2.0], requires_grad=True)
        opt = lib.optim.Adam([W, unused, b], lr=0.1)
        make_loss(lib, [W, b], "float32")().backward()
        opt.step()
        assert to_numpy(unused).tolist() == [1.0, 2.0]
        sds.append(opt.state_dict())
    assert_same_structure(sds[1], sds[0])


# --- state_dict ------------------------------------------------------------------------------

STATE_CASES = [
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("AdamW", {"lr": 0.05}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.5, "centered": True}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.1}),
]


@pytest.mark.parametrize("case", STATE_CASES, ids=[_grid_id(c) for c in STATE_CASES])
def test_state_dict_structure_and_round_trip(case: tuple[str, dict[str, Any]]) -> None:
    """state_dict() equals torch's (ids, keys, values); loading it into a fresh optimizer over
    a copy of the parameters continues exactly as the uninterrupted run."""
    name, kwargs = case
    half = STEPS // 2
    saved = {}
    for lib_name, lib in LIBS.items():
        params = make_params(lib, "float32")
        loss_fn = make_loss(lib, params, "float32")
        opt = optimizer_class(lib, name)(params, **kwargs)
        for _ in range(half):
            opt.zero_grad()
            loss_fn().backward()
            opt.step()
        saved[lib_name] = (opt.state_dict(), [to_numpy(p) for p in params])
    sd, values = saved["pytensor"]
    assert_same_structure(sd, saved["torch"][0], tolerances=_tolerances(name, kwargs))

    # resume: fresh parameters with the saved values, a fresh optimizer, the saved state
    params = make_params(pytensor, "float32", tuple(values))
    loss_fn = make_loss(pytensor, params, "float32")
    opt = optimizer_class(pytensor, name)(params, **kwargs)
    opt.load_state_dict(copy.deepcopy(sd))
    assert_same_structure(opt.state_dict(), saved["torch"][0], tolerances=_tolerances(name, kwargs))
    for _ in range(STEPS - half):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
    assert_params_close([to_numpy(p) for p in params], run(torch, name, kwargs), "float32")


def test_state_dict_ids_follow_torch_across_groups() -> None:
    sds = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        extra = lib.tensor([0.5], requires_grad=True)
        opt = lib.optim.SGD([{"params": [W, extra]}, {"params": [b]}], lr=0.1, momentum=0.9)
        make_loss(lib, [W, b], "float32")().backward()
        opt.step()
        sds.append(opt.state_dict())
    assert sds[1]["param_groups"][0]["params"] == [0, 1]
    assert sds[1]["param_groups"][1]["params"] == [2]
    assert_same_structure(sds[1], sds[0])


def test_load_state_dict_casts_to_param_dtype_but_keeps_step() -> None:
    """Floating state follows the parameter's dtype; "step" stays float32, as in PyTorch."""
    loaded = []
    for lib in (torch, pytensor):
        params32 = make_params(lib, "float32")
        opt = lib.optim.Adam(params32, lr=0.05)
        make_loss(lib, params32, "float32")().backward()
        opt.step()
        params64 = make_params(lib, "float64")
        opt64 = lib.optim.Adam(params64, lr=0.05)
        opt64.load_state_dict(opt.state_dict())
        loaded.append(opt64.state_dict())
    assert_same_structure(loaded[1], loaded[0])
    state = loaded[1]["state"][0]
    assert state["exp_avg"].dtype == pytensor.float64
    assert state["step"].dtype == pytensor.float32


def test_load_state_dict_errors_match_torch() -> None:
    messages = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        one_group = lib.optim.SGD([W, b], lr=0.1).state_dict()
        two_groups = lib.optim.SGD([{"params": [W]}, {"params": [b]}], lr=0.1)
        smaller = lib.optim.SGD([W], lr=0.1)
        found = []
        for opt in (two_groups, smaller):
            with pytest.raises(ValueError) as info:
                opt.load_state_dict(one_group)
            found.append(str(info.value))
        messages.append(found)
    assert messages[1] == messages[0]


# --- add_param_group and construction errors -------------------------------------------------


@pytest.mark.parametrize("name", ["SGD", "Adam", "Adagrad", "RMSprop"])
def test_add_param_group_mid_training(name: str) -> None:
    results = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        loss_fn = make_loss(lib, [W, b], "float32")
        opt = optimizer_class(lib, name)([W], lr=0.05)
        for i in range(STEPS):
            if i == 5:
                opt.add_param_group({"params": [b], "lr": 0.01})
            opt.zero_grad()
            loss_fn().backward()
            opt.step()
        results.append([to_numpy(W), to_numpy(b)])
        assert opt.param_groups[1]["lr"] == 0.01
    assert_params_close(results[1], results[0], "float32")


def _error(fn: Callable[[], Any]) -> tuple[type[BaseException], str]:
    with pytest.raises(Exception) as info:
        fn()
    return info.type, str(info.value)


def test_errors_match_torch() -> None:
    errors = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        opt = lib.optim.SGD([W], lr=0.1)
        non_leaf = W * 2
        errors.append([
            _error(lambda: opt.add_param_group({"params": [W]})),
            _error(lambda: lib.optim.SGD([], lr=0.1)),
            _error(lambda: opt.add_param_group({"params": {b}})),
            _error(lambda: lib.optim.SGD([non_leaf], lr=0.1)),
            _error(lambda: lib.optim.SGD([1.0], lr=0.1)),
            _error(lambda: lib.optim.SGD([W], lr=-1.0)),
            _error(lambda: lib.optim.SGD([W], lr=0.1, nesterov=True)),
            _error(lambda: lib.optim.Adam([W], betas=(1.0, 0.9))),
            _error(lambda: lib.optim.RMSprop([W], alpha=-1.0)),
            _error(lambda: lib.optim.Adagrad([W], lr_decay=-1.0)),
        ])  # fmt: skip
    for (t_type, t_msg), (p_type, p_msg) in zip(errors[0], errors[1]):
        assert p_type.__name__ == t_type.__name__
        assert p_msg == t_msg


def test_duplicate_parameters_in_a_group_warn() -> None:
    (W,) = make_params(pytensor, "float32", (W0,))
    with pytest.warns(UserWarning, match="duplicate parameters"):
        pytensor.optim.SGD([W, W], lr=0.1)


def test_unsupported_implementation_flags() -> None:
    (W,) = make_params(pytensor, "float32", (W0,))
    pytensor.optim.Adam([W], foreach=True)  # a speed hint: accepted
    with pytest.raises(NotImplementedError):
        pytensor.optim.Adam([W], fused=True)
    with pytest.raises(NotImplementedError):
        pytensor.optim.SGD([W], differentiable=True)


@pytest.mark.parametrize(
    "name,kwargs",
    [("SGD", {"lr": 0.1, "momentum": 0.9}), ("Adam", {}), ("AdamW", {"amsgrad": True}),
     ("RMSprop", {}), ("Adagrad", {})],
)  # fmt: skip
def test_repr_matches_torch(name: str, kwargs: dict[str, Any]) -> None:
    reprs = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        opt = optimizer_class(lib, name)([{"params": [W]}, {"params": [b], "lr": 0.5}], **kwargs)
        reprs.append(repr(opt))
    assert reprs[1] == reprs[0]
    assert reprs[1].startswith(f"{name} (\nParameter Group 0\n")


def test_accepts_tensor_subclasses_and_named_parameters() -> None:
    class MyParam(pytensor.Tensor):
        pass

    W, b = make_params(pytensor, "float32")
    W.__class__ = MyParam  # a Tensor subclass, as nn.Parameter is
    opt = pytensor.optim.SGD([("weight", W), ("bias", b)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["weight", "bias"]
    make_loss(pytensor, [W, b], "float32")().backward()
    before = to_numpy(W)
    opt.step()
    assert not np.array_equal(to_numpy(W), before)


# --- foreach: all of a group's parameters at once (optim/_foreach.py) ---------------------------

FOREACH_CASES = [(name, kwargs) for name, kwargs in GRID if name in ("Adam", "AdamW")]


@pytest.mark.parametrize("case", FOREACH_CASES, ids=[_grid_id(c) for c in FOREACH_CASES])
def test_foreach_trajectory_matches_torch_and_the_loop(case: tuple[str, dict[str, Any]]) -> None:
    """foreach=True (flat state, one op for all parameters) gives torch's foreach numbers, and
    exactly the numbers of pytensor's own per-parameter loop."""
    name, kwargs = case
    want = run(torch, name, {**kwargs, "foreach": True})
    got = run(pytensor, name, {**kwargs, "foreach": True})
    assert_params_close(got, want, "float32")
    loop = run(pytensor, name, {**kwargs, "foreach": False})
    for g, w in zip(got, loop):
        np.testing.assert_array_equal(g, w)


def test_foreach_state_is_slices_of_one_buffer_and_round_trips() -> None:
    W, b = make_params(pytensor, "float32")
    loss_fn = make_loss(pytensor, [W, b], "float32")
    opt = pytensor.optim.Adam([W, b], lr=0.05, amsgrad=True, foreach=True)
    for _ in range(3):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
    for key in ("exp_avg", "exp_avg_sq", "max_exp_avg_sq"):
        w_state, b_state = opt.state[W][key], opt.state[b][key]
        assert w_state.shape == W.shape and b_state.shape == b.shape
        assert w_state.untyped_storage() is b_state.untyped_storage()  # one flat buffer
    assert list(opt.state[W]) == ["step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"]

    # A loaded state_dict holds separate tensors: the next step gathers them again, and the
    # run continues exactly as the uninterrupted one.
    sd = copy.deepcopy(opt.state_dict())
    W2, b2 = make_params(pytensor, "float32", (to_numpy(W), to_numpy(b)))
    opt2 = pytensor.optim.Adam([W2, b2], lr=0.05, amsgrad=True, foreach=True)
    opt2.load_state_dict(sd)
    loss2 = make_loss(pytensor, [W2, b2], "float32")
    for o, f in ((opt, loss_fn), (opt2, loss2)):
        for _ in range(3):
            o.zero_grad()
            f().backward()
            o.step()
    np.testing.assert_array_equal(to_numpy(W2), to_numpy(W))
    np.testing.assert_array_equal(to_numpy(b2), to_numpy(b))


def test_foreach_falls_back_to_the_loop_when_step_counts_differ() -> None:
    """A parameter that had no gradient for a step has fewer steps: the group is then updated
    one parameter at a time, as the step counts (and bias corrections) differ."""
    results = []
    for lib in (torch, pytensor):
        W, b = make_params(lib, "float32")
        opt = lib.optim.Adam([W, b], lr=0.05, foreach=True)
        for i in range(4):
            opt.zero_grad()
            loss = ((W * lib.tensor(X.tolist(), dtype=lib.float32)) ** 2).sum()
            if i % 2:
                loss = loss + (b**2).sum()
            loss.backward()
            opt.step()
        results.append([to_numpy(W), to_numpy(b), float(opt.state[b]["step"])])
    assert results[1][2] == results[0][2] == 2.0
    for g, w in zip(results[1][:2], results[0][:2]):
        np.testing.assert_allclose(g, w, **TOL["float32"])


def test_foreach_defaults_to_the_loop_on_the_cpu() -> None:
    from pytensor.optim._foreach import AllParams, OneParam, batches

    W, b = make_params(pytensor, "float32")
    make_loss(pytensor, [W, b], "float32")().backward()
    opt = pytensor.optim.Adam([W, b])
    assert all(isinstance(p, OneParam) for p in batches(opt.param_groups[0], opt.state))
    opt = pytensor.optim.Adam([W, b], foreach=True)
    assert [type(p) for p in batches(opt.param_groups[0], opt.state)] == [AllParams]


def test_foreach_ops_read_any_layout_and_write_in_place() -> None:
    """ops/foreach.py, behind Adam's all-at-once path: `flatten` reads each tensor in its
    logical order whatever its strides, and `add_slices_` writes each tensor in place (its
    version goes up, so a saved copy of it is known to be stale)."""
    from pytensor.ops.foreach import add_slices_, flatten

    a = pytensor.arange(6.0).reshape(2, 3)
    b = pytensor.tensor([10.0, 20.0])
    assert flatten([a.t(), b]).tolist() == [0.0, 3.0, 1.0, 4.0, 2.0, 5.0, 10.0, 20.0]
    before = a._version
    add_slices_([a, b], pytensor.arange(8.0))
    assert a.tolist() == [[0.0, 2.0, 4.0], [6.0, 8.0, 10.0]]
    assert b.tolist() == [16.0, 27.0]
    assert a._version == before + 1


def test_dir_of_optim_shows_what_torch_shows() -> None:
    """Courses print dir(torch.optim): the optimizers, not the files they live in."""
    ours = {n for n in dir(pytensor.optim) if not n.startswith("_")}
    theirs = {n for n in dir(torch.optim) if not n.startswith("_")}
    assert ours <= theirs, ours - theirs
