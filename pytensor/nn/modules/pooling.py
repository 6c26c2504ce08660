"""Pooling layers: MaxPool1d, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d.

>>> import pytensor, pytensor.nn as nn
>>> nn.MaxPool2d(2)(pytensor.ones(1, 1, 4, 4)).shape
pytensor.Size([1, 1, 2, 2])
"""

from __future__ import annotations

from typing import Any

from ...tensor import Tensor
from .. import functional as F
from .module import Module


class _MaxPoolNd(Module):
    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        dilation: Any = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class MaxPool1d(_MaxPoolNd):
    """Applies a 1-D max pooling: each output element is the largest value of one window of the
    input.

    Args:
        kernel_size: the size of the window.
        stride: the step between windows. Default: `kernel_size`.
        padding: implicit padding with -inf on both sides; at most half the kernel size.
            Default: 0.
        dilation: the spacing between the elements of a window. Default: 1.
        return_indices: if True, also return the position in the input of each maximum
            (useful for `MaxUnpool1d` in PyTorch). Default: False.
        ceil_mode: if True, use ceil instead of floor to compute the output length, so a last
            partial window is kept. Default: False.

    Shape:
        - Input: `(N, C, L_in)` or `(C, L_in)`.
        - Output: `(N, C, L_out)` or `(C, L_out)`, with
          `L_out = floor((L_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.MaxPool1d(2)(pytensor.tensor([[[1.0, 3.0, 2.0, 5.0, 4.0]]]))
        tensor([[[3., 5.]]])
        >>> nn.MaxPool1d(3, stride=2)(pytensor.randn(20, 16, 50)).shape
        pytensor.Size([20, 16, 24])
    """

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        return F.max_pool1d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            self.ceil_mode, self.return_indices)  # fmt: skip


class MaxPool2d(_MaxPoolNd):
    """Applies a 2-D max pooling: each output element is the largest value of one
    `kernel_size` window of its channel.

    Args:
        kernel_size: the size of the window, an int or a (height, width) pair.
        stride: the step between windows. Default: `kernel_size`.
        padding: implicit padding with -inf on each side; at most half the kernel size.
            Default: 0.
        dilation: the spacing between the elements of a window. Default: 1.
        return_indices: if True, also return the flat index `h * W + w` in the input of each
            maximum. Default: False.
        ceil_mode: if True, use ceil instead of floor to compute the output size. Default: False.

    Shape:
        - Input: `(N, C, H_in, W_in)` or `(C, H_in, W_in)`.
        - Output: `(N, C, H_out, W_out)` or `(C, H_out, W_out)`, with, per dimension,
          `H_out = floor((H_in + 2 * padding - dilation * (kernel_size - 1) - 1) / stride + 1)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> x = pytensor.arange(16.0).view(1, 1, 4, 4)
        >>> nn.MaxPool2d(2)(x)
        tensor([[[[ 5.,  7.],
                  [13., 15.]]]])
        >>> values, indices = nn.MaxPool2d(2, return_indices=True)(x)
        >>> indices.flatten().tolist()
        [5, 7, 13, 15]
        >>> nn.MaxPool2d(3, stride=2)(pytensor.randn(2, 3, 9, 9)).shape
        pytensor.Size([2, 3, 4, 4])
    """

    def forward(self, input: Tensor) -> Any:  # noqa: A002
        return F.max_pool2d(input, self.kernel_size, self.stride, self.padding, self.dilation,
                            self.ceil_mode, self.return_indices)  # fmt: skip


class AvgPool2d(Module):
    """Applies a 2-D average pooling: each output element is the mean of one `kernel_size` window
    of its channel.

    Args:
        kernel_size: the size of the window, an int or a (height, width) pair.
        stride: the step between windows. Default: `kernel_size`.
        padding: implicit zero padding on each side; at most half the kernel size. Default: 0.
        ceil_mode: if True, use ceil instead of floor to compute the output size. Default: False.
        count_include_pad: if True, the zero padding counts in the divisor. Default: True.
        divisor_override: if given, divide every window's sum by this instead. Default: None.

    Shape:
        - Input: `(N, C, H_in, W_in)` or `(C, H_in, W_in)`.
        - Output: `(N, C, H_out, W_out)` or `(C, H_out, W_out)`, with
          `H_out = floor((H_in + 2 * padding[0] - kernel_size[0]) / stride[0] + 1)` and `W_out`
          likewise.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.AvgPool2d(2)(pytensor.arange(16.0).view(1, 1, 4, 4))
        tensor([[[[ 2.5000,  4.5000],
                  [10.5000, 12.5000]]]])
    """

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
        divisor_override: int | None = None,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = stride if stride is not None else kernel_size
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad
        self.divisor_override = divisor_override

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.avg_pool2d(input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                            self.count_include_pad, self.divisor_override)  # fmt: skip

    def extra_repr(self) -> str:
        """`kernel_size=..., stride=..., padding=...`."""
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class AdaptiveAvgPool2d(Module):
    """Applies a 2-D adaptive average pooling: whatever the input's height and width, the output is
    `output_size`, each element the mean of a region of about `H / H_out` by `W / W_out`.

    Region i along a dimension of size H covers `[floor(i * H / H_out), ceil((i + 1) * H / H_out))`,
    as in PyTorch.

    Args:
        output_size: the target size, an int (square) or a (H_out, W_out) pair; None in the pair
            keeps that dimension's input size.

    Shape:
        - Input: `(N, C, H_in, W_in)` or `(C, H_in, W_in)`.
        - Output: `(N, C, H_out, W_out)` or `(C, H_out, W_out)`.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> nn.AdaptiveAvgPool2d((1, 2))(pytensor.arange(16.0).view(1, 1, 4, 4))
        tensor([[[[6.5000, 8.5000]]]])
        >>> nn.AdaptiveAvgPool2d((5, None))(pytensor.randn(1, 64, 8, 9)).shape
        pytensor.Size([1, 64, 5, 9])
    """

    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:  # noqa: A002
        return F.adaptive_avg_pool2d(input, self.output_size)

    def extra_repr(self) -> str:
        """`output_size=...`."""
        return f"output_size={self.output_size}"
