"""`torch.backends.cuda` as PyTorch's CPU build has it: settable flags and no CUDA.

Not a kernel backend (there is none for CUDA; see this package's docstring). Courses set
`torch.backends.cuda.matmul.allow_tf32 = True` for speed on Ampere GPUs; the flag changes
nothing here and reads back what was set. The defaults are PyTorch's.

>>> import pytensor
>>> pytensor.backends.cuda.matmul.allow_tf32, pytensor.backends.cuda.is_built()
(False, False)
"""

from __future__ import annotations


class _MatmulFlags:
    """`torch.backends.cuda.matmul`: the cuBLAS flags (they change nothing in pytensor)."""

    def __init__(self) -> None:
        self.allow_tf32: bool = False
        self.allow_fp16_reduced_precision_reduction: bool = True
        self.allow_bf16_reduced_precision_reduction: bool = True


matmul = _MatmulFlags()


def is_built() -> bool:
    """False, as in a PyTorch build without CUDA (see `pytensor.cuda` for the opt-in that runs
    CUDA code on OpenCL)."""
    return False


__all__ = ["is_built", "matmul"]
