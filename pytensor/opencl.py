"""`pytensor.opencl`: the OpenCL device, as `torch.cuda` is the CUDA one.

>>> import pytensor
>>> if pytensor.opencl.is_available():
...     x = pytensor.ones(3, device="opencl")

Devices are numbered GPUs first; set PYTENSOR_OPENCL_DEVICE to choose (see
`backends/opencl/runtime.py`): `0:1` is device 1 of platform 0, and any other value keeps the
devices whose name or platform name contains it, such as `nvidia` or `pthread` (PoCL's CPU).
"""

from __future__ import annotations

from ._device import DeviceLike, as_device


def is_available() -> bool:
    """True when pyopencl is installed and at least one OpenCL device is found."""
    return device_count() > 0


def device_count() -> int:
    """How many OpenCL devices there are (0 without pyopencl)."""
    try:
        from .backends.opencl.runtime import devices

        return len(devices())
    except RuntimeError:  # pyopencl is not installed
        return 0


def get_device_name(device: DeviceLike | int = None) -> str:
    """The name the driver gives device `device` (an index or "opencl:N"; default 0)."""
    from .backends.opencl.runtime import runtime

    return str(runtime(_index(device)).device.name.strip())


def synchronize(device: DeviceLike | int = None) -> None:
    """Wait for every queued kernel on the device; raise what the kernels flagged."""
    from .backends.opencl.runtime import runtime

    runtime(_index(device)).synchronize()


def stats() -> dict[str, int]:
    """Counters since start: copies to_host and from_host, kernel launches, and the device
    buffers alive now (live_buffers, live_bytes). The tests use them to prove that a training
    step moves no data to the host and that memory is returned."""
    from .backends.opencl.runtime import STATS

    return dict(STATS)


def _index(device: DeviceLike | int) -> int:
    if isinstance(device, int):
        return device
    d = as_device(device if device is not None else "opencl")
    if d.type != "opencl":
        raise ValueError(f"Expected an opencl device, but got: {d}")
    return d.index or 0


__all__ = ["device_count", "get_device_name", "is_available", "stats", "synchronize"]
