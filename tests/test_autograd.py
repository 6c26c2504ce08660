"""Autograd semantics, checked against torch as the oracle.

Every expected value, gradient, grad_fn name and error message comes from torch (or from
math), never from pytensor's own output. Each test runs the same code against both libraries
where the APIs coincide (`lib` is `pytensor` or `torch`).
"""

from __future__ import annotations

import math
import re
from typing import Any

import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402

LIBS = [pt, torch]


def close(p: Any, t: Any, rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """pytensor tensor `p` equals torch tensor `t` in shape, dtype and values."""
    assert p is not None and t is not None, (p, t)
    assert tuple(p.shape) == tuple(t.shape), (p.shape, t.shape)
    assert str(p.dtype).split(".")[-1] == str(t.dtype).split(".")[-1], (p.dtype, t.dtype)
    expected = torch.tensor(p.tolist(), dtype=t.dtype)
    assert torch.allclose(expected, t.detach(), rtol=rtol, atol=atol, equal_nan=True), (
        p.tolist(),
        t.tolist(),
    )


def both(fn: Any) -> tuple[Any, Any]:
    return fn(pt), fn(torch)


def error_of(fn: Any, lib: Any) -> tuple[type, str]:
    """The exception type and message fn(lib) raises; torch's type names (torch.Size,
    torch.FloatTensor) are rewritten to pytensor's."""
    try:
        fn(lib)
    except Exception as e:  # noqa: BLE001
        return type(e), re.sub(r"torch\.(Size|[A-Z][a-z]*Tensor)\b", r"pytensor.\1", str(e))
    raise AssertionError(f"{lib.__name__} raised nothing")


def graph_names(fn: Any) -> Any:
    """A nested structure of grad_fn names reachable from fn(lib)'s grad_fn, for comparison."""

    def walk(node: Any, depth: int) -> Any:
        if node is None:
            return None
        # torch namespaces a few node names (torch::autograd::AccumulateGrad); compare the rest.
        name = node.name().removeprefix("torch::autograd::")
        if depth == 0:
            return name
        return (name, tuple(walk(child, depth - 1) for child, _ in node.next_functions))

    return walk(fn.grad_fn, 6)


# ------------------------------------------------------------------ leaves and requires_grad


@pytest.mark.parametrize("lib", LIBS, ids=lambda m: m.__name__)
def test_leaf_rules(lib: Any) -> None:
    a = lib.tensor([1.0, 2.0], requires_grad=True)
    b = lib.tensor([1.0, 2.0])
    c = a * 2
    d = b * 2
    assert a.is_leaf and a.requires_grad and a.grad_fn is None
    assert b.is_leaf and not b.requires_grad
    assert not c.is_leaf and c.requires_grad and c.grad_fn is not None
    assert d.is_leaf and not d.requires_grad and d.grad_fn is None
    e = c.detach()
    assert e.is_leaf and not e.requires_grad


def test_leaf_rules_agree() -> None:
    pa = pt.tensor([1.0, 2.0], requires_grad=True)
    ta = torch.tensor([1.0, 2.0], requires_grad=True)
    for fp, ft in [
        (lambda a: a, lambda a: a),
        (lambda a: a * 2, lambda a: a * 2),
        (lambda a: a.detach(), lambda a: a.detach()),
        (lambda a: a.detach() * 2, lambda a: a.detach() * 2),
        (lambda a: a[0], lambda a: a[0]),
        (lambda a: a.sum(), lambda a: a.sum()),
    ]:
        p, t = fp(pa), ft(ta)
        assert (p.is_leaf, p.requires_grad) == (t.is_leaf, t.requires_grad)


@pytest.mark.parametrize("dtype", ["int64", "int32", "int8", "uint8", "bool"])
def test_requires_grad_on_int_tensor_raises(dtype: str) -> None:
    msgs = []
    for lib in LIBS:
        t = lib.tensor([1, 0], dtype=getattr(lib, dtype))
        with pytest.raises(RuntimeError) as info:
            t.requires_grad_(True)
        msgs.append(str(info.value))
        with pytest.raises(RuntimeError):
            t.requires_grad = True
        with pytest.raises(RuntimeError):
            lib.tensor([1, 2], dtype=getattr(lib, dtype), requires_grad=True)
    assert msgs[0] == msgs[1]


def test_requires_grad_false_on_int_allowed() -> None:
    for lib in LIBS:
        t = lib.tensor([1, 2])
        t.requires_grad_(False)
        assert not t.requires_grad


def test_set_requires_grad_on_non_leaf_error_message() -> None:
    msgs = []
    for lib in LIBS:
        y = lib.tensor([1.0], requires_grad=True) * 2
        with pytest.raises(RuntimeError) as info:
            y.requires_grad = False
        msgs.append(str(info.value))
    assert msgs[0] == msgs[1]


def test_requires_grad_propagation_and_float16() -> None:
    for lib in LIBS:
        a = lib.tensor([1.0, 2.0], dtype=lib.float16, requires_grad=True)
        assert (a * 2).requires_grad
        b = lib.tensor([1.0, 2.0], dtype=lib.float64)
        assert not (b * 2).requires_grad
        assert (a.double() + b).requires_grad


def test_requires_grad_(lib: Any = None) -> None:
    for lib in LIBS:
        a = lib.ones(3)
        r = a.requires_grad_()
        assert r is a and a.requires_grad and a.is_leaf
        a.requires_grad_(False)
        assert not a.requires_grad


# ------------------------------------------------------------------ .grad accumulation


def test_grad_accumulates_over_two_backwards() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        (x * x).sum().backward()
        first = x.grad.clone()
        (x * 3).sum().backward()
        return first, x.grad

    (p1, p2), (t1, t2) = both(run)
    close(p1, t1)
    close(p2, t2)


def test_grad_is_none_before_backward_and_zero_() -> None:
    x = pt.tensor([1.0, 2.0], requires_grad=True)
    assert x.grad is None
    (x * 2).sum().backward()
    g = x.grad
    x.grad.zero_()
    (x * 5).sum().backward()
    assert x.grad is g  # accumulated in place, as torch does
    tx = torch.tensor([1.0, 2.0], requires_grad=True)
    (tx * 2).sum().backward()
    tg = tx.grad
    tx.grad.zero_()
    (tx * 5).sum().backward()
    assert tx.grad is tg
    close(x.grad, tx.grad)


def test_first_gradient_becomes_grad_without_a_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    """AccumulateGrad keeps a gradient nobody else holds (PyTorch "steals" it): a Linear
    layer's backward copies nothing, and its weight gradient is row-major like the weight."""
    from pytensor.backends.reference import ReferenceBackend

    copies = []
    original = ReferenceBackend.copy
    monkeypatch.setattr(ReferenceBackend, "copy",
                        lambda self, *a: (copies.append(a), original(self, *a))[1])  # fmt: skip
    layer = pt.nn.Linear(4, 3)
    loss = (layer(pt.randn(5, 4)) ** 2).sum()
    copies.clear()
    loss.backward()
    assert copies == []
    assert layer.weight.grad is not None and layer.weight.grad.is_contiguous()
    assert layer.weight.grad.stride() == layer.weight.stride()


def _storage(t: Any) -> Any:
    return t.untyped_storage()


def test_shared_gradients_are_copied_into_grad() -> None:
    """Whenever another tensor, list or hook can still see a gradient, .grad is a copy, so
    that a later in-place accumulation changes nothing else."""
    a, b = pt.ones(2, 2, requires_grad=True), pt.ones(2, 2, requires_grad=True)
    (a + b).sum().backward()  # AddBackward hands one tensor to both
    assert _storage(a.grad) is not _storage(b.grad)

    a, c = pt.ones(2, 2, requires_grad=True), pt.ones(4, requires_grad=True)
    (a + c.view(2, 2)).sum().backward()  # c's gradient is a view of a's
    assert _storage(a.grad) is not _storage(c.grad)
    a.grad.add_(1.0)
    assert c.grad.tolist() == [1.0] * 4

    kept: list[Any] = []
    a = pt.ones(3, requires_grad=True)
    a.register_hook(kept.append)  # the hook keeps the gradient it saw
    (a * 2).sum().backward()
    assert _storage(kept[0]) is not _storage(a.grad)

    a, g = pt.ones(3, requires_grad=True), pt.ones(3)
    a.clone().backward(g)  # CloneBackward passes the caller's own tensor through
    g.add_(1.0)
    assert a.grad.tolist() == [1.0, 1.0, 1.0]

    a = pt.ones(3, requires_grad=True)
    y = a * 1.0
    y.retain_grad()
    (y * 2).sum().backward()
    assert _storage(y.grad) is not _storage(a.grad)
    a.grad.add_(1.0)
    assert y.grad.tolist() == [2.0, 2.0, 2.0]


def test_grad_of_non_leaf_is_none_without_retain_grad() -> None:
    x = pt.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.sum().backward()
    assert y.grad is None
    assert not y.retains_grad


# ------------------------------------------------------------------ grad_fn structure


EXPRESSIONS = [
    lambda lib, a, b: a * b + a,
    lambda lib, a, b: (a * 2).sum(),
    lambda lib, a, b: (a.exp() - b.sin()).mean(),
    lambda lib, a, b: a @ b.t(),
    lambda lib, a, b: (a / b).tanh().pow(2),
    lambda lib, a, b: a.view(6).relu() * 3.0,
    lambda lib, a, b: a[0] + b[:, 1].sum(),
    lambda lib, a, b: lib.cat([a, b], 0).sigmoid(),
    lambda lib, a, b: a.reshape(3, 2).t().matmul(b.reshape(3, 2)),
    lambda lib, a, b: (a - 1).abs().sqrt().log(),
    lambda lib, a, b: a.transpose(0, 1).unsqueeze(0).squeeze(0),
    lambda lib, a, b: -a + a.neg() + a.clone(),
    lambda lib, a, b: a.permute(1, 0).expand(2, 3, 2),
    lambda lib, a, b: lib.stack([a, b]).max(),
    lambda lib, a, b: a.softmax(1).log_softmax(0),
]


@pytest.mark.parametrize("i", range(len(EXPRESSIONS)))
def test_grad_fn_names_and_next_functions(i: int) -> None:
    fn = EXPRESSIONS[i]

    def build(lib: Any) -> Any:
        a = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.5]], requires_grad=True)
        b = lib.tensor([[0.5, 1.5, 2.5], [-1.0, 2.0, 3.0]], requires_grad=True)
        return fn(lib, a, b)

    p, t = both(build)
    assert graph_names(p) == graph_names(t)
    assert p.requires_grad == t.requires_grad


