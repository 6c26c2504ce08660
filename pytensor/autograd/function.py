"""autograd.Function: write your own op with a forward and a backward, as in PyTorch.

    class Exp(Function):
        @staticmethod
        def forward(ctx, x):
            result = x.exp()
            ctx.save_for_backward(result)
            return result

        @staticmethod
        def backward(ctx, grad_output):
            (result,) = ctx.saved_tensors
            return grad_output * result

`Exp.apply(x)` runs forward without recording, then records one Node whose backward calls
yours: the same mechanism every built-in op uses.
"""

from __future__ import annotations

from typing import Any

from .grad_mode import no_grad
from .graph import FREED_MESSAGE, make_node


class FunctionCtx:
    """The `ctx` passed to forward and backward: a place to keep what backward needs."""

    def __init__(self) -> None:
        self._saved: tuple[Any, ...] = ()
        self._freed = False
        self.needs_input_grad: tuple[bool, ...] = ()
        self.materialize_grads = True
        self._non_differentiable: list[Any] = []

    def save_for_backward(self, *tensors: Any) -> None:
        self._saved = tensors

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        return self._saved

    def mark_non_differentiable(self, *tensors: Any) -> None:
        self._non_differentiable.extend(tensors)

    def mark_dirty(self, *tensors: Any) -> None:
        pass  # pytensor records in-place writes through apply_inplace instead

    def set_materialize_grads(self, value: bool) -> None:
        self.materialize_grads = value


class Function:
    """Subclass with static `forward(ctx, *args)` and `backward(ctx, *grad_outputs)`."""

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        from ..tensor import Tensor

        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        with no_grad():
            result = cls.forward(ctx, *args, **kwargs)
        outputs = result if isinstance(result, tuple) else (result,)
        # An input returned as it is must become a new tensor to carry this node's history.
        outputs = tuple(
            o.detach() if isinstance(o, Tensor) and any(o is a for a in args) else o
            for o in outputs
        )
        tensor_positions = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        differentiable = [
            o for o in outputs
            if isinstance(o, Tensor) and o.dtype.is_floating_point
            and not any(o is n for n in ctx._non_differentiable)
        ]  # fmt: skip

        def backward(grads: Any) -> tuple[Any, ...]:
            grads = list(grads) if len(differentiable) > 1 else [grads]
            if ctx.materialize_grads:
                grads = [
                    o.new_zeros(o.shape) if g is None else g for g, o in zip(grads, differentiable)
                ]
            answer = cls.backward(ctx, *grads)
            answer = answer if isinstance(answer, tuple) else (answer,)
            return tuple(answer[i] if i < len(answer) else None for i in tensor_positions)

        inputs = [args[i] for i in tensor_positions]
        if differentiable and any(t.requires_grad for t in inputs):
            saved = [t for t in ctx._saved if isinstance(t, Tensor)]
            name = f"{cls.__name__}Backward"
            node = make_node(name, backward, inputs, saved, len(differentiable))
            node.on_release = lambda: setattr(ctx, "_freed", True)  # after a non-retained backward
            for nr, out in enumerate(differentiable):
                out._set_grad_fn(node, nr)
        return outputs if isinstance(result, tuple) else outputs[0]
