"""Automatic differentiation: the graph, the engine, grad modes, Function and gradcheck.

`pytensor.autograd` is `torch.autograd`: `backward` and `grad` run the engine
(`engine.py`) over the graph that ops record (`graph.py`).

>>> import pytensor
>>> x = pytensor.tensor([1.0, 2.0], requires_grad=True)
>>> pytensor.autograd.grad((x ** 3).sum(), x)
(tensor([ 3., 12.]),)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

from . import engine
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .graph import Node

if TYPE_CHECKING:
    from ..tensor import Tensor

Tensors = Union["Tensor", Sequence["Tensor"]]


def _as_list(x: Tensors | None) -> list[Tensor]:
    if x is None:
        return []
    from ..tensor import Tensor

    return [x] if isinstance(x, Tensor) else list(x)


def backward(
    tensors: Tensors,
    grad_tensors: Tensors | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Tensors | None = None,
) -> None:
    """Accumulate the gradients of `tensors` into the `.grad` of the leaves of their graph.

    `autograd.backward([a, b], [ga, gb])` is `a.backward(ga)` and `b.backward(gb)` in one pass:
    each leaf's `.grad` grows by the sum of both contributions.

    Args:
        tensors: a tensor or a sequence of tensors to differentiate.
        grad_tensors: the gradients of some final result with respect to each of `tensors`
            (a tensor or a sequence); may be omitted for one-element tensors.
        retain_graph: keep the saved tensors for another backward; default: `create_graph`.
        create_graph: record the backward pass, for gradients of gradients.
        inputs: accumulate only into these tensors' `.grad`.

    Note:
        PyTorch's deprecated `grad_variables` keyword is not accepted.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([1.0, 2.0], requires_grad=True)
        >>> a, b = x.sum(), (x * x).sum()
        >>> pytensor.autograd.backward([a, b])
        >>> x.grad
        tensor([3., 5.])
    """
    outs = _as_list(tensors)
    grads: list[Tensor | None] = list(_as_list(grad_tensors)) or [None] * len(outs)
    engine.backward(outs, grads, retain_graph, create_graph, _as_list(inputs) or None)


def grad(
    outputs: Tensors,
    inputs: Tensors,
    grad_outputs: Tensors | None = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool | None = None,
) -> tuple[Tensor | None, ...]:
    """The gradients of `outputs` with respect to `inputs`, returned instead of accumulated.

    No `.grad` is touched. With `create_graph=True` the gradients are themselves recorded, so
    they can be differentiated again (a Hessian-vector product, a gradient penalty).

    Args:
        outputs: a tensor or a sequence of tensors to differentiate.
        inputs: a tensor or a sequence of tensors (requiring grad) to differentiate with respect
            to.
        grad_outputs: the gradients with respect to each output; may be omitted for
            one-element outputs.
        retain_graph: keep the saved tensors for another backward; default: `create_graph`.
        create_graph: record the backward pass, for higher-order gradients.
        allow_unused: return None for an input that the outputs do not depend on, instead of
            raising.

    Returns:
        A tuple with one gradient (or None) per input.

    Note:
        PyTorch's `only_inputs`, `is_grads_batched` and `materialize_grads` are not supported.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor(3.0, requires_grad=True)
        >>> (dy,) = pytensor.autograd.grad(x ** 3, x, create_graph=True)
        >>> dy, pytensor.autograd.grad(dy, x)
        (tensor(27., grad_fn=<MulBackward0>), (tensor(18.),))
    """
    outs = _as_list(outputs)
    grads: list[Tensor | None] = list(_as_list(grad_outputs)) or [None] * len(outs)
    return engine.grad(
        outs, _as_list(inputs), grads, retain_graph, create_graph, bool(allow_unused)
    )


from .function import Function, FunctionCtx  # noqa: E402
from .gradcheck import gradcheck, gradgradcheck  # noqa: E402

__all__ = [
    "Function", "FunctionCtx", "Node", "backward", "enable_grad", "grad", "gradcheck",
    "gradgradcheck", "inference_mode", "is_grad_enabled", "no_grad", "set_grad_enabled",
]  # fmt: skip
