"""`torch.amp`: automatic mixed precision, which pytensor does not have, so always disabled.

Course code that trains in float16 wraps the forward pass in `torch.autocast("cuda", ...)` and
scales the loss with `torch.amp.GradScaler("cuda")`. PyTorch's CPU build disables both, with a
warning, and the training loop runs in float32; pytensor does the same, with PyTorch's warnings
for "cuda". For any other device type (and for "cuda" when PYTENSOR_CUDA=opencl makes it the
OpenCL device) pytensor still disables both, where PyTorch would really autocast, and says so
in its own warning: every op keeps its dtypes, and a float32 gradient needs no scaling.

>>> import warnings, pytensor
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     scaler = pytensor.amp.GradScaler("cuda")
>>> scaler.is_enabled(), scaler.get_scale()
(False, 1.0)
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from . import _device
from .dtypes import dtype

_F = TypeVar("_F", bound=Callable[..., Any])
_NOT_HERE = "pytensor has no automatic mixed precision: {what} is disabled, {why}"


def _disabled_for_cuda() -> bool:
    """Whether "cuda" is PyTorch's CPU build here (then PyTorch's own warnings apply)."""
    return not _device.cuda_is_opencl


def is_autocast_enabled(device_type: str | None = None) -> bool:
    """False: autocast never turns on in pytensor (`torch.is_autocast_enabled`)."""
    return False


class autocast:
    """`with torch.autocast("cuda", dtype=torch.float16):` (or as a decorator): disabled.

    Args:
        device_type: `"cuda"`, `"cpu"`, ...; a string, as in PyTorch.
        dtype: the lower precision dtype PyTorch would compute in (unused).
        enabled: False gives no warning.
        cache_enabled: unused.

    Raises:
        ValueError: when `device_type` is not a string (PyTorch's error).
    """

    def __init__(
        self,
        device_type: str,
        dtype: dtype | None = None,
        enabled: bool = True,
        cache_enabled: bool | None = None,
    ) -> None:
        if not isinstance(device_type, str):
            raise ValueError(
                f"Expected `device_type` of type `str`, got: `{type(device_type)}`"
            )
        self.device = device_type
        self.fast_dtype = dtype
        if enabled and device_type == "cuda" and _disabled_for_cuda():
            warnings.warn("CUDA is not available or torch_xla is imported. Disabling autocast.",
                          UserWarning, stacklevel=2)  # fmt: skip
        elif enabled:
            message = _NOT_HERE.format(what="autocast", why="and ops keep their dtypes")
            warnings.warn(message, UserWarning, stacklevel=2)
        self._enabled = False

    def __enter__(self) -> autocast:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        return None

    def __call__(self, func: _F) -> _F:
        @functools.wraps(func)
        def decorated(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return decorated  # type: ignore[return-value]


class GradScaler:
    """`torch.amp.GradScaler("cuda")`, disabled: `scale` returns the loss as it is, `step` is
    `optimizer.step()`, and `update` and `unscale_` do nothing, as a disabled scaler in PyTorch.

    Args:
        device: `"cuda"` (the default, as in PyTorch) or another device type.
        init_scale, growth_factor, backoff_factor, growth_interval: unused.
        enabled: False gives no warning.

    Examples:
        >>> import warnings, pytensor
        >>> scaler = pytensor.amp.GradScaler(enabled=False)
        >>> loss = pytensor.tensor(2.0, requires_grad=True)
        >>> scaler.scale(loss) is loss
        True
    """

    def __init__(
        self,
        device: str = "cuda",
        init_scale: float = 2.0**16,
        growth_factor: float = 2.0,
        backoff_factor: float = 0.5,
        growth_interval: int = 2000,
        enabled: bool = True,
    ) -> None:
        self._device = device
        if enabled and device == "cuda" and _disabled_for_cuda():
            warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available.  "
                          "Disabling.", UserWarning, stacklevel=2)  # fmt: skip
        elif enabled:
            message = _NOT_HERE.format(what="GradScaler", why="since float32 needs no scaling")
            warnings.warn(message, UserWarning, stacklevel=2)
        self._enabled = False

    def is_enabled(self) -> bool:
        """False: the scaler never scales in pytensor."""
        return self._enabled

    def scale(self, outputs: Any) -> Any:
        """The outputs themselves (a disabled scaler multiplies by nothing)."""
        return outputs

    def unscale_(self, optimizer: Any) -> None:
        """Nothing to undo: the gradients were never scaled."""

    def step(self, optimizer: Any, *args: Any, **kwargs: Any) -> Any:
        """`optimizer.step(*args, **kwargs)`."""
        return optimizer.step(*args, **kwargs)

    def update(self, new_scale: Any = None) -> None:
        """Nothing to update."""

    def get_scale(self) -> float:
        """1.0, as a disabled scaler in PyTorch."""
        return 1.0

    def state_dict(self) -> dict[str, Any]:
        """{}, as a disabled scaler in PyTorch (so a checkpoint can hold it)."""
        return {}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Ignored, as by a disabled scaler in PyTorch."""


__all__ = ["GradScaler", "autocast", "is_autocast_enabled"]
