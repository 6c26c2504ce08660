"""Automatic differentiation: the graph, the engine, grad modes, Function and gradcheck."""

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
    """The gradients of `outputs` with respect to `inputs`, returned instead of accumulated."""
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
