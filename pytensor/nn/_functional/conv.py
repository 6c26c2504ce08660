"""Padding, convolution and pooling, built from views and matmul (no conv kernel anywhere).

The trick is im2col through strided views: `x.unfold(dim, size, step)` turns each spatial dim
into (positions, window) without copying, so `(N, C, H, W)` becomes the view
`(N, C, H_out, W_out, kH, kW)` of every window. A convolution is then one matmul of those
windows with the flattened kernels, and a pooling a max or sum over the last two dims. The
backward of `unfold` adds each gradient back where the window read it, so autograd comes free
and any backend with matmul runs it.

>>> import pytensor, pytensor.nn.functional as F
>>> F.conv2d(pytensor.ones(1, 1, 3, 3), pytensor.ones(1, 1, 2, 2)).shape
pytensor.Size([1, 1, 2, 2])
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from ...ops.creation import full, zeros
from ...ops.movement import cat
from ...tensor import Tensor

IntOrTuple = int | Sequence[int]


def _ntuple(value: Any, n: int) -> tuple[int, ...]:
    if isinstance(value, int):
        return (value,) * n
    values = tuple(int(v) for v in value)
    return values * n if len(values) == 1 else values


# --- padding ---------------------------------------------------------------------------


def pad(
    input: Tensor, pad: Sequence[int], mode: str = "constant", value: float | None = None
) -> Tensor:  # noqa: A002
    """Pads the last `len(pad) // 2` dimensions of the input.

    `pad` lists (left, right) amounts starting from the last dimension:
    `(left, right)` pads the last dimension, `(left, right, top, bottom)` the last two, and so on.

    Args:
        input: the tensor to pad, `(*)`.
        pad: the amounts, an even number of ints; with `'constant'` a negative amount crops.
        mode: `'constant'`, `'reflect'` (mirror without repeating the edge), `'replicate'`
            (repeat the edge) or `'circular'` (wrap around).
        value: the fill value for `'constant'`. Default: None (zero).

    Returns:
        The padded tensor; each padded dimension grows by its left + right amounts.

    Raises:
        ValueError: if `pad` has an odd length or pads more dimensions than the input has.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.pad(pytensor.ones(2), (1, 2)).tolist()
        [0.0, 1.0, 1.0, 0.0, 0.0]
        >>> x = pytensor.tensor([[1.0, 2.0, 3.0]])
        >>> F.pad(x, (2, 1), mode="reflect"), F.pad(x, (2, 1), mode="replicate")
        (tensor([[3., 2., 1., 2., 3., 2.]]), tensor([[1., 1., 1., 2., 3., 3.]]))
        >>> F.pad(x, (2, 1), mode="circular"), F.pad(x, (-1, 1), value=9.0)
        (tensor([[2., 3., 1., 2., 3., 1.]]), tensor([[2., 3., 9.]]))
        >>> F.pad(pytensor.ones(1, 2, 3), (1, 1, 2, 0)).shape
        pytensor.Size([1, 4, 5])
    """
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) // 2 > input.dim():
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input dimension but "
            f"got padding length {len(pad)} and input of dimension {input.dim()}"
        )
    out = input
    for i in range(len(pad) // 2):
        dim = input.dim() - 1 - i
        left, right = pad[2 * i], pad[2 * i + 1]
        if left == 0 and right == 0:
            continue
        if mode == "constant":
            out = _pad_constant(out, dim, left, right, 0.0 if value is None else value)
        else:
            out = out.index_select(dim, _pad_index(out.size(dim), left, right, mode).to(out.device))
    return out


def _pad_constant(x: Tensor, dim: int, left: int, right: int, value: float) -> Tensor:
    if left < 0:
        x = x.narrow(dim, -left, x.size(dim) + left)
    if right < 0:
        x = x.narrow(dim, 0, x.size(dim) + right)
    pieces = [x]
    for width, position in ((left, 0), (right, len(pieces) + 1)):
        if width > 0:
            shape = list(x.shape)
            shape[dim] = width
            pieces.insert(position, full(shape, value, dtype=x.dtype, device=x.device))
    return cat(pieces, dim) if len(pieces) > 1 else x


def _pad_index(size: int, left: int, right: int, mode: str) -> Tensor:
    """Which source position each padded position reads, for the copying modes."""
    positions = range(-left, size + right)
    if mode == "replicate":
        index = [min(max(p, 0), size - 1) for p in positions]
    elif mode == "reflect":
        if left >= size or right >= size:
            raise RuntimeError(
                "Argument #4: Padding size should be less than the corresponding input dimension"
            )
        index = [-p if p < 0 else (2 * (size - 1) - p if p >= size else p) for p in positions]
    elif mode == "circular":
        index = [p % size for p in positions]
    else:
        raise NotImplementedError(f"Unsupported padding mode: {mode}")
    return _long(index)


def _long(values: list[int]) -> Tensor:
    from ...dtypes import int64
    from ...ops.creation import tensor

    return tensor(values, dtype=int64)


# --- windows: the strided im2col view ----------------------------------------------------


def _windows(
    x: Tensor, kernel: Sequence[int], stride: Sequence[int], dilation: Sequence[int]
) -> Tensor:
    """(N, C, *spatial) -> view (N, C, *out, *kernel) of every window, dilated taps included."""
    nd = len(kernel)
    for i in range(nd):
        span = dilation[i] * (kernel[i] - 1) + 1
        # unfold appends the window as the last dim; a step of `dilation` keeps the taps.
        x = x.unfold(2 + i, span, stride[i])
        if dilation[i] > 1:
            x = x[..., :: dilation[i]]
    return x


def _padding_pairs(
    padding: Any, kernel: Sequence[int], dilation: Sequence[int]
) -> list[tuple[int, int]]:
    """(left, right) per spatial dim for an int, a tuple, 'valid' or 'same'."""
    nd = len(kernel)
    if padding == "valid":
        return [(0, 0)] * nd
    if padding == "same":
        # The extra pixel of an odd total goes on the right, as in torch.
        totals = [d * (k - 1) for d, k in zip(dilation, kernel)]
        return [(t // 2, t - t // 2) for t in totals]
    return [(p, p) for p in _ntuple(padding, nd)]


def _torch_pad_order(pairs: Sequence[tuple[int, int]]) -> list[int]:
    """[(left, right) per dim, first dim first] -> F.pad's flat list, last dim first."""
    return [p for pair in reversed(pairs) for p in pair]


