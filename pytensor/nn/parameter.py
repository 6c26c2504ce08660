"""Parameter: a Tensor that a Module registers as learnable when it is assigned as an attribute.

A Parameter is an ordinary leaf tensor (it shares its data's storage) with `requires_grad=True`
by default. Its only special power is in `Module.__setattr__`, which puts it in `_parameters`
so that `model.parameters()` finds it.

>>> import pytensor
>>> from pytensor.nn import Parameter
>>> Parameter(pytensor.zeros(2)).requires_grad
True
"""

from __future__ import annotations

from typing import Any

from ..ops.creation import empty
from ..tensor import Tensor


class Parameter(Tensor):
    """A Tensor that a Module registers as learnable when it is assigned as an attribute.

    A Parameter is a leaf tensor that shares the storage of `data` (no copy) and requires grad by
    default; `Module.__setattr__` puts it in `_parameters`, so `parameters()` and `state_dict()`
    find it. It prints as `Parameter containing:` followed by the tensor.

    Args:
        data: the tensor to wrap. Default: None (an empty tensor).
        requires_grad: whether autograd records operations on it. Default: True.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> p = nn.Parameter(pytensor.zeros(2))
        >>> p
        Parameter containing:
        tensor([0., 0.], requires_grad=True)
        >>> class Scale(nn.Module):
        ...     def __init__(self):
        ...         super().__init__()
        ...         self.factor = nn.Parameter(pytensor.ones(1))
        >>> [name for name, _ in Scale().named_parameters()]
        ['factor']
    """

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True) -> None:
        if data is None:
            data = empty(0)
        # Share the storage and layout of `data`, as torch's Parameter does (no copy).
        self._init(data._storage, data.shape, data._strides, data._offset, data.dtype)
        if requires_grad and not data.dtype.is_floating_point:
            # PyTorch's words for an integer Parameter, those of its tensor factories.
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        self.requires_grad = requires_grad

    def __repr__(self) -> str:
        from .._tensor_str import parameter_repr

        return parameter_repr(self)

    def __reduce_ex__(self, protocol: Any) -> Any:
        # copy.deepcopy and pickle rebuild a Parameter from a detached copy of its data.
        return (_rebuild_parameter, (self.detach().clone(), self.requires_grad))

    __hash__ = Tensor.__hash__


def _rebuild_parameter(data: Tensor, requires_grad: bool) -> Parameter:
    return Parameter(data, requires_grad)
