"""OneCycleLR, the 1cycle policy (Smith and Topin, 2017), stepped once per batch rather than
once per epoch.

>>> import pytensor
>>> from pytensor.optim.lr_scheduler.one_cycle import OneCycleLR
>>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
>>> sched = OneCycleLR(opt, max_lr=1.0, total_steps=10)
>>> round(sched.get_last_lr()[0], 6)  # starts at max_lr / div_factor
0.04
"""

from __future__ import annotations

import math
from typing import Any, Literal

from ..optimizer import Optimizer
from .base import LRScheduler, _per_group


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
