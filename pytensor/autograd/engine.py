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
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..backends import backend_for
from . import grad_mode
from .grad_mode import no_grad
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
    roots: Sequence[tuple[Node, int, Tensor, bool]],
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
        roots: the starting points: `(node, output_number, gradient, made_here)` per output;
            `made_here` when the engine made the gradient (the implicit 1 of a scalar).
        retain_graph: keep each node's saved tensors after it runs.
        create_graph: run the backward closures in grad mode, so that they are recorded.
        capture: the edges `(node, output_number)` whose arriving gradients to return.
        accumulate: add the gradients that reach leaves into their `.grad`.
        only_leaves: accumulate only into these leaves' `AccumulateGrad` nodes.

    Returns:
        The gradient that arrived at each `capture` edge (None where none did).
    """
    # Which gradients the engine may keep as a leaf's .grad without a copy (PyTorch "steals"
    # them): those whose memory it made itself in this pass and no one else can see. `holders`
    # counts the pending gradients over each memory (by id of its Storage); `exposed` holds the
    # memory that the caller, a hook or a user's autograd.Function could also see.
    holders: dict[int, int] = {}
    exposed: set[int] = set()
    pending: dict[Node, list[Tensor | None]] = {}
    for root, root_nr, root_grad, made_here in roots:
        if not made_here:  # the caller's own gradient tensor
            exposed.add(id(root_grad._storage))
        _add(pending, holders, root, root_nr, root_grad)
    root_nodes = list(pending)  # each root once, in order
    deps = _dependencies(root_nodes)
    captured: dict[tuple[Node, int], Tensor | None] = dict.fromkeys(capture)
    ready = []
    for node in root_nodes:
        if node not in deps:  # no edge points into it: it can run first
            ready.append(node)

    # Grad mode is set by hand, not with set_grad_enabled(): a context manager's __init__,
    # __enter__ and __exit__ are a dozen debugger stops before the first node runs.
    previous = grad_mode._state.enabled
    grad_mode._state.enabled = create_graph
    try:
        while ready:
            node = ready.pop()
            grads = pending.pop(node, None)
            if grads is None:  # no gradient reached this node: its inputs get none either
                _send(node, [None] * len(node.next_functions), pending, holders, deps, ready)
                continue
            for g in grads:
                if g is not None:
                    holders[id(g._storage)] -= 1  # taken out of pending by this node
            if node.tensor_pre_hooks or node.retains_grad_hooks or captured:
                grads = _run_tensor_hooks(node, grads, exposed)
                _capture(captured, node, grads, exposed)
            if isinstance(node, AccumulateGrad):
                if accumulate and grads[0] is not None:
                    if only_leaves is None or node in only_leaves:
                        memory = id(grads[0]._storage)
                        keep = not holders.get(memory) and memory not in exposed
                        _accumulate(node.variable, grads[0], create_graph, keep)
                continue
            input_grads = node.apply(grads)
            if node.user_backward:  # a user's backward may return a tensor the user holds
                for g in input_grads:
                    if g is not None:
                        exposed.add(id(g._storage))
            _send(node, input_grads, pending, holders, deps, ready)
            if not retain_graph:
                node.release()
    finally:
        grad_mode._state.enabled = previous
    return [captured[key] for key in capture]


def _capture(
    captured: dict[tuple[Node, int], Tensor | None],
    node: Node,
    grads: list[Tensor | None],
    exposed: set[int],
) -> None:
    """Keep the gradients arriving at the edges autograd.grad asked for."""
    for nr, output_grad in enumerate(grads):
        if (node, nr) in captured:
            captured[(node, nr)] = output_grad
            if output_grad is not None:
                exposed.add(id(output_grad._storage))  # handed to the caller


def _send(
    node: Node,
    input_grads: Sequence[Tensor | None],
    pending: dict[Node, list[Tensor | None]],
    holders: dict[int, int],
    deps: dict[Node, int],
    ready: list[Node],
) -> None:
    """Hand a node's input gradients to the nodes they belong to; queue those now complete."""
    for (child, child_nr), input_grad, meta in zip(
        node.next_functions, input_grads, node.input_metadata
    ):
        if child is None:
            continue
        if input_grad is not None:
            _add(pending, holders, child, child_nr, _fit(input_grad, meta))
        deps[child] -= 1
        if deps[child] == 0:
            ready.append(child)