def test_next_functions_leaf_and_constant() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        c = lib.tensor([3.0, 4.0])
        y = x * c
        (n0, i0), (n1, i1) = y.grad_fn.next_functions
        assert n0.name().removeprefix("torch::autograd::") == "AccumulateGrad"
        assert n0.variable is x
        assert i0 == 0
        assert n1 is None and i1 == 0
        # the accumulator is shared by all uses of the leaf
        z = x * 3
        assert z.grad_fn.next_functions[0][0] is n0


def test_accumulate_grad_type_name() -> None:
    # torch: type(node).__name__ == "AccumulateGrad"; the node's name() is namespaced.
    tx = torch.tensor([1.0], requires_grad=True)
    tnode = (tx * 2).grad_fn.next_functions[0][0]
    px = pt.tensor([1.0], requires_grad=True)
    pnode = (px * 2).grad_fn.next_functions[0][0]
    assert type(pnode).__name__ == type(tnode).__name__


def test_grad_fn_type_name_matches_torch() -> None:
    # `type(y.grad_fn).__name__` is how tutorials print the op that made a tensor.
    tx = torch.tensor([1.0, 2.0], requires_grad=True)
    px = pt.tensor([1.0, 2.0], requires_grad=True)
    for fp, ft in [(lambda a: a.exp(), lambda a: a.exp()), (lambda a: a * 2, lambda a: a * 2)]:
        assert type(fp(px).grad_fn).__name__ == type(ft(tx).grad_fn).__name__


