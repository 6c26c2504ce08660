"""Devices: "cpu" (the reference backend) and "opencl:N"."""

from __future__ import annotations

from typing import Protocol, Union


class device:
    """`pytensor.device("cpu")`, `device("opencl:0")` or `device("opencl", 0)`."""

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
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))


DeviceLike = Union[str, device, None]

CPU = device("cpu")


def as_device(d: DeviceLike) -> device:
    return CPU if d is None else d if isinstance(d, device) else device(d)


class _OnDevice(Protocol):
    @property
    def device(self) -> device: ...


def same_device(*tensors: _OnDevice) -> None:
    """PyTorch's error when the tensors of one op live on different devices."""
    first = tensors[0].device
    for t in tensors[1:]:
        if t.device != first:
            raise RuntimeError(
                "Expected all tensors to be on the same device, but found at least two "
                f"devices, {first} and {t.device}!"
            )
