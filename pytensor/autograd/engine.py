"""The backward engine: walk the graph from the outputs, call each node's backward once, and
add the gradients into the leaves' `.grad`.

Two rules live here and nowhere else:
- Gradients of broadcast operands are summed back to the operand's shape (`_fit`).
- The graph is sorted iteratively (Kahn's algorithm), never recursively, so a graph thousands of
  nodes deep (an RNN over a long sequence) does not hit Python's recursion limit.

>>> import pytensor
>>> x = pytensor.tensor(1.0, requires_grad=True)
>>> y = x
>>> for _ in range(5000):     # a chain 5000 nodes deep
...     y = y * 1.0001
>>> y.backward()
>>> round(x.grad.item(), 4)
1.6488
"""

from __future__ import annotations

import math
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..backends import backend_for
from ..dtypes import to_storage
from .grad_mode import no_grad, set_grad_enabled
from .graph import AccumulateGrad, Node

if TYPE_CHECKING:
    from .._size import Size
    from ..dtypes import dtype
    from ..tensor import Tensor


def _fit(grad: Tensor, metadata: tuple[Size, dtype] | None) -> Tensor:
    """Sum a gradient down to its input's shape and cast it to the input's dtype.

    This is the one place that undoes broadcasting: if `a` of shape (3, 1) was broadcast to
    (2, 3, 4), its gradient arrives as (2, 3, 4) and is summed over dims 0 and 2.
    """
    assert metadata is not None
    shape, dt = metadata
    if grad._shape != shape:
        lead = grad.dim() - len(shape)
        if lead > 0 and grad.shape[lead:] == shape:
            # Only new leading dims (a bias's gradient): one sum, without the view that the
            # public sum_to_size adds to record PyTorch's nodes (it costs as much as the sum).
            grad = grad.sum(tuple(range(lead)))
        else:
            grad = grad.sum_to_size(shape)
    if grad.dtype is not dt:
        grad = grad.to(dt)
    return grad


def _dependencies(roots: Sequence[Node]) -> dict[Node, int]:
    """How many edges point into each node reachable from the roots."""
    deps: dict[Node, int] = {}
    seen = set(roots)
    stack = list(roots)
    while stack:
        node = stack.pop()
        for child, _ in node.next_functions:
            if child is None:
                continue
            deps[child] = deps.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return deps


def run_backward(
    roots: Sequence[tuple[Node, int, Tensor]],
    retain_graph: bool,
    create_graph: bool,
    capture: Sequence[tuple[Node, int]] = (),
    accumulate: bool = True,
    only_leaves: Sequence[AccumulateGrad] | None = None,
) -> list[Tensor | None]:
    """Propagate `roots` (node, output number, gradient) through the graph.

    With `accumulate`, leaves get their `.grad` increased (Tensor.backward). The gradients
    arriving at the `capture` edges are returned in order (autograd.grad).

    Args:
        roots: the starting points: `(node, output_number, gradient)` for each output.
        retain_graph: keep each node's saved tensors after it runs.
        create_graph: run the backward closures in grad mode, so that they are recorded.
        capture: the edges `(node, output_number)` whose arriving gradients to return.
        accumulate: add the gradients that reach leaves into their `.grad`.
        only_leaves: accumulate only into these leaves' `AccumulateGrad` nodes.

    Returns:
        The gradient that arrived at each `capture` edge (None where none did).
    """
    pending: dict[Node, list[Tensor | None]] = {}
    for root, root_nr, root_grad in roots:
        _add(pending, root, root_nr, root_grad)
    root_nodes = list(pending)  # each root once, in order
    deps = _dependencies(root_nodes)
    captured: dict[tuple[Node, int], Tensor | None] = dict.fromkeys(capture)
    ready = []
    for node in root_nodes:
        if node not in deps:  # no edge points into it: it can run first
            ready.append(node)

    with set_grad_enabled(create_graph):
        while ready:
            node = ready.pop()
            grads = pending.pop(node, None)
            if grads is None:  # no gradient reached this node: its inputs get none either
                _send(node, [None] * len(node.next_functions), pending, deps, ready)
                continue
            if node.tensor_pre_hooks or node.retains_grad_hooks:
                grads = _run_tensor_hooks(node, grads)
            if captured:
                _capture(captured, node, grads)
            if isinstance(node, AccumulateGrad):
                if accumulate and grads[0] is not None:
                    if only_leaves is None or node in only_leaves:
                        _accumulate(node.variable, grads, create_graph)
                continue
            _send(node, node.apply(grads), pending, deps, ready)
            if not retain_graph:
                node.release()
    return [captured[key] for key in capture]


