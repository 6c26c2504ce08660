"""Where a Tensor meets plain Python and NumPy values: NumPy scalars in arithmetic, comparisons
with things that are not numbers, and what may be assigned to `.grad`.

>>> import numpy as np
>>> import pytensor
>>> t = pytensor.tensor([1.0, 2.0])
>>> np.float64(2) * t, t == "abc"
(tensor([2., 4.]), False)
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from .tensor import Tensor


def python_number(x: Any) -> Any:
    """A NumPy scalar as the Python number it holds; anything else unchanged.

    PyTorch treats `np.float32(2)` like the Python float 2.0: it is a "wrapped number" that does
    not widen a tensor's dtype, so `float32_tensor * np.float64(2)` stays float32. A NumPy bool
    counts as a float there (`bool_tensor * np.bool_(True)` is float32 in torch), so it does here.

    Examples:
        >>> import numpy as np
        >>> python_number(np.float32(2.5)), python_number(np.int64(3)), python_number("a")
        (2.5, 3, 'a')
    """
    numpy = sys.modules.get("numpy")  # NumPy is optional: unimported, x cannot be its scalar
    if numpy is None or not isinstance(x, numpy.generic):
        return x
    kind = x.dtype.kind
    if kind == "b":
        return float(x)
    if kind in "iuf":
        return x.item()
    return x


def is_operand(x: object) -> bool:
    """Whether `x` can meet a tensor in a comparison: a tensor, a Python or NumPy number.

    For anything else (`"abc"`, None, a list) the Tensor's comparison operators return
    NotImplemented, so that Python answers `t == "abc"` with False and `t != None` with True,
    as it does for PyTorch, and `"abc" in (t, "abc")` works.
    """
    from .tensor import Tensor

    if isinstance(x, (Tensor, bool, int, float)):
        return True
    return python_number(x) is not x


# The C++ names of the element types, as caffe2's TypeMeta spells them in PyTorch's messages
# ("a gradient with dtype 'double'"); the ScalarType names ("Float") are `dtype.type_name`.
CPP_NAMES = {
    "bool": "bool", "uint8": "unsigned char", "int8": "signed char", "int16": "short int",
    "int32": "int", "int64": "long int", "float16": "c10::Half", "float32": "float",
    "float64": "double",
}  # fmt: skip


def check_grad(t: Tensor, grad: object) -> None:
    """Refuse a `.grad` that PyTorch refuses: not a tensor, or not of t's size and dtype.

    Raises:
        TypeError: `grad` is neither a tensor nor None.
        RuntimeError: its size or dtype differs from t's.
    """
    from .tensor import Tensor

    if grad is None:
        return
    if not isinstance(grad, Tensor):
        kind = type(grad)
        name = kind.__qualname__
        if kind.__module__ != "builtins":  # torch names numpy.ndarray in full
            name = f"{kind.__module__}.{name}"
        raise TypeError(
            f"assigned grad expected to be a Tensor or None but got grad of type {name}"
        )
    if grad.shape != t.shape:
        raise RuntimeError(
            f"attempting to assign a gradient of size '{list(grad.shape)}' to a tensor of size "
            f"'{list(t.shape)}'. Please ensure that the gradient and the tensor are the same size"
        )
    if grad.dtype is not t.dtype:
        raise RuntimeError(
            f"attempting to assign a gradient with dtype '{CPP_NAMES[grad.dtype.name]}' to a "
            f"tensor with grad_dtype '{t.dtype.type_name}'. The gradient must match the "
            "tensor's grad_dtype (defaults to the tensor's dtype). You can set the tensor's "
            "grad_dtype attribute with a specific dtype, or None to allow any dtype. Set "
            "grad_dtype with caution. Diverging the dtypes of a tensor and its gradient may break "
            "downstream systems that assume they match."
        )


# NumPy's names that PyTorch's argument parser accepts for its own, in every function.
_NUMPY_NAMES = {"axis": "dim", "keepdims": "keepdim"}

F = TypeVar("F", bound=Callable[..., Any])


def _torch_names(name: str, kwargs: dict[str, Any]) -> dict[str, Any]:
    """kwargs with `axis` renamed `dim` and `keepdims` renamed `keepdim`; both spellings of one
    argument at once is Python's error for an argument given twice."""
    renamed = dict(kwargs)
    for numpy_name, torch_name in _NUMPY_NAMES.items():
        if numpy_name in renamed:
            if torch_name in renamed:
                raise TypeError(f"{name}() got multiple values for argument '{torch_name}'")
            renamed[torch_name] = renamed.pop(numpy_name)
    return renamed


def numpy_names(fn: F) -> F:
    """Let `fn` take `axis=` for `dim=` and `keepdims=` for `keepdim=`, as PyTorch does
    (`x.sum(axis=0)`, `x.mean(1, keepdims=True)`, `torch.cat(ts, axis=0)`)."""

    @functools.wraps(fn)
    def with_numpy_names(*args: Any, **kwargs: Any) -> Any:
        if "axis" in kwargs or "keepdims" in kwargs:
            kwargs = _torch_names(fn.__name__, kwargs)
        return fn(*args, **kwargs)

    return with_numpy_names  # type: ignore[return-value]


__all__ = ["CPP_NAMES", "check_grad", "is_operand", "numpy_names", "python_number"]