def test_grad_fn_repr_prefix() -> None:
    px = pt.tensor([1.0], requires_grad=True)
    tx = torch.tensor([1.0], requires_grad=True)
    assert repr((px * 2).grad_fn).split(" object")[0] == repr((tx * 2).grad_fn).split(" object")[0]


def test_multi_output_next_functions_output_nr() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        a, b, c = x.unbind(0)
        y = c * a
        return [(n.name(), nr) for n, nr in y.grad_fn.next_functions]

    p, t = both(run)
    assert p == t


# ------------------------------------------------------------------ backward(gradient=...)


def test_backward_with_gradient() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        y = x * x * 3
        y.backward(gradient=lib.tensor([[1.0, 0.5], [-1.0, 2.0]]))
        return x.grad

    close(*both(run))


def test_backward_non_scalar_without_gradient_raises() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        with pytest.raises(
            RuntimeError, match="grad can be implicitly created only for scalar outputs"
        ):
            (x * 2).backward()


def test_backward_on_one_element_non_scalar() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[3.0]], requires_grad=True)
        (x * x).backward()
        return x.grad

    close(*both(run))


def test_backward_gradient_shape_mismatch_message() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).backward(lib.tensor([1.0, 2.0, 3.0]))

    assert error_of(fn, pt) == error_of(fn, torch)


def test_backward_on_tensor_without_grad_message() -> None:
    def fn(lib: Any) -> None:
        lib.tensor([1.0, 2.0]).sum().backward()

    assert error_of(fn, pt) == error_of(fn, torch)


def test_backward_on_leaf_itself() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        x.backward(lib.tensor([3.0, 4.0]))
        return x.grad

    close(*both(run))


# ------------------------------------------------------------------ retain_graph


def test_backward_twice_through_saved_tensors_raises() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        y.backward()
        with pytest.raises(
            RuntimeError, match="Trying to backward through the graph a second time"
        ):
            y.backward()


def test_backward_twice_message_equal_to_torch() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp().sum()
        y.backward()
        y.backward()

    assert error_of(fn, pt) == error_of(fn, torch)


def test_backward_twice_with_retain_graph() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        y.backward(retain_graph=True)
        y.backward()
        return x.grad

    close(*both(run))


@pytest.mark.parametrize(
    "expr",
    [
        lambda a, b: (a + b).sum(),
        lambda a, b: (a - b).sum(),
        lambda a, b: (a + 3).sum(),
        lambda a, b: a.sum() + b.sum(),
    ],
)
def test_backward_twice_without_saved_tensors(expr: Any) -> None:
    def run(lib: Any) -> Any:
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0, 4.0], requires_grad=True)
        y = expr(a, b)
        y.backward()
        y.backward()
        return a.grad, b.grad

    (pa, pb), (ta, tb) = both(run)
    close(pa, ta)
    if tb is None:
        assert pb is None
    else:
        close(pb, tb)


def test_saved_tensors_freed_state_agrees_with_torch() -> None:
    # For each expression: does a second backward raise in torch? pytensor must agree.
    exprs = [
        lambda a: (a * a).sum(),
        lambda a: (a * 2).sum(),
        lambda a: (a + a).sum(),
        lambda a: a.exp().sum(),
        lambda a: a.sin().sum(),
        lambda a: a.sum() * 2,
        lambda a: a.view(2, 1).sum(),
        lambda a: a.mean(),
        lambda a: (a / 2).sum(),
        lambda a: a[0],
        lambda a: a.relu().sum(),
    ]
    for e in exprs:
        outcome = []
        for lib in LIBS:
            a = lib.tensor([1.0, 2.0], requires_grad=True)
            y = e(a)
            y.backward()
            try:
                y.backward()
                outcome.append(True)
            except RuntimeError:
                outcome.append(False)
        assert outcome[0] == outcome[1], e


# ------------------------------------------------------------------ autograd.grad


def test_autograd_grad_basic() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        w = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
        y = (x * w).sin().sum()
        gx, gw = lib.autograd.grad(y, [x, w])
        return gx, gw, x.grad, w.grad

    (px, pw, pxg, pwg), (tx, tw, txg, twg) = both(run)
    close(px, tx)
    close(pw, tw)
    assert pxg is None and pwg is None and txg is None and twg is None


def test_autograd_grad_single_input_returns_tuple() -> None:
    x = pt.tensor(2.0, requires_grad=True)
    result = pt.autograd.grad(x * x, x)
    assert isinstance(result, tuple) and len(result) == 1
    assert result[0].item() == 4.0


def test_autograd_grad_outputs() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x**2
        (g,) = lib.autograd.grad(y, x, grad_outputs=lib.tensor([1.0, 0.1, -2.0]))
        return g

    close(*both(run))


def test_autograd_grad_multiple_outputs() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y1 = (x * 3).sum()
        y2 = (x * x).sum()
        return lib.autograd.grad([y1, y2], [x])[0]

    close(*both(run))


def test_autograd_grad_retain_graph() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        lib.autograd.grad(y, x, retain_graph=True)
        (g,) = lib.autograd.grad(y, x)
        assert g.tolist() == [2.0, 4.0]
        with pytest.raises(RuntimeError, match="second time"):
            lib.autograd.grad(y, x)


def test_autograd_grad_create_graph() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x**3).sum()
        (g,) = lib.autograd.grad(y, x, create_graph=True)
        assert g.requires_grad and g.grad_fn is not None
        (g2,) = lib.autograd.grad(g.sum(), x)
        return g, g2

    (p1, p2), (t1, t2) = both(run)
    close(p1, t1)
    close(p2, t2)


def test_autograd_grad_without_create_graph_has_no_graph() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (g,) = lib.autograd.grad((x**3).sum(), x)
        assert not g.requires_grad and g.grad_fn is None


