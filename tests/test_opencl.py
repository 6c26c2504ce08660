"""The OpenCL device as a user meets it: devices, moving tensors and modules, errors, memory,
host transfers during training, random numbers, and whole models trained on both devices.

Op-by-op parity is in test_ops_oracle.py (every public op on each device, against torch) and
test_opencl_primitives.py (every primitive against the reference backend).
"""

from __future__ import annotations

import gc
import importlib.util
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import pytensor as pt
import pytensor.nn as nn
import pytensor.nn.functional as F

if not pt.opencl.is_available():
    pytest.skip("no OpenCL device: pip install pyopencl pocl-binary-distribution",
                allow_module_level=True)  # fmt: skip

from pytensor.backends.opencl import runtime  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=ROOT, timeout=120)  # fmt: skip


# --- the device model -----------------------------------------------------------------------


def test_device_strings_and_tensor_device():
    assert str(pt.device("opencl")) == "opencl:0"
    assert pt.device("opencl", 0) == pt.device("opencl:0")
    assert repr(pt.device("opencl:0")) == "device(type='opencl', index=0)"
    x = pt.ones(2, 3, device="opencl")
    assert x.device == pt.device("opencl:0") and x.is_opencl
    assert x.cpu().device == pt.device("cpu")
    assert pt.zeros(2).opencl().device.type == "opencl"
    assert x.to("cpu").tolist() == [[1.0] * 3] * 2


@pytest.mark.parametrize("make", [
    lambda d: pt.tensor([[1, 2], [3, 4]], device=d),
    lambda d: pt.zeros(2, 3, device=d), lambda d: pt.ones(4, dtype=pt.int32, device=d),
    lambda d: pt.full((2, 2), 7.5, device=d), lambda d: pt.arange(10, device=d),
    lambda d: pt.linspace(0, 1, 5, device=d), lambda d: pt.eye(3, device=d),
    lambda d: pt.empty(3, device=d).fill_(1), lambda d: pt.zeros_like(pt.ones(2, device=d)),
])  # fmt: skip
def test_every_creation_op_takes_device(make):
    on_device, on_host = make("opencl"), make("cpu")
    assert on_device.device.type == "opencl"
    assert on_device.tolist() == on_host.tolist() and on_device.dtype is on_host.dtype


def test_repr_names_the_device():
    x = pt.tensor([1.0, 2.0], device="opencl")
    assert repr(x) == "tensor([1., 2.], device='opencl:0')"


def test_mixing_devices_raises_pytorchs_error():
    a, b = pt.ones(3, device="opencl"), pt.ones(3)
    message = "Expected all tensors to be on the same device, but found at least two devices, "
    for op, order in [(lambda: a + b, "opencl:0 and cpu!"), (lambda: b * a, "cpu and opencl:0!"),
                      (lambda: a @ b, "opencl:0 and cpu!"), (lambda: pt.cat([a, b]), "opencl:0 and cpu!"),
                      (lambda: pt.where(a > 0, a, b), "opencl:0 and cpu!")]:  # fmt: skip
        with pytest.raises(RuntimeError) as e:
            op()
        assert str(e.value) == message + order


def test_a_cpu_scalar_tensor_joins_a_device_tensor_as_in_torch():
    a = pt.ones(3, device="opencl")
    assert (a * pt.tensor(2.0)).tolist() == [2.0, 2.0, 2.0]
    assert (a * pt.tensor(2.0)).device.type == "opencl"


def test_module_to_moves_parameters_and_buffers():
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    moved = model.to("opencl")
    assert moved is model
    assert all(p.device.type == "opencl" for p in model.parameters())
    assert all(b.device.type == "opencl" for b in model.buffers())
    assert isinstance(model[0].weight, nn.Parameter) and model[0].weight.is_leaf
    out = model(pt.randn(5, 3, device="opencl"))
    assert out.device.type == "opencl"
    model.cpu()
    assert all(p.device.type == "cpu" for p in model.parameters())


