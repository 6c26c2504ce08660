"""In-place ops (`add_`, `zero_`, `x[i] = v`, ...): compute the result out of place, then write it
into the tensor's storage.

The arithmetic ops that Adam and SGD use at every step (add, sub, mul, div, lerp, addcmul,
addcdiv) skip that copy: their last kernel writes straight into the tensor (`into=`), when no
operand reads the tensor's memory through a different layout (`x.add_(x.t())` must read every
old value before any is overwritten, so it takes the copy).

Writing is the easy part. The graph needs care, as in PyTorch:
- A leaf that requires grad may not be overwritten while grad mode is on.
- A tensor saved for backward that is overwritten would give a wrong gradient; the version
  counter, bumped here, lets the engine refuse ("modified by an inplace operation").
- The tensor's grad_fn becomes the result's grad_fn ("rebasing" the history).
- When the tensor is a view, its base changes too: the base gets a `CopySlices` node whose
  gradient is the incoming one with the view's region zeroed (those old values were overwritten)
  and whose second input, the written result, receives the region's gradient.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..autograd.grad_mode import is_grad_enabled, no_grad
from ..autograd.graph import make_node, needs_grad
from ..dtypes import can_cast
from ..tensor import Tensor
from .movement import clone
from .pointwise import add, addcdiv, addcmul, broadcast_view, div, lerp, mul, sub

# Ops with an `into=` argument whose backward never reads their own result.
WRITES_INTO = (add, sub, mul, div, lerp, addcmul, addcdiv)


def check_writable(t: Tensor, allow_overlap: bool = False) -> None:
    if is_grad_enabled():
        if t.requires_grad and t.is_leaf:
            raise RuntimeError(
                "a leaf Variable that requires grad is being used in an in-place operation."
            )
        base = t._base
        if base is not None and base.requires_grad and base.is_leaf:
            raise RuntimeError(
                "a view of a leaf Variable that requires grad is being used in an in-place "
                "operation."
            )
    if allow_overlap or t.numel() == 0:
        return  # fill_ writes one value everywhere, so repeated locations are harmless
    if any(stride == 0 and size > 1 for size, stride in zip(t.shape, t._strides)):
        raise RuntimeError(
            "unsupported operation: more than one element of the written-to tensor refers to a "
            "single memory location. Please clone() the tensor before performing the operation."
        )



def inplace(op: Callable[..., Tensor], t: Tensor, *args: Any, **kwargs: Any) -> Tensor:
    """The body of every in-place method: `t.mul_(w)` is `inplace(mul, t, w)`."""
    check_writable(t, allow_overlap=op is filled)
    source = t
    if needs_grad(t):
        # `op` may save its input for backward, and the write below changes t. Like PyTorch,
        # which saves the "original self" of an in-place op, give the op a copy of t's values.
        source = clone(t)
    if op in WRITES_INTO and _reads_in_step(t, source, *args, *kwargs.values()):
        # A second Tensor object on t's memory: the op writes its result there and records
        # its history on it, and apply_inplace finds nothing left to copy.
        kwargs["into"] = Tensor._make(t._storage, t.shape, t._strides, t._offset, t.dtype)
    return apply_inplace(t, op(source, *args, **kwargs))


def _reads_in_step(t: Tensor, *operands: Any) -> bool:
    """True when every tensor operand on t's memory has t's exact layout, so that element i of
    the result depends only on element i of t and writing it in place is safe."""
    return all(
        not isinstance(x, Tensor) or x._storage is not t._storage or _same_layout(x, t)
        for x in operands
    )


def apply_inplace(t: Tensor, result: Tensor) -> Tensor:
    """Write `result` into `t` and rebase t's history onto result's. Returns t."""
    if result.shape != t.shape:
        try:
            view = broadcast_view(result, t.shape)
        except RuntimeError:
            raise RuntimeError(
                f"output with shape {list(t.shape)} doesn't match the broadcast shape "
                f"{list(result.shape)}"
            ) from None
    else:
        view = result.view_of()
    if not can_cast(result.dtype, t.dtype):
        raise RuntimeError(
            f"result type {result.dtype.type_name} can't be cast to the desired output "
            f"type {t.dtype.type_name}"
        )
    if not _same_layout(result, t):  # an op given `into=t` has written there already
        t.backend.copy(view, t.view_of())
    t._bump_version()
    if is_grad_enabled() and result.grad_fn is not None:
        if t._base is None:
            t._set_grad_fn(result.grad_fn, result._output_nr)
        else:
            _copy_slices(t, result)
    _rebase_views(t)
    return t


def _rebase_views(t: Tensor) -> None:
    """After an in-place write into `t`, every live view of the same base reads the base's new
    history, as in PyTorch (a view's grad_fn becomes AsStridedBackward0 of the base).

    PyTorch does this lazily, when grad_fn is read. Here it happens at the write, so that reading
    `grad_fn` or `requires_grad` (as a debugger does to show them) never changes the graph."""
    base = t if t._base is None else t._base
    if base._views is None or base._grad_fn is None:
        return
    version = base._storage.version
    for ref in list(base._views.values()):
        view = ref()
        if view is not None and view._view_version != version:  # not rebased by this write yet
            rebase_view(view)


def _same_layout(a: Tensor, b: Tensor) -> bool:
    """The same elements of the same storage, in the same order."""
    return (a._storage is b._storage and a.shape == b.shape and a._strides == b._strides
            and a._offset == b._offset)  # fmt: skip


def _copy_slices(view: Tensor, result: Tensor) -> None:
    """Rebase a view and its base after an in-place write through the view."""
    base = view._base
    view_fn = view._view_fn
    assert base is not None and view_fn is not None
    with no_grad():
        mask = base.new_ones(base.shape)
        view_fn(mask).fill_(0)  # 0 where the write landed: the old values there get no gradient

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        return g * mask, view_fn(g)

    base._set_grad_fn(make_node("CopySlices", backward, (base, result)))
    rebase_view(view)


def rebase_view(view: Tensor) -> None:
    """Point a view's history at its base's current history."""
    from .movement import _view_backward

    base, view_fn = view._base, view._view_fn
    assert base is not None and view_fn is not None
    view._view_version = view._storage.version
    view._set_grad_fn(make_node("AsStridedBackward0", _view_backward(base, view_fn), (base,)))


def filled(t: Tensor, value: Tensor | float | int | bool, name: str = "FillBackward2") -> Tensor:
    """What `t.fill_(value)` writes. `t` is an input so that t's old history is cut off."""
    from ..autograd.graph import record
    from .creation import full

    value_t = value if isinstance(value, Tensor) else None
    if value_t is not None:
        if value_t.dim() != 0:
            raise RuntimeError(
                "fill_ only supports 0-dimension value tensor but got tensor with "
                f"{value_t.dim()} dimensions."
            )
        # A tensor's value is cast as a tensor is, without fill_scalar's check for a number:
        # fill_(tensor(1e19)) writes the lowest int64 into an int64 tensor, fill_(1e19) raises.
        value = t.dtype.cast(value_t.item())
    out = full(t.shape, value, dtype=t.dtype, device=t.device)  # type: ignore[arg-type]

    def backward(g: Tensor) -> tuple[Tensor, Tensor | None]:
        return g * 0, g.sum() if value_t is not None else None

    if value_t is None:
        return record(out, name, lambda g: backward(g)[:1], (t,))
    return record(out, "FillBackward3", backward, (t, value_t))


def copied(t: Tensor, src: Tensor) -> Tensor:
    """What `t.copy_(src)` writes: src cast to t's dtype and broadcast to t's shape.

    When src shares t's storage the values are copied first, so that `x.copy_(x.t())` never
    reads what it has just written; otherwise a view of src is enough."""
    from ..autograd.graph import record
    from .movement import to

    with no_grad():
        out = to(src, t.dtype, t.device).expand(t.shape)  # a new Tensor object, never src
        if out._storage is t._storage:
            out = clone(out)
    return record(out, "CopyBackwards", lambda g: (g * 0, g), (t, src))
