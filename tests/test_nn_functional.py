"""nn.functional against torch.nn.functional: values and gradients, plus gradcheck in float64."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402
import pytensor.nn.functional as F  # noqa: E402
from pytensor.autograd import gradcheck  # noqa: E402

TOL = {"float32": (1e-5, 1e-5), "float64": (1e-10, 1e-12)}


def to_pt(t: Any, requires_grad: bool = False) -> Any:
    out = pt.tensor(t.detach().numpy())
    return out.requires_grad_() if requires_grad else out


def values(t: Any) -> np.ndarray:
    return np.asarray(t.detach().tolist(), dtype=np.float64)


def assert_close(ours: Any, theirs: Any, dtype: str = "float32", msg: str = "") -> None:
    rtol, atol = TOL[dtype]
    assert tuple(ours.shape) == tuple(theirs.shape), msg
    np.testing.assert_allclose(values(ours), values(theirs), rtol=rtol, atol=atol, err_msg=msg)


def check(fn: Callable[..., Any], *inputs: Any, dtype: str = "float32") -> None:
    """fn(lib_functional, *tensors) agrees in value and in every float input's gradient."""
    th_in = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    pt_in = [to_pt(x, x.is_floating_point()) for x in inputs]
    th_out, pt_out = fn(torch.nn.functional, *th_in), fn(F, *pt_in)
    assert_close(pt_out, th_out, dtype, "forward")
    if not th_out.requires_grad:
        return
    grad = torch.randn_like(th_out)
    th_out.backward(grad)
    pt_out.backward(to_pt(grad))
    for i, (a, b) in enumerate(zip(pt_in, th_in)):
        if b.grad is not None:
            assert_close(a.grad, b.grad, dtype, f"grad of input {i}")


def r(*shape: int, dtype: str = "float32") -> Any:
    return torch.randn(*shape, dtype=getattr(torch, dtype))


