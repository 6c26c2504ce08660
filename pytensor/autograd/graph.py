"""The recorded graph: one `Node` per op result, PyTorch's `grad_fn`.

An op computes its result, then calls `record(out, "MulBackward0", backward, inputs, saved)`.
`backward` is a closure written beside the forward (in `pytensor/ops/`), using tensor ops, so
that with `create_graph=True` a gradient of a gradient is itself recorded.

>>> import pytensor
>>> a = pytensor.ones(2, requires_grad=True)
>>> y = (a * 2).sum()
>>> y.grad_fn, y.grad_fn.next_functions[0][0].next_functions
(<SumBackward0 object at 0x...>, ((<AccumulateGrad object at 0x...>, 0), (None, 0)))
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any

from . import grad_mode

if TYPE_CHECKING:
    from ..tensor import Tensor

Grad = "Tensor | None"
BackwardFn = Callable[..., Any]
Hook = Callable[["Tensor"], "Tensor | None"]

FREED_MESSAGE = (
    "Trying to backward through the graph a second time (or directly access saved tensors after "
    "they have already been freed). Saved intermediate values of the graph are freed when you "
    "call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward "
    "through the graph a second time or if you need to access saved tensors after calling "
    "backward."
)


# Nodes that PyTorch implements by hand in C++ (torch/csrc/autograd/functions/): name() is
# qualified with their namespace.
_HAND_WRITTEN = frozenset({"AccumulateGrad", "CopySlices"})


class Node:
    """One op in the graph. `next_functions` points at the nodes of its inputs.

    Create nodes with `make_node(name, ...)`: each name gets its own subclass, so that
    `type(y.grad_fn).__name__` is "MulBackward0", as in PyTorch.

    `backward` receives the gradient of this node's output (a list of them when the op has
    several outputs, as `unbind` does) and returns one gradient per input, or None where an
    input needs none. The engine, not the op, sums each gradient down to its input's shape.

    Args:
        name: the node's name, such as `"MulBackward0"`.
        backward: the gradient closure (None for a leaf's `AccumulateGrad`).
        inputs: the op's tensor inputs (None for an argument that is not a tensor).
        saved: the tensors the closure reads, whose versions are checked before it runs.
        num_outputs: how many outputs share this node.
        output: the op's result when it is among `saved` (for the error message).

    Attributes:
        next_functions: one `(node, output_number)` edge per input; `(None, 0)` where the input
            needs no gradient.
        input_metadata: the shape and dtype of each input, to fit gradients to.
        metadata: a dict for the user, as in PyTorch.

    Note:
        `register_prehook(hook, output_nr)` here is the per-output hook behind
        `Tensor.register_hook`; PyTorch's `Node.register_prehook` takes a hook of all the output
        gradients at once. `Node.register_hook` and the `_saved_*` attributes are not provided.

    Examples:
        >>> import pytensor
        >>> x = pytensor.ones(2, requires_grad=True)
        >>> node = (x * x).grad_fn
        >>> node.name(), type(node).__name__, len(node.next_functions)
        ('MulBackward0', 'MulBackward0', 2)
    """

    def __init__(
        self,
        name: str,
        backward: BackwardFn | None,
        inputs: Sequence[Tensor | None],
        saved: Sequence[Tensor] = (),
        num_outputs: int = 1,
        output: Tensor | None = None,
    ) -> None:
        self._name = name
        self._backward = backward
        self.next_functions: tuple[tuple[Node | None, int], ...] = tuple([edge(t) for t in inputs])
        # Shape and dtype of each input, so the engine can unbroadcast and cast gradients.
        self.input_metadata = tuple([None if t is None else (t.shape, t.dtype) for t in inputs])
        # (tensor, version when saved, whether it is this node's own output)
        self._saved = [(t, t._version, t is output) for t in saved]
        self._has_saved = bool(saved)
        self.num_outputs = num_outputs
        # A node of several outputs (record_multi) passes its closure the list of gradients,
        # even when the op made only one output (split into a single piece).
        self.takes_list = num_outputs > 1
        self.tensor_pre_hooks: dict[int, list[Hook]] = {}
        # retain_grad's hook, per output. It runs after every tensor hook, whenever they were
        # registered, so .grad holds the gradient the hooks made (PyTorch 2.0's order).
        self.retains_grad_hooks: dict[int, Hook] = {}
        self.metadata: dict[str, Any] = {}
        self.on_release: Callable[[], None] | None = None  # autograd.Function frees its ctx
        # A user's backward (autograd.Function) may return a tensor the user still holds, so the
        # engine never keeps one of its gradients as a leaf's .grad without a copy.
        self.user_backward = False

    def name(self) -> str:
        """The node's name, such as `'MulBackward0'`.

        The nodes that PyTorch writes by hand in C++ rather than generating from its derivative
        table print their C++ name, as `torch::autograd::CopySlices` does in PyTorch; their
        class is still plain `CopySlices` (`type(node).__name__`).
        """
        if self._name in _HAND_WRITTEN:
            return f"torch::autograd::{self._name}"
        return self._name

    def __repr__(self) -> str:
        return f"<{self._name} object at {hex(id(self))}>"

    def apply(self, grads: list[Tensor | None]) -> Sequence[Tensor | None]:
        """Run the backward closure on the output gradients; returns one gradient per input.

        Raises:
            RuntimeError: when a saved tensor was modified in place since it was saved, or when the
                graph was freed by an earlier backward.
        """
        if self._backward is None:
            raise RuntimeError(FREED_MESSAGE)
        for tensor, version, is_output in self._saved:
            if tensor._storage.version != version:  # tensor._version, without a getter's stop
                creator = self if is_output else tensor.grad_fn
                raise RuntimeError(_modified_message(tensor, version, creator))
        result = self._backward(grads if self.takes_list else grads[0])
        return result if isinstance(result, (tuple, list)) else (result,)

    def release(self) -> None:
        """Free the saved tensors after a backward without retain_graph."""
        if self._has_saved:
            self._backward = None
            self._saved = []
        if self.on_release is not None:
            self.on_release()

    def register_prehook(self, hook: Hook, output_nr: int = 0) -> None:
        """Call `hook(grad)` on the gradient of output `output_nr` before the node runs.

        `Tensor.register_hook` and `retain_grad` use it. A hook that returns a tensor replaces the
        gradient.

        Args:
            hook: a function of the gradient.
            output_nr: which output of the node the hook watches.
        """
        self.tensor_pre_hooks.setdefault(output_nr, []).append(hook)


class AccumulateGrad(Node):
    """The node at a leaf: it adds the incoming gradient into `variable.grad`.

    Args:
        variable: the leaf tensor.

    Note:
        Its `name()` is `'torch::autograd::AccumulateGrad'`, as in PyTorch, and its class is
        `AccumulateGrad`.

    Examples:
        >>> import pytensor
        >>> w = pytensor.ones(2, requires_grad=True)
        >>> acc = (w * 1).grad_fn.next_functions[0][0]
        >>> acc, acc.variable is w
        (<AccumulateGrad object at 0x...>, True)
    """

    def __init__(self, variable: Tensor) -> None:
        super().__init__("AccumulateGrad", None, ())
        self.variable = variable

    def apply(self, grads: list[Tensor | None]) -> Sequence[Tensor | None]:
        """Nothing to pass on: the engine adds the incoming gradient into `variable.grad` itself."""
        return ()


def edge(t: Tensor | None) -> tuple[Node | None, int]:
    """Where the gradient for `t` goes: its grad_fn, its AccumulateGrad, or nowhere.

    Returns:
        `(node, output_number)`, or `(None, 0)` when `t` is None or needs no gradient.
    """
    if t is None or not t._requires_grad:
        return (None, 0)
    if t._grad_fn is not None:
        return (t._grad_fn, t._output_nr)
    return (t._grad_accumulator(), 0)


def needs_grad(*inputs: Tensor | None) -> bool:
    """True when grad mode is on and some input requires grad: when an op must record a node."""
    if not grad_mode._state.enabled:  # the flag itself: every op asks, and a call is a stop
        return False
    for t in inputs:  # a loop, not any(...): every op asks, and a generator costs more
        if t is not None and t._requires_grad:  # the field: a getter would be a stop per input
            return True
    return False


def record(
    out: Tensor,
    name: str,
    backward: BackwardFn,
    inputs: Sequence[Tensor | None],
    saved: Sequence[Tensor] = (),
) -> Tensor:
    """Attach a grad_fn to `out` when grad mode is on and some input requires grad.

    This is how every op in `pytensor/ops/` enters the graph.

    Args:
        out: the op's result.
        name: the node's name, as PyTorch names it (`"MulBackward0"`).
        backward: a function from the gradient of `out` to a tuple with one gradient (or None)
            per input, written with tensor ops.
        inputs: the op's tensor inputs.
        saved: the tensors `backward` reads, checked for in-place changes before it runs.

    Returns:
        `out`, now with its `grad_fn` when recorded.

    Examples:
        >>> import pytensor
        >>> from pytensor.autograd.graph import record
        >>> x = pytensor.tensor([1.0, 2.0], requires_grad=True)
        >>> with pytensor.no_grad():
        ...     out = x * 3
        >>> out = record(out, "TripleBackward", lambda g: (g * 3,), (x,))
        >>> out.sum().backward()
        >>> out.grad_fn, x.grad
        (<TripleBackward object at 0x...>, tensor([3., 3.]))
    """
    if needs_grad(*inputs):
        out._set_grad_fn(make_node(name, backward, inputs, saved, output=out))
    return out


def record_multi(
    outs: Sequence[Tensor],
    name: str,
    backward: BackwardFn,
    inputs: Sequence[Tensor | None],
    saved: Sequence[Tensor] = (),
) -> None:
    """Like `record`, for ops with several differentiable outputs (unbind, split, chunk).

    The outputs share one node; its backward receives a list with one gradient (or None) per
    output.
    """
    if needs_grad(*inputs):
        node = make_node(name, backward, inputs, saved, num_outputs=len(outs))
        node.takes_list = True
        for i, out in enumerate(outs):
            out._set_grad_fn(node, i)


_NODE_CLASSES: dict[str, type[Node]] = {}
_NAMED_CODE: dict[tuple[CodeType, str], CodeType] = {}


def _named(backward: BackwardFn, name: str) -> BackwardFn:
    """The backward closure under its node's name, so that a traceback or a debugger's stack
    says `MulBackward0` where it would say `backward` or `<lambda>`.

    The code object is renamed once per (code, name) and cached; each closure gets a new function
    around it (the closure cells are the same), because one function may serve several ops.
    """
    if type(backward) is not FunctionType or backward.__code__.co_name == name:
        return backward
    code = backward.__code__
    renamed = _NAMED_CODE.get((code, name))
    if renamed is None:
        # Keep where it was written (`mul.<locals>.`), so a reader can find the source.
        qualname = code.co_qualname.rpartition(".")[0]
        qualname = f"{qualname}.{name}" if qualname else name
        renamed = code.replace(co_name=name, co_qualname=qualname)
        _NAMED_CODE[(code, name)] = renamed
    function = FunctionType(
        renamed, backward.__globals__, name, backward.__defaults__, backward.__closure__
    )
    function.__kwdefaults__ = backward.__kwdefaults__
    function.__qualname__ = renamed.co_qualname
    return function


def make_node(
    name: str,
    backward: BackwardFn | None,
    inputs: Sequence[Tensor | None],
    saved: Sequence[Tensor] = (),
    num_outputs: int = 1,
    output: Tensor | None = None,
) -> Node:
    """A Node of the subclass named `name` (made once per name).

    Args:
        name: the class name, such as `"MulBackward0"`.
        backward: the gradient closure.
        inputs: the op's tensor inputs.
        saved: the tensors the closure reads.
        num_outputs: how many outputs share the node.
        output: the op's result, when it is among `saved`.
    """
    cls = _NODE_CLASSES.get(name)
    if cls is None:
        cls = _NODE_CLASSES[name] = type(name, (Node,), {"__module__": "pytensor.autograd"})
    if backward is not None:
        backward = _named(backward, name)
    return cls(name, backward, inputs, saved, num_outputs, output)


def _modified_message(tensor: Tensor, version: int, creator: Node | None) -> str:
    what = f"[{tensor.type()} {list(tensor.shape)}]"
    if creator is not None and not isinstance(creator, AccumulateGrad):
        op = re.sub(r"Backward\d*$", "", creator.name())  # PyTorch prints "Exp", not "ExpBackward0"
        what += f", which is output {tensor._output_nr} of {op},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: {what} is at version {tensor._version}; expected version {version} "
        "instead. Hint: enable anomaly detection to find the operation that failed to compute "
        "its gradient, with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )
