"""nn.init and layer construction draw the same random numbers as torch after the same seed."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402
import pytensor.nn as nn  # noqa: E402


def values(t: Any) -> np.ndarray:
    return np.asarray(t.detach().tolist(), dtype=np.float64)


def assert_same_after_seed(make_pt: Callable[[], Any], make_torch: Callable[[], Any]) -> None:
    pt.manual_seed(42)
    ours = make_pt()
    torch.manual_seed(42)
    theirs = make_torch()
    np.testing.assert_array_equal(values(ours), values(theirs))
    # The generators must also end in the same state: the next draw agrees.
    assert pt.rand(1).item() == torch.rand(1).item()


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("uniform_", {"a": -0.5, "b": 2.0}),
        ("normal_", {"mean": 0.3, "std": 2.0}),
        ("xavier_uniform_", {"gain": 1.5}),
        ("xavier_normal_", {}),
        ("kaiming_uniform_", {"a": math.sqrt(5)}),
        ("kaiming_uniform_", {"mode": "fan_out", "nonlinearity": "relu"}),
        ("kaiming_normal_", {}),
        ("kaiming_normal_", {"a": 0.2, "mode": "fan_out"}),
        ("trunc_normal_", {"std": 0.02}),
        ("trunc_normal_", {"mean": 0.0, "std": 1.0, "a": 1.5, "b": 3.0}),
    ],
)
def test_random_init_matches_torch(name: str, kwargs: dict[str, Any], dtype: str) -> None:
    shape = (20, 6, 3)
    assert_same_after_seed(
        lambda: getattr(nn.init, name)(pt.empty(*shape, dtype=getattr(pt, dtype)), **kwargs),
        lambda: getattr(torch.nn.init, name)(
            torch.empty(*shape, dtype=getattr(torch, dtype)), **kwargs
        ),
    )


def test_deterministic_inits() -> None:
    for name, args in [("zeros_", ()), ("ones_", ()), ("constant_", (0.25,)), ("eye_", ())]:
        ours = getattr(nn.init, name)(pt.empty(3, 4), *args)
        theirs = getattr(torch.nn.init, name)(torch.empty(3, 4), *args)
        np.testing.assert_array_equal(values(ours), values(theirs))


def test_init_keeps_parameter_identity_and_leaf() -> None:
    p = nn.Parameter(pt.empty(3, 2))
    out = nn.init.kaiming_uniform_(p)
    assert out is p and p.is_leaf and p.requires_grad and p.grad_fn is None


@pytest.mark.parametrize(
    "nonlinearity, param",
    [("linear", None), ("conv2d", None), ("sigmoid", None), ("tanh", None), ("relu", None),
     ("leaky_relu", None), ("leaky_relu", 0.2), ("selu", None)],
)  # fmt: skip
def test_calculate_gain(nonlinearity: str, param: float | None) -> None:
    assert nn.init.calculate_gain(nonlinearity, param) == torch.nn.init.calculate_gain(
        nonlinearity, param
    )


def test_fan_in_and_fan_out() -> None:
    for shape in [(5, 3), (8, 4, 3, 3), (2, 6, 5)]:
        ours = nn.init._calculate_fan_in_and_fan_out(pt.empty(*shape))
        assert ours == torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(*shape))
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init._calculate_fan_in_and_fan_out(pt.empty(3))


LAYERS = {
    "Linear": lambda m: m.Linear(3, 2),
    "Linear_nobias": lambda m: m.Linear(5, 4, bias=False),
    "Bilinear": lambda m: m.Bilinear(2, 3, 4),
    "Conv1d": lambda m: m.Conv1d(2, 4, 3),
    "Conv2d": lambda m: m.Conv2d(3, 8, (3, 2), groups=1),
    "Conv2d_groups": lambda m: m.Conv2d(4, 6, 3, groups=2),
    "ConvTranspose2d": lambda m: m.ConvTranspose2d(4, 6, 3, groups=2),
    "Embedding": lambda m: m.Embedding(7, 3),
    "Embedding_padding": lambda m: m.Embedding(7, 3, padding_idx=2),
    "BatchNorm1d": lambda m: m.BatchNorm1d(5),
    "BatchNorm2d": lambda m: m.BatchNorm2d(3),
    "LayerNorm": lambda m: m.LayerNorm((2, 3)),
    "MLP": lambda m: m.Sequential(m.Linear(4, 8), m.ReLU(), m.Linear(8, 2)),
}


@pytest.mark.parametrize("name", list(LAYERS))
def test_seeded_layer_construction_matches_torch(name: str) -> None:
    pt.manual_seed(42)
    ours = LAYERS[name](nn)
    torch.manual_seed(42)
    theirs = LAYERS[name](torch.nn)
    ours_state, theirs_state = ours.state_dict(), theirs.state_dict()
    assert list(ours_state) == list(theirs_state)
    for key, value in theirs_state.items():
        assert tuple(ours_state[key].shape) == tuple(value.shape)
        np.testing.assert_array_equal(values(ours_state[key]), values(value), err_msg=key)
    assert pt.rand(1).item() == torch.rand(1).item()
