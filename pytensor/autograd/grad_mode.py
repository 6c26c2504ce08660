"""Grad modes: whether ops record a graph. `no_grad`, `enable_grad`, `set_grad_enabled` and
`inference_mode` work as context managers and as decorators, as in PyTorch.

The mode is one flag per thread (`is_grad_enabled()`), read by `needs_grad` in `graph.py`:
with it off, ops compute their results and attach no `grad_fn`. As in PyTorch it is thread-local,
so a thread evaluating under `no_grad()` does not switch recording off under a thread that is
training, and every new thread starts with grad mode on.

>>> import pytensor
>>> x = pytensor.ones(2, requires_grad=True)
>>> with pytensor.no_grad():
...     y = x * 2
>>> y.requires_grad, (x * 2).requires_grad
(False, True)
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar, overload

F = TypeVar("F", bound=Callable[..., Any])


class _GradState(threading.local):
    """Each thread sees its own `enabled`; a thread that never set it reads the class default."""

    enabled: bool = True


# Every op reads this. A threading.local attribute costs about 25 ns more to read than a module
# global did (measured on CPython 3.11), small beside the op itself.
_state = _GradState()


def is_grad_enabled() -> bool:
    """True when ops record a graph (the default); False inside `no_grad()` and friends.

    Examples:
        >>> import pytensor
        >>> with pytensor.no_grad():
        ...     pytensor.is_grad_enabled()
        False
    """
    return _state.enabled


def _set(mode: bool) -> None:
    _state.enabled = mode


class _GradMode:
    """Sets grad mode on entry and restores the previous mode on exit."""

    mode = True

    def __enter__(self) -> None:
        self.prev = _state.enabled
        _set(self.mode)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        _set(self.prev)

    def __call__(self, fn: F) -> F:
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            prev = _state.enabled
            _set(mode)
            try:
                return fn(*args, **kwargs)
            finally:
                _set(prev)

        return wrapper  # type: ignore[return-value]


class no_grad(_GradMode):
    """Ops inside do not record a graph: results have requires_grad=False.

    Works as `with no_grad():`, as `@no_grad()` and, like PyTorch, as a bare `@no_grad`. Use it
    for evaluation, and for updates of parameters in place (which grad mode refuses on leaves
    that require grad).

    Args:
        func: a function, when used as a bare decorator.

    Examples:
        >>> import pytensor
        >>> w = pytensor.ones(2, requires_grad=True)
        >>> with pytensor.no_grad():
        ...     _ = w.sub_(0.5)
        >>> w
        tensor([0.5000, 0.5000], requires_grad=True)
        >>> @pytensor.no_grad()
        ... def predict(x):
        ...     return w * x
        >>> predict(pytensor.ones(2)).requires_grad
        False
    """

    mode = False

    @overload
    def __new__(cls, func: None = None) -> no_grad: ...

    @overload
    def __new__(cls, func: F) -> F: ...  # type: ignore[misc]

    def __new__(cls, func: Any = None) -> Any:
        if func is None:
            return super().__new__(cls)
        return cls()(func)  # used as a bare decorator


class enable_grad(_GradMode):
    """Ops inside record a graph again, even within `no_grad()`.

    Works as `with enable_grad():`, `@enable_grad()` and bare `@enable_grad`.

    Args:
        func: a function, when used as a bare decorator.

    Examples:
        >>> import pytensor
        >>> x = pytensor.ones(2, requires_grad=True)
        >>> with pytensor.no_grad():
        ...     with pytensor.enable_grad():
        ...         y = x * 2
        >>> y.requires_grad
        True
    """

    mode = True

    @overload
    def __new__(cls, func: None = None) -> enable_grad: ...

    @overload
    def __new__(cls, func: F) -> F: ...  # type: ignore[misc]

    def __new__(cls, func: Any = None) -> Any:
        if func is None:
            return super().__new__(cls)
        return cls()(func)


class set_grad_enabled(_GradMode):
    """Like no_grad or enable_grad by argument. As in PyTorch, it takes effect when created,
    so `set_grad_enabled(False)` on a line of its own also works.

    Used as a context manager or a decorator, it puts the previous mode back afterwards.

    Args:
        mode: True to record graphs, False not to.

    Examples:
        >>> import pytensor
        >>> x = pytensor.ones(2, requires_grad=True)
        >>> with pytensor.set_grad_enabled(False):
        ...     y = x * 2
        >>> y.requires_grad, pytensor.is_grad_enabled()
        (False, True)
    """

    def __init__(self, mode: bool) -> None:
        self.prev = _state.enabled
        self.mode = mode
        _set(mode)

    def __enter__(self) -> None:
        pass

    def __call__(self, fn: F) -> F:
        _set(self.prev)  # used as a decorator: only the decorated calls change the mode
        return super().__call__(fn)


class inference_mode(_GradMode):
    """Like no_grad here: pytensor has no separate inference tensors.

    Args:
        mode: True (the default) turns recording off; False leaves it on.

    Note:
        PyTorch's results in inference mode are "inference tensors" that can never join a graph
        later; pytensor's are ordinary tensors without history. It works as
        `with inference_mode():`, `@inference_mode()` and bare `@inference_mode`.

    Examples:
        >>> import pytensor
        >>> x = pytensor.ones(2, requires_grad=True)
        >>> with pytensor.inference_mode():
        ...     y = x * 2
        >>> y.requires_grad
        False
    """

    def __new__(cls, mode: Any = True) -> Any:
        if callable(mode):  # used as a bare decorator: @inference_mode
            return cls()(mode)
        return super().__new__(cls)

    def __init__(self, mode: bool = True) -> None:
        self.mode = not mode
