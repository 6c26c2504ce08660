"""The graph a loss records, against torch (issue 15: course code prints `loss.grad_fn`).

PyTorch records one node per fused loss (`MseLossBackward0`, `SmoothL1LossBackward0`,
`HuberLossBackward0`, `BinaryCrossEntropyBackward0`, `BinaryCrossEntropyWithLogitsBackward0`)
with the weights and the reduction inside it, and composes `l1_loss` and `kl_div` from smaller
ops. Each case here checks, for every reduction, with the target requiring grad or not:

- the names of `loss.grad_fn` and of every node below it (`ExpandBackward0` where a target of
  another shape is broadcast, `AccumulateGrad` at the leaves, None where no gradient flows);
- the loss and the gradients of input and target, float64, against torch's;
- gradcheck and gradgradcheck of input and target (the backward is written with tensor ops).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import oracle  # noqa: E402

import pytensor as pt  # noqa: E402

REDUCTIONS = ["none", "mean", "sum"]


def graph_names(t: Any) -> Any:
    """The names of t.grad_fn and of every node below it, nested as next_functions is."""

    def walk(node: Any) -> Any:
        if node is None:
            return None
        # torch namespaces its hand-written nodes (torch::autograd::AccumulateGrad).
        name = node.name().removeprefix("torch::autograd::")
        return (name, tuple(walk(child) for child, _ in node.next_functions))

    return walk(t.grad_fn)


def _away_from_kinks(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """x - y for the regression losses: |x - y| in [0.1, 0.4] or [1.2, 2], so neither 0 nor
    beta / delta (0.5, 0.7, 1) is near, and finite differences see one smooth piece."""
    size = rng.choice([-1.0, 1.0], shape)
    near = rng.uniform(0.1, 0.4, shape)
    far = rng.uniform(1.2, 2.0, shape)
    out: np.ndarray = size * np.where(rng.random(shape) < 0.5, near, far)
    return out


@dataclass
class Case:
    """fn(F, input, target, *extras, reduction) for either library's functional module."""

    fn: Callable[..., Any]
    kind: str  # "regression", "probability", "logits" or "kl": what values the inputs hold
    input_shape: tuple[int, ...] = (3, 4)
    target_shape: tuple[int, ...] = (3, 4)
    extras: list[tuple[int, ...]] = field(default_factory=list)  # shapes of weights
    reductions: tuple[str, ...] = tuple(REDUCTIONS)


