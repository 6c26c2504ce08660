"""Size: the tuple subclass that `Tensor.shape` returns."""

from __future__ import annotations

import math
from typing import Any, SupportsIndex, overload

from ._namespace import prefix


class Size(tuple[int, ...]):
    """A tensor's shape, printed as `pytensor.Size([2, 3])`.

    A tuple of ints: index it, unpack it, compare it with tuples. Slicing and `+` give a
    `Size` again, as in PyTorch.

    Examples:
        >>> import pytensor
        >>> s = pytensor.zeros(2, 3, 4).shape
        >>> s, s[1:], s == (2, 3, 4)
        (pytensor.Size([2, 3, 4]), pytensor.Size([3, 4]), True)
        >>> batch, *rest = s
        >>> rest
        [3, 4]
    """

    def __repr__(self) -> str:
        return f"{prefix()}.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        """The number of elements a tensor of this shape holds: the product of the sizes.

        Examples:
            >>> import pytensor
            >>> pytensor.Size([2, 3]).numel(), pytensor.Size([]).numel()
            (6, 1)
        """
        return math.prod(self)

    @overload
    def __getitem__(self, key: SupportsIndex) -> int: ...

    @overload
    def __getitem__(self, key: slice) -> Size: ...

    def __getitem__(self, key: SupportsIndex | slice) -> int | Size:
        if isinstance(key, slice):
            return Size(super().__getitem__(key))  # shape[1:] stays a Size
        return super().__getitem__(key)

    def __add__(self, other: Any) -> Size:
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other: Any) -> Size:
        return Size(tuple(other) + tuple(self))
