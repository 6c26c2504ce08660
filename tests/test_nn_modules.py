"""nn layers against torch: the same weights give the same outputs and gradients, the Module
machinery (registration, state_dict, hooks, modes, printing) behaves like torch's, and every
layer passes gradcheck in float64."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import pytensor as pt  # noqa: E402
import pytensor.nn as nn  # noqa: E402
from pytensor.autograd import gradcheck  # noqa: E402
from pytensor.backends.reference import ReferenceBackend  # noqa: E402

TOL = {"float32": (1e-5, 1e-5), "float64": (1e-10, 1e-12)}


def to_pt(t: Any, requires_grad: bool = False) -> Any:
    """The same values, shape and dtype as the torch tensor t, as a pytensor leaf."""
    out = pt.tensor(t.detach().numpy())
    return out.requires_grad_() if requires_grad else out


def values(t: Any) -> np.ndarray:
    return np.asarray(t.detach().tolist(), dtype=np.float64)


def assert_close(ours: Any, theirs: Any, dtype: str = "float32", msg: str = "") -> None:
    rtol, atol = TOL[dtype]
    assert tuple(ours.shape) == tuple(theirs.shape), msg
    np.testing.assert_allclose(values(ours), values(theirs), rtol=rtol, atol=atol, err_msg=msg)


def copy_weights(ours: Any, theirs: Any) -> None:
    """Load torch's state_dict into our module (which also tests load_state_dict)."""
    ours.load_state_dict({k: to_pt(v) for k, v in theirs.state_dict().items()})


def check_layer(ours: Any, theirs: Any, *inputs: Any, dtype: str = "float32") -> None:
    """Outputs, input gradients and parameter gradients agree after copying the weights."""
    copy_weights(ours, theirs)
    th_in = [x.clone().requires_grad_(x.is_floating_point()) for x in inputs]
    pt_in = [to_pt(x, x.is_floating_point()) for x in inputs]
    th_out, pt_out = theirs(*th_in), ours(*pt_in)
    assert_close(pt_out, th_out, dtype, "forward")
    grad = torch.randn_like(th_out)
    th_out.backward(grad)
    pt_out.backward(to_pt(grad))
    for i, (a, b) in enumerate(zip(pt_in, th_in)):
        if b.grad is not None:
            assert_close(a.grad, b.grad, dtype, f"grad of input {i}")
    th_params = dict(theirs.named_parameters())
    for name, p in ours.named_parameters():
        assert_close(p.grad, th_params[name].grad, dtype, f"grad of {name}")


