"""Activations and the simple layers (linear, dropout, embedding), as functions of tensors.

Each is composed from core ops, so its backward comes from theirs.

>>> import pytensor, pytensor.nn.functional as F
>>> F.relu(pytensor.tensor([-1.0, 2.0]))
tensor([0., 2.])
"""

from __future__ import annotations

import math
import warnings

from ... import dtypes
from ...autograd.grad_mode import no_grad
from ...ops import pointwise as P
from ...ops.creation import empty_like, zeros
from ...ops.linalg import addmm
from ...tensor import Tensor


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """Applies an affine map to the last dimension: `y = x W^T + b`.

    Args:
        input: the input, `(*, in_features)`.
        weight: the weight, `(out_features, in_features)`.
        bias: an optional bias, `(out_features,)`.

    Returns:
        The output, `(*, out_features)`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([[1.0, 2.0]])
        >>> w = pytensor.tensor([[1.0, 0.0], [1.0, 1.0], [0.0, -1.0]])
        >>> F.linear(x, w, pytensor.tensor([0.0, 0.5, 1.0]))
        tensor([[ 1.0000,  3.5000, -1.0000]])
    """
    if input.dim() == 0 or weight.dim() == 0:
        raise RuntimeError(
            "both arguments to linear need to be at least 1D, but they are "
            f"{input.dim()}D and {weight.dim()}D"
        )
    if bias is not None and weight.dim() == 2 and input.dim() >= 1:
        # PyTorch's at::linear: one addmm on the rows of a 2-D input, or of a contiguous input
        # flattened to 2-D and viewed back (grad_fn AddmmBackward0, or ViewBackward0 above it).
        if input.dim() == 2:
            return addmm(bias, input, weight.t())
        if input.is_contiguous() and (input.dim() == 3 or bias.dim() == 1):
            rows = input.reshape(math.prod(input.shape[:-1]), input.shape[-1])
            return addmm(bias, rows, weight.t()).view(*input.shape[:-1], weight.shape[0])
    out = input.matmul(weight.t())
    return out if bias is None else out + bias


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """Applies a bilinear map: `y_k = x1^T W_k x2 + b_k` for each output feature k.

    Args:
        input1: the first input, `(*, in1_features)`.
        input2: the second input, `(*, in2_features)`, with the same leading dims.
        weight: the weight, `(out_features, in1_features, in2_features)`.
        bias: an optional bias, `(out_features,)`.

    Returns:
        The output, `(*, out_features)`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x1, x2 = pytensor.tensor([[1.0, 2.0]]), pytensor.tensor([[3.0, 4.0, 5.0]])
        >>> F.bilinear(x1, x2, pytensor.ones(2, 2, 3))
        tensor([[36., 36.]])
    """
    # (*, 1, 1, in1) @ (out, in1, in2) -> (*, out, 1, in2); then dot each row with x2.
    left = input1.unsqueeze(-2).unsqueeze(-2).matmul(weight)
    out = (left.squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    return out if bias is None else out + bias


def relu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `max(0, x)` element-wise. See `nn.ReLU`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        inplace: accepted for compatibility (see the note).

    Note:
        `inplace=True` is accepted but ignored: the result is always a new tensor and the
        input is left unchanged, where PyTorch overwrites the input.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.relu(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0., 0., 2.])
    """
    return input.relu()


def leaky_relu(
    input: Tensor,
    negative_slope: float = 0.01,
    inplace: bool = False,  # noqa: A002
) -> Tensor:
    """Applies `x` for `x > 0`, else `negative_slope * x`, element-wise. See `nn.LeakyReLU`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        negative_slope: the slope for negative inputs.
        inplace: accepted for compatibility (see the note).

    Note:
        `inplace=True` is accepted but ignored: the result is always a new tensor and the
        input is left unchanged, where PyTorch overwrites the input.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.leaky_relu(pytensor.tensor([-1.0, 0.0, 2.0]), 0.1)
        tensor([-0.1000,  0.0000,  2.0000])
    """
    return P.where(input > 0, input, input * negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `x` for `x > 0`, else `alpha * (exp(x) - 1)`, element-wise. See `nn.ELU`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        alpha: `-alpha` is the limit for large negative inputs.
        inplace: accepted for compatibility (see the note).

    Note:
        `inplace=True` is accepted but ignored: the result is always a new tensor and the
        input is left unchanged, where PyTorch overwrites the input.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.elu(pytensor.tensor([-1.0, 0.0, 2.0]), alpha=0.5)
        tensor([-0.3161,  0.0000,  2.0000])
    """
    # expm1 keeps precision for small negative x, where exp(x) - 1 would cancel.
    return P.where(input > 0, input, input.expm1() * alpha)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:  # noqa: A002
    """Applies `x * Phi(x)` element-wise, Phi the standard normal CDF. See `nn.GELU`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        approximate: `'none'` (the exact formula, with erf) or `'tanh'` (Hendrycks' tanh
            approximation).

    Raises:
        ValueError: if `approximate` is neither `'none'` nor `'tanh'`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.gelu(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.1587,  0.0000,  1.9545])
    """
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (input + 0.044715 * input * input * input)
        return 0.5 * input * (1.0 + inner.tanh())
    if approximate != "none":
        raise ValueError(f"approximate argument must be either none or tanh. Got {approximate}")
    return input * 0.5 * (1.0 + (input * (1.0 / math.sqrt(2.0))).erf())


