"""`torch.cuda`, `torch.backends`, `torch.accelerator` and the default device, as course code
meets them: every call is made in installed PyTorch (a CPU build, the oracle) and in pytensor,
and both must return the same thing or raise the same error with the same message.

The opt-in that makes "cuda" mean the OpenCL device (PYTENSOR_CUDA=opencl) is tested at the end,
in a subprocess, on PoCL.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import torch

import pytensor as pt
import pytensor.nn as nn

ROOT = Path(__file__).resolve().parents[1]


def outcome(lib: Any, expression: str) -> tuple[str, str]:
    """What `expression` gives with `lib` as `torch`: ("value", repr) or (error type, message)."""
    try:
        value = eval(expression, {"torch": lib})
    except Exception as e:  # noqa: BLE001 (any error is an outcome to compare)
        return type(e).__name__, str(e)
    return "value", repr(value)


CPU_BUILD = [
    # torch.cuda: the queries answer, the seeding and memory calls are no-ops ...
    "torch.cuda.is_available()",
    "torch.cuda.device_count()",
    "torch.cuda.is_initialized()",
    "torch.cuda.manual_seed(0)",
    "torch.cuda.manual_seed_all(42)",
    "torch.cuda.seed()",
    "torch.cuda.seed_all()",
    "torch.cuda.empty_cache()",
    "torch.cuda.memory_allocated()",
    "torch.cuda.max_memory_allocated()",
    "torch.cuda.memory_reserved()",
    "torch.cuda.max_memory_reserved()",
    "torch.cuda.is_bf16_supported()",
    "torch.cuda.is_tf32_supported()",
    "torch.cuda.get_arch_list()",
    "torch.cuda.set_device(-1)",
    "torch.cuda.device(-1).__enter__()",
    # ... and whatever needs a device raises "Torch not compiled with CUDA enabled"
    "torch.cuda.current_device()",
    "torch.cuda.get_device_name()",
    "torch.cuda.get_device_name(0)",
    "torch.cuda.get_device_properties(0)",
    "torch.cuda.get_device_capability()",
    "torch.cuda.initial_seed()",
    "torch.cuda.synchronize()",
    "torch.cuda.mem_get_info()",
    "torch.cuda.init()",
    "torch.cuda.get_rng_state()",
    "torch.cuda.ipc_collect()",
    "torch.cuda.device(0).__enter__()",
    "torch.version.cuda",
    # torch.backends
    "torch.backends.cudnn.enabled",
    "torch.backends.cudnn.benchmark",
    "torch.backends.cudnn.deterministic",
    "torch.backends.cudnn.allow_tf32",
    "torch.backends.cudnn.is_available()",
    "torch.backends.cudnn.version()",
    "torch.backends.cuda.is_built()",
    "torch.backends.cuda.matmul.allow_tf32",
    "torch.backends.mps.is_available()",
    "torch.backends.mps.is_built()",
    # torch.accelerator
    "torch.accelerator.is_available()",
    "torch.accelerator.current_accelerator()",
    "torch.accelerator.device_count()",
    "torch.accelerator.current_device_index()",
    "torch.accelerator.synchronize()",
    # devices: "cuda" constructs, and is refused where a tensor would be placed on it
    "torch.device('cuda')",
    "torch.device('cuda:0')",
    "torch.device('cuda', 1)",
    "str(torch.device('cuda'))",
    "torch.device('cuda').index",
    "torch.device('cuda:0') == torch.device('cuda', 0)",
    "torch.device('cuda') == torch.device('cuda:0')",
    "torch.device('cuda', -1)",
    "torch.device('cuda:x')",
    "torch.zeros(2, device='cuda')",
    "torch.zeros(2, device=torch.device('cuda:0'))",
    "torch.tensor([1.0], device='cuda')",
    "torch.randn(2, device='cuda')",
    "torch.arange(3, device='cuda')",
    "torch.zeros(2).to('cuda')",
    "torch.zeros(2).to(device='cuda')",
    "torch.zeros(2).to('cuda', torch.float64)",
    "torch.zeros(2).cuda()",
    "torch.zeros(2).cuda('cuda:0')",
    "torch.zeros(2).cuda(0)",
    "torch.zeros(2).is_cuda",
    "torch.nn.Linear(2, 2).cuda()",
    "torch.nn.Linear(2, 2).cuda(0)",
    "torch.nn.Linear(2, 2).to('cuda')",
    "torch.get_default_device()",
    "torch.are_deterministic_algorithms_enabled()",
    "torch.is_deterministic_algorithms_warn_only_enabled()",
]


@pytest.mark.parametrize("expression", CPU_BUILD)
def test_as_a_cpu_build_of_torch(expression: str) -> None:
    assert outcome(pt, expression) == outcome(torch, expression)


def test_an_unknown_device_type_lists_the_types_pytensor_has() -> None:
    # PyTorch lists its twenty device types; pytensor names the three it can construct.
    with pytest.raises(RuntimeError, match="^Expected one of cpu, cuda, opencl device type at "
                                           "start of device string: tpu$"):  # fmt: skip
        pt.device("tpu")


def test_the_course_device_line() -> None:
    device = "cuda" if pt.cuda.is_available() else "cpu"
    model = nn.Linear(3, 1).to(device)
    assert model(pt.ones(2, 3, device=device)).device == pt.device("cpu")


@pytest.mark.parametrize("flag", ["enabled", "benchmark", "deterministic", "allow_tf32"])
def test_cudnn_flags_can_be_set(flag: str) -> None:
    before = getattr(pt.backends.cudnn, flag)
    try:
        setattr(pt.backends.cudnn, flag, not before)
        assert getattr(pt.backends.cudnn, flag) is (not before)
    finally:
        setattr(pt.backends.cudnn, flag, before)
    pt.backends.cuda.matmul.allow_tf32 = True
    pt.backends.cuda.matmul.allow_tf32 = False


def test_cuda_device_context_and_set_device_need_a_device() -> None:
    # torch's CPU build fails here with internal errors (AttributeError: torch._C has no
    # _cuda_setDevice); pytensor raises the error every other CUDA call raises.
    for call in (lambda: pt.cuda.set_device(0), pt.cuda.reset_peak_memory_stats):
        with pytest.raises(AssertionError, match="^Torch not compiled with CUDA enabled$"):
            call()


def test_deterministic_algorithms() -> None:
    for lib in (torch, pt):
        lib.use_deterministic_algorithms(True, warn_only=True)
        assert lib.are_deterministic_algorithms_enabled()
        assert lib.is_deterministic_algorithms_warn_only_enabled()
        lib.use_deterministic_algorithms(False)
        assert not lib.are_deterministic_algorithms_enabled()
        assert not lib.is_deterministic_algorithms_warn_only_enabled()


# --- automatic mixed precision: disabled, with PyTorch's warnings -----------------------------


AMP = [
    "torch.autocast('cuda')",
    "torch.autocast(device_type='cuda', dtype=torch.float16)",
    "torch.amp.autocast('cuda')",
    "torch.cuda.amp.autocast()",
    "torch.cuda.amp.autocast(enabled=False)",
    "torch.amp.GradScaler('cuda')",
    "torch.amp.GradScaler()",
    "torch.amp.GradScaler(enabled=False)",
    "torch.cuda.amp.GradScaler()",
    "torch.cuda.amp.GradScaler(enabled=False)",
]


def warned(lib: Any, expression: str) -> tuple[str, list[tuple[str, str]]]:
    """The outcome's kind (a value's type name, or the error) and the warnings given."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            kind = type(eval(expression, {"torch": lib})).__name__
        except Exception as e:  # noqa: BLE001
            kind = f"{type(e).__name__}: {e}"
    return kind, [(w.category.__name__, str(w.message)) for w in caught]