def test_device_queries():
    assert pt.opencl.device_count() >= 1
    assert isinstance(pt.opencl.get_device_name(0), str) and pt.opencl.get_device_name(0)
    assert pt.opencl.get_device_name("opencl:0") == pt.opencl.get_device_name()
    pt.opencl.synchronize()
    with pytest.raises(RuntimeError, match="does not exist"):
        pt.ones(1, device=f"opencl:{pt.opencl.device_count()}")


def test_environment_variable_chooses_the_device():
    name = pt.opencl.get_device_name(0)
    piece = name.split()[0][:6]
    ok = run_python("import pytensor as pt; print(pt.opencl.get_device_name(0))",
                    PYTENSOR_OPENCL_DEVICE=piece)  # fmt: skip
    assert ok.returncode == 0 and ok.stdout.strip() == name, ok.stderr
    by_index = run_python("import pytensor as pt; print(pt.opencl.device_count())",
                          PYTENSOR_OPENCL_DEVICE="0:0")  # fmt: skip
    assert by_index.stdout.strip() == "1", by_index.stderr
    none = run_python("import pytensor as pt\nprint(pt.opencl.is_available())\n"
                      "pt.ones(1, device='opencl')", PYTENSOR_OPENCL_DEVICE="no-such-device")  # fmt: skip
    assert none.stdout.strip() == "False"
    assert "no OpenCL device was found matching PYTENSOR_OPENCL_DEVICE='no-such-device'" in (
        none.stderr)


def test_pyopencl_is_imported_only_when_the_device_is_used():
    code = ("import sys, pytensor as pt\n"
            "x = pt.ones(3) * 2\n"
            "print('pyopencl' in sys.modules)\n"
            "pt.ones(1, device='opencl')\n"
            "print('pyopencl' in sys.modules)\n")  # fmt: skip
    out = run_python(code)
    assert out.stdout.split() == ["False", "True"], out.stderr


def test_without_pyopencl_the_error_says_what_to_install():
    # A None entry in sys.modules makes `import pyopencl` fail, as on a machine without it.
    code = ("import sys; sys.modules['pyopencl'] = None\n"
            "import pytensor as pt\n"
            "print(pt.opencl.is_available(), pt.opencl.device_count())\n"
            "pt.ones(1, device='opencl')\n")  # fmt: skip
    out = run_python(code)
    assert out.stdout.split() == ["False", "0"]
    assert "the OpenCL device needs pyopencl: pip install pyopencl" in out.stderr


def test_float64_needs_cl_khr_fp64(monkeypatch):
    backend = pt.backends.backend_for(pt.device("opencl"))
    monkeypatch.setattr(backend.rt, "has_fp64", False)
    with pytest.raises(RuntimeError, match=r"float64 is not supported on opencl:0 \(.+\): the "
                                           "device does not report cl_khr_fp64"):  # fmt: skip
        pt.zeros(2, dtype=pt.float64, device="opencl")


def test_a_failed_build_shows_the_source_and_the_log():
    rt = runtime.runtime(0)
    bad = {**runtime.type_defines("T", pt.float32), **runtime.type_defines("U", pt.float32),
           "UNARY_OP(x)": "no_such_function(x)"}  # fmt: skip
    with pytest.raises(RuntimeError) as e:
        rt.kernel("elementwise.cl", "unary_flat", bad)
    text = str(e.value)
    assert "building OpenCL program elementwise.cl" in text
    assert "#define UNARY_OP(x) no_such_function(x)" in text  # the numbered source
    assert "--- build log ---" in text and "no_such_function" in text.split("build log")[1]


def test_programs_are_built_once_per_context():
    x = pt.randn(5, device="opencl")
    x.exp()
    rt = runtime.runtime(0)
    before = (len(rt.programs), len(rt.kernels))
    for _ in range(5):
        x.exp()
    assert (len(rt.programs), len(rt.kernels)) == before


