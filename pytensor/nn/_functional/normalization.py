"""Normalisation as functions: batch_norm, layer_norm, normalize, cosine_similarity.

>>> import pytensor, pytensor.nn.functional as F
>>> F.layer_norm(pytensor.tensor([[1.0, 3.0]]), (2,))
tensor([[-1.0000,  1.0000]])
"""

from __future__ import annotations

from collections.abc import Sequence

from ... import dtypes
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
    """Normalise each channel over the batch (and spatial dims). See `nn.BatchNorm1d`.

    In training: `y = (x - mean_batch) / sqrt(var_batch + eps) * weight + bias`, with the biased
    variance, and the running statistics updated in place:

        running = (1 - momentum) * running + momentum * batch_stat

    where the running variance takes the unbiased batch variance (n / (n - 1) times), as torch.
    In eval (`training=False`) the running statistics replace the batch ones.

    Args:
        input: `(N, C, *)`.
        running_mean: `(C,)`, updated in place in training; None to keep no statistics.
        running_var: `(C,)`, updated in place in training; None to keep no statistics.
        weight: an optional per-channel scale, `(C,)`.
        bias: an optional per-channel shift, `(C,)`.
        training: use (and update) the batch statistics.
        momentum: the weight of the batch in the running statistics.
        eps: added to the variance for numerical stability.

    Returns:
        The normalised tensor, the shape of the input.

    Raises:
        ValueError: in training, when there is only one value per channel.
        RuntimeError: in eval, when the running statistics are None.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([[1.0, 2.0], [3.0, 6.0]])
        >>> running_mean, running_var = pytensor.zeros(2), pytensor.ones(2)
        >>> F.batch_norm(x, running_mean, running_var, training=True)
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]])
        >>> running_mean, running_var
        (tensor([0.2000, 0.4000]), tensor([1.1000, 1.7000]))
        >>> F.batch_norm(x, pytensor.tensor([1.0, 2.0]), pytensor.tensor([4.0, 4.0]))
        tensor([[0.0000, 0.0000],
                [1.0000, 2.0000]])
    """
    channels = input.size(1)
    dims = [0, *range(2, input.dim())]
    shape = [1, channels] + [1] * (input.dim() - 2)
    n = input.numel() // channels
    if training and n <= 1:
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {input.shape}"
        )
    per_channel = [
        ("running_mean", running_mean), ("running_var", running_var),
        ("weight", weight), ("bias", bias),
    ]  # fmt: skip
    for name, t in per_channel:
        # A layer built for another number of features fails here, in PyTorch's words.
        if t is not None and t.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {t.numel()}")
    if training:
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
    """Normalise over the last `len(normalized_shape)` dims of each sample (biased variance), then
    scale and shift. See `nn.LayerNorm`.

    Args:
        input: `(*, *normalized_shape)`.
        normalized_shape: the shape of the trailing dimensions to normalise over.
        weight: an optional scale, shaped `normalized_shape`.
        bias: an optional shift, shaped `normalized_shape`.
        eps: added to the variance for numerical stability.

    Returns:
        The normalised tensor, the shape of the input.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.layer_norm(pytensor.tensor([[1.0, 3.0]]), (2,))
        tensor([[-1.0000,  1.0000]])
    """
    dims = list(range(input.dim() - len(normalized_shape), input.dim()))
    if list(input.shape[input.dim() - len(normalized_shape) :]) != list(normalized_shape):
        raise RuntimeError(
            f"Given normalized_shape={list(normalized_shape)}, expected input with shape "
            f"[*, {', '.join(str(s) for s in normalized_shape)}], but got input of size"
            f"{list(input.shape)}"
        )
    if input.dtype is dtypes.float16:
        # ATen's layer_norm computes float16 in float32 (its opmath type) and rounds once: a
        # squared deviation of 300 is past float16's 65504.
        wide = [None if t is None else t.float() for t in (weight, bias)]
        out = layer_norm(input.float(), normalized_shape, wide[0], wide[1], eps)
        return out.to(input.dtype)
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
    """Divide by the p-norm along `dim`: `x / max(||x||_p, eps)`, so each slice becomes a unit
    vector; eps guards zero vectors.

    Args:
        input: any shape `(*)`.
        p: the exponent of the norm.
        dim: the dimension to normalise.
        eps: the smallest norm divided by.

    Returns:
        The normalised tensor, the shape of the input.

    Note:
        PyTorch's `out=` argument is not supported.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.normalize(pytensor.tensor([[3.0, 4.0], [0.0, 0.0]]))
        tensor([[0.6000, 0.8000],
                [0.0000, 0.0000]])
        >>> F.normalize(pytensor.tensor([[3.0, 4.0]]), p=1)
        tensor([[0.4286, 0.5714]])
    """
    denom = input.norm(p, dim, keepdim=True).clamp_min(eps).expand_as(input)
    return input / denom


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between `x1` and `x2` along `dim`:
    `sum(x1 * x2) / (max(||x1||, eps) * max(||x2||, eps))`.

    Each input is divided by its norm first, as torch does, which keeps the result within
    [-1, 1].

    Args:
        x1: the first input.
        x2: the second input, broadcastable with `x1`.
        dim: the dimension of the vectors.
        eps: the smallest norm divided by.

    Returns:
        The similarities: the broadcast shape without `dim`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> a = pytensor.tensor([[1.0, 0.0], [1.0, 1.0]])
        >>> b = pytensor.tensor([[1.0, 0.0], [-1.0, 0.0]])
        >>> F.cosine_similarity(a, b)
        tensor([ 1.0000, -0.7071])
    """
    n1 = x1.norm(2, dim, keepdim=True)
    n2 = x2.norm(2, dim, keepdim=True)
    # torch clamps the norms under no_grad: the gradient ignores the clamp.
    with no_grad():
        floor1 = n1.clamp_min(eps) - n1
        floor2 = n2.clamp_min(eps) - n2
    return ((x1 / (n1 + floor1)) * (x2 / (n2 + floor2))).sum(dim)
