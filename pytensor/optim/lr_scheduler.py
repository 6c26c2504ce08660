"""Learning-rate schedulers: each `step()` writes a new `group["lr"]` into the optimizer.

A scheduler counts epochs in `last_epoch`. The constructor takes the first step itself (epoch
0), so `get_last_lr()` is the lr of the first epoch as soon as the scheduler exists. Most
schedulers are recursive, as in PyTorch: `get_lr` computes the next lr from the lr now in the
param group, so they compose with other schedulers that change it too. Call `sched.step()`
once per epoch (OneCycleLR: once per batch), after `optimizer.step()`.

>>> import pytensor
>>> from pytensor.optim.lr_scheduler import StepLR
>>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
>>> sched = StepLR(opt, step_size=2, gamma=0.5)
>>> lrs = []
>>> for epoch in range(6):
...     lrs.append(sched.get_last_lr()[0])
...     opt.step()  # after the training of one epoch
...     sched.step()
>>> lrs
[0.1, 0.1, 0.05, 0.05, 0.025, 0.025]

Difference from torch: `ChainedScheduler`, `SequentialLR`, `CyclicLR`, `PolynomialLR`,
`ConstantLR`, `MultiplicativeLR` and `CosineAnnealingWarmRestarts` are not implemented.
"""

from __future__ import annotations

import functools
import math
import types
import warnings
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, SupportsFloat

from .optimizer import Optimizer

__all__ = [
    "LRScheduler",
    "LambdaLR",
    "StepLR",
    "MultiStepLR",
    "LinearLR",
    "ExponentialLR",
    "CosineAnnealingLR",
    "ReduceLROnPlateau",
    "OneCycleLR",
]

EPOCH_DEPRECATION_WARNING = (
    "The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where "
    "possible. Please use `scheduler.step()` to step the scheduler. During the deprecation, if "
    "epoch is different from None, the closed form is used instead of the new chainable form, "
    "where available. Please open an issue if you are unable to replicate your use case: "
    "https://github.com/pytorch/pytorch/issues/new/choose."
)


def _lrs(optimizer: Optimizer, key: str = "lr") -> list[Any]:
    return [group[key] for group in optimizer.param_groups]


def _per_group(name: str, optimizer: Optimizer, value: Any) -> list[Any]:
    """One value for each param group, from a single value or a list of them."""
    if isinstance(value, (list, tuple)):
        if len(value) != len(optimizer.param_groups):
            raise ValueError(
                f"{name} must have the same length as optimizer.param_groups. {name} has "
                f"{len(value)} values, param_groups has {len(optimizer.param_groups)}."
            )
        return list(value)
    return [value] * len(optimizer.param_groups)


def _track_optimizer_step(optimizer: Optimizer) -> None:
    """Wrap `optimizer.step` so that it records having been called: `LRScheduler.step` warns
    when it runs first, which skips the first lr of the schedule (PyTorch issue 20124)."""
    step = optimizer.step
    if getattr(step, "_wrapped_by_lr_sched", False):
        return

    @functools.wraps(step)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        optimizer._opt_called = True  # type: ignore[attr-defined]
        return step(*args, **kwargs)

    wrapper._wrapped_by_lr_sched = True  # type: ignore[attr-defined]
    optimizer.step = wrapper  # type: ignore[method-assign]