def test_index_out_of_range_raises_at_the_next_wait():
    """The kernel finds a bad index; the error is raised where the host next waits for the
    device (.tolist(), .item(), synchronize), as CUDA reports a device-side assert."""
    x = pt.arange(5.0, device="opencl")
    with pytest.raises(IndexError, match="index 7 is out of bounds for dimension 0 with size 5"):
        x.index_select(0, pt.tensor([1, 7], device="opencl")).tolist()
    with pytest.raises(IndexError, match="index 9 is out of bounds for dimension 0"):
        x[pt.tensor([9])]
        pt.opencl.synchronize()
    m = pt.zeros(2, 3, device="opencl")
    with pytest.raises(RuntimeError, match="index 3 is out of bounds for dimension 1 with size 3"):
        m.gather(1, pt.tensor([[0], [3]], device="opencl")).sum().item()  # torch: RuntimeError
    assert x[pt.tensor([4, 0])].tolist() == [4.0, 0.0]  # raised once: the next op runs clean


# --- random numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("sample", [
    lambda **kw: pt.randn(3, 17, **kw), lambda **kw: pt.rand(50, **kw),
    lambda **kw: pt.randint(0, 10, (40,), **kw), lambda **kw: pt.randperm(20, **kw),
    lambda **kw: pt.empty(30, **kw).normal_(2.0, 0.5),
    lambda **kw: F.dropout(pt.ones(64, **kw), 0.5),
])  # fmt: skip
def test_manual_seed_gives_the_same_tensors_on_both_devices(sample):
    pt.manual_seed(123)
    on_host = sample(device="cpu").tolist()
    pt.manual_seed(123)
    on_device = sample(device="opencl")
    assert on_device.device.type == "opencl"
    assert on_device.tolist() == on_host


# --- memory and transfers -------------------------------------------------------------------


def test_device_memory_is_returned_over_10000_small_ops():
    x = pt.randn(16, device="opencl")

    def small_op(i: int, y: pt.Tensor) -> pt.Tensor:
        return (x * 2 + 1).relu() if i % 2 else x.sum(0, keepdim=True) - y.mean()

    small_op(1, small_op(0, x))  # build every kernel first
    gc.collect()
    live = pt.opencl.stats()["live_bytes"]
    peak = live
    y = x
    for i in range(10_000):
        y = small_op(i, y)
        peak = max(peak, pt.opencl.stats()["live_bytes"])
    del y
    gc.collect()
    assert pt.opencl.stats()["live_bytes"] == live
    assert peak - live < 4096, f"memory grew by {peak - live} bytes during the loop"


def _digits(n: int = 256):
    from sklearn.datasets import load_digits

    digits = load_digits()
    x = pt.tensor((digits.data[:n] / 16.0).tolist(), dtype=pt.float32)
    y = pt.tensor(digits.target[:n].tolist())
    return x, y


def test_a_training_step_copies_nothing_to_the_host_but_the_loss(monkeypatch):
    x, y = _digits(64)
    pt.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)).to("opencl")
    optimizer = pt.optim.Adam(model.parameters(), lr=1e-3)
    x, y = x.to("opencl"), y.to("opencl")

    def step() -> float:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    step()  # the first step creates the optimizer state
    uploads: list[int] = []
    rt = runtime.runtime(0)
    original = rt.upload
    monkeypatch.setattr(rt, "upload", lambda host: uploads.append(len(host)) or original(host))
    before = pt.opencl.stats()
    step()
    after = pt.opencl.stats()
    assert after["to_host"] - before["to_host"] == 1  # loss.item(), nothing else
    # What goes up is Python numbers used in the step (lr, betas, eps as 0-dim tensors).
    assert uploads and max(uploads) == 1, uploads


