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

from .base import EPOCH_DEPRECATION_WARNING, LRScheduler  # noqa: F401  (importable here, as before)
from .one_cycle import OneCycleLR
from .per_epoch import (
    CosineAnnealingLR,
    ExponentialLR,
    LambdaLR,
    LinearLR,
    MultiStepLR,
    StepLR,
)
from .plateau import ReduceLROnPlateau

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

# The classes print as PyTorch's do (`<torch.optim.lr_scheduler.StepLR object at ...>`): they
# live in this package's files, but their public home is `pytensor.optim.lr_scheduler`.
for _name in __all__:
    globals()[_name].__module__ = __name__
del _name
