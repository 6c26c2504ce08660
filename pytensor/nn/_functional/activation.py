"""Activations and the simple layers (linear, dropout, embedding), as functions of tensors.

Each is composed from core ops, so its backward comes from theirs.

>>> import pytensor, pytensor.nn.functional as F
>>> F.relu(pytensor.tensor([-1.0, 2.0]))
tensor([0., 2.])
"""

from __future__ import annotations

import math
import warnings

from ...autograd.grad_mode import no_grad
from ...ops import pointwise as P
from ...ops.creation import empty_like, zeros
from ...tensor import Tensor


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:  # noqa: A002
    """y = x W^T + b.  input: (*, in), weight: (out, in), bias: (out,) -> (*, out)."""
    out = input.matmul(weight.t())
    return out if bias is None else out + bias


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """y_k = x1^T W_k x2 + b_k.  input1: (*, in1), input2: (*, in2), weight: (out, in1, in2)."""
    # (*, 1, 1, in1) @ (out, in1, in2) -> (*, out, 1, in2); then dot each row with x2.
    left = input1.unsqueeze(-2).unsqueeze(-2).matmul(weight)
    out = (left.squeeze(-2) * input2.unsqueeze(-2)).sum(-1)
    return out if bias is None else out + bias


def relu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    return input.relu()


def leaky_relu(
    input: Tensor,
    negative_slope: float = 0.01,
    inplace: bool = False,  # noqa: A002
) -> Tensor:
    return P.where(input > 0, input, input * negative_slope)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:  # noqa: A002
    # expm1 keeps precision for small negative x, where exp(x) - 1 would cancel.
    return P.where(input > 0, input, input.expm1() * alpha)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:  # noqa: A002
    """x * Phi(x), Phi the standard normal CDF; approximate='tanh' is Hendrycks' formula."""
    if approximate == "tanh":
        inner = math.sqrt(2.0 / math.pi) * (input + 0.044715 * input * input * input)
        return 0.5 * input * (1.0 + inner.tanh())
    if approximate != "none":
        raise ValueError(f"approximate argument must be either none or tanh. Got {approximate}")
    return input * 0.5 * (1.0 + (input * (1.0 / math.sqrt(2.0))).erf())


def silu(input: Tensor, inplace: bool = False) -> Tensor:  # noqa: A002
    return input * input.sigmoid()


def sigmoid(input: Tensor) -> Tensor:  # noqa: A002
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:  # noqa: A002
    return input.tanh()


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:  # noqa: A002
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (as torch)."""
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
    d = _softmax_dim(input.dim()) if dim is None else dim
    return input.softmax(d, dtype)  # type: ignore[arg-type]


def log_softmax(
    input: Tensor,
    dim: int | None = None,
    dtype: object = None,  # noqa: A002
) -> Tensor:
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
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * zeros(input.shape, dtype=input.dtype)
    with no_grad():
        noise = empty_like(input).bernoulli_(1 - p)
        noise = noise.div_(1 - p)
    return input * noise


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: int | None = None,  # noqa: A002
) -> Tensor:
    """Rows of `weight` picked by integer `input`.  input: (*), weight: (V, D) -> (*, D).
    Rows at `padding_idx` get no gradient."""
    rows = weight.index_select(0, input.reshape(-1)).reshape(*input.shape, weight.size(1))
    if padding_idx is None:
        return rows
    if padding_idx < 0:
        padding_idx += weight.size(0)
    # Same values, but the padding positions come from a detached copy: no gradient flows.
    is_pad = (input == padding_idx).unsqueeze(-1)
    return P.where(is_pad, rows.detach(), rows)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """(*) int64 class indices -> (*, num_classes) int64 with a 1 at each index."""
    if num_classes == -1:
        num_classes = int(tensor.max().item()) + 1
    out = zeros(*tensor.shape, num_classes, dtype=tensor.dtype)
    return out.scatter(-1, tensor.unsqueeze(-1), 1)
