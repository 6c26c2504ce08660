"""Movement ops: views (metadata only) and the copies that rearrange data (cat, flip, repeat).

A view shares its input's storage and gets new shape, strides and offset. Its backward is the
inverse movement of the gradient. Views that pick a subset of elements (select, slice,
diagonal) share one backward, `_view_backward`: the gradient is written into the same view of
a zero tensor. Views that may read an element twice (unfold, as_strided) add each gradient
element back at the position it reads (`_overlapping_view_backward`, and as_strided's own).

Each family lives in its own file, forward and backward side by side; this module gathers them:

- `views.py`: `make_view` and the views that reshape, permute or expand (view, reshape, flatten,
  squeeze, unsqueeze, permute, transpose, t, expand, broadcast_to, broadcast_tensors)
- `subset_views.py`: select, slice_dim, narrow, diagonal, unfold, as_strided, split, chunk,
  unbind
- `conversion.py`: clone, `to`
- `joining.py`: cat, stack, hstack, vstack
- `copies.py`: flip, roll, repeat, tile, tril, triu, diag, diagonal_copy

>>> import pytensor
>>> x = pytensor.arange(6).reshape(2, 3)
>>> y = x.t()                    # a view: the same storage, strides swapped
>>> y.stride(), y.data_ptr() == x.data_ptr()
((1, 3), True)
"""

from .conversion import (
    clone,
    to,
)
from .copies import (
    diag,
    diagonal_copy,
    flip,
    repeat,
    roll,
    tile,
    tril,
    triu,
)
from .joining import (
    cat,
    hstack,
    stack,
    vstack,
)
from .subset_views import (
    as_strided,
    chunk,
    diagonal,
    narrow,
    select,
    slice_dim,
    split,
    unbind,
    unfold,
)
from .views import (
    ViewFn,
    broadcast_tensors,
    broadcast_to,
    expand,
    flatten,
    make_view,
    permute,
    reshape,
    squeeze,
    squeeze_result,
    t,
    transpose,
    unflatten,
    unsafe_view,
    unsqueeze,
    view,
)
from .views import _view_backward as _view_backward

__all__ = [
    "clone",
    "to",
    "diag",
    "diagonal_copy",
    "flip",
    "repeat",
    "roll",
    "tile",
    "tril",
    "triu",
    "cat",
    "hstack",
    "stack",
    "vstack",
    "as_strided",
    "chunk",
    "diagonal",
    "narrow",
    "select",
    "slice_dim",
    "split",
    "unbind",
    "unfold",
    "ViewFn",
    "broadcast_tensors",
    "broadcast_to",
    "expand",
    "flatten",
    "make_view",
    "permute",
    "reshape",
    "squeeze",
    "squeeze_result",
    "t",
    "transpose",
    "unflatten",
    "unsafe_view",
    "unsqueeze",
    "view",
]
