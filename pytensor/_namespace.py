"""The name reprs put before `Size`, dtypes and legacy type names: `pytensor`, or `torch`.

A learner who runs a PyTorch course with `import torch` resolving to pytensor (the course
corpus in tests/, or a runner that puts pytensor into `sys.modules["torch"]`) should see
PyTorch's output: `torch.Size([2, 3])`, `dtype=torch.float64`. Imported as itself, pytensor
names itself. The answer depends only on what the program imported, never on who watches it.

>>> import pytensor
>>> prefix()
'pytensor'
"""

from __future__ import annotations

import sys


def prefix() -> str:
    """"torch" when `sys.modules["torch"]` is pytensor itself, else "pytensor"."""
    return "torch" if sys.modules.get("torch") is sys.modules.get("pytensor") else "pytensor"
