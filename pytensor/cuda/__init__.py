"""`torch.cuda` as PyTorch's CPU build has it, or, on request, as the OpenCL device.

Nearly every course opens with `device = "cuda" if torch.cuda.is_available() else "cpu"`,
seeds with `torch.cuda.manual_seed_all(...)` or calls `.cuda()`. Without a GPU build, PyTorch
answers the queries (`is_available()` is False, `device_count()` is 0), treats seeding and
cache calls as no-ops, and raises `AssertionError: Torch not compiled with CUDA enabled` where a
device is needed. Each function below does what PyTorch 2.13's CPU build does.

Beyond PyTorch: with PYTENSOR_CUDA=opencl in the environment (read at import) or after
`use_opencl()`, "cuda" is the OpenCL device, and the same functions answer for it. A CUDA-written
tutorial then trains on the GPU unchanged. What prints differently: tensors show
`device='opencl:0'` (not `'cuda:0'`), `torch.device("cuda")` is `device(type='opencl', index=0)`,
and `get_device_name()` is the OpenCL driver's name for the device.

>>> import pytensor
>>> device = "cuda" if pytensor.cuda.is_available() else "cpu"
>>> pytensor.cuda.manual_seed_all(0)
>>> pytensor.ones(2, device=device).sum().item()
2.0
"""

from __future__ import annotations

from types import TracebackType
from typing import Any, NamedTuple

from .. import _device, opencl
from .._device import NOT_COMPILED, DeviceLike
from . import amp

# Where the builds differ: without the opt-in these raise; with it they ask the OpenCL device.


def use_opencl(enabled: bool = True) -> None:
    """Make "cuda" mean the OpenCL device (or, with False, PyTorch's CPU-build behaviour again).

    The same as starting Python with PYTENSOR_CUDA=opencl. Devices made before the switch keep
    their type.

    Examples:
        >>> import pytensor
        >>> pytensor.cuda.use_opencl(False)
        >>> pytensor.device("cuda")
        device(type='cuda')
    """
    _device.cuda_is_opencl = enabled


def _check() -> None:
    if not _device.cuda_is_opencl:
        raise AssertionError(NOT_COMPILED)


def _index(device: DeviceLike | int = None) -> int:
    """The OpenCL device number that `device` (an int, "cuda:N", a device or None) names."""
    if isinstance(device, int):
        return device
    if device is None:
        return 0
    return _device.as_device(device).index or 0


# --- queries ----------------------------------------------------------------------------------


def is_available() -> bool:
    """False, as in PyTorch's CPU build; with the opt-in, whether an OpenCL device exists."""
    return _device.cuda_is_opencl and opencl.is_available()


def device_count() -> int:
    """0, as in PyTorch's CPU build; with the opt-in, the number of OpenCL devices."""
    return opencl.device_count() if _device.cuda_is_opencl else 0


def is_initialized() -> bool:
    """False, as in PyTorch's CPU build; with the opt-in, `is_available()`."""
    return is_available()


def init() -> None:
    """Raises the CPU build's AssertionError; with the opt-in, nothing to do."""
    _check()


def current_device() -> int:
    """Raises the CPU build's AssertionError; with the opt-in, 0 (pytensor keeps no current
    device: "cuda" is OpenCL device 0)."""
    _check()
    return 0


def set_device(device: DeviceLike | int) -> None:
    """A negative index does nothing, as in PyTorch; otherwise the CPU build's AssertionError
    (PyTorch's own CPU build fails here with an internal AttributeError). With the opt-in only
    device 0 can be chosen, since "cuda" always means OpenCL device 0; use "cuda:N" for others.

    Raises:
        ValueError: for None, as PyTorch.
    """
    if device is None:
        raise ValueError(
            "Expected a torch.device with a specified index or an integer, but got:None"
        )
    index = _index(device)
    if index < 0:
        return
    _check()
    if index != 0:
        raise ValueError(f'"cuda" is OpenCL device 0 in pytensor; write "cuda:{index}" instead')


def get_device_name(device: DeviceLike | int = None) -> str:
    """Raises the CPU build's AssertionError; with the opt-in, the OpenCL driver's name for the
    device (such as "NVIDIA GeForce RTX 3060", or "pthread-..." for PoCL's CPU device)."""
    _check()
    return opencl.get_device_name(_index(device))


class _DeviceProperties(NamedTuple):
    """The fields of PyTorch's `_CudaDeviceProperties` that courses print, from OpenCL."""

    name: str
    total_memory: int
    multi_processor_count: int


def get_device_properties(device: DeviceLike | int = None) -> _DeviceProperties:
    """Raises the CPU build's AssertionError; with the opt-in, the device's name, global memory
    in bytes and compute units (what CUDA calls multiprocessors)."""
    _check()
    from ..backends.opencl.runtime import runtime

    cl_device = runtime(_index(device)).device
    name = str(cl_device.name.strip())
    return _DeviceProperties(name, int(cl_device.global_mem_size), int(cl_device.max_compute_units))


def get_device_capability(device: DeviceLike | int = None) -> tuple[int, int]:
    """Raises the CPU build's AssertionError; with the opt-in, (0, 0): an OpenCL device has no
    CUDA compute capability, and (0, 0) sends checks such as `>= (8, 0)` down the plain path."""
    _check()
    return (0, 0)


