"""Regression losses: mse_loss, l1_loss, smooth_l1_loss, huber_loss (the rest are in loss.py).

As in PyTorch, mse, smooth L1 and Huber are each one graph node (`MseLossBackward0`, ...) that
holds the reduction: the forward runs without recording, and the node's backward is ATen's
formula, written with tensor ops so that a gradient of the gradient works. l1_loss is composed
from `abs` and the reduction, as PyTorch composes it.

A target of another shape is broadcast against the input, with PyTorch's warning; the operand
that grows is an `expand` view, so its gradient sums back to its shape (`ExpandBackward0`).

>>> import pytensor, pytensor.nn.functional as F
>>> x = pytensor.tensor([1.0, 3.0], requires_grad=True)
>>> F.mse_loss(x, pytensor.tensor([1.0, 1.0]))
tensor(2., grad_fn=<MseLossBackward0>)
"""

from __future__ import annotations

import warnings

from ..._layout import broadcast_shapes
from ...autograd.grad_mode import no_grad
from ...autograd.graph import record
from ...ops import pointwise as P
from ...tensor import Tensor
from .loss import _reduce


def _broadcast_operands(input: Tensor, target: Tensor) -> tuple[Tensor, Tensor]:  # noqa: A002
    """torch.broadcast_tensors(input, target), warning as PyTorch does when the sizes differ.

    Only an operand whose shape changes becomes an `expand` view, as in PyTorch, so the graph
    below the loss is the same as PyTorch's.
    """
    if target.shape == input.shape:
        return input, target
    warnings.warn(
        f"Using a target size ({target.shape}) that is different to the input size "
        f"({input.shape}). This will likely lead to incorrect results due to broadcasting. "
        "Please ensure they have the same size.",
        stacklevel=3,
    )
    shape = broadcast_shapes(input.shape, target.shape)
    if input.shape != shape:
        input = input.expand(shape)  # noqa: A001
    if target.shape != shape:
        target = target.expand(shape)
    return input, target


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """The mean squared error: `(x - y)^2` per element, reduced. See `nn.MSELoss`.

    One graph node, `MseLossBackward0`, whose backward is `2 (x - y) g` (over the number of
    elements with 'mean'); the target's gradient is its negative.

    Args:
        input: any shape `(*)`.
        target: the shape of the input (another shape is broadcast, with a warning).
        reduction: `'none'`, `'mean'` or `'sum'`.

    Returns:
        A scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` by keyword.
        The `weight` argument that PyTorch 2.13 added is not supported.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.mse_loss(pytensor.tensor([1.0, 3.0]), pytensor.tensor([1.0, 1.0]), reduction="sum")
        tensor(4.)
    """
    input, target = _broadcast_operands(input, target)  # noqa: A001
    with no_grad():
        diff = input - target
    if not diff.dtype.is_floating_point:
        # PyTorch's mse_loss has no integer kernel (an int input and a float target promote).
        raise NotImplementedError(f'"mse_cpu" not implemented for \'{diff.dtype.type_name}\'')
    with no_grad():
        loss = _reduce(diff * diff, reduction)

    def backward(g: Tensor) -> tuple[Tensor, Tensor | None]:
        # ATen's mse_loss_backward; swapping x and y gives the target's, the exact negative.
        norm = 2.0 / input.numel() if reduction == "mean" else 2.0
        grad_input = norm * (input - target) * g
        return grad_input, -grad_input if target.requires_grad else None

    return record(loss, "MseLossBackward0", backward, (input, target), (input, target))


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """The mean absolute error: `|x - y|` per element, reduced. See `nn.L1Loss`.

    Composed from `abs` and the reduction (`MeanBackward0` over `AbsBackward0` over
    `SubBackward0`), as in PyTorch, which records no node of its own for it.

    Args:
        input: any shape `(*)`.
        target: the shape of the input (another shape is broadcast, with a warning).
        reduction: `'none'`, `'mean'` or `'sum'`.

    Returns:
        A scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` by keyword.
        The `weight` argument that PyTorch 2.13 added is not supported.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.l1_loss(pytensor.tensor([1.0, 3.0]), pytensor.tensor([1.0, 1.0]))
        tensor(1.)
    """
    input, target = _broadcast_operands(input, target)  # noqa: A001
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(
    input: Tensor,  # noqa: A002
    target: Tensor,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """`0.5 d^2 / beta` where `d = |x - y| < beta`, else `d - 0.5 beta` (quadratic near 0, then
    linear). See `nn.SmoothL1Loss`.

    One graph node, `SmoothL1LossBackward0` (with beta = 0 it is `l1_loss`, as in PyTorch).

    Args:
        input: any shape `(*)`.
        target: the shape of the input (another shape is broadcast, with a warning).
        reduction: `'none'`, `'mean'` or `'sum'`.
        beta: where the loss turns linear; 0 gives `l1_loss`.

    Returns:
        A scalar, or `(*)` with `reduction='none'`.

    Note:
        PyTorch's deprecated `size_average` and `reduce` arguments are not accepted, so the
        arguments after them sit at other positions: pass `reduction` and `beta` by keyword.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.smooth_l1_loss(pytensor.tensor([0.0, 0.5, 2.0]), pytensor.zeros(3))
        tensor(0.5417)
    """
    input, target = _broadcast_operands(input, target)  # noqa: A001
    if beta == 0.0:
        return _reduce((input - target).abs(), reduction)
    with no_grad():
        d = (input - target).abs()
        loss = _reduce(P.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)

    def backward(g: Tensor) -> tuple[Tensor, Tensor | None]:
        # ATen's smooth_l1_loss_backward: slope (x - y) / beta inside, +-1 from |x - y| = beta
        # on (the two pieces meet there). Its derivative is 1 / beta strictly inside, 0 at and
        # beyond the kink, as ATen's double backward has it.
        diff = input - target
        slope = P.where(diff.abs() < beta, diff / beta, diff.sign())
        grad_input = slope * (g / input.numel() if reduction == "mean" else g)
        return grad_input, -grad_input if target.requires_grad else None

    return record(loss, "SmoothL1LossBackward0", backward, (input, target), (input, target))


def huber_loss(
    input: Tensor,  # noqa: A002
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
) -> Tensor:
    """`0.5 d^2` where `d = |x - y| < delta`, else `delta (d - 0.5 delta)`: `smooth_l1_loss`
    times beta. See `nn.HuberLoss`.

    One graph node, `HuberLossBackward0`.

    Args:
        input: any shape `(*)`.
        target: the shape of the input (another shape is broadcast, with a warning).
        reduction: `'none'`, `'mean'` or `'sum'`.
        delta: where the loss turns linear.

    Returns:
        A scalar, or `(*)` with `reduction='none'`.

    Note:
        The `weight` argument that PyTorch 2.13 added is not supported.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.huber_loss(pytensor.tensor([0.0, 0.5, 2.0]), pytensor.zeros(3), delta=0.5)
        tensor(0.3333)
    """
    input, target = _broadcast_operands(input, target)  # noqa: A001
    with no_grad():
        d = (input - target).abs()
        loss = _reduce(P.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)

    def backward(g: Tensor) -> tuple[Tensor, Tensor | None]:
        # ATen's huber_loss_backward: slope x - y inside, +-delta from |x - y| = delta on.
        diff = input - target
        slope = P.where(diff.abs() < delta, diff, delta * diff.sign())
        grad_input = slope * (g / input.numel() if reduction == "mean" else g)
        return grad_input, -grad_input if target.requires_grad else None

    return record(loss, "HuberLossBackward0", backward, (input, target), (input, target))
