"""Random tensors: rand, randn, randint, randperm, normal, bernoulli, multinomial (the in-place
samplers uniform_, normal_, ... are in `sampling_inplace.py`). The numbers come from
`pytensor.random`, the same Mersenne Twister and transforms as PyTorch's CPU generator, and are
drawn on the host for every device, so a seed gives the same tensor everywhere.

>>> import pytensor
>>> _ = pytensor.manual_seed(0)
>>> pytensor.rand(3)              # torch.manual_seed(0); torch.rand(3) prints the same
tensor([0.4963, 0.7682, 0.0885])
"""

from __future__ import annotations

import math
import struct
from typing import Any

from .. import dtypes
from .. import random as rng
from .._device import DeviceLike, as_device
from .._layout import check_sizes, normalize_shape
from ..dtypes import dtype
from ..tensor import Tensor
from . import pointwise as P
from .arguments import (
    FACTORY_OPTIONS,
    LIKE_OPTIONS,
    check_options,
    check_types,
    size_argument,
    write_out,
)
from .arguments import layout as Layout
from .creation import empty_like, from_values, requiring_grad

# The in-place samplers stay importable from here, as before they moved.
from .sampling_inplace import bernoulli_ as bernoulli_
from .sampling_inplace import exponential_ as exponential_
from .sampling_inplace import normal_ as normal_
from .sampling_inplace import random_ as random_
from .sampling_inplace import uniform_ as uniform_


def _size_and_options(
    name: str, size: tuple[Any, ...], kwargs: dict[str, Any], generator: Any
) -> tuple[tuple[int, ...], dtype, Any]:
    shape = size_argument(name, size, kwargs)
    check_options(name, {**kwargs, "generator": generator}, (*FACTORY_OPTIONS, "generator"))
    out = kwargs.get("out")
    dt = kwargs.get("dtype") or (out.dtype if out is not None else dtypes.get_default_dtype())
    return shape, dt, as_device(kwargs.get("device"))


def _finish(name: str, t: Tensor, kwargs: dict[str, Any]) -> Tensor:
    t = requiring_grad(t) if kwargs.get("requires_grad") else t
    return write_out(name, t, kwargs.get("out"))


def rand(*size: Any, generator: rng.Generator | None = None, **kwargs: Any) -> Tensor:
    """A tensor of numbers drawn uniformly from [0, 1).

    Args:
        *size: the shape, as ints or one sequence.
        generator: the `pytensor.Generator` to draw from; default: the global one.
        **kwargs: `dtype` (a floating dtype; default: the default dtype), `device`,
            `requires_grad`, `out`, `layout` (strided), `pin_memory` (False); `size=` for `*size`.

    Returns:
        A tensor of shape `size`; with the same seed, the same numbers as `torch.rand`.

    Note:
        The numbers are drawn on the host and copied to the device, so an OpenCL tensor gets the
        CPU's numbers.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.rand(2, 3)
        tensor([[0.4963, 0.7682, 0.0885],
                [0.1320, 0.3074, 0.6341]])
    """
    shape, dt, dev = _size_and_options("rand", size, kwargs, generator)
    values = rng.uniform(generator, math.prod(shape), 0.0, 1.0, dt.name)
    return _finish("rand", from_values(values, shape, dt, dev), kwargs)


def randn(*size: Any, generator: rng.Generator | None = None, **kwargs: Any) -> Tensor:
    """A tensor of numbers drawn from the standard normal distribution (mean 0, variance 1).

    Args:
        *size: the shape, as ints or one sequence.
        generator: the `pytensor.Generator` to draw from; default: the global one.
        **kwargs: `dtype` (a floating dtype; default: the default dtype), `device`,
            `requires_grad`, `out`, `layout` (strided), `pin_memory` (False); `size=` for `*size`.

    Returns:
        A tensor of shape `size`; with the same seed, the same numbers as `torch.randn` (which
        uses a different transform from 16 elements on, reproduced here).

    Note:
        The numbers are drawn on the host, so an OpenCL tensor gets the CPU's numbers.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.randn(2, 2)
        tensor([[ 1.5410, -0.2934],
                [-2.1788,  0.5684]])
    """
    shape, dt, dev = _size_and_options("randn", size, kwargs, generator)
    values = rng.normal(generator, math.prod(shape), 0.0, 1.0, dt.name)
    return _finish("randn", from_values(values, shape, dt, dev), kwargs)


