"""Recurrent layers, packed sequences and gradient clipping against torch.

The same state_dict goes into a pytensor and a torch module; outputs, final states and the
gradients of the input, the initial state and every parameter must agree. Seeded construction
and seeded inter-layer dropout must give torch's exact numbers, every module passes gradcheck
in float64, and backpropagation through 1,000 time steps runs (the engine is iterative).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import oracle  # noqa: E402

import pytensor as pt  # noqa: E402
from pytensor.autograd import gradcheck  # noqa: E402
from pytensor.nn.modules import rnn as ours  # noqa: E402
from pytensor.nn.utils import clip_grad_norm_, clip_grad_value_  # noqa: E402
from pytensor.nn.utils import rnn as rnn_utils  # noqa: E402

TOL = {"float32": (1e-5, 1e-6), "float64": (1e-10, 1e-12)}

# name -> (pytensor constructor, torch constructor, extra kwargs)
MODULES = {
    "RNN_tanh": (ours.RNN, torch.nn.RNN, {}),
    "RNN_relu": (ours.RNN, torch.nn.RNN, {"nonlinearity": "relu"}),
    "LSTM": (ours.LSTM, torch.nn.LSTM, {}),
    "GRU": (ours.GRU, torch.nn.GRU, {}),
}
CELLS = {
    "RNNCell_tanh": (ours.RNNCell, torch.nn.RNNCell, {}),
    "RNNCell_relu": (ours.RNNCell, torch.nn.RNNCell, {"nonlinearity": "relu"}),
    "LSTMCell": (ours.LSTMCell, torch.nn.LSTMCell, {}),
    "GRUCell": (ours.GRUCell, torch.nn.GRUCell, {}),
}


# Tests marked `on_each_device` run on every backend (the OpenCL parity suite for these
# modules), the others on the reference backend; oracle.DEVICE says which.
@pytest.fixture(params=oracle.DEVICES)
def on_each_device(request: Any) -> Any:
    yield from oracle.use_device(request.param)


def to_pt(t: Any, requires_grad: bool = False) -> Any:
    out = pt.tensor(t.detach().numpy(), device=oracle.DEVICE)
    return out.requires_grad_() if requires_grad else out


def values(t: Any) -> np.ndarray:
    return np.asarray(t.detach().tolist(), dtype=np.float64)


def assert_close(a: Any, b: Any, msg: str = "", dtype: str = "float32") -> None:
    rtol, atol = TOL[dtype]
    if oracle.DEVICE != "cpu":  # float32 sums and matmuls on a device: issue 4's tolerances
        rtol, atol = max(rtol, 1e-4), max(atol, 1e-5)
    assert tuple(a.shape) == tuple(b.shape), msg
    np.testing.assert_allclose(values(a), values(b), rtol=rtol, atol=atol, err_msg=msg)


def pair(name: str, table: dict[str, Any], *args: Any, **kwargs: Any) -> tuple[Any, Any]:
    """The same module in both libraries, torch's weights copied into ours."""
    pt_cls, th_cls, extra = table[name]
    theirs = th_cls(*args, **extra, **kwargs)
    mine = pt_cls(*args, **extra, **kwargs).to(oracle.DEVICE)
    mine.load_state_dict({k: to_pt(v) for k, v in theirs.state_dict().items()})
    return mine, theirs


def states(h: Any) -> list[Any]:
    """h_n, or (h_n, c_n), as a list."""
    return list(h) if isinstance(h, tuple) else [h]


def check_grads(mine: Any, theirs: Any, pt_leaves: list[Any], th_leaves: list[Any]) -> None:
    for i, (a, b) in enumerate(zip(pt_leaves, th_leaves)):
        assert_close(a.grad, b.grad, f"grad of input {i}")
    th_params = dict(theirs.named_parameters())
    for name, p in mine.named_parameters():
        assert_close(p.grad, th_params[name].grad, f"grad of {name}")