@pytest.mark.parametrize("expression", AMP)
def test_amp_as_a_cpu_build_of_torch(expression: str) -> None:
    assert warned(pt, expression) == warned(torch, expression)


def test_a_disabled_scaler_leaves_training_unchanged() -> None:
    results = []
    for lib in (torch, pt):
        lib.manual_seed(0)
        model = lib.nn.Linear(3, 1)
        optimizer = lib.optim.SGD(model.parameters(), lr=0.1)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            scaler = lib.amp.GradScaler("cuda")
            autocast = lib.autocast("cuda", dtype=lib.float16)
        x = lib.ones(4, 3)
        for _ in range(3):
            optimizer.zero_grad()
            with autocast as entered:
                assert entered is autocast
                assert not lib.is_autocast_enabled()
                loss = model(x).square().mean()
            scaled = scaler.scale(loss)
            assert scaled is loss
            scaled.backward()
            scaler.unscale_(optimizer)
            scaler.step(optimizer)
            scaler.update()
        state = (scaler.is_enabled(), scaler.get_scale(), scaler.state_dict())
        results.append((state, model.weight.tolist(), model.bias.tolist()))
    assert results[0] == results[1]


def test_autocast_as_a_decorator() -> None:
    for lib in (torch, pt):
        @lib.autocast("cuda", enabled=False)
        def double(x: int) -> int:
            return 2 * x

        assert double(3) == 6


def test_autocast_needs_a_device_type_string() -> None:
    with pytest.raises(ValueError, match="^Expected `device_type` of type `str`, got: `<class "):
        pt.autocast(pt.device("cuda"))  # type: ignore[arg-type]


def test_autocast_elsewhere_says_pytensor_has_no_mixed_precision() -> None:
    # PyTorch's CPU autocast really computes in bfloat16; pytensor keeps every dtype, and says so.
    with pytest.warns(UserWarning, match="pytensor has no automatic mixed precision"):
        pt.autocast("cpu", dtype=pt.float16)
    with pytest.warns(UserWarning, match="pytensor has no automatic mixed precision"):
        pt.amp.GradScaler("cpu")


