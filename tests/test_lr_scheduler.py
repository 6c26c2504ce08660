"""pytensor.optim.lr_scheduler against torch.optim.lr_scheduler: the lr (and momentum) of every
param group, epoch by epoch.

The schedulers compute learning rates with Python floats in the same order as PyTorch, so the
sequences are compared for exact equality.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from typing import Any

import pytest

torch = pytest.importorskip("torch")

import pytensor  # noqa: E402
import pytensor.optim  # noqa: E402

LIBS = {"torch": torch, "pytensor": pytensor}
EPOCHS = 30


def make_optimizer(lib: Any, name: str = "SGD", **kwargs: Any) -> Any:
    """Two param groups with different lrs; no gradients, so optimizer.step() moves nothing."""
    w = lib.tensor([1.0, 2.0], requires_grad=True)
    b = lib.tensor([3.0], requires_grad=True)
    groups = [{"params": [w]}, {"params": [b], "lr": 0.05}]
    if name == "SGD":
        return lib.optim.SGD(groups, lr=0.1, momentum=0.9, **kwargs)
    return getattr(lib.optim, name)(groups, lr=0.1, **kwargs)


def group_values(opt: Any) -> list[tuple[Any, ...]]:
    return [(g["lr"], g.get("momentum"), g.get("betas")) for g in opt.param_groups]


def lr_sequence(lib: Any, make: Callable[[Any, Any], Any], opt_name: str = "SGD",
                epochs: int = EPOCHS) -> list[Any]:  # fmt: skip
    """get_last_lr() and the groups' lr/momentum/betas after the constructor and each step."""
    opt = make_optimizer(lib, opt_name)
    sched = make(lib.optim.lr_scheduler, opt)
    seq = [(sched.get_last_lr(), group_values(opt))]
    for _ in range(epochs):
        opt.step()
        sched.step()
        seq.append((sched.get_last_lr(), group_values(opt)))
    return seq


SCHEDULERS: dict[str, Callable[[Any, Any], Any]] = {
    "StepLR": lambda m, o: m.StepLR(o, step_size=3),
    "StepLR-gamma": lambda m, o: m.StepLR(o, step_size=4, gamma=0.5),
    "MultiStepLR": lambda m, o: m.MultiStepLR(o, milestones=[2, 5, 9]),
    "MultiStepLR-repeated": lambda m, o: m.MultiStepLR(o, milestones=[3, 7, 7, 20], gamma=0.3),
    "ExponentialLR": lambda m, o: m.ExponentialLR(o, gamma=0.9),
    "CosineAnnealingLR": lambda m, o: m.CosineAnnealingLR(o, T_max=10),
    "CosineAnnealingLR-eta_min": lambda m, o: m.CosineAnnealingLR(o, T_max=7, eta_min=0.01),
    "CosineAnnealingLR-long": lambda m, o: m.CosineAnnealingLR(o, T_max=40, eta_min=1e-3),
    "LambdaLR": lambda m, o: m.LambdaLR(o, lr_lambda=lambda e: 0.95**e),
    "LambdaLR-per-group": lambda m, o: m.LambdaLR(
        o, lr_lambda=[lambda e: 1 / (e + 1), lambda e: math.cos(e / 10)]
    ),
    "LinearLR": lambda m, o: m.LinearLR(o),
    "LinearLR-warmup": lambda m, o: m.LinearLR(o, start_factor=0.25, total_iters=8),
    "LinearLR-decay": lambda m, o: m.LinearLR(o, start_factor=1.0, end_factor=0.1,
                                              total_iters=12),
    "OneCycleLR": lambda m, o: m.OneCycleLR(o, max_lr=0.5, total_steps=EPOCHS + 1),
    "OneCycleLR-linear": lambda m, o: m.OneCycleLR(
        o, max_lr=[0.5, 1.0], total_steps=EPOCHS, anneal_strategy="linear", pct_start=0.25
    ),
    "OneCycleLR-three-phase": lambda m, o: m.OneCycleLR(
        o, max_lr=0.5, epochs=5, steps_per_epoch=7, three_phase=True, div_factor=10.0,
        base_momentum=[0.8, 0.7], max_momentum=0.99,
    ),
    "OneCycleLR-no-momentum": lambda m, o: m.OneCycleLR(
        o, max_lr=0.5, total_steps=EPOCHS, cycle_momentum=False, final_div_factor=100.0
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(SCHEDULERS))
def test_lr_sequence_matches_torch(name: str) -> None:
    make = SCHEDULERS[name]
    assert lr_sequence(pytensor, make) == lr_sequence(torch, make)


@pytest.mark.parametrize("name", ["OneCycleLR", "OneCycleLR-three-phase", "CosineAnnealingLR"])
def test_with_adam(name: str) -> None:
    """With Adam, OneCycleLR cycles beta1 (group["betas"][0]) instead of momentum."""
    make = SCHEDULERS[name]
    got = lr_sequence(pytensor, make, "Adam")
    assert got == lr_sequence(torch, make, "Adam")
    if name.startswith("OneCycle"):
        assert len({values[0][2] for _, values in got}) > 10  # beta1 really moves


def test_one_cycle_past_total_steps_raises() -> None:
    messages = []
    for lib in (torch, pytensor):
        opt = make_optimizer(lib)
        sched = lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=3)
        for _ in range(3):
            opt.step()
            sched.step()
        with pytest.raises(ValueError) as info:
            sched.step()
        messages.append(str(info.value))
    assert messages[1] == messages[0]