def run_both(
    mine: Any, theirs: Any, x: Any, hx: list[Any] | None, is_lstm: bool
) -> tuple[list[Any], list[Any]]:
    """Forward both modules, backward a random weighting of every output; return the leaves."""
    th_x, pt_x = x.clone().requires_grad_(), to_pt(x, True)
    th_leaves, pt_leaves = [th_x], [pt_x]
    th_hx = pt_hx = None
    if hx is not None:
        th_hs = [h.clone().requires_grad_() for h in hx]
        pt_hs = [to_pt(h, True) for h in hx]
        th_leaves += th_hs
        pt_leaves += pt_hs
        th_hx = tuple(th_hs) if is_lstm else th_hs[0]
        pt_hx = tuple(pt_hs) if is_lstm else pt_hs[0]
    th_out, th_h = theirs(th_x, th_hx)
    pt_out, pt_h = mine(pt_x, pt_hx)
    th_outs, pt_outs = [th_out, *states(th_h)], [pt_out, *states(pt_h)]
    th_loss = pt_loss = 0
    for k, (a, b) in enumerate(zip(pt_outs, th_outs)):
        assert_close(a, b, f"output {k}")
        weight = torch.randn_like(b)
        th_loss = th_loss + (b * weight).sum()
        pt_loss = pt_loss + (a * to_pt(weight)).sum()
    th_loss.backward()
    pt_loss.backward()
    return pt_leaves, th_leaves


