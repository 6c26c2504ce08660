"""Attention and Transformer layers against torch.

The same state_dict goes into both libraries; outputs, attention weights and the gradients of
inputs and parameters must agree. Every expected value comes from torch.

torch's fast paths: MultiheadAttention and TransformerEncoderLayer take a fused kernel only in
eval mode with grad disabled (or no parameter requiring grad), and F.scaled_dot_product_attention
on CPU uses a flash kernel when dropout_p == 0. pytensor always runs the math path. So the
comparisons below either run torch with grad enabled (its Python math path, the same order of
operations as ours) or compare with float32 tolerance; with dropout_p > 0 torch's sdpa takes its
math path, which draws the dropout mask exactly as ours does.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import oracle  # noqa: E402

import pytensor as pt  # noqa: E402
from pytensor.autograd import gradcheck  # noqa: E402
from pytensor.nn._functional import attention as A  # noqa: E402
from pytensor.nn.modules.attention import MultiheadAttention  # noqa: E402
from pytensor.nn.modules.transformer import (  # noqa: E402
    Transformer,
    TransformerDecoder,
    TransformerDecoderLayer,
    TransformerEncoder,
    TransformerEncoderLayer,
)

RTOL, ATOL = 1e-5, 1e-6
TNN = torch.nn


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


def assert_close(ours: Any, theirs: Any, msg: str = "", rtol: float = RTOL, atol: float = ATOL):
    assert tuple(ours.shape) == tuple(theirs.shape), msg
    if oracle.DEVICE != "cpu":  # float32 sums and matmuls on a device: issue 4's tolerances
        rtol, atol = max(rtol, 1e-4), max(atol, 1e-5)
    np.testing.assert_allclose(values(ours), values(theirs), rtol=rtol, atol=atol, err_msg=msg)


def same_weights(ours: Any, theirs: Any) -> None:
    """Load torch's state_dict into ours, after checking that the keys and shapes agree."""
    ours.to(oracle.DEVICE)
    th_state = theirs.state_dict()
    pt_state = ours.state_dict()
    assert list(pt_state) == list(th_state)
    for k in th_state:
        assert tuple(pt_state[k].shape) == tuple(th_state[k].shape), k
    ours.load_state_dict({k: to_pt(v) for k, v in th_state.items()})


def run_both(
    ours: Any,
    theirs: Any,
    inputs: list[Any],
    kwargs: dict[str, Any] | None = None,
    rtol: float = RTOL,
    atol: float = ATOL,
) -> None:
    """Forward both modules, compare every output (a tensor or a tuple of tensors and None),
    then backward a random cotangent and compare input and parameter gradients."""
    kwargs = kwargs or {}
    same_weights(ours, theirs)
    th_in = [x.clone().requires_grad_() for x in inputs]
    pt_in = [to_pt(x, True) for x in inputs]
    # The same tensor passed several times stays the same object (self-attention).
    for i, x in enumerate(inputs):
        for j in range(i):
            if inputs[j] is x:
                th_in[i], pt_in[i] = th_in[j], pt_in[j]
    th_kw = {k: v for k, v in kwargs.items()}
    pt_kw = {k: to_pt(v) if isinstance(v, torch.Tensor) else v for k, v in kwargs.items()}
    th_out, pt_out = theirs(*th_in, **th_kw), ours(*pt_in, **pt_kw)
    if not isinstance(th_out, tuple):
        th_out, pt_out = (th_out,), (pt_out,)
    th_loss, pt_loss = 0, 0
    for i, (a, b) in enumerate(zip(pt_out, th_out)):
        assert (a is None) == (b is None), f"output {i}"
        if b is None:
            continue
        assert_close(a, b, f"output {i}", rtol, atol)
        g = torch.randn_like(b)
        th_loss = th_loss + (b * g).sum()
        pt_loss = pt_loss + (a * to_pt(g)).sum()
    th_loss.backward()
    pt_loss.backward()
    for i, (a, b) in enumerate(zip(pt_in, th_in)):
        assert_close(a.grad, b.grad, f"grad of input {i}", rtol, atol)
    th_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        assert_close(p.grad, th_params[name].grad, f"grad of {name}", rtol, atol)