CASES: dict[str, tuple[Callable[..., Any], Callable[[str], list[Any]]]] = {
    "linear": (lambda f, x, w, b: f.linear(x, w, b), lambda d: [r(3, 4, dtype=d), r(2, 4, dtype=d), r(2, dtype=d)]),
    "bilinear": (lambda f, a, b, w, c: f.bilinear(a, b, w, c), lambda d: [r(3, 2, dtype=d), r(3, 4, dtype=d), r(5, 2, 4, dtype=d), r(5, dtype=d)]),
    "relu": (lambda f, x: f.relu(x), lambda d: [r(3, 4, dtype=d)]),
    "leaky_relu": (lambda f, x: f.leaky_relu(x, 0.3), lambda d: [r(3, 4, dtype=d)]),
    "elu": (lambda f, x: f.elu(x, 1.5), lambda d: [r(3, 4, dtype=d)]),
    "gelu": (lambda f, x: f.gelu(x), lambda d: [r(3, 4, dtype=d) * 3]),
    "gelu_tanh": (lambda f, x: f.gelu(x, approximate="tanh"), lambda d: [r(3, 4, dtype=d) * 3]),
    "silu": (lambda f, x: f.silu(x), lambda d: [r(3, 4, dtype=d)]),
    "sigmoid": (lambda f, x: f.sigmoid(x), lambda d: [r(3, 4, dtype=d)]),
    "tanh": (lambda f, x: f.tanh(x), lambda d: [r(3, 4, dtype=d)]),
    "softplus": (lambda f, x: f.softplus(x), lambda d: [r(3, 4, dtype=d) * 10]),
    "softplus_beta": (lambda f, x: f.softplus(x, beta=3.0, threshold=2.0), lambda d: [r(3, 4, dtype=d)]),
    "softmax": (lambda f, x: f.softmax(x, dim=-1), lambda d: [r(3, 4, dtype=d) * 5]),
    "log_softmax": (lambda f, x: f.log_softmax(x, dim=0), lambda d: [r(3, 4, dtype=d) * 5]),
    "embedding": (lambda f, i, w: f.embedding(i, w, padding_idx=2), lambda d: [torch.tensor([[0, 2], [3, 2]]), r(4, 3, dtype=d)]),
    "conv1d": (lambda f, x, w, b: f.conv1d(x, w, b, stride=2, padding=2, dilation=2), lambda d: [r(2, 4, 9, dtype=d), r(6, 4, 3, dtype=d), r(6, dtype=d)]),
    "conv1d_groups": (lambda f, x, w: f.conv1d(x, w, groups=2), lambda d: [r(2, 4, 9, dtype=d), r(6, 2, 3, dtype=d)]),
    "conv2d": (lambda f, x, w, b: f.conv2d(x, w, b, stride=(1, 2), padding=1), lambda d: [r(2, 3, 6, 5, dtype=d), r(4, 3, 3, 2, dtype=d), r(4, dtype=d)]),
    "conv2d_same": (lambda f, x, w: f.conv2d(x, w, padding="same", dilation=(2, 1)), lambda d: [r(1, 2, 6, 5, dtype=d), r(3, 2, 2, 3, dtype=d)]),
    "conv_transpose2d": (lambda f, x, w, b: f.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1), lambda d: [r(2, 3, 3, 4, dtype=d), r(3, 2, 3, 3, dtype=d), r(2, dtype=d)]),
    "max_pool1d": (lambda f, x: f.max_pool1d(x, 3, 2, 1, ceil_mode=True), lambda d: [r(2, 3, 8, dtype=d)]),
    "max_pool2d": (lambda f, x: f.max_pool2d(x, (3, 2), stride=(2, 1), padding=(1, 0)), lambda d: [r(2, 2, 7, 5, dtype=d)]),
    "avg_pool2d": (lambda f, x: f.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False), lambda d: [r(2, 2, 7, 6, dtype=d)]),
    "adaptive_avg_pool2d": (lambda f, x: f.adaptive_avg_pool2d(x, (4, 3)), lambda d: [r(2, 2, 7, 5, dtype=d)]),
    "batch_norm_train": (lambda f, x, w, b: f.batch_norm(x, None, None, w, b, training=True), lambda d: [r(4, 3, 2, dtype=d), r(3, dtype=d), r(3, dtype=d)]),
    "batch_norm_eval": (lambda f, x, m, v: f.batch_norm(x, m.detach(), v.detach().abs() + 0.5), lambda d: [r(4, 3, dtype=d), r(3, dtype=d), r(3, dtype=d)]),
    "layer_norm": (lambda f, x, w, b: f.layer_norm(x, (2, 3), w, b, eps=1e-3), lambda d: [r(4, 2, 3, dtype=d), r(2, 3, dtype=d), r(2, 3, dtype=d)]),
    "pad_constant": (lambda f, x: f.pad(x, (1, 2, 0, 1), value=1.5), lambda d: [r(2, 3, 4, dtype=d)]),
    "pad_crop": (lambda f, x: f.pad(x, (-1, 2, 1, -1)), lambda d: [r(2, 3, 4, dtype=d)]),
    "pad_reflect": (lambda f, x: f.pad(x, (2, 1, 1, 2), mode="reflect"), lambda d: [r(1, 2, 3, 4, dtype=d)]),
    "pad_replicate": (lambda f, x: f.pad(x, (2, 1, 3, 0), mode="replicate"), lambda d: [r(1, 2, 3, 4, dtype=d)]),
    "pad_circular": (lambda f, x: f.pad(x, (1, 2, 2, 1), mode="circular"), lambda d: [r(1, 2, 3, 4, dtype=d)]),
    "unfold": (lambda f, x: f.unfold(x, (2, 3), dilation=(2, 1), padding=1, stride=(1, 2)), lambda d: [r(2, 3, 5, 6, dtype=d)]),
    "normalize": (lambda f, x: f.normalize(x, p=2, dim=1), lambda d: [r(3, 4, dtype=d)]),
    "normalize_p1": (lambda f, x: f.normalize(x, p=1.0, dim=0), lambda d: [r(3, 4, dtype=d)]),
    "cosine_similarity": (lambda f, a, b: f.cosine_similarity(a, b, dim=1), lambda d: [r(3, 4, dtype=d), r(3, 4, dtype=d)]),
    "cosine_similarity_broadcast": (lambda f, a, b: f.cosine_similarity(a, b, dim=-1), lambda d: [r(3, 4, dtype=d), r(1, 4, dtype=d)]),
}  # fmt: skip


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(CASES))
def test_functional_matches_torch(name: str, dtype: str) -> None:
    fn, make = CASES[name]
    torch.manual_seed(0)
    check(fn, *make(dtype), dtype=dtype)