# Each case: a constructor written against either library, and the input shapes.
LAYERS: dict[str, tuple[Callable[[Any], Any], list[tuple[int, ...]]]] = {
    "Identity": (lambda m: m.Identity(), [(2, 3)]),
    "Linear": (lambda m: m.Linear(4, 3), [(5, 4)]),
    "Linear_3d_nobias": (lambda m: m.Linear(4, 3, bias=False), [(2, 5, 4)]),
    "Bilinear": (lambda m: m.Bilinear(3, 2, 4), [(5, 3), (5, 2)]),
    "Conv1d": (lambda m: m.Conv1d(2, 3, 3, stride=2, padding=1), [(2, 2, 9)]),
    "Conv1d_same_dilated": (lambda m: m.Conv1d(2, 4, 4, padding="same", dilation=2), [(2, 2, 7)]),
    "Conv2d": (lambda m: m.Conv2d(3, 4, 3), [(2, 3, 6, 5)]),
    "Conv2d_strided": (
        lambda m: m.Conv2d(2, 4, (3, 2), stride=(2, 1), padding=(1, 2)),
        [(2, 2, 7, 6)],
    ),
    "Conv2d_groups_dilation": (
        lambda m: m.Conv2d(4, 6, 3, groups=2, dilation=2, bias=False),
        [(1, 4, 7, 7)],
    ),
    "Conv2d_valid": (lambda m: m.Conv2d(2, 3, 2, padding="valid"), [(2, 2, 4, 4)]),
    "Conv2d_same": (lambda m: m.Conv2d(2, 3, (4, 3), padding="same"), [(2, 2, 5, 5)]),
    "Conv2d_reflect": (
        lambda m: m.Conv2d(2, 3, 3, padding=1, padding_mode="reflect"),
        [(1, 2, 5, 4)],
    ),
    "Conv2d_circular": (
        lambda m: m.Conv2d(2, 3, 3, padding=1, padding_mode="circular"),
        [(1, 2, 5, 4)],
    ),
    "Conv2d_unbatched": (lambda m: m.Conv2d(2, 3, 3), [(2, 5, 5)]),
    "ConvTranspose2d": (lambda m: m.ConvTranspose2d(3, 2, 3), [(2, 3, 4, 4)]),
    "ConvTranspose2d_strided": (
        lambda m: m.ConvTranspose2d(
            4, 6, (3, 2), stride=2, padding=1, output_padding=1, groups=2, dilation=(1, 2)
        ),
        [(2, 4, 3, 4)],
    ),
    "MaxPool1d": (lambda m: m.MaxPool1d(3, stride=2, padding=1), [(2, 3, 9)]),
    "MaxPool2d": (lambda m: m.MaxPool2d(2), [(2, 3, 6, 6)]),
    "MaxPool2d_ceil": (
        lambda m: m.MaxPool2d(3, stride=2, padding=1, dilation=1, ceil_mode=True),
        [(2, 2, 6, 7)],
    ),
    "MaxPool2d_dilated": (lambda m: m.MaxPool2d((2, 3), stride=(1, 2), dilation=2), [(1, 2, 7, 8)]),
    "AvgPool2d": (lambda m: m.AvgPool2d(2), [(2, 3, 6, 6)]),
    "AvgPool2d_pad_ceil": (
        lambda m: m.AvgPool2d(3, stride=2, padding=1, ceil_mode=True),
        [(2, 2, 6, 7)],
    ),
    "AvgPool2d_nopadcount": (
        lambda m: m.AvgPool2d(3, 2, 1, count_include_pad=False),
        [(1, 2, 5, 6)],
    ),
    "AvgPool2d_divisor": (lambda m: m.AvgPool2d(2, divisor_override=3), [(1, 2, 4, 4)]),
    "AdaptiveAvgPool2d": (lambda m: m.AdaptiveAvgPool2d((3, 2)), [(2, 3, 7, 5)]),
    "AdaptiveAvgPool2d_none": (lambda m: m.AdaptiveAvgPool2d((None, 1)), [(2, 3, 4, 5)]),
    "BatchNorm1d": (lambda m: m.BatchNorm1d(3), [(4, 3)]),
    "BatchNorm1d_3d": (lambda m: m.BatchNorm1d(3, affine=False), [(4, 3, 5)]),
    "BatchNorm2d": (lambda m: m.BatchNorm2d(3, momentum=None), [(2, 3, 4, 4)]),
    "BatchNorm2d_no_stats": (lambda m: m.BatchNorm2d(2, track_running_stats=False), [(3, 2, 2, 3)]),
    "LayerNorm": (lambda m: m.LayerNorm(5), [(3, 5)]),
    "LayerNorm_2d_nobias": (lambda m: m.LayerNorm((3, 4), bias=False), [(2, 3, 4)]),
    "LayerNorm_noaffine": (
        lambda m: m.LayerNorm(4, elementwise_affine=False, eps=1e-3),
        [(2, 3, 4)],
    ),
    "Flatten": (lambda m: m.Flatten(), [(2, 3, 4)]),
    "Unflatten": (lambda m: m.Unflatten(1, (2, 3)), [(4, 6)]),
    "ReLU": (lambda m: m.ReLU(), [(3, 4)]),
    "LeakyReLU": (lambda m: m.LeakyReLU(0.2), [(3, 4)]),
    "ELU": (lambda m: m.ELU(alpha=0.7), [(3, 4)]),
    "GELU": (lambda m: m.GELU(), [(3, 4)]),
    "GELU_tanh": (lambda m: m.GELU(approximate="tanh"), [(3, 4)]),
    "SiLU": (lambda m: m.SiLU(), [(3, 4)]),
    "Sigmoid": (lambda m: m.Sigmoid(), [(3, 4)]),
    "Tanh": (lambda m: m.Tanh(), [(3, 4)]),
    "Softplus": (lambda m: m.Softplus(beta=2.0, threshold=1.0), [(3, 4)]),
    "Softmax": (lambda m: m.Softmax(dim=1), [(3, 4)]),
    "LogSoftmax": (lambda m: m.LogSoftmax(dim=0), [(3, 4)]),
    "Sequential": (
        lambda m: m.Sequential(m.Conv2d(1, 2, 3), m.ReLU(), m.Flatten(), m.Linear(8, 3)),
        [(2, 1, 4, 4)],
    ),
}