def bool_mask(*shape: int, p: float = 0.3) -> Any:
    """A random bool mask that never masks a whole row (that would give nan in torch's MHA)."""
    mask = torch.rand(*shape) < p
    mask[..., 0] = False
    return mask


def additive(mask: Any) -> Any:
    """The float form of an MHA bool mask (True = masked out): -inf there, 0 elsewhere."""
    return torch.zeros(mask.shape).masked_fill(mask, float("-inf"))


# --- scaled_dot_product_attention ---------------------------------------------------------------


def sdpa_case(kw: dict[str, Any], shapes: tuple[Any, Any, Any] | None = None) -> None:
    qs, ks, vs = shapes or ((2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 7))
    q, k, v = torch.randn(*qs), torch.randn(*ks), torch.randn(*vs)
    th = [x.clone().requires_grad_() for x in (q, k, v)]
    ours = [to_pt(x, True) for x in (q, k, v)]
    pt_kw = {k_: to_pt(x) if isinstance(x, torch.Tensor) else x for k_, x in kw.items()}
    th_out = TNN.functional.scaled_dot_product_attention(*th, **kw)
    pt_out = A.scaled_dot_product_attention(*ours, **pt_kw)
    assert_close(pt_out, th_out, "forward")
    g = torch.randn_like(th_out)
    th_out.backward(g)
    pt_out.backward(to_pt(g))
    for name, a, b in zip("qkv", ours, th):
        assert_close(a.grad, b.grad, f"grad of {name}")


@pytest.mark.parametrize(
    "case",
    ["plain", "bool_mask", "float_mask", "causal", "scale", "negative_scale", "mask_3d"],
)
@pytest.mark.usefixtures("on_each_device")
def test_sdpa_matches_torch(case: str) -> None:
    torch.manual_seed(0)
    kw: dict[str, Any] = {
        "plain": {},
        "bool_mask": {"attn_mask": ~bool_mask(4, 6)},
        "float_mask": {"attn_mask": torch.randn(4, 6)},
        "causal": {"is_causal": True},
        "scale": {"scale": 0.3},
        "negative_scale": {"scale": -0.7},
        "mask_3d": {"attn_mask": ~bool_mask(3, 4, 6)},
    }[case]
    sdpa_case(kw)


@pytest.mark.usefixtures("on_each_device")
def test_sdpa_unbatched_and_gqa() -> None:
    torch.manual_seed(1)
    sdpa_case({}, ((4, 5), (6, 5), (6, 3)))
    sdpa_case({"enable_gqa": True}, ((2, 4, 3, 5), (2, 2, 6, 5), (2, 2, 6, 5)))


def test_sdpa_fully_masked_row_gives_zeros() -> None:
    torch.manual_seed(2)
    mask = ~bool_mask(4, 6)
    mask[1] = False  # query 1 may see no key: torch's math kernel returns zeros there
    sdpa_case({"attn_mask": mask})


def test_sdpa_dropout_draws_like_torch() -> None:
    q, k, v = torch.randn(2, 2, 4, 3), torch.randn(2, 2, 5, 3), torch.randn(2, 2, 5, 3)
    torch.manual_seed(7)
    expected = TNN.functional.scaled_dot_product_attention(q, k, v, dropout_p=0.4)
    pt.manual_seed(7)
    got = A.scaled_dot_product_attention(to_pt(q), to_pt(k), to_pt(v), dropout_p=0.4)
    assert_close(got, expected)


def test_sdpa_causal_with_mask_raises() -> None:
    q = pt.randn(2, 3, 4)
    with pytest.raises(RuntimeError):
        A.scaled_dot_product_attention(q, q, q, attn_mask=pt.ones(3, 3), is_causal=True)


