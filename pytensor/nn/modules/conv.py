"""Conv1d, Conv2d and ConvTranspose2d, as in torch/nn/modules/conv.py.

The layers hold the weights and settings; the computation (im2col through strided views, then
one matmul) is in nn/_functional/conv.py.

>>> import pytensor, pytensor.nn as nn
>>> nn.Conv2d(1, 8, 3, padding=1)(pytensor.ones(2, 1, 5, 5)).shape
pytensor.Size([2, 8, 5, 5])
"""

from __future__ import annotations

import math
from typing import Any

from ...ops.creation import empty
from ...tensor import Tensor
from .. import functional as F
from .. import init
from .._functional.conv import _ntuple, _padding_pairs, _torch_pad_order
from ..parameter import Parameter
from .module import Module


class _ConvNd(Module):
    """Shared by every convolution: weight (out, in/groups, *k), or (in, out/groups, *k) when
    transposed, and an optional bias (out,)."""

    def __init__(
        self,
        nd: int,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any,
        padding: Any,
        dilation: Any,
        transposed: bool,
        output_padding: Any,
        groups: int,
        bias: bool,
        padding_mode: str,
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(f"Invalid padding string {padding!r}, should be one of "
                                 "{'valid', 'same'}")  # fmt: skip
            if padding == "same" and any(s != 1 for s in _ntuple(stride, nd)):
                raise ValueError("padding='same' is not supported for strided convolutions")
        if padding_mode not in ("zeros", "reflect", "replicate", "circular"):
            raise ValueError(f"padding_mode must be one of zeros, reflect, replicate, circular, "
                             f"but got padding_mode='{padding_mode}'")  # fmt: skip
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = _ntuple(kernel_size, nd)
        self.stride = _ntuple(stride, nd)
        self.padding = padding if isinstance(padding, str) else _ntuple(padding, nd)
        self.dilation = _ntuple(dilation, nd)
        self.transposed = transposed
        self.output_padding = _ntuple(output_padding, nd)
        self.groups = groups
        self.padding_mode = padding_mode
        shape = (
            (in_channels, out_channels // groups, *self.kernel_size)
            if transposed
            else (out_channels, in_channels // groups, *self.kernel_size)
        )
        self.weight = Parameter(empty(shape, device=device, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, device=device, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        # As Linear: kaiming_uniform_(a=sqrt(5)) gives U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
        # fan_in = in_channels / groups * kernel area.
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            if fan_in != 0:
                bound = 1 / math.sqrt(fan_in)
                init.uniform_(self.bias, -bound, bound)

    def _conv_forward(self, input: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:  # noqa: A002
        conv = F.conv1d if len(self.kernel_size) == 1 else F.conv2d
        if self.padding_mode != "zeros":
            # Pad with the chosen mode first, then convolve without padding.
            pairs = _padding_pairs(self.padding, self.kernel_size, self.dilation)
            padded = F.pad(input, _torch_pad_order(pairs), mode=self.padding_mode)
            return conv(padded, weight, bias, self.stride, 0, self.dilation, self.groups)
        return conv(input, weight, bias, self.stride, self.padding, self.dilation, self.groups)

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return self._conv_forward(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        s = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        nd = len(self.kernel_size)
        if self.padding != (0,) * nd:
            padding = self.padding if isinstance(self.padding, str) else self.padding
            s += f", padding={padding}"
        if self.dilation != (1,) * nd:
            s += f", dilation={self.dilation}"
        if self.output_padding != (0,) * nd:
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += f", padding_mode={self.padding_mode}"
        return s


class Conv1d(_ConvNd):
    """Applies a 1-D convolution over an input of several channels (a cross-correlation, as in
    every deep learning library):

        out(N_i, C_out_j) = bias(C_out_j) + sum_k weight(C_out_j, k) * input(N_i, k)

    where the sum runs over the input channels of the group and the kernel taps. The weight and
    bias start as U(-1/sqrt(fan_in), 1/sqrt(fan_in)), `fan_in = in_channels / groups * kernel_size`,
    drawn as PyTorch draws them.

    Args:
        in_channels: the number of channels of the input.
        out_channels: the number of channels the convolution produces.
        kernel_size: the size of the kernel.
        stride: the step of the kernel. Default: 1.
        padding: padding added to both sides: an int, or `'valid'` (none) or `'same'` (the
            output as long as the input; stride 1 only). Default: 0.
        dilation: the spacing between kernel taps. Default: 1.
        groups: the number of blocked connections from input to output channels; both channel
            counts must be divisible by it. Default: 1.
        bias: if True, learn a bias. Default: True.
        padding_mode: `'zeros'`, `'reflect'`, `'replicate'` or `'circular'`. Default: `'zeros'`.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - Input: `(N, C_in, L_in)` or `(C_in, L_in)`.
        - Output: `(N, C_out, L_out)` or `(C_out, L_out)`, with
          `L_out = floor((L_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)`.

    Attributes:
        weight: the learnable kernels, `(out_channels, in_channels / groups, kernel_size)`.
        bias: the learnable bias, `(out_channels,)`, or None.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.Conv1d(4, 6, 3, stride=2)
        >>> m(pytensor.randn(2, 4, 11)).shape
        pytensor.Size([2, 6, 5])
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(1, in_channels, out_channels, kernel_size, stride, padding, dilation,
                         False, 0, groups, bias, padding_mode, device, dtype)  # fmt: skip


class Conv2d(_ConvNd):
    """Applies a 2-D convolution over an input of several channels (a cross-correlation, as in
    every deep learning library):

        out(N_i, C_out_j) = bias(C_out_j) + sum_k weight(C_out_j, k) * input(N_i, k)

    The computation is im2col through strided views and one matmul (see
    `nn/_functional/conv.py`). The weight and bias start as U(-1/sqrt(fan_in), 1/sqrt(fan_in)),
    `fan_in = in_channels / groups * kH * kW`, drawn as PyTorch draws them.

    Args:
        in_channels: the number of channels of the input.
        out_channels: the number of channels the convolution produces.
        kernel_size: the size of the kernel, an int or a (kH, kW) pair.
        stride: the step of the kernel, an int or a pair. Default: 1.
        padding: padding added to all four sides: an int, a pair, or `'valid'` (none) or
            `'same'` (the output as large as the input; stride 1 only). Default: 0.
        dilation: the spacing between kernel taps, an int or a pair. Default: 1.
        groups: the number of blocked connections from input to output channels; both channel
            counts must be divisible by it. Default: 1.
        bias: if True, learn a bias. Default: True.
        padding_mode: `'zeros'`, `'reflect'`, `'replicate'` or `'circular'`. Default: `'zeros'`.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - Input: `(N, C_in, H_in, W_in)` or `(C_in, H_in, W_in)`.
        - Output: `(N, C_out, H_out, W_out)` or `(C_out, H_out, W_out)`, with, per dimension,
          `H_out = floor((H_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)`.

    Attributes:
        weight: the learnable kernels, `(out_channels, in_channels / groups, kH, kW)`.
        bias: the learnable bias, `(out_channels,)`, or None.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.Conv2d(4, 6, 3, stride=2)
        >>> m
        Conv2d(4, 6, kernel_size=(3, 3), stride=(2, 2))
        >>> m(pytensor.randn(2, 4, 10, 12)).shape
        pytensor.Size([2, 6, 4, 5])
        >>> m = nn.Conv2d(4, 6, (3, 5), stride=(2, 1), padding=(4, 2), dilation=(3, 1))
        >>> m(pytensor.randn(2, 4, 10, 12)).shape
        pytensor.Size([2, 6, 6, 12])
        >>> same = nn.Conv2d(4, 6, 3, padding="same", padding_mode="reflect")
        >>> same(pytensor.randn(1, 4, 5, 5)).shape
        pytensor.Size([1, 6, 5, 5])
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        super().__init__(2, in_channels, out_channels, kernel_size, stride, padding, dilation,
                         False, 0, groups, bias, padding_mode, device, dtype)  # fmt: skip


class ConvTranspose2d(_ConvNd):
    """Applies a 2-D transposed convolution: the gradient of `Conv2d` with respect to its input,
    used as a learnable upsampling layer (it is not a deconvolution).

    Computed as a stride-1 convolution of the input spread out with `stride - 1` zeros between
    elements, padded, with the kernel flipped.

    Args:
        in_channels: the number of channels of the input.
        out_channels: the number of channels the layer produces.
        kernel_size: the size of the kernel, an int or a (kH, kW) pair.
        stride: the step of the kernel (the upsampling factor), an int or a pair. Default: 1.
        padding: `dilation * (kernel_size - 1) - padding` zeros are added to each side of the
            input, so that a Conv2d with the same arguments inverts the shape. Default: 0.
        output_padding: extra size added to one side of the output, to pick among the sizes a
            strided Conv2d maps to the same size. Default: 0.
        groups: the number of blocked connections from input to output channels. Default: 1.
        bias: if True, learn a bias. Default: True.
        dilation: the spacing between kernel taps. Default: 1.
        padding_mode: only `'zeros'` is supported, as in PyTorch. Default: `'zeros'`.
        device: the device of the parameters. Default: the CPU.
        dtype: the dtype of the parameters. Default: the default dtype (float32).

    Shape:
        - Input: `(N, C_in, H_in, W_in)` or `(C_in, H_in, W_in)`.
        - Output: `(N, C_out, H_out, W_out)` or `(C_out, H_out, W_out)`, with, per dimension,
          `H_out = (H_in - 1) * stride - 2 * padding + dilation * (kernel_size - 1)
          + output_padding + 1`.

    Attributes:
        weight: the learnable kernels, `(in_channels, out_channels / groups, kH, kW)`.
        bias: the learnable bias, `(out_channels,)`, or None.

    Note:
        PyTorch's `forward(input, output_size)` is not supported: give `output_padding` to the
        constructor instead.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.ConvTranspose2d(4, 6, 3, stride=2)
        >>> m(pytensor.randn(2, 4, 5, 6)).shape
        pytensor.Size([2, 6, 11, 13])
        >>> up = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1)
        >>> up(pytensor.randn(1, 4, 6, 6)).shape
        pytensor.Size([1, 6, 12, 12])
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        output_padding: Any = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: Any = 1,
        padding_mode: str = "zeros",
        device: Any = None,
        dtype: Any = None,
    ) -> None:
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(
            2, in_channels, out_channels, kernel_size, stride, padding, dilation, True,
            output_padding, groups, bias, padding_mode, device, dtype,
        )  # fmt: skip

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        assert not isinstance(self.padding, str), "ConvTranspose2d takes numeric padding"
        return F.conv_transpose2d(input, self.weight, self.bias, self.stride, self.padding,
                                  self.output_padding, self.groups, self.dilation)  # fmt: skip