def test_autograd_grad_unused_input_raises() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([1.0], requires_grad=True)
        z = lib.tensor([1.0], requires_grad=True)
        lib.autograd.grad((x * 2).sum(), [x, z])

    assert error_of(fn, pt) == error_of(fn, torch)


def test_autograd_grad_allow_unused_gives_none() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        z = lib.tensor([1.0], requires_grad=True)
        return lib.autograd.grad((x * 2).sum(), [x, z], allow_unused=True)

    (px, pz), (tx, tz) = both(run)
    close(px, tx)
    assert pz is None and tz is None


def test_autograd_grad_input_not_requiring_grad() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([1.0], requires_grad=True)
        z = lib.tensor([1.0])
        lib.autograd.grad((x * z).sum(), [z])

    assert error_of(fn, pt) == error_of(fn, torch)


def test_autograd_grad_wrt_non_leaf() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        y = (h * h).sum()
        return lib.autograd.grad(y, [h, x])

    (ph, px), (th, tx) = both(run)
    close(ph, th)
    close(px, tx)


def test_autograd_backward_function() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y1 = (x * x).sum()
        y2 = x * 4
        lib.autograd.backward([y1, y2], [lib.tensor(1.0), lib.tensor([1.0, -1.0])])
        return x.grad

    close(*both(run))


# ------------------------------------------------------------------ higher order


@pytest.mark.parametrize(
    "f",
    [
        lambda x: x**3,
        lambda x: x.sin(),
        lambda x: x.tanh(),
        lambda x: x.exp() * x,
        lambda x: x.sigmoid(),
        lambda x: (x * x + 1).log(),
        lambda x: x.cos() / (x + 3),
        lambda x: (x**2 + 1).sqrt(),
    ],
)
def test_second_derivative(f: Any) -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([0.3, -1.2, 2.0], dtype=lib.float64, requires_grad=True)
        y = f(x).sum()
        (g,) = lib.autograd.grad(y, x, create_graph=True)
        (g2,) = lib.autograd.grad(g.sum(), x, create_graph=True)
        (g3,) = lib.autograd.grad(g2.sum(), x)
        return g, g2, g3

    for p, t in zip(*both(run)):
        close(p, t, rtol=1e-9, atol=1e-10)


def test_second_derivative_known_values() -> None:
    x = pt.tensor([0.5, 1.0, 2.0], dtype=pt.float64, requires_grad=True)
    (g,) = pt.autograd.grad((x**3).sum(), x, create_graph=True)
    (g2,) = pt.autograd.grad(g.sum(), x)
    assert g2.tolist() == pytest.approx([6 * v for v in [0.5, 1.0, 2.0]])
    x = pt.tensor([0.5, 1.0], dtype=pt.float64, requires_grad=True)
    (g,) = pt.autograd.grad(x.sin().sum(), x, create_graph=True)
    (g2,) = pt.autograd.grad(g.sum(), x)
    assert g2.tolist() == pytest.approx([-math.sin(0.5), -math.sin(1.0)])
    x = pt.tensor([0.5], dtype=pt.float64, requires_grad=True)
    (g,) = pt.autograd.grad(x.tanh().sum(), x, create_graph=True)
    (g2,) = pt.autograd.grad(g.sum(), x)
    th = math.tanh(0.5)
    assert g2.item() == pytest.approx(-2 * th * (1 - th * th))


def test_hessian_vector_product() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([0.5, -1.0, 2.0], dtype=lib.float64, requires_grad=True)
        a = lib.tensor([[1.0, 2.0, 0.0], [0.5, -1.0, 3.0], [2.0, 0.0, 1.0]], dtype=lib.float64)
        y = (a @ x).tanh().sum() + (x**2).prod() + (x * x.sin()).sum()
        (g,) = lib.autograd.grad(y, x, create_graph=True)
        v = lib.tensor([1.0, 0.5, -2.0], dtype=lib.float64)
        (hv,) = lib.autograd.grad((g * v).sum(), x)
        return g, hv

    (pg, phv), (tg, thv) = both(run)
    close(pg, tg, rtol=1e-9, atol=1e-10)
    close(phv, thv, rtol=1e-9, atol=1e-10)


def test_grad_of_grad_norm() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[0.5, -1.0], [2.0, 0.25]], dtype=lib.float64, requires_grad=True)
        w = lib.tensor([[1.0, 2.0], [-0.5, 1.5]], dtype=lib.float64, requires_grad=True)
        loss = ((x @ w).sigmoid() ** 2).mean()
        (gw,) = lib.autograd.grad(loss, w, create_graph=True)
        penalty = gw.norm()
        penalty.backward()
        return penalty, x.grad, w.grad

    for p, t in zip(*both(run)):
        close(p, t, rtol=1e-9, atol=1e-10)


@pytest.mark.filterwarnings("ignore:Using backward\\(\\) with create_graph=True")
def test_backward_create_graph_grad_has_graph() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        (x**3).sum().backward(create_graph=True)
        g = x.grad
        assert g.requires_grad
        (g2,) = lib.autograd.grad(g.sum(), x)
        return g, g2

    (p1, p2), (t1, t2) = both(run)
    close(p1, t1)
    close(p2, t2)


# ------------------------------------------------------------------ grad modes


def test_no_grad_context() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0], requires_grad=True)
        with lib.no_grad():
            y = x * 2
            assert not lib.is_grad_enabled()
        assert lib.is_grad_enabled()
        assert not y.requires_grad and y.grad_fn is None


def test_grad_mode_decorators() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0], requires_grad=True)

        @lib.no_grad()
        def f(t: Any) -> Any:
            return t * 2

        @lib.enable_grad()
        def g(t: Any) -> Any:
            return t * 2

        @lib.set_grad_enabled(False)
        def h(t: Any) -> Any:
            return t * 2

        @lib.inference_mode()
        def k(t: Any) -> Any:
            return t * 2

        assert lib.is_grad_enabled()  # defining the decorators changes nothing
        assert not f(x).requires_grad
        assert not h(x).requires_grad
        assert not k(x).requires_grad
        assert g(x).requires_grad
        with lib.no_grad():
            assert g(x).requires_grad  # enable_grad inside no_grad
            assert not lib.is_grad_enabled()
        assert lib.is_grad_enabled()
        assert f.__name__ == "f"


