"""`pytensor.opencl`: the OpenCL device, as `torch.cuda` is the CUDA one.

>>> import pytensor
>>> if pytensor.opencl.is_available():
...     x = pytensor.ones(3, device="opencl")

Devices are numbered GPUs first; set PYTENSOR_OPENCL_DEVICE to choose (see
`backends/opencl/runtime.py`): `0:1` is device 1 of platform 0, and any other value keeps the
devices whose name or platform name contains it, such as `nvidia` or `pthread` (PoCL's CPU).

The examples below run with or without a device: each one checks `is_available()` first.
"""

from __future__ import annotations

from ._device import DeviceLike, as_device


def is_available() -> bool:
    """True when pyopencl is installed and at least one OpenCL device is found.

    The usual device line of a tutorial becomes
    `device = "opencl" if pytensor.opencl.is_available() else "cpu"`.

    Examples:
        >>> import pytensor
        >>> device = "opencl" if pytensor.opencl.is_available() else "cpu"
        >>> x = pytensor.ones(2, 3, device=device)
        >>> (x * 2).sum().item()
        12.0
    """
    return device_count() > 0


def device_count() -> int:
    """How many OpenCL devices there are (0 without pyopencl).

    The count honours PYTENSOR_OPENCL_DEVICE, and is found once per process.

    Examples:
        >>> import pytensor
        >>> (pytensor.opencl.device_count() > 0) == pytensor.opencl.is_available()
        True
    """
    try:
        from .backends.opencl.runtime import devices

        return len(devices())
    except RuntimeError:  # pyopencl is not installed
        return 0


def get_device_name(device: DeviceLike | int = None) -> str:
    """The name the driver gives device `device` (an index or "opencl:N"; default 0).

    Args:
        device: an index, a device or a string such as `"opencl:1"`; None for device 0.

    Raises:
        RuntimeError: when pyopencl is missing or there is no such device.
        ValueError: for a device that is not an OpenCL one.

    Examples:
        >>> import pytensor
        >>> if pytensor.opencl.is_available():
        ...     name = pytensor.opencl.get_device_name(0)    # "pthread-...", "NVIDIA ...", ...
        ... else:
        ...     name = "no OpenCL device"
        >>> isinstance(name, str)
        True
    """
    from .backends.opencl.runtime import runtime

    return str(runtime(_index(device)).device.name.strip())


def synchronize(device: DeviceLike | int = None) -> None:
    """Wait for every queued kernel on the device; raise what the kernels flagged.

    Kernels run asynchronously: an op returns before the device has computed its result, so
    call this before timing device code. The errors a kernel flags (an index out of range in a
    gather or scatter, an integer division by zero) are raised where the host next waits for
    the device: here, or at the next `.item()`, `.tolist()`, `.cpu()` or `print`, as CUDA
    reports a device-side assert.

    Args:
        device: an index, a device or a string such as `"opencl:1"`; None for device 0.

    Examples:
        >>> import pytensor
        >>> if pytensor.opencl.is_available():
        ...     y = pytensor.ones(1000, device="opencl") * 3
        ...     pytensor.opencl.synchronize()
    """
    from .backends.opencl.runtime import runtime

    runtime(_index(device)).synchronize()


def stats() -> dict[str, int]:
    """Counters since start: copies to_host and from_host, kernel launches, the device buffers
    alive now (live_buffers, live_bytes), and the bytes of dead tensors' buffers kept for reuse
    (cached_bytes, see `empty_cache`). The tests use them to prove that a training step moves
    no data to the host and that memory is returned.

    Returns:
        A copy of the counters, a dict with the keys `to_host`, `from_host`, `launches`,
        `live_buffers`, `live_bytes` and `cached_bytes`.

    Note:
        pytensor's own; the nearest in PyTorch is `torch.cuda.memory_allocated()`.

    Examples:
        >>> import pytensor
        >>> sorted(pytensor.opencl.stats())
        ['cached_bytes', 'from_host', 'launches', 'live_buffers', 'live_bytes', 'to_host']
        >>> if pytensor.opencl.is_available():
        ...     x = pytensor.ones(4, device="opencl")
        ...     before = pytensor.opencl.stats()["to_host"]
        ...     y = (x + 1).sum()                       # runs on the device
        ...     assert pytensor.opencl.stats()["to_host"] == before
    """
    from .backends.opencl.runtime import STATS

    return dict(STATS)


def empty_cache() -> None:
    """Give the buffers that the caching allocator keeps for reuse back to the driver, on every
    OpenCL device in use (as `torch.cuda.empty_cache()`; live tensors are not touched).

    A tensor's device buffer does not go back to the driver when the tensor dies: it waits in a
    pool for the next tensor of its size (pytensor/backends/opencl/runtime.py, `allocate`),
    which makes the many short-lived tensors of a training step cheap. The pool holds at most
    256 MiB.

    Examples:
        >>> import pytensor
        >>> if pytensor.opencl.is_available():
        ...     x = pytensor.ones(1000, device="opencl")
        ...     del x
        ...     pytensor.opencl.empty_cache()
        ...     assert pytensor.opencl.stats()["cached_bytes"] == 0
    """
    from .backends.opencl.runtime import _runtimes

    for rt in _runtimes.values():
        rt.empty_cache()


def _index(device: DeviceLike | int) -> int:
    if isinstance(device, int):
        return device
    d = as_device(device if device is not None else "opencl")
    if d.type != "opencl":
        raise ValueError(f"Expected an opencl device, but got: {d}")
    return d.index or 0


__all__ = [
    "device_count", "empty_cache", "get_device_name", "is_available", "stats", "synchronize",
]  # fmt: skip
