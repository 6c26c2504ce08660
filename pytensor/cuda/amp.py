"""`torch.cuda.amp`: PyTorch's older spelling of `torch.amp` for CUDA, deprecated there with a
FutureWarning that pytensor gives too. Both classes are disabled (see `pytensor.amp`).

>>> import warnings, pytensor
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     scaler = pytensor.cuda.amp.GradScaler()
>>> scaler.is_enabled()
False
"""

from __future__ import annotations

import warnings

from .. import amp, dtypes
from ..dtypes import dtype


class autocast(amp.autocast):
    """`torch.cuda.amp.autocast(...)`, which is `torch.amp.autocast("cuda", ...)`."""

    def __init__(
        self, enabled: bool = True, dtype: dtype = dtypes.float16, cache_enabled: bool = True
    ) -> None:
        warnings.warn("`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
                      "`torch.amp.autocast('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)  # fmt: skip
        super().__init__("cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class GradScaler(amp.GradScaler):
    """`torch.cuda.amp.GradScaler(...)`, which is `torch.amp.GradScaler("cuda", ...)`."""

    def __init__(
        self,
        init_scale: float = 2.0**16,
        growth_factor: float = 2.0,
        backoff_factor: float = 0.5,
        growth_interval: int = 2000,
        enabled: bool = True,
    ) -> None:
        warnings.warn("`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
                      "`torch.amp.GradScaler('cuda', args...)` instead.", FutureWarning,
                      stacklevel=2)  # fmt: skip
        super().__init__("cuda", init_scale, growth_factor, backoff_factor, growth_interval,
                         enabled)  # fmt: skip


__all__ = ["GradScaler", "autocast"]
