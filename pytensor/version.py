"""`torch.version`: which toolkits the build was made with. pytensor has neither CUDA nor ROCm,
as PyTorch's CPU build (courses print `torch.version.cuda` beside `torch.__version__`).

>>> import pytensor
>>> print(pytensor.version.cuda)
None
"""

from __future__ import annotations

cuda: str | None = None
hip: str | None = None

__all__ = ["cuda", "hip"]
