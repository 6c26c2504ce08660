"""Elementwise ops, each with its backward right beside it.

Every op has the same three steps: promote dtypes and broadcast (`elementwise`), call one backend
primitive, and `record` a closure that computes the input gradients with tensor ops (so that
gradients of gradients work). Broadcast gradients are summed back to shape by the engine.

Shapes: the operands of a binary op broadcast together as in NumPy (sizes are matched from the
right; a size-1 or missing dim stretches), and the result has the broadcast shape. A unary op
returns the shape of its input. The result dtype is `pytensor.result_type` of the operands.

>>> import pytensor
>>> pytensor.tensor([[1], [2]]) * pytensor.tensor([10, 20, 30])
tensor([[10, 20, 30],
        [20, 40, 60]])
"""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable
from typing import Union

from .. import dtypes
from .._device import device, same_device
from .._interop import python_number
from .._layout import broadcast_shapes, expand_strides
from ..autograd.grad_mode import no_grad
from ..autograd.graph import record
from ..backends import View, backend_for
from ..dtypes import Number, dtype
from ..tensor import Tensor
from .arguments import write_out
from .creation import constant, from_values, new_tensor

TensorOrNumber = Union[Tensor, bool, int, float]


# --- the shared plumbing ------------------------------------------------------------------



def not_implemented(kernel: str, dt: dtype) -> NotImplementedError:
    """PyTorch's error for a kernel that has no version for a dtype (shared plumbing).

    Args:
        kernel: the kernel's name in PyTorch's message, such as `"abs_cpu"`.
        dt: the dtype that has no kernel.

    Returns:
        The `NotImplementedError` to raise, worded as PyTorch words it.
    """
    return NotImplementedError(f"\"{kernel}\" not implemented for '{dt.type_name}'")


def as_operands(
    a: TensorOrNumber, b: TensorOrNumber, *, float_result: bool = False
) -> tuple[Tensor, Tensor, dtype]:
    """Turn Python numbers into 0-dim tensors of the promoted dtype, on the tensor's device.

    With `float_result` (true division), integer promotion goes to the default float dtype
    first, so `int8_tensor / 1000` never squeezes 1000 into an int8. A 0-dim CPU tensor joins a
    tensor on another device as a number would, as in PyTorch. Shared plumbing of the binary ops.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of the two is a tensor.
        float_result: promote integer results to the default float dtype.

    Returns:
        `(a, b, dtype)`: both operands as tensors (not yet cast) and the dtype to compute in.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.pointwise import as_operands
        >>> a, b, common = as_operands(pytensor.tensor([1, 2], dtype=pytensor.int8), 2.5)
        >>> b, common
        (tensor(2.5000), pytensor.float32)
    """
    if isinstance(a, Tensor) and isinstance(b, Tensor) and a.dtype is b.dtype:
        # Two tensors of one dtype on one device object (the usual case): nothing to promote.
        if a._storage.device is b._storage.device and not float_result:
            return a, b, a.dtype
    a = python_number(a)  # np.float32(2) acts as the Python float 2.0
    b = python_number(b)
    common = dtypes.result_type(a, b)
    if float_result and not common.is_floating_point:
        common = dtypes.get_default_dtype()
    like = a if isinstance(a, Tensor) else b
    assert isinstance(like, Tensor), "at least one operand must be a tensor"
    if not isinstance(a, Tensor):
        a = constant(a, common, like.device)
    if not isinstance(b, Tensor):
        b = constant(b, common, like.device)
    if a.device != b.device:
        # As in PyTorch, a 0-dim CPU tensor may join a device tensor: it acts as a number.
        if a.dim() == 0 and a.device.type == "cpu":
            a = a.to(b.device)
        elif b.dim() == 0 and b.device.type == "cpu":
            b = b.to(a.device)
        else:
            same_device(a, b)
    return a, b, common


def cast(x: Tensor, dt: dtype) -> Tensor:
    """`x` converted to `dt` (not recorded in the graph; ops record their own backward).

    Shared plumbing: a copy through the backend's `copy` primitive, or `x` itself when it
    already has the dtype.

    Args:
        x: any tensor.
        dt: the dtype wanted.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.pointwise import cast
        >>> cast(pytensor.tensor([1.7, -1.7]), pytensor.int32)
        tensor([ 1, -1], dtype=pytensor.int32)
    """
    if x.dtype is dt:
        return x
    out = new_tensor(x.shape, dt, x.device)
    x.backend.copy(x.view_of(), out.view_of())
    return out


def broadcast_view(x: Tensor, shape: tuple[int, ...]) -> View:
    """The layout that reads `x` as `shape`: broadcast dims get stride 0, nothing is copied.

    Args:
        x: a tensor whose shape broadcasts to `shape`.
        shape: the target shape.

    Returns:
        A backend `View` (buffer, shape, strides, offset, dtype) for a kernel to read.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.pointwise import broadcast_view
        >>> broadcast_view(pytensor.zeros(3, 1), (2, 3, 4)).strides
        (0, 1, 0)
    """
    if x._shape == shape:  # nothing to broadcast: the tensor's own layout
        return x.view_of()
    strides = expand_strides(x.shape, x._strides, shape)
    return View(x._storage.buffer, shape, strides, x._offset, x.dtype)


def binary_kernel(
    op: str, a: Tensor, b: Tensor, compute: dtype, out_dtype: dtype, into: Tensor | None = None
) -> Tensor:
    """Run backend.binary(op) on a and b cast to `compute`, broadcast to a common shape.

    Shared plumbing of the binary ops: nothing is recorded in the graph here.

    Args:
        op: the primitive's op name, such as `"add"` or `"lt"`.
        a: the first operand.
        b: the second operand.
        compute: the dtype both operands are cast to before the kernel runs.
        out_dtype: the dtype of the result (bool for comparisons).
        into: a tensor to write the result into, used when it has the result's shape and
            dtype (the in-place methods pass their tensor; see `ops/inplace.py`).

    Returns:
        A new tensor of the broadcast shape, or `into`.
    """
    shape = broadcast_shapes(a._shape, b._shape)
    if a.dtype is not compute:
        a = cast(a, compute)
    if b.dtype is not compute:
        b = cast(b, compute)
    dev = a._storage.device if a._shape else b._storage.device  # a 0-dim CPU a may join b's
    out = result_tensor(shape, out_dtype, dev, into)
    a_view = broadcast_view(a, shape)
    b_view = broadcast_view(b, shape)
    out_view = out.view_of()
    kernels = backend_for(dev)
    kernels.binary(op, a_view, b_view, out_view)
    return out


def addcmul_kernel(
    a: Tensor, b: Tensor, c: Tensor, compute: dtype, into: Tensor | None = None
) -> Tensor:
    """Run backend.addcmul: `a + b * c` rounded once, on the three cast to `compute` and
    broadcast (shared plumbing, no graph). `into` as in `binary_kernel`.

    PyTorch's kernels for `a + alpha * b`, `lerp` and `addcmul` end with a fused multiply-add:
    the product is not rounded before the addition. This primitive is that last step.
    """
    same_device(a, b, c)
    shape = broadcast_shapes(a.shape, b.shape, c.shape)
    a, b, c = cast(a, compute), cast(b, compute), cast(c, compute)
    out = result_tensor(shape, compute, a.device, into)
    views = [broadcast_view(t, shape) for t in (a, b, c)]
    out.backend.addcmul(views[0], views[1], views[2], out.view_of())
    return out


def result_tensor(
    shape: tuple[int, ...], dt: dtype, dev: device, into: Tensor | None
) -> Tensor:
    """`into` when it can hold the result (same shape, dtype and device), else a new tensor."""
    if into is None:
        return new_tensor(shape, dt, dev)
    if into.shape == shape and into.dtype is dt and into.device == dev:
        return into
    return new_tensor(shape, dt, dev)