CASES = {
    "mse": Case(lambda F, x, y, reduction: F.mse_loss(x, y, reduction=reduction), "regression"),
    "mse_broadcast_target": Case(
        lambda F, x, y, reduction: F.mse_loss(x, y, reduction=reduction), "regression",
        target_shape=(4,),
    ),
    "mse_broadcast_input": Case(
        lambda F, x, y, reduction: F.mse_loss(x, y, reduction=reduction), "regression",
        input_shape=(3, 1),
    ),
    "l1": Case(lambda F, x, y, reduction: F.l1_loss(x, y, reduction=reduction), "regression"),
    "l1_broadcast": Case(
        lambda F, x, y, reduction: F.l1_loss(x, y, reduction=reduction), "regression",
        target_shape=(4,),
    ),
    "smooth_l1": Case(
        lambda F, x, y, reduction: F.smooth_l1_loss(x, y, reduction=reduction), "regression"
    ),
    "smooth_l1_beta": Case(
        lambda F, x, y, reduction: F.smooth_l1_loss(x, y, reduction=reduction, beta=0.5),
        "regression",
    ),
    "smooth_l1_beta0": Case(
        lambda F, x, y, reduction: F.smooth_l1_loss(x, y, reduction=reduction, beta=0.0),
        "regression",
    ),
    "smooth_l1_broadcast": Case(
        lambda F, x, y, reduction: F.smooth_l1_loss(x, y, reduction=reduction), "regression",
        target_shape=(1, 4),
    ),
    "huber": Case(
        lambda F, x, y, reduction: F.huber_loss(x, y, reduction=reduction), "regression"
    ),
    "huber_delta": Case(
        lambda F, x, y, reduction: F.huber_loss(x, y, reduction=reduction, delta=0.7),
        "regression",
    ),
    "huber_broadcast": Case(
        lambda F, x, y, reduction: F.huber_loss(x, y, reduction=reduction, delta=0.5),
        "regression", input_shape=(4,),
    ),
    "bce": Case(
        lambda F, x, y, reduction: F.binary_cross_entropy(x, y, reduction=reduction),
        "probability",
    ),
    "bce_weight": Case(
        lambda F, x, y, w, reduction: F.binary_cross_entropy(x, y, w, reduction=reduction),
        "probability", extras=[(4,)],
    ),
    "bce_logits": Case(
        lambda F, x, y, reduction: F.binary_cross_entropy_with_logits(x, y, reduction=reduction),
        "logits",
    ),
    "bce_logits_weight": Case(
        lambda F, x, y, w, reduction: F.binary_cross_entropy_with_logits(
            x, y, w, reduction=reduction
        ),
        "logits", extras=[(3, 1)],
    ),
    "bce_logits_pos_weight": Case(
        lambda F, x, y, p, reduction: F.binary_cross_entropy_with_logits(
            x, y, reduction=reduction, pos_weight=p
        ),
        "logits", extras=[(4,)],
    ),
    "bce_logits_both_weights": Case(
        lambda F, x, y, w, p, reduction: F.binary_cross_entropy_with_logits(
            x, y, w, reduction=reduction, pos_weight=p
        ),
        "logits", extras=[(4,), (4,)],
    ),
    "kl_div": Case(
        lambda F, x, y, reduction: F.kl_div(x, y, reduction=reduction), "kl",
        reductions=(*REDUCTIONS, "batchmean"),
    ),
    "kl_div_log_target": Case(
        lambda F, x, y, reduction: F.kl_div(x, y, reduction=reduction, log_target=True), "kl",
        reductions=(*REDUCTIONS, "batchmean"),
    ),
}  # fmt: skip

PARAMS = [
    pytest.param(name, reduction, id=f"{name}-{reduction}")
    for name, case in CASES.items()
    for reduction in case.reductions
]


def arrays(case: Case, target_zero: bool = True) -> list[np.ndarray]:
    """Input, target and extras (weights) as float64 arrays suited to the case's kind."""
    rng = np.random.default_rng(15)
    if case.kind == "regression":
        # Values drawn for the operand that is not broadcast, so that every pair that meets
        # in the broadcast differs by an amount away from the kinks.
        shape = np.broadcast_shapes(case.input_shape, case.target_shape)
        if case.input_shape == shape:
            target = rng.uniform(-1.0, 1.0, case.target_shape)
            x = target + _away_from_kinks(rng, shape)
        else:
            x = rng.uniform(-1.0, 1.0, case.input_shape)
            target = x - _away_from_kinks(rng, shape)
    elif case.kind == "probability":
        x = rng.uniform(0.1, 0.9, case.input_shape)
        target = rng.uniform(0.0, 1.0, case.target_shape)
    elif case.kind == "logits":
        x = rng.uniform(-3.0, 3.0, case.input_shape)
        target = rng.uniform(0.0, 1.0, case.target_shape)
    else:  # kl: log-probabilities, and probabilities with a 0 (0 log 0 counts as 0)
        logits = rng.normal(size=case.input_shape)
        x = logits - np.log(np.exp(logits).sum(-1, keepdims=True))
        target = rng.uniform(0.1, 1.0, case.target_shape)
        target /= target.sum(-1, keepdims=True)
        if target_zero:
            target[0, 1] = 0.0
    extras = [rng.uniform(0.5, 2.0, shape) for shape in case.extras]
    return [x, target, *extras]