def silu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    """Applies `x * sigmoid(x)` element-wise. See `nn.SiLU`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        inplace: accepted for compatibility (see the note).

    Note:
        `inplace=True` is accepted but ignored: the result is always a new tensor and the
        input is left unchanged, where PyTorch overwrites the input.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.silu(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([-0.2689,  0.0000,  1.7616])
    """
    return input * input.sigmoid()


def sigmoid(input: Tensor) -> Tensor:  # noqa: A002
    """Applies `1 / (1 + exp(-x))` element-wise; the same as `input.sigmoid()`.

    Args:
        input: any shape `(*)`; the output has the same shape.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.sigmoid(pytensor.tensor([0.0, 2.0]))
        tensor([0.5000, 0.8808])
    """
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:  # noqa: A002
    """Applies the hyperbolic tangent element-wise; the same as `input.tanh()`.

    Args:
        input: any shape `(*)`; the output has the same shape.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.tanh(pytensor.tensor([0.0, 2.0]))
        tensor([0.0000, 0.9640])
    """
    return input.tanh()


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:  # noqa: A002
    """Applies `log(1 + exp(beta * x)) / beta` element-wise, and `x` itself where
    `beta * x > threshold` (as PyTorch). See `nn.Softplus`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        beta: the sharpness of the bend.
        threshold: above this value of `beta * x` the function is linear.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.softplus(pytensor.tensor([-1.0, 0.0, 2.0]))
        tensor([0.3133, 0.6931, 2.1269])
    """
    if input.dtype is dtypes.float16:
        # ATen computes float16 in float32 (its opmath type) and rounds once: exp(12.) is past
        # float16's 65504, though softplus(12.) is 12.
        return P.cast(softplus(P.cast(input, dtypes.float32), beta, threshold), input.dtype)
    scaled = input * beta
    # Clamp before exp so the unused branch never overflows to inf (inf * 0 would be nan in
    # the backward).
    soft = scaled.clamp(max=threshold).exp().log1p() / beta
    return P.where(scaled > threshold, input, soft)


def _softmax_dim(ndim: int) -> int:
    warnings.warn(
        "Implicit dimension choice for softmax has been deprecated. Change the call to include "
        "dim=X as an argument.",
        stacklevel=3,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, dtype: object = None) -> Tensor:  # noqa: A002
    """Applies `exp(x_i) / sum_j exp(x_j)` along `dim`. See `nn.Softmax`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        dim: the dimension to normalise. None picks one as PyTorch's deprecated rule does and
            warns.
        dtype: if given, the input is cast to this dtype first.

    Note:
        PyTorch's third positional parameter is the internal `_stacklevel`, and `dtype` the
        fourth: pass `dtype` by keyword to write code that runs on both.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.softmax(pytensor.tensor([[1.0, 2.0], [3.0, 3.0]]), dim=1)
        tensor([[0.2689, 0.7311],
                [0.5000, 0.5000]])
    """
    d = _softmax_dim(input.dim()) if dim is None else dim
    return input.softmax(d, dtype)  # type: ignore[arg-type]