def test_no_grad_decorator_without_parentheses() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0], requires_grad=True)

        @lib.no_grad
        def f(t: Any) -> Any:
            return t * 2

        assert not f(x).requires_grad
        assert lib.is_grad_enabled()


def test_grad_mode_nesting() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0], requires_grad=True)
        with lib.no_grad():
            with lib.enable_grad():
                assert (x * 2).requires_grad
                with lib.set_grad_enabled(False):
                    assert not (x * 2).requires_grad
                assert (x * 2).requires_grad
            assert not (x * 2).requires_grad
            with lib.set_grad_enabled(True):
                assert (x * 2).requires_grad
        assert lib.is_grad_enabled()


def test_set_grad_enabled_as_function_call() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0], requires_grad=True)
        lib.set_grad_enabled(False)
        try:
            assert not lib.is_grad_enabled()
            assert not (x * 2).requires_grad
        finally:
            lib.set_grad_enabled(True)
        assert lib.is_grad_enabled()


def test_grad_mode_restored_after_exception() -> None:
    for lib in LIBS:
        with pytest.raises(ValueError):
            with lib.no_grad():
                raise ValueError
        assert lib.is_grad_enabled()

        @lib.no_grad()
        def boom() -> None:
            raise ValueError

        with pytest.raises(ValueError):
            boom()
        assert lib.is_grad_enabled()


def test_inference_mode() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0], requires_grad=True)
        with lib.inference_mode():
            assert not (x * 2).requires_grad
            assert not lib.is_grad_enabled()
        with lib.inference_mode(False):
            assert (x * 2).requires_grad
        assert lib.is_grad_enabled()


def test_grad_enabled_off_then_backward_of_old_graph() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = (x * x).sum()
        with lib.no_grad():
            y.backward()  # backward itself works under no_grad
        return x.grad

    close(*both(run))


# ------------------------------------------------------------------ detach, retain_grad, hooks


def test_detach_shares_storage() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        d = x.detach()
        assert d.data_ptr() == x.data_ptr()
        assert not d.requires_grad and d.is_leaf
        d[0] = 10.0
        assert x.tolist() == [10.0, 2.0, 3.0]
        # in-place on the detached tensor bumps the shared version counter
        assert x._version == d._version


def test_detach_version_counter_matches_torch() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        d = x.detach()
        v0 = (x._version, d._version)
        d.add_(1)
        v1 = (x._version, d._version)
        d[1] = 5.0
        return v0, v1, (x._version, d._version)

    p, t = both(run)
    assert p == t


def test_detach_breaks_gradient() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * x.detach() + x
        y.sum().backward()
        return x.grad

    close(*both(run))


def test_detach_in_place() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        r = y.detach_()
        assert r is y
        assert y.grad_fn is None and not y.requires_grad and y.is_leaf
        assert y.tolist() == [2.0, 4.0]


def test_data_attribute() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        d = x.data
        assert not d.requires_grad
        d.mul_(3)  # allowed: .data is outside the graph
        (x * x).sum().backward()
        return x.grad

    close(*both(run))


def test_retain_grad_on_non_leaf() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        h.retain_grad()
        assert h.retains_grad
        (h * h).sum().backward()
        return h.grad, x.grad

    (ph, px), (th, tx) = both(run)
    close(ph, th)
    close(px, tx)


def test_retain_grad_accumulates_over_two_backwards() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        h.retain_grad()
        y = (h * h).sum()
        y.backward(retain_graph=True)
        y.backward()
        return h.grad

    close(*both(run))


def test_retain_grad_on_leaf_is_noop() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0], requires_grad=True)
        x.retain_grad()
        assert x.retains_grad == torch.tensor([1.0], requires_grad=True).retains_grad


def test_register_hook_on_leaf_modifies_grad() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        seen = []
        x.register_hook(lambda g: seen.append(g.clone()))
        x.register_hook(lambda g: g * 10)
        (x * x).sum().backward()
        return seen[0], x.grad

    (ps, pg), (ts, tg) = both(run)
    close(ps, ts)
    close(pg, tg)


def test_register_hook_on_non_leaf_modifies_upstream() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * 3
        h.register_hook(lambda g: g + 1)
        (h * h).sum().backward()
        return x.grad

    close(*both(run))


def test_hook_handle_remove() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        handle = x.register_hook(lambda g: g * 100)
        handle.remove()
        h = x * 2
        handle2 = h.register_hook(lambda g: g * 100)
        handle2.remove()
        handle2.remove()  # removing twice is harmless
        (h * 1.5).sum().backward()
        return x.grad

    close(*both(run))


def test_hook_on_tensor_without_grad_raises() -> None:
    def fn(lib: Any) -> None:
        lib.tensor([1.0]).register_hook(lambda g: g)

    assert error_of(fn, pt) == error_of(fn, torch)


def test_hooks_run_in_registration_order() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x + 0.0
        h.register_hook(lambda g: g * 2)
        h.register_hook(lambda g: g + 1)
        h.sum().backward()
        return x.grad

    close(*both(run))


# ------------------------------------------------------------------ in-place rules


def test_inplace_on_leaf_requiring_grad_raises() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        with pytest.raises(
            RuntimeError,
            match="a leaf Variable that requires grad is being used in an in-place operation.",
        ):
            x.add_(1)
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
            x[0] = 5.0
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
            x += 1


def test_inplace_on_leaf_message_equal() -> None:
    def fn(lib: Any) -> None:
        lib.tensor([1.0, 2.0], requires_grad=True).mul_(2)

    assert error_of(fn, pt) == error_of(fn, torch)


def test_inplace_on_view_of_leaf_raises() -> None:
    for lib in LIBS:
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        for view in (x[0], x.view(4), x.t(), x[:, 1]):
            with pytest.raises(
                RuntimeError, match="a view of a leaf Variable that requires grad is being used"
            ):
                view.mul_(2)