def test_sdpa_gradcheck_float64() -> None:
    torch.manual_seed(3)
    q, k, v = (to_pt(torch.randn(1, 2, 3, dtype=torch.float64), True) for _ in range(3))
    mask = to_pt(torch.randn(2, 2, dtype=torch.float64))
    assert gradcheck(lambda a, b, c: A.scaled_dot_product_attention(a, b, c), (q, k, v))
    assert gradcheck(lambda a, b, c: A.scaled_dot_product_attention(a, b, c, mask), (q, k, v))
    causal = A.scaled_dot_product_attention
    assert gradcheck(lambda a, b, c: causal(a, b, c, is_causal=True), (q, k, v))


# --- MultiheadAttention -------------------------------------------------------------------------


def mha_pair(*args: Any, **kwargs: Any) -> tuple[Any, Any]:
    return MultiheadAttention(*args, **kwargs), TNN.MultiheadAttention(*args, **kwargs)


MHA_CASES: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # name: (constructor kwargs, forward kwargs)
    "plain": ({}, {}),
    "per_head_weights": ({}, {"average_attn_weights": False}),
    "no_weights": ({}, {"need_weights": False}),
    "no_bias": ({"bias": False}, {}),
    "bias_kv_zero_attn": ({"add_bias_kv": True, "add_zero_attn": True}, {}),
    "batch_first": ({"batch_first": True}, {}),
    "batch_first_no_weights": ({"batch_first": True}, {"need_weights": False}),
}


@pytest.mark.parametrize("case", list(MHA_CASES))
@pytest.mark.parametrize("attention", ["self", "cross"])
@pytest.mark.usefixtures("on_each_device")
def test_mha_matches_torch(case: str, attention: str) -> None:
    torch.manual_seed(10)
    ctor, fwd = MHA_CASES[case]
    ours, theirs = mha_pair(8, 2, **ctor)
    shape_q, shape_kv = (
        ((2, 4, 8), (2, 5, 8)) if ctor.get("batch_first") else ((4, 2, 8), (5, 2, 8))
    )
    x = torch.randn(*shape_q)
    if attention == "self":
        run_both(ours, theirs, [x, x, x], fwd)
    else:
        run_both(ours, theirs, [x, torch.randn(*shape_kv), torch.randn(*shape_kv)], fwd)


@pytest.mark.parametrize("need_weights", [True, False])
@pytest.mark.parametrize(
    "masks", ["bool_attn", "float_attn", "attn_3d", "bool_padding", "float_padding", "both"]
)
@pytest.mark.usefixtures("on_each_device")
def test_mha_masks(masks: str, need_weights: bool) -> None:
    torch.manual_seed(11)
    ours, theirs = mha_pair(6, 3)
    q, kv = torch.randn(4, 2, 6), torch.randn(5, 2, 6)
    kw: dict[str, Any] = {"need_weights": need_weights}
    if masks == "bool_attn":
        kw["attn_mask"] = bool_mask(4, 5)
    elif masks == "float_attn":
        kw["attn_mask"] = torch.randn(4, 5)
    elif masks == "attn_3d":
        kw["attn_mask"] = bool_mask(2 * 3, 4, 5)
    elif masks == "bool_padding":
        kw["key_padding_mask"] = bool_mask(2, 5)
    elif masks == "float_padding":
        kw["key_padding_mask"] = torch.randn(2, 5)
    else:
        kw["attn_mask"] = bool_mask(4, 5)
        kw["key_padding_mask"] = bool_mask(2, 5)
    run_both(ours, theirs, [q, kv, kv], kw)


@pytest.mark.parametrize("need_weights", [True, False])
@pytest.mark.usefixtures("on_each_device")
def test_mha_is_causal(need_weights: bool) -> None:
    torch.manual_seed(12)
    ours, theirs = mha_pair(8, 2)
    x = torch.randn(5, 3, 8)
    mask = TNN.Transformer.generate_square_subsequent_mask(5)
    run_both(ours, theirs, [x, x, x], {"attn_mask": mask, "is_causal": True,
                                        "need_weights": need_weights})  # fmt: skip


