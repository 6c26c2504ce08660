"""Backends: where a device's kernels live. See base.py for the primitive seam.

This package has a second, smaller role: it is also `torch.backends` for course code, so
`pytensor.backends.cudnn.benchmark = True` and `pytensor.backends.mps.is_available()` work
(cudnn.py, cuda.py and mps.py hold those flags and answers; no kernels). The name is shared
because code written for PyTorch says `torch.backends.cudnn`, and a learner's `import pytensor
as torch` must find it where PyTorch keeps it.
"""

from __future__ import annotations

import os
import sys

from .._device import NOT_COMPILED, device
from .base import Backend, View
from .loops import LoopBackend
from .reference import ReferenceBackend

_reference = ReferenceBackend()
_loops = LoopBackend()
_opencl: dict[int, Backend] = {}


def _kernels_setting(value: str | None) -> str | None:
    """PYTENSOR_KERNELS: "loops" or "fast" pins the CPU kernels; unset lets them be chosen."""
    if value is None or value == "":
        return None
    if value not in ("loops", "fast"):
        raise ValueError(f"PYTENSOR_KERNELS must be 'loops' or 'fast', not {value!r}")
    return value


_KERNELS = _kernels_setting(os.environ.get("PYTENSOR_KERNELS"))
# sys.monitoring (3.12+) is how newer debuggers watch a program without sys.settrace.
_monitoring: object = getattr(sys, "monitoring", None)


def _debugger_attached() -> bool:
    """Whether a debugger watches through sys.monitoring (3.12+) rather than sys.settrace."""
    if _monitoring is None:
        return False
    tool: object = _monitoring.get_tool(_monitoring.DEBUGGER_ID)  # type: ignore[attr-defined]
    return tool is not None


def backend_for(d: device) -> Backend:
    """The backend that runs kernels for device `d`.

    On the CPU, two backends compute the same bits (tests/test_loops_parity.py): the loops in
    loops.py, one element at a time, while a debugger or tracer (pdb, an IDE, coverage) watches,
    so that stepping into `a + b` reaches the two numbers being added; reference.py's fast path
    otherwise. PYTENSOR_KERNELS=loops|fast pins one. Watching a program never changes it.
    """
    if d.type == "cpu":
        if _KERNELS is not None:
            return _loops if _KERNELS == "loops" else _reference
        if sys.gettrace() is not None:
            return _loops
        if _monitoring is not None and _debugger_attached():  # (no call at all before 3.12)
            return _loops
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