def test_one_cycle_needs_momentum_or_betas() -> None:
    w = pytensor.tensor([1.0], requires_grad=True)
    opt = pytensor.optim.Adagrad([w])
    with pytest.raises(ValueError, match="must support momentum"):
        pytensor.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=10)


def test_lr_is_written_into_the_optimizer_and_used_by_step() -> None:
    """The scheduled lr is what the next optimizer.step() uses."""
    results = []
    for lib in (torch, pytensor):
        w = lib.tensor([1.0, -2.0], requires_grad=True)
        opt = lib.optim.SGD([w], lr=0.1)
        sched = lib.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
        for _ in range(6):
            opt.zero_grad()
            (w * w).sum().backward()
            opt.step()
            sched.step()
        results.append(w.tolist())
    assert results[1] == pytest.approx(results[0], rel=1e-6)


# --- ReduceLROnPlateau -------------------------------------------------------------------------

METRICS = [1.0, 0.9, 0.95, 0.95, 0.96, 0.8, 0.81, 0.8, 0.82, 0.83, 0.84, 0.5, 0.5, 0.49995,
           0.6, 0.7, 0.7, 0.7, 0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.36, 0.37, 0.2, 0.2, 0.2, 0.2]  # fmt: skip
PLATEAU_SETTINGS = [
    {},
    {"patience": 2},
    {"patience": 0, "factor": 0.5},
    {"patience": 1, "cooldown": 2},
    {"patience": 1, "threshold": 0.1},
    {"patience": 1, "threshold": 0.05, "threshold_mode": "abs"},
    {"mode": "max", "patience": 1},
    {"mode": "max", "patience": 1, "threshold_mode": "abs", "threshold": 0.01},
    {"patience": 0, "factor": 0.5, "min_lr": 0.02},
    {"patience": 0, "factor": 0.5, "min_lr": [0.01, 0.04]},
    {"patience": 0, "factor": 0.9, "eps": 0.011},
]  # fmt: skip


def plateau_sequence(
    lib: Any, kwargs: dict[str, Any], as_tensor: bool = False, metrics: list[float] = METRICS
) -> list[Any]:
    opt = make_optimizer(lib)
    sched = lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    seq = [sched.get_last_lr()]
    for metric in metrics:
        opt.step()
        sched.step(lib.tensor(metric) if as_tensor else metric)
        seq.append((sched.get_last_lr(), group_values(opt), sched.num_bad_epochs,
                    sched.cooldown_counter, sched.best, sched.last_epoch))  # fmt: skip
    return seq


