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
    """The `ctx` passed to forward and backward: a place to keep what backward needs.

    Besides the methods, any attribute can be set on it in `forward` (`ctx.dim = dim`) and read
    in `backward`.

    Attributes:
        needs_input_grad: one bool per argument of `apply`: whether it is a tensor that requires
            grad (so backward may skip the others' gradients).
        materialize_grads: whether backward receives zeros (True) or None for outputs that got
            no gradient.
    """

    def __init__(self) -> None:
        self._saved: tuple[Any, ...] = ()
        self._freed = False
        self.needs_input_grad: tuple[bool, ...] = ()
        self.materialize_grads = True
        self._non_differentiable: list[Any] = []

    def save_for_backward(self, *tensors: Any) -> None:
        """Keep tensors for backward (read them back from `saved_tensors`).

        Saved tensors are checked for in-place changes before backward runs, as for built-in ops.
        """
        self._saved = tensors

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """The tensors given to `save_for_backward`, as a tuple.

        Raises:
            RuntimeError: after a backward without `retain_graph=True` freed them.
        """
        if self._freed:
            raise RuntimeError(FREED_MESSAGE)
        return self._saved

    def mark_non_differentiable(self, *tensors: Any) -> None:
        """Declare outputs that have no gradient (indices, masks): they get no grad_fn."""
        self._non_differentiable.extend(tensors)

    def mark_dirty(self, *tensors: Any) -> None:
        """Accepted for PyTorch's API and ignored.

        Note:
            PyTorch needs it when forward modifies an input in place and returns it: the input
            itself then becomes the output. Here the returned input is detached into a new tensor
            over the same storage, and the input's own history is left as it was.
        """
        pass  # pytensor records in-place writes through apply_inplace instead

    def set_materialize_grads(self, value: bool) -> None:
        """With False, backward receives None (not zeros) for outputs that got no gradient."""
        self.materialize_grads = value


class Function:
    """Subclass with static `forward(ctx, *args)` and `backward(ctx, *grad_outputs)`, then call
    `YourFunction.apply(*args)`.

    `backward` gets one gradient per output of forward (the ones that are floating tensors) and
    returns one gradient per argument of forward: a tensor, or None for arguments that are not
    tensors or need no gradient.

    Note:
        Only the classic style is supported: `forward` takes `ctx` first. PyTorch's newer
        `setup_context`, `vmap`, `jvp` and `once_differentiable` are not.

    Examples:
        >>> import pytensor
        >>> class Cube(pytensor.autograd.Function):
        ...     @staticmethod
        ...     def forward(ctx, x):
        ...         ctx.save_for_backward(x)
        ...         return x ** 3
        ...     @staticmethod
        ...     def backward(ctx, grad_output):
        ...         (x,) = ctx.saved_tensors
        ...         return grad_output * 3 * x ** 2
        >>> x = pytensor.tensor([1.0, 2.0], requires_grad=True)
        >>> y = Cube.apply(x)
        >>> y
        tensor([1., 8.], grad_fn=<CubeBackward>)
        >>> y.sum().backward()
        >>> x.grad
        tensor([ 3., 12.])
    """

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:
        """Compute the outputs from the inputs; runs under `no_grad()`. Override it.

        Args:
            ctx: the `FunctionCtx` to save what backward needs.
            *args: the arguments given to `apply`.
            **kwargs: the keyword arguments given to `apply`.
        """
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:
        """Compute the inputs' gradients from the outputs'. Override it.

        Args:
            ctx: the same `FunctionCtx` forward received.
            *grad_outputs: one gradient per differentiable output of forward.

        Returns:
            One gradient (or None) per argument of forward; a single value when there is one.
        """
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom "
            "autograd.Function to use it with backward mode AD."
        )

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        """Run forward without recording, then record one Node whose backward calls yours.

        It is the same mechanism every built-in op uses; the node is named `{ClassName}Backward`.

        Outputs that forward returns unchanged from its inputs are detached first, so that they can
        carry the new node. Integer outputs and those marked non-differentiable get no node.

        Args:
            *args: passed to forward after `ctx`.
            **kwargs: passed to forward.

        Returns:
            What forward returned, with grad_fn set on the differentiable outputs when some tensor
            argument requires grad.
        """
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
            node.user_backward = True
            for nr, out in enumerate(differentiable):
                out._set_grad_fn(node, nr)
        return outputs if isinstance(result, tuple) else outputs[0]