def run(lib: Any, case: Case, reduction: str, target_grad: bool, log_target: bool) -> Any:
    """The loss in `lib` (pytensor or torch), from leaves of the case's values."""
    values = arrays(case)
    if log_target:
        values[1] = np.log(values[1] + 0.05)
    device = {"device": oracle.DEVICE} if lib is pt else {}
    x = lib.tensor(values[0].tolist(), dtype=lib.float64, requires_grad=True, **device)
    y = lib.tensor(values[1].tolist(), dtype=lib.float64, requires_grad=target_grad, **device)
    extras = [lib.tensor(v.tolist(), dtype=lib.float64, **device) for v in values[2:]]
    with warnings.catch_warnings():
        # torch warns about broadcast targets and about kl_div's 'mean'.
        warnings.simplefilter("ignore")
        loss = case.fn(lib.nn.functional, x, y, *extras, reduction=reduction)
    return x, y, loss


def assert_same(ours: Any, theirs: Any) -> None:
    if theirs is None:
        assert ours is None
        return
    assert ours is not None and tuple(ours.shape) == tuple(theirs.shape)
    np.testing.assert_allclose(
        np.asarray(ours.tolist(), dtype=np.float64),
        theirs.detach().numpy(),
        rtol=1e-10,
        atol=1e-12,
    )


@pytest.mark.parametrize("target_grad", [False, True], ids=["target", "target_grad"])
@pytest.mark.parametrize(("name", "reduction"), PARAMS)
def test_graph_values_and_gradients_as_torch(name: str, reduction: str, target_grad: bool) -> None:
    case = CASES[name]
    log_target = name == "kl_div_log_target"
    px, py, ours = run(pt, case, reduction, target_grad, log_target)
    tx, ty, theirs = run(torch, case, reduction, target_grad, log_target)
    assert graph_names(ours) == graph_names(theirs)
    assert_same(ours, theirs)
    grad = np.random.default_rng(1).normal(size=tuple(theirs.shape))
    theirs.backward(torch.tensor(grad))
    ours.backward(pt.tensor(grad.tolist(), dtype=pt.float64, device=oracle.DEVICE))
    assert_same(px.grad, tx.grad)
    assert_same(py.grad, ty.grad)  # torch's nan at target == 0 for kl_div included


@pytest.mark.parametrize(("name", "reduction"), PARAMS)
def test_gradcheck_and_gradgradcheck(name: str, reduction: str) -> None:
    case = CASES[name]
    values = arrays(case, target_zero=False)  # xlogy's gradient at target == 0 is nan
    x, y, *extras = [pt.tensor(v.tolist(), dtype=pt.float64) for v in values]
    x.requires_grad_()
    y.requires_grad_()

    def fn(a: Any, b: Any) -> Any:
        # Clones: gradcheck perturbs its inputs in place, and the loss saves them.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return case.fn(pt.nn.functional, a.clone(), b.clone(), *extras, reduction=reduction)

    assert pt.autograd.gradcheck(fn, (x, y), eps=1e-6, atol=1e-5, rtol=1e-3)
    assert pt.autograd.gradgradcheck(fn, (x, y), eps=1e-6, atol=1e-5, rtol=1e-3)


@pytest.mark.parametrize(
    ("fn", "argument"),
    [
        (lambda F, x, w: F.binary_cross_entropy(x, x.detach(), w), "weight"),
        (lambda F, x, w: F.binary_cross_entropy_with_logits(x, x.detach(), w), "weight"),
        (
            lambda F, x, w: F.binary_cross_entropy_with_logits(x, x.detach(), pos_weight=w),
            "pos_weight",
        ),
    ],
)
def test_weights_must_not_require_grad(fn: Any, argument: str) -> None:
    """As in torch: the weights are constants of the node; a weight that requires grad is an
    error while grad mode is on, even when the input needs no gradient."""
    messages = []
    for lib in (pt, torch):
        x = lib.full((2, 3), 0.25, dtype=lib.float64)
        w = lib.ones(3, dtype=lib.float64, requires_grad=True)
        for input_grad in (False, True):
            with pytest.raises(RuntimeError) as info:
                fn(lib.nn.functional, x.requires_grad_(input_grad), w)
            messages.append(str(info.value))
        with lib.no_grad():
            fn(lib.nn.functional, x, w)
    assert len(set(messages)) == 1, messages
    assert f"argument '{argument}'" in messages[0]


