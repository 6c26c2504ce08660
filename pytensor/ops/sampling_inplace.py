"""The in-place samplers: `uniform_`, `normal_`, `random_`, `bernoulli_`, `exponential_`.

They fill an existing tensor with numbers from `pytensor.random`, drawn in the tensor's memory
order as PyTorch's CPU samplers draw them, so `empty(3, 2).t().uniform_()` holds the same
numbers as in PyTorch. The factories that make new random tensors are in `sampling.py`.

>>> import pytensor
>>> _ = pytensor.manual_seed(0)
>>> pytensor.empty(3).uniform_()     # torch.manual_seed(0); torch.empty(3).uniform_()
tensor([0.4963, 0.7682, 0.0885])
"""

from __future__ import annotations

from typing import Any

from .. import random as rng
from ..tensor import Tensor
from .creation import from_values


def _in_memory_order(t: Tensor, *others: Tensor) -> list[Tensor]:
    """t, and tensors broadcast to its shape, permuted so that row-major order is t's memory
    order: PyTorch's in-place samplers draw in memory order (for a transposed tensor the first
    draw lands at storage position 0, not at t[0, 1])."""
    from .creation import memory_order

    order = memory_order(t)
    views = [t, *(o.expand(t.shape) for o in others)]
    return views if order is None else [v.permute(order) for v in views]


def _refill(t: Tensor, values: list[Any]) -> Tensor:
    """Write freshly drawn values into t in memory order."""
    from ..autograd.grad_mode import no_grad

    (target,) = _in_memory_order(t)
    with no_grad():
        target.copy_(from_values(values, target.shape, t.dtype, t.device))
    return t


def uniform_(
    t: Tensor, a: float = 0.0, b: float = 1.0, *, generator: rng.Generator | None = None
) -> Tensor:
    """Fills `t` in place with numbers drawn uniformly from [a, b); returns `t`.

    The numbers go into t's storage in memory order, as PyTorch's in-place samplers write them
    (for a transposed tensor the first draw lands at storage position 0, not at `t[0, 1]`).

    Args:
        t: the tensor to fill.
        a: the lower bound.
        b: the upper bound.
        generator: the `pytensor.Generator` to draw from; default: the global one.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.empty(3).uniform_(-1.0, 1.0)
        tensor([-0.0075,  0.5364, -0.8230])
    """
    return _refill(t, rng.uniform(generator, t.numel(), a, b, t.dtype.name))


def normal_(
    t: Tensor, mean: float = 0.0, std: float = 1.0, *, generator: rng.Generator | None = None
) -> Tensor:
    """Fills `t` in place with numbers drawn from N(mean, std^2); returns `t`.

    Args:
        t: the tensor to fill.
        mean: the mean.
        std: the standard deviation.
        generator: the `pytensor.Generator` to draw from; default: the global one.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.empty(3).normal_(0.0, 0.1)
        tensor([ 0.1541, -0.0293, -0.2179])
    """
    return _refill(t, rng.normal(generator, t.numel(), mean, std, t.dtype.name))


def random_(
    t: Tensor,
    low: int | None = None,
    high: int | None = None,
    *,
    generator: rng.Generator | None = None,
) -> Tensor:
    """Fills `t` in place with random integers; returns `t`.

    `random_()` draws from [0, 2**mantissa_bits] for floats ([0, 2**24] for float32) and from
    [0, the dtype's max] for integers, `random_(high)` from [0, high) and `random_(low, high)`
    from [low, high), as in PyTorch.

    Args:
        t: the tensor to fill.
        low: the lowest value, or `high` when `high` is None.
        high: one above the highest value.
        generator: the `pytensor.Generator` to draw from; default: the global one.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.zeros(4, dtype=pytensor.int64).random_(10)
        tensor([4, 9, 3, 0])
    """
    if low is None:
        return _refill(t, rng.random_(generator, t.numel(), t.dtype.name))
    if high is None:
        low, high = 0, low
    return _refill(t, rng.randint(generator, t.numel(), low, high, t.dtype.name))


def bernoulli_(
    t: Tensor, p: float | Tensor = 0.5, *, generator: rng.Generator | None = None
) -> Tensor:
    """Fills `t` in place with 1 (probability `p`) or 0; returns `t`.

    Args:
        t: the tensor to fill.
        p: one probability, or a tensor of probabilities that broadcasts to t's shape.
        generator: the `pytensor.Generator` to draw from; default: the global one.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.empty(4).bernoulli_(0.5)
        tensor([0., 0., 1., 0.])
    """
    if isinstance(p, Tensor):
        from ..autograd.grad_mode import no_grad
        from .sampling import _below_probabilities  # bernoulli's comparison, shared with it

        # Draw in t's memory order, each draw compared with the probability of its element.
        target, probs = _in_memory_order(t, p)
        with no_grad():
            target.copy_(_below_probabilities(probs, generator))
        return t
    return _refill(t, rng.bernoulli(generator, t.numel(), float(p), t.dtype.name))


def exponential_(
    t: Tensor, lambd: float = 1.0, *, generator: rng.Generator | None = None
) -> Tensor:
    """Fills `t` in place with numbers drawn from the exponential distribution of rate `lambd`.

    Args:
        t: the tensor to fill.
        lambd: the rate (the mean is `1 / lambd`).
        generator: the `pytensor.Generator` to draw from; default: the global one.

    Returns:
        `t`.

    Examples:
        >>> import pytensor
        >>> _ = pytensor.manual_seed(0)
        >>> pytensor.empty(3).exponential_(2.0)
        tensor([1.7542, 0.6152, 0.3075])
    """
    return _refill(t, rng.exponential(generator, t.numel(), lambd, t.dtype.name))
