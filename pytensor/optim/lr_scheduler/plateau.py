"""ReduceLROnPlateau: lowers the lr when a metric passed to `step(metric)` stops improving, so
unlike the other schedulers it follows the training rather than a formula of the epoch.

>>> import pytensor
>>> from pytensor.optim.lr_scheduler.plateau import ReduceLROnPlateau
>>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
>>> sched = ReduceLROnPlateau(opt, factor=0.5, patience=0)
>>> for loss in [1.0, 1.0]:
...     opt.step()
...     sched.step(loss)
>>> sched.get_last_lr()
[0.05]
"""

from __future__ import annotations

import math
import warnings
from typing import Any, Literal, SupportsFloat

from ..optimizer import Optimizer
from .base import EPOCH_DEPRECATION_WARNING, LRScheduler, _lrs


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