def unary_kernel(op: str, x: Tensor, out_dtype: dtype | None = None) -> Tensor:
    """Run backend.unary(op) on `x` into a new tensor of x's shape (shared plumbing, no graph).

    Args:
        op: the primitive's op name, such as `"exp"`.
        x: the input tensor.
        out_dtype: the result's dtype; default: x's dtype.
    """
    out = new_tensor(x.shape, out_dtype or x.dtype, x.device)
    x.backend.unary(op, x.view_of(), out.view_of())
    return out


def float_input(x: Tensor) -> Tensor:
    """Integer and bool inputs of float functions (exp, sqrt, ...) become the default float.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.pointwise import float_input
        >>> float_input(pytensor.tensor([1, 2])).dtype
        pytensor.float32
    """
    return x if x.dtype.is_floating_point else cast(x, dtypes.get_default_dtype())


# --- arithmetic -----------------------------------------------------------------------------


def _check_alpha(common: dtype, alpha: Number) -> None:
    if not common.is_floating_point and isinstance(alpha, float):
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating point number."
        )


def add(
    a: TensorOrNumber, b: TensorOrNumber, *, alpha: Number = 1, into: Tensor | None = None,
    out: Tensor | None = None,
) -> Tensor:
    """Adds `alpha * b` to `a`, element-wise, with broadcasting and type promotion.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.
        alpha: the multiplier of `b`. It may not be a float when both operands are integers.
        into: where to write the result when it has the result's shape and dtype (the in-place
            methods' way to skip a copy); a new tensor otherwise. Not PyTorch's `out=`.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype.

    Note:
        With `alpha != 1`, `a + alpha * b` is rounded once, as PyTorch's fused multiply-add is
        (the `addcmul` primitive).

    Examples:
        >>> import pytensor
        >>> pytensor.add(pytensor.tensor([1, 2]), 10)
        tensor([11, 12])
        >>> pytensor.add(pytensor.tensor([1.0, 2.0]), pytensor.tensor([[1.0], [2.0]]), alpha=0.5)
        tensor([[1.5000, 2.5000],
                [2.0000, 3.0000]])
    """
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("add", add(a, b, alpha=alpha), out)
    a, b, common = as_operands(a, b)
    if alpha == 1:
        result = binary_kernel("add", a, b, common, common, into)
    else:
        _check_alpha(common, alpha)
        scale = constant(alpha, common, a.device)  # ATen rounds alpha to the dtype
        result = addcmul_kernel(a, b, scale, common, into)
    return record(result, "AddBackward0", lambda g: (g, g if alpha == 1 else g * alpha), (a, b))


def sub(
    a: TensorOrNumber, b: TensorOrNumber, *, alpha: Number = 1, into: Tensor | None = None,
    out: Tensor | None = None,
) -> Tensor:
    """Subtracts `alpha * b` from `a`, element-wise, with broadcasting and type promotion.

    Args:
        a: a tensor or a Python number (`1 - x` records `RsubBackward1`, as in PyTorch).
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.
        alpha: the multiplier of `b`. It may not be a float when both operands are integers.
        into: as in `add`.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype.

    Raises:
        RuntimeError: for bool operands, with PyTorch's hint to use `~` or `logical_xor`.

    Examples:
        >>> import pytensor
        >>> pytensor.sub(pytensor.tensor([5.0, 7.0]), pytensor.tensor([1.0, 2.0]), alpha=2)
        tensor([3., 3.])
        >>> 1 - pytensor.tensor([0.25, 1.0])
        tensor([0.7500, 0.0000])
    """
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("sub", sub(a, b, alpha=alpha), out)
    scalar_first = not isinstance(a, Tensor)
    if isinstance(a, bool) or isinstance(b, bool):
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    a, b, common = as_operands(a, b)
    if common.kind == "b":
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
            "or `logical_xor()` operator instead."
        )
    if a.dtype.kind == "b" or b.dtype.kind == "b":
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    if alpha == 1:
        result = binary_kernel("sub", a, b, common, common, into)
    else:
        _check_alpha(common, alpha)
        # a - b * alpha is a + b * (-alpha): negating is exact, and ATen rounds alpha first.
        scale = constant(-dtypes.to_storage(common, [alpha])[0], common, a.device)
        result = addcmul_kernel(a, b, scale, common, into)
    if scalar_first:  # `1 - x` is rsub(x, 1): the number is not an input of the graph
        return record(result, "RsubBackward1", lambda g: (_scaled(g, -alpha),), (b,))
    return record(result, "SubBackward0", lambda g: (g, _scaled(g, -alpha)), (a, b))


def _scaled(g: Tensor, factor: Number) -> Tensor:
    """g * factor, without a kernel for the factors 1 and -1 (the backward of add and sub)."""
    return g if factor == 1 else -g if factor == -1 else g * factor


def mul(
    a: TensorOrNumber, b: TensorOrNumber, *, into: Tensor | None = None, out: Tensor | None = None
) -> Tensor:
    """Multiplies `a` by `b`, element-wise, with broadcasting and type promotion (`a * b`).

    The backward saves only what a needed gradient reads: `b` for a's gradient, `a` for b's.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.
        into: as in `add`.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype.

    Examples:
        >>> import pytensor
        >>> pytensor.mul(pytensor.tensor([[1], [2]]), pytensor.tensor([1, 10, 100]))
        tensor([[  1,  10, 100],
                [  2,  20, 200]])
        >>> pytensor.tensor([1.5, 2.0]) * 2
        tensor([3., 4.])
    """
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("mul", mul(a, b), out)
    a, b, common = as_operands(a, b)
    result = binary_kernel("mul", a, b, common, common, into)
    need_a, need_b = a.requires_grad, b.requires_grad

    def backward(g: Tensor) -> tuple[Tensor | None, Tensor | None]:
        return (g * b if need_a else None, g * a if need_b else None)

    # Save only what a needed gradient reads: d(a*b)/da = b, d(a*b)/db = a.
    saved = [b] * need_a + [a] * need_b
    return record(result, "MulBackward0", backward, (a, b), saved=saved)


def div(
    a: TensorOrNumber,
    b: TensorOrNumber,
    *,
    rounding_mode: str | None = None,
    into: Tensor | None = None,
    out: Tensor | None = None,
) -> Tensor:
    """Divides `a` by `b`, element-wise (`a / b`); integers give a float result.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.
        rounding_mode: None for true division; `"trunc"` rounds the quotient toward zero and
            `"floor"` toward -inf, keeping the promoted dtype (an integer stays an integer).
        into: as in `add` (used by true division).
        out: a tensor to write the result into (resized if its shape differs), returned.

    Returns:
        The broadcast shape of `a` and `b`. True division of integers gives the default float
        dtype.

    Examples:
        >>> import pytensor
        >>> a = pytensor.tensor([7, -7])
        >>> pytensor.div(a, 2)
        tensor([ 3.5000, -3.5000])
        >>> pytensor.div(a, 2, rounding_mode="trunc"), pytensor.div(a, 2, rounding_mode="floor")
        (tensor([ 3, -3]), tensor([ 3, -4]))
    """
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("div", div(a, b, rounding_mode=rounding_mode), out)
    if rounding_mode is not None:
        return _rounded_divide(a, b, rounding_mode)
    a, b, common = as_operands(a, b, float_result=True)
    result = binary_kernel("div", a, b, common, common, into)
    need_a, need_b = a.requires_grad, b.requires_grad

    def backward(g: Tensor) -> tuple[Tensor | None, Tensor | None]:
        return (g / b if need_a else None, -g * a / (b * b) if need_b else None)

    saved = [b] + [a] * need_b
    return record(result, "DivBackward0", backward, (a, b), saved=saved)


def _not_differentiable(out: Tensor, name: str, inputs: tuple[Tensor, ...]) -> Tensor:
    """Record a node whose backward refuses, as PyTorch's NotImplemented node does."""

    def backward(g: Tensor) -> tuple[Tensor, ...]:
        raise RuntimeError(f"derivative for aten::{name} is not implemented")

    return record(out, "torch::autograd::NotImplemented", backward, inputs)


