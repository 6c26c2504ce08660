"""Piecewise activations: hardtanh, relu6, hardsigmoid, hardswish, threshold, the shrinks, prelu.

Each computes its forward from core ops without recording them, then records one node with
PyTorch's name whose backward is ATen's formula, written with tensor ops (so that gradients of
gradients work and the OpenCL device needs no kernel of its own). ATen decides the gradient at
each kink; the comments say which side it takes, and what a nan input gets.

>>> import pytensor, pytensor.nn.functional as F
>>> F.relu6(pytensor.tensor([-1.0, 3.0, 7.0]))
tensor([0., 3., 6.])
"""

from __future__ import annotations

import struct
from collections.abc import Callable

from ...autograd.grad_mode import no_grad
from ...autograd.graph import record
from ...ops import pointwise as P
from ...ops.inplace import inplace as write_inplace
from ...tensor import Tensor


def _maybe_inplace(
    op: Callable[..., Tensor],
    input: Tensor,  # noqa: A002
    inplace: bool,
    *args: object,
) -> Tensor:
    """`op(input, *args)`, or its result written into `input` (PyTorch's `inplace=True`)."""
    if inplace:
        return write_inplace(op, input, *args)
    return op(input, *args)


def _hardtanh(x: Tensor, min_val: float, max_val: float) -> Tensor:
    with no_grad():
        out = x.clamp(min_val, max_val)

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen's hardtanh_backward: no gradient at or past a bound; a nan input passes g on.
        return (P.where((x <= min_val) | (x >= max_val), 0.0, g),)

    return record(out, "HardtanhBackward0", backward, (x,), saved=(x,))