def _check_kernel_fits(
    padded: Sequence[int], kernel: Sequence[int], dilation: Sequence[int]
) -> None:
    """PyTorch's check that the (dilated) kernel fits the padded input, in its words."""
    spans = [d * (k - 1) + 1 for d, k in zip(dilation, kernel)]
    if all(s <= p for s, p in zip(spans, padded)):
        return
    raise RuntimeError(
        f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
        f"Kernel size: ({' x '.join(map(str, spans))}). Kernel size can't be greater than "
        "actual input size"
    )


def _convnd(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    stride: Any,
    padding: Any,
    dilation: Any,
    groups: int,
) -> Tensor:  # noqa: A002
    nd = weight.dim() - 2
    if input.dim() not in (nd + 1, nd + 2):
        raise RuntimeError(
            f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to conv{nd}d, but got "
            f"input of size: {list(input.shape)}"
        )
    batched = input.dim() == nd + 2
    x = input if batched else input.unsqueeze(0)
    stride_t, dilation_t = _ntuple(stride, nd), _ntuple(dilation, nd)
    if padding == "same" and any(s != 1 for s in stride_t):
        raise ValueError("padding='same' is not supported for strided convolutions")
    n, c = x.shape[0], x.shape[1]
    if c != weight.shape[1] * groups:
        # PyTorch names the input with its batch dim, added to an unbatched one.
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(weight.shape)}, expected input"
            f"{list(x.shape)} to have {weight.shape[1] * groups} channels, but got {c} "
            "channels instead"
        )
    kernel = tuple(weight.shape[2:])
    pairs = _padding_pairs(padding, kernel, dilation_t)
    if any(p for pair in pairs for p in pair):
        x = pad(x, _torch_pad_order(pairs))
    _check_kernel_fits(tuple(x.shape[2:]), kernel, dilation_t)
    out_channels = weight.shape[0]
    windows = _windows(x, kernel, stride_t, dilation_t)  # (N, C, *out, *k)
    out_size = tuple(windows.shape[2 : 2 + nd])
    positions, taps = math.prod(out_size), math.prod(kernel)
    c_group = c // groups
    # im2col: (N, G, L, C/G * K), the one copy this convolution makes.
    order = [0, 1, *range(3, 3 + nd), 2, *range(3 + nd, 3 + 2 * nd)]
    cols = windows.reshape(n, groups, c_group, *out_size, *kernel).permute(order)
    cols = cols.reshape(n, groups, positions, c_group * taps)
    kernels = weight.reshape(groups, out_channels // groups, c_group * taps).transpose(-1, -2)
    out = cols.matmul(kernels)  # (N, G, L, O/G)
    out = out.permute(0, 1, 3, 2).reshape(n, out_channels, *out_size)
    if bias is not None:
        out = out + bias.reshape(out_channels, *([1] * nd))
    return out if batched else out.squeeze(0)


def conv1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: IntOrTuple = 1,
    padding: Any = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
) -> Tensor:  # noqa: A002
    """Applies a 1-D convolution (cross-correlation) over an input of several channels. See
    `nn.Conv1d` for the shapes and arguments.

    Args:
        input: `(N, C_in, L)` or `(C_in, L)`.
        weight: the kernels, `(C_out, C_in / groups, k)`.
        bias: an optional bias, `(C_out,)`.
        stride: the step of the kernel.
        padding: an int, or `'valid'` or `'same'` (stride 1 only).
        dilation: the spacing between kernel taps.
        groups: split the input channels into this many groups.

    Returns:
        The output, `(N, C_out, L_out)` or `(C_out, L_out)`, with
        `L_out = floor((L + 2 * padding - dilation * (k - 1) - 1) / stride + 1)`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([[[1.0, 2.0, 3.0, 4.0]]])
        >>> F.conv1d(x, pytensor.tensor([[[1.0, -1.0]]]))  # differences of neighbours
        tensor([[[-1., -1., -1.]]])
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups)


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: IntOrTuple = 1,
    padding: Any = 0,
    dilation: IntOrTuple = 1,
    groups: int = 1,
) -> Tensor:  # noqa: A002
    """Applies a 2-D convolution (cross-correlation) over an input of several channels. See
    `nn.Conv2d` for the shapes and arguments.

    Args:
        input: `(N, C_in, H, W)` or `(C_in, H, W)`.
        weight: the kernels, `(C_out, C_in / groups, kH, kW)`.
        bias: an optional bias, `(C_out,)`.
        stride: the step of the kernel, an int or a pair.
        padding: an int, a pair, or `'valid'` or `'same'` (stride 1 only).
        dilation: the spacing between kernel taps, an int or a pair.
        groups: split the input channels into this many groups.

    Returns:
        The output, `(N, C_out, H_out, W_out)` or `(C_out, H_out, W_out)`, with
        `H_out = floor((H + 2 * padding - dilation * (kH - 1) - 1) / stride + 1)` and `W_out`
        likewise.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.arange(9.0).view(1, 1, 3, 3)
        >>> F.conv2d(x, pytensor.ones(1, 1, 2, 2))  # the sum of each 2x2 window
        tensor([[[[ 8., 12.],
                  [20., 24.]]]])
        >>> F.conv2d(pytensor.ones(1, 1, 3, 3), pytensor.ones(1, 1, 2, 2)).shape
        pytensor.Size([1, 1, 2, 2])
    """
    return _convnd(input, weight, bias, stride, padding, dilation, groups)


def _dilate(x: Tensor, dim: int, step: int) -> Tensor:
    """Insert step - 1 zeros between neighbours along `dim` (the strided transposed conv)."""
    if step == 1:
        return x
    size = x.size(dim)
    shape = list(x.shape)
    shape.insert(dim + 1, step - 1)
    gaps = zeros(shape, dtype=x.dtype, device=x.device)
    spread = cat([x.unsqueeze(dim + 1), gaps], dim + 1).flatten(dim, dim + 1)
    return spread.narrow(dim, 0, (size - 1) * step + 1)


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    output_padding: IntOrTuple = 0,
    groups: int = 1,
    dilation: IntOrTuple = 1,
) -> Tensor:  # noqa: A002
    """Applies a 2-D transposed convolution: the gradient of `conv2d` with respect to its input,
    used as a layer (upsampling). See `nn.ConvTranspose2d`.

    Computed as a stride-1 conv2d of the zero-dilated, padded input with the flipped kernel.

    Args:
        input: `(N, C_in, H, W)` or `(C_in, H, W)`.
        weight: the kernels, `(C_in, C_out / groups, kH, kW)`.
        bias: an optional bias, `(C_out,)`.
        stride: the step (upsampling factor), an int or a pair.
        padding: `padding` rows and columns are removed from each side of the output.
        output_padding: extra size added to one side of the output.
        groups: split the input channels into this many groups.
        dilation: the spacing between kernel taps.

    Returns:
        The output, `(N, C_out, H_out, W_out)` or `(C_out, H_out, W_out)`, with
        `H_out = (H - 1) * stride - 2 * padding + dilation * (kH - 1) + output_padding + 1`.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> x = pytensor.tensor([[[[1.0, 2.0], [3.0, 4.0]]]])
        >>> F.conv_transpose2d(x, pytensor.ones(1, 1, 2, 2))  # each input spreads over a 2x2
        tensor([[[[ 1.,  3.,  2.],
                  [ 4., 10.,  6.],
                  [ 3.,  7.,  4.]]]])
        >>> F.conv_transpose2d(pytensor.ones(1, 1, 2, 2), pytensor.ones(1, 1, 2, 2), stride=2).shape
        pytensor.Size([1, 1, 4, 4])
    """
    nd = 2
    batched = input.dim() == nd + 2
    x = input if batched else input.unsqueeze(0)
    stride_t, pad_t = _ntuple(stride, nd), _ntuple(padding, nd)
    out_pad_t, dilation_t = _ntuple(output_padding, nd), _ntuple(dilation, nd)
    kernel = weight.shape[2:]
    for i in range(nd):
        x = _dilate(x, 2 + i, stride_t[i])
    pairs = []
    for i in range(nd):
        edge = dilation_t[i] * (kernel[i] - 1) - pad_t[i]
        pairs.append((edge, edge + out_pad_t[i]))
    x = pad(x, _torch_pad_order(pairs))
    c_in, c_out_group = weight.shape[0], weight.shape[1]
    # (C_in, C_out/G, k) -> (C_out, C_in/G, k), kernels flipped in space.
    w = weight.reshape(groups, c_in // groups, c_out_group, *kernel).transpose(1, 2)
    w = w.reshape(groups * c_out_group, c_in // groups, *kernel).flip([2, 3])
    out = _convnd(x, w, bias, 1, 0, dilation_t, groups)
    return out if batched else out.squeeze(0)


def unfold(
    input: Tensor,
    kernel_size: IntOrTuple,
    dilation: IntOrTuple = 1,
    padding: IntOrTuple = 0,
    stride: IntOrTuple = 1,
) -> Tensor:  # noqa: A002
    """Extracts sliding local blocks from a batched image (im2col): each column of the output is
    one `kernel_size` window, its channels and taps flattened.

    Args:
        input: `(N, C, H, W)`.
        kernel_size: the size of the window, an int or a pair.
        dilation: the spacing between the elements of a window.
        padding: implicit zero padding on each side.
        stride: the step between windows.

    Returns:
        `(N, C * kH * kW, L)`, L the number of window positions.

    Examples:
        >>> import pytensor, pytensor.nn.functional as F
        >>> F.unfold(pytensor.arange(9.0).view(1, 1, 3, 3), kernel_size=2)
        tensor([[[0., 1., 3., 4.],
                 [1., 2., 4., 5.],
                 [3., 4., 6., 7.],
                 [4., 5., 7., 8.]]])
    """
    kernel = _ntuple(kernel_size, 2)
    pairs = _padding_pairs(padding, kernel, _ntuple(dilation, 2))
    x = pad(input, _torch_pad_order(pairs))
    windows = _windows(x, kernel, _ntuple(stride, 2), _ntuple(dilation, 2))
    n, c, oh, ow = windows.shape[:4]
    return windows.permute(0, 1, 4, 5, 2, 3).reshape(n, c * kernel[0] * kernel[1], oh * ow)