# torch warns that padding="same" with an even kernel copies the input; Conv2d_same asks for it.
@pytest.mark.filterwarnings("ignore:Using padding=.same. with even kernel:UserWarning")
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", list(LAYERS))
def test_layer_matches_torch(name: str, dtype: str) -> None:
    make, shapes = LAYERS[name]
    torch.manual_seed(0)
    theirs = make(torch.nn).to(getattr(torch, dtype))
    ours = make(nn).to(getattr(pt, dtype))
    inputs = [torch.randn(*s, dtype=getattr(torch, dtype)) * 2 for s in shapes]
    check_layer(ours, theirs, *inputs, dtype=dtype)
    # Buffers (BatchNorm's running statistics) agree after the forward too.
    th_buffers = dict(theirs.named_buffers())
    for key, buf in ours.named_buffers():
        assert_close(buf, th_buffers[key], dtype, key)


def test_embedding_matches_torch_and_padding_gets_no_grad() -> None:
    torch.manual_seed(0)
    theirs = torch.nn.Embedding(6, 3, padding_idx=1)
    ours = nn.Embedding(6, 3, padding_idx=1)
    copy_weights(ours, theirs)
    idx = torch.tensor([[1, 2, 1], [5, 0, 2]])
    th_out, pt_out = theirs(idx), ours(to_pt(idx))
    assert_close(pt_out, th_out)
    grad = torch.randn_like(th_out)
    th_out.backward(grad)
    pt_out.backward(to_pt(grad))
    assert_close(ours.weight.grad, theirs.weight.grad)
    assert values(ours.weight.grad)[1].tolist() == [0.0, 0.0, 0.0]


# --- gradcheck: every layer in float64 ---------------------------------------------------

GRADCHECK: dict[str, tuple[Callable[[], Any], tuple[int, ...]]] = {
    "Linear": (lambda: nn.Linear(3, 2), (2, 3)),
    "Conv1d": (lambda: nn.Conv1d(2, 2, 2, stride=2, padding=1), (1, 2, 4)),
    "Conv2d": (lambda: nn.Conv2d(2, 2, 2, padding=1, dilation=(1, 2), groups=2), (1, 2, 3, 3)),
    "ConvTranspose2d": (lambda: nn.ConvTranspose2d(2, 1, 2, stride=2, padding=1), (1, 2, 2, 2)),
    "MaxPool2d": (lambda: nn.MaxPool2d(2, stride=1, padding=1), (1, 1, 3, 3)),
    "MaxPool1d": (lambda: nn.MaxPool1d(2), (1, 2, 4)),
    "AvgPool2d": (lambda: nn.AvgPool2d(2, padding=1, count_include_pad=False), (1, 1, 3, 3)),
    "AdaptiveAvgPool2d": (lambda: nn.AdaptiveAvgPool2d(2), (1, 1, 3, 3)),
    "BatchNorm1d": (lambda: nn.BatchNorm1d(2), (3, 2)),
    "BatchNorm2d": (lambda: nn.BatchNorm2d(2), (2, 2, 1, 2)),
    "LayerNorm": (lambda: nn.LayerNorm(3), (2, 3)),
    "Embedding": (lambda: nn.Embedding(4, 2), (3,)),  # padding_idx rows are not differentiable
    "GELU": (lambda: nn.GELU(), (5,)),
    "GELU_tanh": (lambda: nn.GELU("tanh"), (5,)),
    "ELU": (lambda: nn.ELU(), (5,)),
    "LeakyReLU": (lambda: nn.LeakyReLU(0.1), (5,)),
    "SiLU": (lambda: nn.SiLU(), (5,)),
    "Softplus": (lambda: nn.Softplus(beta=2.0, threshold=1.0), (5,)),
    "Softmax": (lambda: nn.Softmax(-1), (2, 3)),
    "LogSoftmax": (lambda: nn.LogSoftmax(-1), (2, 3)),
}


