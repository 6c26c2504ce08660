"""PyTorch names that are deprecated but still in courses: `torch.range`.

Older tutorials (learnpytorch.io's fundamentals notebook among them) call `torch.range`, which
PyTorch keeps with a warning. It includes `end`, unlike Python's `range` and `torch.arange`.
"""

from __future__ import annotations

import builtins
import math
import warnings

from .. import dtypes
from .._device import DeviceLike
from ..dtypes import dtype
from ..tensor import Tensor
from .creation import tensor

Number = int | float


def range(  # noqa: A001 - torch.range
    start: Number = 0,
    end: Number | None = None,
    step: Number = 1,
    *,
    dtype: dtype | None = None,
    device: DeviceLike = None,
    requires_grad: bool = False,
) -> Tensor:
    """`start, start + step, ...` up to and including `end`: floor((end - start) / step) + 1
    values, in the default float dtype unless `dtype` is given (even for whole numbers).

    Deprecated in PyTorch, which warns as this does: use `arange`, which stops before `end`.

    Examples:
        >>> import warnings, pytensor
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     pytensor.range(1, 4)
        tensor([1., 2., 3., 4.])
    """
    if end is None:
        raise TypeError('range() missing 1 required positional arguments: "end"')
    warnings.warn(
        "torch.range is deprecated and will be removed in a future release because its "
        "behavior is inconsistent with Python's range builtin. Instead, use torch.arange, "
        "which produces values in [start, end).",
        UserWarning,
        stacklevel=2,
    )
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    count = math.floor((end - start) / step) + 1
    # ATen computes each value as start + i * step in double, then stores it in the dtype.
    values = [start + i * step for i in builtins.range(count)]
    dt = dtype if dtype is not None else dtypes.get_default_dtype()
    return tensor(values, dtype=dt, device=device, requires_grad=requires_grad)