def floor_divide(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """Divides `a` by `b` and rounds the quotient toward -inf, element-wise (`a // b`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype. As in PyTorch, it has no
        derivative: a backward through it raises.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([7, -7]) // 2
        tensor([ 3, -4])
        >>> pytensor.floor_divide(pytensor.tensor([7.5]), 2)
        tensor([3.])
    """
    a, b, common = as_operands(a, b)
    if common.kind == "b":
        raise not_implemented("div_floor_cpu", common)
    out = binary_kernel("floor_divide", a, b, common, common)
    return _not_differentiable(out, "floor_divide", tuple(t for t in (a, b) if t.requires_grad))


def _rounded_divide(a: TensorOrNumber, b: TensorOrNumber, mode: str) -> Tensor:
    """div(a, b, rounding_mode="floor" or "trunc"): the quotient rounded; gradient zero."""
    if mode not in ("floor", "trunc"):
        raise ValueError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{mode}'"
        )
    a, b, common = as_operands(a, b)
    with no_grad():
        if mode == "floor":
            out = binary_kernel("floor_divide", a, b, common, common)
        elif common.is_floating_point:
            out = trunc(binary_kernel("div", a, b, common, common))
        else:
            # Integers: floor division rounds toward -inf; step back by one where signs differ.
            inexact = ne(remainder(a, b), 0)
            signs_differ = ne(lt(a, 0), lt(b, 0))
            correction = cast(logical_and(inexact, signs_differ), common)
            out = add(binary_kernel("floor_divide", a, b, common, common), correction)
    return record(out, "DivBackward2", lambda g: (g * 0, g * 0), (a, b))


