"""BatchNorm1d and BatchNorm2d, as in torch/nn/modules/batchnorm.py.

Training normalises with the batch's statistics and updates the running ones (buffers, saved
in state_dict); eval mode normalises with the running ones.

>>> import pytensor, pytensor.nn as nn
>>> bn = nn.BatchNorm1d(3)
>>> [name for name, _ in bn.named_buffers()]
['running_mean', 'running_var', 'num_batches_tracked']
"""

from __future__ import annotations

from typing import Any

from ...autograd.grad_mode import no_grad
from ...dtypes import int64
from ...ops.creation import empty, ones, tensor, zeros
from ...tensor import Tensor
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


class _BatchNorm(Module):
    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device: Any = None,
        dtype: Any = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        if affine:
            self.weight = Parameter(empty(num_features, device=device, dtype=dtype))
            if bias:
                self.bias = Parameter(empty(num_features, device=device, dtype=dtype))
            else:
                self.register_parameter("bias", None)
        else:
            self.register_parameter("weight", None)
            self.register_parameter("bias", None)
        if track_running_stats:
            self.register_buffer("running_mean", zeros(num_features, device=device, dtype=dtype))
            self.register_buffer("running_var", ones(num_features, device=device, dtype=dtype))
            self.register_buffer("num_batches_tracked", tensor(0, dtype=int64, device=device))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        if self.track_running_stats:
            with no_grad():
                self.running_mean.zero_()
                self.running_var.fill_(1)
                self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def _check_input_dim(self, input: Tensor) -> None:  # noqa: A002
        raise NotImplementedError

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        self._check_input_dim(input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats and self.num_batches_tracked is not None:
            with no_grad():
                self.num_batches_tracked.add_(1)
            if self.momentum is None:
                # momentum=None: a cumulative average, each batch weighted 1 / (batches so far).
                factor = 1.0 / float(self.num_batches_tracked.item())
        # Batch statistics in training, and in eval when there are no running stats.
        use_batch = self.training or (self.running_mean is None and self.running_var is None)
        keep_running = not self.training or self.track_running_stats
        return F.batch_norm(
            input,
            self.running_mean if keep_running else None,
            self.running_var if keep_running else None,
            self.weight,
            self.bias,
            use_batch,
            factor,
            self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Applies batch normalisation (Ioffe and Szegedy, 2015) over a 2-D or 3-D input:

        y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias

    In training mode the mean and the biased variance are taken per channel over the batch (and
    the length), and the running statistics are updated in place:
    `running = (1 - momentum) * running + momentum * batch_stat`, with the unbiased variance for
    `running_var`. In eval mode the running statistics are used instead.

    Args:
        num_features: the number of channels C.
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: the weight of each new batch in the running statistics; None gives a
            cumulative average over all batches seen. Default: 0.1.
        affine: if True, learn a per-channel `weight` (ones) and `bias` (zeros). Default: True.
        track_running_stats: if True, keep `running_mean`, `running_var` and
            `num_batches_tracked` buffers; if False, always use batch statistics. Default: True.
        device: the device of the parameters and buffers. Default: the CPU.
        dtype: the dtype of the parameters and buffers. Default: the default dtype (float32).
        bias: if False, learn no bias (keyword only). Default: True.

    Shape:
        - Input: `(N, C)` or `(N, C, L)`.
        - Output: the shape of the input.

    Raises:
        ValueError: for an input that is not 2-D or 3-D, or, in training, one with a single value
            per channel.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.BatchNorm1d(2)
        >>> m(pytensor.tensor([[1.0, 2.0], [3.0, 6.0]]))
        tensor([[-1.0000, -1.0000],
                [ 1.0000,  1.0000]], grad_fn=<AddBackward0>)
        >>> m.running_mean, m.running_var
        (tensor([0.2000, 0.4000]), tensor([1.1000, 1.7000]))
        >>> m
        BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)
    """

    def _check_input_dim(self, input: Tensor) -> None:  # noqa: A002
        if input.dim() not in (2, 3):
            raise ValueError(f"expected 2D or 3D input (got {input.dim()}D input)")


class BatchNorm2d(_BatchNorm):
    """Applies batch normalisation over a 4-D input `(N, C, H, W)`, with statistics per channel C
    taken over N, H and W. Everything else is as in `BatchNorm1d`.

    Args:
        num_features: the number of channels C.
        eps: added to the variance for numerical stability. Default: 1e-5.
        momentum: the weight of each new batch in the running statistics; None gives a
            cumulative average. Default: 0.1.
        affine: if True, learn a per-channel `weight` and `bias`. Default: True.
        track_running_stats: if True, keep running statistics for eval mode. Default: True.
        device: the device of the parameters and buffers. Default: the CPU.
        dtype: the dtype of the parameters and buffers. Default: the default dtype (float32).
        bias: if False, learn no bias (keyword only). Default: True.

    Shape:
        - Input: `(N, C, H, W)`.
        - Output: `(N, C, H, W)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.BatchNorm2d(3)
        >>> y = m(pytensor.randn(4, 3, 5, 5))
        >>> y.shape
        pytensor.Size([4, 3, 5, 5])
        >>> m.num_batches_tracked
        tensor(1)
    """

    def _check_input_dim(self, input: Tensor) -> None:  # noqa: A002
        if input.dim() != 4:
            raise ValueError(f"expected 4D input (got {input.dim()}D input)")