# --- construction -----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(MODULES))
@pytest.mark.parametrize(
    "kwargs",
    [{}, {"num_layers": 2, "bidirectional": True}, {"num_layers": 3, "bias": False}],
    ids=["1layer", "2layer_bidir", "3layer_nobias"],
)
def test_seeded_construction_and_state_dict(name: str, kwargs: dict[str, Any]) -> None:
    pt_cls, th_cls, extra = MODULES[name]
    torch.manual_seed(0)
    theirs = th_cls(3, 5, **extra, **kwargs)
    pt.manual_seed(0)
    mine = pt_cls(3, 5, **extra, **kwargs)
    th_sd, pt_sd = theirs.state_dict(), mine.state_dict()
    assert list(pt_sd) == list(th_sd)
    assert [n for n, _ in mine.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for key in th_sd:
        assert tuple(pt_sd[key].shape) == tuple(th_sd[key].shape), key
        np.testing.assert_array_equal(values(pt_sd[key]), th_sd[key].double().numpy(), key)
    assert repr(mine) == repr(theirs)


@pytest.mark.parametrize("name", list(CELLS))
def test_seeded_cell_construction(name: str) -> None:
    pt_cls, th_cls, extra = CELLS[name]
    for bias in (True, False):
        torch.manual_seed(1)
        theirs = th_cls(3, 4, bias=bias, **extra)
        pt.manual_seed(1)
        mine = pt_cls(3, 4, bias=bias, **extra)
        assert list(mine.state_dict()) == list(theirs.state_dict())
        for (n, a), (_, b) in zip(mine.named_parameters(), theirs.named_parameters()):
            np.testing.assert_array_equal(values(a), values(b), n)
        assert repr(mine) == repr(theirs)


def test_extra_repr() -> None:
    assert repr(ours.LSTM(10, 20, num_layers=2, batch_first=True)) == (
        "LSTM(10, 20, num_layers=2, batch_first=True)"
    )
    th = torch.nn.GRU(4, 6, bias=False, dropout=0.25, num_layers=2, bidirectional=True)
    assert repr(ours.GRU(4, 6, bias=False, dropout=0.25, num_layers=2, bidirectional=True)) == (
        repr(th)
    )


# --- full sequences ---------------------------------------------------------------------

CONFIGS = {
    "1layer": ({}, False, "batched"),
    "2layer_bidir_hx": ({"num_layers": 2, "bidirectional": True}, True, "batched"),
    "batch_first_hx": ({"batch_first": True, "num_layers": 2}, True, "batched"),
    "bidir_batch_first": ({"batch_first": True, "bidirectional": True}, False, "batched"),
    "unbatched": ({"num_layers": 2}, False, "unbatched"),
    "unbatched_bidir_hx": ({"bidirectional": True, "batch_first": True}, True, "unbatched"),
    "nobias": ({"bias": False}, True, "batched"),
    "one_step": ({"num_layers": 2, "batch_first": True}, True, "one_step"),
}


@pytest.mark.parametrize("name", list(MODULES))
@pytest.mark.parametrize("config", list(CONFIGS))
@pytest.mark.usefixtures("on_each_device")
def test_module_matches_torch(name: str, config: str) -> None:
    kwargs, with_hx, kind = CONFIGS[config]
    torch.manual_seed(2)
    mine, theirs = pair(name, MODULES, 3, 4, **kwargs)
    T, B = 5, 2
    if kind == "one_step":  # a sequence of length 1 (the last chunk of truncated BPTT)
        T = 1
    if kind == "unbatched":
        x = torch.randn(T, 3)
    else:
        x = torch.randn(B, T, 3) if kwargs.get("batch_first") else torch.randn(T, B, 3)
    layers = kwargs.get("num_layers", 1) * (2 if kwargs.get("bidirectional") else 1)
    h_shape = (layers, 4) if kind == "unbatched" else (layers, B, 4)
    is_lstm = name == "LSTM"
    hx = [torch.randn(h_shape) for _ in range(2 if is_lstm else 1)] if with_hx else None
    pt_leaves, th_leaves = run_both(mine, theirs, x, hx, is_lstm)
    check_grads(mine, theirs, pt_leaves, th_leaves)


@pytest.mark.parametrize("name", ["LSTM", "GRU", "RNN_tanh"])
def test_dropout_between_layers_matches_torch_seeded(name: str) -> None:
    torch.manual_seed(3)
    mine, theirs = pair(name, MODULES, 3, 4, num_layers=3, dropout=0.4, bidirectional=True)
    x = torch.randn(4, 2, 3)
    torch.manual_seed(7)
    pt.manual_seed(7)
    pt_leaves, th_leaves = run_both(mine, theirs, x, None, name == "LSTM")
    check_grads(mine, theirs, pt_leaves, th_leaves)
    # In eval mode there is no dropout: the outputs do not depend on the seed.
    mine.eval()
    theirs.eval()
    assert_close(mine(to_pt(x))[0], theirs(x)[0], "eval")


def test_input_checks() -> None:
    lstm = ours.LSTM(3, 4)
    with pytest.raises(ValueError, match="Expected input to be 2D or 3D, got 4D"):
        lstm(pt.zeros(1, 2, 3, 3))
    with pytest.raises(RuntimeError, match="input.size\\(-1\\) must be equal to input_size"):
        lstm(pt.zeros(5, 2, 7))
    with pytest.raises(RuntimeError, match="Expected hidden size"):
        lstm(pt.zeros(5, 2, 3), (pt.zeros(1, 3, 4), pt.zeros(1, 2, 4)))
    with pytest.raises(RuntimeError, match="hx and cx should also be 3-D"):
        lstm(pt.zeros(5, 2, 3), (pt.zeros(2, 4), pt.zeros(2, 4)))
    with pytest.raises(ValueError, match="Unknown nonlinearity"):
        ours.RNN(3, 4, nonlinearity="gelu")
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        ours.GRU(3, 4, dropout=0.5)


# --- packed sequences -------------------------------------------------------------------


@pytest.mark.parametrize("name", list(MODULES))
@pytest.mark.parametrize("enforce_sorted", [True, False])
@pytest.mark.usefixtures("on_each_device")
def test_packed_input_matches_torch(name: str, enforce_sorted: bool) -> None:
    torch.manual_seed(4)
    mine, theirs = pair(name, MODULES, 3, 4, num_layers=2, bidirectional=True)
    lengths = [5, 3, 3, 1] if enforce_sorted else [3, 5, 1, 3]
    x = torch.randn(5, 4, 3)
    is_lstm = name == "LSTM"
    hx = [torch.randn(4, 4, 4) for _ in range(2 if is_lstm else 1)]
    th_x, pt_x = x.clone().requires_grad_(), to_pt(x, True)
    th_hs = [h.clone().requires_grad_() for h in hx]
    pt_hs = [to_pt(h, True) for h in hx]
    th_packed = torch.nn.utils.rnn.pack_padded_sequence(
        th_x, lengths, enforce_sorted=enforce_sorted
    )
    pt_packed = rnn_utils.pack_padded_sequence(pt_x, lengths, enforce_sorted=enforce_sorted)
    th_out, th_h = theirs(th_packed, tuple(th_hs) if is_lstm else th_hs[0])
    pt_out, pt_h = mine(pt_packed, tuple(pt_hs) if is_lstm else pt_hs[0])
    assert isinstance(pt_out, rnn_utils.PackedSequence)
    assert pt_out.batch_sizes.tolist() == th_out.batch_sizes.tolist()
    for field in ("sorted_indices", "unsorted_indices"):
        a, b = getattr(pt_out, field), getattr(th_out, field)
        assert (a is None and b is None) or a.tolist() == b.tolist()
    th_padded, th_len = torch.nn.utils.rnn.pad_packed_sequence(th_out, batch_first=True)
    pt_padded, pt_len = rnn_utils.pad_packed_sequence(pt_out, batch_first=True)
    assert pt_len.tolist() == th_len.tolist()
    th_outs, pt_outs = (
        [th_out.data, th_padded, *states(th_h)],
        [pt_out.data, pt_padded, *states(pt_h)],
    )
    th_loss = pt_loss = 0
    for k, (a, b) in enumerate(zip(pt_outs, th_outs)):
        assert_close(a, b, f"output {k}")
        weight = torch.randn_like(b)
        th_loss = th_loss + (b * weight).sum()
        pt_loss = pt_loss + (a * to_pt(weight)).sum()
    th_loss.backward()
    pt_loss.backward()
    check_grads(mine, theirs, [pt_x, *pt_hs], [th_x, *th_hs])


# --- cells ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(CELLS))
@pytest.mark.parametrize("kind", ["batched", "batched_hx", "unbatched_hx", "nobias"])
@pytest.mark.usefixtures("on_each_device")
def test_cell_matches_torch(name: str, kind: str) -> None:
    torch.manual_seed(5)
    mine, theirs = pair(name, CELLS, 3, 4, bias=kind != "nobias")
    is_lstm = name == "LSTMCell"
    x = torch.randn(3) if kind == "unbatched_hx" else torch.randn(2, 3)
    hx = None
    if kind != "batched":
        h_shape = (4,) if kind == "unbatched_hx" else (2, 4)
        hx = [torch.randn(h_shape) for _ in range(2 if is_lstm else 1)]
    th_x, pt_x = x.clone().requires_grad_(), to_pt(x, True)
    th_leaves, pt_leaves = [th_x], [pt_x]
    th_hx = pt_hx = None
    if hx is not None:
        th_hs = [h.clone().requires_grad_() for h in hx]
        pt_hs = [to_pt(h, True) for h in hx]
        th_leaves += th_hs
        pt_leaves += pt_hs
        th_hx = tuple(th_hs) if is_lstm else th_hs[0]
        pt_hx = tuple(pt_hs) if is_lstm else pt_hs[0]
    th_outs, pt_outs = states(theirs(th_x, th_hx)), states(mine(pt_x, pt_hx))
    th_loss = pt_loss = 0
    for k, (a, b) in enumerate(zip(pt_outs, th_outs)):
        assert_close(a, b, f"output {k}")
        weight = torch.randn_like(b)
        th_loss = th_loss + (b * weight).sum()
        pt_loss = pt_loss + (a * to_pt(weight)).sum()
    th_loss.backward()
    pt_loss.backward()
    check_grads(mine, theirs, pt_leaves, th_leaves)


# --- gradcheck in float64 ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(MODULES))
def test_module_gradcheck(name: str) -> None:
    pt.manual_seed(6)
    pt_cls, _, extra = MODULES[name]
    module = pt_cls(1, 1, num_layers=2, bidirectional=True, **extra).double()
    x = pt.randn(2, 1, 1, dtype=pt.float64, requires_grad=True)
    h0 = pt.randn(4, 1, 1, dtype=pt.float64, requires_grad=True)
    names = [n for n, _ in module.named_parameters()]
    weights = [p.detach().clone().requires_grad_() for p in module.parameters()]

    def fn(x: Any, h0: Any, *weights: Any) -> Any:
        # Put gradcheck's copies of the weights in the module, so their Jacobian is checked too.
        for n, w in zip(names, weights):
            module._parameters[n] = w
        hx = (h0, h0 * 0.5) if name == "LSTM" else h0
        out, h = module(x, hx)
        return pt.cat([out.reshape(-1), *(s.reshape(-1) for s in states(h))])

    assert gradcheck(fn, (x, h0, *weights))


@pytest.mark.parametrize("name", list(CELLS))
def test_cell_gradcheck(name: str) -> None:
    pt.manual_seed(8)
    pt_cls, _, extra = CELLS[name]
    cell = pt_cls(2, 3, **extra).double()
    x = pt.randn(2, 2, dtype=pt.float64, requires_grad=True)
    h = pt.randn(2, 3, dtype=pt.float64, requires_grad=True)
    c = pt.randn(2, 3, dtype=pt.float64, requires_grad=True)
    w_ih = cell.weight_ih.detach().clone().requires_grad_()
    w_hh = cell.weight_hh.detach().clone().requires_grad_()
    step = {
        "RNNCell_tanh": ours.rnn_tanh_step,
        "RNNCell_relu": ours.rnn_relu_step,
        "LSTMCell": ours.lstm_step,
        "GRUCell": ours.gru_step,
    }[name]

    def fn(x: Any, h: Any, c: Any, w_ih: Any, w_hh: Any) -> Any:
        state = (h, c) if name == "LSTMCell" else (h,)
        out = step(pt.nn.functional.linear(x, w_ih, cell.bias_ih), state, w_hh, cell.bias_hh)
        return pt.cat([s.reshape(-1) for s in out])

    assert gradcheck(fn, (x, h, c, w_ih, w_hh))


# --- backpropagation through a long sequence --------------------------------------------


@pytest.mark.parametrize("name", ["LSTM", "GRU"])
@pytest.mark.usefixtures("on_each_device")
def test_bptt_1000_steps_matches_torch(name: str) -> None:
    torch.manual_seed(9)
    mine, theirs = pair(name, MODULES, 1, 2)
    x = torch.randn(1000, 1, 1)
    pt_leaves, th_leaves = run_both(mine, theirs, x, None, name == "LSTM")
    check_grads(mine, theirs, pt_leaves, th_leaves)


# --- pad / pack utilities ---------------------------------------------------------------


def make_sequences(lengths: list[int], feature: tuple[int, ...] = (2,)) -> list[Any]:
    return [torch.randn(n, *feature) for n in lengths]


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("padding_side", ["right", "left"])
def test_pad_sequence(batch_first: bool, padding_side: str) -> None:
    torch.manual_seed(10)
    seqs = make_sequences([2, 4, 1], (3,))
    theirs = torch.nn.utils.rnn.pad_sequence(
        seqs, batch_first=batch_first, padding_value=-1.5, padding_side=padding_side
    )
    mine = rnn_utils.pad_sequence(
        [to_pt(s) for s in seqs],
        batch_first=batch_first,
        padding_value=-1.5,
        padding_side=padding_side,
    )
    assert_close(mine, theirs)


@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_pack_and_pad_round_trip(batch_first: bool, enforce_sorted: bool) -> None:
    torch.manual_seed(11)
    lengths = [4, 3, 3, 1] if enforce_sorted else [3, 1, 4, 3]  # ties: the sort is stable
    seqs = make_sequences(lengths)
    th_padded = torch.nn.utils.rnn.pad_sequence(seqs, batch_first=batch_first)
    th_in, pt_in = th_padded.clone().requires_grad_(), to_pt(th_padded, True)
    th_packed = torch.nn.utils.rnn.pack_padded_sequence(
        th_in, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=enforce_sorted
    )
    pt_packed = rnn_utils.pack_padded_sequence(
        pt_in, pt.tensor(lengths), batch_first=batch_first, enforce_sorted=enforce_sorted
    )
    assert_close(pt_packed.data, th_packed.data, "data")
    assert pt_packed.batch_sizes.tolist() == th_packed.batch_sizes.tolist()
    assert pt_packed.batch_sizes.dtype == pt.int64
    if enforce_sorted:
        assert pt_packed.sorted_indices is None and pt_packed.unsorted_indices is None
    else:
        assert pt_packed.sorted_indices.tolist() == th_packed.sorted_indices.tolist()
        assert pt_packed.unsorted_indices.tolist() == th_packed.unsorted_indices.tolist()
    th_out, th_len = torch.nn.utils.rnn.pad_packed_sequence(
        th_packed, batch_first=batch_first, padding_value=9.0, total_length=6
    )
    pt_out, pt_len = rnn_utils.pad_packed_sequence(
        pt_packed, batch_first=batch_first, padding_value=9.0, total_length=6
    )
    assert_close(pt_out, th_out, "padded")
    assert pt_len.tolist() == th_len.tolist() and pt_len.dtype == pt.int64
    weight = torch.randn_like(th_out)
    (th_out * weight).sum().backward()
    (pt_out * to_pt(weight)).sum().backward()
    assert_close(pt_in.grad, th_in.grad, "grad")


@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_pack_sequence_and_unpack(enforce_sorted: bool) -> None:
    torch.manual_seed(12)
    lengths = [5, 2, 2] if enforce_sorted else [2, 5, 2]
    seqs = make_sequences(lengths, (2, 2))
    theirs = torch.nn.utils.rnn.pack_sequence(seqs, enforce_sorted=enforce_sorted)
    mine = rnn_utils.pack_sequence([to_pt(s) for s in seqs], enforce_sorted=enforce_sorted)
    assert_close(mine.data, theirs.data)
    assert mine.batch_sizes.tolist() == theirs.batch_sizes.tolist()
    for a, b in zip(rnn_utils.unpack_sequence(mine), torch.nn.utils.rnn.unpack_sequence(theirs)):
        assert_close(a, b)


def test_pack_errors() -> None:
    x = pt.zeros(3, 2, 1)
    with pytest.raises(RuntimeError, match="must be sorted in decreasing order"):
        rnn_utils.pack_padded_sequence(x, [1, 3])
    with pytest.raises(RuntimeError, match="greater than 0"):
        rnn_utils.pack_padded_sequence(x, [3, 0])
    packed = rnn_utils.pack_padded_sequence(x, [3, 2])
    with pytest.raises(ValueError, match="total_length to be at least"):
        rnn_utils.pad_packed_sequence(packed, total_length=2)


# --- gradient clipping ------------------------------------------------------------------


def grads_pair(seed: int, scale: float = 1.0) -> tuple[list[Any], list[Any]]:
    torch.manual_seed(seed)
    shapes = [(3, 4), (4,), (2, 2, 2)]
    th = [torch.randn(s, requires_grad=True) for s in shapes]
    mine = [to_pt(p, True) for p in th]
    for p, q in zip(th, mine):
        g = torch.randn(p.shape) * scale
        p.grad = g.clone()
        q.grad = to_pt(g)
    return mine, th


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, math.inf, "inf"])
@pytest.mark.parametrize("max_norm", [0.5, 1e4])
def test_clip_grad_norm(norm_type: Any, max_norm: float) -> None:
    mine, theirs = grads_pair(13)
    th_total = torch.nn.utils.clip_grad_norm_(theirs, max_norm, norm_type=norm_type)
    pt_total = clip_grad_norm_(iter(mine), max_norm, norm_type=norm_type)
    assert isinstance(pt_total, pt.Tensor) and pt_total.dim() == 0
    assert_close(pt_total, th_total, "total norm")
    for a, b in zip(mine, theirs):
        assert_close(a.grad, b.grad, "clipped grad")


def test_clip_grad_norm_edge_cases() -> None:
    p = pt.zeros(3, requires_grad=True)
    assert clip_grad_norm_([p], 1.0).item() == 0.0  # no gradients at all
    p.grad = pt.tensor([3.0, 4.0, 0.0])
    total = clip_grad_norm_(p, 1.0)  # a single tensor is accepted
    th = torch.zeros(3, requires_grad=True)
    th.grad = torch.tensor([3.0, 4.0, 0.0])
    th_total = torch.nn.utils.clip_grad_norm_(th, 1.0)
    assert total.item() == th_total.item()
    assert p.grad.tolist() == th.grad.tolist()
    p.grad = pt.tensor([math.inf, 1.0, 0.0])
    with pytest.raises(RuntimeError, match="is non-finite, so it cannot be clipped"):
        clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


def test_clip_grad_value() -> None:
    mine, theirs = grads_pair(14, scale=2.0)
    torch.nn.utils.clip_grad_value_(theirs, 1.25)
    assert clip_grad_value_(mine, 1.25) is None
    for a, b in zip(mine, theirs):
        assert_close(a.grad, b.grad)
