"""`torch.accelerator` as PyTorch's CPU build has it: no accelerator.

PyTorch's own tutorials now pick their device with
`torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"`.
Here that picks the CPU, as in PyTorch's CPU build; with PYTENSOR_CUDA=opencl (see
`pytensor.cuda`) the accelerator is the OpenCL device, reached as "cuda".

>>> import pytensor
>>> device = (pytensor.accelerator.current_accelerator().type
...           if pytensor.accelerator.is_available() else "cpu")
>>> pytensor.ones(2, device=device).device.type in ("cpu", "opencl")
True
"""

from __future__ import annotations

from . import _device, cuda
from ._device import DeviceLike

_NONE = "Cannot access accelerator device when none is available."  # PyTorch's words


def is_available() -> bool:
    """False, as in PyTorch's CPU build; with the opt-in, `pytensor.cuda.is_available()`."""
    return cuda.is_available()


def current_accelerator(check_available: bool = False) -> _device.device | None:
    """None, as in PyTorch's CPU build; with the opt-in (and a device), `device("cuda")`, which
    is then the OpenCL device 0."""
    return _device.device("cuda") if cuda.is_available() else None


def device_count() -> int:
    """0, as in PyTorch's CPU build; with the opt-in, `pytensor.cuda.device_count()`."""
    return cuda.device_count()


def current_device_index() -> int:
    """Raises PyTorch's RuntimeError without an accelerator; with the opt-in, 0."""
    if not cuda.is_available():
        raise RuntimeError(_NONE)
    return 0


def set_device_index(device: DeviceLike | int) -> None:
    """Raises PyTorch's RuntimeError without an accelerator; with the opt-in, see
    `pytensor.cuda.set_device`."""
    if not cuda.is_available():
        raise RuntimeError(_NONE)
    cuda.set_device(device)


def synchronize(device: DeviceLike | int = None) -> None:
    """Raises PyTorch's RuntimeError without an accelerator; with the opt-in, waits for the
    OpenCL device (`pytensor.cuda.synchronize`)."""
    if not cuda.is_available():
        raise RuntimeError(_NONE)
    cuda.synchronize(device)


__all__ = [
    "current_accelerator", "current_device_index", "device_count", "is_available",
    "set_device_index", "synchronize",
]  # fmt: skip
