"""Optimizers and learning-rate schedulers, named as in `torch.optim`.

>>> import pytensor, pytensor.nn as nn
>>> model = nn.Linear(3, 1)
>>> opt = pytensor.optim.Adam(model.parameters(), lr=1e-3)
>>> sched = pytensor.optim.lr_scheduler.StepLR(opt, step_size=10, gamma=0.1)
>>> for epoch in range(20):
...     opt.zero_grad()
...     model(pytensor.ones(4, 3)).pow(2).mean().backward()
...     opt.step()
...     sched.step()
>>> sched.get_last_lr()  # 1e-3 for epochs 0-9, 1e-4 for 10-19, then 1e-5
[1e-05]

Difference from torch: ASGD, Adadelta, Adafactor, Adamax, LBFGS, Muon, NAdam, RAdam, Rprop
and SparseAdam are not implemented.
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

# `dir(torch.optim)` lists the optimizers and lr_scheduler, not the files they live in: PyTorch
# deletes the submodule names the imports above bind, and so does this. (`from
# pytensor.optim.adam import Adam` still works, as in PyTorch.)
del adagrad, adam, adamw, optimizer, rmsprop, sgd  # type: ignore[name-defined]  # noqa: F821

__all__ = ["Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "SGD", "lr_scheduler"]
