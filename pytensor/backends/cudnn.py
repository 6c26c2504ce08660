"""`torch.backends.cudnn` as PyTorch's CPU build has it: flags that can be set and read, and
no cuDNN.

Courses set these for speed or reproducibility (`cudnn.benchmark = True`,
`cudnn.deterministic = True`). pytensor has no cuDNN, so the flags change nothing; they are
kept so that the lines run and read back what was set. The defaults are PyTorch's.

>>> import pytensor
>>> pytensor.backends.cudnn.deterministic = True
>>> pytensor.backends.cudnn.deterministic, pytensor.backends.cudnn.is_available()
(True, False)
>>> pytensor.backends.cudnn.deterministic = False
"""

from __future__ import annotations

enabled: bool = True
benchmark: bool = False
benchmark_limit: int | None = None  # None in a CPU build (10 where cuDNN is present)
deterministic: bool = False
allow_tf32: bool = True


def is_available() -> bool:
    """False: there is no cuDNN (as in PyTorch's CPU build)."""
    return False


def version() -> int | None:
    """None: there is no cuDNN (as in PyTorch's CPU build)."""
    return None


__all__ = [
    "allow_tf32", "benchmark", "benchmark_limit", "deterministic", "enabled", "is_available",
    "version",
]  # fmt: skip