def remainder(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """The remainder of `a / b`, with the sign of `b`, element-wise (`a % b`, Python's `%`).

    Computed as `a - floor(a / b) * b`.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype.

    Examples:
        >>> import pytensor
        >>> pytensor.remainder(pytensor.tensor([5, -5]), 3)
        tensor([2, 1])
        >>> pytensor.tensor([5.5, -5.5]) % -2
        tensor([-0.5000, -1.5000])
    """
    scalar_divisor, scalar_dividend = not isinstance(b, Tensor), not isinstance(a, Tensor)
    a, b, common = as_operands(a, b)
    if common.kind == "b":
        raise not_implemented("remainder_cpu", common)
    out = binary_kernel("remainder", a, b, common, common)
    if scalar_dividend:  # `5 % x`: PyTorch has no derivative for the divisor
        return _not_differentiable(out, "remainder", (b,))
    if scalar_divisor:
        return record(out, "RemainderBackward0", lambda g: (g,), (a,))
    with no_grad():
        quotient = floor_divide(a, b)
    return record(out, "RemainderBackward1", lambda g: (g, -g * quotient), (a, b))


def fmod(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """The remainder of `a / b`, with the sign of `a`, element-wise (C's `fmod`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype.

    Note:
        PyTorch's `fmod` takes a tensor for `a`; pytensor also accepts a number there.

    Examples:
        >>> import pytensor
        >>> pytensor.fmod(pytensor.tensor([5, -5]), 3)
        tensor([ 2, -2])
    """
    scalar_divisor = not isinstance(b, Tensor)
    a, b, common = as_operands(a, b)
    if common.kind == "b":
        raise not_implemented("fmod_cpu", common)
    out = binary_kernel("fmod", a, b, common, common)
    if scalar_divisor:
        return record(out, "FmodBackward0", lambda g: (g,), (a,))
    return record(out, "FmodBackward1", lambda g: (g, -g * trunc(div(a, b))), (a, b))


_SQRT_POWERS = (dtypes.float32, dtypes.float64)  # the dtypes where x ** 0.5 is sqrt(x)


def pow(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:  # noqa: A001 - torch.pow
    """Raises `a` to the power `b`, element-wise (`a ** b`).

    Args:
        a: the base, a tensor or a Python number.
        b: the exponent, a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype (an integer tensor to an
        integer power stays an integer). A number is not an input of the graph: `x ** 2` records
        `PowBackward0` with one edge, as in PyTorch.

    Raises:
        RuntimeError: for an integer tensor to a negative integer power.

    Examples:
        >>> import pytensor
        >>> pytensor.pow(pytensor.tensor([1, 2, 3]), 2)
        tensor([1, 4, 9])
        >>> 2 ** pytensor.tensor([0.5, 3.0])
        tensor([1.4142, 8.0000])
    """
    base_is_tensor, exponent_is_tensor = isinstance(a, Tensor), isinstance(b, Tensor)
    if not exponent_is_tensor and isinstance(b, int) and b < 0 and isinstance(a, Tensor):
        if not a.dtype.is_floating_point:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
    if not exponent_is_tensor and isinstance(a, Tensor) and a.dtype is dtypes.float16:
        if isinstance(b, (int, float)) and math.isfinite(b) and builtins.abs(b) > 65504:
            raise RuntimeError("value cannot be converted to type at::Half without overflow")
    exponent = b
    a, b, common = as_operands(a, b)
    if common.kind == "b" and exponent_is_tensor:
        raise not_implemented("pow", common)
    if not exponent_is_tensor and common in _SQRT_POWERS and exponent in (0.5, -0.5):
        # ATen's pow(tensor, scalar) runs sqrt for 0.5 and rsqrt for -0.5 (float and double;
        # float16 takes pow). They differ from pow where IEEE-754 does: sqrt(-0.) is -0. and
        # sqrt(-inf) is nan, where pow gives 0. and inf.
        out = unary_kernel("sqrt" if exponent == 0.5 else "rsqrt", cast(a, common))
    else:
        out = binary_kernel("pow", a, b, common, common)

    def grad_base(g: Tensor) -> Tensor:
        # g * (b * a**(b-1)), in ATen's order: 2 * x may overflow to inf before g scales it.
        return g * (b * where(eq(b, 0), 0.0, a ** (b - 1)))

    def grad_exponent(g: Tensor) -> Tensor:
        # d/db a**b = a**b * log(a); define it as 0 where a == 0 and b >= 0, as PyTorch does.
        return g * where(logical_and(eq(a, 0), ge(b, 0)), 0.0, out * log(a))

    # A Python number is not an input of the graph: x ** 2 has one edge, as in PyTorch.
    if not exponent_is_tensor:
        return record(out, "PowBackward0", lambda g: (grad_base(g),), (a,), saved=(a,))
    if not base_is_tensor:
        return record(out, "PowBackward2", lambda g: (grad_exponent(g),), (b,), saved=(b, out))
    return record(
        out, "PowBackward1", lambda g: (grad_base(g), grad_exponent(g)), (a, b), saved=(a, b, out)
    )


def square(x: Tensor) -> Tensor:
    """`x * x`, element-wise, computed as `pow(x, 2)` (its grad_fn is `PowBackward0`).

    Examples:
        >>> import pytensor
        >>> pytensor.square(pytensor.tensor([-2.0, 3.0]))
        tensor([4., 9.])
    """
    return pow(x, 2)


def maximum(a: Tensor, b: Tensor) -> Tensor:
    """The larger of `a` and `b`, element-wise, with broadcasting; nan wins.

    Where `a == b` each operand gets half of the gradient, as in PyTorch.

    Args:
        a: a tensor.
        b: a tensor.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype.

    Note:
        PyTorch requires `b` to be a tensor; pytensor also accepts a number.

    Examples:
        >>> import pytensor
        >>> pytensor.maximum(pytensor.tensor([1.0, 5.0]), pytensor.tensor([3.0, 2.0]))
        tensor([3., 5.])
    """
    a, b, common = as_operands(a, b)
    out = binary_kernel("maximum", a, b, common, common)
    return record(
        out, "MaximumBackward0", lambda g: _minmax_grads(g, a, b, lt), (a, b), saved=(a, b)
    )


def minimum(a: Tensor, b: Tensor) -> Tensor:
    """The smaller of `a` and `b`, element-wise, with broadcasting; nan wins.

    Where `a == b` each operand gets half of the gradient, as in PyTorch.

    Args:
        a: a tensor.
        b: a tensor.

    Returns:
        The broadcast shape of `a` and `b`, in their promoted dtype.

    Note:
        PyTorch requires `b` to be a tensor; pytensor also accepts a number.

    Examples:
        >>> import pytensor
        >>> pytensor.minimum(pytensor.tensor([1.0, 5.0]), pytensor.tensor([3.0, 2.0]))
        tensor([1., 2.])
    """
    a, b, common = as_operands(a, b)
    out = binary_kernel("minimum", a, b, common, common)
    return record(
        out, "MinimumBackward0", lambda g: _minmax_grads(g, a, b, gt), (a, b), saved=(a, b)
    )


def _minmax_grads(
    g: Tensor, a: Tensor, b: Tensor, lose: Callable[..., Tensor]
) -> tuple[Tensor, Tensor]:
    """The gradient goes to the operand that was picked and ties split it in half, as in ATen:
    where(a == b, g / 2, g), zeroed where the operand lost. A nan loses no comparison, so both
    operands then receive g, as in PyTorch. `lose` is lt for maximum and gt for minimum."""
    shared = where(eq(a, b), g / 2, g)
    return where(lose(a, b), 0.0, shared), where(lose(b, a), 0.0, shared)


def atan2(a: Tensor, b: Tensor) -> Tensor:
    """The angle of the point `(b, a)`, in radians in [-pi, pi], element-wise: `atan(a / b)` with
    the quadrant taken from the signs.

    Args:
        a: the y coordinates, a tensor.
        b: the x coordinates, a tensor; `a` and `b` broadcast.

    Returns:
        The broadcast shape; integer inputs give the default float dtype.

    Note:
        PyTorch requires `b` to be a tensor; pytensor also accepts a number.

    Examples:
        >>> import pytensor
        >>> pytensor.atan2(pytensor.tensor([1.0, 1.0]), pytensor.tensor([1.0, -1.0]))
        tensor([0.7854, 2.3562])
    """
    a, b, common = as_operands(a, b)
    common = common if common.is_floating_point else dtypes.get_default_dtype()
    out = binary_kernel("atan2", a, b, common, common)

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        denominator = a * a + b * b
        return g * b / denominator, -g * a / denominator

    return record(out, "Atan2Backward0", backward, (a, b), saved=(a, b))


def lerp(
    start: Tensor, end: Tensor, weight: TensorOrNumber, *, into: Tensor | None = None
) -> Tensor:
    """Linear interpolation, element-wise: `start + weight * (end - start)`.

    As in PyTorch's kernel, weights below 0.5 in magnitude use that form and the others
    `end - (end - start) * (1 - weight)`, so that `weight = 1` gives `end` exactly.

    Args:
        start: the tensor at weight 0.
        end: the tensor at weight 1.
        weight: a number, or a tensor that broadcasts with `start` and `end` (it then gets a
            gradient too).
        into: as in `add`.

    Returns:
        The broadcast shape of the three, in the promoted dtype of `start` and `end`.

    Examples:
        >>> import pytensor
        >>> pytensor.lerp(pytensor.tensor([0.0, 10.0]), pytensor.tensor([1.0, 20.0]), 0.25)
        tensor([ 0.2500, 12.5000])
    """
    name = "LerpBackward1" if isinstance(weight, Tensor) else "LerpBackward0"
    common = dtypes.result_type(start, end)
    # ATen: start + w * (end - start), or end - (end - start) * (1 - w) for |w| >= 0.5, each a
    # fused multiply-add after a rounded difference. end - (end - start) * v is
    # end + (start - end) * v, since a - b is exactly -(b - a).
    with no_grad():
        if isinstance(weight, Tensor):  # each element picks its form
            w = weight
            near_start = addcmul_kernel(start, w, sub(end, start), common)
            near_end = addcmul_kernel(end, sub(start, end), sub(1, w), common)
            out = where(lt(abs(w), 0.5), near_start, near_end)
        else:  # a number picks one form for all
            rounded = dtypes.to_storage(common, [weight])[0]  # ATen rounds w to the dtype
            w = constant(weight, common, start.device)
            if builtins.abs(rounded) < 0.5:
                out = addcmul_kernel(start, w, sub(end, start), common, into)
            else:
                v = constant(1 - rounded, common, start.device)
                out = addcmul_kernel(end, sub(start, end), v, common, into)

    def backward(g: Tensor) -> tuple[Tensor, Tensor, Tensor | None]:
        grad_weight = g * (end - start) if isinstance(weight, Tensor) else None
        return g * (1 - w), g * w, grad_weight

    if not isinstance(weight, Tensor):
        return record(out, name, lambda g: backward(g)[:2], (start, end))
    return record(out, name, backward, (start, end, weight))


def addcmul(
    x: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Number = 1, into: Tensor | None = None
) -> Tensor:
    """`x + value * tensor1 * tensor2`, element-wise, with broadcasting.

    The last multiply-add is rounded once on the CPU, as ATen's fused multiply-add is.

    Args:
        x: the tensor added to.
        tensor1: the first factor.
        tensor2: the second factor.
        value: the multiplier of the product.
        into: as in `add`.

    Returns:
        The broadcast shape of the three tensors, in their promoted dtype.

    Note:
        There is no `pytensor.addcmul`: call it as the method `x.addcmul(...)` (or `addcmul_`).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([1.0, 1.0])
        >>> x.addcmul(pytensor.tensor([2.0, 3.0]), pytensor.tensor([4.0, 5.0]), value=0.5)
        tensor([5.0000, 8.5000])
    """
    common = dtypes.result_type(x, tensor1, tensor2)
    with no_grad():
        scaled = tensor1 if value == 1 else mul(tensor1, value)  # value * tensor1 is rounded
        out = addcmul_kernel(x, scaled, tensor2, common, into)

    def backward(g: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        return g, g * value * tensor2, g * value * tensor1

    return record(out, "AddcmulBackward0", backward, (x, tensor1, tensor2))


def addcdiv(
    x: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Number = 1, into: Tensor | None = None
) -> Tensor:
    """`x + value * tensor1 / tensor2`, element-wise, with broadcasting (rounded after each step, as
    ATen does here).

    Args:
        x: the tensor added to.
        tensor1: the numerator.
        tensor2: the denominator.
        value: the multiplier of the quotient.
        into: as in `add`.

    Returns:
        The broadcast shape of the three tensors, in their promoted dtype.

    Note:
        There is no `pytensor.addcdiv`: call it as the method `x.addcdiv(...)` (or `addcdiv_`).

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([1.0, 1.0])
        >>> x.addcdiv(pytensor.tensor([2.0, 3.0]), pytensor.tensor([4.0, 5.0]), value=2)
        tensor([2.0000, 2.2000])
    """
    with no_grad():
        out = add(x, div(mul(tensor1, value), tensor2), into=into)

    def backward(g: Tensor) -> tuple[Tensor, Tensor, Tensor]:
        return g, g * value / tensor2, -g * value * tensor1 / (tensor2 * tensor2)

    return record(out, "AddcdivBackward0", backward, (x, tensor1, tensor2))


# --- comparisons and logic: bool results, no gradient ---------------------------------------


def _compare(op: str, a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    a, b, common = as_operands(a, b)
    return binary_kernel(op, a, b, common, dtypes.bool_)


def eq(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where `a == b`, element-wise, with broadcasting (`a == b`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape. Comparisons record no graph.

    Examples:
        >>> import pytensor
        >>> pytensor.eq(pytensor.tensor([1, 2, 3]), 2)
        tensor([False,  True, False])
    """
    return _compare("eq", a, b)


def ne(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where `a != b`, element-wise, with broadcasting (`a != b`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape. Comparisons record no graph.

    Examples:
        >>> import pytensor
        >>> pytensor.ne(pytensor.tensor([1, 2, 3]), 2)
        tensor([ True, False,  True])
    """
    return _compare("ne", a, b)


def lt(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where `a < b`, element-wise, with broadcasting (`a < b`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape. Comparisons record no graph.

    Examples:
        >>> import pytensor
        >>> pytensor.lt(pytensor.tensor([1, 2, 3]), 2)
        tensor([ True, False, False])
    """
    return _compare("lt", a, b)


def le(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where `a <= b`, element-wise, with broadcasting (`a <= b`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape. Comparisons record no graph.

    Examples:
        >>> import pytensor
        >>> pytensor.le(pytensor.tensor([1, 2, 3]), 2)
        tensor([ True,  True, False])
    """
    return _compare("le", a, b)


def gt(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where `a > b`, element-wise, with broadcasting (`a > b`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape. Comparisons record no graph.

    Examples:
        >>> import pytensor
        >>> pytensor.gt(pytensor.tensor([1, 2, 3]), 2)
        tensor([False, False,  True])
    """
    return _compare("gt", a, b)


def ge(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where `a >= b`, element-wise, with broadcasting (`a >= b`).

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape. Comparisons record no graph.

    Examples:
        >>> import pytensor
        >>> pytensor.ge(pytensor.tensor([1, 2, 3]), 2)
        tensor([False,  True,  True])
    """
    return _compare("ge", a, b)


def logical_and(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where both `a` and `b` are nonzero, element-wise, with broadcasting.

    Nonzero counts as True.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape.

    Note:
        PyTorch requires `b` to be a tensor; pytensor also accepts a number.

    Examples:
        >>> import pytensor
        >>> a = pytensor.tensor([True, True, False])
        >>> pytensor.logical_and(a, pytensor.tensor([1, 0, 0]))
        tensor([ True, False, False])
    """
    return _compare("logical_and", a, b)


def logical_or(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where `a` or `b` is nonzero, element-wise, with broadcasting.

    Nonzero counts as True.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape.

    Note:
        PyTorch requires `b` to be a tensor; pytensor also accepts a number.

    Examples:
        >>> import pytensor
        >>> a = pytensor.tensor([True, True, False])
        >>> pytensor.logical_or(a, pytensor.tensor([1, 0, 0]))
        tensor([ True,  True, False])
    """
    return _compare("logical_or", a, b)


def logical_xor(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """True where exactly one of `a` and `b` is nonzero, element-wise, with broadcasting.

    Nonzero counts as True.

    Args:
        a: a tensor or a Python number.
        b: a tensor or a Python number; at least one of `a` and `b` is a tensor.

    Returns:
        A bool tensor of the broadcast shape.

    Note:
        PyTorch requires `b` to be a tensor; pytensor also accepts a number.

    Examples:
        >>> import pytensor
        >>> a = pytensor.tensor([True, True, False])
        >>> pytensor.logical_xor(a, pytensor.tensor([1, 0, 0]))
        tensor([False,  True, False])
    """
    return _compare("logical_xor", a, b)


def logical_not(x: Tensor) -> Tensor:
    """True where `x` is zero, element-wise; a bool tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.logical_not(pytensor.tensor([0.0, 2.0]))
        tensor([ True, False])
    """
    return unary_kernel("logical_not", x, dtypes.bool_)


def _bitwise(op: str, a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    a, b, common = as_operands(a, b)
    if common.is_floating_point:
        raise not_implemented(f"{op}_cpu", common)
    return binary_kernel(op, a, b, common, common)


def bitwise_and(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """Bitwise AND of integer or bool tensors, element-wise, with broadcasting (`a & b`).

    Args:
        a: an integer or bool tensor, or a Python int or bool.
        b: an integer or bool tensor, or a Python int or bool; at least one is a tensor.

    Returns:
        The broadcast shape, in the promoted dtype (bool for two bools).

    Raises:
        NotImplementedError: for floating-point operands.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([12, 10]) & 6
        tensor([4, 2])
    """
    return _bitwise("bitwise_and", a, b)


def bitwise_or(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """Bitwise OR of integer or bool tensors, element-wise, with broadcasting (`a | b`).

    Args:
        a: an integer or bool tensor, or a Python int or bool.
        b: an integer or bool tensor, or a Python int or bool; at least one is a tensor.

    Returns:
        The broadcast shape, in the promoted dtype (bool for two bools).

    Raises:
        NotImplementedError: for floating-point operands.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([12, 10]) | 6
        tensor([14, 14])
    """
    return _bitwise("bitwise_or", a, b)


def bitwise_xor(a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """Bitwise XOR of integer or bool tensors, element-wise, with broadcasting (`a ^ b`).

    Args:
        a: an integer or bool tensor, or a Python int or bool.
        b: an integer or bool tensor, or a Python int or bool; at least one is a tensor.

    Returns:
        The broadcast shape, in the promoted dtype (bool for two bools).

    Raises:
        NotImplementedError: for floating-point operands.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([12, 10]) ^ 6
        tensor([10, 12])
    """
    return _bitwise("bitwise_xor", a, b)


def bitwise_not(x: Tensor) -> Tensor:
    """Bitwise NOT of an integer tensor, logical NOT of a bool tensor, element-wise (`~x`).

    Raises:
        NotImplementedError: for a floating-point tensor (`~x` raises TypeError instead, as in
            PyTorch: see `Tensor.__invert__`).

    Examples:
        >>> import pytensor
        >>> ~pytensor.tensor([0, 5]), ~pytensor.tensor([True, False])
        (tensor([-1, -6]), tensor([False,  True]))
    """
    if x.dtype.is_floating_point:
        raise not_implemented("bitwise_not_cpu", x.dtype)
    return unary_kernel("bitwise_not", x)


def isnan(x: Tensor) -> Tensor:
    """True where `x` is nan, element-wise; a bool tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.isnan(pytensor.tensor([1.0, float("nan"), float("inf")]))
        tensor([False,  True, False])
    """
    return unary_kernel("isnan", x, dtypes.bool_)


def isinf(x: Tensor) -> Tensor:
    """True where `x` is +inf or -inf, element-wise; a bool tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.isinf(pytensor.tensor([1.0, float("nan"), float("-inf")]))
        tensor([False, False,  True])
    """
    return unary_kernel("isinf", x, dtypes.bool_)


def isfinite(x: Tensor) -> Tensor:
    """True where `x` is neither nan nor infinite, element-wise; a bool tensor of x's shape.

    Examples:
        >>> import pytensor
        >>> pytensor.isfinite(pytensor.tensor([1.0, float("nan"), float("inf")]))
        tensor([ True, False, False])
    """
    return unary_kernel("isfinite", x, dtypes.bool_)


def allclose(a: Tensor, b: Tensor, rtol: float = 1e-5, atol: float = 1e-8) -> bool:
    """True when every element of `a` is close to the one of `b`: `isclose(a, b, rtol, atol).all()`.

    Args:
        a: a tensor.
        b: a tensor that broadcasts with `a`.
        rtol: the relative tolerance.
        atol: the absolute tolerance.

    Returns:
        A Python bool.

    Note:
        PyTorch's `allclose` also takes `equal_nan`; pytensor's does not (nan is never close).

    Examples:
        >>> import pytensor
        >>> pytensor.allclose(pytensor.tensor([1.0, 2.0]), pytensor.tensor([1.0, 2.0 + 1e-6]))
        True
    """
    return bool(isclose(a, b, rtol, atol).all())


def isclose(
    a: Tensor, b: Tensor, rtol: float = 1e-5, atol: float = 1e-8, equal_nan: bool = False
) -> Tensor:
    """True where `|a - b| <= atol + rtol * |b|`, element-wise, with broadcasting.

    Equal infinities are close; nan is close to nan only with `equal_nan`.

    Args:
        a: a tensor.
        b: a tensor that broadcasts with `a`.
        rtol: the relative tolerance.
        atol: the absolute tolerance.
        equal_nan: count two nans as close.

    Returns:
        A bool tensor of the broadcast shape.

    Examples:
        >>> import pytensor
        >>> pytensor.isclose(pytensor.tensor([1.0, 1.1]), pytensor.tensor([1.0, 1.0]))
        tensor([ True, False])
    """
    close = le(abs(a - b), atol + rtol * abs(b))
    close = logical_or(close, eq(a, b))  # equal infinities
    if equal_nan:
        close = logical_or(close, logical_and(isnan(a), isnan(b)))
    return close


def equal(a: Tensor, b: Tensor) -> bool:
    """True when `a` and `b` have the same shape and the same values.

    Returns:
        A Python bool.

    Examples:
        >>> import pytensor
        >>> pytensor.equal(pytensor.tensor([1, 2]), pytensor.tensor([1, 2]))
        True
        >>> pytensor.equal(pytensor.tensor([1, 2]), pytensor.tensor([[1, 2]]))
        False
    """
    return a.shape == b.shape and bool(eq(a, b).all())


# --- selection ------------------------------------------------------------------------------


def where(condition: Tensor, a: TensorOrNumber, b: TensorOrNumber) -> Tensor:
    """`a` where `condition` is true, else `b`, element-wise; all three broadcast together.

    Args:
        condition: a bool tensor (other dtypes count nonzero as true; PyTorch requires bool).
        a: the values where the condition holds: a tensor or a Python number.
        b: the values elsewhere: a tensor or a Python number.

    Returns:
        The broadcast shape of the three, in the promoted dtype of `a` and `b`. Each of `a` and
        `b` gets the gradient where it was picked.

    Note:
        `pytensor.where(condition)` with one
        argument (the indices of the true elements, as `nonzero(condition, as_tuple=True)`) is
        defined in `pytensor/__init__.py`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([-1.0, 2.0, -3.0])
        >>> pytensor.where(x > 0, x, 0.0)
        tensor([0., 2., 0.])
    """
    if condition.dtype.kind not in "bu":  # uint8 still passes, with a warning in PyTorch
        raise RuntimeError(
            "where expected condition to be a boolean tensor, but got a tensor with dtype "
            f"{condition.dtype.type_name}"
        )
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):  # two numbers, as in torch
        a = constant(a, dtypes.result_type(a, b), condition.device)
    a, b, common = as_operands(a, b)
    if condition.device != a.device and condition.dim() == 0 and condition.device.type == "cpu":
        condition = condition.to(a.device)
    same_device(condition, a, b)
    shape = broadcast_shapes(condition.shape, a.shape, b.shape)
    a_cast, b_cast = cast(a, common), cast(b, common)
    cond = cast(condition, dtypes.bool_)
    out = new_tensor(shape, common, a.device)
    out.backend.where(
        broadcast_view(cond, shape),
        broadcast_view(a_cast, shape),
        broadcast_view(b_cast, shape),
        out.view_of(),
    )

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        return where(cond, g, 0.0), where(cond, 0.0, g)

    return record(out, "WhereBackward0", backward, (a, b))


def clamp(
    x: Tensor,
    min: TensorOrNumber | None = None,
    max: TensorOrNumber | None = None,
    *,
    _name: str = "ClampBackward1",
) -> Tensor:
    """Limits `x` to `[min, max]`, element-wise: `min(max(x, min), max)`; a nan in `x` or in a
    bound gives nan.

    Gradients, as in ATen: x gets g where min <= x <= max; min gets g where x < min < max;
    max gets g where x > max or max < min (then the output is max everywhere).

    Args:
        x: the input tensor (not bool).
        min: the lower bound, a number or a tensor that broadcasts with `x`, or None.
        max: the upper bound, a number or a tensor that broadcasts with `x`, or None.

    Returns:
        The broadcast shape, in the promoted dtype of `x` and the bounds (an integer tensor
        clamped by a float is a float).

    Raises:
        RuntimeError: when both `min` and `max` are None.

    Examples:
        >>> import pytensor
        >>> pytensor.clamp(pytensor.tensor([-2.0, 0.5, 3.0]), min=-1.0, max=1.0)
        tensor([-1.0000,  0.5000,  1.0000])
        >>> pytensor.tensor([1, 5, 9]).clamp(max=pytensor.tensor([2, 2, 10]))
        tensor([1, 2, 9])
    """
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if x.dtype.kind == "b":
        raise not_implemented("clamp_cpu", x.dtype)
    common = dtypes.result_type(*(v for v in (x, min, max) if v is not None))
    device = x.device

    def bound(v: TensorOrNumber | None) -> Tensor | None:
        if v is None or isinstance(v, Tensor):
            return v
        return from_values([v], (), common, device)  # in the result dtype: uint8.clamp(-1) is -1

    low, high = bound(min), bound(max)
    with no_grad():
        out = cast(x, common)
        # A NaN bound makes the result NaN, as ATen's min(max(x, low), high) propagates it.
        if low is not None:
            out = where(logical_or(lt(out, low), isnan(low)), low, out)
        if high is not None:
            out = where(logical_or(gt(out, high), isnan(high)), high, out)

    def backward(g: Tensor) -> tuple[Tensor, Tensor | None, Tensor | None]:
        inside = x.new_ones(x.shape, dtype=dtypes.bool_)
        if low is not None:
            inside = logical_and(inside, ge(x, low))
        if high is not None:
            inside = logical_and(inside, le(x, high))
        grad_low = grad_high = None
        if isinstance(min, Tensor):
            picked_low = lt(x, min) if high is None else logical_and(lt(x, min), lt(min, high))
            grad_low = where(picked_low, g, 0.0)
        if isinstance(max, Tensor):
            picked_high = gt(x, max) if low is None else logical_or(gt(x, max), lt(max, low))
            grad_high = where(picked_high, g, 0.0)
        return where(inside, g, 0.0), grad_low, grad_high

    if isinstance(min, Tensor) or isinstance(max, Tensor):
        tensors = (
            x,
            min if isinstance(min, Tensor) else None,
            max if isinstance(max, Tensor) else None,
        )
        return record(out, "ClampBackward0", backward, tensors, saved=(x,))
    # Numbers are not graph inputs (clamp_min and clamp_max name their nodes differently).
    return record(out, _name, lambda g: backward(g)[:1], (x,), saved=(x,))


def clamp_min(x: Tensor, min: TensorOrNumber) -> Tensor:
    """`clamp(x, min=min)`: limits `x` from below. Its grad_fn is `ClampMinBackward0`.

    Note:
        There is no `pytensor.clamp_min` (PyTorch has `torch.clamp_min`); use the method.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([-2.0, 3.0]).clamp_min(0.0)
        tensor([0., 3.])
    """
    return clamp(x, min, None, _name="ClampMinBackward0")


def clamp_max(x: Tensor, max: TensorOrNumber) -> Tensor:
    """`clamp(x, max=max)`: limits `x` from above. Its grad_fn is `ClampMaxBackward0`.

    Note:
        There is no `pytensor.clamp_max` (PyTorch has `torch.clamp_max`); use the method.

    Examples:
        >>> import pytensor
        >>> pytensor.tensor([-2.0, 3.0]).clamp_max(0.0)
        tensor([-2.,  0.])
    """
    return clamp(x, None, max, _name="ClampMaxBackward0")


def nan_to_num(
    x: Tensor, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """Replaces nan, +inf and -inf by finite numbers, element-wise.

    Args:
        x: the input tensor. An integer tensor has no nan or inf: a copy is returned.
        nan: the value for nan.
        posinf: the value for +inf; default: the dtype's largest finite value.
        neginf: the value for -inf; default: the dtype's lowest finite value.

    Returns:
        A tensor of x's shape and dtype. The gradient flows where x is finite.

    Examples:
        >>> import pytensor
        >>> x = pytensor.tensor([float("nan"), float("inf"), -float("inf"), 1.0])
        >>> pytensor.nan_to_num(x, posinf=100.0)
        tensor([ 0.0000e+00,  1.0000e+02, -3.4028e+38,  1.0000e+00])
    """
    if not x.dtype.is_floating_point:
        return x.clone()  # integers have no nan or inf
    largest = {16: 65504.0, 32: 3.4028234663852886e38, 64: 1.7976931348623157e308}[x.dtype.bits]
    with no_grad():
        out = where(isnan(x), nan, x)
        out = where(eq(out, math.inf), largest if posinf is None else posinf, out)
        out = where(eq(out, -math.inf), -largest if neginf is None else neginf, out)
    return record(
        out, "NanToNumBackward0", lambda g: (where(isfinite(x), g, 0.0),), (x,), saved=(x,)
    )


# --- unary math -----------------------------------------------------------------------------


def neg(x: Tensor) -> Tensor:
    """`-x`, element-wise.

    Raises:
        RuntimeError: for a bool tensor, with PyTorch's hint to use `~`.

    Examples:
        >>> import pytensor
        >>> -pytensor.tensor([1, -2])
        tensor([-1,  2])
    """
    if x.dtype.kind == "b":
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
            "to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    out = unary_kernel("neg", x)
    return record(out, "NegBackward0", lambda g: (-g,), (x,))


def abs(x: Tensor) -> Tensor:  # noqa: A001 - torch.abs
    """`|x|`, element-wise. The gradient is `sign(x)`, so 0 at 0.

    Examples:
        >>> import pytensor
        >>> pytensor.abs(pytensor.tensor([-1.5, 0.0, 2.0]))
        tensor([1.5000, 0.0000, 2.0000])
    """
    if x.dtype.kind == "b":
        raise not_implemented("abs_cpu", x.dtype)
    out = unary_kernel("abs", x)
    return record(out, "AbsBackward0", lambda g: (g * sign(x),), (x,), saved=(x,))


def sign(x: Tensor) -> Tensor:
    """-1, 0 or 1 by the sign of `x`, element-wise, in x's dtype (nan gives 0, as in PyTorch).

    Its gradient is 0.

    Examples:
        >>> import pytensor
        >>> pytensor.sign(pytensor.tensor([-3.0, 0.0, 2.0]))
        tensor([-1.,  0.,  1.])
    """
    out = unary_kernel("sign", x)
    return record(out, "SignBackward0", lambda g: (g * 0,), (x,))


def _float_unary(
    op: str, name: str, x: Tensor, derivative: Callable[[Tensor, Tensor], Tensor]
) -> Tensor:
    """A float function of one input whose backward is g * derivative(x, out).

    Only what the derivative reads is saved (x, or the output), as in PyTorch, so that an
    in-place change to the other one does not invalidate the graph.
    """
    xf = float_input(x)
    out = unary_kernel(op, xf)
    saved = (out,) if name in _SAVES_OUTPUT else (x,)

    def backward(g: Tensor) -> tuple[Tensor]:
        return (g * derivative(xf, out),)

    return record(out, name, backward, (x,), saved=saved)


# Float functions whose derivative is written with the output (exp' = exp, tanh' = 1 - tanh^2).
_SAVES_OUTPUT = {
    "ExpBackward0", "Expm1Backward0", "SqrtBackward0", "RsqrtBackward0", "TanBackward0",
    "TanhBackward0", "SigmoidBackward0", "ReciprocalBackward0",
}  # fmt: skip


def exp(x: Tensor, *, out: Tensor | None = None) -> Tensor:
    """`e ** x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Args:
        x: the input tensor.
        out: a tensor to write the result into (resized if its shape differs), returned.

    Examples:
        >>> import pytensor
        >>> pytensor.exp(pytensor.tensor([0.0, 1.0]))
        tensor([1.0000, 2.7183])
    """
    if out is not None:  # PyTorch's out=: the result as usual, then copied into `out`
        return write_out("exp", exp(x), out)
    return _float_unary("exp", "ExpBackward0", x, lambda x, result: result)


def log(x: Tensor) -> Tensor:
    """The natural logarithm of `x` (nan below 0, -inf at 0), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.log(pytensor.tensor([1.0, 2.0]))
        tensor([0.0000, 0.6931])
    """
    return _float_unary("log", "LogBackward0", x, lambda x, out: 1 / x)


def log2(x: Tensor) -> Tensor:
    """The base-2 logarithm of `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.log2(pytensor.tensor([1, 8]))
        tensor([0., 3.])
    """
    return _float_unary("log2", "Log2Backward0", x, lambda x, out: 1 / (x * math.log(2)))


def log10(x: Tensor) -> Tensor:
    """The base-10 logarithm of `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.log10(pytensor.tensor([1.0, 1000.0]))
        tensor([0., 3.])
    """
    return _float_unary("log10", "Log10Backward0", x, lambda x, out: 1 / (x * math.log(10)))


def log1p(x: Tensor) -> Tensor:
    """`log(1 + x)`, accurate for small `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.log1p(pytensor.tensor([0.0, 1e-8]))
        tensor([0.0000e+00, 1.0000e-08])
    """
    return _float_unary("log1p", "Log1PBackward0", x, lambda x, out: 1 / (x + 1))


def expm1(x: Tensor) -> Tensor:
    """`exp(x) - 1`, accurate for small `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.expm1(pytensor.tensor([0.0, 1e-8]))
        tensor([0.0000e+00, 1.0000e-08])
    """
    return _float_unary("expm1", "Expm1Backward0", x, lambda x, out: out + 1)


def sqrt(x: Tensor) -> Tensor:
    """The square root of `x` (nan below 0), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.sqrt(pytensor.tensor([4.0, 2.0]))
        tensor([2.0000, 1.4142])
    """
    return _float_unary("sqrt", "SqrtBackward0", x, lambda x, out: 1 / (2 * out))


def rsqrt(x: Tensor) -> Tensor:
    """`1 / sqrt(x)`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.rsqrt(pytensor.tensor([4.0, 0.25]))
        tensor([0.5000, 2.0000])
    """
    return _float_unary("rsqrt", "RsqrtBackward0", x, lambda x, out: -0.5 * out * out * out)


def sin(x: Tensor) -> Tensor:
    """The sine of `x` (radians), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.sin(pytensor.tensor([0.0, 1.5707964]))
        tensor([0., 1.])
    """
    return _float_unary("sin", "SinBackward0", x, lambda x, out: cos(x))


def cos(x: Tensor) -> Tensor:
    """The cosine of `x` (radians), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.cos(pytensor.tensor([0.0, 3.1415927]))
        tensor([ 1., -1.])
    """
    return _float_unary("cos", "CosBackward0", x, lambda x, out: -sin(x))


def tan(x: Tensor) -> Tensor:
    """The tangent of `x` (radians), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.tan(pytensor.tensor([0.0, 0.7853982]))
        tensor([0., 1.])
    """
    return _float_unary("tan", "TanBackward0", x, lambda x, out: 1 + out * out)


def asin(x: Tensor) -> Tensor:
    """The arcsine of `x`, in [-pi/2, pi/2] (nan outside [-1, 1]), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.asin(pytensor.tensor([0.0, 1.0]))
        tensor([0.0000, 1.5708])
    """
    return _float_unary("asin", "AsinBackward0", x, lambda x, out: rsqrt(1 - x * x))


def acos(x: Tensor) -> Tensor:
    """The arccosine of `x`, in [0, pi] (nan outside [-1, 1]), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.acos(pytensor.tensor([1.0, -1.0]))
        tensor([0.0000, 3.1416])
    """
    return _float_unary("acos", "AcosBackward0", x, lambda x, out: -rsqrt(1 - x * x))


def atan(x: Tensor) -> Tensor:
    """The arctangent of `x`, in (-pi/2, pi/2), element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.atan(pytensor.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7854])
    """
    return _float_unary("atan", "AtanBackward0", x, lambda x, out: 1 / (1 + x * x))


def sinh(x: Tensor) -> Tensor:
    """The hyperbolic sine of `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.sinh(pytensor.tensor([0.0, 1.0]))
        tensor([0.0000, 1.1752])
    """
    return _float_unary("sinh", "SinhBackward0", x, lambda x, out: cosh(x))


def cosh(x: Tensor) -> Tensor:
    """The hyperbolic cosine of `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.cosh(pytensor.tensor([0.0, 1.0]))
        tensor([1.0000, 1.5431])
    """
    return _float_unary("cosh", "CoshBackward0", x, lambda x, out: sinh(x))


def tanh(x: Tensor) -> Tensor:
    """The hyperbolic tangent of `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.tanh(pytensor.tensor([0.0, 1.0]))
        tensor([0.0000, 0.7616])
    """
    return _float_unary("tanh", "TanhBackward0", x, lambda x, out: 1 - out * out)


def sigmoid(x: Tensor) -> Tensor:
    """The logistic function `1 / (1 + exp(-x))`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.sigmoid(pytensor.tensor([0.0, 2.0]))
        tensor([0.5000, 0.8808])
    """
    return _float_unary("sigmoid", "SigmoidBackward0", x, lambda x, out: out * (1 - out))


def erf(x: Tensor) -> Tensor:
    """The error function of `x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.erf(pytensor.tensor([0.0, 1.0]))
        tensor([0.0000, 0.8427])
    """
    scale = 2 / math.sqrt(math.pi)
    return _float_unary("erf", "ErfBackward0", x, lambda x, out: scale * exp(-x * x))


def erfc(x: Tensor) -> Tensor:
    """`1 - erf(x)`, accurate where erf(x) is near 1, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.erfc(pytensor.tensor([0.0, 3.0]))
        tensor([1.0000e+00, 2.2090e-05])
    """
    scale = -2 / math.sqrt(math.pi)
    return _float_unary("erfc", "ErfcBackward0", x, lambda x, out: scale * exp(-x * x))


def reciprocal(x: Tensor) -> Tensor:
    """`1 / x`, element-wise.

    Integer and bool inputs give the default float dtype; float inputs keep theirs.

    Examples:
        >>> import pytensor
        >>> pytensor.reciprocal(pytensor.tensor([2, 4]))
        tensor([0.5000, 0.2500])
    """
    return _float_unary("reciprocal", "ReciprocalBackward0", x, lambda x, out: -out * out)


def _rounding(op: str, name: str, x: Tensor) -> Tensor:
    if x.dtype.kind == "b":
        raise not_implemented(f"{op}_vml_cpu" if op != "trunc" else "trunc_cpu", x.dtype)
    out = unary_kernel(op, x)
    return record(out, name, lambda g: (g * 0,), (x,))


def floor(x: Tensor) -> Tensor:
    """Rounds `x` down (toward -inf), element-wise.

    The result keeps x's dtype (integers come back unchanged). Its gradient is 0.

    Examples:
        >>> import pytensor
        >>> pytensor.floor(pytensor.tensor([-1.5, -0.5, 0.5, 1.5]))
        tensor([-2., -1.,  0.,  1.])
    """
    return _rounding("floor", "FloorBackward0", x)


def ceil(x: Tensor) -> Tensor:
    """Rounds `x` up (toward +inf), element-wise.

    The result keeps x's dtype (integers come back unchanged). Its gradient is 0.

    Examples:
        >>> import pytensor
        >>> pytensor.ceil(pytensor.tensor([-1.5, -0.5, 0.5, 1.5]))
        tensor([-1., -0.,  1.,  2.])
    """
    return _rounding("ceil", "CeilBackward0", x)


def trunc(x: Tensor) -> Tensor:
    """Rounds `x` toward zero, element-wise.

    The result keeps x's dtype (integers come back unchanged). Its gradient is 0.

    Examples:
        >>> import pytensor
        >>> pytensor.trunc(pytensor.tensor([-1.5, -0.5, 0.5, 1.5]))
        tensor([-1., -0.,  0.,  1.])
    """
    return _rounding("trunc", "TruncBackward0", x)


def round(x: Tensor, *, decimals: int | None = None) -> Tensor:  # noqa: A001 - torch.round
    """Rounds `x` to the nearest integer, half to even, element-wise; keeps x's dtype.

    Args:
        x: the input tensor (not bool).
        decimals: round to this many decimal places instead (computed as PyTorch does:
            `round(x * 10**decimals) / 10**decimals`). Negative values round to tens, hundreds...

    Returns:
        A tensor of x's shape and dtype. Its gradient is 0.

    Examples:
        >>> import pytensor
        >>> pytensor.round(pytensor.tensor([-1.5, -0.5, 0.5, 1.5, 2.5]))
        tensor([-2., -0.,  0.,  2.,  2.])
        >>> pytensor.round(pytensor.tensor([1.2345, 123.0]), decimals=2)
        tensor([  1.2300, 123.0000])
    """
    if decimals is None:
        return _rounding("round", "RoundBackward0", x)
    if x.dtype.kind == "b":
        raise not_implemented("round_cpu", x.dtype)
    # ATen: round(x * 10**d) / 10**d, the scale as a float of x's dtype.
    scale = 10.0**decimals
    with no_grad():
        out = div(_rounding("round", "", mul(x, scale)), scale)
    return record(out, "RoundBackward1", lambda g: (g * 0,), (x,))


def frac(x: Tensor) -> Tensor:
    """The fractional part `x - trunc(x)`, element-wise, with the sign of `x` (floats only).

    Examples:
        >>> import pytensor
        >>> pytensor.frac(pytensor.tensor([1.25, -1.25]))
        tensor([ 0.2500, -0.2500])
    """
    if not x.dtype.is_floating_point:
        raise not_implemented("frac_cpu", x.dtype)
    with no_grad():
        out = sub(x, trunc(x))
    return record(out, "FracBackward0", lambda g: (g,), (x,))


def relu(x: Tensor) -> Tensor:
    """`max(x, 0)`, element-wise.

    Written as `where(x < 0, 0, x)`, so that nan and -0.0 pass through as in PyTorch.

    The backward is ATen's `threshold_backward`: the gradient is 0 where the output is <= 0.

    Raises:
        RuntimeError: for a bool tensor.

    Examples:
        >>> import pytensor
        >>> pytensor.relu(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    if x.dtype.kind == "b":
        raise RuntimeError("Boolean inputs not supported for relu")
    # max(x, 0) in one kernel: "maximum" keeps x when it is not below 0, so -0.0 and nan
    # come through as they do from PyTorch's relu.
    out = binary_kernel("maximum", x, constant(0, x.dtype, x.device), x.dtype, x.dtype)
    return record(out, "ReluBackward0", lambda g: (threshold_backward(g, out),), (x,), saved=(out,))


def threshold_backward(g: Tensor, x: Tensor) -> Tensor:
    """ATen's `threshold_backward` at threshold 0, the backward of relu: `g` where `x > 0`,
    else 0 (a nan `x` lets `g` through). One kernel, where `where(x <= 0, 0, g)` takes two.

    Its own backward (for second derivatives) masks the same way; x gets no gradient.

    Examples:
        >>> import pytensor
        >>> from pytensor.ops.pointwise import threshold_backward
        >>> threshold_backward(pytensor.tensor([1.0, 2.0, 3.0]), pytensor.tensor([-1.0, 0.0, 5.0]))
        tensor([0., 0., 3.])
    """
    out = binary_kernel("threshold_backward", g, x, g.dtype, g.dtype)
    return record(
        out, "ThresholdBackwardBackward0", lambda gg: (threshold_backward(gg, x), None), (g, x)
    )