@pytest.mark.parametrize(
    "fn",
    [
        lambda F, x, y: F.mse_loss(x, y),
        lambda F, x, y: F.smooth_l1_loss(x, y),
        lambda F, x, y: F.huber_loss(x, y),
        lambda F, x, y: F.binary_cross_entropy(x, y),
        lambda F, x, y: F.binary_cross_entropy_with_logits(x, y),
    ],
    ids=["mse", "smooth_l1", "huber", "bce", "bce_logits"],
)
def test_input_modified_in_place_before_backward(fn: Any) -> None:
    """The node saves input and target, as torch's does: changing one in place is caught."""
    for lib in (pt, torch):
        x = lib.full((2, 3), 0.25, dtype=lib.float64, requires_grad=True)
        y = lib.full((2, 3), 0.5, dtype=lib.float64)
        h = x * 1
        loss = fn(lib.nn.functional, h, y)
        h.mul_(2)
        with pytest.raises(RuntimeError, match="modified by an inplace operation"):
            loss.backward()


@pytest.mark.parametrize(
    "fn",
    [
        lambda F, x, y: F.mse_loss(x, y, reduction="none"),
        lambda F, x, y: F.smooth_l1_loss(x, y, beta=0.5),
        lambda F, x, y: F.huber_loss(x, y, reduction="sum"),
        lambda F, x, y: F.binary_cross_entropy(x.sigmoid(), y.sigmoid()),
        lambda F, x, y: F.binary_cross_entropy_with_logits(x, y.sigmoid(), reduction="none"),
        lambda F, x, y: F.kl_div(x.log_softmax(1), y.softmax(1), reduction="batchmean"),
    ],
    ids=["mse", "smooth_l1", "huber", "bce", "bce_logits", "kl_div"],
)
@pytest.mark.usefixtures("on_each_device")
def test_runs_on_each_device(fn: Any) -> None:
    """The losses and their backward are tensor ops, so the OpenCL device runs them too."""
    rng = np.random.default_rng(3)
    values = [rng.uniform(-2.0, 2.0, (2, 3)) for _ in range(2)]
    th = [torch.tensor(v, requires_grad=True) for v in values]
    ours = [pt.tensor(v.tolist(), dtype=pt.float64, device=oracle.DEVICE) for v in values]
    ours = [t.requires_grad_() for t in ours]
    theirs = fn(torch.nn.functional, *th)
    loss = fn(pt.nn.functional, *ours)
    assert graph_names(loss) == graph_names(theirs)
    assert str(loss.device).startswith(oracle.DEVICE)
    theirs.backward(torch.ones_like(theirs))
    loss.backward(pt.ones_like(loss))
    assert_same(loss.cpu(), theirs)
    for a, b in zip(ours, th):
        assert_same(a.grad.cpu(), b.grad)


@pytest.fixture(params=oracle.DEVICES)
def on_each_device(request: Any) -> Any:
    yield from oracle.use_device(request.param)


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss"])
def test_a_target_of_another_size_warns_as_torch(name: str) -> None:
    messages = []
    for lib in (pt, torch):
        fn = getattr(lib.nn.functional, name)
        with pytest.warns(UserWarning) as record:
            fn(lib.zeros(2, 3), lib.zeros(3))
        messages.append(str(record[0].message).replace("torch.Size", "pytensor.Size"))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fn(lib.zeros(2, 3), lib.zeros(2, 3))
    assert messages[0] == messages[1]


def test_kl_div_batchmean_of_a_0_dim_input_is_the_sum() -> None:
    """PyTorch divides by the batch size only when there is a batch dimension."""
    graphs = []
    for lib in (pt, torch):
        x = lib.tensor(-0.7, dtype=lib.float64, requires_grad=True)
        loss = lib.nn.functional.kl_div(
            x, lib.tensor(0.4, dtype=lib.float64), reduction="batchmean"
        )
        graphs.append((graph_names(loss), loss.item()))
    assert graphs[0] == graphs[1]