@pytest.mark.parametrize("kwargs", PLATEAU_SETTINGS, ids=[str(k) for k in PLATEAU_SETTINGS])
def test_reduce_lr_on_plateau_matches_torch(kwargs: dict[str, Any]) -> None:
    assert plateau_sequence(pytensor, kwargs) == plateau_sequence(torch, kwargs)


# Metrics that mostly improve, for mode "max" (METRICS above mostly fall, so "max" rarely sees a
# better value there). All are dyadic, so best * (1 + threshold) and best + threshold are exact
# and some metrics land exactly on them: torch's "better" is strictly above that line. Some lie
# between best and the line (no better: too small a gain), and the negative run shows the "rel"
# quirk in max mode: below zero, best * (1 + threshold) lies below best, so a worse metric counts
# as better.
RISING_REL = [1.0, 1.25, 1.5, 1.75, 2.0, 2.625, 3.0, 3.5, 4.5, 4.5, 5.0, 8.0, 12.0, 12.5, 18.0,
              -4.0, -5.0, -7.5, -7.0, -6.0, 100.0]  # fmt: skip
RISING_ABS = [1.0, 1.125, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 2.5, 2.75, 3.0, 3.25, 3.5, 3.625, 4.0,
              -4.0, -3.0, -2.75, -2.5, 0.0]  # fmt: skip
MAX_SETTINGS = [
    ({"mode": "max", "patience": 1, "threshold": 0.5}, RISING_REL),
    ({"mode": "max", "patience": 0, "factor": 0.5, "threshold": 0.5}, RISING_REL),
    ({"mode": "max", "patience": 1, "threshold": 0.25, "threshold_mode": "abs"}, RISING_ABS),
    ({"mode": "max", "patience": 0, "threshold": 0.25, "threshold_mode": "abs"}, RISING_ABS),
    ({"mode": "max", "patience": 1, "threshold": 0.1}, RISING_ABS),
]


@pytest.mark.parametrize("kwargs, metrics", MAX_SETTINGS, ids=[str(k) for k, _ in MAX_SETTINGS])
def test_reduce_lr_on_plateau_max_mode_with_threshold(
    kwargs: dict[str, Any], metrics: list[float]
) -> None:
    want = plateau_sequence(torch, kwargs, metrics=metrics)
    assert plateau_sequence(pytensor, kwargs, metrics=metrics) == want


def test_reduce_lr_on_plateau_takes_a_0dim_tensor() -> None:
    kwargs = {"patience": 1}
    got = plateau_sequence(pytensor, kwargs, as_tensor=True)
    assert got == plateau_sequence(torch, kwargs, as_tensor=True)


def test_reduce_lr_on_plateau_errors_match_torch() -> None:
    messages = []
    for lib in (torch, pytensor):
        opt = make_optimizer(lib)
        found = []
        for kwargs in ({"factor": 1.0}, {"mode": "middle"}, {"threshold_mode": "x"},
                       {"min_lr": [0.1]}):  # fmt: skip
            with pytest.raises(ValueError) as info:
                lib.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
            found.append(str(info.value))
        messages.append(found)
    assert messages[1] == messages[0]


# --- state_dict, get_last_lr, warnings --------------------------------------------------------


class Decay:
    """A callable object: LambdaLR saves its __dict__ in the state_dict."""

    def __init__(self, rate: float) -> None:
        self.rate = rate

    def __call__(self, epoch: int) -> float:
        return float(self.rate**epoch)


ROUND_TRIP = {
    "StepLR": SCHEDULERS["StepLR-gamma"],
    "MultiStepLR": SCHEDULERS["MultiStepLR-repeated"],
    "ExponentialLR": SCHEDULERS["ExponentialLR"],
    "CosineAnnealingLR": SCHEDULERS["CosineAnnealingLR-eta_min"],
    "LinearLR": SCHEDULERS["LinearLR-warmup"],
    "OneCycleLR": SCHEDULERS["OneCycleLR-three-phase"],
    "LambdaLR": lambda m, o: m.LambdaLR(o, lr_lambda=[Decay(0.9), lambda e: 1 / (e + 1)]),
    "ReduceLROnPlateau": lambda m, o: m.ReduceLROnPlateau(o, patience=1, cooldown=1),
}