def _add(
    pending: dict[Node, list[Tensor | None]],
    holders: dict[int, int],
    node: Node,
    nr: int,
    grad: Tensor,
) -> None:
    """pending[node][nr] += grad, counting the pending gradients over each memory."""
    slots = pending.setdefault(node, [None] * node.num_outputs)
    current = slots[nr]
    if current is not None:
        holders[id(current._storage)] -= 1
        grad = current + grad  # new memory, made here
    slots[nr] = grad
    memory = id(grad._storage)
    holders[memory] = holders.get(memory, 0) + 1


def _run_tensor_hooks(
    node: Node, grads: list[Tensor | None], exposed: set[int]
) -> list[Tensor | None]:
    """Hooks registered with Tensor.register_hook on this node's outputs, then retain_grad's.

    Since PyTorch 2.0 the retain_grad hook runs last, whenever it was registered, so a retained
    `.grad` is the gradient after every hook has changed it.
    """
    grads = list(grads)
    for nr, hooks in node.tensor_pre_hooks.items():
        for hook in hooks:
            if grads[nr] is not None:
                exposed.add(id(grads[nr]._storage))  # type: ignore[union-attr]  # a hook may keep it
                result = hook(grads[nr])  # type: ignore[arg-type]
                if result is not None:
                    grads[nr] = result
                    exposed.add(id(result._storage))  # the hook's own tensor
    for nr, retain in node.retains_grad_hooks.items():
        if grads[nr] is not None:
            exposed.add(id(grads[nr]._storage))  # type: ignore[union-attr]
            retain(grads[nr])  # type: ignore[arg-type]
    return grads


def _accumulate(leaf: Tensor, grad: Tensor, create_graph: bool, keep: bool) -> None:
    """leaf.grad += grad, the gradient arriving at the leaf.

    The first gradient becomes `.grad` itself when `keep` says the engine made its memory in this
    pass and nothing else can see it, as PyTorch's AccumulateGrad "steals" a gradient no one else
    owns; otherwise `.grad` is a copy: the backward of `a + b` hands one tensor to both, a hook
    may keep what it saw, and the caller may hold the gradient it passed in. The rule reads the
    engine's own bookkeeping, not reference counts, so a debugger holding references changes
    nothing.
    """
    if leaf.grad is None:
        if create_graph:
            leaf.grad = grad
        elif keep and _laid_out_as_a_copy(grad):
            leaf.grad = grad if grad._base is None else grad.detach()
        else:
            leaf.grad = grad.detach().clone()
    elif create_graph:
        leaf.grad = leaf.grad + grad
    else:
        with no_grad():
            leaf.grad.add_(grad)  # in place: optimizers may hold a reference to .grad


def _laid_out_as_a_copy(grad: Tensor) -> bool:
    """Contiguous from the start of its buffer, not recording: what clone() would give."""
    return not grad.requires_grad and grad._offset == 0 and grad.is_contiguous()


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
    roots: list[tuple[Node, int, Tensor, bool]] = []
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
            _accumulate(t, g, create_graph, keep=False)  # captured: autograd.grad could see it


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


def _root(t: Tensor, gradient: Tensor | None) -> tuple[Node, int, Tensor, bool]:
    """(node, output number, gradient, whether the engine made the gradient) for one output."""
    if not t._requires_grad:  # the field, not the getter: one debugger stop fewer per root
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    made_here = gradient is None
    if gradient is None:
        gradient = _implicit_one(t)
    elif gradient.shape != t.shape:
        raise RuntimeError(
            f"Mismatch in shape: grad_output[0] has a shape of {gradient.shape} and output[0] "
            f"has a shape of {t.shape}."
        )
    node = t._grad_fn
    if node is None:
        node = t._grad_accumulator()
    return (node, t._output_nr, gradient, made_here)


_TENSOR_MODULE = __name__.replace(".autograd.engine", ".tensor")  # imported after this module


def _implicit_one(t: Tensor) -> Tensor:
    """The gradient of a one-element output with respect to itself: 1, of t's shape, dtype and
    device (ones_like without its argument checks and layout choice, which teach nothing here)."""
    if math.prod(t._shape) != 1:
        raise RuntimeError("grad can be implicitly created only for scalar outputs")
    tensor = sys.modules[_TENSOR_MODULE]
    # Only float16/32/64 tensors require grad, and array() packs a 1 into each typecode as is.
    one = array(t.dtype.typecode, [1.0])
    buffer = backend_for(t._storage.device).from_host(one, t.dtype)
    storage = tensor.Storage(buffer, t._storage.device)
    return tensor.Tensor._make(storage, t._shape, (1,) * len(t._shape), 0, t.dtype)  # type: ignore[no-any-return]
