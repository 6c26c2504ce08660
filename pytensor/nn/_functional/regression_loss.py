"""Regression losses: mse_loss, l1_loss, smooth_l1_loss, huber_loss (the rest are in loss.py).

Each computes a per-element loss, then reduces it ('none', 'mean', 'sum').

>>> import pytensor, pytensor.nn.functional as F
>>> F.mse_loss(pytensor.tensor([1.0, 3.0]), pytensor.tensor([1.0, 1.0]))
tensor(2.)
"""

from __future__ import annotations

from ...ops import pointwise as P
from ...tensor import Tensor
from .loss import _reduce


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """The mean squared error: `(x - y)^2` per element, reduced. See `nn.MSELoss`.

    Args:
        input: any shape `(*)`.
        target: the shape of the input.
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
    diff = input - target
    return _reduce(diff * diff, reduction)


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:  # noqa: A002
    """The mean absolute error: `|x - y|` per element, reduced. See `nn.L1Loss`.

    Args:
        input: any shape `(*)`.
        target: the shape of the input.
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
    return _reduce((input - target).abs(), reduction)


def smooth_l1_loss(
    input: Tensor,
    target: Tensor,
    reduction: str = "mean",
    beta: float = 1.0,  # noqa: A002
) -> Tensor:
    """`0.5 d^2 / beta` where `d = |x - y| < beta`, else `d - 0.5 beta` (quadratic near 0, then
    linear). See `nn.SmoothL1Loss`.

    Args:
        input: any shape `(*)`.
        target: the shape of the input.
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
    if beta == 0.0:
        return l1_loss(input, target, reduction)
    d = (input - target).abs()
    return _reduce(P.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta), reduction)


def huber_loss(
    input: Tensor,
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,  # noqa: A002
) -> Tensor:
    """`0.5 d^2` where `d = |x - y| < delta`, else `delta (d - 0.5 delta)`: `smooth_l1_loss`
    times beta. See `nn.HuberLoss`.

    Args:
        input: any shape `(*)`.
        target: the shape of the input.
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
    d = (input - target).abs()
    return _reduce(P.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta)), reduction)
