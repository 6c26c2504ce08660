"""Pooling: max, average and adaptive average over windows.

The windows are the same strided view that convolution uses (`_windows` in conv.py): pad,
unfold each spatial dim, then reduce the last two dims with max or sum.

>>> import pytensor, pytensor.nn.functional as F
>>> F.max_pool2d(pytensor.ones(1, 1, 4, 4), 2).shape
pytensor.Size([1, 1, 2, 2])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...autograd.grad_mode import no_grad
from ...ops.creation import arange, ones
from ...ops.movement import cat
from ...tensor import Tensor
from .conv import IntOrTuple, _ntuple, _torch_pad_order, _windows, pad


def _pool_geometry(size: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> tuple[int, int]:
    """Output length, and the right padding that the last window needs (ceil_mode can run
    a window past the padded input)."""
    if p > k // 2:
        raise RuntimeError(
            f"pad should be at most half of effective kernel size, but got pad={p}, "
            f"kernel_size={k} and dilation={d}"
        )
    span = d * (k - 1) + 1
    out = (size + 2 * p - span + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= size + p:
        out -= 1  # the last window must start inside the input or its left padding
    right = max((out - 1) * s + span - size - p, 0)
    return out, right


def _pool_pairs(
    x: Tensor,
    kernel: Sequence[int],
    stride: Sequence[int],
    padding: Sequence[int],
    dilation: Sequence[int],
    ceil_mode: bool,
) -> list[tuple[int, int]]:
    """(left, right) padding per spatial dim that makes every pooling window fit."""
    pairs, outs = [], []
    for i in range(len(kernel)):
        size = x.size(2 + i)
        out, right = _pool_geometry(size, kernel[i], stride[i], padding[i], dilation[i], ceil_mode)
        pairs.append((padding[i], right))
        outs.append(out)
    if any(out < 1 for out in outs):
        channels = x.size(1)
        raise RuntimeError(
            f"Given input size: ({'x'.join(map(str, [channels, *x.shape[2:]]))}). "
            f"Calculated output size: ({'x'.join(map(str, [channels, *outs]))}). "
            "Output size is too small"
        )
    return pairs


def max_pool2d(
    input: Tensor,
    kernel_size: IntOrTuple,
    stride: IntOrTuple | None = None,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:  # noqa: A002
    """The max of each window. See `nn.MaxPool2d` for the arguments and the output size.

    Args:
        input: `(N, C, H, W)` or `(C, H, W)`.
        kernel_size: the size of the window, an int or a pair.
        stride: the step between windows. Default: `kernel_size`.
        padding: implicit -inf padding on each side; at most half the kernel size.
        dilation: the spacing between the elements of a window.
        ceil_mode: use ceil instead of floor for the output size.
        return_indices: also return the flat index `h * W + w` in the input of each max.

    Returns:
        The pooled tensor `(N, C, H_out, W_out)`, and with `return_indices` the int64 indices of
        the same shape.

    Note:
        As in PyTorch, the gradient goes to one element per window (the first maximum).

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.max_pool2d(pytensor.ones(1, 1, 4, 4), 2).shape
        pytensor.Size([1, 1, 2, 2])
        >>> F.max_pool2d(pytensor.arange(16.0).view(1, 1, 4, 4), 2, stride=1, padding=1).shape
        pytensor.Size([1, 1, 5, 5])
    """
    if input.dim() not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    batched = input.dim() == 4
    x = input if batched else input.unsqueeze(0)
    kernel = _ntuple(kernel_size, 2)
    stride_t = kernel if stride is None or stride == [] else _ntuple(stride, 2)
    pad_t, dil_t = _ntuple(padding, 2), _ntuple(dilation, 2)
    pairs = _pool_pairs(x, kernel, stride_t, pad_t, dil_t, ceil_mode)
    windows = _windows(pad(x, _torch_pad_order(pairs), value=-math.inf), kernel, stride_t, dil_t)
    n, c, oh, ow = windows.shape[:4]
    # max(dim) sends the gradient to one element per window, as torch's max_pool does.
    values, local = windows.reshape(n, c, oh, ow, kernel[0] * kernel[1]).max(-1)
    if not batched:
        values = values.squeeze(0)
    if not return_indices:
        return values
    with no_grad():
        top = arange(oh, device=x.device).reshape(oh, 1) * stride_t[0] - pad_t[0]
        left = arange(ow, device=x.device) * stride_t[1] - pad_t[1]
        rows = top + (local // kernel[1]) * dil_t[0]
        cols = left + (local % kernel[1]) * dil_t[1]
        indices = rows * x.size(3) + cols
    return values, indices if batched else indices.squeeze(0)


def max_pool1d(
    input: Tensor,
    kernel_size: IntOrTuple,
    stride: IntOrTuple | None = None,
    padding: IntOrTuple = 0,
    dilation: IntOrTuple = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Any:  # noqa: A002
    """The max of each window of a sequence: `max_pool2d` over a height-1 image. See
    `nn.MaxPool1d`.

    Args:
        input: `(N, C, L)` or `(C, L)`.
        kernel_size: the size of the window.
        stride: the step between windows. Default: `kernel_size`.
        padding: implicit -inf padding on each side.
        dilation: the spacing between the elements of a window.
        ceil_mode: use ceil instead of floor for the output length.
        return_indices: also return the index in the input of each max.

    Returns:
        The pooled tensor `(N, C, L_out)`, and with `return_indices` the int64 indices.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.max_pool1d(pytensor.tensor([[1.0, 5.0, 2.0, 0.0, 3.0]]), 2, ceil_mode=True)
        tensor([[5., 2., 3.]])
    """
    if input.dim() not in (2, 3):
        raise RuntimeError(
            "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for "
            f"input, but got:{list(input.shape)}"
        )
    k = _ntuple(kernel_size, 1)[0]
    s = k if stride is None or stride == [] else _ntuple(stride, 1)[0]
    p, d = _ntuple(padding, 1)[0], _ntuple(dilation, 1)[0]
    out = _pool_geometry(input.size(-1), k, s, p, d, ceil_mode)[0]
    if out < 1:  # max_pool1d has its own check and words in PyTorch
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {out}")
    result = max_pool2d(input.unsqueeze(-2), (1, k), (1, s), (0, _ntuple(padding, 1)[0]),
                        (1, _ntuple(dilation, 1)[0]), ceil_mode, return_indices)  # fmt: skip
    if return_indices:
        return result[0].squeeze(-2), result[1].squeeze(-2)
    return result.squeeze(-2)


def avg_pool2d(
    input: Tensor,
    kernel_size: IntOrTuple,
    stride: IntOrTuple | None = None,
    padding: IntOrTuple = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:  # noqa: A002
    """The mean of each window. See `nn.AvgPool2d` for the arguments and the output size.

    The divisor counts the zero padding when `count_include_pad`, but never the part of a
    `ceil_mode` window that hangs past the padding (PyTorch's rule).

    Args:
        input: `(N, C, H, W)` or `(C, H, W)`.
        kernel_size: the size of the window, an int or a pair.
        stride: the step between windows. Default: `kernel_size`.
        padding: implicit zero padding on each side.
        ceil_mode: use ceil instead of floor for the output size.
        count_include_pad: count the zero padding in the divisor.
        divisor_override: divide every sum by this instead.

    Returns:
        The pooled tensor, `(N, C, H_out, W_out)` or `(C, H_out, W_out)`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.avg_pool2d(pytensor.arange(9.0).view(1, 1, 3, 3), 2, stride=1)
        tensor([[[[2., 3.],
                  [5., 6.]]]])
        >>> F.avg_pool2d(pytensor.ones(1, 1, 2, 2), 2, stride=2, padding=1).flatten().tolist()
        [0.25, 0.25, 0.25, 0.25]
        >>> x = pytensor.ones(1, 1, 2, 2)
        >>> F.avg_pool2d(x, 2, stride=2, padding=1, count_include_pad=False).flatten().tolist()
        [1.0, 1.0, 1.0, 1.0]
    """
    batched = input.dim() == 4
    x = input if batched else input.unsqueeze(0)
    kernel = _ntuple(kernel_size, 2)
    stride_t = kernel if stride is None or stride == [] else _ntuple(stride, 2)
    pad_t = _ntuple(padding, 2)
    pairs = _pool_pairs(x, kernel, stride_t, pad_t, (1, 1), ceil_mode)
    total = _windows(pad(x, _torch_pad_order(pairs)), kernel, stride_t, (1, 1)).sum((-2, -1))
    if divisor_override is not None:
        return total / divisor_override if batched else (total / divisor_override).squeeze(0)
    with no_grad():
        # Pool a mask of the counted positions to get each window's divisor.
        mask = ones(1, 1, x.shape[2], x.shape[3], dtype=x.dtype, device=x.device)
        if count_include_pad:
            # The padding frame counts; the overhang of a ceil_mode window does not.
            inner = [(left, min(left, right)) for left, right in pairs]
            mask = pad(mask, _torch_pad_order(inner), value=1.0)
            outer = [(0, right - r) for (_, right), (_, r) in zip(pairs, inner)]
            mask = pad(mask, _torch_pad_order(outer))
        else:
            mask = pad(mask, _torch_pad_order(pairs))
        divisor = _windows(mask, kernel, stride_t, (1, 1)).sum((-2, -1))
    out = total / divisor
    return out if batched else out.squeeze(0)


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:  # noqa: A002
    """Average over regions `[floor(i * H / H_out), ceil((i + 1) * H / H_out))` so that any input
    size gives `output_size`. See `nn.AdaptiveAvgPool2d`.

    A mean over a rectangle is a mean over rows, then over columns, which is how it is computed.

    Args:
        input: `(N, C, H, W)` or `(C, H, W)`.
        output_size: an int, or a pair whose entries may be None (keep that size).

    Returns:
        The pooled tensor, `(N, C, H_out, W_out)` or `(C, H_out, W_out)`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.adaptive_avg_pool2d(pytensor.arange(9.0).view(1, 1, 3, 3), 2)  # overlapping regions
        tensor([[[[2., 3.],
                  [5., 6.]]]])
    """
    sizes = (output_size, output_size) if isinstance(output_size, int) else tuple(output_size)
    out = input
    for dim, target in ((-2, sizes[0]), (-1, sizes[1])):
        size = out.size(dim)
        target = size if target is None else target
        if target == size:
            continue
        slices = []
        for i in range(target):
            start, end = (i * size) // target, -((-(i + 1) * size) // target)
            slices.append(out.narrow(dim, start, end - start).mean(dim, keepdim=True))
        out = cat(slices, dim)
    return out
