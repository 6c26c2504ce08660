"""RemovableHandle and the types of forward hooks, as in torch/utils/hooks.py: what
`Module.register_forward_hook` and `register_forward_pre_hook` take and return.

>>> import pytensor.nn as nn
>>> from pytensor.nn.modules.hooks import RemovableHandle
>>> with nn.Linear(2, 2).register_forward_pre_hook(lambda module, args: None) as handle:
...     isinstance(handle, RemovableHandle)
True
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .module import Module


ForwardHook = Callable[["Module", tuple[Any, ...], Any], Any]
ForwardPreHook = Callable[["Module", tuple[Any, ...]], Any]


class RemovableHandle:
    """The handle returned by `register_forward_hook` and `register_forward_pre_hook`:
    `handle.remove()` takes the hook off again, and so does leaving a `with handle:` block.

    Args:
        hooks: the dict of hooks the handle's id is a key of.

    Examples:
        >>> import pytensor, pytensor.nn as nn
        >>> m = nn.Linear(2, 2)
        >>> handle = m.register_forward_hook(lambda module, args, output: print("called"))
        >>> _ = m(pytensor.ones(2))
        called
        >>> handle.remove()
        >>> _ = m(pytensor.ones(2))
    """

    _next_id = 0

    def __init__(self, hooks: dict[int, Any]) -> None:
        self.hooks = hooks
        self.id = RemovableHandle._next_id
        RemovableHandle._next_id += 1

    def remove(self) -> None:
        """Remove the hook (a second call does nothing)."""
        self.hooks.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *args: object) -> None:
        self.remove()
