"""Backends: where a device's kernels live. See base.py for the primitive seam.

This package has a second, smaller role: it is also `torch.backends` for course code, so
`pytensor.backends.cudnn.benchmark = True` and `pytensor.backends.mps.is_available()` work
(cudnn.py, cuda.py and mps.py hold those flags and answers; no kernels). The name is shared
because code written for PyTorch says `torch.backends.cudnn`, and a learner's `import pytensor
as torch` must find it where PyTorch keeps it.
"""

from __future__ import annotations

from .._device import NOT_COMPILED, device
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
    if d.type == "cuda":  # a device PyTorch's CPU build constructs but never places a tensor on
        raise AssertionError(NOT_COMPILED)
    raise RuntimeError(f"no backend is available for device {d}")


# The torch.backends flags, imported here as PyTorch imports them with torch.backends.
from . import cuda, cudnn, mps  # noqa: E402

__all__ = ["Backend", "View", "backend_for", "cuda", "cudnn", "mps"]
