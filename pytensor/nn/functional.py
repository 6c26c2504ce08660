"""pytensor.nn.functional: layers as plain functions of tensors, named as in torch.

The code lives in `_functional/`, one file per family: activation.py (activations, linear,
dropout, embedding, one_hot), piecewise_activation.py (hardtanh, relu6, hardsigmoid, hardswish,
threshold, the shrinks, prelu), smooth_activation.py (logsigmoid, selu, celu, softsign, mish,
tanhshrink, glu, softmin), conv.py (pad, convolution, unfold), pooling.py, normalization.py
(batch_norm, layer_norm, normalize, cosine_similarity), regression_loss.py (mse, l1,
smooth L1, Huber) and loss.py (the other losses).

>>> import pytensor, pytensor.nn.functional as F
>>> F.softmax(pytensor.tensor([0.0, 0.0]), dim=0)
tensor([0.5000, 0.5000])
"""

from ._functional.activation import (
    bilinear,
    dropout,
    elu,
    embedding,
    gelu,
    leaky_relu,
    linear,
    log_softmax,
    one_hot,
    relu,
    sigmoid,
    silu,
    softmax,
    softplus,
    tanh,
)  # fmt: skip
from ._functional.attention import multi_head_attention_forward, scaled_dot_product_attention
from ._functional.conv import conv1d, conv2d, conv_transpose2d, pad, unfold  # fmt: skip
from ._functional.loss import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    kl_div,
    nll_loss,
)  # fmt: skip
from ._functional.normalization import batch_norm, cosine_similarity, layer_norm, normalize
from ._functional.piecewise_activation import (
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    hardtanh_,
    prelu,
    relu6,
    softshrink,
    threshold,
    threshold_,
)  # fmt: skip
from ._functional.pooling import adaptive_avg_pool2d, avg_pool2d, max_pool1d, max_pool2d
from ._functional.regression_loss import huber_loss, l1_loss, mse_loss, smooth_l1_loss
from ._functional.smooth_activation import (
    celu,
    celu_,
    glu,
    logsigmoid,
    mish,
    selu,
    selu_,
    softmin,
    softsign,
    tanhshrink,
)  # fmt: skip

__all__ = [
    "multi_head_attention_forward", "scaled_dot_product_attention",
    "adaptive_avg_pool2d", "avg_pool2d", "batch_norm", "bilinear", "binary_cross_entropy",
    "binary_cross_entropy_with_logits", "conv1d", "conv2d", "conv_transpose2d",
    "cosine_similarity", "cross_entropy", "dropout", "elu", "embedding", "gelu", "huber_loss",
    "kl_div", "l1_loss", "layer_norm", "leaky_relu", "linear", "log_softmax", "max_pool1d",
    "max_pool2d", "mse_loss", "nll_loss", "normalize", "one_hot", "pad", "relu", "sigmoid",
    "silu", "smooth_l1_loss", "softmax", "softplus", "tanh", "unfold",
    "hardshrink", "hardsigmoid", "hardswish", "hardtanh", "prelu", "relu6", "softshrink",
    "threshold", "celu", "glu", "logsigmoid", "mish", "selu", "softmin", "softsign",
    "tanhshrink", "hardtanh_", "threshold_", "selu_", "celu_",
]  # fmt: skip