def _advance(opt: Any, sched: Any, epochs: range) -> list[Any]:
    seq = []
    for epoch in epochs:
        opt.step()
        if hasattr(sched, "in_cooldown"):
            sched.step(METRICS[epoch])
        else:
            sched.step()
        seq.append((sched.get_last_lr(), group_values(opt)))
    return seq


@pytest.mark.parametrize("name", list(ROUND_TRIP))
def test_state_dict_round_trip(name: str) -> None:
    """Save optimizer and scheduler halfway, load both into fresh ones, and continue: the same
    lrs as the uninterrupted schedule. The state_dict has torch's keys and values."""
    make = ROUND_TRIP[name]
    half = EPOCHS // 2
    torch_opt = make_optimizer(torch)
    torch_sched = make(torch.optim.lr_scheduler, torch_opt)
    want = _advance(torch_opt, torch_sched, range(half))
    torch_sd = torch_sched.state_dict()
    want += _advance(torch_opt, torch_sched, range(half, EPOCHS))

    opt = make_optimizer(pytensor)
    sched = make(pytensor.optim.lr_scheduler, opt)
    got = _advance(opt, sched, range(half))
    sd = sched.state_dict()
    assert set(sd) == set(torch_sd)
    for key, value in torch_sd.items():
        if key not in ("lr_lambdas", "_schedule_phases"):
            assert sd[key] == value, key
    if name == "LambdaLR":
        assert sd["lr_lambdas"] == [{"rate": 0.9}, None]

    new_opt = make_optimizer(pytensor)
    new_sched = make(pytensor.optim.lr_scheduler, new_opt)
    new_opt.load_state_dict(opt.state_dict())
    new_sched.load_state_dict(sd)
    got += _advance(new_opt, new_sched, range(half, EPOCHS))
    assert got == want


def test_get_last_lr_is_the_groups_lr() -> None:
    opt = make_optimizer(pytensor)
    sched = pytensor.optim.lr_scheduler.ExponentialLR(opt, gamma=0.5)
    assert sched.get_last_lr() == [0.1, 0.05]
    assert sched.base_lrs == [0.1, 0.05]
    assert sched.last_epoch == 0
    opt.step()
    sched.step()
    assert sched.get_last_lr() == [g["lr"] for g in opt.param_groups]
    assert sched.last_epoch == 1
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.05]


def test_resuming_needs_initial_lr() -> None:
    messages = []
    for lib in (torch, pytensor):
        with pytest.raises(KeyError) as info:
            lib.optim.lr_scheduler.StepLR(make_optimizer(lib), step_size=2, last_epoch=3)
        messages.append(str(info.value))
    assert messages[1] == messages[0]


def test_warnings_like_torch() -> None:
    opt = make_optimizer(pytensor)
    sched = pytensor.optim.lr_scheduler.StepLR(opt, step_size=2)
    with pytest.warns(UserWarning, match="before `optimizer.step\\(\\)`"):
        sched.step()
    with pytest.warns(UserWarning, match="get_last_lr"):
        sched.get_lr()
    opt.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sched.step()


def test_step_with_epoch_uses_closed_form() -> None:
    results = []
    for lib in (torch, pytensor):
        opt = make_optimizer(lib)
        sched = lib.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
        opt.step()
        with pytest.warns(UserWarning, match="deprecated"):
            sched.step(7)
        results.append((sched.get_last_lr(), sched.last_epoch))
    assert results[1] == results[0]


def test_not_an_optimizer() -> None:
    with pytest.raises(TypeError, match="is not an Optimizer"):
        pytensor.optim.lr_scheduler.StepLR(object(), step_size=1)  # type: ignore[arg-type]
