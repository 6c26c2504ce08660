"""`torch.backends.mps` as PyTorch's CPU build has it: no Apple GPU.

Courses write `"mps" if torch.backends.mps.is_available() else "cpu"`; both answers are False,
so that line picks the CPU.

>>> import pytensor
>>> pytensor.backends.mps.is_available(), pytensor.backends.mps.is_built()
(False, False)
"""

from __future__ import annotations


def is_available() -> bool:
    """False: pytensor has no MPS device (its accelerator is OpenCL, see `pytensor.opencl`)."""
    return False


def is_built() -> bool:
    """False, as in a PyTorch build without MPS."""
    return False


__all__ = ["is_available", "is_built"]