@pytest.mark.usefixtures("on_each_device")
def test_mha_kdim_vdim() -> None:
    torch.manual_seed(13)
    ours, theirs = mha_pair(8, 4, kdim=3, vdim=5)
    names = [n for n, _ in ours.named_parameters()]
    assert names == [n for n, _ in theirs.named_parameters()]
    assert "in_proj_weight" not in names and "q_proj_weight" in names
    q, k, v = torch.randn(4, 2, 8), torch.randn(6, 2, 3), torch.randn(6, 2, 5)
    run_both(ours, theirs, [q, k, v], {"key_padding_mask": bool_mask(2, 6)})
    run_both(ours, theirs, [q, k, v], {"need_weights": False})


@pytest.mark.usefixtures("on_each_device")
def test_mha_unbatched() -> None:
    torch.manual_seed(14)
    ours, theirs = mha_pair(6, 2, batch_first=True)
    x, kv = torch.randn(4, 6), torch.randn(3, 6)
    run_both(ours, theirs, [x, kv, kv], {"key_padding_mask": bool_mask(3)})
    run_both(ours, theirs, [x, x, x], {"need_weights": False, "attn_mask": bool_mask(4, 4)})


@pytest.mark.parametrize("kwargs", [{}, {"kdim": 3, "vdim": 5}, {"add_bias_kv": True}])
def test_mha_manual_seed_gives_torchs_parameters(kwargs: dict[str, Any]) -> None:
    torch.manual_seed(42)
    theirs = TNN.MultiheadAttention(8, 2, **kwargs)
    pt.manual_seed(42)
    ours = MultiheadAttention(8, 2, **kwargs)
    th_state, pt_state = theirs.state_dict(), ours.state_dict()
    assert list(pt_state) == list(th_state)
    for k in th_state:
        assert_close(pt_state[k], th_state[k], k, rtol=0, atol=0)
    assert repr(ours) == repr(theirs)


def test_mha_dropout_training_draws_like_torch() -> None:
    ours, theirs = mha_pair(8, 2, dropout=0.3)
    same_weights(ours, theirs)
    x = torch.randn(4, 2, 8)
    for need_weights in (True, False):
        torch.manual_seed(5)
        th_out, th_w = theirs(x, x, x, need_weights=need_weights)
        pt.manual_seed(5)
        px = to_pt(x)
        pt_out, pt_w = ours(px, px, px, need_weights=need_weights)
        assert_close(pt_out, th_out)
        if need_weights:
            assert_close(pt_w, th_w)


def test_mha_eval_with_dropout_equals_torch() -> None:
    torch.manual_seed(15)
    ours, theirs = mha_pair(8, 2, dropout=0.5, batch_first=True)
    ours.eval()
    theirs.eval()
    x = torch.randn(2, 4, 8)
    # With grad enabled torch runs the math path ...
    run_both(ours, theirs, [x, x, x])
    # ... and under no_grad its fused fast path, which agrees to rounding.
    with torch.no_grad():
        expected = theirs(x, x, x)[0]
    px = to_pt(x)
    assert_close(ours(px, px, px)[0], expected, rtol=1e-5, atol=1e-5)


def test_mha_gradcheck_float64() -> None:
    torch.manual_seed(16)
    mha = TNN.MultiheadAttention(4, 2, add_bias_kv=True).double()
    params = [to_pt(p, True) for p in (mha.in_proj_weight, mha.in_proj_bias, mha.bias_k,
                                       mha.bias_v, mha.out_proj.weight, mha.out_proj.bias)]  # fmt: skip
    q = to_pt(torch.randn(2, 1, 4, dtype=torch.float64), True)
    kv = to_pt(torch.randn(3, 1, 4, dtype=torch.float64), True)
    mask = to_pt(bool_mask(1, 3))

    def fn(query: Any, key: Any, w: Any, b: Any, bk: Any, bv: Any, ow: Any, ob: Any) -> Any:
        out, weights = A.multi_head_attention_forward(
            query, key, key, 4, 2, w, b, bk, bv, True, 0.0, ow, ob, key_padding_mask=mask
        )
        return out, weights

    assert gradcheck(fn, (q, kv, *params))


