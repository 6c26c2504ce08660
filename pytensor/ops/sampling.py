"""Random tensors: rand, randn, randint, randperm, normal, bernoulli, multinomial, and the
in-place samplers (uniform_, normal_, ...). The numbers come from `pytensor.random`, the same
Mersenne Twister and transforms as PyTorch's CPU generator, and are drawn on the host for every
device, so a seed gives the same tensor everywhere."""

from __future__ import annotations

import math
from typing import Any

from .. import dtypes
from .. import random as rng
from .._device import DeviceLike, as_device
from .._layout import normalize_shape
from ..dtypes import dtype
from ..tensor import Tensor
from .creation import empty_like, from_values


def _size_and_options(
    size: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[tuple[int, ...], dtype, Any]:
    shape = normalize_shape(size)
    return shape, kwargs.get("dtype") or dtypes.get_default_dtype(), as_device(kwargs.get("device"))


def _finish(t: Tensor, kwargs: dict[str, Any]) -> Tensor:
    return t.requires_grad_(True) if kwargs.get("requires_grad") else t


def rand(*size: Any, generator: rng.Generator | None = None, **kwargs: Any) -> Tensor:
    """Uniform on [0, 1)."""
    shape, dt, dev = _size_and_options(size, kwargs)
    values = rng.uniform(generator, math.prod(shape), 0.0, 1.0, dt.name)
    return _finish(from_values(values, shape, dt, dev), kwargs)


def randn(*size: Any, generator: rng.Generator | None = None, **kwargs: Any) -> Tensor:
    """Standard normal."""
    shape, dt, dev = _size_and_options(size, kwargs)
    values = rng.normal(generator, math.prod(shape), 0.0, 1.0, dt.name)
    return _finish(from_values(values, shape, dt, dev), kwargs)


def randint(
    low: int, high: int | None = None, size: Any = None, *, generator: rng.Generator | None = None,
    dtype: dtype | None = None, device: DeviceLike = None, requires_grad: bool = False,
) -> Tensor:  # fmt: skip
    """Integers uniform on [low, high); randint(high, size) starts at 0."""
    if size is None:  # randint(high, size)
        low, high, size = 0, low, high
    assert high is not None
    shape = normalize_shape((size,))
    dt = dtype or dtypes.int64
    values = rng.randint(generator, math.prod(shape), int(low), int(high), dt.name)
    return from_values(values, shape, dt, as_device(device))


def randperm(
    n: int, *, generator: rng.Generator | None = None, dtype: dtype | None = None,
    device: DeviceLike = None,
) -> Tensor:  # fmt: skip
    return from_values(rng.randperm(generator, n), (n,), dtype or dtypes.int64, as_device(device))


def rand_like(t: Tensor, **kwargs: Any) -> Tensor:
    return uniform_(empty_like(t, **kwargs), generator=kwargs.get("generator"))


def randn_like(t: Tensor, **kwargs: Any) -> Tensor:
    return normal_(empty_like(t, **kwargs), generator=kwargs.get("generator"))


def randint_like(t: Tensor, low: int, high: int | None = None, **kwargs: Any) -> Tensor:
    return randint(low, high, t.shape, dtype=kwargs.get("dtype") or t.dtype, device=t.device)


def normal(
    mean: Any = 0.0, std: Any = 1.0, size: Any = None, *, generator: rng.Generator | None = None,
    dtype: dtype | None = None, device: DeviceLike = None,
) -> Tensor:  # fmt: skip
    """normal(mean, std, size) with numbers, or elementwise with tensor mean and/or std."""
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
    """1 with probability probs[i] (or p), else 0, in probs' dtype."""
    n = probs.numel()
    if p is not None:
        values = rng.bernoulli(generator, n, float(p), probs.dtype.name)
    else:
        values = rng.bernoulli(
            generator, n, probs.reshape(-1).tolist(), probs.dtype.name, probs.dtype.name
        )
    return from_values(values, probs.shape, probs.dtype, probs.device)


def multinomial(
    probs: Tensor, num_samples: int, replacement: bool = False, *,
    generator: rng.Generator | None = None,
) -> Tensor:  # fmt: skip
    rows = probs.reshape(-1, probs.shape[-1]).tolist()
    drawn = rng.multinomial(generator, rows, num_samples, replacement, probs.dtype.name)
    flat = [i for row in drawn for i in row]
    shape = (num_samples,) if probs.dim() == 1 else (len(rows), num_samples)
    return from_values(flat, shape, dtypes.int64, probs.device)


# --- in-place samplers: fill an existing tensor ---------------------------------------------


def _refill(t: Tensor, values: list[Any]) -> Tensor:
    """Write freshly drawn values into t in memory order, as PyTorch's in-place samplers do
    (for a transposed tensor the first draw lands at storage position 0, not at t[0, 1])."""
    from ..autograd.grad_mode import no_grad
    from .creation import memory_order

    order = memory_order(t)
    target = t if order is None else t.permute(order)
    with no_grad():
        target.copy_(from_values(values, target.shape, t.dtype, t.device))
    return t


def uniform_(
    t: Tensor, a: float = 0.0, b: float = 1.0, *, generator: rng.Generator | None = None
) -> Tensor:
    return _refill(t, rng.uniform(generator, t.numel(), a, b, t.dtype.name))


def normal_(
    t: Tensor, mean: float = 0.0, std: float = 1.0, *, generator: rng.Generator | None = None
) -> Tensor:
    return _refill(t, rng.normal(generator, t.numel(), mean, std, t.dtype.name))


def random_(
    t: Tensor,
    low: int | None = None,
    high: int | None = None,
    *,
    generator: rng.Generator | None = None,
) -> Tensor:
    if low is None:
        return _refill(t, rng.random_(generator, t.numel(), t.dtype.name))
    if high is None:
        low, high = 0, low
    return _refill(t, rng.randint(generator, t.numel(), low, high, t.dtype.name))


def bernoulli_(
    t: Tensor, p: float | Tensor = 0.5, *, generator: rng.Generator | None = None
) -> Tensor:
    if isinstance(p, Tensor):
        probs = p.expand(t.shape).reshape(-1).tolist()
        return _refill(t, rng.bernoulli(generator, t.numel(), probs, t.dtype.name, p.dtype.name))
    return _refill(t, rng.bernoulli(generator, t.numel(), float(p), t.dtype.name))


def exponential_(
    t: Tensor, lambd: float = 1.0, *, generator: rng.Generator | None = None
) -> Tensor:
    return _refill(t, rng.exponential(generator, t.numel(), lambd, t.dtype.name))