DATA_DEPENDENT = [  # (op, transfers to the host): only a result size that depends on values
    (lambda x: tuple(pt.sort(x, 1, descending=True)), 0),
    (lambda x: tuple(x.sort(0)), 0),
    (lambda x: pt.argsort(x, 0, descending=True), 0),
    (lambda x: tuple(pt.topk(x, 3)), 0),
    (lambda x: tuple(x.topk(2, 0, largest=False)), 0),
    (lambda x: pt.unique(x), 1),
    (lambda x: pt.unique(x, return_inverse=True, return_counts=True), 1),
    (lambda x: pt.nonzero(x), 1),
    (lambda x: pt.nonzero(x > 0, as_tuple=True), 1),
    (lambda x: pt.masked_select(x, x > 0), 1),
    (lambda x: x[x > 0], 1),
    (lambda x: x[x[:, 0] > 0], 1),
]


@pytest.mark.parametrize("op,transfers", DATA_DEPENDENT)
def test_sorting_and_masks_run_on_the_device(op, transfers):
    """Sorting reads nothing back; nonzero, masks and unique read one number, the size of
    their result (as PyTorch's CUDA nonzero does). The results equal the host's."""
    pt.manual_seed(0)
    host = pt.randint(-2, 3, (6, 9)).float()  # ties everywhere
    host[1, 2] = host[4, 0] = host[4, 7] = math.nan
    device = host.to("opencl")
    before = pt.opencl.stats()["to_host"]
    got = op(device)
    assert pt.opencl.stats()["to_host"] - before == transfers
    got, expected = (r if isinstance(r, tuple) else (r,) for r in (got, op(host)))
    assert all(t.device.type == "opencl" for t in got)
    assert [repr(t.tolist()) for t in got] == [repr(t.tolist()) for t in expected]  # nan too


SAMPLERS = [  # (op on a probability tensor, flags it reads back to validate the input)
    (lambda p: pt.multinomial(p, 5, replacement=True), 2),
    (lambda p: pt.multinomial(p, 3), 2),
    (lambda p: pt.multinomial(p[0], 1), 2),
    (lambda p: pt.bernoulli(p / p.sum(-1, keepdim=True)), 1),
    (lambda p: pt.empty(4, 2, device=p.device).t().bernoulli_(p[:, :4] / 4), 1),
]


@pytest.mark.parametrize("op,transfers", SAMPLERS)
@pytest.mark.parametrize("dt", [pt.float32, pt.float64])
def test_samplers_draw_on_the_host_and_compute_on_the_device(op, transfers, dt):
    """The random numbers come from the host generator; the probabilities stay on the device
    (read back: only the validity flags). The draws equal the CPU path's, which equal torch's
    (tests/test_rng.py)."""
    probs = pt.tensor([[0.1, 0.0, 0.5, 0.4, 2.0], [1.0, 2.0, 3.0, 4.0, 0.5]], dtype=dt)
    device = probs.to("opencl")
    pt.manual_seed(3)
    before = pt.opencl.stats()["to_host"]
    got = op(device)
    assert pt.opencl.stats()["to_host"] - before == transfers
    pt.manual_seed(3)
    assert got.device.type == "opencl" and got.tolist() == op(probs).tolist()


# --- whole models ---------------------------------------------------------------------------


def _tiny_vgg():
    spec = importlib.util.spec_from_file_location("digits_cnn", ROOT / "examples/05_digits_cnn.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.TinyVGG


def _losses(make_model, make_optimizer, x, y, device, steps=5):
    pt.manual_seed(0)
    model = make_model().to(device)
    optimizer = make_optimizer(model.parameters())
    x, y = x.to(device), y.to(device)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses, [p.detach().cpu() for p in model.parameters()]


@pytest.mark.parametrize("name", ["mlp", "cnn"])
def test_digits_models_train_the_same_on_both_devices(name):
    x, y = _digits(128)
    if name == "mlp":
        make = lambda: nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))  # noqa: E731
        opt = lambda params: pt.optim.Adam(params, lr=1e-2)  # noqa: E731
    else:
        x = x.reshape(-1, 1, 8, 8)
        make = _tiny_vgg()
        opt = lambda params: pt.optim.SGD(params, lr=0.1, momentum=0.9)  # noqa: E731
    host_losses, host_params = _losses(make, opt, x, y, "cpu")
    device_losses, device_params = _losses(make, opt, x, y, "opencl")
    for a, b in zip(device_losses, host_losses):
        assert math.isclose(a, b, rel_tol=1e-4), (device_losses, host_losses)
    assert host_losses[-1] < host_losses[0]
    for p, q in zip(device_params, host_params):
        assert all(math.isclose(u, v, rel_tol=1e-3, abs_tol=1e-4)
                   for u, v in zip(p.reshape(-1).tolist(), q.reshape(-1).tolist()))  # fmt: skip