# --- the default device ---------------------------------------------------------------------


def test_device_as_a_context_sets_the_default_device() -> None:
    for lib in (torch, pt):
        with lib.device("cpu") as d:
            assert d == lib.device("cpu")
            assert lib.get_default_device() == lib.device("cpu")
            assert lib.zeros(2).device == lib.device("cpu")
        with lib.device("cuda"):
            with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
                lib.zeros(2)
            with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
                lib.tensor([1.0])
            with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
                nn.Linear(2, 2) if lib is pt else torch.nn.Linear(2, 2)
        assert lib.get_default_device() == lib.device("cpu")
        assert lib.zeros(2).device == lib.device("cpu")


def test_set_default_device() -> None:
    for lib in (torch, pt):
        try:
            lib.set_default_device("cuda:1")
            assert repr(lib.get_default_device()) == "device(type='cuda', index=1)"
            with pytest.raises(AssertionError, match="Torch not compiled with CUDA enabled"):
                lib.ones(2)
            lib.set_default_device("cpu")
            assert lib.ones(2).device == lib.device("cpu")
        finally:
            lib.set_default_device(None)
        assert repr(lib.get_default_device()) == "device(type='cpu')"


def test_load_ignores_the_default_device() -> None:
    buffer = io.BytesIO()
    pt.save({"w": pt.ones(2)}, buffer)
    buffer.seek(0)
    with pt.device("cuda"):
        loaded = pt.load(buffer)
    assert loaded["w"].device == pt.device("cpu")


# --- the opt-in: "cuda" is the OpenCL device --------------------------------------------------


TRAIN = """
import pytensor as torch
import pytensor.nn as nn

def train(device):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.Tanh(), nn.Linear(8, 1))
    model = model.cuda() if device == "cuda" else model.to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(16, 4).to(device)
    y = torch.randn(16, 1, device=device)
    for _ in range(5):
        optimizer.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    return loss.item(), [p.cpu().tolist() for p in model.parameters()], x.device, x.is_cuda

device = "cuda" if torch.cuda.is_available() else "cpu"
assert device == "cuda"
torch.cuda.manual_seed_all(0)
assert torch.device("cuda") == torch.device("opencl:0") == torch.device("cuda:0")
assert torch.accelerator.is_available()
assert torch.cuda.device_count() == torch.opencl.device_count()
assert torch.cuda.get_device_name() == torch.opencl.get_device_name(0)
gpu_loss, gpu_params, gpu_device, gpu_is_cuda = train("cuda")
cpu_loss, cpu_params, cpu_device, cpu_is_cuda = train("cpu")
torch.cuda.synchronize()
assert (gpu_device, gpu_is_cuda, cpu_is_cuda) == (torch.device("opencl:0"), True, False)
assert abs(gpu_loss - cpu_loss) < 1e-5, (gpu_loss, cpu_loss)
for g, c in zip(gpu_params, cpu_params):
    assert torch.allclose(torch.tensor(g), torch.tensor(c), atol=1e-5)
with torch.device("cuda"):
    assert torch.zeros(2).device == torch.device("opencl:0")
print(torch.ones(1, device="cuda"))
"""


def test_opt_in_runs_cuda_code_on_opencl() -> None:
    if not pt.opencl.is_available():
        pytest.fail("no OpenCL device: pip install pyopencl pocl-binary-distribution")
    done = subprocess.run([sys.executable, "-c", TRAIN], capture_output=True, text=True,
                          env={**os.environ, "PYTENSOR_CUDA": "opencl"}, cwd=ROOT,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == "tensor([1.], device='opencl:0')\n"


def test_opt_in_at_runtime() -> None:
    if not pt.opencl.is_available():
        pytest.fail("no OpenCL device: pip install pyopencl pocl-binary-distribution")
    pt.cuda.use_opencl(True)
    try:
        assert pt.cuda.is_available()
        assert pt.device("cuda:0") == pt.device("opencl", 0)
        assert pt.ones(2).cuda().device == pt.device("opencl:0")
        with pytest.warns(UserWarning, match="pytensor has no automatic mixed precision"):
            pt.autocast("cuda")
    finally:
        pt.cuda.use_opencl(False)
    assert not pt.cuda.is_available()
    assert pt.device("cuda").type == "cuda"


def test_opt_in_rejects_an_unknown_value() -> None:
    done = subprocess.run([sys.executable, "-c", "import pytensor"], capture_output=True,
                          text=True, env={**os.environ, "PYTENSOR_CUDA": "rocm"}, cwd=ROOT,
                          timeout=120)  # fmt: skip
    assert done.returncode != 0
    assert "PYTENSOR_CUDA" in done.stderr