def test_inplace_on_view_of_leaf_message_equal() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        x[0].zero_()

    assert error_of(fn, pt) == error_of(fn, torch)


def test_modified_saved_tensor_raises() -> None:
    for lib in LIBS:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp()
        y.add_(1)
        with pytest.raises(
            RuntimeError,
            match="one of the variables needed for gradient computation has been modified by an inplace operation",
        ):
            y.sum().backward()


def test_modified_saved_tensor_message_equal() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x.exp()
        y.add_(1)
        y.sum().backward()

    assert error_of(fn, pt) == error_of(fn, torch)


def test_modified_saved_input_message_equal() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * 1.0
        y = h * h  # saves h
        h.mul_(2)
        y.sum().backward()

    assert error_of(fn, pt) == error_of(fn, torch)


def test_modified_non_saved_tensor_is_fine() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x + 1  # AddBackward saves nothing
        y = h * 3  # MulBackward with a scalar saves nothing about h
        h.add_(1)
        y.sum().backward()
        return x.grad

    close(*both(run))


def test_version_counter() -> None:
    def run(lib: Any) -> Any:
        x = lib.zeros(4)
        versions = [x._version]
        x.add_(1)
        versions.append(x._version)
        x[0] = 3.0
        versions.append(x._version)
        v = x[1:3]
        versions.append(v._version)
        v.mul_(2)
        versions.append(x._version)
        versions.append(v._version)
        x.zero_()
        versions.append(x._version)
        x += 1
        versions.append(x._version)
        y = x + 1  # out of place: no bump
        versions.append(x._version)
        versions.append(y._version)
        x.copy_(y)
        versions.append(x._version)
        x.fill_(2)
        versions.append(x._version)
        return versions

    p, t = both(run)
    assert p == t


def test_version_counter_reshape_view_shares() -> None:
    def run(lib: Any) -> Any:
        x = lib.zeros(2, 3)
        v = x.view(6)
        t = x.t()
        v.add_(1)
        t[0, 0] = 5.0
        c = x.clone()
        return x._version, v._version, t._version, c._version

    p, t = both(run)
    assert p == t


def test_inplace_on_non_leaf_gradients() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, -2.0, 3.0], requires_grad=True)
        y = x * 2
        y.mul_(3)
        y.add_(x)
        y.sub_(x * x)
        y.relu_()
        y.sum().backward()
        return y, x.grad

    (py, pg), (ty, tg) = both(run)
    close(py, ty)
    close(pg, tg)


def test_inplace_rebase_grad_fn_name() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = x * 2
        y.add_(1)
        return y.grad_fn.name(), y.is_leaf, y.requires_grad

    p, t = both(run)
    assert p == t


def test_inplace_nonleaf_with_tensor_operand() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        w = lib.tensor([3.0, -1.0], requires_grad=True)
        y = x.sin()
        y.mul_(w)
        y.add_(w, alpha=2.0)
        (y * y).sum().backward()
        return x.grad, w.grad

    (px, pw), (tx, tw) = both(run)
    close(px, tx)
    close(pw, tw)


def test_inplace_on_tensor_without_grad_by_tensor_with_grad() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        y = lib.zeros(2)
        y.add_(x * 3)
        assert y.requires_grad and not y.is_leaf
        (y * y).sum().backward()
        return x.grad

    close(*both(run))


def test_setitem_through_view_of_non_leaf() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
        z = lib.tensor([0.5, -1.0, 2.0], requires_grad=True)
        y = x * 2
        y[0] = z * 3
        (y * y).sum().backward()
        return y, x.grad, z.grad

    (py, px, pz), (ty, tx, tz) = both(run)
    close(py, ty)
    close(px, tx)
    close(pz, tz)


def test_setitem_simple_sum() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        z = lib.tensor([5.0, 6.0], requires_grad=True)
        y = x * 2
        y[0] = z * 3
        y.sum().backward()
        return x.grad, z.grad

    (px, pz), (tx, tz) = both(run)
    close(px, tx)
    close(pz, tz)


def test_inplace_mul_on_column_view_of_non_leaf() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
        y = x * 1.5
        y[:, 1].mul_(2)
        y[1, :].add_(y[0].detach())
        (y * lib.tensor([1.0, 2.0, 3.0])).sum().backward()
        return y, x.grad

    (py, pg), (ty, tg) = both(run)
    close(py, ty)
    close(pg, tg)


def test_inplace_view_grad_fn_names() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        y = x * 2
        v = y[:, 1]
        v.mul_(2)
        return [n.name().removeprefix("torch::autograd::") for n in (y.grad_fn, v.grad_fn)]

    p, t = both(run)
    assert p == t


def test_inplace_view_then_use_view_grads() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        y = x * 2
        v = y.view(2, 2)
        v[0].mul_(3)
        (v.sin().sum() + (y * y).sum()).backward()
        return x.grad

    close(*both(run))


def test_sgd_update_under_no_grad() -> None:
    def run(lib: Any) -> Any:
        w = lib.tensor([1.0, -1.0, 0.5], requires_grad=True)
        xs = lib.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
        ys = lib.tensor([1.0, -1.0])
        for _ in range(3):
            loss = ((xs @ w - ys) ** 2).mean()
            loss.backward()
            with lib.no_grad():
                w -= 0.1 * w.grad
                w[0] = w[0] * 1.0
            w.grad.zero_()
        assert w.is_leaf and w.requires_grad and w.grad_fn is None
        return w, w._version

    (pw, pv), (tw, tv) = both(run)
    close(pw, tw)
    assert pv == tv


# ------------------------------------------------------------------ broadcasting


def test_broadcast_gradients_reduced() -> None:
    def run(lib: Any) -> Any:
        a = lib.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
        b = lib.tensor([[1.0, 2.0, 3.0, 4.0]], requires_grad=True)
        s = lib.tensor(2.0, requires_grad=True)
        (a * b + s * a).pow(2).sum().backward()
        return a.grad, b.grad, s.grad

    for p, t in zip(*both(run)):
        close(p, t)


