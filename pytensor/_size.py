"""Size: the tuple subclass that `Tensor.shape` returns."""

from __future__ import annotations

import math


class Size(tuple[int, ...]):
    """A tensor's shape, printed as `pytensor.Size([2, 3])`."""

    def __repr__(self) -> str:
        return f"pytensor.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        return math.prod(self)
