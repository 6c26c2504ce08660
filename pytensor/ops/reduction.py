"""Reductions (sum, mean, max, var, ...) and the ops built from them (softmax, logsumexp).

The backend reduces one dimension at a time (`backend.reduce`); reducing several dims is
repeated single-dim reduction. Results are computed with the dimension kept (size 1) and
squeezed at the end, which also makes every backward a plain broadcast of `g`.

Shapes: a reduction over `dim` removes those dims from the input's shape, or keeps them as
size 1 with `keepdim=True`; with no `dim` it reduces every element to a 0-dim tensor.

Each family lives in its own file, forward and backward side by side; this module gathers them:

- `reduce.py`: the machinery (`normalize_dims`, `reduce_kernel`) and sum, mean, prod, all, any
- `extremes.py`: max, min, amax, amin, argmax, argmin
- `moments.py`: var, std, norm
- `softmax.py`: logsumexp, softmax, log_softmax
- `cumulative.py`: cumsum, cumprod

>>> import pytensor
>>> x = pytensor.tensor([[1.0, 2.0], [3.0, 4.0]])
>>> x.sum(), x.sum(0), x.sum(1, keepdim=True).shape
(tensor(10.), tensor([4., 6.]), pytensor.Size([2, 1]))
"""

from .cumulative import (
    cumprod,
    cumsum,
)
from .extremes import (
    amax,
    amin,
    argmax,
    argmin,
    max,
    min,
)
from .moments import (
    norm,
    std,
    var,
)
from .reduce import (
    Dims,
    ValuesIndices,
    all,
    any,
    mean,
    normalize_dims,
    opmath_dtype,
    prod,
    reduce_kernel,
    sum,
    sum_to_size,
)
from .softmax import (
    log_softmax,
    logsumexp,
    softmax,
)

__all__ = [
    "cumprod",
    "cumsum",
    "amax",
    "amin",
    "argmax",
    "argmin",
    "max",
    "min",
    "norm",
    "std",
    "var",
    "Dims",
    "ValuesIndices",
    "all",
    "any",
    "mean",
    "normalize_dims",
    "opmath_dtype",
    "prod",
    "reduce_kernel",
    "sum",
    "sum_to_size",
    "log_softmax",
    "logsumexp",
    "softmax",
]
