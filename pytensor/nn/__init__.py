"""pytensor.nn: layers (Modules), their functional forms, initialisers and Parameter.

>>> import pytensor, pytensor.nn as nn
>>> model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))
>>> model(pytensor.randn(3, 4)).shape
pytensor.Size([3, 2])
"""

from . import functional, init, utils
from .modules import *  # noqa: F403
from .modules import __all__ as _modules_all
from .parameter import Parameter

__all__ = ["Parameter", "functional", "init", "utils", *_modules_all]