# --- Transformer layers -------------------------------------------------------------------------

LAYER_CASES: dict[str, dict[str, Any]] = {
    "post_norm_relu": {},
    "norm_first": {"norm_first": True},
    "gelu": {"activation": "gelu"},
    "callable_activation": {"activation": "tanh"},  # replaced by the library's own tanh below
    "batch_first_no_bias": {"batch_first": True, "bias": False},
}


def layer_kwargs(case: str, lib: Any) -> dict[str, Any]:
    kw = dict(LAYER_CASES[case])
    if kw.get("activation") == "tanh":
        kw["activation"] = lib.tanh
    return {"dim_feedforward": 12, "dropout": 0.0, **kw}


@pytest.mark.parametrize("case", list(LAYER_CASES))
@pytest.mark.usefixtures("on_each_device")
def test_encoder_layer_matches_torch(case: str) -> None:
    torch.manual_seed(20)
    ours = TransformerEncoderLayer(8, 2, **layer_kwargs(case, pt))
    theirs = TNN.TransformerEncoderLayer(8, 2, **layer_kwargs(case, torch))
    shape = (2, 5, 8) if LAYER_CASES[case].get("batch_first") else (5, 2, 8)
    pad = bool_mask(2, 5)
    run_both(ours, theirs, [torch.randn(*shape)], {"src_key_padding_mask": pad})


@pytest.mark.usefixtures("on_each_device")
def test_encoder_layer_causal_mask() -> None:
    torch.manual_seed(21)
    ours = TransformerEncoderLayer(8, 2, dim_feedforward=12, dropout=0.0)
    theirs = TNN.TransformerEncoderLayer(8, 2, dim_feedforward=12, dropout=0.0)
    mask = TNN.Transformer.generate_square_subsequent_mask(5)
    run_both(ours, theirs, [torch.randn(5, 2, 8)], {"src_mask": mask, "is_causal": True})
    run_both(ours, theirs, [torch.randn(5, 2, 8)], {"src_mask": bool_mask(5, 5)})


@pytest.mark.parametrize("norm_first", [False, True])
@pytest.mark.usefixtures("on_each_device")
def test_encoder_with_final_norm(norm_first: bool) -> None:
    torch.manual_seed(22)
    kw = {"dim_feedforward": 12, "dropout": 0.0, "norm_first": norm_first}
    ours = TransformerEncoder(TransformerEncoderLayer(8, 2, **kw), 2, pt.nn.LayerNorm(8))
    theirs = TNN.TransformerEncoder(
        TNN.TransformerEncoderLayer(8, 2, **kw), 2, TNN.LayerNorm(8), enable_nested_tensor=False
    )
    # The two layers are deep copies: the same values, different tensors.
    layers = ours.layers
    assert layers[0].linear1.weight is not layers[1].linear1.weight
    assert_close(layers[0].linear1.weight, layers[1].linear1.weight, rtol=0, atol=0)
    mask = TNN.Transformer.generate_square_subsequent_mask(5)
    run_both(ours, theirs, [torch.randn(5, 2, 8)],
             {"mask": mask, "src_key_padding_mask": additive(bool_mask(2, 5))})  # fmt: skip


@pytest.mark.parametrize("case", ["post_norm_relu", "norm_first", "batch_first_no_bias"])
@pytest.mark.usefixtures("on_each_device")
def test_decoder_matches_torch(case: str) -> None:
    torch.manual_seed(23)
    ours_layer = TransformerDecoderLayer(8, 2, **layer_kwargs(case, pt))
    theirs_layer = TNN.TransformerDecoderLayer(8, 2, **layer_kwargs(case, torch))
    ours = TransformerDecoder(ours_layer, 2, pt.nn.LayerNorm(8))
    theirs = TNN.TransformerDecoder(theirs_layer, 2, TNN.LayerNorm(8))
    bf = LAYER_CASES[case].get("batch_first")
    tgt = torch.randn(2, 4, 8) if bf else torch.randn(4, 2, 8)
    memory = torch.randn(2, 6, 8) if bf else torch.randn(6, 2, 8)
    kw = {
        "tgt_mask": TNN.Transformer.generate_square_subsequent_mask(4),
        "memory_mask": bool_mask(4, 6),
        "tgt_key_padding_mask": additive(bool_mask(2, 4)),
        "memory_key_padding_mask": bool_mask(2, 6),
    }
    run_both(ours, theirs, [tgt, memory], kw)
    run_both(ours_layer, theirs_layer, [tgt, memory])


