"""`torch.use_deterministic_algorithms` and the two queries that read it back.

pytensor has no nondeterministic kernel to swap for a deterministic one (the reference loops
run in a fixed order, and the OpenCL scatter avoids atomics for that reason), so the setting is
only recorded: course code that asks for reproducibility runs, and reads back what it set.

>>> import pytensor
>>> pytensor.use_deterministic_algorithms(True)
>>> pytensor.are_deterministic_algorithms_enabled()
True
>>> pytensor.use_deterministic_algorithms(False)
"""

from __future__ import annotations

_enabled = False
_warn_only = False


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Record whether deterministic algorithms are asked for (pytensor's always are)."""
    global _enabled, _warn_only
    _enabled, _warn_only = bool(mode), bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    """What `use_deterministic_algorithms` set last (False at start, as in PyTorch)."""
    return _enabled


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    """The `warn_only` of the last `use_deterministic_algorithms(True, ...)`."""
    return _warn_only