def get_arch_list() -> list[str]:
    """[]: no CUDA architectures were compiled in."""
    return []


def is_bf16_supported(including_emulation: bool = True) -> bool:
    """False, so that mixed-precision course code keeps float32."""
    return False


def is_tf32_supported() -> bool:
    """False: TF32 is an NVIDIA tensor-core format."""
    return False


# --- random numbers ---------------------------------------------------------------------------
# pytensor draws the numbers of every device on the host, from the default generator (see
# random.py), so there is no CUDA generator to seed: `pytensor.manual_seed` seeds them all.


def manual_seed(seed: int) -> None:
    """Does nothing, as in PyTorch's CPU build (and with the opt-in: see `pytensor.manual_seed`)."""


def manual_seed_all(seed: int) -> None:
    """Does nothing, as in PyTorch's CPU build (and with the opt-in: see `pytensor.manual_seed`)."""


def seed() -> None:
    """Does nothing, as in PyTorch's CPU build."""


def seed_all() -> None:
    """Does nothing, as in PyTorch's CPU build."""


def initial_seed() -> int:
    """Raises the CPU build's AssertionError; with the opt-in, `pytensor.initial_seed()` (the
    generator that draws for the device)."""
    _check()
    from .. import random

    return random.initial_seed()


def get_rng_state(device: DeviceLike | int = "cuda") -> Any:
    """Raises the CPU build's AssertionError; with the opt-in, `pytensor.get_rng_state()`."""
    _check()
    import pytensor  # the package, which imports this module

    return pytensor.get_rng_state()


def set_rng_state(new_state: Any, device: DeviceLike | int = "cuda") -> None:
    """Does nothing, as in PyTorch's CPU build; with the opt-in, `pytensor.set_rng_state`."""
    if _device.cuda_is_opencl:
        import pytensor

        pytensor.set_rng_state(new_state)


# --- synchronising and memory -----------------------------------------------------------------


def synchronize(device: DeviceLike | int = None) -> None:
    """Raises the CPU build's AssertionError; with the opt-in, `pytensor.opencl.synchronize`."""
    _check()
    opencl.synchronize(_index(device))


def empty_cache() -> None:
    """Does nothing, as in PyTorch's CPU build; with the opt-in, `pytensor.opencl.empty_cache`."""
    if _device.cuda_is_opencl:
        opencl.empty_cache()


def ipc_collect() -> None:
    """Raises the CPU build's AssertionError; with the opt-in, nothing to do."""
    _check()


def memory_allocated(device: DeviceLike | int = None) -> int:
    """0, as in PyTorch's CPU build; with the opt-in, the bytes of live OpenCL tensors (all
    devices together)."""
    return opencl.stats()["live_bytes"] if _device.cuda_is_opencl else 0


def max_memory_allocated(device: DeviceLike | int = None) -> int:
    """0, as in PyTorch's CPU build; with the opt-in, `memory_allocated()`: pytensor keeps no
    peak, so this is the current count."""
    return memory_allocated(device)


def memory_reserved(device: DeviceLike | int = None) -> int:
    """0, as in PyTorch's CPU build; with the opt-in, live bytes plus those the caching
    allocator keeps for reuse."""
    if not _device.cuda_is_opencl:
        return 0
    stats = opencl.stats()
    return stats["live_bytes"] + stats["cached_bytes"]


def max_memory_reserved(device: DeviceLike | int = None) -> int:
    """0, as in PyTorch's CPU build; with the opt-in, `memory_reserved()` (no peak is kept)."""
    return memory_reserved(device)


def reset_peak_memory_stats(device: DeviceLike | int = None) -> None:
    """The CPU build's AssertionError (PyTorch's own fails with an internal AttributeError);
    with the opt-in, nothing to reset."""
    _check()


def mem_get_info(device: DeviceLike | int = None) -> tuple[int, int]:
    """Raises the CPU build's AssertionError; with the opt-in, (free, total) bytes, where free
    is an estimate: OpenCL reports only the total, and pytensor subtracts what it holds."""
    total = get_device_properties(device).total_memory
    return total - memory_reserved(device), total


class device:
    """`with torch.cuda.device(i):`, selecting the current CUDA device for a block.

    Entering raises the CPU build's RuntimeError unless the index is negative; with the opt-in,
    device 0 (the only "cuda" device pytensor has) enters and does nothing.
    """

    def __init__(self, device: DeviceLike | int) -> None:
        self.idx = _index(device)

    def __enter__(self) -> None:
        if self.idx < 0 or (_device.cuda_is_opencl and self.idx == 0):
            return
        if _device.cuda_is_opencl:
            raise ValueError(f'"cuda" is OpenCL device 0 in pytensor; write "cuda:{self.idx}"')
        raise RuntimeError("PyTorch was compiled without CUDA support")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None


__all__ = [
    "amp", "device", "device_count", "empty_cache", "get_arch_list", "get_device_capability",
    "get_device_name", "get_device_properties", "get_rng_state", "init", "initial_seed",
    "ipc_collect", "is_available", "is_bf16_supported", "is_initialized", "is_tf32_supported",
    "manual_seed", "manual_seed_all", "max_memory_allocated", "max_memory_reserved",
    "mem_get_info", "memory_allocated", "memory_reserved", "reset_peak_memory_stats", "seed",
    "seed_all", "set_device", "set_rng_state", "synchronize", "use_opencl",
]  # fmt: skip
