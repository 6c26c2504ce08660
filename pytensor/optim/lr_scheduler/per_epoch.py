"""The schedules that are a formula of the epoch, stepped once per epoch: LambdaLR, StepLR,
MultiStepLR, LinearLR, ExponentialLR and CosineAnnealingLR.

>>> import pytensor
>>> from pytensor.optim.lr_scheduler.per_epoch import ExponentialLR
>>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=1.0)
>>> sched = ExponentialLR(opt, gamma=0.5)
>>> for epoch in range(2):
...     opt.step()
...     sched.step()
>>> sched.get_last_lr()
[0.25]
"""

from __future__ import annotations

import math
import types
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any

from ..optimizer import Optimizer
from .base import LRScheduler, _lrs


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