def hardtanh(
    input: Tensor,  # noqa: A002
    min_val: float = -1.0,
    max_val: float = 1.0,
    inplace: bool = False,
) -> Tensor:
    """Applies `clamp(x, min_val, max_val)` element-wise. See `nn.Hardtanh`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        min_val: the lower end of the linear region.
        max_val: the upper end of the linear region.
        inplace: overwrite `input` with the result and return it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.hardtanh(pytensor.tensor([-2.0, 0.5, 2.0]))
        tensor([-1.0000,  0.5000,  1.0000])
    """
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    return _maybe_inplace(_hardtanh, input, inplace, min_val, max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:  # noqa: A002
    """`hardtanh(input, min_val, max_val, inplace=True)`: overwrites `input` and returns it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([-2.0, 0.5])
        >>> _ = F.hardtanh_(x)
        >>> x
        tensor([-1.0000,  0.5000])
    """
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `min(max(0, x), 6)` element-wise: `hardtanh(x, 0, 6)`. See `nn.ReLU6`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        inplace: overwrite `input` with the result and return it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.relu6(pytensor.tensor([-1.0, 3.0, 7.0]))
        tensor([0., 3., 6.])
    """
    return hardtanh(input, 0.0, 6.0, inplace)


# ATen's hardsigmoid_backward multiplies by 1/6 rounded to float32, in every dtype.
_ONE_SIXTH_F32: float = struct.unpack("f", struct.pack("f", 1.0 / 6.0))[0]


def _hardsigmoid(x: Tensor) -> Tensor:
    with no_grad():
        out = (x + 3.0).clamp(0.0, 6.0) / 6.0

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen: g / 6 strictly inside (-3, 3), 0 at the kinks and for a nan input.
        return (P.where((x > -3.0) & (x < 3.0), g * _ONE_SIXTH_F32, 0.0),)

    return record(out, "HardsigmoidBackward0", backward, (x,), saved=(x,))


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `clamp(x + 3, 0, 6) / 6` element-wise. See `nn.Hardsigmoid`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        inplace: overwrite `input` with the result and return it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.hardsigmoid(pytensor.tensor([-4.0, 0.0, 1.5]))
        tensor([0.0000, 0.5000, 0.7500])
    """
    return _maybe_inplace(_hardsigmoid, input, inplace)


def _hardswish(x: Tensor) -> Tensor:
    with no_grad():
        out = x * (x + 3.0).clamp(0.0, 6.0) / 6.0

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen: 0 up to -3 (included), x / 3 + 1/2 on (-3, 3), 1 from 3 on; a nan input fails
        # both tests and passes g on.
        middle = P.where(x < 3.0, g * (x / 3.0 + 0.5), g)
        return (P.where(x <= -3.0, 0.0, middle),)

    return record(out, "HardswishBackward0", backward, (x,), saved=(x,))


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `x * clamp(x + 3, 0, 6) / 6` element-wise (Howard et al., 2019, MobileNetV3).
    See `nn.Hardswish`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        inplace: overwrite `input` with the result and return it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.hardswish(pytensor.tensor([-4.0, 0.0, 1.5, 4.0]))
        tensor([-0.0000, 0.0000, 1.1250, 4.0000])
    """
    return _maybe_inplace(_hardswish, input, inplace)


def _threshold(x: Tensor, threshold: float, value: float, name: str) -> Tensor:
    with no_grad():
        out = P.where(x <= threshold, value, x)

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen's threshold_backward: no gradient where x <= threshold; nan passes g on.
        return (P.where(x <= threshold, 0.0, g),)

    return record(out, name, backward, (x,), saved=(x,))


def threshold(
    input: Tensor,  # noqa: A002
    threshold: float,
    value: float,
    inplace: bool = False,
) -> Tensor:
    """Replaces each element `x <= threshold` with `value`, element-wise. See `nn.Threshold`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        threshold: elements at or below it are replaced.
        value: what replaces them.
        inplace: overwrite `input` with the result and return it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.threshold(pytensor.tensor([-1.0, 0.5, 2.0]), 0.5, 20.0)
        tensor([20., 20.,  2.])
    """
    # The in-place form is a different ATen op (threshold_), whose node says Backward1.
    name = "ThresholdBackward1" if inplace else "ThresholdBackward0"
    return _maybe_inplace(_threshold, input, inplace, threshold, value, name)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:  # noqa: A002
    """`threshold(input, threshold, value, inplace=True)`: overwrites `input` and returns it.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([-1.0, 2.0])
        >>> F.threshold_(x, 0.0, 5.0) is x
        True
        >>> x
        tensor([5., 2.])
    """
    # The parameter `threshold` hides the function of that name here, so call its body.
    return write_inplace(_threshold, input, threshold, value, "ThresholdBackward1")


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """Applies `0` for `-lambd <= x <= lambd`, else `x`, element-wise. See `nn.Hardshrink`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        lambd: the half-width of the region set to zero.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.hardshrink(pytensor.tensor([-1.0, 0.5, 2.0]))
        tensor([-1.,  0.,  2.])
    """
    x = input
    with no_grad():
        dead = (x >= -lambd) & (x <= lambd)
        out = P.where(dead, 0.0, x)

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen: 0 on the closed interval [-lambd, lambd]; nan passes g on.
        return (P.where((x >= -lambd) & (x <= lambd), 0.0, g),)

    return record(out, "HardshrinkBackward0", backward, (x,), saved=(x,))


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:  # noqa: A002
    """Applies `x - lambd` for `x > lambd`, `x + lambd` for `x < -lambd`, else `0`, element-wise.
    See `nn.Softshrink`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        lambd: the half-width of the region set to zero; at least 0.

    Raises:
        RuntimeError: if `lambd` is negative or past the dtype's largest value.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.softshrink(pytensor.tensor([-1.0, 0.5, 2.0]))
        tensor([-0.5000,  0.0000,  1.5000])
    """
    largest = input.dtype.max
    if not 0 <= lambd <= largest:
        # PyTorch prints both numbers as C++ streams do: 6 significant digits.
        raise RuntimeError(
            f"lambda must be in range [0, {largest:g}] for input dtype "
            f"{input.dtype.type_name}, but found {lambd:g}"
        )
    x = input
    with no_grad():
        # The dead zone gives +0, as ATen's vectorised loop does. (Its scalar loop, which
        # takes the last few elements of a tensor, gives x * 0, so -0 for a negative x there:
        # PyTorch's sign of zero depends on an element's position, so no rule matches it all.)
        shrunk = P.where(x > lambd, x - lambd, P.where(x < -lambd, x + lambd, 0.0))
        out = P.where(x.isnan(), x, shrunk)

    def backward(g: Tensor) -> tuple[Tensor]:
        # ATen: 0 on the closed interval [-lambd, lambd]; nan passes g on.
        return (P.where((x >= -lambd) & (x <= lambd), 0.0, g),)

    return record(out, "SoftshrinkBackward0", backward, (x,), saved=(x,))


def prelu(input: Tensor, weight: Tensor) -> Tensor:  # noqa: A002
    """Applies `x` for `x > 0`, else `weight * x`, element-wise, with a learned slope per channel
    (dim 1). See `nn.PReLU`.

    Args:
        input: `(N, C, *)`, or any shape when `weight` has one element.
        weight: the slopes, one element or `(C,)`.

    Raises:
        RuntimeError: if `weight` has more than one dim, or its size is neither 1 nor C, or
            its dtype is not the input's.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.prelu(pytensor.tensor([[-1.0, 2.0], [-4.0, -2.0]]), pytensor.tensor([0.5, 0.25]))
        tensor([[-0.5000,  2.0000],
                [-2.0000, -0.5000]])
    """
    if input.dtype != weight.dtype:
        raise RuntimeError(
            "prelu: Type promoting not supported. Got "
            f"{input.dtype.type_name} and {weight.dtype.type_name}"
        )
    ndim = input.dim()
    count = weight.numel()
    if count != 1:
        if ndim == 0:
            raise RuntimeError("Not allow zero-dim input tensor.")
        channels = input.size(1) if ndim > 1 else 1
        if channels != count:
            raise RuntimeError(
                "Mismatch of parameter numbers and input channel size. Found parameter numbers "
                f"= {count} and channel size = {channels}."
            )
    if weight.dim() > 1:
        raise RuntimeError(
            f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.dim()}"
        )
    if ndim != weight.dim():
        # As ATen: weight viewed as (1, C, 1, ...) so that it broadcasts along dim 1.
        shape = [1] * ndim
        if ndim > 1:
            shape[1] = count
        weight = weight.reshape(shape)
    x, w = input, weight
    with no_grad():
        out = P.where(x > 0, x, w * x)

    def backward(g: Tensor) -> tuple[Tensor, Tensor]:
        # ATen's _prelu_kernel_backward: x = 0 counts as negative. The weight's gradient has
        # x's shape here; the engine sums it back to the weight's shape.
        positive = x > 0
        return P.where(positive, g, w * g), P.where(positive, 0.0, x * g)

    return record(out, "PreluKernelBackward0", backward, (x, w), saved=(x, w))
