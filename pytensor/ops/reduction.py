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
    cumprod as cumprod,
)
from .cumulative import (
    cumsum as cumsum,
)
from .extremes import (
    amax as amax,
)
from .extremes import (
    amin as amin,
)
from .extremes import (
    argmax as argmax,
)
from .extremes import (
    argmin as argmin,
)
from .extremes import (
    max as max,
)
from .extremes import (
    min as min,
)
from .moments import (
    norm as norm,
)
from .moments import (
    std as std,
)
from .moments import (
    var as var,
)
from .reduce import (
    Dims as Dims,
)
from .reduce import (
    ValuesIndices as ValuesIndices,
)
from .reduce import (
    _squeeze_dims as _squeeze_dims,
)
from .reduce import (
    all as all,
)
from .reduce import (
    any as any,
)
from .reduce import (
    mean as mean,
)
from .reduce import (
    normalize_dims as normalize_dims,
)
from .reduce import (
    opmath_dtype as opmath_dtype,
)
from .reduce import (
    prod as prod,
)
from .reduce import (
    reduce_kernel as reduce_kernel,
)
from .reduce import (
    sum as sum,
)
from .reduce import (
    sum_to_size as sum_to_size,
)
from .softmax import (
    log_softmax as log_softmax,
)
from .softmax import (
    logsumexp as logsumexp,
)
from .softmax import (
    softmax as softmax,
)