def log_softmax(
    input: Tensor,
    dim: int | None = None,
    dtype: object = None,  # noqa: A002
) -> Tensor:
    """Applies `x_i - log(sum_j exp(x_j))` along `dim`, the log of `softmax` computed stably.
    See `nn.LogSoftmax`.

    Args:
        input: any shape `(*)`; the output has the same shape.
        dim: the dimension to normalise. None picks one as `softmax` does and warns.
        dtype: if given, the input is cast to this dtype first (pass it by keyword, see
            `softmax`).

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.log_softmax(pytensor.tensor([-1.0, 0.0, 2.0]), dim=0)
        tensor([-3.1698, -2.1698, -0.1698])
    """
    d = _softmax_dim(input.dim()) if dim is None else dim
    return input.log_softmax(d, dtype)  # type: ignore[arg-type]


def dropout(
    input: Tensor,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,  # noqa: A002
) -> Tensor:
    """Zero each element with probability p and scale the rest by 1/(1-p).

    As torch's CPU path: a mask of the input's dtype drawn with `bernoulli_(1 - p)`, divided by
    1 - p, then multiplied in, so the same seed gives the same mask.

    Args:
        input: any shape `(*)`; the output has the same shape.
        p: the probability of zeroing an element, in [0, 1].
        training: when False, return the input unchanged.
        inplace: accepted but ignored: the input is never overwritten (PyTorch overwrites it).

    Raises:
        ValueError: if p is outside [0, 1].

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> _ = pytensor.manual_seed(0)
        >>> F.dropout(pytensor.ones(8), p=0.5)
        tensor([0., 0., 2., 0., 0., 0., 2., 2.])
        >>> F.dropout(pytensor.ones(3), p=0.5, training=False)
        tensor([1., 1., 1.])
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * zeros(input.shape, dtype=input.dtype, device=input.device)
    with no_grad():
        noise = empty_like(input).bernoulli_(1 - p)
        noise = noise.div_(1 - p)
    return input * noise


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: int | None = None,  # noqa: A002
) -> Tensor:
    """Looks up rows of `weight` by integer index. See `nn.Embedding`.

    Args:
        input: integer indices of any shape `(*)`, each in `[0, V)`.
        weight: the table, `(V, D)`.
        padding_idx: if given, the rows at this index get no gradient (a negative value counts
            from the end).

    Returns:
        The rows, `(*, D)`.

    Note:
        PyTorch's `max_norm`, `norm_type`, `scale_grad_by_freq` and `sparse` are not
        supported.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> weight = pytensor.arange(6.0).view(3, 2)
        >>> F.embedding(pytensor.tensor([2, 0]), weight)
        tensor([[4., 5.],
                [0., 1.]])
        >>> F.embedding(pytensor.tensor([[0, 2], [1, 0]]), weight).shape
        pytensor.Size([2, 2, 2])
    """
    if input.dtype.name not in ("int64", "int32"):
        raise RuntimeError(
            "Expected tensor for argument #1 'indices' to have one of the following scalar "
            f"types: Long, Int; but got {input.type()} instead (while checking arguments for "
            "embedding)"
        )
    rows = weight.index_select(0, input.reshape(-1)).reshape(*input.shape, weight.size(1))
    if padding_idx is None:
        return rows
    if padding_idx < 0:
        padding_idx += weight.size(0)
    # Same values, but the padding positions come from a detached copy: no gradient flows.
    is_pad = (input == padding_idx).unsqueeze(-1)
    return P.where(is_pad, rows.detach(), rows)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """One-hot encodes integer class indices.

    Args:
        tensor: int64 class indices of any shape `(*)`.
        num_classes: the number of classes; -1 (the default) means `tensor.max() + 1`.

    Returns:
        An int64 tensor `(*, num_classes)` with a 1 at each index and 0 elsewhere.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.one_hot(pytensor.tensor([0, 2, 1]), num_classes=4)
        tensor([[1, 0, 0, 0],
                [0, 0, 1, 0],
                [0, 1, 0, 0]])
    """
    if tensor.dtype.name != "int64":
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    if tensor.numel() == 0 and num_classes <= 0:
        raise RuntimeError("Can not infer total number of classes from empty tensor.")
    # PyTorch checks the classes on the host, except on a GPU; here too, except on OpenCL.
    on_host = tensor.device.type == "cpu" and tensor.numel() > 0
    if on_host and int(tensor.min().item()) < 0:
        raise RuntimeError("Class values must be non-negative.")
    if num_classes == -1:
        num_classes = int(tensor.max().item()) + 1
    elif on_host and int(tensor.max().item()) >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = zeros(*tensor.shape, num_classes, dtype=tensor.dtype, device=tensor.device)
    return out.scatter(-1, tensor.unsqueeze(-1), 1)