def _capture(
    captured: dict[tuple[Node, int], Tensor | None], node: Node, grads: list[Tensor | None]
) -> None:
    """Keep the gradients arriving at the edges autograd.grad asked for."""
    for nr, output_grad in enumerate(grads):
        if (node, nr) in captured:
            captured[(node, nr)] = output_grad


def _send(
    node: Node,
    input_grads: Sequence[Tensor | None],
    pending: dict[Node, list[Tensor | None]],
    deps: dict[Node, int],
    ready: list[Node],
) -> None:
    """Hand a node's input gradients to the nodes they belong to; queue those now complete.

    (A function of its own, so that no variable of the engine's loop holds on to a gradient:
    `_accumulate` counts the references to one.)"""
    for (child, child_nr), input_grad, meta in zip(
        node.next_functions, input_grads, node.input_metadata
    ):
        if child is None:
            continue
        if input_grad is not None:
            _add(pending, child, child_nr, _fit(input_grad, meta))
        deps[child] -= 1
        if deps[child] == 0:
            ready.append(child)


def _add(pending: dict[Node, list[Tensor | None]], node: Node, nr: int, grad: Tensor) -> None:
    slots = pending.setdefault(node, [None] * node.num_outputs)
    current = slots[nr]
    slots[nr] = grad if current is None else current + grad


def _run_tensor_hooks(node: Node, grads: list[Tensor | None]) -> list[Tensor | None]:
    """Hooks registered with Tensor.register_hook on this node's outputs, then retain_grad's.

    Since PyTorch 2.0 the retain_grad hook runs last, whenever it was registered, so a retained
    `.grad` is the gradient after every hook has changed it.
    """
    grads = list(grads)
    for nr, hooks in node.tensor_pre_hooks.items():
        for hook in hooks:
            if grads[nr] is not None:
                result = hook(grads[nr])  # type: ignore[arg-type]
                if result is not None:
                    grads[nr] = result
    for nr, retain in node.retains_grad_hooks.items():
        if grads[nr] is not None:
            retain(grads[nr])  # type: ignore[arg-type]
    return grads


def _accumulate(leaf: Tensor, grads: list[Tensor | None], create_graph: bool) -> None:
    """leaf.grad += grads[0], the gradient arriving at the leaf.

    The first gradient becomes `.grad` as it is when nothing else holds it, as PyTorch's
    AccumulateGrad "steals" a gradient whose use count shows no other owner. Otherwise `.grad`
    is a copy: the backward of `a + b` hands the same tensor to both, and a hook may keep it.
    """
    grad = grads[0]
    assert grad is not None
    if leaf.grad is None:
        if create_graph:
            leaf.grad = grad
        elif _unshared(grad):
            leaf.grad = grad if grad._base is None else grad.detach()
        else:
            leaf.grad = grad.detach().clone()
    elif create_graph:
        leaf.grad = leaf.grad + grad
    else:
        with no_grad():
            leaf.grad.add_(grad)  # in place: optimizers may hold a reference to .grad


def _count_argument(x: object) -> int:
    return sys.getrefcount(x)


def _count_first(slots: list[object]) -> int:
    item = slots[0]
    return _count_argument(item)


class _Holder:
    attribute: object = None


def _count_attribute(holder: _Holder) -> int:
    return sys.getrefcount(holder.attribute)


def _measured_counts() -> tuple[int, int]:
    """What sys.getrefcount answers, on this interpreter, for an object held by one list and
    read the way _accumulate and _unshared read a gradient; and for an object held by one
    attribute. CPython 3.11 says 4 and 2, but CPython does not promise these numbers between
    versions (its glossary says so), and a count read lower than expected would let a shared
    gradient pass for unshared. An
    interpreter without reference counts (PyPy) gets 0, 0: no gradient is ever kept, each is
    copied."""
    if not hasattr(sys, "getrefcount"):
        return 0, 0
    holder = _Holder()
    holder.attribute = object()
    return _count_first([object()]), _count_attribute(holder)


_OWN_REFERENCES, _HELD_ONCE = _measured_counts()


