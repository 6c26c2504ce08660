"""Creation ops: tensor, zeros, ones, full, arange, linspace, eye, the *_like forms.

The factories take PyTorch's keywords `dtype`, `device` and `requires_grad`; the values of
arange, linspace and logspace are PyTorch's CPU values bit for bit.

Each family lives in its own file; this module gathers them:

- `from_data.py`: tensor, as_tensor, from_numpy, scalar_tensor, and the helpers every op uses to
  make its result (new_tensor, from_values, constant)
- `fills.py`: full, zeros, ones, empty, eye, the *_like forms, the legacy `Tensor(2, 3)`
- `ranges.py`: arange, linspace, logspace, with the exact arithmetic of ATen's CPU kernels

>>> import pytensor
>>> pytensor.tensor([[1, 2], [3, 4]]).dtype, pytensor.zeros(2, 3).shape
(pytensor.int64, pytensor.Size([2, 3]))
"""

from .fills import _legacy_constructor as _legacy_constructor
from .fills import (
    empty,
    empty_like,
    eye,
    filled,
    full,
    full_like,
    memory_order,
    ones,
    ones_like,
    zeros,
    zeros_like,
)
from .from_data import (
    as_tensor,
    constant,
    from_numpy,
    from_values,
    new_tensor,
    requiring_grad,
    scalar_tensor,
    tensor,
)
from .ranges import (
    arange,
    fill_scalar,
    linspace,
    logspace,
)

__all__ = [
    "empty",
    "empty_like",
    "eye",
    "filled",
    "full",
    "full_like",
    "memory_order",
    "ones",
    "ones_like",
    "zeros",
    "zeros_like",
    "as_tensor",
    "constant",
    "from_numpy",
    "from_values",
    "new_tensor",
    "requiring_grad",
    "scalar_tensor",
    "tensor",
    "arange",
    "fill_scalar",
    "linspace",
    "logspace",
]
