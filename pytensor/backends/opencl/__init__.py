"""The OpenCL backend: `runtime.py` (devices, buffers, program cache), `backend.py` (one method
per primitive, each a kernel launch), `expressions.py` (the C expression of every op name) and
the kernel sources in `kernels/*.cl`. Importing this package does not import pyopencl."""

from __future__ import annotations

from .backend import OpenCLBackend

__all__ = ["OpenCLBackend"]
