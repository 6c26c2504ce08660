"""Strided layout against torch, with hypothesis: random shapes and random chains of view ops.

The same chain (`tests/strategies.py`) is applied to a pytensor tensor and a torch tensor built
from the same values; shape, stride(), storage_offset(), is_contiguous() and the values must agree
after every op. Views must share storage (a write through a view changes the base exactly as in
torch), contiguous() must agree, broadcasting of random shape pairs must agree (errors included),
and `pytensor._layout.view_strides` must accept exactly the views torch accepts.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

torch = pytest.importorskip("torch")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from strategies import (  # noqa: E402
    apply_op,
    broadcast_pairs,
    reshape_targets,
    shapes,
    view_chains,
)

import pytensor as pt  # noqa: E402
from pytensor._layout import broadcast_shapes, view_strides  # noqa: E402

SETTINGS = settings(max_examples=60, deadline=None)


def _pair(shape: tuple[int, ...], start: int = 0) -> tuple[Any, Any]:
    """The same float64 values (start, start+1, ...) as a contiguous pytensor and torch tensor."""
    n = math.prod(shape)
    values = [float(start + i) for i in range(n)]
    p = pt.tensor(values, dtype=pt.float64).reshape(shape)
    t = torch.tensor(values, dtype=torch.float64).reshape(shape)
    return p, t


def assert_same_layout(p: Any, t: Any, where: Any = "") -> None:
    assert tuple(p.shape) == tuple(t.shape), where
    assert tuple(p.stride()) == tuple(t.stride()), (where, p.stride(), t.stride())
    assert p.storage_offset() == t.storage_offset(), (where, p.storage_offset(), t.storage_offset())
    assert p.is_contiguous() == t.is_contiguous(), where
    assert p.tolist() == t.tolist(), where


def _apply_chain(p: Any, t: Any, ops: list[Any], strict: bool = True) -> tuple[Any, Any]:
    """Apply ops to both; strict checks the full layout after each op, otherwise only shape and
    values (so that tests about writes, copies and view rules are not masked by a stride
    difference that test_view_chain_matches_torch reports on its own)."""
    for i, op in enumerate(ops):
        t = apply_op(t, op)
        p = apply_op(p, op)
        if strict:
            assert_same_layout(p, t, (i, op))
        else:
            assert tuple(p.shape) == tuple(t.shape), (i, op)
            assert p.tolist() == t.tolist(), (i, op)
    return p, t


def _addresses(shape: tuple[int, ...], strides: tuple[int, ...], offset: int) -> list[int]:
    addrs = [offset]
    for size, stride in zip(shape, strides):
        addrs = [a + i * stride for a in addrs for i in range(size)]
    return addrs


def _chain_case(draw: Any, max_ops: int = 5, allow_reshape: bool = True) -> Any:
    shape = draw(shapes())
    return shape, draw(view_chains(shape, max_ops=max_ops, allow_reshape=allow_reshape))


# --- metadata and values after each op ----------------------------------------------------------


@SETTINGS
@given(st.data())
def test_view_chain_matches_torch(data: Any) -> None:
    shape, ops = _chain_case(data.draw)
    p, t = _pair(shape)
    assert_same_layout(p, t, "base")
    p, t = _apply_chain(p, t, ops)


@SETTINGS
@given(st.data())
def test_view_chain_on_non_contiguous_base(data: Any) -> None:
    # Start from a transposed, stepped view with an offset: every op works on odd strides.
    shape = data.draw(shapes(2, 4, 1, 4))
    big = (shape[0] + 1,) + shape[1:-1] + (2 * shape[-1],)
    p, t = _pair(big)
    p, t = p[1:, ..., ::2].transpose(0, -1), t[1:, ..., ::2].transpose(0, -1)
    assert_same_layout(p, t, "base")
    ops = data.draw(view_chains(tuple(t.shape), start=t))
    _apply_chain(p, t, ops)


@SETTINGS
@given(st.data())
def test_views_share_storage_with_base(data: Any) -> None:
    shape, ops = _chain_case(data.draw, allow_reshape=False)
    pb, tb = _pair(shape)
    p, t = _apply_chain(pb, tb, ops, strict=False)
    # Every op in these chains is a view: same storage, and the elements read are base's.
    assert p.untyped_storage() is pb.untyped_storage()
    if p.numel():
        flat_base = pb.reshape(-1).tolist()
        addrs = _addresses(tuple(p.shape), tuple(p.stride()), p.storage_offset())
        assert [flat_base[a] for a in addrs] == p.reshape(-1).tolist()


# --- writing through views ------------------------------------------------------------------------


WRITES = [
    "fill_",
    "setitem_scalar",
    "setitem_tensor",
    "add_",
    "add_tensor",
    "mul_",
    "setitem_first",
]


def _write(v: Any, lib: Any, method: str) -> None:
    if method == "fill_":
        v.fill_(-7.0)
    elif method == "setitem_scalar":
        v[...] = -3.5
    elif method == "setitem_tensor":
        values = lib.tensor([100.0 + i for i in range(v.numel())], dtype=lib.float64)
        v[...] = values.reshape(tuple(v.shape))
    elif method == "add_":
        v.add_(1000.0)
    elif method == "add_tensor":  # a broadcast operand
        last = v.shape[-1] if v.dim() else 1
        v.add_(lib.tensor([10.0 * (i + 1) for i in range(last)], dtype=lib.float64))
    elif method == "mul_":
        v.mul_(-2.0)
    elif method == "setitem_first":
        if v.dim() and v.shape[0]:
            v[0] = 0.5
        else:
            v.fill_(0.5)


def check_write_through_view(shape: tuple[int, ...], ops: list[Any], method: str) -> None:
    pb, tb = _pair(shape)
    p, t = _apply_chain(pb, tb, ops, strict=False)
    try:
        _write(t, torch, method)
    except RuntimeError:
        # torch refuses most writes where one memory location appears twice (stride 0, size > 1).
        with pytest.raises(RuntimeError):
            _write(p, pt, method)
        assert pb.tolist() == tb.tolist()
        return
    _write(p, pt, method)
    assert p.tolist() == t.tolist(), method
    assert pb.tolist() == tb.tolist(), method


def _overlapping(t: Any) -> bool:
    addrs = _addresses(tuple(t.shape), tuple(t.stride()), t.storage_offset())
    return len(set(addrs)) != len(addrs)


@SETTINGS
@given(st.data())
def test_write_through_view_changes_base_like_torch(data: Any) -> None:
    shape, ops = _chain_case(data.draw)
    probe = torch.zeros(shape)
    for op in ops:
        probe = apply_op(probe, op)
    # Where elements alias (expand, overlapping unfold windows) only writes of one value are
    # well defined: the others depend on the order the elements are visited in.
    methods = WRITES[:2] if _overlapping(probe) else WRITES
    check_write_through_view(shape, ops, data.draw(st.sampled_from(methods)))


# Cases hypothesis has found; kept so that they run on every seed.
KNOWN_WRITES = [
    ((), [("expand", (2,))], "fill_"),  # torch fills a stride-0 view; only setitem/add_ refuse
    ((), [("expand", (2,))], "setitem_scalar"),
    ((1,), [("unsqueeze", 0), ("expand", (0, 2))], "fill_"),  # empty: nothing overlaps
    ((1,), [("unsqueeze", 0), ("expand", (0, 2))], "add_"),
    ((0, 1, 1), [("select", 1, 0), ("expand", (0, 2))], "setitem_tensor"),
    ((2, 3), [("transpose", 0, 1), ("slice", 0, 1, None, 2)], "add_tensor"),
    ((5,), [("unfold", 0, 3, 1)], "fill_"),
    ((3, 3), [("diagonal", 0, 0, 1)], "mul_"),
]


@pytest.mark.parametrize(("shape", "ops", "method"), KNOWN_WRITES)
def test_write_through_view_known_cases(shape: Any, ops: Any, method: str) -> None:
    check_write_through_view(shape, ops, method)


@SETTINGS
@given(st.data())
def test_write_to_base_is_seen_by_view(data: Any) -> None:
    shape, ops = _chain_case(data.draw, allow_reshape=False)
    pb, tb = _pair(shape)
    p, t = _apply_chain(pb, tb, ops, strict=False)
    pb.mul_(-1.0).add_(0.25)
    tb.mul_(-1.0).add_(0.25)
    assert p.tolist() == t.tolist()


# --- contiguous() ---------------------------------------------------------------------------------


def check_contiguous(shape: tuple[int, ...], ops: list[Any]) -> None:
    p, t = _apply_chain(*_pair(shape), ops, strict=False)
    pc, tc = p.contiguous(), t.contiguous()
    assert tuple(pc.shape) == tuple(tc.shape)
    assert pc.tolist() == tc.tolist()
    assert pc.is_contiguous() and p.is_contiguous() == t.is_contiguous()
    assert (pc is p) == (tc is t)  # contiguous() returns the tensor itself when it can
    if pc is not p:  # a fresh copy: torch's strides and offset 0; writing it leaves p alone
        assert tuple(pc.stride()) == tuple(tc.stride())
        assert pc.storage_offset() == tc.storage_offset() == 0
        pc.fill_(0.0)
        assert p.tolist() == t.tolist()


@SETTINGS
@given(st.data())
def test_contiguous_of_any_view(data: Any) -> None:
    check_contiguous(*_chain_case(data.draw))


# --- view_strides / view / reshape -----------------------------------------------------------------


def check_view(shape: tuple[int, ...], ops: list[Any], target: tuple[int, ...]) -> None:
    p, t = _apply_chain(*_pair(shape), ops, strict=False)
    # view_strides is fed torch's own layout, so a stride difference elsewhere cannot hide here.
    predicted = view_strides(tuple(t.shape), tuple(t.stride()), target)
    where = (tuple(t.shape), tuple(t.stride()), target, predicted)
    try:
        tv = t.view(target)
    except RuntimeError:
        assert predicted is None, where
        if tuple(p.stride()) == tuple(t.stride()):
            with pytest.raises(RuntimeError):
                p.view(target)
    else:
        assert predicted is not None, where
        assert tuple(predicted) == tuple(tv.stride()), where
        if tuple(p.stride()) == tuple(t.stride()):
            pv = p.view(target)
            assert_same_layout(pv, tv, where)
            assert pv.untyped_storage() is p.untyped_storage()
    # reshape always works, and copies exactly when torch's does.
    pr, tr = p.reshape(target), t.reshape(target)
    assert tuple(pr.shape) == tuple(tr.shape)
    assert pr.tolist() == tr.tolist()
    if t.numel() and tuple(p.stride()) == tuple(t.stride()):
        shares = tr.untyped_storage().data_ptr() == t.untyped_storage().data_ptr()
        assert (pr.untyped_storage() is p.untyped_storage()) == shares, where


@SETTINGS
@given(st.data())
def test_view_strides_agrees_with_torch(data: Any) -> None:
    shape, ops = _chain_case(data.draw, max_ops=4)
    probe = torch.zeros(shape)
    for op in ops:
        probe = apply_op(probe, op)
    check_view(shape, ops, data.draw(reshape_targets(tuple(probe.shape), allow_infer=False)))


# Cases hypothesis has found; kept so that they run on every seed.
KNOWN_CHAINS = [
    ((1,), [("expand", (1, 1))]),  # a new leading size-1 dim: torch's stride is not 0
    ((), [("expand", (1,))]),
    ((1, 1), [("select", 0, 0), ("expand", (1, 1))]),
    ((3,), [("expand", (1, 2, 3))]),
    ((0, 0, 1, 1), [("flatten", 2, 3)]),  # flatten of an empty tensor
    ((1, 1, 1, 1), [("unsqueeze", 0), ("expand", (1, 1, 1, 1, 0)), ("flatten", 0, 1)]),
    ((0,), [("slice", 0, None, None, 2), ("view", (0,))]),  # an empty view keeps its strides
    ((2, 0), [("transpose", 0, 1), ("reshape", (0, 2))]),
    ((2, 3, 4), [("permute", (2, 0, 1)), ("slice", 1, 1, None, 1), ("unfold", 0, 2, 2)]),
    ((4, 4), [("diagonal", 1, 1, 0), ("unsqueeze", 0), ("expand", (3, 3))]),
]


@pytest.mark.parametrize(("shape", "ops"), KNOWN_CHAINS)
def test_known_view_chains(shape: Any, ops: Any) -> None:
    _apply_chain(*_pair(shape), ops)
    check_contiguous(shape, ops)


KNOWN_VIEWS = [
    ((0,), [("slice", 0, None, None, 2)], (0,)),  # empty, same shape: torch keeps the strides
    ((1,), [("expand", (0,))], (0,)),  # stride 0 kept
    ((0,), [("unsqueeze", 1), ("expand", (0, 3))], (3, 0)),
    ((2, 0, 3), [("transpose", 0, 2)], (3, 0, 2)),
    ((2, 3), [("transpose", 0, 1)], (6,)),  # not viewable
    ((2, 3, 4), [("slice", 2, None, None, 2)], (6, 2)),
    ((2, 3, 4), [("slice", 1, 1, None, 1)], (4, 4)),
    ((4,), [("expand", (3, 4))], (12,)),
    ((4,), [("expand", (3, 4))], (3, 2, 2)),
    ((1, 4), [("transpose", 0, 1)], (2, 2)),
]


@pytest.mark.parametrize(("shape", "ops", "target"), KNOWN_VIEWS)
def test_known_views(shape: Any, ops: Any, target: Any) -> None:
    check_view(shape, ops, target)


# --- broadcasting ---------------------------------------------------------------------------------


def _outcome(fn: Any) -> Any:
    try:
        return ("ok", fn())
    except RuntimeError as e:
        return ("error", e)


@SETTINGS
@given(broadcast_pairs(), st.sampled_from(["add", "mul", "where", "sub_inplace_check"]))
def test_broadcasting_matches_torch(pair: Any, op: str) -> None:
    sa, sb = pair
    pa, ta = _pair(sa, 1)
    pb, tb = _pair(sb, 50)

    def run(lib: Any, a: Any, b: Any) -> Any:
        if op == "add":
            return a + b
        if op == "mul":
            return lib.mul(a, b)
        if op == "where":
            return lib.where(a > 3, a, b)
        return lib.sub(b, a, alpha=2)

    t_kind, t_res = _outcome(lambda: run(torch, ta, tb))
    p_kind, p_res = _outcome(lambda: run(pt, pa, pb))
    assert p_kind == t_kind, (sa, sb, op, p_res if p_kind == "error" else None)
    if t_kind == "ok":
        assert tuple(p_res.shape) == tuple(t_res.shape)
        assert p_res.tolist() == t_res.tolist()
        assert tuple(broadcast_shapes(sa, sb)) == tuple(torch.broadcast_shapes(sa, sb))
    else:
        with pytest.raises(RuntimeError):
            broadcast_shapes(sa, sb)


@SETTINGS
@given(broadcast_pairs(compatible=True), broadcast_pairs(compatible=True))
def test_three_way_where_broadcast(p1: Any, p2: Any) -> None:
    (sa, sb), (sc, _) = p1, p2
    pa, ta = _pair(sa, 1)
    pb, tb = _pair(sb, 40)
    pc, tc = _pair(sc, 0)
    t_kind, t_res = _outcome(lambda: torch.where(tc.remainder(3) == 0, ta, tb))
    p_kind, p_res = _outcome(lambda: pt.where(pc.remainder(3) == 0, pa, pb))
    assert p_kind == t_kind, (sa, sb, sc)
    if t_kind == "ok":
        assert p_res.tolist() == t_res.tolist()
        assert tuple(p_res.shape) == tuple(t_res.shape)


@SETTINGS
@given(st.data())
def test_broadcast_on_views(data: Any) -> None:
    # Binary ops read non-contiguous, expanded and offset operands correctly.
    shape, ops = _chain_case(data.draw, max_ops=4)
    p, t = _apply_chain(*_pair(shape), ops, strict=False)
    other_shape = tuple(
        data.draw(st.sampled_from([s, 1])) for s in t.shape[data.draw(st.integers(0, t.dim())) :]
    )
    po, to = _pair(other_shape, 7)
    po, to = po.t() if po.dim() == 2 else po, to.t() if to.dim() == 2 else to
    t_kind, t_res = _outcome(lambda: t * 2 + to)
    p_kind, p_res = _outcome(lambda: p * 2 + po)
    assert p_kind == t_kind
    if t_kind == "ok":
        assert p_res.tolist() == t_res.tolist()
