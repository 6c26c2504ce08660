"""Indexing: x[key], x[key] = v, gather/scatter, index_select/index_add, masks, sort, unique.

Basic indexing (ints, slices, None, ...) makes views (see movement.py). Advanced indexing
(integer tensors, lists, boolean masks) is reduced to one gather along a single merged dimension:
the indexed dims are moved together, merged into one, and each index tuple becomes one linear
position in the merged dim. Its gradient is the matching scatter-add.

Sorting runs on the tensor's device, through the backends' `sort` primitive. Ops whose output
size depends on the values (nonzero, boolean masks, unique) run there too, from scan, scatter and
sort, but read one number back to the host: the size of the result, which must be known to
allocate it. PyTorch's CUDA nonzero syncs for the same reason.

Each family lives in its own file, forward and backward side by side; this module gathers them:

- `gather_scatter.py`: gather, scatter, scatter_add, index_select, index_add, take_along_dim
- `advanced_indexing.py`: `x[key]` (getitem), `x[key] = v` (setitem), index, index_put,
  masked_select
- `masking.py`: nonzero, masked_fill
- `sorting.py`: sort, argsort, topk, unique

>>> import pytensor
>>> x = pytensor.tensor([[1, 2, 3], [4, 5, 6]])
>>> x[1], x[:, 1:], x[x > 2]
(tensor([4, 5, 6]), tensor([[2, 3],
        [5, 6]]), tensor([3, 4, 5, 6]))
"""

from .advanced_indexing import (
    getitem,
    index,
    index_put,
    masked_select,
    setitem,
)
from .gather_scatter import (
    gather,
    index_add,
    index_add_,
    index_select,
    scatter,
    scatter_add,
    scatter_add_into,
    take_along_dim,
)
from .masking import (
    masked_fill,
    nonzero,
)
from .sorting import (
    argsort,
    sort,
    topk,
    unique,
)

__all__ = [
    "getitem",
    "index",
    "index_put",
    "masked_select",
    "setitem",
    "gather",
    "index_add",
    "index_add_",
    "index_select",
    "scatter",
    "scatter_add",
    "scatter_add_into",
    "take_along_dim",
    "masked_fill",
    "nonzero",
    "argsort",
    "sort",
    "topk",
    "unique",
]