GRADCHECK = {
    "conv2d": (lambda x, w: F.conv2d(x, w, stride=2, padding=1), [(1, 2, 3, 3), (2, 2, 2, 2)]),
    "conv1d": (lambda x, w: F.conv1d(x, w, padding="same", dilation=2), [(1, 1, 4), (2, 1, 2)]),
    "conv_transpose2d": (lambda x, w: F.conv_transpose2d(x, w, stride=2), [(1, 1, 2, 2), (1, 1, 2, 2)]),
    "max_pool2d": (lambda x: F.max_pool2d(x, 2, 1), [(1, 1, 3, 3)]),
    "avg_pool2d": (lambda x: F.avg_pool2d(x, 2, 1, 1), [(1, 1, 2, 3)]),
    "pad_reflect": (lambda x: F.pad(x, (2, 1), mode="reflect"), [(1, 1, 4)]),
    "pad_constant": (lambda x: F.pad(x, (1, 1, 1, 0)), [(1, 2, 2)]),
    "unfold": (lambda x: F.unfold(x, 2, padding=1, stride=2), [(1, 1, 3, 3)]),
    "normalize": (lambda x: F.normalize(x, dim=1), [(2, 3)]),
    "cosine_similarity": (lambda a, b: F.cosine_similarity(a, b), [(2, 3), (2, 3)]),
    "layer_norm": (lambda x, w: F.layer_norm(x, (3,), w), [(2, 3), (3,)]),
    "batch_norm": (lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [(3, 2), (2,), (2,)]),
    "bilinear": (lambda a, b, w: F.bilinear(a, b, w), [(2, 2), (2, 3), (2, 2, 3)]),
    "gelu": (lambda x: F.gelu(x), [(4,)]),
    "softplus": (lambda x: F.softplus(x, beta=2.0), [(4,)]),
}  # fmt: skip


@pytest.mark.parametrize("name", list(GRADCHECK))
def test_gradcheck_functional(name: str) -> None:
    fn, shapes = GRADCHECK[name]
    pt.manual_seed(1)
    inputs = [pt.randn(*s, dtype=pt.float64).requires_grad_() for s in shapes]
    # Clones inside: gradcheck perturbs its inputs in place after recording the graph.
    assert gradcheck(lambda *xs: fn(*(x.clone() for x in xs)), inputs)


def test_max_pool_return_indices_match_torch() -> None:
    x = torch.randn(2, 3, 7, 6)
    for kwargs in [{"kernel_size": 2}, {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True},
                   {"kernel_size": (2, 3), "stride": 2, "dilation": 2}]:  # fmt: skip
        th_vals, th_idx = torch.nn.functional.max_pool2d(x, return_indices=True, **kwargs)
        pt_vals, pt_idx = F.max_pool2d(to_pt(x), return_indices=True, **kwargs)
        assert_close(pt_vals, th_vals)
        assert pt_idx.tolist() == th_idx.tolist()
    th_vals, th_idx = torch.nn.functional.max_pool1d(x[0], 3, 2, return_indices=True)
    pt_vals, pt_idx = F.max_pool1d(to_pt(x[0]), 3, 2, return_indices=True)
    assert_close(pt_vals, th_vals)
    assert pt_idx.tolist() == th_idx.tolist()


def test_one_hot() -> None:
    idx = torch.tensor([[0, 3], [2, 1]])
    for n in (-1, 5):
        ours = F.one_hot(to_pt(idx), n)
        theirs = torch.nn.functional.one_hot(idx, n)
        assert ours.tolist() == theirs.tolist() and ours.dtype == pt.int64


def test_dropout_functional_modes() -> None:
    x = pt.randn(4, 4)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x
    assert values(F.dropout(x, 1.0)).tolist() == [[0.0] * 4] * 4
    with pytest.raises(ValueError):
        F.dropout(x, 1.5)


def test_softmax_implicit_dim_warns_and_matches_torch() -> None:
    x = torch.randn(2, 3, 4)
    with pytest.warns(UserWarning):
        ours = F.softmax(to_pt(x))
    with pytest.warns(UserWarning):
        theirs = torch.nn.functional.softmax(x)
    assert_close(ours, theirs)


def test_softmax_stable_for_large_logits() -> None:
    x = torch.tensor([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]])
    check(lambda f, t: f.log_softmax(t, dim=1), x)
    check(lambda f, t: f.softmax(t, dim=1), x)