def test_kernel_sources_need_no_float64():
    """A device without float64 (many GPUs, Apple's) must build every float32 kernel: outside
    comments, the .cl files name no `double` and every float literal has an `f` suffix. (PoCL
    accepts both anyway, so this reads the sources rather than trusting a build here.)"""
    import re

    literal = re.compile(r"(?<![\w.])(\d+\.\d*|\.\d+|\d+(?=[eE]))([eE][-+]?\d+)?(?![\w.])")
    for path in sorted(runtime.KERNELS.glob("*.cl")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("//")[0]
            assert "double" not in code, f"{path.name}:{number}: {line.strip()}"
            assert not literal.search(code), f"{path.name}:{number}: unsuffixed literal: {line}"


def test_float32_kernels_build_without_cl_khr_fp64(monkeypatch):
    """With the device's float64 switched off, every float32 op still builds and runs (no
    fp64 pragma), and float64 tensors are refused with an error that names the device."""
    rt = runtime.runtime(0)
    monkeypatch.setattr(rt, "has_fp64", False)
    monkeypatch.setattr(rt, "programs", {})  # a fresh cache: build everything again
    monkeypatch.setattr(rt, "kernels", {})
    x = pt.tensor([[1.5, -2.0], [3.0, 0.25]], device="opencl")
    y = (x.exp() + x * 2 - x / 3).floor_divide(x) % 1.5
    z = (x @ x).sum(0).cumsum(0).max() + x.argmax() + x.to(pt.int64).sum()
    w = x.gather(1, pt.tensor([[0], [1]], device="opencl")).half().float()
    assert y.shape == (2, 2) and z.shape == () and w.shape == (2, 1)
    assert x.sort(1).values.tolist() == [[-2.0, 1.5], [0.25, 3.0]]
    with pytest.raises(RuntimeError, match="float64 is not supported"):
        x.double()


@pytest.mark.parametrize("name", ["cnn", "transformer_lstm"])
def test_conv_and_sequence_steps_copy_nothing_to_the_host_but_the_loss(name):
    pt.manual_seed(0)
    if name == "cnn":
        model = _tiny_vgg()().to("opencl")
        x = pt.randn(8, 1, 8, 8, device="opencl")
        y = pt.randint(0, 10, (8,), device="opencl")
        loss_of = lambda: F.cross_entropy(model(x), y)  # noqa: E731
    else:
        enc = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.1, batch_first=True).to("opencl")
        lstm = nn.LSTM(16, 16, batch_first=True).to("opencl")
        model = nn.ModuleList([enc, lstm])
        x = pt.randn(2, 5, 16, device="opencl")
        mask = nn.Transformer.generate_square_subsequent_mask(5).to("opencl")
        loss_of = lambda: enc(x, src_mask=mask, is_causal=True).square().mean() + lstm(x)[0].mean()  # noqa: E731
    optimizer = pt.optim.AdamW(model.parameters(), lr=1e-3)

    def step() -> float:
        optimizer.zero_grad()
        loss = loss_of()
        loss.backward()
        optimizer.step()
        return loss.item()

    step()
    before = pt.opencl.stats()["to_host"]
    step()
    assert pt.opencl.stats()["to_host"] - before == 1