def _unshared(grad: Tensor) -> bool:
    """True when no other list, hook or tensor can see `grad` or its memory, and it is laid out
    as a copy would be (contiguous, from the start of its buffer).

    Reference counts tell: `grad` is held by the engine's list of the node's gradients alone
    (`_OWN_REFERENCES` is the count that gives here), and its Storage by grad alone. A view (a
    bias gradient summed with keepdim, then squeezed) keeps its base alive through `_base`; its
    memory is still unshared when only the view holds the base, and only the two of them hold
    the Storage."""
    if not _OWN_REFERENCES or sys.getrefcount(grad) > _OWN_REFERENCES or grad.requires_grad:
        return False
    if grad._offset != 0 or not grad.is_contiguous():
        return False
    holders = 1
    if grad._base is not None:
        if sys.getrefcount(grad._base) > _HELD_ONCE:  # held by more than grad's `_base`
            return False
        holders = 2
    return sys.getrefcount(grad._storage) <= holders - 1 + _HELD_ONCE


def backward(
    tensors: Sequence[Tensor],
    grad_tensors: Sequence[Tensor | None],
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Sequence[Tensor] | None = None,
) -> None:
    """Tensor.backward and autograd.backward: accumulate d(tensors)/d(leaf) into leaf.grad.

    With `inputs`, only those tensors get `.grad` (a non-leaf input too).

    Args:
        tensors: the outputs to differentiate.
        grad_tensors: one gradient per output, or None for an implicit 1 (one-element outputs).
        retain_graph: keep the graph for another backward; default: `create_graph`.
        create_graph: record the backward pass.
        inputs: the tensors to accumulate into; default: every leaf of the graph.
    """
    if retain_graph is None:
        retain_graph = create_graph
    roots = []
    for t, g in zip(tensors, grad_tensors):
        roots.append(_root(t, g))
    if inputs is None:
        run_backward(roots, retain_graph, create_graph)
        return
    # backward(inputs=...): accumulate only into these; a non-leaf input gets its .grad too.
    leaves = [t._grad_accumulator() for t in inputs if t.is_leaf]
    others = [t for t in inputs if not t.is_leaf]
    capture = [(t.grad_fn, t._output_nr) for t in others]
    grads = run_backward(roots, retain_graph, create_graph, capture, only_leaves=leaves)  # type: ignore[arg-type]
    for t, g in zip(others, grads):
        if g is not None:
            _accumulate(t, [g], create_graph)


def grad(
    outputs: Sequence[Tensor],
    inputs: Sequence[Tensor],
    grad_outputs: Sequence[Tensor | None],
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """autograd.grad: return d(outputs)/d(inputs) without touching any `.grad`.

    Args:
        outputs: the outputs to differentiate.
        inputs: the tensors (requiring grad) to differentiate with respect to.
        grad_outputs: one gradient per output, or None for an implicit 1.
        retain_graph: keep the graph for another backward; default: `create_graph`.
        create_graph: record the backward pass.
        allow_unused: give None for an input the outputs do not depend on, instead of raising.

    Returns:
        One gradient (or None) per input.
    """
    if retain_graph is None:
        retain_graph = create_graph
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    roots = [_root(t, g) for t, g in zip(outputs, grad_outputs)]
    capture = [
        (t.grad_fn, t._output_nr) if t.grad_fn is not None else (t._grad_accumulator(), 0)
        for t in inputs
    ]
    result = run_backward(roots, retain_graph, create_graph, capture, accumulate=False)
    for i, g in enumerate(result):
        if g is None and not allow_unused:
            raise RuntimeError(
                f"The differentiated Tensor at index {i} appears to not have been used in the "
                "graph. Set allow_unused=True if this is the desired behavior."
            )
    return tuple(result)


def _root(t: Tensor, gradient: Tensor | None) -> tuple[Node, int, Tensor]:
    if not t.requires_grad:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if gradient is None:
        gradient = _implicit_one(t)
    elif gradient.shape != t.shape:
        raise RuntimeError(
            f"Mismatch in shape: grad_output[0] has a shape of {gradient.shape} and output[0] "
            f"has a shape of {t.shape}."
        )
    node = t.grad_fn if t.grad_fn is not None else t._grad_accumulator()
    return (node, t._output_nr, gradient)


_TENSOR_MODULE = __name__.replace(".autograd.engine", ".tensor")  # imported after this module


def _implicit_one(t: Tensor) -> Tensor:
    """The gradient of a one-element output with respect to itself: 1, of t's shape, dtype and
    device (ones_like without its argument checks and layout choice, which teach nothing here)."""
    if math.prod(t._shape) != 1:
        raise RuntimeError("grad can be implicitly created only for scalar outputs")
    tensor = sys.modules[_TENSOR_MODULE]
    one = to_storage(t.dtype, [1])
    buffer = backend_for(t._storage.device).from_host(one, t.dtype)
    storage = tensor.Storage(buffer, t._storage.device)
    return tensor.Tensor._make(storage, t._shape, (1,) * len(t._shape), 0, t.dtype)  # type: ignore[no-any-return]