def test_bias_broadcast_over_batch() -> None:
    def run(lib: Any) -> Any:
        x = lib.arange(24, dtype=lib.float32).reshape(2, 3, 4) / 10
        x.requires_grad_()
        bias = lib.tensor([0.1, -0.2, 0.3, 0.4], requires_grad=True)
        col = lib.tensor([[1.0], [2.0], [3.0]], requires_grad=True)
        ((x + bias) * col).tanh().sum().backward()
        return x.grad, bias.grad, col.grad

    for p, t in zip(*both(run)):
        close(p, t)


def test_broadcast_with_python_scalar_and_0d() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
        s = lib.tensor(3.0, requires_grad=True)
        (2.0 * x / s - s).sum().backward()
        return x.grad, s.grad

    for p, t in zip(*both(run)):
        close(p, t)


def test_broadcast_gradient_shapes() -> None:
    a = pt.ones(3, 1, requires_grad=True)
    b = pt.ones(1, 4, requires_grad=True)
    s = pt.tensor(1.0, requires_grad=True)
    (a + b + s).sum().backward()
    assert tuple(a.grad.shape) == (3, 1)
    assert tuple(b.grad.shape) == (1, 4)
    assert tuple(s.grad.shape) == ()
    assert a.grad.tolist() == [[4.0]] * 3
    assert s.grad.item() == 12.0


# ------------------------------------------------------------------ autograd.Function


def make_functions(lib: Any) -> Any:
    class Cube(lib.autograd.Function):
        @staticmethod
        def forward(ctx: Any, x: Any, scale: float) -> Any:
            ctx.save_for_backward(x)
            ctx.scale = scale
            return x**3 * scale

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            (x,) = ctx.saved_tensors
            return grad * 3 * x**2 * ctx.scale, None

    class MulAdd(lib.autograd.Function):
        @staticmethod
        def forward(ctx: Any, a: Any, b: Any) -> Any:
            ctx.save_for_backward(a, b)
            ctx.flags = ctx.needs_input_grad
            return a * b, a + b

        @staticmethod
        def backward(ctx: Any, g_prod: Any, g_sum: Any) -> Any:
            a, b = ctx.saved_tensors
            ga = g_prod * b + g_sum if ctx.needs_input_grad[0] else None
            gb = g_prod * a + g_sum if ctx.needs_input_grad[1] else None
            return ga, gb

    return Cube, MulAdd


def test_function_with_non_tensor_arg() -> None:
    def run(lib: Any) -> Any:
        Cube, _ = make_functions(lib)
        x = lib.tensor([1.0, -2.0, 0.5], requires_grad=True)
        y = Cube.apply(x, 2.5)
        assert y.requires_grad and not y.is_leaf
        name = y.grad_fn.name()
        y.sum().backward()
        return y, x.grad, name

    (py, pg, pn), (ty, tg, tn) = both(run)
    close(py, tg * 0 + ty)
    close(pg, tg)
    assert pn == tn


def test_function_multiple_outputs_and_needs_input_grad() -> None:
    def run(lib: Any) -> Any:
        _, MulAdd = make_functions(lib)
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0, -4.0])
        prod, total = MulAdd.apply(a, b)
        assert prod.grad_fn is total.grad_fn
        (prod * 2 + total * total).sum().backward()
        return (
            a.grad,
            b.grad,
            prod.grad_fn.needs_input_grad if hasattr(prod.grad_fn, "needs_input_grad") else None,
        )

    (pa, pb, _), (ta, tb, _) = both(run)
    close(pa, ta)
    assert pb is None and tb is None


def test_function_needs_input_grad_values() -> None:
    seen = {}
    for lib in LIBS:

        class Probe(lib.autograd.Function):
            @staticmethod
            def forward(ctx: Any, a: Any, k: int, b: Any) -> Any:
                seen[lib.__name__] = ctx.needs_input_grad
                return a * b * k

            @staticmethod
            def backward(ctx: Any, g: Any) -> Any:
                return g, None, g

        Probe.apply(lib.tensor([1.0], requires_grad=True), 3, lib.tensor([2.0]))
    assert seen["pytensor"] == seen["torch"]


def test_function_output_inside_forward_has_no_graph() -> None:
    for lib in LIBS:
        inside = {}

        class F(lib.autograd.Function):
            @staticmethod
            def forward(ctx: Any, x: Any) -> Any:
                y = x * 2
                inside["rg"] = y.requires_grad
                inside["enabled"] = lib.is_grad_enabled()
                return y

            @staticmethod
            def backward(ctx: Any, g: Any) -> Any:
                return g * 2

        out = F.apply(lib.tensor([1.0], requires_grad=True))
        assert inside == {"rg": False, "enabled": False}
        assert out.requires_grad


def test_function_one_output_unused_materialized_zero() -> None:
    def run(lib: Any) -> Any:
        _, MulAdd = make_functions(lib)
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0, -4.0], requires_grad=True)
        prod, _ = MulAdd.apply(a, b)
        prod.sum().backward()
        return a.grad, b.grad

    (pa, pb), (ta, tb) = both(run)
    close(pa, ta)
    close(pb, tb)


def test_function_saved_tensors_freed_after_backward() -> None:
    for lib in LIBS:
        Cube, _ = make_functions(lib)
        x = lib.tensor([1.0], requires_grad=True)
        y = Cube.apply(x, 1.0).sum()
        y.backward()
        with pytest.raises(RuntimeError, match="second time"):
            y.backward()


def test_function_double_backward() -> None:
    def run(lib: Any) -> Any:
        Cube, _ = make_functions(lib)
        x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        (g,) = lib.autograd.grad(Cube.apply(x, 1.0).sum(), x, create_graph=True)
        (g2,) = lib.autograd.grad(g.sum(), x)
        return g, g2

    (p1, p2), (t1, t2) = both(run)
    close(p1, t1)
    close(p2, t2)