def randint(
    low: int = 0, high: int | None = None, size: Any = None, *,
    generator: rng.Generator | None = None, out: Tensor | None = None, dtype: dtype | None = None,
    layout: Layout | None = None, device: DeviceLike = None, requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:  # fmt: skip
    """A tensor of integers drawn uniformly from [low, high); `randint(high, size)` starts at 0.

    Args:
        low: the lowest value (or `high`, when called as `randint(high, size)`).
        high: one above the highest value.
        size: the shape, a sequence of ints.
        generator: the `pytensor.Generator` to draw from; default: the global one.
        dtype: the result's dtype; default int64.
        device: the result's device.
        requires_grad: make the result a leaf that requires grad (a floating `dtype` only).
        out: a tensor to write into (resized if needed) and return; its dtype is the default.
        layout, pin_memory: only `pytensor.strided` and False (see `pytensor.ops.arguments`).

    Returns:
        A tensor of shape `size`; with the same seed, the same numbers as `torch.randint`.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.randint(10, (2, 4))
        tensor([[4, 9, 3, 0],
                [3, 9, 7, 3]])
        >>> pytensor.randint(-5, 5, (3,)).shape
        pytensor.Size([3])
    """
    check_types(
        "randint", generator=generator, out=out, dtype=dtype, layout=layout, device=device,
        requires_grad=requires_grad, pin_memory=pin_memory,
    )  # fmt: skip
    if size is None:  # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:  # randint(high, size=size)
        low, high = 0, low
    assert high is not None
    shape = normalize_shape((size,))
    check_sizes(shape)
    dt = dtype or (out.dtype if out is not None else dtypes.int64)
    values = rng.randint(generator, math.prod(shape), int(low), int(high), dt.name)
    t = from_values(values, shape, dt, as_device(device))
    t = requiring_grad(t) if requires_grad else t
    return write_out("randint", t, out)


def randperm(
    n: int, *, generator: rng.Generator | None = None, out: Tensor | None = None,
    dtype: dtype | None = None, layout: Layout | None = None, device: DeviceLike = None,
    requires_grad: bool = False, pin_memory: bool = False,
) -> Tensor:  # fmt: skip
    """A random permutation of `0, 1, ..., n - 1`.

    Args:
        n: how many integers to permute.
        generator: the `pytensor.Generator` to draw from; default: the global one.
        dtype: the result's dtype; default int64.
        device: the result's device.
        requires_grad: make the result a leaf that requires grad (a floating `dtype` only).
        out: a tensor to write into (resized if needed) and return; its dtype is the default.
        layout, pin_memory: only `pytensor.strided` and False (see `pytensor.ops.arguments`).

    Returns:
        A 1-D tensor `(n,)`; with the same seed, the same permutation as `torch.randperm`.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.randperm(5)
        tensor([4, 0, 1, 3, 2])
    """
    check_sizes((n,))
    check_types(
        "randperm", generator=generator, out=out, dtype=dtype, layout=layout, device=device,
        requires_grad=requires_grad, pin_memory=pin_memory,
    )  # fmt: skip
    dt = dtype or (out.dtype if out is not None else dtypes.int64)
    t = from_values(rng.randperm(generator, n), (n,), dt, as_device(device))
    t = requiring_grad(t) if requires_grad else t
    return write_out("randperm", t, out)


def rand_like(input: Tensor, **kwargs: Any) -> Tensor:
    """`rand` with the shape, dtype and device of `input` (keywords override the dtype and device).

    The numbers fill `input`'s memory layout in memory order, as PyTorch's do, so a transposed
    `input` gets the same numbers as torch.

    Args:
        input: the tensor whose shape, dtype and device to copy.
        **kwargs: `dtype`, `device`, `requires_grad`, `generator`.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.rand_like(pytensor.zeros(3, dtype=pytensor.float64))
        tensor([0.9701, 0.7078, 0.4594], dtype=pytensor.float64)
    """
    generator = kwargs.pop("generator", None)
    check_types("rand_like", generator=generator)
    return uniform_(empty_like(input, **kwargs), generator=generator)


def randn_like(input: Tensor, **kwargs: Any) -> Tensor:
    """`randn` with the shape, dtype and device of `input` (keywords override the dtype and device).

    Args:
        input: the tensor whose shape, dtype and device to copy.
        **kwargs: `dtype`, `device`, `requires_grad`, `generator`.

    Examples:
        >>> import pytensor
        >>> pytensor.randn_like(pytensor.zeros(2, 3)).shape
        pytensor.Size([2, 3])
    """
    generator = kwargs.pop("generator", None)
    check_types("randn_like", generator=generator)
    return normal_(empty_like(input, **kwargs), generator=generator)


def randint_like(input: Tensor, low: int, high: int | None = None, **kwargs: Any) -> Tensor:
    """`randint(low, high)` with the shape and device of `input`, in input's dtype.

    Args:
        input: the tensor whose shape, dtype and device to copy.
        low: the lowest value.
        high: one above the highest value.
        **kwargs: `dtype`, `device` and `generator`, as for `randint`.

    With one bound, `randint_like(input, high)` draws from `[0, high)`, as in PyTorch.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.randint_like(pytensor.zeros(4), 0, 10)
        tensor([4., 9., 3., 0.])
    """
    check_options("randint_like", kwargs, ("generator", *LIKE_OPTIONS))
    if high is None:
        low, high = 0, low
    result = randint(
        low, high, input.shape, dtype=kwargs.get("dtype") or input.dtype,
        device=kwargs.get("device") or input.device, generator=kwargs.get("generator"),
    )  # fmt: skip
    return result.requires_grad_(True) if kwargs.get("requires_grad") else result


def normal(
    mean: Any = 0.0, std: Any = 1.0, size: Any = None, *, generator: rng.Generator | None = None,
    dtype: dtype | None = None, device: DeviceLike = None,
) -> Tensor:  # fmt: skip
    """Numbers drawn from normal distributions: `normal(mean, std, size)` with numbers, or
    elementwise with a tensor `mean` and/or `std`.

    With tensors, PyTorch's order is kept: standard normals are drawn first, then scaled,
    `out = z * std + mean`.

    Args:
        mean: a number, or a tensor of means.
        std: a number, or a tensor of standard deviations (broadcasts with a tensor `mean`).
        size: the shape when both are numbers; default: a 0-dim tensor.
        generator: the `pytensor.Generator` to draw from; default: the global one.
        dtype: the dtype when both are numbers; default: the default dtype.
        device: the device when both are numbers.

    Returns:
        A tensor of shape `size`, or of the broadcast shape of the tensor arguments.

    Note:
        With tensor arguments the result is detached: it never requires grad. PyTorch records a
        `NormalBackward` node there, whose gradients are zero.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.normal(10.0, 2.0, (3,))
        tensor([13.0820,  9.4131,  5.6424])
        >>> pytensor.normal(pytensor.tensor([0.0, 100.0]), 1.0).shape
        pytensor.Size([2])
    """
    check_types("normal", generator=generator, dtype=dtype, device=device)
    if isinstance(mean, Tensor) or isinstance(std, Tensor):
        like = mean if isinstance(mean, Tensor) else std
        from .movement import broadcast_tensors

        m = mean if isinstance(mean, Tensor) else like.new_full(like.shape, mean)
        s = std if isinstance(std, Tensor) else like.new_full(like.shape, std)
        m, s = broadcast_tensors(m, s)
        # torch draws standard normals, then scales: out = z * std + mean.
        z = randn(m.shape, generator=generator, dtype=m.dtype, device=m.device)
        return (z * s + m).detach()
    shape = normalize_shape((size,)) if size is not None else ()
    dt = dtype or dtypes.get_default_dtype()
    values = rng.normal(generator, math.prod(shape), float(mean), float(std), dt.name)
    return from_values(values, shape, dt, as_device(device))


def bernoulli(
    probs: Tensor, p: float | None = None, *, generator: rng.Generator | None = None
) -> Tensor:
    """Draws 1 with probability `probs[i]` (or `p`), else 0, for each element.

    Args:
        probs: a floating tensor of probabilities in [0, 1].
        p: one probability for every element instead of `probs` (whose shape and dtype are then
            all that is used).
        generator: the `pytensor.Generator` to draw from; default: the global one.

    Returns:
        A tensor of probs' shape, dtype and device.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.bernoulli(pytensor.tensor([0.0, 0.5, 1.0, 0.5]))
        tensor([0., 0., 1., 1.])
    """
    n = probs.numel()
    if p is not None:
        values = rng.bernoulli(generator, n, float(p), probs.dtype.name)
        return from_values(values, probs.shape, probs.dtype, probs.device)
    return P.cast(_below_probabilities(probs, generator), probs.dtype)


def _below_probabilities(probs: Tensor, generator: rng.Generator | None) -> Tensor:
    """True where a uniform draw falls below `probs` (row-major order): PyTorch's CPU bernoulli
    with a probability tensor, as `rng.bernoulli` computes it on the host.

    The draws are 53-bit doubles for float64 probabilities, 24-bit floats (compared in
    float32) otherwise. Only they travel to the device: the probabilities are not read back,
    except for one flag that says whether any lies outside [0, 1] (an error)."""
    rng._require_float(probs.dtype.name, "bernoulli p")
    if probs.numel() and _any(P.logical_not(P.logical_and(P.ge(probs, 0), P.le(probs, 1)))):
        raise ValueError("bernoulli expects all elements of p to be in [0, 1]")
    g = rng._gen(generator)
    if probs.dtype is dtypes.float64:
        u = from_values(rng._unit_f64(g, probs.numel()), probs.shape, dtypes.float64, probs.device)
        return P.lt(u, probs)
    u = from_values(rng._unit_f32(g, probs.numel()), probs.shape, dtypes.float32, probs.device)
    return P.lt(u, P.cast(probs, dtypes.float32))


def _any(flags: Tensor) -> bool:
    """One bool read back from the device: does any element hold?"""
    from .reduction import any as any_

    return bool(any_(flags).item())


def multinomial(
    probs: Tensor, num_samples: int, replacement: bool = False, *,
    generator: rng.Generator | None = None,
) -> Tensor:  # fmt: skip
    """Draws `num_samples` category indices from each row of (unnormalised) probabilities.

    Args:
        probs: a 1-D tensor `(C,)` or a 2-D tensor `(N, C)` of non-negative weights.
        num_samples: how many indices to draw per row.
        replacement: draw with replacement; without it, `num_samples <= C` and each index
            appears at most once.
        generator: the `pytensor.Generator` to draw from; default: the global one.

    Returns:
        An int64 tensor `(num_samples,)` or `(N, num_samples)`.

    Note:
        The random numbers are PyTorch's CPU ones, drawn on the host (exponentials for the
        Gumbel-max trick without replacement, uniforms with it); the arithmetic runs where
        `probs` lives, and on a device only two validity flags are read back. With
        replacement, every sample is compared with every bucket of its row (a
        `(N, num_samples, C)` comparison) where PyTorch's CPU kernel searches.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.multinomial(pytensor.tensor([0.1, 0.0, 0.9]), 4, replacement=True)
        tensor([2, 2, 2, 2])
    """
    rng._require_float(probs.dtype.name, "multinomial")
    rows = probs.reshape(-1, probs.shape[-1])
    n_rows, n_cat = rows.shape
    if num_samples <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    if n_rows == 0:
        return from_values([], (num_samples,) if probs.dim() == 1 else (0, num_samples),
                           dtypes.int64, probs.device)  # fmt: skip
    # The checks of rng.multinomial, on the device: two flags are all that is read back.
    if _any(P.logical_not(P.logical_and(P.isfinite(rows), P.ge(rows, 0)))):
        raise RuntimeError("probability tensor contains either `inf`, `nan` or element < 0")
    if _any(P.eq(rows.sum(-1), 0)):
        raise RuntimeError("invalid multinomial distribution (sum of probabilities <= 0)")
    if not replacement and num_samples > n_cat:
        raise RuntimeError(
            "cannot sample n_sample > prob_dist.size(-1) samples without replacement"
        )
    g = rng._gen(generator)
    if not replacement or num_samples == 1:
        drawn = _gumbel_top(rows, num_samples, g)
    else:
        drawn = _inverse_cdf(rows, num_samples, g)
    return drawn.reshape(num_samples) if probs.dim() == 1 else drawn


def _gumbel_top(rows: Tensor, num_samples: int, g: rng.Generator) -> Tensor:
    """Without replacement (or one sample): PyTorch's Gumbel-max trick. q ~ Exp(1) drawn on the
    host over all rows in row-major order, then the top `num_samples` of probs / q per row
    (a stable sort: exact ties go to the lower index)."""
    from .indexing import topk

    q = rng.exponential(g, rows.numel(), 1.0, rows.dtype.name)
    scores = P.div(rows, from_values(q, rows.shape, rows.dtype, rows.device))
    return topk(scores, num_samples, dim=-1).indices


def _inverse_cdf(rows: Tensor, num_samples: int, g: rng.Generator) -> Tensor:
    """With replacement: PyTorch's CPU kernel. The cumulative sum of each row, in its dtype,
    divided by its total, with the last bucket set to 1; a 53-bit uniform u per sample (drawn
    row after row); the sample is the first bucket with cum >= u, which, as cum never decreases,
    is the number of buckets with cum < u."""
    from .movement import cat
    from .reduction import cumsum

    n_rows = rows.shape[0]
    cum = cumsum(rows, -1)
    cum = P.div(cum, cum[:, -1:])
    ones = from_values([1.0] * n_rows, (n_rows, 1), rows.dtype, rows.device)
    cum = cat([cum[:, :-1], ones], 1)
    u = rng._unit_f64(g, n_rows * num_samples)
    if rows.dtype is not dtypes.float64:  # cum < u <=> cum < (the least float32 >= u)
        u = [_float32_at_or_above(v) for v in u]
    u_t = from_values(u, (n_rows, num_samples, 1), cum.dtype, rows.device)
    below = P.lt(cum.unsqueeze(1), P.cast(u_t, cum.dtype))  # (rows, samples, buckets)
    return below.sum(-1)


def _float32_at_or_above(u: float) -> float:
    """The least float32 value >= u (u a double in [0, 1)), so that comparing float32 values
    with it in float32 is comparing them with u."""
    rounded = struct.unpack("f", struct.pack("f", u))[0]
    if rounded >= u:
        return float(rounded)
    bits = struct.unpack("I", struct.pack("f", rounded))[0]
    return float(struct.unpack("f", struct.pack("I", bits + 1))[0])