class LRScheduler:
    """Base class of the schedulers. Subclasses implement `get_lr`: the lr of each param group
    at epoch `last_epoch`.

    The constructor records each group's starting lr as "initial_lr" (in `base_lrs`) and takes
    the first step.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        last_epoch: the index of the last epoch seen; -1 (the default) starts a schedule. Another
            value resumes one, and needs "initial_lr" in every param group.

    Raises:
        TypeError: if `optimizer` is not an Optimizer.
        KeyError: when resuming without "initial_lr" in the param groups.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import LRScheduler
        >>> class Halve(LRScheduler):
        ...     def get_lr(self):
        ...         return [base_lr * 0.5 ** self.last_epoch for base_lr in self.base_lrs]
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=1.0)
        >>> sched = Halve(opt)
        >>> opt.step()
        >>> sched.step()
        >>> sched.last_epoch, sched.get_last_lr()
        (1, [0.5])
    """

    _get_lr_called_within_step: bool = False
    _is_initial: bool = False

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer

        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] when "
                        "resuming scheduler with last_epoch >= 0.\n"
                        "This typically happens when:\n"
                        "1. You're trying to resume training from a checkpoint but haven't "
                        "properly loaded the optimizer state\n"
                        "2. You're using last_epoch >= 0 for a fresh training run (not "
                        "recommended)"
                    )
        self.base_lrs: list[float] = _lrs(optimizer, "initial_lr")
        self.last_epoch = last_epoch

        _track_optimizer_step(optimizer)
        self._initial_step()

    def _initial_step(self) -> None:
        self._step_count = 0
        with self._flag("_is_initial"):
            self.step()

    @contextmanager
    def _flag(self, name: str) -> Iterator[None]:
        """Set a bool attribute for the duration of a block (`_is_initial`, ...)."""
        setattr(self, name, True)
        try:
            yield
        finally:
            setattr(self, name, False)

    def state_dict(self) -> dict[str, Any]:
        """Every attribute except the optimizer.

        Returns:
            A dict to pass to `load_state_dict` (and to `pytensor.save`).
        """
        return {key: value for key, value in self.__dict__.items() if key != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes saved by `state_dict()`.

        Args:
            state_dict: what `state_dict()` returned.
        """
        self.__dict__.update(state_dict)

    def get_last_lr(self) -> list[float]:
        """The lrs of the last `step()`, one per param group."""
        return self._last_lr

    def get_lr(self) -> list[float]:
        """The lr of each param group at `last_epoch` (called by `step`; use `get_last_lr` to read
        the current lrs).
        """
        raise NotImplementedError

    def _warn_if_get_lr_called_outside_step(self) -> None:
        if not self._get_lr_called_within_step:
            warnings.warn(
                "To get the last learning rate computed by the scheduler, please use "
                "`get_last_lr()`.",
                UserWarning,
                stacklevel=3,
            )

    def step(self, epoch: int | None = None) -> None:
        """Advance one epoch and write the new lrs into the optimizer.

        Call it after `optimizer.step()`; calling it first skips the first lr of the schedule, and
        warns, as in PyTorch.

        Args:
            epoch: deprecated, as in PyTorch: jump to this epoch (with the closed form, where the
                scheduler has one).
        """
        if self._step_count == 1:
            if not hasattr(self.optimizer.step, "_wrapped_by_lr_sched"):
                warnings.warn(
                    "Seems like `optimizer.step()` has been overridden after learning rate "
                    "scheduler initialization. Please, make sure to call `optimizer.step()` "
                    "before `lr_scheduler.step()`. See more details at "
                    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                    UserWarning,
                    stacklevel=2,
                )
            elif not getattr(self.optimizer, "_opt_called", False):
                warnings.warn(
                    "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In "
                    "PyTorch 1.1.0 and later, you should call them in the opposite order: "
                    "`optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will "
                    "result in PyTorch skipping the first value of the learning rate schedule. "
                    "See more details at "
                    "https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate",
                    UserWarning,
                    stacklevel=2,
                )
        self._step_count += 1
        if epoch is not None:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)

        with self._flag("_get_lr_called_within_step"):
            if epoch is None:
                self.last_epoch += 1
                values = self.get_lr()
            else:
                self.last_epoch = epoch
                closed_form = getattr(self, "_get_closed_form_lr", None)
                values = closed_form() if closed_form is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr: list[float] = _lrs(self.optimizer)


class LambdaLR(LRScheduler):
    """Set the lr of each group to its initial lr times a function of the epoch:
    `lr = base_lr * lr_lambda(epoch)`.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        lr_lambda: a function of the epoch (an int), or a list of them, one per param group.
        last_epoch: the index of the last epoch seen; -1 starts a schedule. Default: -1.

    Raises:
        ValueError: if a list of lambdas does not have one per param group.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import LambdaLR
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = LambdaLR(opt, lr_lambda=lambda epoch: 0.9 ** epoch)
        >>> lrs = []
        >>> for epoch in range(4):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.09, 0.081, 0.0729]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | list[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        self.optimizer = optimizer
        if not isinstance(lr_lambda, (list, tuple)):
            self.lr_lambdas = [lr_lambda] * len(optimizer.param_groups)
        else:
            if len(lr_lambda) != len(optimizer.param_groups):
                raise ValueError(
                    f"Expected {len(optimizer.param_groups)} lr_lambdas, but got {len(lr_lambda)}"
                )
            self.lr_lambdas = list(lr_lambda)
        super().__init__(optimizer, last_epoch)

    def state_dict(self) -> dict[str, Any]:
        """As the base's, but a lambda is saved only if it is a callable object (its
        `__dict__`); plain functions and lambdas are saved as None.
        """
        state = {k: v for k, v in self.__dict__.items() if k not in ("optimizer", "lr_lambdas")}
        state["lr_lambdas"] = [
            None if isinstance(fn, types.FunctionType) else fn.__dict__.copy()
            for fn in self.lr_lambdas
        ]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes and the saved state of callable-object lambdas.

        Args:
            state_dict: what `state_dict()` returned.
        """
        state = dict(state_dict)
        lr_lambdas = state.pop("lr_lambdas")
        self.__dict__.update(state)
        for fn, saved in zip(self.lr_lambdas, lr_lambdas):
            if saved is not None:
                fn.__dict__.update(saved)

    def get_lr(self) -> list[float]:
        """`base_lr * lr_lambda(last_epoch)` for each group."""
        self._warn_if_get_lr_called_outside_step()
        return [base_lr * lmbda(self.last_epoch)
                for lmbda, base_lr in zip(self.lr_lambdas, self.base_lrs)]  # fmt: skip


class StepLR(LRScheduler):
    """Multiply the lr by gamma every step_size epochs:
    lr = base_lr * gamma ** (epoch // step_size).

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        step_size: the number of epochs between two decays.
        gamma: the factor of each decay. Default: 0.1.
        last_epoch: the index of the last epoch seen; -1 starts a schedule. Default: -1.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import StepLR
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = StepLR(opt, step_size=2, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(sched.get_last_lr()[0])
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.1, 0.05, 0.05, 0.025, 0.025]
    """

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The current lr, times gamma at every `step_size`-th epoch."""
        self._warn_if_get_lr_called_outside_step()
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return _lrs(self.optimizer)
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * self.gamma ** (self.last_epoch // self.step_size)
                for base_lr in self.base_lrs]  # fmt: skip


class MultiStepLR(LRScheduler):
    """Multiply the lr by gamma at each milestone epoch (by gamma**n for a milestone listed n
    times): lr = base_lr * gamma ** (number of milestones <= epoch).

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        milestones: the epochs at which to decay (increasing).
        gamma: the factor of each decay. Default: 0.1.
        last_epoch: the index of the last epoch seen; -1 starts a schedule. Default: -1.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import MultiStepLR
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = MultiStepLR(opt, milestones=[2, 4], gamma=0.1)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.1, 0.01, 0.01, 0.001, 0.001]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        milestones: Iterable[int],
        gamma: float = 0.1,
        last_epoch: int = -1,
    ) -> None:
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The current lr, times gamma (per occurrence) at a milestone epoch."""
        self._warn_if_get_lr_called_outside_step()
        if self.last_epoch not in self.milestones:
            return _lrs(self.optimizer)
        return [group["lr"] * self.gamma ** self.milestones[self.last_epoch]
                for group in self.optimizer.param_groups]  # fmt: skip

    def _get_closed_form_lr(self) -> list[float]:
        milestones = sorted(self.milestones.elements())
        return [base_lr * self.gamma ** bisect_right(milestones, self.last_epoch)
                for base_lr in self.base_lrs]  # fmt: skip


class LinearLR(LRScheduler):
    """Scale the lr by a factor that goes linearly from start_factor (epoch 0) to end_factor
    (epoch total_iters), then stays:
    lr = base_lr * (start + (end - start) * min(epoch, total_iters) / total_iters).

    A common warm-up.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        start_factor: the factor at epoch 0, in (0, 1]. Default: 1/3.
        end_factor: the factor from epoch `total_iters` on, in [0, 1]. Default: 1.0.
        total_iters: the number of epochs the change takes. Default: 5.
        last_epoch: the index of the last epoch seen; -1 starts a schedule. Default: -1.

    Raises:
        ValueError: if a factor is out of range.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import LinearLR
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = LinearLR(opt, start_factor=0.25, total_iters=3)
        >>> lrs = []
        >>> for epoch in range(5):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.025, 0.05, 0.075, 0.1, 0.1]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        start_factor: float = 1.0 / 3,
        end_factor: float = 1.0,
        total_iters: int = 5,
        last_epoch: int = -1,
    ) -> None:
        if start_factor > 1.0 or start_factor <= 0:
            raise ValueError(
                "Starting multiplicative factor expected to be greater than 0 and less or "
                "equal to 1."
            )
        if end_factor > 1.0 or end_factor < 0:
            raise ValueError("Ending multiplicative factor expected to be between 0 and 1.")
        self.start_factor = start_factor
        self.end_factor = end_factor
        self.total_iters = total_iters
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The current lr times the ratio of this epoch's factor to the last one's."""
        self._warn_if_get_lr_called_outside_step()
        if self.last_epoch == 0:
            return [group["lr"] * self.start_factor for group in self.optimizer.param_groups]
        if self._is_initial or self.last_epoch > self.total_iters:
            return _lrs(self.optimizer)
        # the ratio of this epoch's factor to the last one's
        delta = self.end_factor - self.start_factor
        ratio = 1.0 + delta / (self.total_iters * self.start_factor
                               + (self.last_epoch - 1) * delta)  # fmt: skip
        return [group["lr"] * ratio for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        delta = self.end_factor - self.start_factor
        progress = min(self.total_iters, self.last_epoch)
        return [base_lr * (self.start_factor + delta * progress / self.total_iters)
                for base_lr in self.base_lrs]  # fmt: skip


class ExponentialLR(LRScheduler):
    """Multiply the lr by gamma every epoch: lr = base_lr * gamma ** epoch.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        gamma: the factor of each decay.
        last_epoch: the index of the last epoch seen; -1 starts a schedule. Default: -1.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import ExponentialLR
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = ExponentialLR(opt, gamma=0.5)
        >>> lrs = []
        >>> for epoch in range(4):
        ...     lrs.append(sched.get_last_lr()[0])
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.05, 0.025, 0.0125]
    """

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The current lr times gamma (unchanged by the constructor's first step)."""
        self._warn_if_get_lr_called_outside_step()
        # resuming from a checkpoint, the constructor's step must not move the lr on
        if self._is_initial:
            return _lrs(self.optimizer)
        return [group["lr"] * self.gamma for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self) -> list[float]:
        return [base_lr * self.gamma**self.last_epoch for base_lr in self.base_lrs]


class CosineAnnealingLR(LRScheduler):
    """Cosine annealing from base_lr down to eta_min over T_max epochs (SGDR, Loshchilov and
    Hutter, 2017, without the restarts):

        η_t = η_min + (η_max − η_min) (1 + cos(π t / T_max)) / 2

    As in PyTorch, the lr is updated recursively, from the lr now in the group:

        η_{t+1} = η_min + (η_t − η_min) (1 + cos(π (t+1) / T_max)) / (1 + cos(π t / T_max))

    which equals the closed form when nothing else changes the lr. Past T_max the lr rises
    again along the cosine (the recursion's special case where the denominator would be 0).

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        T_max: the number of epochs from base_lr down to eta_min.
        eta_min: the smallest lr. Default: 0.0.
        last_epoch: the index of the last epoch seen; -1 starts a schedule. Default: -1.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import CosineAnnealingLR
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = CosineAnnealingLR(opt, T_max=4)
        >>> lrs = []
        >>> for epoch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.1, 0.0854, 0.05, 0.0146, 0.0, 0.0146]
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        """The next lr by the recursion above (the closed form when resuming)."""
        self._warn_if_get_lr_called_outside_step()
        groups = self.optimizer.param_groups
        if self._is_initial:
            return _lrs(self.optimizer)
        if self._step_count == 1 and self.last_epoch > 0:  # resumed: use the closed form
            return [self.eta_min + (base_lr - self.eta_min)
                    * (1 + math.cos(self.last_epoch * math.pi / self.T_max)) / 2
                    for base_lr in self.base_lrs]  # fmt: skip
        if (self.last_epoch - 1 - self.T_max) % (2 * self.T_max) == 0:
            return [group["lr"] + (base_lr - self.eta_min)
                    * (1 - math.cos(math.pi / self.T_max)) / 2
                    for base_lr, group in zip(self.base_lrs, groups)]  # fmt: skip
        return [(1 + math.cos(math.pi * self.last_epoch / self.T_max))
                / (1 + math.cos(math.pi * (self.last_epoch - 1) / self.T_max))
                * (group["lr"] - self.eta_min) + self.eta_min
                for group in groups]  # fmt: skip

    def _get_closed_form_lr(self) -> list[float]:
        return [self.eta_min + (base_lr - self.eta_min)
                * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base_lr in self.base_lrs]  # fmt: skip


class OneCycleLR(LRScheduler):
    """The 1cycle policy (Smith and Topin, 2017, "Super-Convergence"), stepped every batch.

    The lr anneals from initial_lr = max_lr / div_factor up to max_lr over the first
    pct_start of total_steps, then down to min_lr = initial_lr / final_div_factor. With
    three_phase, it comes back down to initial_lr symmetrically first and only then anneals
    to min_lr. With cycle_momentum, the momentum (or Adam's beta1) moves inversely, between
    max_momentum and base_momentum. Each phase interpolates with

        cos:    end + (start - end) / 2 * (1 + cos(pi * pct))
        linear: start + (end - start) * pct

    where pct goes from 0 to 1 across the phase. total_steps may instead be given as
    epochs * steps_per_epoch. Writes "initial_lr", "max_lr", "min_lr", "max_momentum" and
    "base_momentum" into each param group, as PyTorch does.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        max_lr: the peak lr, one for all groups or a list with one per group.
        total_steps: the number of steps in the cycle; or give `epochs` and `steps_per_epoch`.
        epochs: the number of epochs (with `steps_per_epoch`).
        steps_per_epoch: the number of steps per epoch (with `epochs`).
        pct_start: the fraction of the cycle spent increasing the lr. Default: 0.3.
        anneal_strategy: `"cos"` or `"linear"`. Default: `"cos"`.
        cycle_momentum: move the momentum inversely to the lr. Default: True.
        base_momentum: the lowest momentum (at the peak lr). Default: 0.85.
        max_momentum: the highest momentum (at the start and end). Default: 0.95.
        div_factor: initial_lr = max_lr / div_factor. Default: 25.0.
        final_div_factor: min_lr = initial_lr / final_div_factor. Default: 1e4.
        three_phase: use the three-phase schedule. Default: False.
        last_epoch: the index of the last step seen; -1 starts a schedule. Default: -1.

    Raises:
        ValueError: for missing or invalid step counts, pct_start or anneal_strategy, for an
            optimizer without momentum or betas when `cycle_momentum`, or when stepped more
            than total_steps times.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import OneCycleLR
        >>> w = pytensor.zeros(1, requires_grad=True)
        >>> opt = pytensor.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> sched = OneCycleLR(opt, max_lr=1.0, total_steps=6)
        >>> lrs = []
        >>> for batch in range(6):
        ...     lrs.append(round(sched.get_last_lr()[0], 4))
        ...     opt.step()
        ...     sched.step()
        >>> lrs
        [0.04, 0.9944, 0.8117, 0.4626, 0.1335, 0.0]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: float | list[float],
        total_steps: int | None = None,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: Literal["cos", "linear"] = "cos",
        cycle_momentum: bool = True,
        base_momentum: float | list[float] = 0.85,
        max_momentum: float | list[float] = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        last_epoch: int = -1,
    ) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer

        if total_steps is not None:
            if total_steps <= 0 or not isinstance(total_steps, int):
                raise ValueError(f"Expected positive integer total_steps, but got {total_steps}")
            self.total_steps = total_steps
        elif epochs is not None and steps_per_epoch is not None:
            if not isinstance(epochs, int) or epochs <= 0:
                raise ValueError(f"Expected positive integer epochs, but got {epochs}")
            if not isinstance(steps_per_epoch, int) or steps_per_epoch <= 0:
                raise ValueError(
                    f"Expected positive integer steps_per_epoch, but got {steps_per_epoch}"
                )
            self.total_steps = epochs * steps_per_epoch
        else:
            raise ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)")

        # Each phase ends at a step and names the group keys it anneals between.
        def phase(end_step: float, lr: tuple[str, str], momentum: tuple[str, str]) -> Any:
            return {"end_step": end_step, "start_lr": lr[0], "end_lr": lr[1],
                    "start_momentum": momentum[0], "end_momentum": momentum[1]}  # fmt: skip

        warmup_end = float(pct_start * self.total_steps) - 1
        last = self.total_steps - 1
        up, down = ("max_momentum", "base_momentum"), ("base_momentum", "max_momentum")
        if three_phase:
            self._schedule_phases = [
                phase(warmup_end, ("initial_lr", "max_lr"), up),
                phase(float(2 * pct_start * self.total_steps) - 2, ("max_lr", "initial_lr"), down),
                phase(last, ("initial_lr", "min_lr"), ("max_momentum", "max_momentum")),
            ]
        else:
            self._schedule_phases = [
                phase(warmup_end, ("initial_lr", "max_lr"), up),
                phase(last, ("max_lr", "min_lr"), down),
            ]

        if pct_start < 0 or pct_start > 1 or not isinstance(pct_start, float):
            raise ValueError(f"Expected float between 0 and 1 pct_start, but got {pct_start}")
        if anneal_strategy not in ["cos", "linear"]:
            choices = "one of 'cos' or 'linear'"
            raise ValueError(f"anneal_strategy must be {choices}, instead got {anneal_strategy}")
        self._anneal_func_type = anneal_strategy

        max_lrs = _per_group("max_lr", optimizer, max_lr)
        if last_epoch == -1:
            for group, group_max_lr in zip(optimizer.param_groups, max_lrs):
                group["initial_lr"] = group_max_lr / div_factor
                group["max_lr"] = group_max_lr
                group["min_lr"] = group["initial_lr"] / final_div_factor

        self.cycle_momentum = cycle_momentum
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                option = "`cycle_momentum` option"
                raise ValueError(f"optimizer must support momentum or beta1 with {option} enabled")
            self.use_beta1 = "betas" in optimizer.defaults
            max_momentums = _per_group("max_momentum", optimizer, max_momentum)
            base_momentums = _per_group("base_momentum", optimizer, base_momentum)
            if last_epoch == -1:
                for m_momentum, b_momentum, group in zip(
                    max_momentums, base_momentums, optimizer.param_groups
                ):
                    self._set_momentum(group, m_momentum)
                    group["max_momentum"] = m_momentum
                    group["base_momentum"] = b_momentum
        super().__init__(optimizer, last_epoch)

    def _set_momentum(self, group: dict[str, Any], momentum: float) -> None:
        if self.use_beta1:
            group["betas"] = (momentum, *group["betas"][1:])
        else:
            group["momentum"] = momentum

    def _anneal_func(self, start: float, end: float, pct: float) -> float:
        if self._anneal_func_type == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list[float]:
        """The lr at step `last_epoch`; also writes the momentum (a side effect, as in
        PyTorch).
        """
        self._warn_if_get_lr_called_outside_step()
        step_num = self.last_epoch
        if step_num > self.total_steps:
            raise ValueError(
                f"Tried to step {step_num} times. The specified number of total steps is "
                f"{self.total_steps}"
            )
        lrs = []
        for group in self.optimizer.param_groups:
            start_step = 0.0
            for i, phase in enumerate(self._schedule_phases):
                end_step = phase["end_step"]
                if step_num <= end_step or i == len(self._schedule_phases) - 1:
                    pct = (step_num - start_step) / (end_step - start_step)
                    lr = self._anneal_func(group[phase["start_lr"]], group[phase["end_lr"]], pct)
                    if self.cycle_momentum:
                        momentum = self._anneal_func(
                            group[phase["start_momentum"]], group[phase["end_momentum"]], pct
                        )
                        self._set_momentum(group, momentum)
                    break
                start_step = phase["end_step"]
            lrs.append(lr)
        return lrs


class ReduceLROnPlateau(LRScheduler):
    """Multiply the lr by `factor` when a metric has stopped improving for `patience` epochs.

    `step(metric)` compares the metric with the best seen so far. In mode "min" it is better
    when below best * (1 - threshold) (threshold_mode "rel") or best - threshold ("abs");
    mode "max" mirrors this. After more than `patience` epochs without improvement, each
    group's lr becomes max(lr * factor, min_lr), unless that changes it by no more than eps;
    then `cooldown` epochs pass in which bad epochs are not counted.

    Args:
        optimizer: the optimizer whose learning rates are scheduled.
        mode: `"min"` (the metric should go down, like a loss) or `"max"`. Default: `"min"`.
        factor: the factor of each reduction, below 1. Default: 0.1.
        patience: the number of epochs without improvement to allow. Default: 10.
        threshold: the smallest change that counts as an improvement. Default: 1e-4.
        threshold_mode: `"rel"` or `"abs"`. Default: `"rel"`.
        cooldown: the number of epochs to wait after a reduction. Default: 0.
        min_lr: the smallest lr, one for all groups or a list with one per group. Default: 0.
        eps: a reduction smaller than this is skipped. Default: 1e-8.

    Raises:
        ValueError: for `factor >= 1`, an unknown mode, or a wrong number of min_lrs.

    Examples:
        >>> import pytensor
        >>> from pytensor.optim.lr_scheduler import ReduceLROnPlateau
        >>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
        >>> sched = ReduceLROnPlateau(opt, patience=1, factor=0.5)
        >>> lrs = []
        >>> for validation_loss in [1.0, 0.9, 0.95, 0.95, 0.95, 0.95]:
        ...     lrs.append(opt.param_groups[0]["lr"])
        ...     sched.step(validation_loss)
        >>> lrs
        [0.1, 0.1, 0.1, 0.1, 0.05, 0.05]
    """

    def __init__(
        self,
        optimizer: Optimizer,
        mode: Literal["min", "max"] = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: Literal["rel", "abs"] = "rel",
        cooldown: int = 0,
        min_lr: list[float] | float = 0,
        eps: float = 1e-8,
    ) -> None:
        if factor >= 1.0:
            raise ValueError("Factor should be < 1.0.")
        self.factor = factor
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer

        self.default_min_lr: float | None
        if isinstance(min_lr, (list, tuple)):
            if len(min_lr) != len(optimizer.param_groups):
                raise ValueError(
                    f"expected {len(optimizer.param_groups)} min_lrs, got {len(min_lr)}"
                )
            self.default_min_lr = None
            self.min_lrs = list(min_lr)
        else:
            self.default_min_lr = min_lr
            self.min_lrs = [min_lr] * len(optimizer.param_groups)

        self.patience = patience
        self.cooldown = cooldown
        self.eps = eps
        self.last_epoch = 0
        self._last_lr = _lrs(optimizer)
        self._init_is_better(mode=mode, threshold=threshold, threshold_mode=threshold_mode)
        self._reset()

    def _reset(self) -> None:
        self.best = self.mode_worse
        self.cooldown_counter = 0
        self.num_bad_epochs = 0

    def step(self, metrics: SupportsFloat, epoch: int | None = None) -> None:  # type: ignore[override]
        """Record one epoch's metric, and reduce the lrs when it has stopped improving.

        Args:
            metrics: the metric of this epoch (a number or a 0-dim tensor).
            epoch: deprecated, as in PyTorch: the epoch number to record.
        """
        current = float(metrics)  # a 0-dim tensor works too
        if epoch is None:
            epoch = self.last_epoch + 1
        else:
            warnings.warn(EPOCH_DEPRECATION_WARNING, UserWarning, stacklevel=2)
        self.last_epoch = epoch

        if self._is_better(current, self.best):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1

        if self.in_cooldown:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0  # bad epochs in cooldown do not count

        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0

        self._last_lr = _lrs(self.optimizer)

    def _reduce_lr(self) -> None:
        if len(self.optimizer.param_groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise RuntimeError(
                    "The number of param groups in the `optimizer` "
                    f"({len(self.optimizer.param_groups)}) differs from when "
                    f"`ReduceLROnPlateau` was initialized ({len(self.min_lrs)}), usually due to "
                    "a new param group being added to the optimizer. Please modify the "
                    "`min_lrs` field to match the length of the `optimizer` param groups."
                )
            self.min_lrs = [self.default_min_lr] * len(self.optimizer.param_groups)
        for i, group in enumerate(self.optimizer.param_groups):
            old_lr = float(group["lr"])
            new_lr = max(old_lr * self.factor, self.min_lrs[i])
            if old_lr - new_lr > self.eps:
                group["lr"] = new_lr

    @property
    def in_cooldown(self) -> bool:
        """Whether the scheduler is in its cooldown after a reduction."""
        return self.cooldown_counter > 0

    def _is_better(self, a: float, best: float) -> bool:
        if self.mode == "min" and self.threshold_mode == "rel":
            return a < best * (1.0 - self.threshold)
        if self.mode == "min" and self.threshold_mode == "abs":
            return a < best - self.threshold
        if self.mode == "max" and self.threshold_mode == "rel":
            return a > best * (self.threshold + 1.0)
        return a > best + self.threshold

    def _init_is_better(self, mode: str, threshold: float, threshold_mode: str) -> None:
        if mode not in {"min", "max"}:
            raise ValueError("mode " + mode + " is unknown!")
        if threshold_mode not in {"rel", "abs"}:
            raise ValueError("threshold mode " + threshold_mode + " is unknown!")
        self.mode_worse = math.inf if mode == "min" else -math.inf
        self.mode = mode
        self.threshold = threshold
        self.threshold_mode = threshold_mode

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore the attributes saved by `state_dict()`.

        Args:
            state_dict: what `state_dict()` returned.
        """
        self.__dict__.update(state_dict)
        self._init_is_better(
            mode=self.mode, threshold=self.threshold, threshold_mode=self.threshold_mode
        )
