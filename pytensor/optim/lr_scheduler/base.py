"""LRScheduler, the base class of every scheduler: it counts epochs in `last_epoch`, and its
`step()` writes the lr that a subclass's `get_lr` computes into each param group.

>>> import pytensor
>>> from pytensor.optim.lr_scheduler.base import LRScheduler
>>> class Halving(LRScheduler):
...     def get_lr(self):
...         return [base_lr * 0.5**self.last_epoch for base_lr in self.base_lrs]
>>> opt = pytensor.optim.SGD([pytensor.zeros(1, requires_grad=True)], lr=0.1)
>>> sched = Halving(opt)  # the constructor takes step 0 itself
>>> opt.step()
>>> sched.step()
>>> sched.get_last_lr()
[0.05]
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..optimizer import Optimizer

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
