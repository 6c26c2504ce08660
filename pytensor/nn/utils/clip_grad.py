"""Gradient clipping, as in torch/nn/utils/clip_grad.py.

`clip_grad_norm_` rescales all gradients together so that their joint p-norm is at most
max_norm; `clip_grad_value_` clamps each gradient element to [-clip_value, clip_value].

>>> import pytensor
>>> from pytensor.nn.utils import clip_grad_norm_
>>> w = pytensor.tensor([3.0, 4.0], requires_grad=True)
>>> (w * w).sum().backward()  # grad = 2w = [6, 8], norm 10
>>> clip_grad_norm_([w], max_norm=1.0)
tensor(10.)
>>> w.grad
tensor([0.6000, 0.8000])
"""

from __future__ import annotations

from collections.abc import Iterable

from ...autograd.grad_mode import no_grad
from ...ops.creation import tensor
from ...ops.movement import stack
from ...tensor import Tensor

__all__ = ["clip_grad_norm_", "clip_grad_value_", "clip_grads_with_norm_", "get_total_norm"]

Parameters = Tensor | Iterable[Tensor]


def _as_list(tensors: Parameters) -> list[Tensor]:
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def get_total_norm(
    tensors: Parameters,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
) -> Tensor:
    """The p-norm of all tensors together: the norm of the vector of their norms.

    total = || (||g_1||_p, ..., ||g_k||_p) ||_p, which equals the p-norm of all the elements
    concatenated (for p = inf as well: the largest |element|).

    Args:
        tensors: a tensor or an iterable of tensors (usually gradients).
        norm_type: p, a number or `'inf'`.
        error_if_nonfinite: raise if the total norm is nan or inf.

    Returns:
        The total norm, a 0-dim tensor (0 for no tensors).

    Raises:
        RuntimeError: if `error_if_nonfinite` and the norm is not finite.

    Note:
        PyTorch's `foreach` argument is not accepted here.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils import get_total_norm
        >>> grads = [pytensor.tensor([3.0, 4.0]), pytensor.tensor([12.0])]
        >>> get_total_norm(grads), get_total_norm(grads, norm_type="inf")
        (tensor(13.), tensor(12.))
    """
    grads = _as_list(tensors)
    order = float(norm_type)
    if not grads:
        return tensor(0.0)
    with no_grad():
        norms = [g.norm(order) for g in grads]
        total_norm = stack([n.to(grads[0].device) for n in norms]).norm(order)
    if error_if_nonfinite and not total_norm.isfinite().item():
        raise RuntimeError(
            f"The total norm of order {order} for gradients from `parameters` is non-finite, "
            "so it cannot be clipped. To disable this error and scale the gradients by the "
            "non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    return total_norm


def clip_grads_with_norm_(parameters: Parameters, max_norm: float, total_norm: Tensor) -> None:
    """Scale every .grad in place by min(1, max_norm / (total_norm + 1e-6)).

    The 1e-6 keeps the division finite when all gradients are zero. The coefficient is a
    tensor, computed in the gradients' dtype, so the rounding matches torch.

    Args:
        parameters: a tensor or an iterable of tensors whose `.grad` is scaled.
        max_norm: the largest total norm allowed.
        total_norm: the total norm, as `get_total_norm` returns it.

    Note:
        PyTorch's `foreach` argument is not accepted here.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils import clip_grads_with_norm_
        >>> w = pytensor.tensor([3.0, 4.0], requires_grad=True)
        >>> w.grad = pytensor.tensor([6.0, 8.0])
        >>> clip_grads_with_norm_([w], max_norm=5.0, total_norm=pytensor.tensor(10.0))
        >>> w.grad
        tensor([3.0000, 4.0000])
    """
    grads = [p.grad for p in _as_list(parameters) if p.grad is not None]
    if not grads:
        return
    with no_grad():
        clip_coef = float(max_norm) / (total_norm + 1e-6)
        clip_coef_clamped = clip_coef.clamp(max=1.0)
        for g in grads:
            g.mul_(clip_coef_clamped.to(g.device))


def clip_grad_norm_(
    parameters: Parameters,
    max_norm: float,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """Rescale the gradients so that their joint norm is at most max_norm; return that norm.

        total_norm = ||(g_1, ..., g_k)||_p   (before clipping)
        g_i <- g_i * min(1, max_norm / (total_norm + 1e-6))

    Called between `loss.backward()` and `optimizer.step()`, it keeps one bad batch from
    throwing the weights far away (exploding gradients, common in RNNs).

    Args:
        parameters: a tensor or an iterable of tensors (usually `model.parameters()`).
        max_norm: the largest total norm allowed.
        norm_type: p, a number or `'inf'`.
        error_if_nonfinite: raise if the total norm is nan or inf.
        foreach: accepted for torch compatibility and ignored (there is one code path here).

    Returns:
        The total norm of the gradients before clipping, a 0-dim tensor.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils import clip_grad_norm_
        >>> w = pytensor.tensor([3.0, 4.0], requires_grad=True)
        >>> (w * w).sum().backward()  # grad = 2w = [6, 8], norm 10
        >>> clip_grad_norm_([w], max_norm=1.0)
        tensor(10.)
        >>> w.grad
        tensor([0.6000, 0.8000])
    """
    params = _as_list(parameters)
    grads = [p.grad for p in params if p.grad is not None]
    total_norm = get_total_norm(grads, norm_type, error_if_nonfinite)
    clip_grads_with_norm_(params, max_norm, total_norm)
    return total_norm


def clip_grad_value_(
    parameters: Parameters, clip_value: float, foreach: bool | None = None
) -> None:
    """Clamp every gradient element to [-clip_value, clip_value], in place.

    Args:
        parameters: a tensor or an iterable of tensors whose `.grad` is clamped.
        clip_value: the largest absolute value allowed.
        foreach: accepted for torch compatibility and ignored.

    Examples:
        >>> import pytensor
        >>> from pytensor.nn.utils import clip_grad_value_
        >>> w = pytensor.tensor([3.0, -4.0, 0.5], requires_grad=True)
        >>> (w * w).sum().backward()
        >>> clip_grad_value_([w], clip_value=1.0)
        >>> w.grad
        tensor([ 1., -1.,  1.])
    """
    value = float(clip_value)
    with no_grad():
        for p in _as_list(parameters):
            if p.grad is not None:
                p.grad.clamp_(min=-value, max=value)