def layer_gradcheck(layer: Any, x: Any) -> bool:
    """gradcheck of layer(x) with respect to x (when it is a float tensor) and every parameter.

    The function works on clones: gradcheck perturbs its inputs in place after the graph that
    it differentiates was recorded, and a layer that saved the input itself for backward would
    then (rightly) refuse with "modified by an inplace operation" (see the report on
    pytensor.autograd.gradcheck). A clone keeps the graph's saved tensors apart from them."""
    names = [name for name, _ in layer.named_parameters()]
    params = [p for _, p in layer.named_parameters()]

    def fn(*args: Any) -> Any:
        inputs, ps = (args[0], args[1:]) if x.is_floating_point() else (x, args)
        originals = {}
        for name, p in zip(names, ps):
            owner = layer.get_submodule(name.rpartition(".")[0])
            key = name.rpartition(".")[2]
            originals[(owner, key)] = owner._parameters[key]
            owner._parameters[key] = p.clone()  # a graph tensor stands in for the Parameter
        try:
            return layer(inputs.clone() if inputs.is_floating_point() else inputs)
        finally:
            for (owner, key), p in originals.items():
                owner._parameters[key] = p

    inputs = (x, *params) if x.is_floating_point() else tuple(params)
    return bool(gradcheck(fn, inputs))


@pytest.mark.parametrize("name", list(GRADCHECK))
def test_gradcheck_layer(name: str) -> None:
    make, shape = GRADCHECK[name]
    pt.manual_seed(0)
    layer = make().double()
    if name == "Embedding":
        assert layer_gradcheck(layer, pt.tensor([0, 3, 1]))
    else:
        assert layer_gradcheck(layer, (pt.randn(*shape, dtype=pt.float64) * 2).requires_grad_())


# --- Module machinery ----------------------------------------------------------------------