@pytest.mark.filterwarnings("ignore:enable_nested_tensor is True")
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.usefixtures("on_each_device")
def test_transformer_matches_torch(batch_first: bool) -> None:
    kw = {"d_model": 8, "nhead": 2, "num_encoder_layers": 2, "num_decoder_layers": 1,
          "dim_feedforward": 12, "dropout": 0.0, "batch_first": batch_first}  # fmt: skip
    torch.manual_seed(24)
    theirs = TNN.Transformer(**kw)
    pt.manual_seed(24)
    ours = Transformer(**kw)
    # manual_seed gives torch's parameters, xavier re-initialisation included.
    for k, v in theirs.state_dict().items():
        assert_close(ours.state_dict()[k], v, k, rtol=0, atol=0)
    src = torch.randn(2, 5, 8) if batch_first else torch.randn(5, 2, 8)
    tgt = torch.randn(2, 4, 8) if batch_first else torch.randn(4, 2, 8)
    fwd = {"tgt_mask": TNN.Transformer.generate_square_subsequent_mask(4),
           "src_key_padding_mask": bool_mask(2, 5),
           "memory_key_padding_mask": bool_mask(2, 5)}  # fmt: skip
    run_both(ours, theirs, [src, tgt], fwd)


def test_generate_square_subsequent_mask() -> None:
    for sz in (1, 4):
        ours = Transformer.generate_square_subsequent_mask(sz)
        theirs = TNN.Transformer.generate_square_subsequent_mask(sz)
        assert ours.dtype == pt.float32
        np.testing.assert_array_equal(values(ours), values(theirs))
    ours64 = Transformer.generate_square_subsequent_mask(3, dtype=pt.float64)
    assert ours64.dtype == pt.float64


@pytest.mark.parametrize("norm_first", [False, True])
def test_encoder_layer_manual_seed_and_eval_dropout(norm_first: bool) -> None:
    torch.manual_seed(30)
    theirs = TNN.TransformerEncoderLayer(8, 2, 12, dropout=0.3, norm_first=norm_first)
    pt.manual_seed(30)
    ours = TransformerEncoderLayer(8, 2, 12, dropout=0.3, norm_first=norm_first)
    for k, v in theirs.state_dict().items():
        assert_close(ours.state_dict()[k], v, k, rtol=0, atol=0)
    ours.eval()
    theirs.eval()
    run_both(ours, theirs, [torch.randn(5, 2, 8)])


def test_encoder_layer_training_dropout_draws_like_torch() -> None:
    torch.manual_seed(31)
    theirs = TNN.TransformerEncoderLayer(8, 2, 12, dropout=0.3)
    ours = TransformerEncoderLayer(8, 2, 12, dropout=0.3)
    same_weights(ours, theirs)
    x = torch.randn(5, 2, 8)
    torch.manual_seed(32)
    expected = theirs(x)
    pt.manual_seed(32)
    assert_close(ours(to_pt(x)), expected)


def test_encoder_layer_eval_fast_path_within_tolerance() -> None:
    # torch takes its fused inference kernel here (eval, no grad, batch_first, even heads).
    torch.manual_seed(33)
    theirs = TNN.TransformerEncoderLayer(8, 2, 12, batch_first=True).eval()
    ours = TransformerEncoderLayer(8, 2, 12, batch_first=True).eval()
    same_weights(ours, theirs)
    x = torch.randn(2, 5, 8)
    with torch.no_grad():
        expected = theirs(x)
    assert_close(ours(to_pt(x)), expected, rtol=1e-4, atol=1e-5)
