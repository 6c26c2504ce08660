"""Backends: where a device's kernels live. See base.py for the primitive seam."""

from __future__ import annotations

from .._device import device
from .base import Backend, View
from .reference import ReferenceBackend

_reference = ReferenceBackend()


def backend_for(d: device) -> Backend:
    """The backend that runs kernels for device `d`."""
    if d.type == "cpu":
        return _reference
    raise RuntimeError(f"no backend is available for device {d}")


__all__ = ["Backend", "View", "backend_for"]
