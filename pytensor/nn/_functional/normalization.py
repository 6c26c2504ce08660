"""Normalisation as functions: batch_norm, layer_norm, normalize, cosine_similarity.

>>> import pytensor, pytensor.nn.functional as F
>>> F.layer_norm(pytensor.tensor([[1.0, 3.0]]), (2,))
tensor([[-1.0000,  1.0000]])
"""

from __future__ import annotations

from collections.abc import Sequence

from ...autograd.grad_mode import no_grad
from ...tensor import Tensor


def batch_norm(
    input: Tensor,  # noqa: A002
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each channel over the batch (and spatial dims).  input: (N, C, *).

    training: y = (x - mean_batch) / sqrt(var_batch + eps) * weight + bias, with the biased
    variance, and the running stats updated in place:
        running = (1 - momentum) * running + momentum * batch_stat
    where the running variance takes the unbiased batch variance (n / (n - 1) times), as torch.
    eval: the running stats replace the batch ones.
    """
    channels = input.size(1)
    dims = [0, *range(2, input.dim())]
    shape = [1, channels] + [1] * (input.dim() - 2)
    if training:
        n = input.numel() // channels
        if n <= 1:
            raise ValueError(
                "Expected more than 1 value per channel when training, got input size "
                f"{input.shape}"
            )
        mean = input.mean(dims)
        var = input.var(dims, correction=0)
        if running_mean is not None and running_var is not None:
            with no_grad():
                running_mean.copy_(running_mean * (1 - momentum) + mean * momentum)
                unbiased = var * (n / (n - 1))
                running_var.copy_(running_var * (1 - momentum) + unbiased * momentum)
    else:
        if running_mean is None or running_var is None:
            raise RuntimeError("running_mean and running_var must be defined in evaluation mode")
        mean, var = running_mean, running_var
    out = (input - mean.reshape(shape)) * (var.reshape(shape) + eps).rsqrt()
    if weight is not None:
        out = out * weight.reshape(shape)
    if bias is not None:
        out = out + bias.reshape(shape)
    return out


def layer_norm(
    input: Tensor,  # noqa: A002
    normalized_shape: Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise over the last len(normalized_shape) dims of each sample (biased variance)."""
    dims = list(range(input.dim() - len(normalized_shape), input.dim()))
    if list(input.shape[input.dim() - len(normalized_shape) :]) != list(normalized_shape):
        raise RuntimeError(
            f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
            f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size"
            f"{input.shape}"
        )
    mean = input.mean(dims, keepdim=True)
    var = input.var(dims, keepdim=True, correction=0)
    out = (input - mean) * (var + eps).rsqrt()
    if weight is not None:
        out = out * weight
    if bias is not None:
        out = out + bias
    return out


def normalize(
    input: Tensor,
    p: float = 2.0,
    dim: int = 1,
    eps: float = 1e-12,  # noqa: A002
) -> Tensor:
    """x / max(||x||_p, eps) along dim: unit vectors, with eps guarding zero vectors."""
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps)) along dim. Each input is divided by
    its norm first, as torch does, which keeps the result within [-1, 1]."""
    n1 = x1.norm(2, dim, keepdim=True)
    n2 = x2.norm(2, dim, keepdim=True)
    # torch clamps the norms under no_grad: the gradient ignores the clamp.
    with no_grad():
        floor1 = n1.clamp_min(eps) - n1
        floor2 = n2.clamp_min(eps) - n2
    return ((x1 / (n1 + floor1)) * (x2 / (n2 + floor2))).sum(dim)
