"""Devices: "cpu" (the reference backend), "opencl:N", and "cuda" as PyTorch's CPU build has it.

Without a GPU build, PyTorch still constructs `torch.device("cuda")`; placing a tensor there
raises `AssertionError: Torch not compiled with CUDA enabled`. pytensor does the same (the error
comes from `backends.backend_for`), so course code that tests `torch.cuda.is_available()` first
runs unchanged on the CPU.

Beyond PyTorch, one setting makes "cuda" mean the OpenCL device: the environment variable
PYTENSOR_CUDA=opencl, read at import, or `pytensor.cuda.use_opencl()` at run time. Then
`device("cuda")` and `device("cuda:N")` are built as `device("opencl", N)` (index 0 when none is
given), so a CUDA-written tutorial moves its model to the GPU without an edit; its tensors then
print `device='opencl:0'` where PyTorch prints `device='cuda:0'`.

The default device of the factories (`set_default_device`, `with device(...)`) lives here too.

>>> import pytensor
>>> pytensor.device("opencl:1"), str(pytensor.device("cpu"))
(device(type='opencl', index=1), 'cpu')
"""

from __future__ import annotations

import os
from types import TracebackType
from typing import Protocol, Union

NOT_COMPILED = "Torch not compiled with CUDA enabled"  # PyTorch's words, which courses search for


def _cuda_setting() -> bool:
    value = os.environ.get("PYTENSOR_CUDA", "")
    if value not in ("", "opencl"):
        raise ValueError(f"PYTENSOR_CUDA must be unset or 'opencl', got {value!r}")
    return value == "opencl"


# Whether "cuda" names the OpenCL device (the opt-in); `pytensor.cuda.use_opencl` switches it.
cuda_is_opencl: bool = _cuda_setting()


class device:
    """`pytensor.device("cpu")`, `device("opencl:0")` or `device("opencl", 0)`.

    Creating a device object does not need the device to exist: tensors are placed on it with
    `device=` or `.to(...)`, and that is when the OpenCL runtime starts.

    As a context manager it sets the default device of the factories inside the block, as in
    PyTorch 2.x (see `set_default_device`).

    Args:
        type: `"cpu"`, `"opencl"` or `"cuda"`, optionally with `":N"`; or another `device`.
        index: the device number; an OpenCL device without one is device 0.

    Attributes:
        type: `"cpu"`, `"opencl"` or `"cuda"`.
        index: the device number, or None for the CPU (and for a plain `"cuda"`).

    Raises:
        RuntimeError: for any other type, a malformed string or a negative index (worded as
            PyTorch's errors).

    Note:
        `"opencl"` is pytensor's accelerator (see `pytensor.opencl`). A `"cuda"` device can be
        made but holds no tensor, as in PyTorch's CPU build, unless PYTENSOR_CUDA=opencl makes
        it the OpenCL device (see the module docstring). There is no `"mps"`.
        `device("opencl")` gets index 0 at once, where PyTorch's `device("cuda")` keeps index
        None (the current device).

    Examples:
        >>> import pytensor
        >>> pytensor.device("opencl"), pytensor.device("opencl", 1).index
        (device(type='opencl', index=0), 1)
        >>> pytensor.zeros(2).device == pytensor.device("cpu")
        True
    """

    def __init__(self, type: str | device, index: int | None = None) -> None:  # noqa: A002
        if isinstance(type, device):
            name, index = type.type, type.index
        else:
            name = type
        if ":" in name:
            name, _, number = name.partition(":")
            if not number.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}'")
            index = int(number)
        if name not in ("cpu", "opencl", "cuda"):
            raise RuntimeError(
                f"Expected one of cpu, cuda, opencl device type at start of device string: {name}"
            )
        if index is not None and index < 0:
            raise RuntimeError("Device index must not be negative")
        if name == "cuda" and cuda_is_opencl:
            name = "opencl"
        if name == "opencl" and index is None:
            index = 0
        self._previous: list[device] = []  # the defaults that `with` blocks replaced
        self.type: str = name
        self.index: int | None = index

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __eq__(self, other: object) -> bool:
        if other is self:  # the usual case: tensors share their device object
            return True
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __enter__(self) -> device:
        global _default
        self._previous.append(_default)  # a stack, so one device object can nest in itself
        _default = self
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        global _default
        _default = self._previous.pop()


DeviceLike = Union[str, device, None]

CPU = device("cpu")
_default: device = CPU  # where factories put a tensor when no device is given


def as_device(d: DeviceLike) -> device:
    """A `device` from None (the default device, normally the CPU), a string or a device.

    Examples:
        >>> from pytensor._device import as_device
        >>> as_device(None), as_device("opencl:2")
        (device(type='cpu'), device(type='opencl', index=2))
    """
    if d is None:
        return _default
    return d if isinstance(d, device) else device(d)


def set_default_device(d: DeviceLike) -> None:
    """Make the factories (`zeros`, `tensor`, `randn`, the layers' parameters...) put their
    tensors on `d` when no `device=` is given; None restores the CPU.

    Examples:
        >>> import pytensor
        >>> pytensor.set_default_device("cpu")
        >>> pytensor.get_default_device()
        device(type='cpu')
    """
    global _default
    _default = CPU if d is None else as_device(d)


def get_default_device() -> device:
    """The device the factories use when no `device=` is given.

    Raises:
        AssertionError: for a plain "cuda" default without the opt-in (as PyTorch's CPU build,
            which asks CUDA for its current device here).

    Examples:
        >>> import pytensor
        >>> with pytensor.device("cpu"):
        ...     print(pytensor.get_default_device())
        cpu
    """
    if _default.type == "cuda" and _default.index is None:
        raise AssertionError(NOT_COMPILED)
    return _default


def cuda_device(d: DeviceLike | int = None) -> device:
    """The device that `.cuda(d)` moves to: "cuda", "cuda:N" or the device given.

    Raises:
        RuntimeError: for an index without the opt-in (PyTorch's CPU build asks its accelerator
            first, and has none); a plain "cuda" raises its AssertionError where it is used.
    """
    if isinstance(d, int):
        if not cuda_is_opencl:
            raise RuntimeError("Cannot access accelerator device when none is available.")
        return device("cuda", d)
    return device("cuda") if d is None else as_device(d)


class _OnDevice(Protocol):
    @property
    def device(self) -> device: ...


def same_device(*tensors: _OnDevice) -> None:
    """PyTorch's error when the tensors of one op live on different devices.

    Args:
        *tensors: objects with a `.device`; all must be on the first one's device.

    Raises:
        RuntimeError: naming the first two devices that differ.
    """
    first = tensors[0].device
    for t in tensors[1:]:
        if t.device != first:
            raise RuntimeError(
                "Expected all tensors to be on the same device, but found at least two "
                f"devices, {first} and {t.device}!"
            )