class Net(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.bn = nn.BatchNorm2d(2)
        self.head = nn.Sequential(OrderedDict([("fc", nn.Linear(8, 4)), ("act", nn.ReLU())]))
        self.register_buffer("steps", pt.zeros(1))
        self.register_buffer("cache", pt.zeros(2), persistent=False)
        self.scale = nn.Parameter(pt.ones(1))
        self.plain = 3

    def forward(self, x: Any) -> Any:
        return self.head(self.bn(self.conv(x)).flatten(1)) * self.scale


class TorchNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv = torch.nn.Conv2d(1, 2, 3)
        self.bn = torch.nn.BatchNorm2d(2)
        self.head = torch.nn.Sequential(
            OrderedDict([("fc", torch.nn.Linear(8, 4)), ("act", torch.nn.ReLU())])
        )
        self.register_buffer("steps", torch.zeros(1))
        self.register_buffer("cache", torch.zeros(2), persistent=False)
        self.scale = torch.nn.Parameter(torch.ones(1))
        self.plain = 3

    def forward(self, x: Any) -> Any:
        return self.head(self.bn(self.conv(x)).flatten(1)) * self.scale


def test_registration_and_walks_match_torch() -> None:
    ours, theirs = Net(), TorchNet()
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    assert [n for n, _ in ours.named_buffers()] == [n for n, _ in theirs.named_buffers()]
    assert [n for n, _ in ours.named_modules()] == [n for n, _ in theirs.named_modules()]
    assert [n for n, _ in ours.named_children()] == [n for n, _ in theirs.named_children()]
    assert [n for n, _ in ours.named_parameters(prefix="m", recurse=False)] == [
        n for n, _ in theirs.named_parameters(prefix="m", recurse=False)
    ]
    assert len(list(ours.parameters())) == len(list(theirs.parameters()))
    assert len(list(ours.modules())) == len(list(theirs.modules()))
    assert ours.get_submodule("head.fc") is ours.head.fc
    assert isinstance(ours.scale, nn.Parameter) and ours.plain == 3
    assert "conv" in dir(ours) and "scale" in dir(ours) and "steps" in dir(ours)
    # A plain tensor may not replace a Parameter; None may.
    with pytest.raises(TypeError):
        ours.scale = pt.ones(1)
    ours.scale = None
    assert "scale" not in dict(ours.named_parameters())
    del ours.conv
    assert "conv" not in dict(ours.named_children())
    with pytest.raises(AttributeError):
        _ = ours.conv


def test_shared_parameters_are_listed_once() -> None:
    a = nn.Linear(2, 2)
    model = nn.Sequential(a, nn.ReLU(), a)
    assert [n for n, _ in model.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(model.named_parameters(remove_duplicate=False))) == 4
    assert len(list(model.named_modules())) == 3


def test_state_dict_matches_torch_and_round_trips() -> None:
    ours, theirs = Net(), TorchNet()
    sd_ours, sd_theirs = ours.state_dict(), theirs.state_dict()
    assert isinstance(sd_ours, OrderedDict)
    assert list(sd_ours) == list(sd_theirs)
    for key in sd_theirs:
        assert tuple(sd_ours[key].shape) == tuple(sd_theirs[key].shape)
        assert not sd_ours[key].requires_grad
    assert ours.state_dict(keep_vars=True)["scale"] is ours.scale
    # Copy torch's values in, then out again through a fresh model.
    result = ours.load_state_dict({k: to_pt(v) for k, v in sd_theirs.items()})
    assert result.missing_keys == [] and result.unexpected_keys == []
    assert repr(result) == repr(theirs.load_state_dict(theirs.state_dict()))
    fresh = Net()
    fresh.load_state_dict(ours.state_dict())
    for key, value in sd_theirs.items():
        assert_close(fresh.state_dict()[key], value, msg=key)
    assert fresh.bn.num_batches_tracked.dtype == pt.int64
    # Loading copies in place: the Parameter objects stay the same.
    weight = fresh.conv.weight
    fresh.load_state_dict(Net().state_dict())
    assert fresh.conv.weight is weight and weight.requires_grad


def test_load_state_dict_errors_match_torch() -> None:
    def message(lib: Any, model: Any, sd: Any, **kw: Any) -> str:
        with pytest.raises(RuntimeError) as info:
            model.load_state_dict(sd, **kw)
        return str(info.value).replace("torch.", "pytensor.")

    th, ours = torch.nn.Linear(3, 2), nn.Linear(3, 2)
    th_sd = {"weight": torch.zeros(2, 3), "extra": torch.zeros(1)}
    pt_sd = {"weight": pt.zeros(2, 3), "extra": pt.zeros(1)}
    assert message(nn, ours, pt_sd) == message(torch.nn, th, th_sd)
    th_sd = {"weight": torch.zeros(4, 3), "bias": torch.zeros(2)}
    pt_sd = {"weight": pt.zeros(4, 3), "bias": pt.zeros(2)}
    assert message(nn, ours, pt_sd) == message(torch.nn, th, th_sd)
    assert "size mismatch for weight" in message(nn, ours, pt_sd)
    # Nested: the prefix is part of every key.
    th_seq = torch.nn.Sequential(torch.nn.Linear(3, 2))
    pt_seq = nn.Sequential(nn.Linear(3, 2))
    assert message(nn, pt_seq, {"0.weight": pt.zeros(2, 2)}) == message(
        torch.nn, th_seq, {"0.weight": torch.zeros(2, 2)}
    )
    # strict=False reports instead of raising.
    result = ours.load_state_dict({"weight": pt.zeros(2, 3), "x": pt.zeros(1)}, strict=False)
    assert result.missing_keys == ["bias"] and result.unexpected_keys == ["x"]


def test_nested_repr_matches_torch() -> None:
    def build(m: Any, lib: Any) -> Any:
        return m.Sequential(
            OrderedDict([
                ("features", m.Sequential(
                    m.Conv2d(3, 8, 3, padding=1), m.BatchNorm2d(8), m.ReLU(inplace=True),
                    m.MaxPool2d(2, ceil_mode=True), m.Conv2d(8, 8, (3, 1), stride=2, padding="same" if False else 1, dilation=2, groups=2, bias=False, padding_mode="reflect"),
                    m.Conv1d(2, 2, 3, padding="same"), m.ConvTranspose2d(8, 4, 2, stride=2, output_padding=1),
                    m.AvgPool2d(2), m.AdaptiveAvgPool2d((1, 1)),
                )),
                ("blocks", m.ModuleList([m.Linear(4, 4) for _ in range(3)] + [m.Dropout(0.2)])),
                ("heads", m.ModuleDict({"a": m.Linear(4, 2, bias=False), "b": m.Bilinear(2, 3, 4)})),
                ("acts", m.Sequential(m.GELU(approximate="tanh"), m.LeakyReLU(0.2), m.ELU(), m.SiLU(), m.Sigmoid(), m.Tanh(), m.Softplus(), m.Softmax(dim=1), m.LogSoftmax(-1), m.Identity())),
                ("norms", m.Sequential(m.LayerNorm((4, 2)), m.BatchNorm1d(4, momentum=None), m.Embedding(10, 3, padding_idx=0), m.Flatten(), m.Unflatten(1, (2, 2)))),
                ("losses", m.ModuleList([m.CrossEntropyLoss(label_smoothing=0.1), m.MSELoss(), m.BCEWithLogitsLoss(), m.KLDivLoss()])),
                ("empty", m.ModuleList()),
            ])
        )  # fmt: skip

    ours, theirs = build(nn, pt), build(torch.nn, torch)
    assert repr(ours) == repr(theirs).replace("torch.", "pytensor.")


def test_train_eval_and_to_double() -> None:
    model = Net()
    assert model.training and model.head.fc.training
    assert model.eval() is model and not model.bn.training and not model.head.act.training
    model.train()
    assert model.bn.training
    weight = model.conv.weight
    model.double()
    assert model.conv.weight is weight and weight.dtype == pt.float64 and weight.is_leaf
    assert model.bn.running_mean.dtype == pt.float64
    assert model.bn.num_batches_tracked.dtype == pt.int64
    model.to(pt.float32)
    assert weight.dtype == pt.float32
    model.float().cpu()
    assert model(pt.randn(2, 1, 4, 4)).dtype == pt.float32


def test_zero_grad_requires_grad_and_apply() -> None:
    model = nn.Linear(3, 2)
    model(pt.randn(4, 3)).sum().backward()
    assert model.weight.grad is not None
    model.zero_grad(set_to_none=False)
    assert values(model.weight.grad).tolist() == [[0.0] * 3] * 2
    model.zero_grad()
    assert model.weight.grad is None
    model.requires_grad_(False)
    assert not model.weight.requires_grad
    seen: list[str] = []
    nn.Sequential(nn.Linear(1, 1), nn.ReLU()).apply(lambda m: seen.append(type(m).__name__))
    assert seen == ["Linear", "ReLU", "Sequential"]  # children first, as torch


def test_forward_hooks_and_removable_handles() -> None:
    model = nn.Linear(2, 2)
    calls: list[str] = []
    pre = model.register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    post = model.register_forward_hook(lambda m, args, out: calls.append("post") or out + 1)
    out = model(pt.ones(1, 2))
    assert calls == ["post"]
    assert_close(out, torch.tensor(model.bias.tolist()).reshape(1, 2) + 1)
    pre.remove()
    post.remove()
    assert_close(model(pt.zeros(1, 2)), torch.tensor(model.bias.tolist()).reshape(1, 2))


def test_containers() -> None:
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    assert len(seq) == 3 and isinstance(seq[0], nn.Linear) and isinstance(seq[-1], nn.Linear)
    head = seq[:2]
    assert isinstance(head, nn.Sequential) and len(head) == 2 and head[0] is seq[0]
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear"]
    seq.append(nn.Sigmoid())
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    del seq[1]
    assert [n for n, _ in seq.named_children()] == ["0", "1", "2"]
    with pytest.raises(IndexError):
        seq[5]
    layers = nn.ModuleList([nn.Linear(2, 2)])
    layers.append(nn.Linear(2, 2))
    layers.extend([nn.ReLU()])
    assert (
        len(layers) == 3
        and len(list(layers.parameters())) == 4
        and isinstance(layers[1:], nn.ModuleList)
    )
    heads = nn.ModuleDict({"a": nn.Linear(2, 1)})
    heads["b"] = nn.Linear(2, 3)
    assert list(heads.keys()) == ["a", "b"] and "a" in heads and len(heads) == 2
    assert [n for n, _ in heads.named_parameters()] == ["a.weight", "a.bias", "b.weight", "b.bias"]


def test_parameter() -> None:
    data = pt.tensor([1.0, 2.0])
    p = nn.Parameter(data)
    assert p.requires_grad and p.is_leaf and isinstance(p, pt.Tensor)
    assert repr(p) == repr(torch.nn.Parameter(torch.tensor([1.0, 2.0]))).replace(
        "torch.", "pytensor."
    )
    assert not nn.Parameter(data, requires_grad=False).requires_grad
    p.detach().mul_(2)  # shares storage with data
    assert data.tolist() == [2.0, 4.0]


# --- BatchNorm running statistics and Dropout masks --------------------------------------


@pytest.mark.parametrize("momentum", [0.1, None])
def test_batchnorm_running_stats_over_steps_and_eval(momentum: float | None) -> None:
    torch.manual_seed(0)
    theirs = torch.nn.BatchNorm2d(3, momentum=momentum)
    ours = nn.BatchNorm2d(3, momentum=momentum)
    for _ in range(4):
        x = torch.randn(4, 3, 2, 2) * 3 + 1
        assert_close(ours(to_pt(x)), theirs(x))
    for key, value in theirs.state_dict().items():
        assert_close(ours.state_dict()[key], value, msg=key)
    assert ours.num_batches_tracked.item() == 4
    ours.eval()
    theirs.eval()
    x = torch.randn(2, 3, 2, 2)
    check_layer(ours, theirs, x)
    assert ours.num_batches_tracked.item() == 4


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_dropout_mask_matches_torch(p: float, dtype: str) -> None:
    x = torch.randn(5, 7, dtype=getattr(torch, dtype))
    torch.manual_seed(11)
    th_x = x.clone().requires_grad_()
    th_out = torch.nn.Dropout(p)(th_x)
    pt.manual_seed(11)
    pt_x = to_pt(x, True)
    layer = nn.Dropout(p)
    pt_out = layer(pt_x)
    assert_close(pt_out, th_out, dtype)
    th_out.sum().backward()
    pt_out.sum().backward()
    assert_close(pt_x.grad, th_x.grad, dtype)
    assert pt.rand(1).item() == torch.rand(1).item()
    layer.eval()
    assert layer(pt_x) is pt_x


def backend_calls(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> dict[str, int]:
    """How often `run()` calls each primitive of the reference backend (the CPU's kernels)."""
    counts: dict[str, int] = {}
    with monkeypatch.context() as patch:
        for name in dir(ReferenceBackend):
            original = getattr(ReferenceBackend, name)
            if name.startswith("_") or not callable(original):
                continue

            def counted(*args: Any, _name: str = name, _original: Any = original) -> Any:
                counts[_name] = counts.get(_name, 0) + 1
                return _original(*args)

            patch.setattr(ReferenceBackend, name, counted)
        run()
    return counts


def test_conv2d_is_a_few_primitives_whatever_the_size(monkeypatch: pytest.MonkeyPatch) -> None:
    # Convolution is im2col through strided views and one matmul, and unfold's backward one
    # scatter: the same few kernel calls for any batch or image size, never a Python loop over
    # windows or samples. The speed itself is measured in benchmarks/bench_core.py.
    def step(n: int, side: int) -> Callable[[], object]:
        layer = nn.Conv2d(2, 8, 3, padding=1)  # a fresh one each time: no gradient to add to
        x = pt.randn(n, 2, side, side, requires_grad=True)
        return lambda: layer(x).sum().backward()

    # (a batch of 2, not 1: a reduction skips size-1 dims, so a batch of one reduces less)
    small = backend_calls(monkeypatch, step(2, 4))
    assert backend_calls(monkeypatch, step(16, 8)) == small
    assert small["matmul"] <= 3  # the forward and the two gradients of the one matmul
