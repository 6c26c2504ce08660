"""Backends: where a device's kernels live. See base.py for the primitive seam."""

from __future__ import annotations

from .._device import device
from .base import Backend, View
from .reference import ReferenceBackend

_reference = ReferenceBackend()
_opencl: dict[int, Backend] = {}


def backend_for(d: device) -> Backend:
    """The backend that runs kernels for device `d`."""
    if d.type == "cpu":
        return _reference
    if d.type == "opencl":
        index = d.index or 0
        if index not in _opencl:
            from .opencl import OpenCLBackend  # pyopencl loads on first use, not at import

            _opencl[index] = OpenCLBackend(index)
        return _opencl[index]
    raise RuntimeError(f"no backend is available for device {d}")


__all__ = ["Backend", "View", "backend_for"]