def test_function_no_input_requires_grad() -> None:
    for lib in LIBS:
        Cube, _ = make_functions(lib)
        y = Cube.apply(lib.tensor([1.0, 2.0]), 2.0)
        assert not y.requires_grad and y.grad_fn is None


# ------------------------------------------------------------------ engine robustness


def test_deep_graph_no_recursion_error() -> None:
    x = pt.tensor([1.0, 2.0], requires_grad=True)
    y = x
    for _ in range(5000):
        y = y + 1.0
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]
    assert y.tolist() == [5001.0, 5002.0]


def test_deep_mul_graph_gradient() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], dtype=lib.float64, requires_grad=True)
        y = x
        for _ in range(2000):
            y = y * 1.0005 + 0.001
        y.sum().backward()
        return x.grad

    close(*both(run), rtol=1e-9)


def test_diamond_graph_gradients_summed() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        a = x * 2
        b = a.exp()
        c = a.sin()
        d = b * c + a
        d.sum().backward()
        return x.grad

    close(*both(run))


def test_same_tensor_used_twice() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0, 3.0], requires_grad=True)
        y = x * x * x + x @ x
        y.sum().backward()
        return x.grad

    close(*both(run))


@pytest.mark.parametrize("op_dtype", ["float64", "float16"])
def test_gradient_dtype_follows_input(op_dtype: str) -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], dtype=lib.float32, requires_grad=True)
        w = lib.tensor([0.5, 0.25], dtype=getattr(lib, op_dtype), requires_grad=True)
        y = x * w
        y.sum().backward()
        return y.dtype, x.grad, w.grad

    (pd, px, pw), (td, tx, tw) = both(run)
    assert str(pd).split(".")[-1] == str(td).split(".")[-1]
    close(px, tx, rtol=1e-3)
    close(pw, tw, rtol=1e-3)


def test_gradient_dtype_through_to() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], dtype=lib.float32, requires_grad=True)
        y = x.double() * lib.tensor([3.0, 4.0], dtype=lib.float64)
        y.sum().backward()
        return x.grad

    close(*both(run))


def test_backward_inputs_argument() -> None:
    def run(lib: Any) -> Any:
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.tensor([3.0, 4.0], requires_grad=True)
        y = (a * b).sum()
        y.backward(inputs=[a], retain_graph=True)
        first = (a.grad.clone(), b.grad)
        y.backward(inputs=[b])
        return first, a.grad, b.grad

    ((pa1, pb1), pa, pb), ((ta1, tb1), ta, tb) = both(run)
    close(pa1, ta1)
    assert pb1 is None and tb1 is None
    close(pa, ta)
    close(pb, tb)


def test_backward_inputs_non_leaf() -> None:
    def run(lib: Any) -> Any:
        a = lib.tensor([1.0, 2.0], requires_grad=True)
        h = a * 3
        y = (h * h).sum()
        y.backward(inputs=[h])
        return a.grad, h.grad

    (pa, ph), (ta, th) = both(run)
    assert pa is None and ta is None
    close(ph, th)


def test_grad_accumulation_dtype_and_shape_of_leaf_grad() -> None:
    def run(lib: Any) -> Any:
        x = lib.ones(2, 3, dtype=lib.float64, requires_grad=True)
        (x.sum(0) * lib.tensor([1.0, 2.0, 3.0], dtype=lib.float64)).sum().backward()
        return x.grad

    close(*both(run))


def test_zero_grad_none_pattern() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        (x * 2).sum().backward()
        x.grad = None
        (x * 3).sum().backward()
        return x.grad

    close(*both(run))


def test_max_and_indexing_gradients() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], requires_grad=True)
        vals, idx = x.max(dim=1)
        (vals.sum() + x[:, 0].sum() * 2 + x[1, 1:].prod()).backward()
        return x.grad

    close(*both(run))


def test_accumulate_grad_repr_matches_torch() -> None:
    tx = torch.tensor([1.0], requires_grad=True)
    px = pt.tensor([1.0], requires_grad=True)
    trepr = repr((tx * 2).grad_fn.next_functions)
    prepr = repr((px * 2).grad_fn.next_functions)
    assert re.sub(r"0x[0-9a-f]+", "ADDR", prepr) == re.sub(r"0x[0-9a-f]+", "ADDR", trepr)


def test_view_of_modified_saved_output_raises_like_torch() -> None:
    def fn(lib: Any) -> None:
        x = lib.tensor([1.0, 2.0, 3.0, 4.0], requires_grad=True)
        y = x.exp()
        y.view(2, 2)[0].mul_(3)
        y.sum().backward()

    pt_type, pt_msg = error_of(fn, pt)
    t_type, t_msg = error_of(fn, torch)
    assert pt_type is t_type
    assert "modified by an inplace operation" in pt_msg


def test_hand_written_nodes_name_their_namespace() -> None:
    """name() of CopySlices and AccumulateGrad is C++-qualified in PyTorch; the class is not."""

    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        b = lib.zeros(3).clone()
        b[0] = x[0]
        leaf = (x * 2).grad_fn.next_functions[0][0]
        return b.grad_fn.name(), type(b.grad_fn).__name__, leaf.name(), repr(b)

    p, t = both(run)
    assert p == t


@pytest.mark.parametrize("retain_first", [True, False])
def test_retained_grad_is_taken_after_every_hook(retain_first: bool) -> None:
    """PyTorch 2.0: retain_grad's hook runs last, whenever it was registered."""

    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * 2
        if retain_first:
            h.retain_grad()
        h.register_hook(lambda g: g * 10)
        if not retain_first:
            h.retain_grad()
        (h * h).sum().backward()
        return h.grad, x.grad

    (ph, px), (th, tx) = both(run)
    close(ph, th)
    close(px, tx)


def test_retained_grad_follows_an_in_place_op() -> None:
    def run(lib: Any) -> Any:
        x = lib.tensor([1.0, 2.0], requires_grad=True)
        h = x * 2
        h.retain_grad()
        h.mul_(3)
        (h * h).sum().backward()
        return h.grad, x.grad

    (ph, px), (th, tx) = both(run)
    close(ph, th)
    close(px, tx)
