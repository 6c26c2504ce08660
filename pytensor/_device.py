"""Devices: "cpu" (the reference backend) and "opencl:N".

>>> import pytensor
>>> pytensor.device("opencl:1"), str(pytensor.device("cpu"))
(device(type='opencl', index=1), 'cpu')
"""

from __future__ import annotations

from typing import Protocol, Union


class device:
    """`pytensor.device("cpu")`, `device("opencl:0")` or `device("opencl", 0)`.

    Creating a device object does not need the device to exist: tensors are placed on it with
    `device=` or `.to(...)`, and that is when the OpenCL runtime starts.

    Args:
        type: `"cpu"` or `"opencl"`, optionally with `":N"`; or another `device` (copied).
        index: the device number; an OpenCL device without one is device 0.

    Attributes:
        type: `"cpu"` or `"opencl"`.
        index: the device number, or None for the CPU.

    Raises:
        RuntimeError: for any other type, such as `"cuda"` (worded as PyTorch's error).

    Note:
        There is no `"cuda"` and no `"mps"`: `"opencl"` is pytensor's accelerator (see
        `pytensor.opencl`). `device("opencl")` gets index 0 at once, where PyTorch's
        `device("cuda")` keeps index None (the current device).

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
            index = int(number)
        if name not in ("cpu", "opencl"):
            raise RuntimeError(
                f"Expected one of cpu, opencl device type at start of device string: {name}"
            )
        if name == "opencl" and index is None:
            index = 0
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


DeviceLike = Union[str, device, None]

CPU = device("cpu")


def as_device(d: DeviceLike) -> device:
    """A `device` from None (the CPU), a string or a device.

    Examples:
        >>> from pytensor._device import as_device
        >>> as_device(None), as_device("opencl:2")
        (device(type='cpu'), device(type='opencl', index=2))
    """
    return CPU if d is None else d if isinstance(d, device) else device(d)


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
