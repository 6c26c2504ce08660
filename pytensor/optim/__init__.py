"""Optimizers and learning-rate schedulers, named as in `torch.optim`.

import pytensor as torch
opt = torch.optim.Adam([w], lr=1e-3)
sched = torch.optim.lr_scheduler.StepLR(opt, step_size=10)
"""

from . import lr_scheduler
from .adagrad import Adagrad
from .adam import Adam
from .adamw import AdamW
from .optimizer import Optimizer
from .rmsprop import RMSprop
from .sgd import SGD

__all__ = ["Adagrad", "Adam", "AdamW", "Optimizer", "RMSprop", "SGD", "lr_scheduler"]
