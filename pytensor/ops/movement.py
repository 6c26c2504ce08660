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
    clone as clone,
)
from .conversion import (
    to as to,
)
from .copies import (
    diag as diag,
)
from .copies import (
    diagonal_copy as diagonal_copy,
)
from .copies import (
    flip as flip,
)
from .copies import (
    repeat as repeat,
)
from .copies import (
    roll as roll,
)
from .copies import (
    tile as tile,
)
from .copies import (
    tril as tril,
)
from .copies import (
    triu as triu,
)
from .joining import (
    cat as cat,
)
from .joining import (
    hstack as hstack,
)
from .joining import (
    stack as stack,
)
from .joining import (
    vstack as vstack,
)
from .subset_views import (
    as_strided as as_strided,
)
from .subset_views import (
    chunk as chunk,
)
from .subset_views import (
    diagonal as diagonal,
)
from .subset_views import (
    narrow as narrow,
)
from .subset_views import (
    select as select,
)
from .subset_views import (
    slice_dim as slice_dim,
)
from .subset_views import (
    split as split,
)
from .subset_views import (
    unbind as unbind,
)
from .subset_views import (
    unfold as unfold,
)
from .views import (
    ViewFn as ViewFn,
)
from .views import (
    _squeeze_dims as _squeeze_dims,
)
from .views import (
    _view_backward as _view_backward,
)
from .views import (
    broadcast_tensors as broadcast_tensors,
)
from .views import (
    broadcast_to as broadcast_to,
)
from .views import (
    expand as expand,
)
from .views import (
    flatten as flatten,
)
from .views import (
    make_view as make_view,
)
from .views import (
    permute as permute,
)
from .views import (
    reshape as reshape,
)
from .views import (
    squeeze as squeeze,
)
from .views import (
    squeeze_result as squeeze_result,
)
from .views import (
    t as t,
)
from .views import (
    transpose as transpose,
)
from .views import (
    unflatten as unflatten,
)
from .views import (
    unsafe_view as unsafe_view,
)
from .views import (
    unsqueeze as unsqueeze,
)
from .views import (
    view as view,
)
